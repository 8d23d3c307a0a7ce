//! Spelling: is a word English (or a term of the domain), and which word was meant.
//!
//! Words are looked up in the SCOWL-derived list `data/spelling/english.txt` and the domain
//! allow-list `data/spelling/domain.txt` (both compiled into hash tables by `build.rs`,
//! so a lookup is one hash). A word is also known when it is a known word with a common
//! prefix (`reenable`, `unplug`, `multihoming`) or a domain term with a common ending
//! (`hotplugged`).
//!
//! Suggestions are dictionary or domain words at the smallest edit distance (optimal string
//! alignment: insertions, deletions, substitutions and swaps of neighbours): one edit, else
//! two words run together (`backto`), else, for words of six letters or more, two edits. A
//! suggestion is *sure* when it is the only candidate at that distance, or the only one that
//! is a swap of the word's letters (the most common typo); only a sure one is offered as a fix.

use crate::lexicon::{ascii_lower, DOMAIN_WORDS, ENGLISH};

/// Endings under which a domain term is still the term (`hotplugged`, `VMIs`).
const DOMAIN_SUFFIXES: &[&str] = &["s", "es", "ed", "d", "ing", "er", "ers", "ged", "ging"];

/// Prefixes that make words of known words (`reenable`, `unplug`, `preallocate`,
/// `multihoming`, `hotunplug`): the rest must be a known word of three letters or more.
const PREFIXES: &[&str] = &[
    "anti", "auto", "co", "cross", "de", "dis", "hot", "hyper", "inter", "intra", "micro", "mis",
    "multi", "non", "over", "post", "pre", "re", "semi", "sub", "super", "un", "under",
];

/// Words longer than this are not checked (no dictionary word is that long; they are
/// identifiers or run-together text).
pub(crate) const MAX_WORD: usize = 40;

fn is_listed(lower: &str) -> bool {
    ENGLISH.contains(lower) || DOMAIN_WORDS.contains(lower)
}

fn is_domain_inflection(lower: &str) -> bool {
    DOMAIN_SUFFIXES.iter().any(|s| {
        lower
            .strip_suffix(s)
            .is_some_and(|base| base.len() >= 2 && DOMAIN_WORDS.contains(base))
    })
}

/// Whether a lower-case word is English or a domain term (possibly inflected or prefixed).
pub fn is_known(lower: &str) -> bool {
    is_known_unprefixed(lower)
        || PREFIXES.iter().any(|p| {
            lower
                .strip_prefix(p)
                .is_some_and(|rest| rest.len() >= 3 && is_known_unprefixed(rest))
        })
}

fn is_known_unprefixed(lower: &str) -> bool {
    is_listed(lower) || is_domain_inflection(lower)
}

/// Whether a word in any ASCII case is known (see [`is_known`]), without allocating.
pub fn is_known_word(word: &str) -> bool {
    let mut buf = [0u8; 64];
    ascii_lower(word, &mut buf).is_some_and(is_known)
}

/// What this thread has learnt of a lower-case word: whether it is known, and its
/// suggestions, each once asked for. Both depend on the compiled lists alone, so they hold
/// for every plan (a project's own words are checked by the caller, never remembered here).
#[derive(Default)]
struct Learnt {
    known: Option<bool>,
    suggestions: Option<Option<Suggestions>>,
}

/// Words judged before, per thread: plans share most of their vocabulary (the Markdown files of
/// the STP repository use 2,300 distinct words of four letters or more, 9,600 counted file
/// by file), so after the first plans most words are answered here instead of by several
/// probes of the 134,000-word table. Cleared when full, which bounds it at a few megabytes.
const LEARNT_LIMIT: usize = 1 << 16;

thread_local! {
    static LEARNT: std::cell::RefCell<
        std::collections::HashMap<Box<str>, Learnt, crate::prose::FastHash>,
    > = Default::default();
}

fn with_learnt<R>(lower: &str, f: impl FnOnce(&mut Learnt) -> R) -> R {
    LEARNT.with_borrow_mut(|learnt| {
        if let Some(entry) = learnt.get_mut(lower) {
            return f(entry);
        }
        if learnt.len() >= LEARNT_LIMIT {
            learnt.clear();
        }
        f(learnt.entry(lower.into()).or_default())
    })
}

/// [`is_known`], remembered per thread.
pub fn is_known_remembered(lower: &str) -> bool {
    with_learnt(lower, |entry| {
        *entry.known.get_or_insert_with(|| is_known(lower))
    })
}

/// [`suggestions`], remembered per thread.
pub fn suggestions_remembered(lower: &str) -> Option<Suggestions> {
    with_learnt(lower, |entry| {
        entry
            .suggestions
            .get_or_insert_with(|| suggestions(lower))
            .clone()
    })
}

/// Optimal string alignment distance, giving up (returning `limit + 1`) beyond `limit`.
/// Both words are at most [`MAX_WORD`] bytes; rows live on the stack.
///
/// Only the band of cells within `limit` of the diagonal is computed: a cell outside it
/// costs more than `limit` already, so it is written as `limit + 1` at the band's edges.
pub(crate) fn distance(a: &[u8], b: &[u8], limit: usize) -> usize {
    if a.len().abs_diff(b.len()) > limit || a.len() > MAX_WORD || b.len() > MAX_WORD {
        return limit + 1;
    }
    let (n, m) = (a.len(), b.len());
    // No two such words are more than `MAX_WORD` apart, so a larger limit changes nothing;
    // bounded, every cell fits a `u16` (a cell exceeds its left neighbour by one at most, and
    // the band is `2 * limit + 1` wide), and the rows take an eighth of `usize`'s stack to
    // clear.
    let limit = limit.min(MAX_WORD);
    let over = limit as u16 + 1;
    let mut rows = [[0u16; MAX_WORD + 2]; 3];
    let [mut prev2, mut prev, mut cur] = rows.each_mut();
    for (j, p) in prev.iter_mut().enumerate().take(m + 2) {
        *p = (j as u16).min(over);
    }
    for i in 1..=n {
        let lo = i.saturating_sub(limit).max(1);
        let hi = (i + limit).min(m);
        cur[lo - 1] = if lo == 1 { (i as u16).min(over) } else { over };
        let mut row_min = cur[lo - 1];
        for j in lo..=hi {
            let cost = u16::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(prev2[j - 2] + 1);
            }
            cur[j] = d;
            row_min = row_min.min(d);
        }
        cur[hi + 1] = over;
        if row_min >= over {
            return usize::from(over);
        }
        (prev2, prev, cur) = (prev, cur, prev2);
    }
    usize::from(prev[m].min(over))
}

/// Two English words run together (`backto`), split where both halves are words of at
/// least two letters; the split with the longest first word wins.
fn split_words(lower: &str) -> Option<String> {
    (2..lower.len().saturating_sub(1))
        .rev()
        .filter(|&i| lower.is_char_boundary(i))
        .map(|i| (&lower[..i], &lower[i..]))
        .find(|(a, b)| ENGLISH.contains(a) && ENGLISH.contains(b))
        .map(|(a, b)| format!("{a} {b}"))
}

/// What a lower-case misspelling may have meant: the best candidates, and whether the first
/// is sure enough to be written by a fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestions {
    /// Candidates at the smallest distance, the likeliest first (at most three).
    pub words: Vec<String>,
    /// Only one candidate fits (or only one is a swap of the word's letters).
    pub sure: bool,
}

/// The candidates for a lower-case misspelling: dictionary or domain words one edit away,
/// else two words run together, else (for words of six letters or more) words two edits
/// away. `None` when nothing is close.
pub fn suggestions(lower: &str) -> Option<Suggestions> {
    if let Some(s) = nearest(lower, 1) {
        return Some(s);
    }
    if let Some(split) = split_words(lower) {
        return Some(Suggestions {
            words: vec![split],
            sure: true,
        });
    }
    if lower.len() >= 6 {
        return nearest(lower, 2);
    }
    None
}

/// The intended word for a lower-case misspelling, when there is a sure one.
pub fn suggest(lower: &str) -> Option<String> {
    suggestions(lower)
        .filter(|s| s.sure)
        .and_then(|s| s.words.into_iter().next())
}

fn same_letters(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut counts = [0i32; 256];
    for &x in a {
        counts[x as usize] += 1;
    }
    for &x in b {
        counts[x as usize] -= 1;
    }
    counts.iter().all(|&c| c == 0)
}

/// How often each letter occurs in a word (letters by their low five bits, which keeps
/// `a`-`z` apart).
fn letter_counts(word: &[u8]) -> [i16; 32] {
    let mut counts = [0i16; 32];
    for &x in word {
        counts[usize::from(x & 31)] += 1;
    }
    counts
}

/// How many letters are in one word and not the other, given the first word's
/// [`letter_counts`]: a bound that rules most candidates out cheaply, since an edit changes
/// it by at most two (a substitution), so words `limit` edits apart are at most
/// `2 * limit` apart here.
fn letters_apart(counts: &[i16; 32], other: &[u8]) -> usize {
    let mut diff = *counts;
    for &x in other {
        diff[usize::from(x & 31)] -= 1;
    }
    diff.iter().map(|d| usize::from(d.unsigned_abs())).sum()
}

/// Dictionary and domain words within `limit` edits of a lower-case misspelling.
///
/// English candidates share the first two letters, or have them swapped (typos rarely hit
/// both, and it keeps the search to a small slice of the dictionary); domain terms are all
/// tried (the list is short). Candidates at the smallest distance are ranked: one with the
/// same letters in another order first (a swap is the most common typo), then the one whose
/// length is closest, then dictionary order.
fn nearest(lower: &str, limit: usize) -> Option<Suggestions> {
    let b = lower.as_bytes();
    if b.len() < 2 || b.len() > MAX_WORD || !lower.is_ascii() {
        return None;
    }
    let prefix = &lower[..2];
    let swapped_bytes = [b[1], b[0]];
    let swapped = std::str::from_utf8(&swapped_bytes).ok()?;
    // Words more than `limit` letters longer or shorter are more than `limit` edits away.
    let lens = b.len().saturating_sub(limit)..=b.len() + limit;
    let english = ENGLISH.with_prefix_of_len(prefix, lens.clone()).chain(
        (swapped != prefix)
            .then(|| ENGLISH.with_prefix_of_len(swapped, lens.clone()))
            .into_iter()
            .flatten(),
    );
    let letters = letter_counts(b);
    let mut found: Vec<(usize, bool, usize, &'static str)> = Vec::new();
    for candidate in english.chain(DOMAIN_WORDS.keys_of_len(lens.clone())) {
        if candidate == lower || letters_apart(&letters, candidate.as_bytes()) > 2 * limit {
            continue;
        }
        let d = distance(b, candidate.as_bytes(), limit);
        if d > limit {
            continue;
        }
        let anagram = same_letters(b, candidate.as_bytes());
        found.push((d, !anagram, b.len().abs_diff(candidate.len()), candidate));
    }
    found.sort_unstable();
    found.dedup_by_key(|f| f.3);
    let best = found.first()?.0;
    found.retain(|f| f.0 == best);
    let swaps = found.iter().filter(|f| !f.1).count();
    let sure = found.len() == 1 || swaps == 1;
    Some(Suggestions {
        words: found.iter().take(3).map(|f| f.3.to_string()).collect(),
        sure,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembered_answers_are_the_dictionary_answers() {
        for word in [
            "migration",
            "migartion",
            "reenable",
            "hotplugged",
            "qwzx",
            "backto",
        ] {
            // Asked twice, in both orders: the first answer is computed, the second recalled.
            assert_eq!(is_known_remembered(word), is_known(word), "{word}");
            assert_eq!(suggestions_remembered(word), suggestions(word), "{word}");
            assert_eq!(suggestions_remembered(word), suggestions(word), "{word}");
            assert_eq!(is_known_remembered(word), is_known(word), "{word}");
        }
        assert!(!is_known_remembered("migartion"));
        assert_eq!(
            suggestions_remembered("migartion").map(|s| s.words),
            Some(vec!["migration".to_string()])
        );
    }

    #[test]
    fn distance_counts_swaps_as_one_edit() {
        assert_eq!(distance(b"migartion", b"migration", 2), 1);
        assert_eq!(distance(b"implmenetation", b"implementation", 2), 2);
        assert_eq!(distance(b"abc", b"xyz", 1), 2);
        assert_eq!(distance(b"same", b"same", 1), 0);
    }

    /// The full optimal string alignment table, to check the banded one.
    fn distance_reference(a: &[u8], b: &[u8]) -> usize {
        let (n, m) = (a.len(), b.len());
        let mut d = vec![vec![0usize; m + 1]; n + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=n {
            for j in 1..=m {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut v = (d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1)
                    .min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        d[n][m]
    }

    #[test]
    fn the_banded_distance_agrees_with_the_full_table() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "bca",
            "migration",
            "migartion",
            "migrations",
            "imgration",
            "mgiration",
            "recieve",
            "receive",
            "receiver",
            "deceive",
            "xyzzy",
            "implmenetation",
            "implementation",
            "abcdef",
            "badcfe",
            "fedcba",
        ];
        for a in words {
            for b in words {
                let full = distance_reference(a.as_bytes(), b.as_bytes());
                for limit in 0..=3 {
                    assert_eq!(
                        distance(a.as_bytes(), b.as_bytes(), limit),
                        full.min(limit + 1),
                        "{a} {b} {limit}"
                    );
                }
            }
        }
    }

    #[test]
    fn suggests_the_intended_word() {
        for (typo, meant) in [
            ("migartion", "migration"),
            ("dependecny", "dependency"),
            ("implmenetation", "implementation"),
            ("recieve", "receive"),
            ("aditional", "additional"),
            ("backto", "back to"),
            ("kubvirt", "kubevirt"),
        ] {
            assert_eq!(suggest(typo).as_deref(), Some(meant), "{typo}");
        }
        assert!(is_known("migration") && is_known("kubevirt") && is_known("hotplugged"));
        assert!(!is_known("migartion"));
    }

    #[test]
    fn prefixed_and_domain_words_are_known() {
        for word in [
            "reenable",
            "reenabled",
            "unplug",
            "multihoming",
            "hotplug",
            "hotunplug",
            "preallocate",
            "nonpersistent",
        ] {
            assert!(is_known(word), "{word}");
        }
        // A prefix alone does not make a word.
        assert!(!is_known("rexyzzy") && !is_known("unmigartion"));
        assert!(is_known_word("ReEnable") && !is_known_word("Migartion"));
    }

    #[test]
    fn words_few_edits_apart_have_few_letters_apart() {
        let words = [
            "migration",
            "migartion",
            "imgration",
            "migrations",
            "receive",
            "recieve",
            "xyzzy",
            "abcdef",
            "badcfe",
        ];
        for a in words {
            for b in words {
                let d = distance(a.as_bytes(), b.as_bytes(), 3);
                // Farther than 3, `distance` gives up.
                assert!(
                    d > 3 || letters_apart(&letter_counts(a.as_bytes()), b.as_bytes()) <= 2 * d,
                    "{a} {b}"
                );
            }
        }
    }

    #[test]
    fn no_sure_suggestion_means_no_fix() {
        // `cant` is one edit from `cent`, `cast`, `chant`, ...: no single sure word.
        let ambiguous = suggestions("cant").expect("one edit from several words");
        assert!(
            ambiguous.words.len() > 1 && !ambiguous.sure,
            "{ambiguous:?}"
        );
        assert_eq!(suggest("cant"), None);
    }
}
