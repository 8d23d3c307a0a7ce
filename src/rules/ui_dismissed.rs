use crate::diagnostic::Finding;
use crate::prose::has_any;
use crate::rules::Context;

declare_rule! {
    /// The UI NFR is dismissed because the feature has no UI changes.
    ///
    /// Whether UI testing is needed is a question of customer value, and PM or UX decide it;
    /// "no UI changes" only says nothing new was built. The rule reads the UI line of the
    /// NFRs and fires when it dismisses UI testing on the grounds of absent changes ("no UI
    /// changes", "no UI impact", "no UI component", "N/A") without a customer-value reason
    /// or a PM/UX decision (customer, user, value, PM, UX, product, console workflow).
    ///
    /// Blind spots: a reason in other words is not recognised; any mention of PM or UX is
    /// trusted.
    ///
    /// Fix: say why UI testing adds no customer value, or record the PM/UX decision.
    code: "STP208",
    name: "ui-dismissed",
    spec: ["NFR-3"],
    severity: Medium,
    fixable: false,
    check: check,
}

const NO_CHANGES: &[&str] = &[
    "no ui change*",
    "no ui changes",
    "no new ui",
    "no ui impact",
    "no ui component*",
    "no ui work",
    "no ui",
    "no user interface change*",
    "no console change*",
    "no changes to the ui",
    "no changes in the ui",
    "not applicable",
    "n/a",
    "none",
];

const REASONS: &[&str] = &[
    "customer*",
    "value",
    "pm",
    "ux",
    "product manag*",
    "user experience",
    "workflow",
    "agreed",
    "decided",
];

fn check(ctx: &Context) -> Vec<Finding> {
    if ctx.stp.kind == crate::model::DocKind::Child {
        // A child's NFR bullets may be brief and defer to the parent, which reviewers accept.
        return Vec::new();
    }
    let Some(line) = ctx.stp.nfr_line(&["ui", "console", "interface"]) else {
        return Vec::new();
    };
    let lower = line.text.to_ascii_lowercase();
    if !has_any(&lower, NO_CHANGES) || has_any(&lower, REASONS) {
        return Vec::new();
    }
    vec![Finding::new(
        line.span,
        "UI testing is dismissed for lack of UI changes, not for lack of customer value",
    )
    .help("give the customer-value reason, or record the PM/UX decision")]
}
