use crate::diagnostic::{Edit, Finding, Fix};
use crate::rules::Context;

declare_rule! {
    /// A checkbox is marked with something other than `[x]` or `[ ]`.
    ///
    /// The template and the review checklist use `[x]` for done and `[ ]` for not done.
    /// Marks such as `[X]`, `[V]`, `[v]`, `[✓]` or an empty `[]` render inconsistently (an
    /// empty `[]` is not a checkbox at all on GitHub) and make plans harder to compare.
    /// Checked in list items, in table cells that start with a mark, and in the Done column
    /// of checklist tables (where `Yes`, `Done` or `✅` stand for a mark).
    ///
    /// Fix (safe): rewrite the mark as `[x]` (or `[ ]` for `[]`).
    code: "STP020",
    name: "checkbox-mark",
    spec: ["CHK-1"],
    severity: Medium,
    fixable: true,
    check: check,
}

fn check(ctx: &Context) -> Vec<Finding> {
    let stp = ctx.stp;
    // A set, not a scan per item: a plan may have thousands of marks.
    let seen: std::collections::HashSet<_, crate::prose::FastHash> =
        stp.marks.iter().map(|m| m.span).collect();
    let checklist_marks = stp
        .requirements
        .iter()
        .chain(&stp.design_review)
        .chain(&stp.entry_criteria)
        .filter_map(|i| i.mark.as_ref())
        .filter(|m| !seen.contains(&m.span));
    stp.marks
        .iter()
        .chain(checklist_marks)
        .filter(|m| !m.is_canonical())
        .map(|m| {
            let to = m.canonical();
            let finding = Finding::new(
                m.span,
                format!("checkbox mark `{}` is not `[x]` or `[ ]`", m.raw),
            )
            .help(format!("write `{to}`"));
            // The edit is exact only where the mark is written as read (not escaped, `\\[X\\]`).
            if ctx.text().get(m.span.range()) != Some(m.raw.as_str()) {
                return finding;
            }
            finding.fix(Fix::safe(
                format!("Replace `{}` with `{to}`", m.raw),
                vec![Edit {
                    span: m.span,
                    new_text: to.to_string(),
                }],
            ))
        })
        .collect()
}
