//! Spelling: is a word English (or a term of the domain), and which English word was meant.
//!
//! Words are looked up in the SCOWL-derived list `data/spelling/english.txt` and the domain
//! allow-list `data/spelling/domain.txt`. Suggestions are dictionary words at the smallest
//! edit distance (optimal string alignment: insertions, deletions, substitutions and swaps
//! of neighbours): one edit, else two words run together (`backto`), else, for words of six
//! letters or more, two edits.

use crate::lexicon::{DOMAIN_WORDS, ENGLISH};

/// Endings under which a domain term is still the term (`hotplugged`, `VMIs`).
const DOMAIN_SUFFIXES: &[&str] = &["s", "es", "ed", "d", "ing", "er", "ers", "ged", "ging"];

/// Whether a lower-case word is English or a domain term (possibly inflected).
pub fn is_known(lower: &str) -> bool {
    ENGLISH.contains(lower)
        || DOMAIN_WORDS.contains(lower)
        || DOMAIN_SUFFIXES.iter().any(|s| {
            lower
                .strip_suffix(s)
                .is_some_and(|base| base.len() >= 2 && DOMAIN_WORDS.contains(base))
        })
}

/// Optimal string alignment distance, giving up (returning `limit + 1`) beyond `limit`.
fn distance(a: &[u8], b: &[u8], limit: usize) -> usize {
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    let (n, m) = (a.len(), b.len());
    let mut prev2 = vec![0usize; m + 1];
    let mut prev: Vec<usize> = (0..=m).collect();
    let mut cur = vec![0usize; m + 1];
    for i in 1..=n {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(prev2[j - 2] + 1);
            }
            cur[j] = d;
            row_min = row_min.min(d);
        }
        if row_min > limit {
            return limit + 1;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[m]
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

/// What a lower-case misspelling most likely meant: an English word one edit away, else two
/// words run together, else (for words of six letters or more) a word two edits away.
pub fn suggest(lower: &str) -> Option<String> {
    if let Some(word) = nearest(lower, 1) {
        return Some(word.to_string());
    }
    if let Some(split) = split_words(lower) {
        return Some(split);
    }
    if lower.len() >= 6 {
        return nearest(lower, 2).map(str::to_string);
    }
    None
}

/// The English word most likely meant by a lower-case misspelling, within `limit` edits.
///
/// Candidates share the first two letters, or have them swapped (typos rarely hit both, and
/// it keeps the search to a small slice of the dictionary). Among candidates at the same
/// distance, one with the same letters in another order wins (a swap is the most common
/// typo), then the one whose length is closest, then the first in dictionary order.
fn nearest(lower: &str, limit: usize) -> Option<&'static str> {
    let b = lower.as_bytes();
    if b.len() < 2 || !lower.is_ascii() {
        return None;
    }
    let prefix = &lower[..2];
    let swapped = String::from_utf8(vec![b[1], b[0]]).ok()?;
    let mut sorted_word: Vec<u8> = b.to_vec();
    sorted_word.sort_unstable();
    let mut best: Option<(usize, bool, usize, &'static str)> = None;
    for candidate in ENGLISH
        .with_prefix(prefix)
        .chain(ENGLISH.with_prefix(&swapped))
    {
        if candidate.len().abs_diff(b.len()) > limit {
            continue;
        }
        let d = distance(b, candidate.as_bytes(), limit);
        if d > limit {
            continue;
        }
        let mut letters: Vec<u8> = candidate.bytes().collect();
        letters.sort_unstable();
        let anagram = letters == sorted_word;
        let key = (d, !anagram, b.len().abs_diff(candidate.len()), candidate);
        if best.is_none_or(|x| key < x) {
            best = Some(key);
        }
    }
    best.map(|(_, _, _, w)| w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_swaps_as_one_edit() {
        assert_eq!(distance(b"migartion", b"migration", 2), 1);
        assert_eq!(distance(b"implmenetation", b"implementation", 2), 2);
        assert_eq!(distance(b"abc", b"xyz", 1), 2);
        assert_eq!(distance(b"same", b"same", 1), 0);
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
        ] {
            assert_eq!(suggest(typo).as_deref(), Some(meant), "{typo}");
        }
        assert!(is_known("migration") && is_known("kubevirt") && is_known("hotplugged"));
        assert!(!is_known("migartion"));
    }
}
