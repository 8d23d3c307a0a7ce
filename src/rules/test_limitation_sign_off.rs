use super::limitation_sign_off::signed_items;
use crate::diagnostic::Finding;
use crate::rules::Context;

declare_rule! {
    /// A test limitation has no sign-off with a name and a date.
    ///
    /// Test limitations are constraints imposed on QE (no hardware, no cluster); each needs
    /// `*Sign-off:*` naming who accepted the gap and when. A bare "None" needs no sign-off.
    /// Placeholder sign-offs are reported by `template-placeholder`.
    ///
    /// Fix: add `  - *Sign-off:* <name>, <date>` under the limitation.
    code: "STP312",
    name: "test-limitation-sign-off",
    spec: ["TLIM-1"],
    severity: Critical,
    fixable: false,
    check: check,
}

fn check(ctx: &Context) -> Vec<Finding> {
    signed_items(&ctx.stp.test_limitations, "test limitation")
}
