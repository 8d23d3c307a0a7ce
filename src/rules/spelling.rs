use crate::diagnostic::{Applicability, Edit, Finding, Fix};
use crate::lexicon::{ascii_lower, COMPONENTS, KNOWN_ACRONYMS};
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
    /// inner capitals (`KubeVirt`, `IPv6`), dots or underscores are identifiers and skipped,
    /// except a known acronym with one stray lower-case letter after it (`PSIm` for `PSI`;
    /// not a plural `s`, nor an acronym written so, `PCIe`); any other capitalised word is
    /// checked only at the start of a sentence, since elsewhere it is usually a name.
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

/// A misspelled word of a text: its range and what it may have meant.
struct Misspelling {
    range: std::ops::Range<usize>,
    suggestions: Suggestions,
}

/// The words this thread has found that can never be reported, wherever they stand: the
/// answer depends on the word as written and the project's words alone, so it holds for
/// every plan with the same project words. Plans share most of their vocabulary, so after
/// the first plans nearly every word is answered by one lookup here. Cleared when full,
/// which bounds it at a few megabytes, and when the project's words change.
#[derive(Default)]
struct Verdicts {
    project_words: Vec<String>,
    /// Word as written -> whether it can never be reported.
    never_reported: crate::word_map::WordMap<bool>,
}

const VERDICTS_LIMIT: usize = 1 << 16;

thread_local! {
    static VERDICTS: std::cell::RefCell<Verdicts> = Default::default();
}

impl Verdicts {
    /// Starts over unless the cache was filled for these project words.
    fn for_project_words(&mut self, project_words: &[String]) {
        if self.project_words != project_words {
            self.project_words = project_words.to_vec();
            self.never_reported.clear();
        }
    }

    /// Whether a token (four letters or more) can never be reported, wherever it stands:
    /// it is an identifier, a component name, or each of its parts is short, an
    /// identifier, known, or unknown with nothing close. A token that may be reported (a
    /// misspelling, maybe only when it starts a sentence) is judged where it stands.
    fn never_reported(&mut self, token: &str) -> bool {
        if let Some(never) = self.never_reported.get(token) {
            return never;
        }
        if self.never_reported.len() >= VERDICTS_LIMIT {
            self.never_reported.clear();
        }
        let never = is_identifier(token)
            || COMPONENTS.contains_lowercase(token)
            || token
                .split('-')
                .all(|part| misspelling_of(part, &self.project_words).is_none());
        self.never_reported.insert(token, never);
        never
    }
}

/// Tokens that are not prose words: with letters beyond ASCII, digits, dots, underscores or
/// apostrophes.
fn is_identifier(token: &str) -> bool {
    !token.is_ascii()
        || token
            .bytes()
            .any(|b| b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'\''))
}

/// What a part of an ASCII token (between hyphens) may have meant, if it is a word to check
/// (four letters or more, no inner capitals, or a known acronym with a stray letter) and
/// neither known nor a project word; `None` also when nothing is close. Whether a
/// capitalised word starts a sentence is the caller's question.
fn misspelling_of(part: &str, project_words: &[String]) -> Option<Suggestions> {
    if part.len() < MIN_LETTERS {
        return None;
    }
    let acronym = acronym_before_stray_letter(part);
    if acronym.is_none() && part.bytes().skip(1).any(|b| b.is_ascii_uppercase()) {
        return None;
    }
    // Words longer than the buffer are not looked up (no list has one).
    let mut buf = [0u8; 64];
    let lower = ascii_lower(part, &mut buf)?;
    if is_known_remembered(lower)
        || project_words
            .binary_search_by(|w| w.as_str().cmp(lower))
            .is_ok()
    {
        return None;
    }
    match acronym {
        Some(acronym) => Some(Suggestions {
            words: vec![acronym.to_string()],
            sure: true,
        }),
        None => suggestions_remembered(lower),
    }
}

/// The known acronym a token spells before one stray lower-case letter (`PSIm` for `PSI`),
/// unless the whole token is an acronym itself (`PCIe`). A plural `s` (`VMs`, `NICs`) is
/// not stray.
fn acronym_before_stray_letter(part: &str) -> Option<&str> {
    let (&last, capitals) = part.as_bytes().split_last()?;
    let acronym = &part[..capitals.len()];
    let stray = last.is_ascii_lowercase() && last != b's';
    (stray
        && capitals.len() >= 2
        && capitals.iter().all(u8::is_ascii_uppercase)
        && KNOWN_ACRONYMS.contains(acronym)
        && !KNOWN_ACRONYMS.contains(&part.to_ascii_uppercase()))
    .then_some(acronym)
}

/// The misspelled words of one text.
fn misspellings(text: &Text, verdicts: &mut Verdicts) -> Vec<Misspelling> {
    let mut out = Vec::new();
    for token in text_tokens(text) {
        let t = token.text;
        // Short words are not checked; nearly all others were judged before.
        if t.len() < MIN_LETTERS || verdicts.never_reported(t) || text.in_code(&token.range()) {
            continue;
        }
        // Not an identifier (see `never_reported`): ASCII, so its bytes between hyphens
        // are its parts.
        let mut from = 0;
        for part in t.split('-') {
            let range = token.start + from..token.start + from + part.len();
            from += part.len() + 1;
            // A capitalised word may be a name, except an acronym with a stray letter.
            let capitalised = part.as_bytes().first().is_some_and(u8::is_ascii_uppercase);
            if capitalised
                && acronym_before_stray_letter(part).is_none()
                && !sentence_start(&text.text, range.start)
            {
                continue;
            }
            if let Some(suggestions) = misspelling_of(part, &verdicts.project_words) {
                out.push(Misspelling { range, suggestions });
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
    let project_words: &[String] = ctx
        .settings
        .config
        .map_or(&[], |c| c.spelling_words.as_slice());
    let found: Vec<(&Text, Misspelling)> = VERDICTS.with_borrow_mut(|verdicts| {
        verdicts.for_project_words(project_words);
        ctx.stp
            .prose_texts()
            .into_iter()
            .flat_map(|text| {
                misspellings(text, verdicts)
                    .into_iter()
                    .map(move |m| (text, m))
            })
            .collect()
    });
    let mut out = Vec::new();
    for (text, Misspelling { range, suggestions }) in found {
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
    out
}
