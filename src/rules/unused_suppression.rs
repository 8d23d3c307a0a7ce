use crate::diagnostic::Finding;
use crate::rules::Context;

declare_rule! {
    /// An inline suppression comment suppresses nothing.
    ///
    /// Findings can be silenced where a reviewer agreed to an exception:
    ///
    /// - `<!-- stp-disable STP020, checkbox-mark -->` ... `<!-- stp-enable -->` for a range
    ///   (to the end of the file when there is no `stp-enable`);
    /// - `<!-- stp-disable-next-line CHK-1 -->` for the next line.
    ///
    /// Rules are named by code, name or spec ID; no name means every rule. A suppression that
    /// silences nothing is stale — the problem was fixed, or the name is misspelt — and hides
    /// future findings for no reason, so it is reported here. This check is not in the spec
    /// catalogue; its spec ID is our own (SUP-1).
    ///
    /// Fix: delete the comment, or correct the rule name.
    code: "STP036",
    name: "unused-suppression",
    spec: ["SUP-1"],
    severity: Low,
    fixable: false,
    check: check,
}

/// Unused suppressions are found by `rules::run`, which sees what every rule reported.
fn check(_: &Context) -> Vec<Finding> {
    Vec::new()
}
