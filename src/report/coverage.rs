//! `stp trace --tests` as text (per plan, per scenario, then the tests that need attention)
//! and as a Markdown coverage table for an epic or a pull request.

use super::shorten;
use crate::coverage::{Coverage, Evidence, Method, ScenarioStatus, TestRow, TestStatus};
use std::collections::HashMap;
use std::fmt::Write;

fn tier(t: Option<u8>) -> String {
    t.map(|t| format!("T{t}")).unwrap_or_else(|| "T-".into())
}

fn evidence(e: &Evidence) -> String {
    match e.method {
        Method::Token => "scenario token".into(),
        Method::Key => {
            let mut s = format!("key {}", e.keys.join(", "));
            if let Some(score) = e.score {
                let _ = write!(s, "; similarity {score:.2}: {}", e.shared.join(", "));
            }
            s
        }
        Method::Similarity => format!(
            "similarity {:.2}: {}",
            e.score.unwrap_or(0.0),
            e.shared.join(", ")
        ),
        Method::Attributes => format!("attributes {}", e.attributes.join(", ")),
    }
}

pub fn text(coverage: &Coverage) -> String {
    let mut out = String::new();
    let by_id: HashMap<&str, &TestRow> =
        coverage.tests.iter().map(|t| (t.id.as_str(), t)).collect();
    for plan in &coverage.plans {
        let count = |s: ScenarioStatus| plan.scenarios.iter().filter(|x| x.status == s).count();
        let mismatches = plan.scenarios.iter().filter(|s| s.tier_mismatch).count();
        let _ = writeln!(
            out,
            "{}: {} scenarios: {} covered, {} stub only, {} missing, {} upstream; {} tier mismatch(es)",
            plan.path,
            plan.scenarios.len(),
            count(ScenarioStatus::Covered),
            count(ScenarioStatus::StubOnly),
            count(ScenarioStatus::Missing),
            count(ScenarioStatus::Upstream),
            mismatches
        );
        for s in &plan.scenarios {
            let _ = writeln!(
                out,
                "  {:<9} #{:<3} L{:<4} {} {} {}{}{}",
                s.status.as_str(),
                s.index,
                s.line,
                tier(s.tier),
                s.priority.as_deref().unwrap_or("P-"),
                s.requirement
                    .as_deref()
                    .map(|r| format!("{} ", shorten(r, 24)))
                    .unwrap_or_default(),
                shorten(&s.text, 80),
                if s.tier_mismatch {
                    "  (tier mismatch)"
                } else {
                    ""
                }
            );
            for id in &s.tests {
                let Some(t) = by_id.get(id.as_str()) else {
                    continue;
                };
                let _ = writeln!(
                    out,
                    "      {}:{} {} [{}{}] ({})",
                    t.path,
                    t.line,
                    id,
                    tier(t.tier),
                    if t.stub { ", stub" } else { "" },
                    t.evidence.as_ref().map(evidence).unwrap_or_default()
                );
            }
        }
        out.push('\n');
    }
    let attention: Vec<&TestRow> = coverage
        .tests
        .iter()
        .filter(|t| t.status != TestStatus::Matched)
        .collect();
    if !attention.is_empty() {
        let _ = writeln!(
            out,
            "Tests that link a plan but match no scenario, or link a plan that does not exist:"
        );
        for t in attention {
            let _ = writeln!(
                out,
                "  {:<11} {}:{} {} -> {}",
                t.status.as_str(),
                t.path,
                t.line,
                t.id,
                t.link.as_deref().or(t.plan.as_deref()).unwrap_or("")
            );
        }
        out.push('\n');
    }
    for suite in &coverage.suites {
        let _ = writeln!(
            out,
            "{}: {} tests in {} files; {} reach a plan, {} link none; {} stubs{}",
            suite.root,
            suite.tests,
            suite.files,
            suite.linked,
            suite.unlinked,
            suite.stubs,
            if suite.errors.is_empty() {
                String::new()
            } else {
                format!("; {} file(s) could not be read", suite.errors.len())
            }
        );
        if let Some(rule) = &suite.tier_rule {
            let _ = writeln!(
                out,
                "  implicit tier2 unless marked: {} ({})",
                rule.exclusions.join(", "),
                rule.source
            );
        }
        for c in &suite.config_plans {
            let attributes: Vec<String> = c
                .attributes
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            let _ = writeln!(
                out,
                "  config plan {} (L{}): {}; VMs {}; tests {}; markers {}{}{}",
                c.name,
                c.line,
                attributes.join(" "),
                c.vm_names.join(", "),
                if c.tests.is_empty() {
                    "none".to_string()
                } else {
                    c.tests.join(", ")
                },
                c.markers.join(", "),
                if c.jira.is_empty() {
                    String::new()
                } else {
                    format!("; keys {}", c.jira.join(", "))
                },
                if c.gating.is_empty() {
                    String::new()
                } else {
                    format!("; gated: {}", c.gating.join(" | "))
                },
            );
        }
    }
    out
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// A coverage table per plan.
pub fn markdown(coverage: &Coverage) -> String {
    let mut out = String::new();
    let by_id: HashMap<&str, &TestRow> =
        coverage.tests.iter().map(|t| (t.id.as_str(), t)).collect();
    for plan in &coverage.plans {
        let covered = plan
            .scenarios
            .iter()
            .filter(|s| s.status == ScenarioStatus::Covered)
            .count();
        let _ = writeln!(out, "### Test coverage: `{}`\n", plan.path);
        let _ = writeln!(
            out,
            "{covered} of {} scenarios covered by automated tests.\n",
            plan.scenarios.len()
        );
        let _ = writeln!(
            out,
            "| # | Requirement | Scenario | Tier | Priority | Status | Tests |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|---|---|");
        for s in &plan.scenarios {
            let status = match s.status {
                ScenarioStatus::Covered => "✅ covered",
                ScenarioStatus::StubOnly => "📝 stub only",
                ScenarioStatus::Missing => "❌ missing",
                ScenarioStatus::Upstream => "⬆️ upstream",
            };
            let tests: Vec<String> = s
                .tests
                .iter()
                .map(|id| {
                    let stub = by_id.get(id.as_str()).is_some_and(|t| t.stub);
                    format!("`{}`{}", cell(id), if stub { " (stub)" } else { "" })
                })
                .collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {}{} | {} | {} | {} |",
                s.index,
                cell(s.requirement.as_deref().unwrap_or("")),
                cell(&shorten(&s.text, 120)),
                s.tier.map(|t| t.to_string()).unwrap_or_default(),
                if s.tier_mismatch {
                    " ⚠️ tier mismatch"
                } else {
                    ""
                },
                s.priority.as_deref().unwrap_or(""),
                status,
                tests.join("<br>")
            );
        }
        out.push('\n');
    }
    out
}
