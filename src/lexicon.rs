//! Word lists shipped as data (`data/lexicon/`, `data/spelling/`): API kinds, fields and
//! feature gates of the public KubeVirt, CDI, HCO, Forklift, network and Kubernetes APIs,
//! internal component names, implementation mechanisms, and the English dictionary.
//!
//! Every list is a sorted text file compiled by `build.rs` into a pointer-free hash table
//! ([`CompiledList`]) that keeps the file order, so a lookup is one hash, start-up parses
//! nothing and the loader relocates nothing. Each file's header (`#` lines) and
//! `data/*/README.md` say where it came from and how to regenerate it.

include!(concat!(env!("OUT_DIR"), "/lexicons.rs"));

mod hash;

/// A byte-sorted list of lines, optionally `key<TAB>value`, with a `#` comment header.
///
/// The lists of `data/` are compiled by `build.rs` into hash tables that keep the file's
/// order ([`SortedLines::compiled`]): a lookup is one hash and one comparison, and
/// nothing is parsed at start-up. [`SortedLines::new`] reads a list from text instead
/// (indexed on first use), for lists that are not compiled.
pub struct SortedLines {
    backing: Backing,
}

enum Backing {
    Compiled(&'static CompiledList),
    Text {
        body: &'static str,
        /// Each entry's key and value as byte ranges of `body`, built on first use.
        index: std::sync::OnceLock<Vec<Entry>>,
    },
}

#[derive(Clone, Copy)]
struct Entry {
    start: u32,
    key_end: u32,
    end: u32,
}

impl SortedLines {
    /// A list read from its text (indexed on first use).
    pub const fn new(data: &'static str) -> SortedLines {
        SortedLines {
            backing: Backing::Text {
                body: data,
                index: std::sync::OnceLock::new(),
            },
        }
    }

    /// A list compiled by `build.rs`.
    const fn compiled(list: &'static CompiledList) -> SortedLines {
        SortedLines {
            backing: Backing::Compiled(list),
        }
    }

    fn text_index<'a>(
        body: &'static str,
        index: &'a std::sync::OnceLock<Vec<Entry>>,
    ) -> &'a [Entry] {
        index.get_or_init(|| {
            let base = body.len() - entries_after_header(body).len();
            let bytes = body.as_bytes();
            let mut out = Vec::with_capacity(bytes.len() / 8);
            let mut start = base;
            let ends = memchr::memchr_iter(b'\n', &bytes[base..])
                .map(|i| base + i)
                .chain(std::iter::once(bytes.len()));
            for newline in ends {
                let end = if newline > start && bytes[newline - 1] == b'\r' {
                    newline - 1
                } else {
                    newline
                };
                if end > start {
                    let key_end =
                        memchr::memchr(b'\t', &bytes[start..end]).map_or(end, |i| start + i);
                    out.push(Entry {
                        start: start as u32,
                        key_end: key_end as u32,
                        end: end as u32,
                    });
                }
                start = newline + 1;
            }
            out
        })
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        match &self.backing {
            Backing::Compiled(list) => list.len(),
            Backing::Text { body, index } => Self::text_index(body, index).len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `i`-th `(key, value)` in file order.
    fn nth(&self, i: usize) -> (&'static str, &'static str) {
        match &self.backing {
            Backing::Compiled(list) => list.nth(i),
            Backing::Text { body, index } => {
                let e = Self::text_index(body, index)[i];
                let from = (e.key_end as usize + 1).min(e.end as usize);
                (
                    &body[e.start as usize..e.key_end as usize],
                    &body[from..e.end as usize],
                )
            }
        }
    }

    /// The value stored for `key` (`""` for a line without a tab), if the key is listed.
    pub fn get(&self, key: &str) -> Option<&'static str> {
        self.get_bytes(key.as_bytes())
    }

    /// [`SortedLines::get`] for a key given as bytes (keys are compared byte by byte).
    fn get_bytes(&self, key: &[u8]) -> Option<&'static str> {
        match &self.backing {
            Backing::Compiled(list) => list.get(key),
            Backing::Text { .. } => {
                let (mut lo, mut hi) = (0, self.len());
                while lo < hi {
                    let mid = (lo + hi) / 2;
                    let (k, v) = self.nth(mid);
                    match k.as_bytes().cmp(key) {
                        std::cmp::Ordering::Equal => return Some(v),
                        std::cmp::Ordering::Less => lo = mid + 1,
                        std::cmp::Ordering::Greater => hi = mid,
                    }
                }
                None
            }
        }
    }

    /// Like [`SortedLines::get`] for a word in any ASCII case: looked up in lower case
    /// without allocating (words longer than 64 bytes are not listed).
    pub fn get_lowercase(&self, word: &str) -> Option<&'static str> {
        let bytes = word.as_bytes();
        let mut buf = [0u8; 64];
        let lower = buf.get_mut(..bytes.len())?;
        for (l, b) in lower.iter_mut().zip(bytes) {
            *l = b.to_ascii_lowercase();
        }
        self.get_bytes(lower)
    }

    /// Whether the word, lower-cased (ASCII), is listed.
    pub fn contains_lowercase(&self, word: &str) -> bool {
        self.get_lowercase(word).is_some()
    }

    /// The key of the `i`-th entry in file order.
    fn key(&self, i: usize) -> &'static str {
        match &self.backing {
            Backing::Compiled(list) => list.key(i),
            Backing::Text { .. } => self.nth(i).0,
        }
    }

    /// Every key that starts with `prefix`, in order (a block of the sorted keys, found by
    /// bisection).
    pub fn with_prefix(&self, prefix: &str) -> impl Iterator<Item = &'static str> + '_ {
        self.prefix_block(prefix).map(move |i| self.key(i))
    }

    /// [`SortedLines::with_prefix`], only the keys whose length in bytes is in `lens`. The
    /// length is read from the list's tables, so the keys left out cost no slicing: the
    /// spelling suggestions scan thousands of dictionary words for the few of about the
    /// misspelling's length.
    pub fn with_prefix_of_len(
        &self,
        prefix: &str,
        lens: std::ops::RangeInclusive<usize>,
    ) -> impl Iterator<Item = &'static str> + '_ {
        self.prefix_block(prefix)
            .filter(move |&i| lens.contains(&self.key_len(i)))
            .map(move |i| self.key(i))
    }

    /// The indices of the keys that start with `prefix`.
    fn prefix_block(&self, prefix: &str) -> std::ops::Range<usize> {
        let first_at_or_after = |lo: usize, hi: usize, after: &dyn Fn(&str) -> bool| {
            let (mut lo, mut hi) = (lo, hi);
            while lo < hi {
                let mid = (lo + hi) / 2;
                if after(self.key(mid)) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            lo
        };
        let len = self.len();
        let start = first_at_or_after(0, len, &|k| k >= prefix);
        let end = first_at_or_after(start, len, &|k| !k.starts_with(prefix));
        start..end
    }

    /// Every key, in order.
    pub fn keys(&self) -> impl Iterator<Item = &'static str> + '_ {
        (0..self.len()).map(move |i| self.key(i))
    }

    /// Every key whose length in bytes is in `lens`, in order (see
    /// [`SortedLines::with_prefix_of_len`]).
    pub fn keys_of_len(
        &self,
        lens: std::ops::RangeInclusive<usize>,
    ) -> impl Iterator<Item = &'static str> + '_ {
        (0..self.len())
            .filter(move |&i| lens.contains(&self.key_len(i)))
            .map(move |i| self.key(i))
    }

    /// The length in bytes of the `i`-th key.
    fn key_len(&self, i: usize) -> usize {
        match &self.backing {
            Backing::Compiled(list) => list.key_len(i),
            Backing::Text { .. } => self.nth(i).0.len(),
        }
    }

    pub fn contains(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Every `(key, value)` line, in order.
    pub fn iter(&self) -> Box<dyn Iterator<Item = (&'static str, &'static str)> + '_> {
        Box::new((0..self.len()).map(move |i| self.nth(i)))
    }
}

/// A list compiled by `build.rs`: its lines in file order (`key`, a tab and the value if
/// any, a newline), with little-endian `u32` tables beside it: where each entry ends and
/// where its key ends (offsets into `text`, for reading the list in order), and an
/// open-addressing hash table of `1 << slot_bits` slots (see [`hash`]). Byte tables rather
/// than `&str` tables, because every pointer in a static costs a relocation the loader
/// applies at each start.
struct CompiledList {
    text: &'static str,
    ends: &'static [u8],
    key_ends: &'static [u8],
    slots: &'static [u8],
    slot_bits: u32,
}

/// The `i`-th little-endian `u32` of a table.
fn u32_at(table: &[u8], i: usize) -> u32 {
    let bytes = &table[4 * i..4 * i + 4];
    u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])
}

impl CompiledList {
    fn len(&self) -> usize {
        self.ends.len() / 4
    }

    /// Where entry `i` starts: after the previous entry's newline.
    fn start(&self, i: usize) -> usize {
        if i == 0 {
            0
        } else {
            u32_at(self.ends, i - 1) as usize + 1
        }
    }

    fn key(&self, i: usize) -> &'static str {
        &self.text[self.start(i)..u32_at(self.key_ends, i) as usize]
    }

    fn key_len(&self, i: usize) -> usize {
        u32_at(self.key_ends, i) as usize - self.start(i)
    }

    fn nth(&self, i: usize) -> (&'static str, &'static str) {
        let key_end = u32_at(self.key_ends, i) as usize;
        let end = u32_at(self.ends, i) as usize;
        // The value follows the key's tab, if it has one.
        let value_start = (key_end + 1).min(end);
        (
            &self.text[self.start(i)..key_end],
            &self.text[value_start..end],
        )
    }

    /// One hash, then the slots from the key's home slot on until an empty one; the text is
    /// read only where a slot's fingerprint matches (one slot in 256 otherwise).
    fn get(&self, key: &[u8]) -> Option<&'static str> {
        let h = hash::key_hash(key);
        let mask = (1usize << self.slot_bits) - 1;
        let fingerprint = hash::fingerprint(h);
        let text = self.text.as_bytes();
        let mut at = hash::home_slot(h, self.slot_bits);
        loop {
            let slot = u32_at(self.slots, at);
            if slot == 0 {
                return None;
            }
            if slot & ((1 << hash::FINGERPRINT_BITS) - 1) == fingerprint {
                let start = (slot >> hash::FINGERPRINT_BITS) as usize - 1;
                let end = start + key.len();
                // A key is followed by its value's tab or its line's newline (and holds
                // neither: a slot whose fingerprint a query with a tab or newline happens to
                // share must not match across them).
                // (A plain loop: keys are words, too short for `memchr`'s set-up to pay.)
                if text.get(start..end) == Some(key)
                    && !key.iter().any(|&b| b == b'\t' || b == b'\n')
                {
                    match text.get(end) {
                        Some(b'\n') => return Some(""),
                        Some(b'\t') => {
                            let rest = &self.text[end + 1..];
                            // Values are short (a stem's ending, a kind's wording).
                            let value_end =
                                rest.bytes().position(|b| b == b'\n').unwrap_or(rest.len());
                            return Some(&rest[..value_end]);
                        }
                        _ => {}
                    }
                }
            }
            at = (at + 1) & mask;
        }
    }
}

/// `word` in ASCII lower case, written into `buf`; `None` when it does not fit.
pub fn ascii_lower<'b>(word: &str, buf: &'b mut [u8; 64]) -> Option<&'b str> {
    let bytes = word.as_bytes();
    let out = buf.get_mut(..bytes.len())?;
    for (o, b) in out.iter_mut().zip(bytes) {
        *o = b.to_ascii_lowercase();
    }
    // ASCII lower-casing maps UTF-8 to UTF-8.
    std::str::from_utf8(out).ok()
}

/// The lines after the comment header.
fn entries_after_header(mut body: &'static str) -> &'static str {
    while body.starts_with('#') || body.starts_with('\n') {
        body = match body.find('\n') {
            Some(i) => &body[i + 1..],
            None => "",
        };
    }
    body
}

/// Resource kinds with two or more capitalised parts (`DataVolume`), as the schemas spell them.
pub static API_KINDS: SortedLines = SortedLines::compiled(&API_KINDS_LIST);
/// camelCase field names of the same schemas (`runStrategy`).
pub static API_FIELDS: SortedLines = SortedLines::compiled(&API_FIELDS_LIST);
/// KubeVirt feature gates with two or more capitalised parts.
pub static FEATURE_GATES: SortedLines = SortedLines::compiled(&FEATURE_GATES_LIST);
/// Internal component names (lower case), with user-level wording for the common ones.
pub static COMPONENTS: SortedLines = SortedLines::compiled(&COMPONENTS_LIST);
/// User-level wording for resource kinds.
pub static KIND_WORDING: SortedLines = SortedLines::compiled(&KIND_WORDING_LIST);
/// Implementation mechanisms (phrases, lower case), with user-level wording.
pub static MECHANISMS: SortedLines = SortedLines::compiled(&MECHANISMS_LIST);

/// Terms every reviewer knows, which Document Conventions should not define (upper case).
pub static STANDARD_TERMS: SortedLines = SortedLines::compiled(&STANDARD_TERMS_LIST);
/// Acronyms readers know without a definition (upper case).
pub static KNOWN_ACRONYMS: SortedLines = SortedLines::compiled(&KNOWN_ACRONYMS_LIST);

/// English words (SCOWL, lower case, no header). `build.rs` gives each, as its value, how the
/// Snowball English stemmer stems it (see [`english_stem`]).
pub static ENGLISH: SortedLines = SortedLines::compiled(&ENGLISH_LIST);

/// The Snowball English stem of a lower-case English word, as `build.rs` found it with the
/// stemmer the binary runs; `None` for a word the list does not have. The value holds the
/// number of bytes to drop from the word's end (as `'0'` plus it) and the letters to
/// append, or nothing when the word is its own stem.
pub fn english_stem(lower: &str) -> Option<std::borrow::Cow<'_, str>> {
    let code = ENGLISH.get(lower)?;
    let Some((&dropped, appended)) = code.as_bytes().split_first() else {
        return Some(std::borrow::Cow::Borrowed(lower));
    };
    let kept = lower
        .len()
        .checked_sub(usize::from(dropped.checked_sub(b'0')?))?;
    let mut stem = String::with_capacity(kept + appended.len());
    stem.push_str(lower.get(..kept)?);
    stem.push_str(&code[1..]);
    Some(std::borrow::Cow::Owned(stem))
}

/// Terms of the domain that are not English words (lower case, no header).
pub static DOMAIN_WORDS: SortedLines = SortedLines::compiled(&DOMAIN_WORDS_LIST);

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_sorted(name: &str, list: &SortedLines) {
        let keys: Vec<&str> = list.iter().map(|(k, _)| k).collect();
        assert!(!keys.is_empty(), "{name} is empty");
        for pair in keys.windows(2) {
            assert!(
                pair[0] < pair[1],
                "{name}: {:?} before {:?}",
                pair[0],
                pair[1]
            );
        }
    }

    #[test]
    fn every_list_is_sorted_so_binary_search_finds_every_entry() {
        for (name, list) in [
            ("api-kinds", &API_KINDS),
            ("api-fields", &API_FIELDS),
            ("feature-gates", &FEATURE_GATES),
            ("components", &COMPONENTS),
            ("kind-wording", &KIND_WORDING),
            ("mechanisms", &MECHANISMS),
            ("standard-terms", &STANDARD_TERMS),
            ("known-acronyms", &KNOWN_ACRONYMS),
            ("english", &ENGLISH),
            ("domain", &DOMAIN_WORDS),
        ] {
            assert_sorted(name, list);
            for (key, value) in list.iter() {
                assert_eq!(list.get(key), Some(value), "{name}: {key} not found");
            }
        }
    }

    #[test]
    fn compiled_lists_read_as_their_files_and_find_nothing_else() {
        let lists: [(&str, &SortedLines); 3] = [
            (include_str!("../data/lexicon/api-fields.txt"), &API_FIELDS),
            (include_str!("../data/lexicon/components.txt"), &COMPONENTS),
            (include_str!("../data/spelling/english.txt"), &ENGLISH),
        ];
        for (file, list) in lists {
            let from_file = SortedLines::new(file);
            // English words carry their stems (build.rs), which the file does not.
            assert!(list.keys().eq(from_file.keys()));
            if !std::ptr::eq(list, &ENGLISH) {
                assert!(list.iter().eq(from_file.iter()));
            }
            let keys: std::collections::HashSet<&str> = list.keys().collect();
            for key in list.keys().step_by(7) {
                // Neighbours of a key share its probe path and most of its bytes.
                let shorter = &key[..key.len() - key.chars().last().map_or(0, char::len_utf8)];
                for other in [shorter.to_string(), format!("{key}s"), format!("{key}\t")] {
                    assert_eq!(
                        list.get(&other).is_some(),
                        keys.contains(other.as_str()),
                        "{other:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_english_word_has_the_stem_the_stemmer_gives() {
        let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
        let mut changed = 0;
        for word in ENGLISH.keys() {
            let expected = stemmer.stem(word);
            assert_eq!(english_stem(word).as_deref(), Some(&*expected), "{word}");
            changed += usize::from(expected != word);
        }
        // Most words have a stem of their own; a list whose codes were all empty would pass
        // the comparison only if the stemmer changed nothing.
        assert!(changed > ENGLISH.len() / 2, "{changed} words stemmed");
        assert_eq!(english_stem("happy").as_deref(), Some("happi"));
        assert_eq!(english_stem("migration").as_deref(), Some("migrat"));
        assert_eq!(english_stem("kubevirt"), None);
    }

    #[test]
    fn prefix_searches() {
        let list = SortedLines::new("alpha\nbeta\nbetamax\nbetter\ngamma\n");
        assert_eq!(
            list.with_prefix("bet").collect::<Vec<_>>(),
            ["beta", "betamax", "better"]
        );
        assert_eq!(list.with_prefix("a").collect::<Vec<_>>(), ["alpha"]);
        assert_eq!(list.with_prefix("zeta").count(), 0);
        assert_eq!(list.keys().count(), 5);
        assert_eq!(
            list.with_prefix_of_len("bet", 4..=6).collect::<Vec<_>>(),
            ["beta", "better"]
        );
        assert_eq!(
            list.keys_of_len(5..=5).collect::<Vec<_>>(),
            ["alpha", "gamma"]
        );
        let compiled: Vec<&str> = ENGLISH.with_prefix_of_len("migra", 9..=9).collect();
        assert!(compiled.contains(&"migration") && compiled.iter().all(|w| w.len() == 9));
        assert!(ENGLISH.with_prefix("migra").all(|w| w.starts_with("migra")));
        assert!(ENGLISH.with_prefix("migra").any(|w| w == "migration"));
    }

    #[test]
    fn lookups() {
        let list = SortedLines::new("# header\n# more\nalpha\tA\nbeta\ngamma\tG\n");
        assert_eq!(list.get("alpha"), Some("A"));
        assert_eq!(list.get("beta"), Some(""));
        assert_eq!(list.get("gamma"), Some("G"));
        assert_eq!(list.get("delta"), None);
        assert_eq!(list.get("zeta"), None);
        assert_eq!(list.get("a"), None);
        assert!(API_KINDS.contains("VirtualMachineInstance"));
        assert!(API_FIELDS.contains("runStrategy"));
        assert!(ENGLISH.contains("migration"));
        assert!(!ENGLISH.contains("migartion"));
    }
}
