use crate::diagnostic::{Applicability, Edit, Finding, Fix};
use crate::lexicon::COMPONENTS;
use crate::prose::tokens;
use crate::rules::Context;
use crate::spelling::{is_known, suggest};
use crate::text::Text;

declare_rule! {
    /// A word is misspelled.
    ///
    /// Reads the plan's prose (not names, sign-offs, code spans, links' targets or
    /// metadata) and looks each word of four or more letters up in an English word list
    /// (SCOWL, American and British, `data/spelling/english.txt`) and a domain allow-list
    /// (`data/spelling/domain.txt`: KubeVirt, OpenShift and Kubernetes terms, products,
    /// tools). A word that is in neither is reported only when an English word is close to
    /// it (one edit; or two words run together, `backto`; or, for words of six letters or
    /// more, two edits; a swap of neighbours counts as one), and that is suggested. Words with digits, inner capitals
    /// (`KubeVirt`, `IPv6`), dots or underscores are identifiers and skipped; a capitalised
    /// word is checked only at the start of a sentence, since elsewhere it is usually a name.
    /// The fix (unsafe: it changes the text) replaces the word with the suggestion.
    ///
    /// Blind spots: a misspelling that is itself an English word ("form" for "from") is
    /// missed; a rare domain word close to an English word and absent from the allow-list is
    /// flagged (add it to `domain.txt`, or suppress the line).
    ///
    /// Fix: correct the word (`stp check --fix --unsafe-fixes` applies the suggestion).
    code: "STP502",
    name: "spelling",
    spec: ["LANG-2"],
    severity: Low,
    fixable: true,
    check: check,
}

fn sentence_start(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches([' ', '*', '_', '"', '(']);
    before.is_empty() || before.ends_with(['.', '!', '?', ':', '\n'])
}

/// The misspelled words of one text, as (range, suggestion).
fn misspellings<'t>(
    text: &'t Text,
    known: &mut std::collections::HashSet<&'t str>,
) -> Vec<(std::ops::Range<usize>, String)> {
    let mut out = Vec::new();
    for token in tokens(&text.text) {
        let t = token.text;
        if t.contains(|c: char| c.is_ascii_digit() || matches!(c, '.' | '_' | '\'' | '’'))
            || !t.is_ascii()
            || text.in_code(&token.range())
            || COMPONENTS.contains(&t.to_ascii_lowercase())
        {
            continue;
        }
        let mut offset = token.start;
        for part in t.split('-') {
            let range = offset..offset + part.len();
            offset += part.len() + 1;
            if part.len() < 4 || part.bytes().skip(1).any(|b| b.is_ascii_uppercase()) {
                continue;
            }
            let capitalised = part.as_bytes()[0].is_ascii_uppercase();
            if capitalised && !sentence_start(&text.text, range.start) {
                continue;
            }
            if known.contains(part) {
                continue;
            }
            let lower = part.to_ascii_lowercase();
            if is_known(&lower) {
                known.insert(part);
                continue;
            }
            if let Some(word) = suggest(&lower) {
                out.push((range, word));
            }
        }
    }
    out
}

fn with_case_of(original: &str, word: &str) -> String {
    if original.as_bytes()[0].is_ascii_uppercase() {
        let mut c = word.chars();
        c.next()
            .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
            .unwrap_or_default()
    } else {
        word.to_string()
    }
}

fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut known = std::collections::HashSet::new();
    for text in ctx.stp.prose_texts() {
        for (range, word) in misspellings(text, &mut known) {
            let written = &text.text[range.clone()];
            let span = text.source_span(range.clone());
            let replacement = with_case_of(written, &word);
            let mut finding = Finding::new(
                span,
                format!("'{written}' looks misspelled; did you mean '{replacement}'?"),
            )
            .help(format!(
                "write '{replacement}', or add the word to the domain allow-list"
            ));
            // Only offer the edit when the span is exactly the word in the source.
            if ctx.text().get(span.range()) == Some(written) {
                finding = finding.fix(Fix {
                    title: format!("replace '{written}' with '{replacement}'"),
                    edits: vec![Edit {
                        span,
                        new_text: replacement.clone(),
                    }],
                    applicability: Applicability::Unsafe,
                });
            }
            out.push(finding);
        }
    }
    out
}
