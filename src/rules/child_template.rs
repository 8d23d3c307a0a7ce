use crate::diagnostic::Finding;
use crate::model::DocKind;
use crate::rules::Context;

declare_rule! {
    /// A child STP carries fields that belong to the parent.
    ///
    /// Child STPs follow the child template: the parent owns the feature-wide Feature
    /// Maturity (or Target Release) and Enhancement(s) fields, and the child extends it with
    /// its SIG's scope. Repeating them in the child invites the two to drift apart. A file is
    /// a child when it sits in a feature directory next to a parent `stp.md`.
    ///
    /// Fix: remove the field from the child; keep it in the parent.
    code: "STP421",
    name: "child-template",
    spec: ["MULTI-3"],
    severity: Medium,
    fixable: false,
    check: check,
}

fn check(ctx: &Context) -> Vec<Finding> {
    if ctx.stp.kind != DocKind::Child {
        return Vec::new();
    }
    ctx.stp
        .metadata
        .iter()
        .filter(|f| {
            ["maturity", "target release", "enhancement"]
                .iter()
                .any(|k| f.key.contains(k))
        })
        .map(|f| {
            Finding::new(
                f.label_span,
                format!("child STP has the parent's '{}' field", f.label),
            )
            .help("remove it here; the parent STP owns it")
        })
        .collect()
}
