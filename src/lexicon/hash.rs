// The hash of the compiled word lists' perfect-hash tables, shared by `build.rs` (which
// includes this file to build the tables) and `src/lexicon.rs` (which looks words up).
//
// A folded multiply per 8 bytes: a dictionary word is one or two steps, a tenth of the
// SipHash the `phf` crates use. Keys come from our own data files, so nothing here needs to
// resist chosen inputs; the table generator tries other seeds until the hash separates them.

/// The three hash values of compressed hash-and-displace (CHD): `g` picks the key's bucket,
/// `f1` and `f2` place it with the bucket's displacements.
#[derive(Clone, Copy)]
pub struct KeyHashes {
    pub g: u32,
    pub f1: u32,
    pub f2: u32,
}

const MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;
const SECOND: u64 = 0x243f_6a88_85a3_08d3;

/// The high and low halves of the 128-bit product, folded together.
#[inline(always)]
fn fold_mul(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    (product as u64) ^ ((product >> 64) as u64)
}

/// Up to 8 bytes as a little-endian integer (zero padded; the length is hashed separately).
#[inline(always)]
fn word_of(bytes: &[u8]) -> u64 {
    let mut buf = [0u8; 8];
    buf[..bytes.len()].copy_from_slice(bytes);
    u64::from_le_bytes(buf)
}

#[inline]
pub fn key_hashes(key: &[u8], seed: u64) -> KeyHashes {
    let mut h = fold_mul(seed ^ key.len() as u64, MULTIPLIER);
    let mut chunks = key.chunks_exact(8);
    for chunk in &mut chunks {
        h = fold_mul(h ^ word_of(chunk), MULTIPLIER);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        h = fold_mul(h ^ word_of(rest), MULTIPLIER);
    }
    let h2 = fold_mul(h ^ seed, SECOND);
    KeyHashes {
        g: (h >> 32) as u32,
        f1: h as u32,
        f2: h2 as u32,
    }
}

/// The table slot of a key with hashes `h` under its bucket's displacements `(d1, d2)`.
#[inline(always)]
pub fn displace(h: KeyHashes, d1: u32, d2: u32) -> u32 {
    d2.wrapping_add(h.f1.wrapping_mul(d1)).wrapping_add(h.f2)
}
