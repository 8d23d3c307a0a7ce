//! `stp trace --tests DIR`: the plans' scenarios joined with the test inventory.
//!
//! A test reaches a plan through its STP link (docstring `STP:` at test, class or module
//! level). Within the plan it reaches scenarios, in this order, stopping at the first that
//! finds any:
//! 1. an explicit `STP Scenario: N` token in its docstring (N = the scenario's 0-based index);
//! 2. keys: the test's Jira keys against the keys of the scenario's requirement and text, its
//!    Polarion IDs against keys the scenario text names (the requirement column holds Jira
//!    keys, never Polarion IDs, although both use the `CNV-` prefix); when a key names several
//!    scenarios (one requirement, several rows), similarity picks among them if it can;
//! 3. similarity of the scenario's text to the test's docstring summary, steps and expected
//!    result (see [`Similarity`]), with the shared words as evidence;
//! 4. for config-driven (MTV) tests, the scenario's attributes: a scenario that says "warm"
//!    matches plans with `warm_migration: True`, "copy-offload" plans with `copyoffload`, and
//!    so on ([`ATTRIBUTE_TERMS`]).
//!
//! Tests without a link still reach a plan by keys (any plan) or, for MTV, by attributes
//! (plans named as files on the command line, or already reached by a key from the suite).

use crate::check::{self, Parsed};
use crate::inventory::{self, mtv::ConfigPlan, Inventory, Test, TestKind};
use crate::prose::content_stems;
use crate::recognise::jira_keys;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

pub const SCHEMA_VERSION: u32 = 1;

/// The least similarity score (see [`Similarity::score`]) that matches a test to a scenario.
/// Chosen on the 113 CNV tests that link a plan (openshift-virtualization-tests @a1310d7):
/// at 0.4, 16 of 20 sampled links were right by hand; tests in plans whose scenarios share
/// most words (one feature, many modes) are where it errs.
pub const THRESHOLD: f64 = 0.4;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ScenarioStatus {
    Covered,
    StubOnly,
    Missing,
    Upstream,
}

impl ScenarioStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ScenarioStatus::Covered => "covered",
            ScenarioStatus::StubOnly => "stub_only",
            ScenarioStatus::Missing => "missing",
            ScenarioStatus::Upstream => "upstream",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TestStatus {
    Matched,
    NoScenario,
    BrokenLink,
}

impl TestStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TestStatus::Matched => "matched",
            TestStatus::NoScenario => "no_scenario",
            TestStatus::BrokenLink => "broken_link",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Token,
    Key,
    Similarity,
    Attributes,
}

/// Why a test matched its scenarios.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    pub method: Method,
    /// Keys both sides name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<String>,
    /// Weighted share of the scenario's words the docstring uses.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// Content stems both sides share.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub shared: Vec<String>,
    /// MTV plan attributes that agree with the scenario.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScenarioRow {
    pub index: usize,
    pub line: usize,
    pub requirement: Option<String>,
    pub tier: Option<u8>,
    pub priority: Option<String>,
    pub status: ScenarioStatus,
    pub tests: Vec<String>,
    pub tier_mismatch: bool,
    /// The scenario's text (summary and scenario), for people.
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanRow {
    pub path: String,
    pub scenarios: Vec<ScenarioRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TestRow {
    pub id: String,
    pub path: String,
    pub line: usize,
    pub kind: TestKind,
    /// The plan the test links (or reached by key), as `stps/...`.
    pub plan: Option<String>,
    pub polarion: Vec<String>,
    pub jira: Vec<String>,
    pub markers: Vec<String>,
    pub tier: Option<u8>,
    pub stub: bool,
    pub scenarios: Vec<usize>,
    pub status: TestStatus,
    /// The suite (`--tests DIR`) the test belongs to.
    pub suite: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
    /// The link as written, for broken links.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

/// A config-driven plan with the tests that consume it.
#[derive(Debug, Clone, Serialize)]
pub struct ConfigPlanRow {
    pub name: String,
    pub line: usize,
    pub attributes: serde_json::Map<String, serde_json::Value>,
    pub vm_names: Vec<String>,
    pub vm_count: usize,
    pub tests: Vec<String>,
    pub markers: Vec<String>,
    pub jira: Vec<String>,
    pub gating: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SuiteRow {
    pub root: String,
    pub files: usize,
    pub tests: usize,
    pub linked: usize,
    /// Tests that link no plan and reach none by key or attributes.
    pub unlinked: usize,
    pub stubs: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tier_rule: Option<inventory::python::TierRule>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub config_plans: Vec<ConfigPlanRow>,
    pub errors: Vec<inventory::ScanError>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    pub schema_version: u32,
    pub plans: Vec<PlanRow>,
    pub tests: Vec<TestRow>,
    pub suites: Vec<SuiteRow>,
}

/// A plan read for the join.
pub struct Plan {
    /// As the user gave or the walk found it.
    pub display: String,
    /// `stps/...` (from the last `stps` component), else the display path.
    pub key: String,
    pub parsed: Parsed,
    /// Named as a file on the command line (not found by walking a directory).
    pub explicit: bool,
}

/// The `stps/...` key of a plan path.
pub fn plan_key(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .collect();
    match parts.iter().rposition(|c| c == "stps") {
        Some(i) => parts[i..].join("/"),
        None => check::display(path),
    }
}

/// A scenario as matching sees it.
struct ScenarioView {
    requirement: Option<String>,
    /// Keys in the requirement column (Jira).
    requirement_keys: Vec<String>,
    /// Keys in the scenario's own words.
    text_keys: Vec<String>,
    text: String,
    stems: Vec<String>,
    lower: String,
}

fn keys_in(text: &str) -> Vec<String> {
    jira_keys(text).map(|r| text[r].to_string()).collect()
}

fn scenario_views(stp: &crate::model::Stp) -> Vec<ScenarioView> {
    let mut requirement: Option<String> = None;
    let mut summary = String::new();
    stp.scenarios
        .iter()
        .map(|s| {
            if let Some(r) = &s.requirement {
                requirement = Some(r.trimmed().to_string());
            } else if !s.continuation {
                requirement = None;
            }
            if let Some(own) = &s.summary {
                summary = own.trimmed().to_string();
            } else if !s.continuation {
                summary.clear();
            }
            let own = s.text.as_ref().map(|t| t.trimmed()).unwrap_or("");
            let text = if summary.is_empty() || summary == own {
                own.to_string()
            } else {
                format!("{summary}: {own}")
            };
            ScenarioView {
                requirement_keys: requirement.as_deref().map(keys_in).unwrap_or_default(),
                requirement: requirement.clone(),
                text_keys: keys_in(&text),
                stems: content_stems(&text),
                lower: text.to_lowercase(),
                text,
            }
        })
        .collect()
}

/// Weighted term coverage of a scenario by a test docstring: the share of the scenario's
/// content stems, weighted by inverse document frequency over the plan's scenarios, that
/// the docstring also uses. The same measure as in-document traceability (`crate::trace`),
/// with the scenario as the part that must be covered.
struct Similarity {
    weights: HashMap<String, f64>,
    unseen: f64,
}

impl Similarity {
    fn new(views: &[ScenarioView]) -> Similarity {
        let n = views.len() as f64;
        let mut df: HashMap<String, usize> = HashMap::new();
        for v in views {
            for s in &v.stems {
                *df.entry(s.clone()).or_default() += 1;
            }
        }
        let idf = |d: usize| (1.0 + n / d.max(1) as f64).ln();
        Similarity {
            weights: df.into_iter().map(|(k, d)| (k, idf(d))).collect(),
            unseen: idf(1),
        }
    }

    fn weight(&self, stem: &str) -> f64 {
        self.weights.get(stem).copied().unwrap_or(self.unseen)
    }

    /// The weighted share of `part`'s stems that `whole` also has.
    fn coverage(&self, part: &[String], whole: &[String]) -> f64 {
        let total: f64 = part.iter().map(|s| self.weight(s)).sum();
        if total <= 0.0 {
            return 0.0;
        }
        let shared: f64 = part
            .iter()
            .filter(|s| whole.binary_search(s).is_ok())
            .map(|s| self.weight(s))
            .sum();
        shared / total
    }

    /// The mean of two coverages: of the scenario by the whole docstring (summary, steps,
    /// expected), and of the docstring's one-line summary by the scenario. The first alone
    /// lets a long docstring cover every scenario a little; the second keeps the test's own
    /// statement of what it proves in the decision.
    fn score(
        &self,
        scenario: &[String],
        test: &[String],
        summary: &[String],
    ) -> (f64, Vec<String>) {
        let shared: Vec<String> = scenario
            .iter()
            .filter(|s| test.binary_search(s).is_ok())
            .cloned()
            .collect();
        let of_scenario = self.coverage(scenario, test);
        let score = if summary.is_empty() {
            of_scenario
        } else {
            (of_scenario + self.coverage(summary, scenario)) / 2.0
        };
        ((score * 100.0).round() / 100.0, shared)
    }
}

/// Phrases a scenario uses for a config attribute, and what the plan must hold for it.
pub const ATTRIBUTE_TERMS: &[(&[&str], &str)] = &[
    (&["warm"], "warm_migration"),
    (&["cold"], "!warm_migration"),
    (
        &["copy-offload", "copy offload", "copyoffload", "xcopy"],
        "copyoffload",
    ),
    (&["static ip", "static ips"], "preserve_static_ips"),
    (&["power state"], "target_power_state"),
    (&["target namespace"], "vm_target_namespace"),
    (&["pvc name", "name template"], "pvc_name_template"),
    (&["target label", "target labels"], "target_labels"),
    (&["affinity"], "target_affinity"),
    (&["guest agent"], "guest_agent"),
];

/// The attributes a scenario names that a config plan satisfies, or `None` when the scenario
/// names none or the plan contradicts one.
fn attribute_match(lower: &str, plan: &ConfigPlan) -> Option<Vec<String>> {
    let mut agreed = Vec::new();
    for (phrases, attribute) in ATTRIBUTE_TERMS {
        if !crate::prose::has_any(lower, phrases) {
            continue;
        }
        let ok = match attribute.strip_prefix('!') {
            Some(flag) => !plan.flag(flag),
            None if *attribute == "guest_agent" => plan
                .attributes
                .get("guest_agent")
                .and_then(|v| v.as_array())
                .is_some_and(|a| a.iter().any(|v| v.as_bool() == Some(true))),
            None => match plan.params.get(*attribute) {
                Some(serde_json::Value::Bool(b)) => *b,
                Some(serde_json::Value::Null) | None => false,
                Some(_) => true,
            },
        };
        if !ok {
            return None;
        }
        agreed.push(attribute.trim_start_matches('!').to_string());
    }
    (!agreed.is_empty()).then_some(agreed)
}

struct PlanIndex<'p> {
    plan: &'p Plan,
    views: Vec<ScenarioView>,
    similarity: Similarity,
}

/// A pytest function's name in words (`test_full_backup` -> `full backup`); Ginkgo specs have
/// their text in the summary already.
fn test_name(test: &Test) -> String {
    if test.kind == TestKind::Ginkgo {
        return String::new();
    }
    let last = test.id.rsplit("::").next().unwrap_or("");
    let name = last.split('[').next().unwrap_or(last);
    name.trim_start_matches("test_").replace('_', " ")
}

/// Scenarios a test matches in a plan, with the evidence.
fn match_in(
    test: &Test,
    index: &PlanIndex,
    config: Option<&ConfigPlan>,
) -> Option<(Vec<usize>, Evidence)> {
    let views = &index.views;
    if let Some(n) = test.std.scenario.filter(|n| *n < views.len()) {
        return Some((
            vec![n],
            Evidence {
                method: Method::Token,
                keys: Vec::new(),
                score: None,
                shared: Vec::new(),
                attributes: Vec::new(),
            },
        ));
    }
    // The test's name is its author's shortest summary (`test_incremental_backup_push_mode`).
    let name = test_name(test);
    let test_stems = content_stems(&format!("{name} {}", test.std.matching_text()));
    let summary_stems = content_stems(&format!("{name} {}", test.std.summary));
    let best_by_similarity = |candidates: &[usize]| -> Option<(Vec<usize>, f64, Vec<String>)> {
        let scored: Vec<(usize, f64, Vec<String>)> = candidates
            .iter()
            .map(|&i| {
                let (s, shared) =
                    index
                        .similarity
                        .score(&views[i].stems, &test_stems, &summary_stems);
                (i, s, shared)
            })
            .collect();
        let best = scored.iter().map(|s| s.1).fold(0.0, f64::max);
        if best < THRESHOLD {
            return None;
        }
        let winners: Vec<&(usize, f64, Vec<String>)> =
            scored.iter().filter(|s| s.1 == best).collect();
        let shared = winners[0].2.clone();
        Some((winners.iter().map(|w| w.0).collect(), best, shared))
    };
    // Keys.
    let mut keyed: Vec<usize> = Vec::new();
    let mut keys: BTreeSet<String> = BTreeSet::new();
    for (i, v) in views.iter().enumerate() {
        let jira_hit: Vec<&String> = test
            .jira
            .iter()
            .filter(|k| v.requirement_keys.contains(k) || v.text_keys.contains(k))
            .collect();
        let polarion_hit: Vec<&String> = test
            .polarion
            .iter()
            .filter(|k| v.text_keys.contains(k))
            .collect();
        if !jira_hit.is_empty() || !polarion_hit.is_empty() {
            keyed.push(i);
            keys.extend(jira_hit.into_iter().chain(polarion_hit).cloned());
        }
    }
    // A key that names several scenarios (one requirement, several rows; an epic named at
    // module level) decides only when similarity can pick among them.
    let keyed_choice = match keyed.len() {
        0 => None,
        1 => Some((keyed, None, Vec::new())),
        _ => best_by_similarity(&keyed).map(|(w, s, shared)| (w, Some(s), shared)),
    };
    if let Some((chosen, score, shared)) = keyed_choice {
        keys.retain(|k| {
            chosen
                .iter()
                .any(|&i| views[i].requirement_keys.contains(k) || views[i].text_keys.contains(k))
        });
        return Some((
            chosen,
            Evidence {
                method: Method::Key,
                keys: keys.into_iter().collect(),
                score,
                shared,
                attributes: Vec::new(),
            },
        ));
    }
    // Similarity (only with something to compare: an STD docstring).
    if !test_stems.is_empty() && test.link.is_some() {
        let all: Vec<usize> = (0..views.len()).collect();
        if let Some((winners, score, shared)) = best_by_similarity(&all) {
            return Some((
                winners,
                Evidence {
                    method: Method::Similarity,
                    keys: Vec::new(),
                    score: Some(score),
                    shared,
                    attributes: Vec::new(),
                },
            ));
        }
    }
    // MTV attributes.
    let config = config?;
    let mut matched = Vec::new();
    let mut attributes = BTreeSet::new();
    for (i, v) in views.iter().enumerate() {
        if let Some(agreed) = attribute_match(&v.lower, config) {
            matched.push(i);
            attributes.extend(agreed);
        }
    }
    (!matched.is_empty()).then(|| {
        (
            matched,
            Evidence {
                method: Method::Attributes,
                keys: Vec::new(),
                score: None,
                shared: Vec::new(),
                attributes: attributes.into_iter().collect(),
            },
        )
    })
}

/// Joins plans and inventories. `repository_given`: a directory of plans was given, so a
/// link to a plan that is not among them is broken (with only files given, such tests are
/// left out: their plan was not asked about).
pub fn join(plans: &[Plan], inventories: &[Inventory], repository_given: bool) -> Coverage {
    let indexes: Vec<PlanIndex> = plans
        .iter()
        .map(|plan| {
            let views = scenario_views(&plan.parsed.stp);
            let similarity = Similarity::new(&views);
            PlanIndex {
                plan,
                views,
                similarity,
            }
        })
        .collect();
    // Moved plans forward to their new location.
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for (i, p) in plans.iter().enumerate() {
        by_key.insert(p.key.clone(), i);
    }
    let moved: Vec<(String, String)> = plans
        .iter()
        .filter_map(|p| {
            let target = p.parsed.stp.moved_to.as_ref()?;
            let target_key = inventory::docstring::plan_path(target)
                .unwrap_or_else(|| target.trim_start_matches("./").to_string());
            Some((p.key.clone(), target_key))
        })
        .collect();
    for (from, to) in moved {
        if let Some(&i) = by_key.get(&to) {
            by_key.insert(from, i);
        }
    }

    let mut per_scenario: Vec<Vec<Vec<usize>>> = plans
        .iter()
        .map(|p| vec![Vec::new(); p.parsed.stp.scenarios.len()])
        .collect();
    let mut rows: Vec<TestRow> = Vec::new();
    let mut suites = Vec::new();
    for inv in inventories {
        let configs: HashMap<&str, &ConfigPlan> = inv
            .config_plans
            .iter()
            .map(|c| (c.name.as_str(), c))
            .collect();
        let mut linked = 0;
        let mut unlinked = 0;
        // Plans this suite reaches by key; MTV attribute matching extends to them.
        let mut suite_plans: BTreeSet<usize> = BTreeSet::new();
        let mut deferred: Vec<&Test> = Vec::new();
        for test in &inv.tests {
            let config = test
                .config_plan
                .as_deref()
                .and_then(|n| configs.get(n).copied());
            let row = |plan: Option<String>, scenarios: Vec<usize>, status, evidence| TestRow {
                id: test.id.clone(),
                path: test.path.clone(),
                line: test.line,
                kind: test.kind,
                plan,
                polarion: test.polarion.clone(),
                jira: test.jira.clone(),
                markers: test.markers.clone(),
                tier: test.tier,
                stub: test.stub,
                scenarios,
                status,
                suite: inv.root.clone(),
                evidence,
                link: test.link.as_ref().map(|l| l.target.clone()),
            };
            if let Some(link) = &test.link {
                let target = link.path.as_ref().and_then(|p| by_key.get(p)).copied();
                match target {
                    Some(pi) => {
                        linked += 1;
                        let key = plans[pi].key.clone();
                        match match_in(test, &indexes[pi], config) {
                            Some((scenarios, evidence)) => {
                                for &s in &scenarios {
                                    per_scenario[pi][s].push(rows.len());
                                }
                                rows.push(row(
                                    Some(key),
                                    scenarios,
                                    TestStatus::Matched,
                                    Some(evidence),
                                ));
                            }
                            None => {
                                rows.push(row(Some(key), Vec::new(), TestStatus::NoScenario, None))
                            }
                        }
                    }
                    None if repository_given => {
                        linked += 1;
                        rows.push(row(
                            link.path.clone(),
                            Vec::new(),
                            TestStatus::BrokenLink,
                            None,
                        ));
                    }
                    None => {}
                }
                continue;
            }
            // No link: keys against every plan.
            let keyed = (!test.jira.is_empty()).then(|| {
                indexes.iter().enumerate().find_map(|(pi, index)| {
                    let stripped = Test {
                        std: inventory::Std {
                            scenario: None,
                            ..test.std.clone()
                        },
                        ..test.clone()
                    };
                    match_in(&stripped, index, None)
                        .filter(|(_, e)| e.method == Method::Key)
                        .map(|m| (pi, m))
                })
            });
            match keyed.flatten() {
                Some((pi, (scenarios, evidence))) => {
                    linked += 1;
                    suite_plans.insert(pi);
                    for &s in &scenarios {
                        per_scenario[pi][s].push(rows.len());
                    }
                    rows.push(row(
                        Some(plans[pi].key.clone()),
                        scenarios,
                        TestStatus::Matched,
                        Some(evidence),
                    ));
                }
                None if config.is_some() => deferred.push(test),
                None => unlinked += 1,
            }
        }
        // MTV tests without keys: attributes, against the plans in play for this suite.
        for test in deferred {
            let config = test
                .config_plan
                .as_deref()
                .and_then(|n| configs.get(n).copied());
            let found = indexes.iter().enumerate().find_map(|(pi, index)| {
                if !(index.plan.explicit || suite_plans.contains(&pi)) {
                    return None;
                }
                match_in(test, index, config)
                    .filter(|(_, e)| e.method == Method::Attributes)
                    .map(|m| (pi, m))
            });
            match found {
                Some((pi, (scenarios, evidence))) => {
                    linked += 1;
                    for &s in &scenarios {
                        per_scenario[pi][s].push(rows.len());
                    }
                    rows.push(TestRow {
                        id: test.id.clone(),
                        path: test.path.clone(),
                        line: test.line,
                        kind: test.kind,
                        plan: Some(plans[pi].key.clone()),
                        polarion: test.polarion.clone(),
                        jira: test.jira.clone(),
                        markers: test.markers.clone(),
                        tier: test.tier,
                        stub: test.stub,
                        scenarios,
                        status: TestStatus::Matched,
                        suite: inv.root.clone(),
                        evidence: Some(evidence),
                        link: None,
                    });
                }
                None => unlinked += 1,
            }
        }
        suites.push(SuiteRow {
            root: inv.root.clone(),
            files: inv.files,
            tests: inv.tests.len(),
            linked,
            unlinked,
            stubs: inv.tests.iter().filter(|t| t.stub).count(),
            tier_rule: inv.tier_rule.clone(),
            config_plans: config_rows(inv),
            errors: inv.errors.clone(),
        });
    }

    // Suites whose tier rule is known: there a test with no tier is excluded from tier 2;
    // elsewhere its tier is simply unknown, which is no mismatch.
    let ruled_suites: Vec<&str> = suites
        .iter()
        .filter(|s| s.tier_rule.is_some())
        .map(|s| s.root.as_str())
        .collect();
    let plan_rows = indexes
        .iter()
        .zip(&per_scenario)
        .filter(|(index, _)| index.plan.parsed.stp.moved_to.is_none())
        .map(|(index, matched)| PlanRow {
            path: index.plan.key.clone(),
            scenarios: scenario_rows(index, matched, &rows, &ruled_suites),
        })
        .collect();
    Coverage {
        schema_version: SCHEMA_VERSION,
        plans: plan_rows,
        tests: rows,
        suites,
    }
}

fn scenario_rows(
    index: &PlanIndex,
    matched: &[Vec<usize>],
    rows: &[TestRow],
    ruled_suites: &[&str],
) -> Vec<ScenarioRow> {
    let stp = &index.plan.parsed.stp;
    let source = &index.plan.parsed.source;
    stp.scenarios
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let tests: Vec<&TestRow> = matched[i].iter().map(|&r| &rows[r]).collect();
            let tier = s.tier.map(|t| t.level);
            let implemented = tests.iter().any(|t| !t.stub);
            let status = if implemented {
                ScenarioStatus::Covered
            } else if tier == Some(1) {
                ScenarioStatus::Upstream
            } else if !tests.is_empty() {
                ScenarioStatus::StubOnly
            } else {
                ScenarioStatus::Missing
            };
            // MTV suites have their own tiers (tier0 smoke, tier1), not the STP's.
            let tier_mismatch = tier.is_some_and(|t| {
                tests
                    .iter()
                    .filter(|r| r.kind != TestKind::Mtv)
                    .any(|r| match r.tier {
                        Some(test_tier) => test_tier != t,
                        None => ruled_suites.contains(&r.suite.as_str()),
                    })
            });
            ScenarioRow {
                index: i,
                line: source.line_col(s.span.start).line,
                requirement: index.views[i].requirement.clone(),
                tier,
                priority: s.priority.map(|p| format!("P{}", p.level)),
                status,
                tests: tests.iter().map(|t| t.id.clone()).collect(),
                tier_mismatch,
                text: index.views[i].text.clone(),
            }
        })
        .collect()
}

fn config_rows(inv: &Inventory) -> Vec<ConfigPlanRow> {
    inv.config_plans
        .iter()
        .map(|c| {
            let tests: Vec<&Test> = inv
                .tests
                .iter()
                .filter(|t| t.config_plan.as_deref() == Some(c.name.as_str()))
                .collect();
            let collect = |f: &dyn Fn(&Test) -> Vec<String>| {
                let mut v: Vec<String> = tests.iter().flat_map(|t| f(t)).collect();
                v.sort();
                v.dedup();
                v
            };
            ConfigPlanRow {
                name: c.name.clone(),
                line: c.line,
                attributes: c.attributes.clone(),
                vm_names: c.vm_names.clone(),
                vm_count: c.vm_count,
                tests: tests.iter().map(|t| t.id.clone()).collect(),
                markers: collect(&|t| t.markers.clone()),
                jira: collect(&|t| t.jira.clone()),
                gating: collect(&|t| t.gating.clone()),
            }
        })
        .collect()
}

/// The plans `stp trace` reads: the paths given, else the repository's `stps/` directory
/// (here or above). `None`, said on standard error, when there is neither.
pub fn plan_paths(given: &[PathBuf]) -> Option<Vec<PathBuf>> {
    if !given.is_empty() {
        return Some(given.to_vec());
    }
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let Some(dir) = check::default_stps_dir(&cwd) else {
        eprintln!("error: no plans given and no stps/ directory found here or above; pass the STP files or the STP repository's stps/ directory");
        return None;
    };
    // Shown relative to where the command runs, as `stp check` shows it.
    Some(vec![check::relative_to(&dir, &cwd).unwrap_or(dir)])
}

/// Reads plan paths: files as given, directories walked for plans (templates skipped).
/// Returns the plans, whether any directory was given, and errors (`path: message`).
pub fn read_plans(paths: &[PathBuf]) -> (Vec<Plan>, bool, Vec<String>) {
    let found = check::discover(paths, false, false);
    let mut errors: Vec<String> = found
        .missing
        .iter()
        .map(|m| format!("{m}: no such file or directory"))
        .collect();
    let repository_given = paths.iter().any(|p| p.is_dir());
    let mut plans = Vec::new();
    for path in &found.files {
        let explicit = paths.iter().any(|p| p == path);
        match check::read_text(path, check::DEFAULT_MAX_FILE_SIZE)
            .and_then(|t| check::parse_text(t, check::path_facts(path)))
        {
            // README files and other Markdown in the repository are not plans; moved-plan
            // stubs stay, to forward links to their new location.
            Ok(parsed)
                if parsed.stp.kind == crate::model::DocKind::NotStp
                    && parsed.stp.moved_to.is_none() => {}
            Ok(parsed) => plans.push(Plan {
                display: check::display(path),
                key: plan_key(path),
                parsed,
                explicit,
            }),
            Err(e) => errors.push(format!("{}: {e}", check::display(path))),
        }
    }
    (plans, repository_given, errors)
}

/// Output formats of `stp trace`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TraceFormat {
    Text,
    Json,
    /// A coverage table to paste into an epic or a pull request.
    Markdown,
}

/// What makes `stp trace --tests` exit with 1.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    /// A scenario no test implements (Tier 1 scenarios expected upstream excepted).
    Missing,
    /// A scenario whose tier differs from the resolved tier of a test that implements it.
    TierMismatch,
}

/// `stp trace --tests DIR... [PATH...]`: prints the coverage; returns the exit code.
pub fn run(tests: &[PathBuf], paths: &[PathBuf], format: TraceFormat, fail_on: &[FailOn]) -> i32 {
    let mut io_error = false;
    for dir in tests {
        if !dir.is_dir() {
            eprintln!("error: --tests {}: not a directory", check::display(dir));
            io_error = true;
        }
    }
    let Some(paths) = plan_paths(paths) else {
        return 2;
    };
    if io_error {
        return 2;
    }
    let (plans, repository_given, errors) = read_plans(&paths);
    for e in &errors {
        eprintln!("error: {e}");
    }
    let inventories: Vec<Inventory> = tests.iter().map(|d| inventory::scan(d)).collect();
    for inv in &inventories {
        for e in &inv.errors {
            eprintln!("warning: {}/{}: {}", inv.root, e.path, e.message);
        }
    }
    let coverage = join(&plans, &inventories, repository_given);
    let out = match format {
        TraceFormat::Json => {
            serde_json::to_string_pretty(&coverage).expect("coverage serialises") + "\n"
        }
        TraceFormat::Text => crate::report::coverage::text(&coverage),
        TraceFormat::Markdown => crate::report::coverage::markdown(&coverage),
    };
    {
        use std::io::Write;
        let mut stdout = std::io::stdout().lock();
        let _ = stdout.write_all(out.as_bytes());
        let _ = stdout.flush();
    }
    if !errors.is_empty() {
        return 2;
    }
    let scenarios = || coverage.plans.iter().flat_map(|p| &p.scenarios);
    let failing = fail_on.iter().any(|f| match f {
        FailOn::Missing => scenarios().any(|s| s.status == ScenarioStatus::Missing),
        FailOn::TierMismatch => scenarios().any(|s| s.tier_mismatch),
    });
    i32::from(failing)
}
