use crate::diagnostic::{Edit, Finding, Fix};
use crate::rules::Context;
use crate::source::Span;

declare_rule! {
    /// A section heading has no space after its `#`s.
    ///
    /// Markdown reads `####**2. Test Strategy**` as a paragraph, not a heading: the rendered
    /// plan shows the `#`s as text, and the section is missing from its outline. `stp` reads
    /// such a line as the heading it was meant to be when it names a template section (so the
    /// sections around it keep their bounds, and nothing else is reported for it), and
    /// reports it here. Lines that start with `#` and name no section are left alone.
    ///
    /// Fix (safe): insert the space after the `#`s.
    code: "STP037",
    name: "heading-space",
    spec: ["DOC-2"],
    severity: Medium,
    fixable: true,
    check: check,
}

fn check(ctx: &Context) -> Vec<Finding> {
    let text = ctx.text();
    ctx.stp
        .sections
        .iter()
        .filter_map(|section| {
            let hashes = section.unspaced_hashes?;
            let line = text[section.span.range()].trim();
            let written = &text[hashes.range()];
            let rest = text[hashes.end..section.span.end].trim_end();
            let at = Span::empty(hashes.end);
            Some(
                Finding::new(
                    section.span,
                    format!("`{line}` is not a heading: Markdown needs a space after `{written}`"),
                )
                .help(format!("write `{written} {rest}`"))
                .fix(Fix::safe(
                    format!("Insert a space after `{written}`"),
                    vec![Edit {
                        span: at,
                        new_text: " ".to_string(),
                    }],
                )),
            )
        })
        .collect()
}
