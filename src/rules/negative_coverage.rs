use crate::diagnostic::Finding;
use crate::model::SectionKind;
use crate::prose::mentioned;
use crate::rules::Context;

declare_rule! {
    /// No goal or scenario covers a negative or edge case.
    ///
    /// Plans that test only the happy path miss what users hit first: a failed operation,
    /// a rejected request, invalid input, the feature turned off, missing permissions,
    /// concurrent operations. The rule fires once when none of the testing goals and none of
    /// the scenarios use such wording (negative, fail, reject, invalid, error, deny,
    /// unauthorized, disabled, concurrent, edge case, interrupted, recover, cancel, missing,
    /// not allowed, rollback, ...).
    ///
    /// Blind spots: a negative case described without any of these words is missed; one
    /// mention anywhere satisfies the rule.
    ///
    /// Fix: add a goal and a scenario for a failure path, e.g. "[P1] a restore into a
    /// namespace without quota is rejected with a clear message".
    code: "STP305",
    name: "negative-coverage",
    spec: ["GOAL-5"],
    severity: Medium,
    fixable: false,
    check: check,
}

const NEGATIVE: &[&str] = &[
    "negative",
    "fail*",
    "reject*",
    "invalid",
    "error*",
    "deny",
    "denied",
    "unauthori*",
    "forbidden",
    "without permission*",
    "disabled",
    "disable",
    "disabling",
    "opt-out",
    "opt out",
    "concurren*",
    "simultaneous*",
    "parallel",
    "edge case*",
    "corner case*",
    "interrupt*",
    "recover*",
    "cancel*",
    "abort*",
    "missing",
    "not allowed",
    "unsupported",
    "rollback",
    "roll back",
    "conflict*",
    "misconfigur*",
    "exhaust*",
    "timeout*",
    "unavailable",
    "crash*",
    "kill*",
    "delete*",
    "removal",
    "limit*",
    "prevent*",
    "blocked",
    "not possible",
    "cannot",
];

fn check(ctx: &Context) -> Vec<Finding> {
    let stp = ctx.stp;
    if stp.goals.is_empty() && stp.scenarios.is_empty() {
        return Vec::new();
    }
    let texts = stp
        .goals
        .iter()
        .flat_map(|g| std::iter::once(&g.text).chain(&g.details))
        .chain(
            stp.scenarios
                .iter()
                .flat_map(|s| s.text.iter().chain(&s.summary)),
        );
    if mentioned(texts, NEGATIVE) {
        return Vec::new();
    }
    let kind = if stp.has_section(SectionKind::Goals) {
        SectionKind::Goals
    } else {
        SectionKind::Scenarios
    };
    vec![Finding::new(
        ctx.anchor(kind),
        "no goal or scenario covers a negative or edge case",
    )
    .help("add a goal and a scenario for a failure path (rejected request, failed operation, feature disabled)")]
}
