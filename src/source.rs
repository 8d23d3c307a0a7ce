//! Source text, byte spans and the conversion from byte offsets to line/column.
//!
//! Everything inside `stp` speaks byte ranges into the original file; lines and columns are
//! computed only at the edges (reporters), as the contract asks: 1-based lines, columns
//! counted in Unicode scalar values, `end_*` exclusive. A leading byte-order mark is not
//! counted: editors do not show it.

use serde::Serialize;
use std::ops::Range;

/// A byte range into the source text. Always on `char` boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub const fn empty(at: usize) -> Self {
        Span { start: at, end: at }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }

    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

/// A 1-based line and column (column in Unicode scalar values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// Start offsets of every line, for offset -> line/column conversion.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = Vec::with_capacity(text.len() / 40 + 1);
        line_starts.push(0);
        // memchr rather than `match_indices`: lines are short, and the char searcher's cost
        // per match was most of this function's.
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { line_starts }
    }

    /// Number of lines (a trailing newline does not open a new line).
    pub fn line_count(&self, text: &str) -> usize {
        if text.ends_with('\n') {
            self.line_starts.len() - 1
        } else {
            self.line_starts.len()
        }
    }

    /// 0-based line number holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts[line]
    }

    /// The byte range of a 0-based line, without its line terminator (`\n` or `\r\n`).
    pub fn line_span(&self, text: &str, line: usize) -> Span {
        let start = self.line_starts[line];
        let mut end = self
            .line_starts
            .get(line + 1)
            .map(|next| next - 1)
            .unwrap_or(text.len());
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        Span::new(start, end.max(start))
    }

    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let mut start = self.line_starts[line];
        if line == 0 && text.starts_with('\u{feff}') {
            start = offset.min(3);
        }
        let column = text[start..offset].chars().count() + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }
}

pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    if offset >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

pub fn ceil_char_boundary(text: &str, mut offset: usize) -> usize {
    if offset >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

/// A file's text as `stp` reads it: the decoded text and its line index.
#[derive(Debug)]
pub struct SourceFile {
    pub text: String,
    pub lines: LineIndex,
}

impl SourceFile {
    pub fn new(text: String) -> Self {
        let lines = LineIndex::new(&text);
        SourceFile { text, lines }
    }

    pub fn line_col(&self, offset: usize) -> LineCol {
        self.lines.line_col(&self.text, offset)
    }

    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.range()]
    }
}

/// Why a file's bytes cannot be reviewed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    Binary,
    NotUtf8 { line: usize, byte: usize },
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Binary => write!(f, "binary file (contains NUL bytes), not Markdown"),
            DecodeError::NotUtf8 { line, byte } => write!(
                f,
                "not valid UTF-8 (first bad byte at offset {byte}, line {line}); save the file as UTF-8"
            ),
        }
    }
}

/// Decodes bytes as UTF-8 text, refusing binary content.
pub fn decode(bytes: Vec<u8>) -> Result<String, DecodeError> {
    let probe = &bytes[..bytes.len().min(8192)];
    if probe.contains(&0) {
        return Err(DecodeError::Binary);
    }
    String::from_utf8(bytes).map_err(|e| {
        let byte = e.utf8_error().valid_up_to();
        let raw = e.as_bytes();
        let line = raw[..byte].iter().filter(|b| **b == b'\n').count() + 1;
        DecodeError::NotUtf8 { line, byte }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_unicode_scalars() {
        let text = "ab\nçé x\r\nlast";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), LineCol { line: 1, column: 1 });
        let x = text.find('x').unwrap();
        assert_eq!(idx.line_col(text, x), LineCol { line: 2, column: 4 });
        assert_eq!(idx.line_span(text, 1), Span::new(3, 3 + "çé x".len()));
        let last = text.find("last").unwrap();
        assert_eq!(idx.line_col(text, last), LineCol { line: 3, column: 1 });
        let bom = "\u{feff}# T";
        let idx = LineIndex::new(bom);
        assert_eq!(idx.line_col(bom, 3), LineCol { line: 1, column: 1 });
        assert_eq!(idx.line_col(bom, 5), LineCol { line: 1, column: 3 });
    }

    #[test]
    fn decode_rejects_binary_and_bad_utf8() {
        assert_eq!(decode(b"a\0b".to_vec()), Err(DecodeError::Binary));
        assert_eq!(
            decode(b"ok\n\xff".to_vec()),
            Err(DecodeError::NotUtf8 { line: 2, byte: 3 })
        );
        assert_eq!(decode(b"fine".to_vec()).unwrap(), "fine");
    }
}
