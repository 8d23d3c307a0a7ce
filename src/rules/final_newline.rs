use crate::diagnostic::{Edit, Finding, Fix};
use crate::rules::Context;
use crate::source::Span;

declare_rule! {
    /// The file does not end with exactly one newline.
    ///
    /// A file without a final newline shows as "\ No newline at end of file" in every diff;
    /// extra blank lines at the end are noise. The repository's pre-commit hooks fix both.
    ///
    /// Fix (safe): end the file with a single newline, in the file's own line-ending style.
    code: "STP034",
    name: "final-newline",
    spec: ["FMT-3"],
    severity: Low,
    fixable: true,
    check: check,
}

fn check(ctx: &Context) -> Vec<Finding> {
    let text = ctx.text();
    if text.trim().is_empty() {
        return Vec::new();
    }
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    // The end of the last line with content; its trailing blanks are `trailing-whitespace`'s.
    let content_end = text.trim_end().len();
    let Some(break_at) = text[content_end..].find('\n').map(|i| content_end + i) else {
        let end = Span::empty(text.len());
        return vec![Finding::new(end, "file does not end with a newline")
            .help("add a newline at the end of the file")
            .fix(Fix::safe(
                "Add final newline",
                vec![Edit {
                    span: end,
                    new_text: newline.to_string(),
                }],
            ))];
    };
    let line_end = break_at + 1;
    if line_end == text.len() {
        return Vec::new();
    }
    let extra = Span::new(line_end, text.len());
    vec![Finding::new(extra, "blank lines at the end of the file")
        .help("end the file with a single newline")
        .fix(Fix::safe(
            "Remove trailing blank lines",
            vec![Edit {
                span: extra,
                new_text: String::new(),
            }],
        ))]
}
