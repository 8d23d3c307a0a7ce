use crate::diagnostic::Finding;
use crate::rules::Context;
use crate::source::Span;

declare_rule! {
    /// An HTML comment is opened with `<!--` and never closed.
    ///
    /// Renderers treat everything after an unclosed `<!--` as part of the comment: the rest
    /// of the plan silently disappears from the rendered page, and reviewers approve a
    /// document they never saw. This happens easily when deleting the template's guidance
    /// comments and missing one `-->`.
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
    ctx.stp
        .comments
        .iter()
        .filter(|c| !c.closed)
        .map(|c| {
            let opener = Span::new(c.span.start, (c.span.start + 4).min(c.span.end));
            let lines = &ctx.source.lines;
            let hidden = lines
                .line_count(ctx.text())
                .saturating_sub(lines.line_of(c.span.start) + 1);
            let what = match hidden {
                0 => "the rest of its line is hidden when rendered".to_string(),
                1 => "it and the line after it are hidden when rendered".to_string(),
                n => format!("it and the {n} lines after it are hidden when rendered"),
            };
            Finding::new(opener, format!("HTML comment is never closed: {what}"))
                .help("close the comment with `-->`, or delete the stray `<!--`")
        })
        .collect()
}
