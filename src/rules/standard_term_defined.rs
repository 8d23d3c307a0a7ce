use crate::diagnostic::Finding;
use crate::lexicon::STANDARD_TERMS;
use crate::rules::Context;
use crate::text::Text;

declare_rule! {
    /// Document Conventions defines a standard term that every reviewer knows.
    ///
    /// The conventions are for the feature's own vocabulary; defining VM, PVC, CDI, OCP or
    /// API adds length and hides the terms a reader really needs. The rule reads each
    /// definition (a line or item of Document Conventions, the term before `:`, `=`, `—`,
    /// ` - ` or `(`) and fires when the term is in the list of standard terms
    /// (`data/lexicon/standard-terms.txt`).
    ///
    /// Blind spots: definitions written as prose ("we use VM for ...") are not read.
    ///
    /// Fix: delete the definition.
    code: "STP120",
    name: "standard-term-defined",
    spec: ["META-5"],
    severity: Low,
    fixable: false,
    check: check,
}

/// The term a convention line defines, as a range of its text.
fn defined_term(line: &Text) -> Option<std::ops::Range<usize>> {
    let t = &line.text;
    let start = t.len() - t.trim_start_matches(['*', '_', ' ', '-', '•']).len();
    let rest = &t[start..];
    let end = [":", "=", "—", "–", " - ", " ("]
        .iter()
        .filter_map(|sep| rest.find(sep))
        .min()?;
    let term = rest[..end].trim_end_matches(['*', '_', ' ']);
    (!term.is_empty() && term.split_whitespace().count() <= 3).then(|| start..start + term.len())
}

fn check(ctx: &Context) -> Vec<Finding> {
    let Some(conventions) = &ctx.stp.conventions else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for line in conventions.texts().flat_map(Text::lines) {
        let Some(range) = defined_term(&line) else {
            continue;
        };
        let term = &line.text[range.clone()];
        // "VM / VMI", "PVC(s)": every part must be standard.
        let parts: Vec<String> = term
            .split(['/', ',', '(', ')'])
            .map(|p| p.trim().trim_end_matches("s").to_ascii_uppercase())
            .filter(|p| !p.is_empty())
            .collect();
        let standard = !parts.is_empty()
            && parts
                .iter()
                .all(|p| STANDARD_TERMS.contains(p) || STANDARD_TERMS.contains(&format!("{p}S")));
        if standard {
            out.push(
                Finding::new(
                    line.source_span(range),
                    format!("'{term}' is a standard term; reviewers know it"),
                )
                .help("define only feature-specific terms; delete this one"),
            );
        }
    }
    out
}
