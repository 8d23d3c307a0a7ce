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
    // Read as (possibly overlapping) integers rather than copied into a zeroed buffer: for a
    // copy of a variable length the compiler calls `memset` and `memcpy`, which cost more
    // than the word. The layout is the buffer's: bytes in little-endian order, the length in
    // the top byte.
    let n = bytes.len();
    let (low, high) = if n >= 8 {
        let low = u64::from_le_bytes(bytes[..8].try_into().expect("8 bytes"));
        // The last 8 bytes, shifted so that those past the first 8 land at the bottom.
        let tail = u64::from_le_bytes(bytes[n - 8..].try_into().expect("8 bytes"));
        (low, if n == 8 { 0 } else { tail >> (8 * (16 - n)) })
    } else if n >= 4 {
        let head = u32::from_le_bytes(bytes[..4].try_into().expect("4 bytes"));
        let tail = u32::from_le_bytes(bytes[n - 4..].try_into().expect("4 bytes"));
        // Where the two overlap they hold the same bytes.
        (u64::from(head) | u64::from(tail) << (8 * (n - 4)), 0)
    } else {
        let low = bytes
            .iter()
            .enumerate()
            .fold(0, |word, (i, &b)| word | u64::from(b) << (8 * i));
        (low, 0)
    };
    Some(u128::from(low) | u128::from(high) << 64 | (n as u128) << 120)
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
    fn packed_words_keep_the_bytes_and_length_in_order() {
        let bytes: Vec<u8> = (1..=15).collect();
        for n in 0..=15 {
            let word = std::str::from_utf8(&bytes[..n]).unwrap();
            let mut expected = [0u8; 16];
            expected[..n].copy_from_slice(&bytes[..n]);
            expected[15] = n as u8;
            assert_eq!(pack(word), Some(u128::from_le_bytes(expected)), "{n}");
        }
        assert_eq!(pack(&"a".repeat(16)), None);
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
