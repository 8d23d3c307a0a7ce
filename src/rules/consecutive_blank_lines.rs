use crate::diagnostic::{Edit, Finding, Fix};
use crate::rules::Context;
use crate::source::Span;

declare_rule! {
    /// Two or more blank lines in a row.
    ///
    /// One blank line separates blocks in Markdown; more add nothing to the rendered plan and
    /// are flagged by the repository's markdownlint configuration (MD012). Blank lines
    /// inside fenced code blocks and at the end of the file (see `final-newline`) are not
    /// reported here.
    ///
    /// Fix (safe): keep one blank line.
    code: "STP033",
    name: "consecutive-blank-lines",
    spec: ["FMT-3"],
    severity: Low,
    fixable: true,
    check: check,
}

fn check(ctx: &Context) -> Vec<Finding> {
    let text = ctx.text();
    let lines = &ctx.source.lines;
    let count = lines.line_count(text);
    let in_code = |offset: usize| {
        ctx.stp
            .code_blocks
            .iter()
            .any(|c| c.span.start < offset && offset < c.span.end)
    };
    let blank = |n: usize| text[lines.line_span(text, n).range()].trim().is_empty();
    let mut out = Vec::new();
    let mut n = 0;
    while n < count {
        if !blank(n) {
            n += 1;
            continue;
        }
        let first = n;
        while n < count && blank(n) {
            n += 1;
        }
        let run = n - first;
        if run < 2 || n >= count || in_code(lines.line_start(first)) {
            continue;
        }
        // Delete the extra lines, keeping the first blank line.
        let extra = Span::new(lines.line_start(first + 1), lines.line_start(n));
        let shown = Span::new(
            lines.line_start(first + 1),
            lines.line_span(text, n - 1).end,
        );
        out.push(
            Finding::new(shown, format!("{run} blank lines in a row"))
                .help("keep a single blank line between blocks")
                .fix(Fix::safe(
                    "Remove extra blank lines",
                    vec![Edit {
                        span: extra,
                        new_text: String::new(),
                    }],
                )),
        );
    }
    out
}
