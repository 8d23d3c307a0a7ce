//! Compiles the word lists of `data/` into hash tables, so that a lookup is one hash, about
//! two memory reads and one comparison, and start-up parses nothing (the English list alone
//! has 134,000 lines).
//!
//! The tables hold no pointers: each list becomes one string of its lines (`<NAME>.txt`),
//! little-endian `u32` arrays of offsets into it (`<NAME>.ends`, `<NAME>.key_ends`) and an
//! open-addressing table whose slots hold a key's offset and a fingerprint of its hash
//! (`<NAME>.slots`, see `src/lexicon/hash.rs`). Tables of `&str` would need one load-time
//! relocation per string (167,000 of them, 4 MB of relocation records and 5 MB of pages the
//! loader writes at every start); byte arrays need none. Entries keep the file's byte-sorted
//! order, so prefix searches can still bisect. `$OUT_DIR/lexicons.rs`, included by
//! `src/lexicon.rs`, declares one `CompiledList` per list from these files. English words
//! get their Snowball stems as values (`add_stem_codes`).

use std::fmt::Write as _;
use std::path::Path;

/// The lists' hash, shared with `src/lexicon.rs` (see `src/lexicon/hash.rs`).
#[allow(dead_code)]
mod hash {
    include!("src/lexicon/hash.rs");
}

/// (file, name of the generated static).
const LISTS: &[(&str, &str)] = &[
    ("data/lexicon/api-kinds.txt", "API_KINDS_LIST"),
    ("data/lexicon/api-fields.txt", "API_FIELDS_LIST"),
    ("data/lexicon/feature-gates.txt", "FEATURE_GATES_LIST"),
    ("data/lexicon/components.txt", "COMPONENTS_LIST"),
    ("data/lexicon/kind-wording.txt", "KIND_WORDING_LIST"),
    ("data/lexicon/mechanisms.txt", "MECHANISMS_LIST"),
    ("data/lexicon/standard-terms.txt", "STANDARD_TERMS_LIST"),
    ("data/lexicon/known-acronyms.txt", "KNOWN_ACRONYMS_LIST"),
    ("data/spelling/english.txt", "ENGLISH_LIST"),
    ("data/spelling/domain.txt", "DOMAIN_WORDS_LIST"),
];

/// The `(key, value)` lines of a list: `#` comment lines and blank lines skipped, `\r`
/// dropped, the value after the first tab (`""` without one).
fn entries(text: &str) -> Vec<(&str, &str)> {
    text.lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split_once('\t').unwrap_or((l, "")))
        .collect()
}

/// Gives each English word, as its value, how the Snowball English stemmer (the
/// rust-stemmers release the binary runs) stems it, so that the similarity rules look the
/// stems of dictionary words up instead of running the stemmer once per word and thread at
/// run time (about 3,000 instructions a word). The value is empty when the stem is the word;
/// otherwise one character, `'0'` plus the number of bytes to drop from the word's end,
/// then the letters to append (`happy` -> `1i`, for `happi`). `lexicon::english_stem`
/// decodes it.
fn add_stem_codes(entries: &mut [(&str, String)]) {
    let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    for (word, value) in entries.iter_mut() {
        assert!(value.is_empty(), "english.txt has no values: {word:?}");
        let stem = stemmer.stem(word);
        if stem == *word {
            continue;
        }
        let kept = word
            .bytes()
            .zip(stem.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        let dropped = word.len() - kept;
        assert!(
            dropped <= 42 && word.is_ascii() && stem.is_ascii(),
            "english.txt: the stem of {word:?} ({stem:?}) needs another encoding"
        );
        *value = format!("{}{}", char::from(b'0' + dropped as u8), &stem[kept..]);
    }
}

fn u32_bytes(values: impl IntoIterator<Item = u32>) -> Vec<u8> {
    values.into_iter().flat_map(u32::to_le_bytes).collect()
}

fn to_u32(n: usize, what: &str) -> u32 {
    u32::try_from(n).unwrap_or_else(|_| panic!("{what} does not fit in u32"))
}

/// Slots probed past a key's home slot, at most: far below this on the lists we ship (the
/// table is at most two-thirds full), so reaching it means the hash clusters keys badly.
const MAX_PROBE: usize = 64;

/// The open-addressing table of a list (see `src/lexicon/hash.rs`): `1 << bits` slots, at
/// most two-thirds full, each key at the first free slot from its home slot on. `starts`
/// are the keys' offsets in the list's text.
fn slot_table(file: &str, keys: &[&str], starts: &[u32]) -> (u32, Vec<u32>) {
    let len = (keys.len() + keys.len() / 2).next_power_of_two().max(2);
    let bits = len.trailing_zeros();
    let mut slots = vec![0u32; len];
    for (key, &start) in keys.iter().zip(starts) {
        assert!(
            start < (1 << (32 - hash::FINGERPRINT_BITS)) - 1,
            "{file}: the list is too long for its table's offsets"
        );
        let h = hash::key_hash(key.as_bytes());
        let mut at = hash::home_slot(h, bits);
        let mut probes = 0;
        while slots[at] != 0 {
            at = (at + 1) & (len - 1);
            probes += 1;
            assert!(probes < MAX_PROBE, "{file}: {key:?} probes {probes} slots");
        }
        slots[at] = ((start + 1) << hash::FINGERPRINT_BITS) | hash::fingerprint(h);
    }
    (bits, slots)
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/lexicon/hash.rs");
    link_position_dependent();
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out_dir = Path::new(&out_dir);
    let write = |name: &str, bytes: &[u8]| {
        std::fs::write(out_dir.join(name), bytes).expect("OUT_DIR is writable");
    };
    let mut rust = String::new();
    for (file, name) in LISTS {
        println!("cargo:rerun-if-changed={file}");
        let text = std::fs::read_to_string(file)
            .unwrap_or_else(|e| panic!("{file} is part of the source: {e}"));
        let mut entries: Vec<(&str, String)> = entries(&text)
            .into_iter()
            .map(|(k, v)| (k, v.to_string()))
            .collect();
        if *name == "ENGLISH_LIST" {
            add_stem_codes(&mut entries);
        }
        // Each entry as its line: `key`, a tab and the value if there is one, a newline. A
        // probe knows a key has ended by the separator after it.
        let (mut body, mut starts, mut ends, mut key_ends) =
            (String::new(), vec![], vec![], vec![]);
        for (key, value) in &entries {
            starts.push(to_u32(body.len(), file));
            body.push_str(key);
            key_ends.push(to_u32(body.len(), file));
            if !value.is_empty() {
                body.push('\t');
                body.push_str(value);
            }
            ends.push(to_u32(body.len(), file));
            body.push('\n');
        }
        let keys: Vec<&str> = entries.iter().map(|(k, _)| *k).collect();
        // A repeated key would be found twice, and prefix searches bisect the list: stop
        // here with the file's name instead.
        if let Some(w) = keys.windows(2).find(|w| w[0] >= w[1]) {
            panic!(
                "{file}: keys must be byte-sorted and unique: {:?} before {:?}",
                w[0], w[1]
            );
        }
        if let Some(key) = keys.iter().find(|k| k.contains(['\t', '\n'])) {
            panic!("{file}: a key holds a tab or newline: {key:?}");
        }
        let (bits, slots) = slot_table(file, &keys, &starts);
        write(&format!("{name}.txt"), body.as_bytes());
        write(&format!("{name}.ends"), &u32_bytes(ends));
        write(&format!("{name}.key_ends"), &u32_bytes(key_ends));
        write(&format!("{name}.slots"), &u32_bytes(slots));
        let include =
            |ext: &str| format!("include_bytes!(concat!(env!(\"OUT_DIR\"), \"/{name}.{ext}\"))");
        writeln!(
            rust,
            "static {name}: CompiledList = CompiledList {{\n    \
             text: include_str!(concat!(env!(\"OUT_DIR\"), \"/{name}.txt\")),\n    \
             ends: {},\n    key_ends: {},\n    slots: {},\n    slot_bits: {bits},\n}};",
            include("ends"),
            include("key_ends"),
            include("slots"),
        )
        .expect("writing to a String");
    }
    std::fs::write(out_dir.join("lexicons.rs"), rust).expect("OUT_DIR is writable");
}

/// Links the `stp` binary on Linux (glibc) as a position-dependent executable (`-no-pie`, after
/// rustc's `-pie`), as Go links its binaries by default.
///
/// A position-independent executable has the loader write about 23,700 pointers into its
/// read-only data at every start (panic locations, the Markdown parser's entity table,
/// Unicode tables), on 104 pages the kernel has to copy on first write. Linked without PIE,
/// plain release builds on the 2-core development machine (interleaved runs): an empty file
/// took 3.9 ms instead of 5.0 ms, `--version` 3.4 ms instead of 4.3 ms, the real plan
/// repository 22.1 ms instead of 23.9 ms; 10 copies of it took as long as before.
///
/// What is given up: the executable's whole image (its code, read-only data and globals, so
/// every code-reuse gadget in it) sits at a fixed address, and the `brk` heap that serves
/// blocks above 8 KiB starts from a less random one. The stack, mimalloc's heap and the
/// shared libraries stay randomised. A check parses plans with Rust code only; the C code in
/// the image is mimalloc, which serves every small block, and tree-sitter, which parses Go
/// sources for `stp trace --tests` and `stp report`. The code is still compiled
/// position-independent: only the binaries' link changes, not the library, tests or benches.
///
/// Release builds for Linux x86_64 go one step further (scripts/release-rustflags.sh): a
/// static executable compiled position-dependent, which rustc links without PIE itself.
fn link_position_dependent() {
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    // Dynamically linked glibc binaries only: a `crt-static` build is static (static-pie
    // unless compiled with `relocation-model=static`), and musl builds may be, which `-no-pie`
    // would contradict.
    let crt_static = var("CARGO_CFG_TARGET_FEATURE")
        .split(',')
        .any(|f| f == "crt-static");
    if var("CARGO_CFG_TARGET_OS") == "linux" && var("CARGO_CFG_TARGET_ENV") == "gnu" && !crt_static
    {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
