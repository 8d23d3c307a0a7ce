use crate::diagnostic::Finding;
use crate::prose::{find_phrase, has_any};
use crate::recognise::names_test_suite;
use crate::rules::Context;

declare_rule! {
    /// A regression goal is mixed in with the new-feature goals, or does not say which suites
    /// run.
    ///
    /// Regression is planned in the Test Strategy; when the plan also lists regression goals,
    /// they go under their own "Regression Goals" heading and name the test suites that run
    /// on the feature's cluster (a SIG's suite, a tier, a lane). The rule fires on a goal among
    /// the new-feature goals that is about regression or only names a suite (`sig-network
    /// T1`), and on a regression goal that names no suite (suite, lane, tier, `sig-…`, tests,
    /// job).
    ///
    /// Blind spots: a regression goal worded without "regression" is not recognised as one.
    ///
    /// Fix: move regression goals under "Regression Goals" and name the suites, e.g. "[P1]
    /// sig-storage tier-2 suite passes on an ARM cluster".
    code: "STP304",
    name: "regression-goals",
    spec: ["GOAL-4"],
    severity: Medium,
    fixable: false,
    check: check,
}

const SUITE_WORDS: &[&str] = &[
    "suite*",
    "lane*",
    "tier*",
    "sig-*",
    "tests",
    "job*",
    "existing test*",
    "t1",
    "t2",
];

fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for goal in &ctx.stp.goals {
        let lower = goal.text.text.to_ascii_lowercase();
        if !goal.regression {
            if names_test_suite(&goal.text.text) {
                let span = find_phrase(&lower, "regression*")
                    .map(|r| goal.text.source_span(r))
                    .unwrap_or(goal.text.span);
                out.push(
                    Finding::new(span, "regression goal listed among the new-feature goals").help(
                        "move it under a \"Regression Goals\" heading and name the suites that run",
                    ),
                );
            }
            continue;
        }
        let details = goal
            .details
            .iter()
            .any(|d| has_any(&d.text.to_ascii_lowercase(), SUITE_WORDS));
        if !has_any(&lower, SUITE_WORDS) && !details {
            out.push(
                Finding::new(
                    goal.text.span,
                    "regression goal does not name the suites that run",
                )
                .help("name the SIG suites or lanes, e.g. \"sig-network tier-2 suite\""),
            );
        }
    }
    out
}
