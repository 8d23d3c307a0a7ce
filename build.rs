//! Compiles the word lists of `data/` into perfect-hash maps (`phf`), so that a lookup is one
//! hash and one comparison and start-up parses nothing (the English list alone has 134,000
//! lines). Each list becomes a `phf::OrderedMap<&str, &str>` (key -> value, `""` when the
//! line has no tab) whose entries keep the file's byte-sorted order, so prefix searches can
//! still bisect it. The generated file is `$OUT_DIR/lexicons.rs`, included by `src/lexicon.rs`.

use std::fmt::Write as _;

/// (file, name of the generated static).
const LISTS: &[(&str, &str)] = &[
    ("data/lexicon/api-kinds.txt", "API_KINDS_MAP"),
    ("data/lexicon/api-fields.txt", "API_FIELDS_MAP"),
    ("data/lexicon/feature-gates.txt", "FEATURE_GATES_MAP"),
    ("data/lexicon/components.txt", "COMPONENTS_MAP"),
    ("data/lexicon/kind-wording.txt", "KIND_WORDING_MAP"),
    ("data/lexicon/mechanisms.txt", "MECHANISMS_MAP"),
    ("data/lexicon/standard-terms.txt", "STANDARD_TERMS_MAP"),
    ("data/lexicon/known-acronyms.txt", "KNOWN_ACRONYMS_MAP"),
    ("data/spelling/english.txt", "ENGLISH_MAP"),
    ("data/spelling/domain.txt", "DOMAIN_WORDS_MAP"),
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

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let mut out = String::new();
    for (file, name) in LISTS {
        println!("cargo:rerun-if-changed={file}");
        let text = std::fs::read_to_string(file)
            .unwrap_or_else(|e| panic!("{file} is part of the source: {e}"));
        let mut map = phf_codegen::OrderedMap::new();
        for (key, value) in entries(&text) {
            map.entry(key, format!("{value:?}"));
        }
        writeln!(
            out,
            "static {name}: ::phf::OrderedMap<&'static str, &'static str> = {};",
            map.build()
        )
        .expect("writing to a String");
    }
    let path = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("lexicons.rs");
    std::fs::write(path, out).expect("OUT_DIR is writable");
}
