use crate::diagnostic::Finding;
use crate::rules::Context;
use crate::source::Span;

declare_rule! {
    /// An HTML comment is opened with `<!--` and never closed.
    ///
    /// Renderers treat everything after an unclosed `<!--` as part of the comment, up to the
    /// next `-->` (comments do not nest, so the end of a later guidance comment closes it) or
    /// the end of the file: that part of the plan silently disappears from the rendered page,
    /// and reviewers approve a document they never saw. This happens easily when deleting
    /// the template's guidance comments and missing one `-->`. The message says how far the
    /// hidden part reaches.
    ///
    /// Fix: add `-->` where the comment should end, or delete the stray `<!--`.
    code: "STP035",
    name: "unclosed-comment",
    spec: ["FMT-4"],
    severity: Critical,
    fixable: false,
    check: check,
}

fn check(ctx: &Context) -> Vec<Finding> {
    let text = ctx.text();
    let lines = &ctx.source.lines;
    ctx.stp
        .comments
        .iter()
        .filter(|c| !c.closed)
        .map(|c| {
            let opener = Span::new(c.span.start, (c.span.start + 4).min(c.span.end));
            let first = lines.line_of(c.span.start);
            let message = if c.hidden_until < text.len() {
                // The `-->` of a later comment ends it.
                let closer_line = lines.line_of(c.hidden_until - 1);
                format!(
                    "HTML comment has no `-->` of its own: the one on line {} closes it, so {} \
                     hidden when rendered",
                    closer_line + 1,
                    what_is_hidden(closer_line - first)
                )
            } else {
                let after = lines.line_count(text).saturating_sub(first + 1);
                format!(
                    "HTML comment is never closed: {} hidden when rendered",
                    what_is_hidden(after)
                )
            };
            Finding::new(opener, message).help(
                "close the comment with `-->` where its text ends, or delete the stray `<!--`",
            )
        })
        .collect()
}

/// What an unclosed comment hides, given how many lines follow the opener's.
fn what_is_hidden(lines_after: usize) -> String {
    match lines_after {
        0 => "the rest of its line is".to_string(),
        1 => "it and the line after it are".to_string(),
        n => format!("it and the {n} lines after it are"),
    }
}
