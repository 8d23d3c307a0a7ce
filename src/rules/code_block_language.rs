use crate::diagnostic::Finding;
use crate::rules::Context;

declare_rule! {
    /// A fenced code block does not name its language.
    ///
    /// The STP repository's markdownlint configuration requires it (MD040): without a
    /// language the block is rendered without highlighting and readers cannot tell YAML
    /// from shell output. Indented code blocks are not reported.
    ///
    /// Fix: add the language after the opening fence, e.g. ` ```yaml `, ` ```bash `, or
    /// ` ```text ` for plain output.
    code: "STP030",
    name: "code-block-language",
    spec: ["FMT-1"],
    severity: Medium,
    fixable: false,
    check: check,
}

fn check(ctx: &Context) -> Vec<Finding> {
    ctx.stp
        .code_blocks
        .iter()
        .filter(|c| c.fenced && c.info.is_empty())
        .map(|c| {
            let line = ctx.source.lines.line_of(c.span.start);
            let fence = ctx.source.lines.line_span(ctx.text(), line);
            Finding::new(fence, "code block does not name a language")
                .help("add one after the fence, e.g. ```yaml, ```bash or ```text")
        })
        .collect()
}
