//! Words of prose for the heuristic rules: tokens with byte ranges, case-insensitive phrase
//! search on word boundaries, stop words and stems.
//!
//! Everything here works on byte ranges of the string it is given (usually `Text::text`), so
//! a rule can map a hit back to the source with `Text::source_span`. Lower-casing is ASCII
//! only, which keeps byte offsets unchanged.

use crate::source::Span;
use crate::text::Text;
use std::ops::Range;

/// A word-like run of the text: letters and digits, joined by inner `-`, `_`, `.` or `'`
/// (`virt-launcher`, `spec.running`, `don't`, `4.22`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'t> {
    pub start: usize,
    pub text: &'t str,
}

impl Token<'_> {
    pub fn range(&self) -> Range<usize> {
        self.start..self.start + self.text.len()
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '_' | '.' | '\'' | '’')
}

/// Word-like runs, see [`Token`].
pub fn tokens(text: &str) -> impl Iterator<Item = Token<'_>> {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let start = loop {
            let (i, c) = chars.next()?;
            if is_word_char(c) {
                break i;
            }
        };
        let mut end = text.len();
        while let Some(&(i, c)) = chars.peek() {
            if is_word_char(c) {
                chars.next();
                continue;
            }
            if is_joiner(c) {
                // A joiner counts only between word characters.
                let next = text[i + c.len_utf8()..].chars().next();
                if next.is_some_and(is_word_char) {
                    chars.next();
                    continue;
                }
            }
            end = i;
            break;
        }
        Some(Token {
            start,
            text: &text[start..end],
        })
    })
}

/// Runs of letters only (no digits or joiners): the units of spelling and of stems.
pub fn words(text: &str) -> impl Iterator<Item = Token<'_>> {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let start = loop {
            let (i, c) = chars.next()?;
            if c.is_alphabetic() {
                break i;
            }
        };
        let mut end = text.len();
        while let Some(&(i, c)) = chars.peek() {
            if c.is_alphabetic() {
                chars.next();
            } else {
                end = i;
                break;
            }
        }
        Some(Token {
            start,
            text: &text[start..end],
        })
    })
}

/// Whether `text[range]` stands alone as words: no letter or digit touches either end.
pub fn on_word_boundary(text: &str, range: &Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
}

/// The first occurrence of `phrase` (lower case) in `lower` (an ASCII-lower-cased text) that
/// stands alone as words. A phrase ending in `*` matches any word that starts with it
/// (`reconcil*` finds "reconciles").
pub fn find_phrase(lower: &str, phrase: &str) -> Option<Range<usize>> {
    let (stem, open_end) = match phrase.strip_suffix('*') {
        Some(stem) => (stem, true),
        None => (phrase, false),
    };
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(&lower.as_bytes()[from..], stem.as_bytes()) {
        let start = from + at;
        let mut end = start + stem.len();
        if open_end {
            end += lower[end..]
                .find(|c: char| !is_word_char(c))
                .unwrap_or(lower.len() - end);
        }
        if on_word_boundary(lower, &(start..end)) {
            return Some(start..end);
        }
        from = start + stem.len().max(1);
        while !lower.is_char_boundary(from) {
            from += 1;
        }
    }
    None
}

/// The first of `phrases` found in `lower` (by position in the text), with the phrase.
pub fn find_any<'p>(lower: &str, phrases: &[&'p str]) -> Option<(Range<usize>, &'p str)> {
    phrases
        .iter()
        .filter_map(|p| find_phrase(lower, p).map(|r| (r, *p)))
        .min_by_key(|(r, _)| r.start)
}

/// Whether any of `phrases` occurs in `lower` as words.
pub fn has_any(lower: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|p| find_phrase(lower, p).is_some())
}

/// The first of `phrases` found in any of `texts`, as a source span.
pub fn find_in<'t, 'p>(
    texts: impl IntoIterator<Item = &'t Text>,
    phrases: &[&'p str],
) -> Option<(Span, &'p str)> {
    texts.into_iter().find_map(|t| {
        let lower = t.text.to_ascii_lowercase();
        find_any(&lower, phrases).map(|(r, p)| (t.source_span(r), p))
    })
}

/// Whether any of `texts` holds any of `phrases`.
pub fn mentioned<'t>(texts: impl IntoIterator<Item = &'t Text>, phrases: &[&str]) -> bool {
    texts
        .into_iter()
        .any(|t| has_any(&t.text.to_ascii_lowercase(), phrases))
}

/// How many words a text has.
pub fn word_count(text: &str) -> usize {
    words(text).count()
}

/// `runStrategy`: at least two lower-case letters, then a capital followed by a lower-case
/// letter. (`vCenter`, `macOS`, `iSCSI` are product spellings, not identifiers.)
pub fn is_camel_case(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() >= 4
        && b[0].is_ascii_lowercase()
        && b[1].is_ascii_lowercase()
        && b.windows(2)
            .any(|w| w[0].is_ascii_uppercase() && w[1].is_ascii_lowercase())
        && b.iter().all(|c| c.is_ascii_alphanumeric())
}

/// Function words that carry no topic: left out of similarity measures.
const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
    "before", "being", "between", "both", "but", "by", "can", "could", "do", "does", "during",
    "each", "either", "etc", "for", "from", "has", "have", "how", "i", "if", "in", "into", "is",
    "it", "its", "may", "more", "must", "no", "not", "of", "on", "once", "only", "or", "other",
    "our", "per", "should", "so", "such", "than", "that", "the", "their", "them", "then", "there",
    "these", "they", "this", "those", "through", "to", "under", "up", "upon", "via", "was", "we",
    "were", "what", "when", "where", "whether", "which", "while", "who", "will", "with", "within",
    "without", "would", "you", "your",
];

/// Words every test text uses ("verify that ... works"): they say nothing about *what* is
/// tested, so similarity ignores them.
const TEST_WORDS: &[&str] = &[
    "able",
    "case",
    "cases",
    "check",
    "checks",
    "confirm",
    "confirms",
    "correct",
    "correctly",
    "ensure",
    "ensures",
    "expected",
    "feature",
    "functionality",
    "p0",
    "p1",
    "p2",
    "properly",
    "scenario",
    "scenarios",
    "successful",
    "successfully",
    "test",
    "tested",
    "testing",
    "tests",
    "tier",
    "user",
    "users",
    "validate",
    "validates",
    "validation",
    "verified",
    "verifies",
    "verify",
    "want",
    "work",
    "works",
];

pub fn is_stop_word(lower: &str) -> bool {
    STOP_WORDS.binary_search(&lower).is_ok()
}

/// `scratchSpaceStorageClass` -> `scratch`, `Space`, `Storage`, `Class`: an identifier
/// shares words with the prose that describes it. Other words come back whole.
fn split_camel_case(word: &str) -> impl Iterator<Item = &str> {
    let b = word.as_bytes();
    let mut cuts: Vec<usize> = Vec::new();
    if is_camel_case(word)
        || (b.len() > 3 && b[0].is_ascii_uppercase() && b[1].is_ascii_lowercase())
    {
        cuts.extend(
            (1..b.len()).filter(|&i| b[i].is_ascii_uppercase() && b[i - 1].is_ascii_lowercase()),
        );
    }
    cuts.push(b.len());
    let mut start = 0;
    cuts.into_iter().map(move |end| {
        let part = &word[start..end];
        start = end;
        part
    })
}

thread_local! {
    /// Stems already computed on this thread: plans repeat their vocabulary, and stemming a
    /// word costs far more than a hash lookup.
    static STEMS: std::cell::RefCell<std::collections::HashMap<String, String>> = Default::default();
}

fn stem(stemmer: &rust_stemmers::Stemmer, word: String) -> String {
    if let Some(hit) = STEMS.with(|c| c.borrow().get(&word).cloned()) {
        return hit;
    }
    let stemmed = stemmer.stem(&word).into_owned();
    STEMS.with(|c| {
        let mut cache = c.borrow_mut();
        if cache.len() < 50_000 {
            cache.insert(word, stemmed.clone());
        }
    });
    stemmed
}

/// The content stems of a text: lower-cased letter-and-digit words without stop words and
/// generic test words, stemmed (Snowball English), deduplicated, sorted.
pub fn content_stems(text: &str) -> Vec<String> {
    thread_local! {
        static STEMMER: rust_stemmers::Stemmer =
            rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    }
    let mut out: Vec<String> = STEMMER.with(|stemmer| {
        text.split(|c: char| !c.is_alphanumeric())
            .flat_map(split_camel_case)
            .filter(|w| w.len() > 1 || w.chars().all(|c| c.is_ascii_digit()))
            .map(str::to_lowercase)
            .filter(|w| !is_stop_word(w) && TEST_WORDS.binary_search(&w.as_str()).is_err())
            .map(|w| stem(stemmer, w))
            .filter(|s| !s.is_empty())
            .collect()
    });
    out.sort_unstable();
    out.dedup();
    out
}

/// The share of `part`'s stems that `whole` also has (0 when `part` has none).
pub fn stem_coverage(part: &[String], whole: &[String]) -> f64 {
    if part.is_empty() {
        return 0.0;
    }
    let shared = part
        .iter()
        .filter(|s| whole.binary_search(s).is_ok())
        .count();
    shared as f64 / part.len() as f64
}

/// Sentences of a text: split at `.`, `!`, `?` followed by white space, and at line breaks.
pub fn sentences(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    let b = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            let end_here = b[i] == b'\n'
                || (matches!(b[i], b'.' | b'!' | b'?')
                    && b.get(i + 1).is_none_or(|c| c.is_ascii_whitespace()));
            i += 1;
            if end_here {
                let r = start..i;
                start = i;
                if !text[r.clone()].trim().is_empty() {
                    return Some(r);
                }
            }
        }
        if start < b.len() {
            let r = start..b.len();
            start = b.len();
            if !text[r.clone()].trim().is_empty() {
                return Some(r);
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_lists_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(TEST_WORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn tokens_keep_inner_joiners() {
        let t: Vec<&str> = tokens("Use virt-launcher, spec.running (4.22) don't.")
            .map(|t| t.text)
            .collect();
        assert_eq!(
            t,
            vec!["Use", "virt-launcher", "spec.running", "4.22", "don't"]
        );
        let w: Vec<&str> = words("virt-launcher 4x").map(|t| t.text).collect();
        assert_eq!(w, vec!["virt", "launcher", "x"]);
    }

    #[test]
    fn phrases_match_whole_words_only() {
        let lower = "the controller reconciles; uncontrolled";
        assert_eq!(find_phrase(lower, "controller"), Some(4..14));
        assert_eq!(find_phrase(lower, "control"), None);
        assert_eq!(find_phrase(lower, "reconcil*"), Some(15..25));
        assert_eq!(
            find_any(lower, &["reconcil*", "the"]).map(|(r, _)| r),
            Some(0..3)
        );
    }

    #[test]
    fn stems_ignore_stop_and_test_words() {
        assert_eq!(
            content_stems("Verify that the VM migrates; migration works"),
            vec!["migrat", "vm"]
        );
        assert_eq!(
            content_stems("scratchSpaceStorageClass — DataVolume"),
            vec!["class", "data", "scratch", "space", "storag", "volum"]
        );
    }
}
