use crate::diagnostic::Finding;
use crate::model::{DocKind, SectionKind};
use crate::rules::Context;

declare_rule! {
    /// The entry criteria do not include approved requirements and design, or a configured
    /// test environment.
    ///
    /// These two conditions are the minimum before testing starts; feature-specific criteria
    /// come on top. Recognised by wording: "approved" (or "merged") for the requirements and
    /// design documents, "environment" with "set up", "configured", "available" or
    /// "provisioned" for the environment. Child STPs may leave entry criteria to the parent
    /// (an empty section is fine there). Template lines left in are `template-placeholder`'s.
    ///
    /// Fix: add `- [ ] Requirements and design documents are approved and merged` and
    /// `- [ ] Test environment can be set up and configured`.
    code: "STP340",
    name: "entry-criteria",
    spec: ["ENTRY-1"],
    severity: Medium,
    fixable: false,
    check: check,
}

fn check(ctx: &Context) -> Vec<Finding> {
    let stp = ctx.stp;
    if !stp.has_section(SectionKind::EntryCriteria)
        || (stp.kind == DocKind::Child && stp.entry_criteria.is_empty())
    {
        return Vec::new();
    }
    let texts: Vec<String> = stp
        .entry_criteria
        .iter()
        .map(|c| c.name.text.to_lowercase())
        .collect();
    let approved = texts.iter().any(|t| {
        (t.contains("approved") || t.contains("merged"))
            && (t.contains("requirement") || t.contains("design"))
    });
    let environment = texts.iter().any(|t| {
        (t.contains("environment") || t.contains("cluster") || t.contains("lane"))
            && ["set up", "configured", "available", "provisioned", "ready"]
                .iter()
                .any(|w| t.contains(w))
    });
    let mut missing = Vec::new();
    if !approved {
        missing.push("approved requirements and design");
    }
    if !environment {
        missing.push("a configured test environment");
    }
    if missing.is_empty() {
        return Vec::new();
    }
    vec![Finding::new(ctx.anchor(SectionKind::EntryCriteria), format!("entry criteria do not include {}", missing.join(" or ")))
        .help("add the standard criteria: requirements and design approved; test environment set up and configured")]
}
