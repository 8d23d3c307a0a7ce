use super::limitations_stated::stated;
use crate::diagnostic::Finding;
use crate::model::SectionKind;
use crate::rules::Context;

declare_rule! {
    /// Out of Scope is empty, or holds only the template's example items.
    ///
    /// When QE tests everything the product supports, the section says so ("None", optionally
    /// "— reviewed and confirmed that all supported product functionality will be tested this
    /// cycle"); an empty section is not a statement. Items that are entirely template
    /// prompts (`**[e.g., Special guest OS coverage]**`) are examples left in.
    ///
    /// Fix: list the exclusions with rationale and agreement, or write "None".
    code: "STP311",
    name: "out-of-scope-stated",
    spec: ["OOS-2"],
    severity: High,
    fixable: false,
    check: check,
}

fn check(ctx: &Context) -> Vec<Finding> {
    let oos = &ctx.stp.out_of_scope;
    let titles: Vec<&crate::text::Text> = oos.items.iter().map(|i| &i.title).collect();
    stated(
        ctx,
        SectionKind::OutOfScope,
        oos.none.is_some(),
        &titles,
        "out-of-scope items",
    )
}
