// The hash and slot layout of the compiled word lists' tables, shared by `build.rs` (which
// includes this file to build the tables) and `src/lexicon.rs` (which looks words up).
//
// A folded multiply per 8 bytes: a dictionary word is one or two steps. Keys come from our
// own data files, so nothing here needs to resist chosen inputs; `build.rs` checks that no
// key needs a long probe.

const MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;
const SEED: u64 = 0x243f_6a88_85a3_08d3;

/// The high and low halves of the 128-bit product, folded together.
#[inline(always)]
fn fold_mul(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    (product as u64) ^ ((product >> 64) as u64)
}

/// Up to 8 bytes as a little-endian integer (zero padded; the length is hashed separately).
#[inline(always)]
fn word_of(bytes: &[u8]) -> u64 {
    // Byte by byte: a copy of a variable length into a buffer is a call to `memcpy`, which
    // costs more than the few bytes of a word.
    bytes
        .iter()
        .enumerate()
        .fold(0, |word, (i, &b)| word | u64::from(b) << (8 * i))
}

#[inline]
pub fn key_hash(key: &[u8]) -> u64 {
    let mut h = fold_mul(SEED ^ key.len() as u64, MULTIPLIER);
    let mut chunks = key.chunks_exact(8);
    for chunk in &mut chunks {
        let chunk: [u8; 8] = chunk.try_into().expect("chunks of 8 bytes");
        h = fold_mul(h ^ u64::from_le_bytes(chunk), MULTIPLIER);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        h = fold_mul(h ^ word_of(rest), MULTIPLIER);
    }
    h
}

/// A table slot: 0 when empty, else `(entry start + 1) << 8 | fingerprint`, where the entry
/// start is the key's offset in the list's text and the fingerprint is the low byte of the
/// key's hash (a probe compares text only when the fingerprints agree).
pub const FINGERPRINT_BITS: u32 = 8;

/// Where a key's probe starts in a table of `1 << bits` slots: the hash's top bits.
#[inline(always)]
pub fn home_slot(h: u64, bits: u32) -> usize {
    if bits == 0 {
        0
    } else {
        (h >> (64 - bits)) as usize
    }
}

#[inline(always)]
pub fn fingerprint(h: u64) -> u32 {
    (h & ((1 << FINGERPRINT_BITS) - 1)) as u32
}
