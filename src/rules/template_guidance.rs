use crate::diagnostic::Finding;
use crate::recognise::is_template_comment;
use crate::rules::Context;

declare_rule! {
    /// A guidance comment from the template is left in the plan.
    ///
    /// The template explains each section in HTML comments (`<!-- ... -->`). They are hidden
    /// when rendered, but they stay in the file, in diffs and in the review, and show the
    /// plan was not finished. A comment is recognised as template guidance when its text —
    /// lower-cased, white space collapsed — or its first line matches one of the template's
    /// comments; the template's comments are stored as hashes in
    /// `data/template-comment-fingerprints.txt`, so an edited comment of the author's own is
    /// not reported. Placeholder prompts outside comments are `template-placeholder`'s.
    ///
    /// Fix: delete the comment.
    code: "STP011",
    name: "template-guidance-left",
    spec: ["PLH-2"],
    severity: Medium,
    fixable: false,
    check: check,
}

fn check(ctx: &Context) -> Vec<Finding> {
    ctx.stp
        .comments
        .iter()
        .filter(|c| c.closed)
        .filter(|c| {
            let raw = &ctx.text()[c.span.range()];
            is_template_comment(raw.trim_start_matches("<!--").trim_end_matches("-->"))
        })
        .map(|c| {
            let line = ctx.source.lines.line_of(c.span.start);
            let first = ctx.source.lines.line_span(ctx.text(), line);
            let shown =
                crate::source::Span::new(c.span.start, first.end.min(c.span.end).max(c.span.start));
            Finding::new(shown, "template guidance comment left in the plan")
                .help("delete the comment")
        })
        .collect()
}
