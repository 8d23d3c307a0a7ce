use crate::diagnostic::Finding;
use crate::rules::Context;

declare_rule! {
    /// An image has no alternative text.
    ///
    /// Required by the STP repository's markdownlint configuration (MD045). Alt text is what
    /// screen readers announce and what shows when the image does not load; a diagram in a
    /// test plan usually carries information the text does not repeat. Both Markdown images
    /// (`![alt](src)`) and HTML `<img>` tags are checked.
    ///
    /// Fix: describe what the image shows, e.g. `![Migration flow between two nodes](flow.png)`.
    code: "STP031",
    name: "image-alt-text",
    spec: ["FMT-2"],
    severity: Medium,
    fixable: false,
    check: check,
}

fn check(ctx: &Context) -> Vec<Finding> {
    ctx.stp
        .images
        .iter()
        .filter(|i| i.alt.trim().is_empty())
        .map(|i| {
            Finding::new(i.span, "image has no alt text").help(
                "describe what the image shows inside the brackets: ![what it shows](file.png)",
            )
        })
        .collect()
}
