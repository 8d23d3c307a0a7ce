use super::missing_section::required;
use crate::diagnostic::Finding;
use crate::rules::Context;

declare_rule! {
    /// Sections are not in template order.
    ///
    /// Reviewers and tools find things by position: Known Limitations right after the
    /// requirement review, Test Limitations after Out of Scope, Risks before the scenarios.
    /// A section that appears after one it should precede is reported at its heading.
    ///
    /// Only checked with `--strict-layout`: merged STPs were written against earlier
    /// revisions of the template, which ordered some sections differently (Known
    /// Limitations after the design review, or under section II), and the repository does
    /// not re-check merged plans for layout. New and changed plans should be checked with
    /// `--strict-layout`.
    ///
    /// Fix: move the section to its place in the template.
    code: "STP003",
    name: "section-order",
    spec: ["DOC-2"],
    severity: Medium,
    fixable: false,
    check: check,
}

fn check(ctx: &Context) -> Vec<Finding> {
    if !ctx.settings.strict_layout {
        return Vec::new();
    }
    let order = required(ctx);
    let rank = |k| order.iter().position(|o| *o == k);
    let mut out = Vec::new();
    let mut latest: Option<(usize, &crate::model::Section)> = None;
    let mut seen = Vec::new();
    for section in &ctx.stp.sections {
        let Some(r) = rank(section.kind) else {
            continue;
        };
        if seen.contains(&section.kind) {
            continue;
        }
        seen.push(section.kind);
        match latest {
            Some((lr, later)) if r < lr => out.push(
                Finding::new(
                    section.span,
                    format!(
                        "'{}' comes after '{}'; the template puts it before",
                        section.kind.display(),
                        later.kind.display()
                    ),
                )
                .help("move the section to its place in the template order"),
            ),
            _ => latest = Some((r, section)),
        }
    }
    out
}
