//! Compiles the word lists of `data/` into perfect-hash tables, so that a lookup is one hash
//! and one comparison and start-up parses nothing (the English list alone has 134,000 lines).
//!
//! The tables hold no pointers: each list becomes one string of its keys and values
//! concatenated (`<NAME>.txt`) and little-endian `u32` arrays of offsets into it
//! (`<NAME>.ends`, `<NAME>.key_ends`), of hash-slot -> entry numbers (`<NAME>.slots`) and of
//! the generator's displacements (`<NAME>.disps`). Tables of `&str` would need one load-time
//! relocation per string (167,000 of them, 4 MB of relocation records and 5 MB of pages the
//! loader writes at every start); byte arrays need none. Entries keep the file's byte-sorted
//! order, so prefix searches can still bisect. `$OUT_DIR/lexicons.rs`, included by
//! `src/lexicon.rs`, declares one `CompiledList` per list from these files.

use std::fmt::Write as _;
use std::path::Path;

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

fn u32_bytes(values: impl IntoIterator<Item = u32>) -> Vec<u8> {
    values.into_iter().flat_map(u32::to_le_bytes).collect()
}

fn to_u32(n: usize, what: &str) -> u32 {
    u32::try_from(n).unwrap_or_else(|_| panic!("{what} does not fit in u32"))
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
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
        let entries = entries(&text);
        let (mut body, mut ends, mut key_ends) = (String::new(), vec![], vec![]);
        for (key, value) in &entries {
            body.push_str(key);
            key_ends.push(to_u32(body.len(), file));
            body.push_str(value);
            ends.push(to_u32(body.len(), file));
        }
        let keys: Vec<&str> = entries.iter().map(|(k, _)| *k).collect();
        let hash = phf_generator::generate_hash(&keys);
        write(&format!("{name}.txt"), body.as_bytes());
        write(&format!("{name}.ends"), &u32_bytes(ends));
        write(&format!("{name}.key_ends"), &u32_bytes(key_ends));
        write(
            &format!("{name}.slots"),
            &u32_bytes(hash.map.iter().map(|&i| to_u32(i, file))),
        );
        write(
            &format!("{name}.disps"),
            &u32_bytes(hash.disps.iter().flat_map(|&(d1, d2)| [d1, d2])),
        );
        let include =
            |ext: &str| format!("include_bytes!(concat!(env!(\"OUT_DIR\"), \"/{name}.{ext}\"))");
        writeln!(
            rust,
            "static {name}: CompiledList = CompiledList {{\n    \
             text: include_str!(concat!(env!(\"OUT_DIR\"), \"/{name}.txt\")),\n    \
             ends: {},\n    key_ends: {},\n    slots: {},\n    disps: {},\n    hash_key: {},\n}};",
            include("ends"),
            include("key_ends"),
            include("slots"),
            include("disps"),
            hash.key,
        )
        .expect("writing to a String");
    }
    std::fs::write(out_dir.join("lexicons.rs"), rust).expect("OUT_DIR is writable");
}
