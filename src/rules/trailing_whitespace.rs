use crate::diagnostic::{Edit, Finding, Fix};
use crate::rules::Context;
use crate::source::Span;

declare_rule! {
    /// A line ends with spaces or tabs.
    ///
    /// The STP repository's pre-commit hooks strip trailing white space, so it only shows
    /// up as noise in diffs. Exactly two trailing spaces before a non-blank line are a
    /// Markdown line break and are left alone, and so are code blocks (as markdownlint does),
    /// where white space may be the content.
    ///
    /// Fix (safe): remove the trailing white space.
    code: "STP032",
    name: "trailing-whitespace",
    spec: ["FMT-3"],
    severity: Low,
    fixable: true,
    check: check,
}

fn check(ctx: &Context) -> Vec<Finding> {
    let text = ctx.text();
    let lines = &ctx.source.lines;
    let count = lines.line_count(text);
    let mut out = Vec::new();
    for n in 0..count {
        let span = lines.line_span(text, n);
        if ctx
            .stp
            .code_blocks
            .iter()
            .any(|c| c.span.start < span.start && span.end < c.span.end)
        {
            continue;
        }
        let line = &text[span.range()];
        let kept = line.trim_end_matches([' ', '\t']);
        if kept.len() == line.len() {
            continue;
        }
        let trailing = &line[kept.len()..];
        let next_blank =
            n + 1 >= count || text[lines.line_span(text, n + 1).range()].trim().is_empty();
        if trailing == "  " && !kept.trim().is_empty() && !next_blank {
            continue; // a hard line break
        }
        let ws = Span::new(span.start + kept.len(), span.end);
        out.push(
            Finding::new(ws, "trailing white space")
                .help("remove the spaces at the end of the line")
                .fix(Fix::safe(
                    "Remove trailing white space",
                    vec![Edit {
                        span: ws,
                        new_text: String::new(),
                    }],
                )),
        );
    }
    out
}
