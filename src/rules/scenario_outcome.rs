use crate::diagnostic::Finding;
use crate::prose::{mentioned, word_count};
use crate::rules::Context;

declare_rule! {
    /// A scenario states only an action, not the result that makes it pass.
    ///
    /// "Live migrate a VM with an IPv6 address" says what to do; the scenario also needs what
    /// the user observes when it passes ("... and the VM keeps its address and connectivity").
    /// The rule fires on a scenario text that has no outcome wording: no verification verb
    /// (verify, validate, ensure, confirm, check), no expectation (should, expected, must,
    /// remains, keeps, succeeds, fails, is rejected, is reachable, is shown, is reported) and
    /// no "is/are <state>" clause. A cell that points to steps written below it ("See
    /// Acceptance 1 details below") is not a scenario text.
    ///
    /// Blind spots: a scenario that says "verify" without naming what is verified passes;
    /// outcomes worded without these markers are flagged.
    ///
    /// Fix: add the observable result, e.g. "... ; the VM keeps running and its IP does not
    /// change".
    code: "STP409",
    name: "scenario-outcome",
    spec: ["SCN-9"],
    severity: Low,
    fixable: false,
    check: check,
}

const OUTCOME: &[&str] = &[
    "verif*",
    "validat*",
    "ensur*",
    "confirm*",
    "check*",
    "assert*",
    "test that",
    "should",
    "expect*",
    "must",
    "remain*",
    "keep*",
    "retain*",
    "preserv*",
    "succeed*",
    "success*",
    "fail*",
    "reject*",
    "block*",
    "prevent*",
    "reachable",
    "available",
    "accessible",
    "shown",
    "displayed",
    "reported",
    "report*",
    "returns",
    "is",
    "are",
    "can",
    "cannot",
    "does",
    "do not",
    "works",
    "work",
    "get*",
    "receive*",
    "become*",
    "result*",
    "without",
    "no",
    "with no",
    "reflect*",
    "fire*",
    "trigger*",
    "raise*",
    "appear*",
    "then",
    "created",
    "deleted",
    "removed",
    "updated",
    "applied",
    "completes",
    "continu*",
];

fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for scenario in &ctx.stp.scenarios {
        let Some(text) = &scenario.text else {
            continue;
        };
        if word_count(&text.text) < 3 || mentioned([text], OUTCOME) || scenario.points_below() {
            continue;
        }
        out.push(
            Finding::new(
                text.span,
                "scenario states the action but not the expected result",
            )
            .help("add what the user observes when it passes"),
        );
    }
    out
}
