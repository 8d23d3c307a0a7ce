use crate::diagnostic::Finding;
use crate::rules::Context;

declare_rule! {
    /// An acceptance criterion is not traceable to any scenario.
    ///
    /// Each acceptance criterion of I.1 must be proven by at least one scenario of III.
    /// Criteria and scenarios are matched as in `goal-scenario`: the weighted share of the
    /// criterion's content words that a scenario also uses, at 0.3 or more with at least two
    /// shared words or one rare one (a real requirement's scenarios pooled only as a
    /// fallback). The rule fires on a criterion whose best scenario
    /// stays below that. Plans in the older table layout, whose criteria are one prose cell,
    /// are traced only with `--strict-layout`. `stp trace --in-document FILE` shows the scores
    /// and the shared words.
    ///
    /// Blind spots: a criterion proven by a scenario in other words is reported; a scenario
    /// that shares the criterion's rare words without proving it counts. A plan with more
    /// than 100,000 goal-or-criterion × scenario pairs (none is real) is not traced.
    ///
    /// Severity: MEDIUM, as every text-similarity heuristic (see the README's severity
    /// policy).
    ///
    /// Fix: add a scenario that proves the criterion, or reword a scenario so the link is
    /// visible.
    code: "STP405",
    name: "criterion-scenario",
    spec: ["SCN-5"],
    severity: Medium,
    fixable: false,
    check: check,
}

fn check(ctx: &Context) -> Vec<Finding> {
    let stp = ctx.stp;
    // The older table layout holds all criteria in one prose cell, which `vague-acceptance-
    // criterion` and the review items already question; per-criterion tracing needs items.
    if stp.scenarios.is_empty() || !ctx.current_layout() {
        return Vec::new();
    }
    ctx.trace()
        .criteria
        .iter()
        .filter(|m| !m.matched())
        .map(|m| {
            Finding::new(
                stp.acceptance_criteria[m.index].span,
                "no test scenario proves this acceptance criterion",
            )
            .help("add a scenario for it; `stp trace --in-document` shows the closest scenarios")
        })
        .collect()
}
