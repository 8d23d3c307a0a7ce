//! Word lists shipped as data (`data/lexicon/`, `data/spelling/`): API kinds, fields and
//! feature gates of the public KubeVirt, CDI, HCO, Forklift, network and Kubernetes APIs,
//! internal component names, implementation mechanisms, and the English dictionary.
//!
//! Every list is a sorted text file compiled into the binary and searched in place (binary
//! search over its lines), so a run pays nothing to load it. Each file's header (`#` lines)
//! and `data/*/README.md` say where it came from and how to regenerate it.

/// A byte-sorted list of lines, optionally `key<TAB>value`, with a `#` comment header.
pub struct SortedLines {
    body: &'static str,
    /// Line starts computed by `build.rs` (u32, little endian), for the large dictionary.
    prebuilt: Option<&'static [u8]>,
    /// Each entry's key and value as byte ranges of `body`, built on first use (one pass over
    /// the bytes, a fraction of a millisecond for the dictionary) so that a lookup is a
    /// binary search that compares keys in place.
    index: std::sync::OnceLock<Vec<Entry>>,
}

#[derive(Clone, Copy)]
struct Entry {
    start: u32,
    key_end: u32,
    end: u32,
}

impl SortedLines {
    pub const fn new(data: &'static str) -> SortedLines {
        SortedLines {
            body: data,
            prebuilt: None,
            index: std::sync::OnceLock::new(),
        }
    }

    /// A list whose line starts were computed at build time (a key-only list, no header).
    pub const fn with_line_starts(data: &'static str, starts: &'static [u8]) -> SortedLines {
        SortedLines {
            body: data,
            prebuilt: Some(starts),
            index: std::sync::OnceLock::new(),
        }
    }

    fn prebuilt_key(&self, starts: &[u8], i: usize) -> &'static str {
        let at = |k: usize| {
            u32::from_le_bytes(starts[4 * k..4 * k + 4].try_into().expect("4 bytes")) as usize
        };
        let start = at(i);
        let end = if 4 * (i + 1) < starts.len() {
            at(i + 1) - 1
        } else {
            self.body.len()
        };
        self.body[start..end].trim_end_matches(['\n', '\r'])
    }

    fn index(&self) -> &[Entry] {
        self.index.get_or_init(|| {
            let base = self.body.len() - self.entries().len();
            let bytes = self.body.as_bytes();
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

    fn key(&self, e: &Entry) -> &'static str {
        &self.body[e.start as usize..e.key_end as usize]
    }

    fn value(&self, e: &Entry) -> &'static str {
        let from = (e.key_end as usize + 1).min(e.end as usize);
        &self.body[from..e.end as usize]
    }

    /// The lines after the comment header.
    fn entries(&self) -> &'static str {
        let mut body = self.body;
        while body.starts_with('#') || body.starts_with('\n') {
            body = match body.find('\n') {
                Some(i) => &body[i + 1..],
                None => "",
            };
        }
        body
    }

    /// The value stored for `key` (`""` for a line without a tab), if the key is listed.
    pub fn get(&self, key: &str) -> Option<&'static str> {
        if let Some(starts) = self.prebuilt {
            let n = starts.len() / 4;
            let (mut lo, mut hi) = (0, n);
            while lo < hi {
                let mid = (lo + hi) / 2;
                match self.prebuilt_key(starts, mid).cmp(key) {
                    std::cmp::Ordering::Equal => return Some(""),
                    std::cmp::Ordering::Less => lo = mid + 1,
                    std::cmp::Ordering::Greater => hi = mid,
                }
            }
            return None;
        }
        let index = self.index();
        index
            .binary_search_by(|e| self.key(e).cmp(key))
            .ok()
            .map(|i| self.value(&index[i]))
    }

    /// Every key that starts with `prefix`, in order.
    pub fn with_prefix<'s>(
        &'s self,
        prefix: &'s str,
    ) -> Box<dyn Iterator<Item = &'static str> + 's> {
        if let Some(starts) = self.prebuilt {
            let n = starts.len() / 4;
            let (mut lo, mut hi) = (0, n);
            while lo < hi {
                let mid = (lo + hi) / 2;
                if self.prebuilt_key(starts, mid) < prefix {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return Box::new(
                (lo..n)
                    .map(move |i| self.prebuilt_key(starts, i))
                    .take_while(move |k| k.starts_with(prefix)),
            );
        }
        let index = self.index();
        let from = index.partition_point(|e| self.key(e) < prefix);
        Box::new(
            index[from..]
                .iter()
                .map(|e| self.key(e))
                .take_while(move |k| k.starts_with(prefix)),
        )
    }

    pub fn contains(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Every `(key, value)` line, in order.
    pub fn iter(&self) -> Box<dyn Iterator<Item = (&'static str, &'static str)> + '_> {
        if let Some(starts) = self.prebuilt {
            return Box::new(
                (0..starts.len() / 4).map(move |i| (self.prebuilt_key(starts, i), "")),
            );
        }
        Box::new(self.index().iter().map(|e| (self.key(e), self.value(e))))
    }
}

/// Resource kinds with two or more capitalised parts (`DataVolume`), as the schemas spell them.
pub static API_KINDS: SortedLines = SortedLines::new(include_str!("../data/lexicon/api-kinds.txt"));
/// camelCase field names of the same schemas (`runStrategy`).
pub static API_FIELDS: SortedLines =
    SortedLines::new(include_str!("../data/lexicon/api-fields.txt"));
/// KubeVirt feature gates with two or more capitalised parts.
pub static FEATURE_GATES: SortedLines =
    SortedLines::new(include_str!("../data/lexicon/feature-gates.txt"));
/// Internal component names (lower case), with user-level wording for the common ones.
pub static COMPONENTS: SortedLines =
    SortedLines::new(include_str!("../data/lexicon/components.txt"));
/// User-level wording for resource kinds.
pub static KIND_WORDING: SortedLines =
    SortedLines::new(include_str!("../data/lexicon/kind-wording.txt"));
/// Implementation mechanisms (phrases, lower case), with user-level wording.
pub static MECHANISMS: SortedLines =
    SortedLines::new(include_str!("../data/lexicon/mechanisms.txt"));

/// Terms every reviewer knows, which Document Conventions should not define (upper case).
pub static STANDARD_TERMS: SortedLines =
    SortedLines::new(include_str!("../data/lexicon/standard-terms.txt"));
/// Acronyms readers know without a definition (upper case).
pub static KNOWN_ACRONYMS: SortedLines =
    SortedLines::new(include_str!("../data/lexicon/known-acronyms.txt"));

/// English words (SCOWL, lower case, no header).
pub static ENGLISH: SortedLines = SortedLines::with_line_starts(
    include_str!("../data/spelling/english.txt"),
    include_bytes!(concat!(env!("OUT_DIR"), "/english.starts")),
);
/// Terms of the domain that are not English words (lower case, no header).
pub static DOMAIN_WORDS: SortedLines =
    SortedLines::new(include_str!("../data/spelling/domain.txt"));

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
            for (key, _) in list.iter().step_by(97) {
                assert!(list.contains(key), "{name}: {key} not found");
            }
        }
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
