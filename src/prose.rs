//! Words of prose for the heuristic rules: tokens with byte ranges, case-insensitive phrase
//! search on word boundaries, stop words and stems.
//!
//! Everything here works on byte ranges of the string it is given (usually `Text::text`), so
//! a rule can map a hit back to the source with `Text::source_span`. Lower-casing is ASCII
//! only, which keeps byte offsets unchanged.

use crate::source::Span;
use crate::text::Text;
use std::ops::Range;

/// A fast, deterministic hash for short keys (words, stems, addresses).
pub type FastHash = foldhash::fast::FixedState;

/// A word-like run of the text: letters and digits, joined by inner `-`, `_`, `.` or `'`
/// (`virt-launcher`, `spec.running`, `don't`, `4.22`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'t> {
    pub start: usize,
    pub text: &'t str,
}

impl Token<'_> {
    pub fn range(&self) -> Range<usize> {
        self.start..self.start + self.text.len()
    }
}

#[inline]
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '_' | '.' | '\'' | '’')
}

/// The character at byte `i` of `text` and its length (ASCII without decoding).
#[inline]
fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        (b as char, 1)
    } else {
        let c = text[i..].chars().next().expect("i is a char boundary");
        (c, c.len_utf8())
    }
}

/// The characters a run is made of: word characters (letters and digits) or letters only,
/// as a bit of [`ASCII_CLASS`].
#[derive(Clone, Copy)]
enum RunChars {
    WordChars = 1,
    Letters = 2,
}

/// For each ASCII byte, the [`RunChars`] it belongs to (bit set): one load per byte.
static ASCII_CLASS: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            table[b] |= RunChars::WordChars as u8;
        }
        if c.is_ascii_alphabetic() {
            table[b] |= RunChars::Letters as u8;
        }
        b += 1;
    }
    table
};

impl RunChars {
    /// The length of the character at byte `i` when it belongs to a run, else `None`.
    /// ASCII is classified by table, without decoding.
    #[inline(always)]
    fn inside_at(self, text: &str, i: usize) -> Option<usize> {
        let b = text.as_bytes()[i];
        if b < 0x80 {
            return (ASCII_CLASS[b as usize] & self as u8 != 0).then_some(1);
        }
        let (c, len) = char_at(text, i);
        let inside = match self {
            RunChars::WordChars => is_word_char(c),
            RunChars::Letters => c.is_alphabetic(),
        };
        inside.then_some(len)
    }
}

/// The high bit of each byte of every eight-byte word.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// `b` in every byte of an eight-byte word.
const fn splat(b: u8) -> u64 {
    0x0101_0101_0101_0101 * b as u64
}

/// Eight bytes of text at once (`u64::from_le_bytes`): the high bit of each byte of `x` that
/// is an ASCII byte in `lo..=hi` (`lo` at least 1). With the high bits cleared first no byte
/// carries into the next, as each sum stays below 256.
#[inline(always)]
pub(crate) fn ascii_bytes_in(x: u64, lo: u8, hi: u8) -> u64 {
    let low = x & !HIGH_BITS;
    (low + splat(0x80 - lo)) & !(low + splat(0x7f - hi)) & !x & HIGH_BITS
}

/// Where the run of ASCII bytes of `chars` that starts at `i` ends: eight bytes at a time,
/// as most words are read in one step.
#[inline(always)]
fn ascii_run_end(bytes: &[u8], mut i: usize, chars: RunChars) -> usize {
    while let Some(chunk) = bytes.get(i..i + 8) {
        let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        // Setting bit 5 folds A-Z onto a-z and moves no other byte into a-z; bytes beyond
        // ASCII are never inside.
        let mut inside = ascii_bytes_in(x | splat(0x20), b'a', b'z');
        if let RunChars::WordChars = chars {
            inside |= ascii_bytes_in(x, b'0', b'9');
        }
        if inside != HIGH_BITS {
            return i + (!inside & HIGH_BITS).trailing_zeros() as usize / 8;
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        if b >= 0x80 || ASCII_CLASS[b as usize] & chars as u8 == 0 {
            break;
        }
        i += 1;
    }
    i
}

#[inline]
fn is_word_char_at(text: &str, i: usize) -> bool {
    RunChars::WordChars.inside_at(text, i).is_some()
}

/// Runs of `chars`, joined (when `joiners`) by one joiner between two word characters; the
/// scanning behind [`tokens`] and [`words`].
fn runs(text: &str, chars: RunChars, joiners: bool) -> impl Iterator<Item = Token<'_>> {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        // Skip to the run's first character (ASCII separators byte by byte).
        let start = loop {
            match bytes.get(i) {
                None => return None,
                Some(&b) if b < 0x80 && ASCII_CLASS[b as usize] & chars as u8 == 0 => i += 1,
                Some(_) => match chars.inside_at(text, i) {
                    Some(len) => {
                        i += len;
                        break i - len;
                    }
                    None => i += char_at(text, i).1,
                },
            }
        };
        loop {
            // ASCII run characters, then anything else.
            i = ascii_run_end(bytes, i, chars);
            if i >= bytes.len() {
                break;
            }
            if let Some(len) = chars.inside_at(text, i) {
                i += len;
                continue;
            }
            // A joiner counts only between word characters.
            if joiners {
                let (c, len) = char_at(text, i);
                if is_joiner(c) && i + len < text.len() && is_word_char_at(text, i + len) {
                    i += len;
                    continue;
                }
            }
            break;
        }
        Some(Token {
            start,
            text: &text[start..i],
        })
    })
}

/// Word-like runs, see [`Token`].
pub fn tokens(text: &str) -> impl Iterator<Item = Token<'_>> {
    runs(text, RunChars::WordChars, true)
}

/// The tokens of a [`Text`] (see [`tokens`]), found once per text and kept with it: the
/// rules that read words (spelling, acronyms, implementation terms) read the same texts.
pub fn text_tokens(text: &Text) -> impl Iterator<Item = Token<'_>> + '_ {
    let ranges = &words_of(text).tokens;
    ranges.iter().map(|&(start, end)| Token {
        start,
        text: &text.text[start..end],
    })
}

/// The `(start, end)` of each of [`tokens`], in one loop over the bytes (for the cache).
fn token_ranges(text: &str) -> Vec<(usize, usize)> {
    const WORD: u8 = RunChars::WordChars as u8;
    let bytes = text.as_bytes();
    // About one token per six bytes of prose: sized to grow rarely.
    let mut out = Vec::with_capacity(bytes.len() / 6 + 1);
    let mut i = 0;
    while i < bytes.len() {
        // Skip to a word character: the token's start.
        let start = i;
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            if ASCII_CLASS[b as usize] & WORD == 0 {
                continue;
            }
        } else {
            let (c, len) = char_at(text, i);
            i += len;
            if !is_word_char(c) {
                continue;
            }
        }
        loop {
            i = ascii_run_end(bytes, i, RunChars::WordChars);
            if i >= bytes.len() {
                break;
            }
            let (c, len) = char_at(text, i);
            // A joiner counts only between word characters.
            if is_word_char(c)
                || (is_joiner(c) && i + len < bytes.len() && is_word_char_at(text, i + len))
            {
                i += len;
                continue;
            }
            break;
        }
        out.push((start, i));
    }
    out
}

/// Where a word starts in a [`Text`]: at each word character that follows no word character
/// (a token's start, or the character after a joiner inside it). Found once per text, from
/// its tokens: phrase lists whose phrases start with a word character are tried only there.
fn word_starts(text: &Text) -> &[usize] {
    let words = words_of(text);
    words.word_starts.get_or_init(|| {
        // A start per token, and one after each joiner inside a token (a few).
        let mut starts = Vec::with_capacity(words.tokens.len() + words.tokens.len() / 4);
        for token in text_tokens(text) {
            starts.push(token.start);
            // Inside a token, everything but a word character is a joiner.
            let bytes = token.text.as_bytes();
            let mut k = 0;
            loop {
                k = ascii_run_end(bytes, k, RunChars::WordChars);
                let Some(&b) = bytes.get(k) else { break };
                if b < 0x80 {
                    k += 1;
                    starts.push(token.start + k);
                } else {
                    let (c, len) = char_at(token.text, k);
                    k += len;
                    if is_joiner(c) {
                        starts.push(token.start + k);
                    }
                }
            }
        }
        starts
    })
}

/// Where a [`Text`]'s tokens and word starts are kept, filled on first use (boxed: texts are
/// moved about a lot, and most model texts are never read word by word). It is derived from
/// the text, so it takes no part in comparing texts.
#[derive(Clone, Default)]
pub struct TokenCache(std::sync::OnceLock<Box<TextWords>>);

#[derive(Clone)]
struct TextWords {
    /// `(start, end)` of each token.
    tokens: Vec<(usize, usize)>,
    word_starts: std::sync::OnceLock<Vec<usize>>,
}

fn words_of(text: &Text) -> &TextWords {
    text.token_cache.0.get_or_init(|| {
        Box::new(TextWords {
            tokens: token_ranges(&text.text),
            word_starts: std::sync::OnceLock::new(),
        })
    })
}

impl PartialEq for TokenCache {
    fn eq(&self, _: &TokenCache) -> bool {
        true
    }
}

impl Eq for TokenCache {}

impl std::fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenCache")
    }
}

/// Runs of letters only (no digits or joiners): the units of spelling and of stems.
pub fn words(text: &str) -> impl Iterator<Item = Token<'_>> {
    runs(text, RunChars::Letters, false)
}

/// Whether `text[range]` stands alone as words: no letter or digit touches either end.
pub fn on_word_boundary(text: &str, range: &Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
}

/// A phrase's text without its `*`, and whether it had one (matches any word that starts
/// with it).
fn stem_of(phrase: &str) -> (&str, bool) {
    match phrase.strip_suffix('*') {
        Some(stem) => (stem, true),
        None => (phrase, false),
    }
}

/// The first occurrence of `phrase` (lower case) in `lower` (an ASCII-lower-cased text) that
/// stands alone as words. A phrase ending in `*` matches any word that starts with it
/// (`reconcil*` finds "reconciles").
pub fn find_phrase(lower: &str, phrase: &str) -> Option<Range<usize>> {
    let (stem, open_end) = stem_of(phrase);
    let finder = memchr::memmem::Finder::new(stem.as_bytes());
    first_as_words(lower, &finder, open_end, lower.len())
}

/// The first occurrence found by `finder` that stands alone as words (see [`find_phrase`]),
/// if it starts before `before`.
fn first_as_words(
    lower: &str,
    finder: &memchr::memmem::Finder,
    open_end: bool,
    before: usize,
) -> Option<Range<usize>> {
    let stem_len = finder.needle().len();
    if stem_len == 0 {
        return None;
    }
    // A match that starts before `before` ends by here.
    let searched = &lower.as_bytes()[..before.saturating_add(stem_len).min(lower.len())];
    let mut from = 0;
    while let Some(at) = finder.find(&searched[from.min(searched.len())..]) {
        let start = from + at;
        if start >= before {
            return None;
        }
        let mut end = start + stem_len;
        if open_end {
            end += lower[end..]
                .find(|c: char| !is_word_char(c))
                .unwrap_or(lower.len() - end);
        }
        if on_word_boundary(lower, &(start..end)) {
            return Some(start..end);
        }
        // The next match may overlap this one ("end to end" in "weekend to end to end").
        from = start + 1;
        while !lower.is_char_boundary(from) {
            from += 1;
        }
    }
    None
}

/// Phrase lists at least this long are indexed once per list (cached); shorter ones are
/// searched phrase by phrase.
const CACHED_MIN_PHRASES: usize = 4;

/// Bits of [`PhraseSet::classes`]: the byte may start a phrase (as written, or read in
/// lower case), is an ASCII word character, or is not ASCII.
const STARTS_PHRASE: u8 = 1;
const STARTS_PHRASE_FOLDED: u8 = 2;
const ASCII_WORD_CHAR: u8 = 4;
const NOT_ASCII: u8 = 8;

/// The phrases of one list, indexed by their first byte, with their substring searchers,
/// and the list's identity (the address and length of every phrase) to check that a
/// cached entry belongs to the list it is asked for.
struct PhraseSet {
    identity: Vec<(usize, usize)>,
    /// Per phrase of the list: its text without the `*`, and whether it had one.
    stems: Vec<(Box<[u8]>, bool)>,
    /// The phrases (their numbers, in list order) that start with byte `b` are
    /// `by_first[starts[b]..starts[b + 1]]`; phrases with an empty stem match nothing and
    /// are left out.
    starts: [u16; 257],
    by_first: Vec<u16>,
    /// Per byte value, the bits above.
    classes: [u8; 256],
    /// Per phrase, its searcher (for long texts, see [`PhraseSet::first_in`]), built on
    /// first use: most lists only ever meet short texts.
    finders: std::sync::OnceLock<Vec<memchr::memmem::Finder<'static>>>,
    /// Every phrase starts with a word character, so a match starts where a word does.
    word_led: bool,
}

fn identity<'a>(phrases: &'a [&str]) -> impl Iterator<Item = (usize, usize)> + 'a {
    phrases.iter().map(|p| (p.as_ptr() as usize, p.len()))
}

impl PhraseSet {
    fn new(phrases: &[&str]) -> PhraseSet {
        let stems: Vec<(Box<[u8]>, bool)> = phrases
            .iter()
            .map(|p| {
                let (stem, open_end) = stem_of(p);
                (stem.as_bytes().into(), open_end)
            })
            .collect();
        // Phrases are numbered in u16: every list is a short constant.
        assert!(
            stems.len() <= usize::from(u16::MAX),
            "a phrase list of {} phrases",
            stems.len()
        );
        let mut by_first: Vec<u16> = (0..stems.len() as u16)
            .filter(|&i| !stems[i as usize].0.is_empty())
            .collect();
        // Stable: phrases with the same first byte stay in list order.
        by_first.sort_by_key(|&i| stems[i as usize].0[0]);
        let mut starts = [0u16; 257];
        let mut classes = [0u8; 256];
        for &i in &by_first {
            let first = stems[i as usize].0[0];
            starts[first as usize + 1] += 1;
            classes[first as usize] |= STARTS_PHRASE;
        }
        for b in 0..256 {
            starts[b + 1] += starts[b];
            let byte = b as u8;
            if classes[byte.to_ascii_lowercase() as usize] & STARTS_PHRASE != 0 {
                classes[b] |= STARTS_PHRASE_FOLDED;
            }
            if byte.is_ascii_alphanumeric() {
                classes[b] |= ASCII_WORD_CHAR;
            }
            if !byte.is_ascii() {
                classes[b] |= NOT_ASCII;
            }
        }
        let word_led = stems.iter().all(|(stem, _)| {
            std::str::from_utf8(stem)
                .ok()
                .and_then(|s| s.chars().next())
                .is_none_or(is_word_char)
        });
        PhraseSet {
            word_led,
            identity: identity(phrases).collect(),
            finders: std::sync::OnceLock::new(),
            stems,
            starts,
            by_first,
            classes,
        }
    }

    /// Whether the byte after `at` can be phrase `p`'s second: the first picked the phrase,
    /// and most candidates that do not match differ at the second byte already.
    #[inline(always)]
    fn second_byte_fits(&self, bytes: &[u8], at: usize, p: u16, fold: bool) -> bool {
        match self.stems[p as usize].0.get(1) {
            None => true,
            Some(&s) => bytes
                .get(at + 1)
                .is_some_and(|&w| w == s || (fold && w.to_ascii_lowercase() == s)),
        }
    }

    /// The end of phrase `p` when it occurs as words at byte `at` of `text` (which starts
    /// a word or follows a character that is not a word character). With `fold`, the text
    /// is read in ASCII lower case.
    #[inline]
    fn end_of_match(&self, text: &str, at: usize, p: u16, fold: bool) -> Option<usize> {
        let (stem, open_end) = &self.stems[p as usize];
        let mut end = at + stem.len();
        let written = text.as_bytes().get(at..end)?;
        let same = if fold {
            written
                .iter()
                .zip(stem.iter())
                .all(|(w, s)| w.to_ascii_lowercase() == *s)
        } else {
            written == &stem[..]
        };
        if !same {
            return None;
        }
        if *open_end {
            while end < text.len() {
                match RunChars::WordChars.inside_at(text, end) {
                    Some(len) => end += len,
                    None => break,
                }
            }
        } else if end < text.len() && is_word_char_at(text, end) {
            return None;
        }
        Some(end)
    }

    /// The first phrase that occurs as words in `text`, by position, then by order in the
    /// list. With `fold`, the text is read in ASCII lower case.
    ///
    /// A long text and a short list: one vectorised substring search per phrase. Otherwise
    /// one pass over the text, trying at each place a match may start (the text's start, or
    /// after a character that is not a word character) only the phrases that start with
    /// the byte there.
    fn first_in(&self, text: &str, fold: bool) -> Option<(Range<usize>, usize)> {
        // A substring search costs about 200 instructions to start and half an
        // instruction per byte; the pass about six per byte.
        if self.stems.len() * (200 + text.len() / 2) < 6 * text.len() {
            return if fold {
                self.first_by_phrase(&text.to_ascii_lowercase())
            } else {
                self.first_by_phrase(text)
            };
        }
        let bytes = text.as_bytes();
        let starts_phrase = if fold {
            STARTS_PHRASE_FOLDED
        } else {
            STARTS_PHRASE
        };
        // The character at `i` and whether it is a word character, from its class.
        let char_len_and_word = |i: usize, class: u8| {
            if class & NOT_ASCII == 0 {
                (1, class & ASCII_WORD_CHAR != 0)
            } else {
                let (c, len) = char_at(text, i);
                (len, is_word_char(c))
            }
        };
        let mut i = 0;
        // Here `i` is the text's start or follows a character that is not a word character.
        while i < bytes.len() {
            let class = self.classes[bytes[i] as usize];
            if class & starts_phrase != 0 {
                let key = if fold {
                    bytes[i].to_ascii_lowercase()
                } else {
                    bytes[i]
                } as usize;
                let candidates =
                    &self.by_first[self.starts[key] as usize..self.starts[key + 1] as usize];
                for &p in candidates {
                    if !self.second_byte_fits(bytes, i, p, fold) {
                        continue;
                    }
                    if let Some(end) = self.end_of_match(text, i, p, fold) {
                        return Some((i..end, p as usize));
                    }
                }
            }
            let (len, word_char) = char_len_and_word(i, class);
            i += len;
            if !word_char {
                continue;
            }
            // Inside a word no phrase starts: skip to the character after it.
            while i < bytes.len() {
                let class = self.classes[bytes[i] as usize];
                let (len, word_char) = char_len_and_word(i, class);
                i += len;
                if !word_char {
                    break;
                }
            }
        }
        None
    }

    /// [`PhraseSet::first_in`] for a [`Text`], read in ASCII lower case: only where its
    /// words start, when every phrase starts with a word character.
    fn first_in_text(&self, text: &Text) -> Option<(Range<usize>, usize)> {
        if !self.word_led {
            return self.first_in(&text.text, true);
        }
        let bytes = text.text.as_bytes();
        for &i in word_starts(text) {
            let key = bytes[i].to_ascii_lowercase() as usize;
            let candidates =
                &self.by_first[self.starts[key] as usize..self.starts[key + 1] as usize];
            for &p in candidates {
                if !self.second_byte_fits(bytes, i, p, true) {
                    continue;
                }
                if let Some(end) = self.end_of_match(&text.text, i, p, true) {
                    return Some((i..end, p as usize));
                }
            }
        }
        None
    }

    /// [`PhraseSet::first_in`] by one substring search per phrase (`lower` as it is).
    fn first_by_phrase(&self, lower: &str) -> Option<(Range<usize>, usize)> {
        let mut best: Option<(Range<usize>, usize)> = None;
        let finders = self.finders.get_or_init(|| {
            self.stems
                .iter()
                .map(|(stem, _)| memchr::memmem::Finder::new(stem).into_owned())
                .collect()
        });
        for (i, (finder, (_, open_end))) in finders.iter().zip(&self.stems).enumerate() {
            // A later phrase wins only by starting earlier.
            let before = best.as_ref().map_or(lower.len() + 1, |(r, _)| r.start);
            if let Some(range) = first_as_words(lower, finder, *open_end, before) {
                best = Some((range, i));
            }
        }
        best
    }
}

/// An indexed list, shared by the threads: built once per run, read by all.
type SharedPhraseSet = std::sync::Arc<PhraseSet>;
type PhraseSetCache<V> = std::collections::HashMap<(usize, usize), V, FastHash>;

/// Past this many lists a cache starts over: lists built on the fly (rather than constants)
/// would otherwise pile up.
const PHRASE_SETS_LIMIT: usize = 512;

/// Indexed lists by list address, for every thread: a thread that meets a list for the first
/// time takes the index another thread built rather than building its own.
static SHARED_PHRASE_SETS: std::sync::LazyLock<std::sync::Mutex<PhraseSetCache<SharedPhraseSet>>> =
    std::sync::LazyLock::new(Default::default);

thread_local! {
    /// Indexed lists by list address, per thread: a look-up takes no lock and no atomic
    /// count, and rules look lists up per text.
    static PHRASE_SETS: std::cell::RefCell<PhraseSetCache<std::rc::Rc<SharedPhraseSet>>> =
        Default::default();
}

/// The index of `phrases` (cached by the list's address).
fn phrase_set(phrases: &[&str]) -> std::rc::Rc<SharedPhraseSet> {
    let key = (phrases.as_ptr() as usize, phrases.len());
    let is_this_list = |set: &PhraseSet| set.identity.iter().copied().eq(identity(phrases));
    PHRASE_SETS.with(|sets| {
        if let Some(hit) = sets.borrow().get(&key) {
            if is_this_list(hit) {
                return hit.clone();
            }
        }
        let shared = {
            let mut shared = SHARED_PHRASE_SETS.lock().unwrap_or_else(|e| e.into_inner());
            match shared.get(&key) {
                Some(hit) if is_this_list(hit) => hit.clone(),
                _ => {
                    if shared.len() > PHRASE_SETS_LIMIT {
                        shared.clear();
                    }
                    let built = std::sync::Arc::new(PhraseSet::new(phrases));
                    shared.insert(key, built.clone());
                    built
                }
            }
        };
        let local = std::rc::Rc::new(shared);
        let mut cache = sets.borrow_mut();
        if cache.len() > PHRASE_SETS_LIMIT {
            cache.clear();
        }
        cache.insert(key, local.clone());
        local
    })
}

/// The first of `phrases` found in `text` (see [`find_any`]), reading the text in ASCII
/// lower case when `fold`.
fn scan<'p>(text: &str, phrases: &[&'p str], fold: bool) -> Option<(Range<usize>, &'p str)> {
    phrase_set(phrases)
        .first_in(text, fold)
        .map(|(range, i)| (range, phrases[i]))
}

/// The first of `phrases` found in `lower` (by position in the text, then by order in the
/// list), with the phrase.
pub fn find_any<'p>(lower: &str, phrases: &[&'p str]) -> Option<(Range<usize>, &'p str)> {
    if phrases.len() >= CACHED_MIN_PHRASES {
        return scan(lower, phrases, false);
    }
    phrases
        .iter()
        .filter_map(|p| find_phrase(lower, p).map(|r| (r, *p)))
        .min_by_key(|(r, _)| r.start)
}

/// Whether any of `phrases` occurs in `lower` as words.
pub fn has_any(lower: &str, phrases: &[&str]) -> bool {
    if phrases.len() >= CACHED_MIN_PHRASES {
        return scan(lower, phrases, false).is_some();
    }
    phrases.iter().any(|p| find_phrase(lower, p).is_some())
}

/// The first of `phrases` (lower case) found in `text`, ignoring ASCII case.
pub fn find_any_ignore_case<'p>(
    text: &str,
    phrases: &[&'p str],
) -> Option<(Range<usize>, &'p str)> {
    if phrases.len() >= CACHED_MIN_PHRASES {
        return scan(text, phrases, true);
    }
    find_any(&text.to_ascii_lowercase(), phrases)
}

/// Whether any of `phrases` (lower case) occurs in `text`, ignoring ASCII case.
pub fn has_any_ignore_case(text: &str, phrases: &[&str]) -> bool {
    if phrases.len() >= CACHED_MIN_PHRASES {
        return scan(text, phrases, true).is_some();
    }
    has_any(&text.to_ascii_lowercase(), phrases)
}

/// The first of `phrases` (lower case) found in `text`, ignoring ASCII case, as a range of
/// `text.text`.
pub fn find_in_text<'p>(text: &Text, phrases: &[&'p str]) -> Option<(Range<usize>, &'p str)> {
    if phrases.len() >= CACHED_MIN_PHRASES {
        return phrase_set(phrases)
            .first_in_text(text)
            .map(|(range, i)| (range, phrases[i]));
    }
    find_any_ignore_case(&text.text, phrases)
}

/// The first of `phrases` found in any of `texts`, as a source span.
pub fn find_in<'t, 'p>(
    texts: impl IntoIterator<Item = &'t Text>,
    phrases: &[&'p str],
) -> Option<(Span, &'p str)> {
    if phrases.len() >= CACHED_MIN_PHRASES {
        let set = phrase_set(phrases);
        return texts.into_iter().find_map(|t| {
            set.first_in_text(t)
                .map(|(r, i)| (t.source_span(r), phrases[i]))
        });
    }
    texts
        .into_iter()
        .find_map(|t| find_any_ignore_case(&t.text, phrases).map(|(r, p)| (t.source_span(r), p)))
}

/// Whether any of `texts` holds any of `phrases`.
pub fn mentioned<'t>(texts: impl IntoIterator<Item = &'t Text>, phrases: &[&str]) -> bool {
    if phrases.len() >= CACHED_MIN_PHRASES {
        let set = phrase_set(phrases);
        return texts.into_iter().any(|t| set.first_in_text(t).is_some());
    }
    texts
        .into_iter()
        .any(|t| has_any_ignore_case(&t.text, phrases))
}

/// Fixed substrings searched for over and over (pre-filters run on every paragraph): each
/// searcher is set up once, where `str::contains` would set one up on every call.
pub struct Needles {
    finders: Vec<memchr::memmem::Finder<'static>>,
}

impl Needles {
    pub fn new(needles: &[&'static str]) -> Needles {
        Needles {
            finders: needles
                .iter()
                .map(|n| memchr::memmem::Finder::new(n.as_bytes()))
                .collect(),
        }
    }

    /// Whether `haystack` contains any of the needles (exactly as written).
    pub fn any_in(&self, haystack: &str) -> bool {
        self.finders
            .iter()
            .any(|f| f.find(haystack.as_bytes()).is_some())
    }

    /// Every occurrence of every needle in `haystack`, found once so that many parts of it
    /// can then be asked [`NeedleHits::any_within`] without searching each part again.
    pub fn hits_in(&self, haystack: &str) -> NeedleHits {
        let mut hits = Vec::new();
        for finder in &self.finders {
            let len = finder.needle().len();
            let mut at = 0;
            while let Some(i) = haystack.as_bytes().get(at..).and_then(|h| finder.find(h)) {
                hits.push((at + i, at + i + len));
                at += i + 1;
            }
        }
        hits.sort_unstable();
        NeedleHits(hits)
    }
}

/// Where needles occur in a text (see [`Needles::hits_in`]): `(start, end)`, sorted.
pub struct NeedleHits(Vec<(usize, usize)>);

impl NeedleHits {
    /// Whether a needle occurs wholly inside `range` of the text: what [`Needles::any_in`]
    /// says of that part.
    pub fn any_within(&self, range: Range<usize>) -> bool {
        let first = self.0.partition_point(|&(start, _)| start < range.start);
        self.0[first..]
            .iter()
            .take_while(|&&(start, _)| start <= range.end)
            .any(|&(_, end)| end <= range.end)
    }
}

/// How many words a text has.
pub fn word_count(text: &str) -> usize {
    words(text).count()
}

/// `runStrategy`: at least two lower-case letters, then a capital followed by a lower-case
/// letter. (`vCenter`, `macOS`, `iSCSI` are product spellings, not identifiers.)
pub fn is_camel_case(word: &str) -> bool {
    let b = word.as_bytes();
    b.len() >= 4
        && b[0].is_ascii_lowercase()
        && b[1].is_ascii_lowercase()
        && b.windows(2)
            .any(|w| w[0].is_ascii_uppercase() && w[1].is_ascii_lowercase())
        && b.iter().all(|c| c.is_ascii_alphanumeric())
}

/// Whether a lower-case word is a function word that carries no topic: left out of
/// similarity measures. (A `match` compiles to compares of a fixed size, several times
/// cheaper than a binary search's calls to `memcmp`; a word listed twice is flagged as an
/// unreachable pattern.)
pub fn is_stop_word(lower: &str) -> bool {
    matches!(
        lower,
        "a" | "about"
            | "after"
            | "all"
            | "also"
            | "an"
            | "and"
            | "any"
            | "are"
            | "as"
            | "at"
            | "be"
            | "been"
            | "before"
            | "being"
            | "between"
            | "both"
            | "but"
            | "by"
            | "can"
            | "could"
            | "do"
            | "does"
            | "during"
            | "each"
            | "either"
            | "etc"
            | "for"
            | "from"
            | "has"
            | "have"
            | "how"
            | "i"
            | "if"
            | "in"
            | "into"
            | "is"
            | "it"
            | "its"
            | "may"
            | "more"
            | "must"
            | "no"
            | "not"
            | "of"
            | "on"
            | "once"
            | "only"
            | "or"
            | "other"
            | "our"
            | "per"
            | "should"
            | "so"
            | "such"
            | "than"
            | "that"
            | "the"
            | "their"
            | "them"
            | "then"
            | "there"
            | "these"
            | "they"
            | "this"
            | "those"
            | "through"
            | "to"
            | "under"
            | "up"
            | "upon"
            | "via"
            | "was"
            | "we"
            | "were"
            | "what"
            | "when"
            | "where"
            | "whether"
            | "which"
            | "while"
            | "who"
            | "will"
            | "with"
            | "within"
            | "without"
            | "would"
            | "you"
            | "your"
    )
}

/// Whether a lower-case word is one every test text uses ("verify that ... works"): such
/// words say nothing about *what* is tested, so similarity ignores them.
fn is_test_word(lower: &str) -> bool {
    matches!(
        lower,
        "able"
            | "case"
            | "cases"
            | "check"
            | "checks"
            | "confirm"
            | "confirms"
            | "correct"
            | "correctly"
            | "ensure"
            | "ensures"
            | "expected"
            | "feature"
            | "functionality"
            | "p0"
            | "p1"
            | "p2"
            | "properly"
            | "scenario"
            | "scenarios"
            | "successful"
            | "successfully"
            | "test"
            | "tested"
            | "testing"
            | "tests"
            | "tier"
            | "user"
            | "users"
            | "validate"
            | "validates"
            | "validation"
            | "verified"
            | "verifies"
            | "verify"
            | "want"
            | "work"
            | "works"
    )
}

/// Calls `f` with each part of `word` split at camelCase humps:
/// `scratchSpaceStorageClass` -> `scratch`, `Space`, `Storage`, `Class` (an identifier
/// shares words with the prose that describes it). Other words come back whole.
fn for_each_camel_part<'w>(word: &'w str, mut f: impl FnMut(&'w str)) {
    let b = word.as_bytes();
    let split = is_camel_case(word)
        || (b.len() > 3 && b[0].is_ascii_uppercase() && b[1].is_ascii_lowercase());
    let mut start = 0;
    if split {
        for i in 1..b.len() {
            if b[i].is_ascii_uppercase() && b[i - 1].is_ascii_lowercase() {
                f(&word[start..i]);
                start = i;
            }
        }
    }
    f(&word[start..]);
}

/// Stems already computed on this thread: plans repeat their vocabulary, and stemming a
/// word costs far more than a hash lookup. Each distinct stem gets a small integer id, so
/// a text's stems are deduplicated and compared as integers.
struct StemCache {
    stemmer: rust_stemmers::Stemmer,
    /// Lower-case word -> stem id, or [`NOT_CONTENT`] for stop words and test words.
    words: crate::word_map::WordMap<u32>,
    /// Stem -> id, and id -> stem.
    ids: std::collections::HashMap<String, u32, FastHash>,
    stems: Vec<String>,
    /// Whole text -> index into `text_stems`, its stem ids: several rules stem the same
    /// texts, and the language server stems the unchanged texts of a plan again after
    /// every edit.
    texts: std::collections::HashMap<Box<str>, usize, FastHash>,
    text_stems: Vec<Box<[u32]>>,
    /// Bytes of the texts kept in `texts`.
    text_bytes: usize,
    /// Counts the times the cache started over: ids from before are meaningless.
    generation: u64,
    /// Where `stem_text` lower-cases a word, kept to spare an allocation per text.
    lower: String,
}

const NOT_CONTENT: u32 = u32::MAX;
/// Past this many words, or this many bytes of remembered texts, the cache starts over (a
/// bound on memory for huge inputs).
const STEM_CACHE_WORDS: usize = 50_000;
const STEM_CACHE_TEXT_BYTES: usize = 4 << 20;

impl StemCache {
    fn id(&mut self, lower: &str) -> u32 {
        if let Some(id) = self.words.get(lower) {
            return id;
        }
        let id = if is_stop_word(lower) || is_test_word(lower) {
            NOT_CONTENT
        } else {
            // Dictionary words' stems were found when the binary was built.
            let stem =
                crate::lexicon::english_stem(lower).unwrap_or_else(|| self.stemmer.stem(lower));
            if stem.is_empty() {
                NOT_CONTENT
            } else if let Some(&id) = self.ids.get(stem.as_ref()) {
                id
            } else {
                let id = self.stems.len() as u32;
                self.ids.insert(stem.to_string(), id);
                self.stems.push(stem.into_owned());
                id
            }
        };
        self.words.insert(lower, id);
        id
    }

    /// The sorted, deduplicated stem ids of a text (an index into `text_stems`), computed
    /// once per distinct text.
    fn text_ids(&mut self, text: &str) -> usize {
        if let Some(&at) = self.texts.get(text) {
            return at;
        }
        if self.words.len() > STEM_CACHE_WORDS || self.text_bytes > STEM_CACHE_TEXT_BYTES {
            self.words.clear();
            self.ids.clear();
            self.stems.clear();
            self.texts.clear();
            self.text_stems.clear();
            self.text_bytes = 0;
            self.generation += 1;
        }
        let ids = self.stem_text(text);
        let at = self.text_stems.len();
        self.text_stems.push(ids.into_boxed_slice());
        self.text_bytes += text.len();
        self.texts.insert(text.into(), at);
        at
    }

    fn stem_text(&mut self, text: &str) -> Vec<u32> {
        // About a word per six bytes of prose, as in `token_ranges`.
        let mut out = Vec::with_capacity(text.len() / 6 + 1);
        // Lower-cased in place: copying a `str` needs no UTF-8 check, unlike building one
        // from bytes.
        let mut lower = std::mem::take(&mut self.lower);
        for piece in runs(text, RunChars::WordChars, false) {
            for_each_camel_part(piece.text, |w| {
                if !(w.len() > 1 || w.chars().all(|c| c.is_ascii_digit())) {
                    return;
                }
                let id = if w.is_ascii() {
                    lower.clear();
                    lower.push_str(w);
                    lower.make_ascii_lowercase();
                    self.id(&lower)
                } else {
                    self.id(&w.to_lowercase())
                };
                if id != NOT_CONTENT {
                    out.push(id);
                }
            });
        }
        self.lower = lower;
        out.sort_unstable();
        out.dedup();
        out
    }
}

thread_local! {
    static STEM_CACHE: std::cell::RefCell<StemCache> = std::cell::RefCell::new(StemCache {
        stemmer: rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English),
        words: Default::default(),
        ids: Default::default(),
        stems: Vec::new(),
        texts: Default::default(),
        text_stems: Vec::new(),
        text_bytes: 0,
        generation: 0,
        lower: String::new(),
    });
}

/// A text's content stems as ids of this thread's stem cache, for callers that intern
/// stems themselves (see `trace`): ids are sorted and deduplicated; `stems[id]` is the
/// stem. Ids stay valid while `generation` stays the same (the cache starts over now
/// and then on huge inputs).
pub struct CachedStems<'c> {
    pub ids: &'c [u32],
    pub stems: &'c [String],
    pub generation: u64,
}

/// Calls `f` with the content stems of `text` (see [`content_stems`]) as cached ids. `f`
/// runs while this thread's stem cache is borrowed: it must not stem anything itself.
pub fn with_content_stems<R>(text: &str, f: impl FnOnce(CachedStems) -> R) -> R {
    STEM_CACHE.with(|c| {
        let mut cache = c.borrow_mut();
        let at = cache.text_ids(text);
        f(CachedStems {
            ids: &cache.text_stems[at],
            stems: &cache.stems,
            generation: cache.generation,
        })
    })
}

/// The content stems of a text: lower-cased letter-and-digit words without stop words and
/// generic test words, stemmed (Snowball English), deduplicated, sorted.
pub fn content_stems(text: &str) -> Vec<String> {
    with_content_stems(text, |c| {
        let mut out: Vec<String> = c
            .ids
            .iter()
            .map(|&id| c.stems[id as usize].clone())
            .collect();
        out.sort_unstable();
        out
    })
}

/// Content stems interned to integer ids for one analysis (a file): comparing two texts'
/// stems is then a merge of sorted integer lists, with no string hashing or allocation per
/// word. Ids are meaningful only within one `StemIds` value.
#[derive(Default)]
pub struct StemIds {
    ids: std::collections::HashMap<String, u32, FastHash>,
    stems: Vec<String>,
}

impl StemIds {
    pub fn new() -> StemIds {
        StemIds::default()
    }

    /// The sorted, deduplicated stem ids of a text (see [`content_stems`]).
    pub fn of(&mut self, text: &str) -> Vec<u32> {
        let mut out: Vec<u32> = with_content_stems(text, |c| {
            c.ids
                .iter()
                .map(|&id| {
                    let stem = &c.stems[id as usize];
                    match self.ids.get(stem.as_str()) {
                        Some(&mine) => mine,
                        None => {
                            let mine = self.stems.len() as u32;
                            self.ids.insert(stem.clone(), mine);
                            self.stems.push(stem.clone());
                            mine
                        }
                    }
                })
                .collect()
        });
        out.sort_unstable();
        out
    }

    /// The stem an id stands for.
    pub fn stem(&self, id: u32) -> &str {
        &self.stems[id as usize]
    }
}

/// The share of `part`'s ids that `whole` also has (0 when `part` has none); both sorted.
pub fn id_coverage(part: &[u32], whole: &[u32]) -> f64 {
    if part.is_empty() {
        return 0.0;
    }
    let shared = part
        .iter()
        .filter(|s| whole.binary_search(s).is_ok())
        .count();
    shared as f64 / part.len() as f64
}

/// Sentences of a text: split at `.`, `!`, `?` followed by white space, and at line breaks.
pub fn sentences(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    let b = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            let end_here = b[i] == b'\n'
                || (matches!(b[i], b'.' | b'!' | b'?')
                    && b.get(i + 1).is_none_or(|c| c.is_ascii_whitespace()));
            i += 1;
            if end_here {
                let r = start..i;
                start = i;
                if !text[r.clone()].trim().is_empty() {
                    return Some(r);
                }
            }
        }
        if start < b.len() {
            let r = start..b.len();
            start = b.len();
            if !text[r.clone()].trim().is_empty() {
                return Some(r);
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needle_hits_answer_for_every_part_as_a_search_of_the_part_would() {
        // Overlapping occurrences ("aaa" in "aaaa"), needles inside needles, a part that
        // ends inside an occurrence, and an empty needle (found everywhere).
        let empty = Needles::new(&[""]);
        for range in [0..0, 1..1, 2..2, 0..2] {
            assert!(empty.hits_in("ab").any_within(range));
        }
        let needles = Needles::new(&["aaa", "ab", "Section", "see "]);
        let text = "xaaaab see Section 2, ab aaaa seeSection";
        let hits = needles.hits_in(text);
        let mut asked = 0;
        for start in 0..=text.len() {
            for end in start..=text.len() {
                assert_eq!(
                    hits.any_within(start..end),
                    needles.any_in(&text[start..end]),
                    "part {start}..{end}: {:?}",
                    &text[start..end]
                );
                asked += 1;
            }
        }
        assert!(asked > 800);
    }

    #[test]
    fn a_phrase_is_found_after_a_false_start_that_overlaps_it() {
        let text = "weekend to end to end";
        assert_eq!(find_phrase(text, "end to end"), Some(11..21));
        // Lists long enough for cached searchers take the same path.
        let list = ["end to end", "soak", "longevity", "chaos"];
        assert_eq!(find_any(text, &list), Some((11..21, "end to end")));
        assert_eq!(
            find_phrase("anything", "*"),
            None,
            "an empty stem matches nothing"
        );
    }

    #[test]
    fn stop_and_test_words_are_told_apart_from_content() {
        for word in ["the", "a", "without", "whether"] {
            assert!(is_stop_word(word), "{word}");
        }
        for word in ["verify", "scenario", "tests"] {
            assert!(is_test_word(word), "{word}");
        }
        for word in ["migration", "thee", "", "The", "verifying"] {
            assert!(!is_stop_word(word) && !is_test_word(word), "{word}");
        }
    }

    #[test]
    fn tokens_keep_inner_joiners() {
        let t: Vec<&str> = tokens("Use virt-launcher, spec.running (4.22) don't.")
            .map(|t| t.text)
            .collect();
        assert_eq!(
            t,
            vec!["Use", "virt-launcher", "spec.running", "4.22", "don't"]
        );
        let w: Vec<&str> = words("virt-launcher 4x").map(|t| t.text).collect();
        assert_eq!(w, vec!["virt", "launcher", "x"]);
    }

    /// The tokenizer as first written (over `char_indices`), to check the byte scanner.
    fn tokens_reference(text: &str) -> Vec<(usize, &str)> {
        let mut out = Vec::new();
        let mut chars = text.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            if !is_word_char(c) {
                continue;
            }
            let mut end = text.len();
            while let Some(&(i, c)) = chars.peek() {
                if is_word_char(c) {
                    chars.next();
                    continue;
                }
                if is_joiner(c)
                    && text[i + c.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(is_word_char)
                {
                    chars.next();
                    continue;
                }
                end = i;
                break;
            }
            out.push((start, &text[start..end]));
        }
        out
    }

    #[test]
    fn the_byte_scanner_tokenizes_like_the_char_scanner() {
        for text in [
            "",
            "a",
            "-a-",
            "virt-launcher's spec.running 4.22 don’t",
            "end with joiner. and-",
            "ünïcode-wörds, Ωmega_x ‘quoted’ 日本語テキスト",
            "a--b a-.b ..a.. x'",
            "tab\tand\nnew\u{a0}line",
        ] {
            let got: Vec<(usize, &str)> = tokens(text).map(|t| (t.start, t.text)).collect();
            assert_eq!(got, tokens_reference(text), "{text:?}");
            let ranges: Vec<(usize, &str)> = token_ranges(text)
                .into_iter()
                .map(|(start, end)| (start, &text[start..end]))
                .collect();
            assert_eq!(ranges, got, "{text:?}");
        }
    }

    #[test]
    fn token_ranges_agree_with_the_char_scanner_on_mixed_strings() {
        let alphabet = [
            'a', 'Z', '1', '-', '.', '’', ' ', 'ü', '_', '\'', '日', '\u{a0}',
        ];
        let mut state = 7u64;
        for _ in 0..3000 {
            let mut text = String::new();
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
            // Up to 63 characters: runs that cross the scanner's eight-byte steps.
            for _ in 0..(state >> 58) {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
                text.push(alphabet[(state >> 33) as usize % alphabet.len()]);
            }
            let ranges: Vec<(usize, &str)> = token_ranges(&text)
                .into_iter()
                .map(|(start, end)| (start, &text[start..end]))
                .collect();
            assert_eq!(ranges, tokens_reference(&text), "{text:?}");
        }
    }

    #[test]
    fn ascii_runs_end_where_a_byte_by_byte_scan_ends() {
        let naive = |bytes: &[u8], mut i: usize, chars: RunChars| {
            while i < bytes.len()
                && bytes[i] < 0x80
                && ASCII_CLASS[bytes[i] as usize] & chars as u8 != 0
            {
                i += 1;
            }
            i
        };
        // Every ASCII byte after a long run, at every offset of an eight-byte step, and
        // bytes beyond ASCII.
        let mut texts: Vec<Vec<u8>> = Vec::new();
        for b in 0u8..=255 {
            for len in 0..20 {
                let mut t = b"aZ09mQ4xKz1y7w".repeat(2)[..len].to_vec();
                t.push(b);
                t.extend_from_slice(b"abc");
                texts.push(t);
            }
        }
        texts.push("Ünïcodé wörds 12ab€cd".as_bytes().to_vec());
        for t in &texts {
            for i in 0..=t.len() {
                for chars in [RunChars::WordChars, RunChars::Letters] {
                    assert_eq!(
                        ascii_run_end(t, i, chars),
                        naive(t, i, chars),
                        "{:?} from {i}",
                        String::from_utf8_lossy(t)
                    );
                }
            }
        }
    }

    #[test]
    fn words_are_runs_of_letters() {
        for text in [
            "",
            "virt-launcher's spec.running 4.22 don’t x9y",
            "ünïcode-wörds, Ωmega_x ‘quoted’ 日本語テキスト 3rd",
        ] {
            let got: Vec<(usize, &str)> = words(text).map(|t| (t.start, t.text)).collect();
            let mut expected = Vec::new();
            let mut start = None;
            for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
                match (c.is_alphabetic() && i < text.len(), start) {
                    (true, None) => start = Some(i),
                    (false, Some(s)) => {
                        expected.push((s, &text[s..i]));
                        start = None;
                    }
                    _ => {}
                }
            }
            assert_eq!(got, expected, "{text:?}");
        }
    }

    #[test]
    fn phrases_match_whole_words_only() {
        let lower = "the controller reconciles; uncontrolled";
        assert_eq!(find_phrase(lower, "controller"), Some(4..14));
        assert_eq!(find_phrase(lower, "control"), None);
        assert_eq!(find_phrase(lower, "reconcil*"), Some(15..25));
        assert_eq!(
            find_any(lower, &["reconcil*", "the"]).map(|(r, _)| r),
            Some(0..3)
        );
    }

    fn find_any_reference<'p>(lower: &str, phrases: &[&'p str]) -> Option<(Range<usize>, &'p str)> {
        phrases
            .iter()
            .filter_map(|p| find_phrase(lower, p).map(|r| (r, *p)))
            .min_by_key(|(r, _)| r.start)
    }

    #[test]
    fn list_search_finds_what_phrase_by_phrase_search_finds() {
        let phrases: &[&str] = &[
            "live migration",
            "migrat*",
            "migration",
            "storage",
            "shared storage",
            "rwx",
            "Capital",
            "nfs",
        ];
        let padding = " filler".repeat(300);
        for short in [
            "",
            "Live Migration needs shared storage (RWX) on NFS.",
            "migrations; migrated, premigration storageclass",
            "the storage is shared storage",
            "nothing here but capital letters: Capital",
            "ünïcode migration — storage’s",
            "rwxrwx rwx-rwx migrat",
        ] {
            // Long texts are searched phrase by phrase, short ones in one pass.
            for text in [
                short.to_string(),
                format!("{padding} {short}"),
                format!("{short}{padding}"),
            ] {
                let text = text.as_str();
                let lower = text.to_ascii_lowercase();
                assert_eq!(
                    find_any(&lower, phrases),
                    find_any_reference(&lower, phrases),
                    "{text}"
                );
                assert_eq!(
                    find_any_ignore_case(text, phrases),
                    find_any_reference(&lower, phrases),
                    "{text}"
                );
                assert_eq!(
                    has_any(&lower, phrases),
                    find_any_reference(&lower, phrases).is_some()
                );
                assert_eq!(
                    has_any_ignore_case(text, phrases),
                    find_any_reference(&lower, phrases).is_some()
                );
            }
        }
    }

    #[test]
    fn list_search_handles_punctuation_case_and_unicode_like_phrase_search() {
        let phrases: &[&str] = &[
            "n/a",
            "(tbd)",
            "e2e",
            "-",
            "day-2",
            "’s",
            "wörds*",
            "x",
            "end to end",
        ];
        let padding = " filler".repeat(300);
        for short in [
            "N/A (TBD) e2e",
            "plan/n/a, day-2 and day-23; e2e2 e2e",
            "ünïcode-wörds’s x-ray",
            "weekend to end to End - done",
            "x",
            "ax xa",
        ] {
            for text in [short.to_string(), format!("{padding} {short}")] {
                let text = text.as_str();
                let lower = text.to_ascii_lowercase();
                for text in [text, lower.as_str()] {
                    assert_eq!(
                        find_any(text, phrases),
                        find_any_reference(text, phrases),
                        "{text}"
                    );
                }
                assert_eq!(
                    find_any_ignore_case(text, phrases),
                    find_any_reference(&lower, phrases),
                    "{text}"
                );
            }
        }
    }

    fn text_of(s: &str) -> Text {
        let mut text = Text::default();
        text.text = s.to_string();
        text
    }

    #[test]
    fn texts_are_searched_where_words_start() {
        let lists: [&[&str]; 2] = [
            &[
                "launcher",
                "virt-launcher",
                "migrat*",
                "don",
                "t",
                "4.22",
                "wörds",
                "22",
            ],
            &["n/a", "(tbd)", "launcher", "e2e"],
        ];
        for phrases in lists {
            for s in [
                "",
                "The virt-launcher pod, don’t MIGRATE; 4.22 and x4.22",
                "N/A (TBD) ünïcode-wörds e2e2 launchers",
                "spec.launcher’s t-shirt 22",
            ] {
                let lower = s.to_ascii_lowercase();
                let text = text_of(s);
                let expected = find_any_reference(&lower, phrases);
                assert_eq!(
                    find_in([&text], phrases).map(|(_, p)| p),
                    expected.as_ref().map(|(_, p)| *p),
                    "{s}"
                );
                assert_eq!(mentioned([&text], phrases), expected.is_some(), "{s}");
            }
        }
        let text = text_of("virt-launcher’s x 4.22");
        assert_eq!(word_starts(&text), [0, 5, 16, 18, 20, 22]);
        // Tokens longer than the scanner's eight-byte steps: a start after each joiner.
        for s in [
            "kubevirt.io/virtualmachineinstances-and-datavolumes_with.joiners’everywhere",
            "averyveryverylongwordwithoutjoiners then-short 12345678901234567.8",
        ] {
            let text = text_of(s);
            let mut expected = Vec::new();
            for (start, token) in tokens_reference(s) {
                expected.push(start);
                for (i, c) in token.char_indices() {
                    if !is_word_char(c) {
                        expected.push(start + i + c.len_utf8());
                    }
                }
            }
            assert_eq!(word_starts(&text), expected, "{s}");
        }
    }

    #[test]
    fn needles_are_found_in_short_and_long_haystacks() {
        let needles = Needles::new(&["ection", "ECTION", "ee "]);
        let long = "x".repeat(100);
        for (haystack, found) in [
            ("", false),
            ("Section 3", true),
            ("SECTION", true),
            ("see 2", true),
            ("see", false),
            ("sectio", false),
        ] {
            assert_eq!(needles.any_in(haystack), found, "{haystack}");
            assert_eq!(needles.any_in(&format!("{long}{haystack}")), found);
        }
    }

    #[test]
    fn text_tokens_are_the_tokens_of_the_text() {
        let text = text_of("Use virt-launcher, spec.running (4.22) don't.");
        let cached: Vec<Token> = text_tokens(&text).collect();
        assert_eq!(cached, tokens(&text.text).collect::<Vec<_>>());
        assert_eq!(
            text_tokens(&text).count(),
            5,
            "the second read uses the cache"
        );
        assert_eq!(text.clone(), text);
    }

    #[test]
    fn stem_ids_compare_texts_as_integers() {
        let mut ids = StemIds::new();
        let a = ids.of("Verify that the VM migrates; migration works");
        let b = ids.of("The VM migration completes");
        let mut stems: Vec<&str> = a.iter().map(|&i| ids.stem(i)).collect();
        stems.sort_unstable();
        assert_eq!(stems, vec!["migrat", "vm"]);
        assert_eq!(a.len(), 2);
        assert_eq!(id_coverage(&a, &b), 1.0);
    }

    #[test]
    fn stems_ignore_stop_and_test_words() {
        assert_eq!(
            content_stems("Verify that the VM migrates; migration works"),
            vec!["migrat", "vm"]
        );
        assert_eq!(
            content_stems("scratchSpaceStorageClass — DataVolume"),
            vec!["class", "data", "scratch", "space", "storag", "volum"]
        );
    }
}
