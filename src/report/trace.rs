//! `stp trace --in-document` as text: each goal and criterion, whether it is matched, and the
//! best scenarios with their scores and the words they share, so a reviewer can see why.

use super::shorten;
use crate::check::Parsed;
use crate::trace::{Match, Trace};
use std::fmt::Write;

fn line(parsed: &Parsed, offset: usize) -> usize {
    parsed.source.line_col(offset).line
}

fn priority(p: Option<u8>) -> String {
    p.map(|p| format!("[P{p}] ")).unwrap_or_default()
}

fn render_matches(out: &mut String, parsed: &Parsed, heading: &str, matches: &[Match]) {
    let _ = writeln!(out, "  {heading}");
    if matches.is_empty() {
        let _ = writeln!(out, "    (none)");
    }
    for m in matches {
        let verdict = if m.matched() {
            "matched  "
        } else {
            "UNMATCHED"
        };
        let _ = writeln!(
            out,
            "    {verdict} L{:<4} {}{}",
            line(parsed, m.span.start),
            priority(m.priority),
            shorten(&m.text, 90)
        );
        for c in &m.candidates {
            let scenario = &parsed.stp.scenarios[c.scenario];
            let requirement = scenario
                .requirement
                .as_ref()
                .map(|r| format!("{} ", r.trimmed()))
                .unwrap_or_default();
            let what = scenario
                .text
                .as_ref()
                .map(|t| t.text.as_str())
                .unwrap_or("");
            let mismatch = match (m.priority, c.priority) {
                (Some(a), Some(b)) if a != b && c.matches() => "  (priority differs)",
                _ => "",
            };
            let evidence = if c.pooled {
                " (with the other scenarios of its requirement)"
            } else if !c.specific {
                " (too few specific words)"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "        {:.2}  L{:<4} {}{}{}{}",
                c.score,
                line(parsed, scenario.span.start),
                priority(c.priority),
                requirement,
                shorten(what, 60),
                mismatch
            );
            let _ = writeln!(
                out,
                "              shared: {}{evidence}",
                c.shared.join(", ")
            );
        }
    }
}

pub fn render(path: &str, parsed: &Parsed, trace: &Trace) -> String {
    let mut out = String::new();
    if trace.too_large {
        let _ = writeln!(
            out,
            "{path}: not traced: more than {} goal-or-criterion and scenario pairs\n",
            crate::trace::MAX_PAIRS
        );
        return out;
    }
    let matched = |ms: &[Match]| ms.iter().filter(|m| m.matched()).count();
    let _ = writeln!(
        out,
        "{path}: {} of {} goals and {} of {} acceptance criteria match a scenario (weighted coverage >= {:.2}, two shared words or one rare one)",
        matched(&trace.goals),
        trace.goals.len(),
        matched(&trace.criteria),
        trace.criteria.len(),
        trace.threshold
    );
    render_matches(&mut out, parsed, "Testing goals", &trace.goals);
    render_matches(&mut out, parsed, "Acceptance criteria", &trace.criteria);
    if !trace.scenarios_without_goal.is_empty() {
        let _ = writeln!(out, "  Scenarios that serve no testing goal");
        for &i in &trace.scenarios_without_goal {
            let scenario = &parsed.stp.scenarios[i];
            let what = scenario
                .text
                .as_ref()
                .map(|t| t.text.as_str())
                .unwrap_or("");
            let _ = writeln!(
                out,
                "    L{:<4} {}{}",
                line(parsed, scenario.span.start),
                priority(scenario.priority.map(|p| p.level)),
                shorten(what, 80)
            );
        }
    }
    out.push('\n');
    out
}
