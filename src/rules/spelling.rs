use crate::diagnostic::{Applicability, Edit, Finding, Fix};
use crate::lexicon::COMPONENTS;
use crate::prose::text_tokens;
use crate::rules::Context;
use crate::spelling::{is_known_remembered, suggestions_remembered, Suggestions};
use crate::text::Text;

declare_rule! {
    /// A word is misspelled.
    ///
    /// Reads the plan's prose (not names, sign-offs, code spans, links' targets or
    /// metadata) and looks each word of four or more letters up in an English word list
    /// (SCOWL, American and British, `data/spelling/english.txt`), a domain allow-list
    /// (`data/spelling/domain.txt`: KubeVirt, OpenShift and Kubernetes terms, networking,
    /// storage and virtualization vocabulary, products, tools) and the project's own words
    /// (`[spelling] words = [...]` or `words-file = "..."` in `stp.toml`). A known word with a
    /// common prefix (`reenable`, `unplug`, `preallocate`, `multihoming`) or a domain term
    /// with a common ending (`hotplugged`) is known too. A word found nowhere is reported
    /// only when a dictionary or domain word is close to it (one edit; or two words run
    /// together, `backto`; or, for words of six letters or more, two edits; a swap of
    /// neighbours counts as one), and the closest ones are suggested. Words with digits,
    /// inner capitals (`KubeVirt`, `IPv6`), dots or underscores are identifiers and skipped;
    /// a capitalised word is checked only at the start of a sentence, since elsewhere it is
    /// usually a name.
    ///
    /// The fix (unsafe: it changes the text) replaces the word only when the suggestion is
    /// sure: the one word at that distance, or the one that swaps two neighbouring letters.
    /// With several equally close words the finding lists them and offers no fix.
    ///
    /// Blind spots: a misspelling that is itself an English word ("form" for "from") is
    /// missed; a rare term close to a dictionary word and absent from the lists is flagged
    /// (add it to `[spelling] words`, or suppress the line).
    ///
    /// Fix: correct the word (`stp check --fix --unsafe-fixes` applies a sure suggestion), or
    /// add the project's term to `[spelling] words` in `stp.toml`.
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

/// Words shorter than this are not checked.
const MIN_LETTERS: usize = 4;
/// Words longer than this are not looked up (no list has one).
const MAX_LOWERED: usize = 64;

/// A misspelled word of a text: its range and what it may have meant.
struct Misspelling {
    range: std::ops::Range<usize>,
    suggestions: Suggestions,
}

/// The misspelled words of one text. `judged` remembers words already found correct, or
/// unknown with nothing close, so that a plan's vocabulary is looked up once.
fn misspellings<'t>(
    text: &'t Text,
    project_words: &[String],
    judged: &mut std::collections::HashSet<&'t str, crate::prose::FastHash>,
) -> Vec<Misspelling> {
    let mut out = Vec::new();
    let mut lower = String::with_capacity(MAX_LOWERED);
    for token in text_tokens(text) {
        let t = token.text;
        // Short words are not checked; most others are words seen before in the plan.
        if t.len() < MIN_LETTERS || judged.contains(t) {
            continue;
        }
        if !t.is_ascii()
            || t.bytes()
                .any(|b| b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'\''))
            || text.in_code(&token.range())
        {
            continue;
        }
        if COMPONENTS.contains_lowercase(t) {
            judged.insert(t);
            continue;
        }
        let mut from = 0;
        for part in t.as_bytes().split(|&b| b == b'-') {
            // The token is ASCII: its bytes between hyphens are its parts.
            let part = &t[from..from + part.len()];
            let range = token.start + from..token.start + from + part.len();
            from += part.len() + 1;
            if part.len() < MIN_LETTERS || part.bytes().skip(1).any(|b| b.is_ascii_uppercase()) {
                continue;
            }
            let capitalised = part.as_bytes()[0].is_ascii_uppercase();
            if capitalised && !sentence_start(&text.text, range.start) {
                continue;
            }
            if judged.contains(part) {
                continue;
            }
            if part.len() > MAX_LOWERED {
                continue;
            }
            // The token is ASCII: lower-case it in place, without validating UTF-8 again.
            lower.clear();
            lower.push_str(part);
            lower.make_ascii_lowercase();
            if is_known_remembered(&lower)
                || project_words
                    .binary_search_by(|w| w.as_str().cmp(&lower))
                    .is_ok()
            {
                judged.insert(part);
                continue;
            }
            match suggestions_remembered(&lower) {
                Some(suggestions) => out.push(Misspelling { range, suggestions }),
                None => {
                    judged.insert(part);
                }
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

/// `'a'`, `'a' or 'b'`, `'a', 'b' or 'c'`.
fn alternatives(words: &[String]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => quoted.join(""),
    }
}

fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut judged = std::collections::HashSet::with_capacity_and_hasher(1024, Default::default());
    let project_words: &[String] = ctx
        .settings
        .config
        .map_or(&[], |c| c.spelling_words.as_slice());
    for text in ctx.stp.prose_texts() {
        for Misspelling { range, suggestions } in misspellings(text, project_words, &mut judged) {
            let written = &text.text[range.clone()];
            let span = text.source_span(range.clone());
            let words: Vec<String> = suggestions
                .words
                .iter()
                .map(|w| with_case_of(written, w))
                .collect();
            let mut finding = Finding::new(
                span,
                format!(
                    "'{written}' looks misspelled; did you mean {}?",
                    alternatives(&words)
                ),
            )
            .help(format!(
                "correct the word, or add '{}' to `[spelling] words` in stp.toml",
                written.to_ascii_lowercase()
            ));
            // Only offer the edit for a sure suggestion, and when the span is exactly the
            // word in the source.
            if suggestions.sure && ctx.text().get(span.range()) == Some(written) {
                let replacement = words[0].clone();
                finding = finding.fix(Fix {
                    title: format!("replace '{written}' with '{replacement}'"),
                    edits: vec![Edit {
                        span,
                        new_text: replacement,
                    }],
                    applicability: Applicability::Unsafe,
                });
            }
            out.push(finding);
        }
    }
    out
}
