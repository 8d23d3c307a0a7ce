//! A map from words to small values, for the per-word caches the prose rules keep on each
//! thread (spelling verdicts, stem ids).
//!
//! Those caches are asked once per word of every plan, and a `HashMap<String, _>` answers
//! by hashing the bytes, following the key's pointer and comparing it through `memcmp`. A
//! word of up to [`MAX_PACKED`] bytes (nearly every word) is instead packed into one `u128`
//! with its length: hashing it is a multiply, the key lives in the table itself, and two
//! keys compare in one instruction. Longer words are kept as strings.

use std::collections::HashMap;

/// The crate's fast hash for short keys (as `prose::FastHash`; this module depends on no
/// other).
type FastHash = foldhash::fast::FixedState;

/// The longest word packed into an integer: 15 bytes, the 16th holds the length.
const MAX_PACKED: usize = 15;

pub struct WordMap<V> {
    packed: HashMap<u128, V, FastHash>,
    long: HashMap<Box<str>, V, FastHash>,
}

impl<V> Default for WordMap<V> {
    fn default() -> WordMap<V> {
        WordMap {
            packed: HashMap::default(),
            long: HashMap::default(),
        }
    }
}

/// `word`'s bytes and length in one integer, when it is short enough. The length byte keeps
/// `"ab"` and `"ab\0"` apart.
#[inline]
fn pack(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    if bytes.len() > MAX_PACKED {
        return None;
    }
    let mut buf = [0u8; 16];
    buf[..bytes.len()].copy_from_slice(bytes);
    buf[15] = bytes.len() as u8;
    Some(u128::from_le_bytes(buf))
}

impl<V: Copy> WordMap<V> {
    #[inline]
    pub fn get(&self, word: &str) -> Option<V> {
        match pack(word) {
            Some(key) => self.packed.get(&key).copied(),
            None => self.long.get(word).copied(),
        }
    }

    pub fn insert(&mut self, word: &str, value: V) {
        match pack(word) {
            Some(key) => self.packed.insert(key, value),
            None => self.long.insert(word.into(), value),
        };
    }

    pub fn len(&self) -> usize {
        self.packed.len() + self.long.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn clear(&mut self) {
        self.packed.clear();
        self.long.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_of_every_length_keep_their_own_values() {
        let words: Vec<String> = (0..=40)
            .flat_map(|n| {
                [
                    "a".repeat(n),
                    "b".repeat(n),
                    format!("{}\0", "a".repeat(n)),
                    "é".repeat(n),
                ]
            })
            .collect();
        let mut map = WordMap::default();
        for (i, w) in words.iter().enumerate() {
            map.insert(w, i);
        }
        // The four words of length 0 are one word.
        let distinct: std::collections::HashSet<&String> = words.iter().collect();
        assert_eq!(map.len(), distinct.len());
        for w in &words {
            let last = words.iter().rposition(|x| x == w).unwrap();
            assert_eq!(map.get(w), Some(last), "{w:?}");
        }
        assert_eq!(map.get("c"), None);
        assert_eq!(map.get(&"a".repeat(41)), None);
        map.clear();
        assert!(map.is_empty());
        assert_eq!(map.get("a"), None);
    }

    #[test]
    fn a_word_and_the_same_word_with_trailing_nul_bytes_differ() {
        let mut map = WordMap::default();
        map.insert("ab", 1);
        assert_eq!(map.get("ab\0"), None);
        assert_eq!(map.get("ab\0\0\0\0\0\0\0\0\0\0\0\0\0"), None);
        map.insert("ab\0", 2);
        assert_eq!(map.get("ab"), Some(1));
        assert_eq!(map.get("ab\0"), Some(2));
    }
}
