use crate::diagnostic::Finding;
use crate::prose::find_in;
use crate::rules::Context;

declare_rule! {
    /// A regression run is listed as a test scenario.
    ///
    /// Section III lists the new scenarios that prove this feature; running existing suites
    /// is regression, planned under Test Strategy (and, if needed, Regression Goals). The rule
    /// fires on a scenario or requirement summary that speaks of regression ("regression",
    /// "existing tests/suite", "re-run").
    ///
    /// Blind spots: a scenario that checks for a specific regression of a known bug ("no
    /// regression in boot time") is flagged too.
    ///
    /// Fix: move it to Test Strategy → Regression Testing, naming the suites.
    code: "STP406",
    name: "regression-scenario",
    spec: ["SCN-6"],
    severity: Medium,
    fixable: false,
    check: check,
}

const REGRESSION: &[&str] = &[
    "regression*",
    "existing test*",
    "existing suite*",
    "re-run*",
    "rerun*",
];

fn check(ctx: &Context) -> Vec<Finding> {
    ctx.stp
        .scenarios
        .iter()
        .filter_map(|s| find_in(s.text.iter().chain(&s.summary), REGRESSION))
        .map(|(span, _)| {
            Finding::new(span, "regression run listed as a new test scenario")
                .help("plan it under Test Strategy → Regression Testing instead")
        })
        .collect()
}
