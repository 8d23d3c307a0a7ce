//! Precomputes where each line of the English word list starts, so that looking a word up
//! costs a binary search and nothing at start-up (the list has 134,000 lines).

use std::io::Write;

fn main() {
    let list = "data/spelling/english.txt";
    println!("cargo:rerun-if-changed={list}");
    let text = std::fs::read(list).expect("data/spelling/english.txt is part of the source");
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("english.starts");
    let mut starts = Vec::with_capacity(text.len() / 2);
    let mut at = 0usize;
    for line in text.split(|&b| b == b'\n') {
        if !line.is_empty() {
            starts.extend_from_slice(&(at as u32).to_le_bytes());
        }
        at += line.len() + 1;
    }
    std::fs::File::create(out)
        .and_then(|mut f| f.write_all(&starts))
        .expect("OUT_DIR is writable");
}
