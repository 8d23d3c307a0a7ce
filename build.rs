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

fn u32_bytes(values: impl IntoIterator<Item = u32>) -> Vec<u8> {
    values.into_iter().flat_map(u32::to_le_bytes).collect()
}

fn to_u32(n: usize, what: &str) -> u32 {
    u32::try_from(n).unwrap_or_else(|_| panic!("{what} does not fit in u32"))
}

/// A perfect hash of a list's keys: the seed of [`hash::key_hashes`], each bucket's
/// displacements, and for each table slot the entry that hashes to it.
struct PerfectHash {
    seed: u64,
    disps: Vec<(u32, u32)>,
    slots: Vec<u32>,
}

/// Keys per bucket, on average (the trade-off of CHD between table size and search time).
const BUCKET_SIZE: usize = 5;

/// Compressed hash-and-displace (Belazzougui, Botelho, Dietzfelbinger, 2009): keys are
/// grouped into buckets by `g`; buckets, largest first, get the first displacements
/// `(d1, d2)` that put all their keys in free slots. A seed that leaves a bucket unplaceable
/// is replaced by the next one (deterministically, so builds are reproducible).
fn perfect_hash(keys: &[&str]) -> PerfectHash {
    let n = keys.len();
    let bucket_count = n.div_ceil(BUCKET_SIZE).max(1);
    let table_len = to_u32(n, "a list");
    let mut seed = 0x5eed_u64;
    'seeds: loop {
        // splitmix64: the next seed.
        seed = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = seed;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        let key_seed = z ^ (z >> 31);
        let hashes: Vec<hash::KeyHashes> = keys
            .iter()
            .map(|k| hash::key_hashes(k.as_bytes(), key_seed))
            .collect();
        let mut buckets: Vec<Vec<usize>> = vec![Vec::new(); bucket_count];
        for (i, h) in hashes.iter().enumerate() {
            buckets[(h.g % bucket_count as u32) as usize].push(i);
        }
        let mut order: Vec<usize> = (0..bucket_count).collect();
        order.sort_by_key(|&b| std::cmp::Reverse(buckets[b].len()));
        let mut disps = vec![(0u32, 0u32); bucket_count];
        let mut slots = vec![u32::MAX; n];
        // The attempt that last claimed each slot, so an attempt needs no clearing.
        let mut claimed = vec![0u64; n];
        let mut attempt = 0u64;
        let mut placed: Vec<(usize, usize)> = Vec::new();
        for &b in &order {
            if buckets[b].is_empty() {
                break;
            }
            let found = (0..table_len)
                .flat_map(|d1| (0..table_len).map(move |d2| (d1, d2)))
                .find(|&(d1, d2)| {
                    attempt += 1;
                    placed.clear();
                    for &k in &buckets[b] {
                        let slot = (hash::displace(hashes[k], d1, d2) % table_len) as usize;
                        if slots[slot] != u32::MAX || claimed[slot] == attempt {
                            return false;
                        }
                        claimed[slot] = attempt;
                        placed.push((slot, k));
                    }
                    true
                });
            let Some(d) = found else {
                continue 'seeds;
            };
            disps[b] = d;
            for &(slot, k) in &placed {
                slots[slot] = to_u32(k, "an entry number");
            }
        }
        return PerfectHash {
            seed: key_seed,
            disps,
            slots,
        };
    }
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/lexicon/hash.rs");
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
        // A repeated key could never get a slot of its own (the seed search would not end),
        // and prefix searches bisect the list: stop here with the file's name instead.
        if let Some(w) = keys.windows(2).find(|w| w[0] >= w[1]) {
            panic!(
                "{file}: keys must be byte-sorted and unique: {:?} before {:?}",
                w[0], w[1]
            );
        }
        let hash = perfect_hash(&keys);
        write(&format!("{name}.txt"), body.as_bytes());
        write(&format!("{name}.ends"), &u32_bytes(ends));
        write(&format!("{name}.key_ends"), &u32_bytes(key_ends));
        write(&format!("{name}.slots"), &u32_bytes(hash.slots));
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
            hash.seed,
        )
        .expect("writing to a String");
    }
    std::fs::write(out_dir.join("lexicons.rs"), rust).expect("OUT_DIR is writable");
}
