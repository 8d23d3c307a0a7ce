use crate::diagnostic::Finding;
use crate::model::{DocKind, SectionKind};
use crate::recognise::{find_placeholders, is_empty_value};
use crate::rules::Context;

declare_rule! {
    /// Enhancement(s) does not link a VEP, design document or HLD, nor say why there is none.
    ///
    /// Reviewers follow this link to check that the plan matches the design. Accepted: any
    /// link (a VEP, an enhancement pull request, a design document, a high-level design, or a
    /// Jira epic with a short note when no proposal exists), or a sentence explaining why
    /// there is no design document, here or in another metadata field (`N/A - Not a new
    /// feature` beside a `-`). Reported: a missing field, an empty value, or a bare `-` /
    /// `N/A`.
    ///
    /// Child STPs do not carry this field (the parent does) and are not checked.
    /// Placeholders are reported by `template-placeholder`.
    ///
    /// Fix: link the VEP or design document, e.g. `[VEP: ...](https://github.com/kubevirt/enhancements/...)`,
    /// or write why none exists.
    code: "STP101",
    name: "enhancement-link",
    spec: ["META-1"],
    severity: High,
    fixable: false,
    check: check,
}

fn check(ctx: &Context) -> Vec<Finding> {
    if ctx.stp.kind == DocKind::Child {
        return Vec::new();
    }
    let Some(field) = ctx.stp.metadata_field(&["enhancement"]) else {
        return vec![Finding::new(
            ctx.anchor(SectionKind::Metadata),
            "Metadata has no Enhancement(s) field",
        )
        .help("add `- **Enhancement(s):**` with a link to the VEP, design document or HLD")];
    };
    let text = field.full_text();
    let linked = text.contains("http") || field.value.links.iter().any(|l| !l.url.is_empty());
    let placeholder = !find_placeholders(&field.value).is_empty();
    let justified = !is_empty_value(&text) && text.split_whitespace().count() >= 3;
    if linked || placeholder || justified || says_elsewhere_why_no_design(ctx) {
        return Vec::new();
    }
    vec![Finding::new(
        field.span,
        "Enhancement(s) links no VEP, design document or HLD",
    )
    .help("link the design (VEP, enhancement PR, HLD), or write why there is none")]
}

/// Whether another metadata field says why there is no design: the work is not a new
/// feature, or no VEP exists (`| **Feature in Jira** | N/A - Not a new feature. ... |` beside
/// an Enhancement(s) of `-`). A reviewer reads the two rows together.
fn says_elsewhere_why_no_design(ctx: &Context) -> bool {
    const NO_DESIGN: &[&str] = &["not a new feature", "no vep", "no enhancement"];
    ctx.stp
        .metadata
        .iter()
        .filter(|f| !f.key.contains("enhancement"))
        .any(|f| {
            let text = f.full_text().to_lowercase();
            NO_DESIGN.iter().any(|p| text.contains(p))
        })
}
