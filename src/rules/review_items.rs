use crate::diagnostic::Finding;
use crate::model::entries::label_key;
use crate::model::{ChecklistItem, DocKind, SectionKind};
use crate::rules::Context;

declare_rule! {
    /// The requirement review (I.1) lacks one of its review items.
    ///
    /// The items are Review Requirements, Understand Value and Customer Use Cases,
    /// Testability, Acceptance Criteria and Non-Functional Requirements. The older table
    /// layout splits "Understand Value" and "Customer Use Cases" into two rows; either form
    /// counts. Child STPs follow the child template, which has no value/use-case item.
    ///
    /// Fix: add the missing item with its details, checked once reviewed.
    code: "STP201",
    name: "review-items",
    spec: ["REQ-1"],
    severity: High,
    fixable: false,
    check: check,
}

/// The I.1 review items: display name and the words that identify them.
pub const ITEMS: [(&str, &[&str]); 5] = [
    (
        "Review Requirements",
        &[
            "review requirements",
            "requirements review",
            "key requirements",
        ],
    ),
    (
        "Understand Value and Customer Use Cases",
        &["value", "use case"],
    ),
    ("Testability", &["testability"]),
    ("Acceptance Criteria", &["acceptance criteria"]),
    (
        "Non-Functional Requirements (NFRs)",
        &["non functional", "nfr"],
    ),
];

/// Reports the checklist items of `section` that no item's name matches (by its words).
pub fn missing_items(
    ctx: &Context,
    section: SectionKind,
    items: &[ChecklistItem],
    expected: &[(&str, &[&str])],
    what: &str,
) -> Vec<Finding> {
    if !ctx.stp.has_section(section) {
        return Vec::new(); // missing-section reports it
    }
    let names: Vec<String> = items.iter().map(|i| label_key(&i.name.text)).collect();
    // The fix in the form the plan uses: a row of the older template's table, or an item.
    let as_rows = items.iter().any(|i| i.in_table);
    expected
        .iter()
        .filter(|(_, words)| !names.iter().any(|n| words.iter().any(|w| n.contains(w))))
        .map(|(name, _)| {
            let help = if as_rows {
                format!("add a `| **{name}** | [x] | <details> | |` row")
            } else {
                format!("add `- [x] **{name}**` with its details")
            };
            Finding::new(
                ctx.anchor(section),
                format!("the {what} has no '{name}' item"),
            )
            .help(help)
        })
        .collect()
}

fn check(ctx: &Context) -> Vec<Finding> {
    // Child STPs follow the child template, which has no value/use-case item.
    let expected: Vec<(&str, &[&str])> = ITEMS
        .iter()
        .copied()
        .filter(|(name, _)| !(ctx.stp.kind == DocKind::Child && name.starts_with("Understand")))
        .collect();
    missing_items(
        ctx,
        SectionKind::Requirements,
        &ctx.stp.requirements,
        &expected,
        "requirement review",
    )
}
