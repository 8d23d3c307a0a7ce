use super::review_items::missing_items;
use crate::diagnostic::Finding;
use crate::model::SectionKind;
use crate::rules::Context;

declare_rule! {
    /// The technology and design review (I.3) lacks one of its five items.
    ///
    /// The items are Developer Handoff/QE Kickoff, Technology Challenges, API Extensions,
    /// Test Environment Needs and Topology Considerations. Whether each is checked is
    /// `checklist-state`'s business; this rule reports the ones that are absent.
    ///
    /// Fix: add the missing item (`- [x] **Topology Considerations**`) with its details.
    code: "STP220",
    name: "design-review-items",
    spec: ["TDR-1"],
    severity: High,
    fixable: false,
    check: check,
}

const ITEMS: [(&str, &[&str]); 5] = [
    ("Developer Handoff/QE Kickoff", &["handoff", "kickoff"]),
    ("Technology Challenges", &["challenge"]),
    ("API Extensions", &["api"]),
    ("Test Environment Needs", &["environment"]),
    ("Topology Considerations", &["topology"]),
];

fn check(ctx: &Context) -> Vec<Finding> {
    missing_items(
        ctx,
        SectionKind::DesignReview,
        &ctx.stp.design_review,
        &ITEMS,
        "design review",
    )
}
