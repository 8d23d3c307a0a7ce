use crate::diagnostic::Finding;
use crate::model::StrategyKind;
use crate::prose::{mentioned, word_count};
use crate::rules::Context;

declare_rule! {
    /// Performance or Scale Testing is deferred without saying what was considered and what
    /// the plan is.
    ///
    /// Deferring is fine; silence is not. An unchecked (or `N`) Performance or Scale item
    /// must say what was considered (the expected overhead, the numbers that matter) and the
    /// plan (a later release, a follow-up Jira, existing benchmarks). The rule fires when the
    /// details are short (under 8 words) and name neither a consideration nor a plan
    /// (considered, evaluated, expected, overhead, impact, baseline, measure, benchmark,
    /// plan, future, later, follow-up, Jira key, existing, covered).
    ///
    /// Blind spots: a long justification without a plan passes.
    ///
    /// Fix: e.g. "Not applicable: the feature adds one API call per VM start; no measurable
    /// overhead expected. Revisit with CNV-12345 if it grows."
    code: "STP325",
    name: "performance-scale-plan",
    spec: ["STRAT-6"],
    severity: Medium,
    fixable: false,
    check: check,
}

const CONSIDERED: &[&str] = &[
    "consider*",
    "evaluat*",
    "assess*",
    "expect*",
    "overhead",
    "impact*",
    "baseline",
    "measur*",
    "benchmark*",
    "plan*",
    "future",
    "later",
    "follow-up",
    "follow up",
    "existing",
    "covered",
    "negligible",
    "no change*",
    "does not change",
    "not affect*",
];

fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for kind in [StrategyKind::Performance, StrategyKind::Scale] {
        let Some(item) = ctx.stp.strategy_item(kind) else {
            continue;
        };
        if item.applies() != Some(false) {
            continue;
        }
        let texts: Vec<_> = item.detail_texts().filter(|t| !t.is_blank()).collect();
        if texts.is_empty() {
            continue;
        }
        let words: usize = texts.iter().map(|t| word_count(&t.text)).sum();
        let has_key = texts
            .iter()
            .any(|t| crate::recognise::jira_keys(&t.text).next().is_some());
        if words >= 8 || has_key || mentioned(texts.iter().copied(), CONSIDERED) {
            continue;
        }
        let span = item.details.as_ref().map(|d| d.span).unwrap_or(item.span);
        out.push(
            Finding::new(
                span,
                format!(
                    "'{}' is deferred without saying what was considered or planned",
                    item.name.trimmed()
                ),
            )
            .help("say what was considered (expected overhead, relevant numbers) and the plan"),
        );
    }
    out
}
