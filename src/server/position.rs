//! Positions as LSP counts them: a 0-based line and a character offset in the negotiated
//! encoding (UTF-16 code units unless the client offers UTF-8 or UTF-32), and `file:` URIs.

use crate::source::{floor_char_boundary, LineIndex, SourceFile, Span};
use lsp_types::{Position, PositionEncodingKind, Range, Uri};
use std::path::{Path, PathBuf};

/// The unit of `Position::character`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

impl Encoding {
    /// The client's preferred encoding among those it offers; UTF-16 when it offers none.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        let offered = offered.unwrap_or_default();
        // UTF-8 first: it is what the text is stored in, so conversions are cheapest.
        if offered.contains(&PositionEncodingKind::UTF8) {
            Encoding::Utf8
        } else if offered.contains(&PositionEncodingKind::UTF32) {
            Encoding::Utf32
        } else {
            Encoding::Utf16
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    fn width(self, s: &str) -> usize {
        match self {
            Encoding::Utf8 => s.len(),
            Encoding::Utf16 => s.encode_utf16().count(),
            Encoding::Utf32 => s.chars().count(),
        }
    }
}

/// The LSP position of a byte offset.
pub fn position(text: &str, lines: &LineIndex, offset: usize, enc: Encoding) -> Position {
    let offset = floor_char_boundary(text, offset);
    let line = lines.line_of(offset);
    let start = lines.line_start(line);
    Position::new(line as u32, enc.width(&text[start..offset]) as u32)
}

/// The byte offset of an LSP position; positions past a line's end or the text's end are
/// clamped to them, as the protocol asks.
pub fn offset(text: &str, lines: &LineIndex, pos: Position, enc: Encoding) -> usize {
    let line = pos.line as usize;
    // A text ending in a newline has an empty last line after it.
    let starts = lines.line_count(text) + usize::from(text.ends_with('\n'));
    if line >= starts {
        return text.len();
    }
    let span = lines.line_span(text, line);
    let mut units = 0usize;
    for (i, c) in text[span.range()].char_indices() {
        if units >= pos.character as usize {
            return span.start + i;
        }
        units += match enc {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        };
    }
    span.end
}

/// The LSP range of a span.
pub fn range(source: &SourceFile, span: Span, enc: Encoding) -> Range {
    Range::new(
        position(&source.text, &source.lines, span.start, enc),
        position(&source.text, &source.lines, span.end, enc),
    )
}

/// The file a `file:` URI names; `None` for other schemes (an unsaved buffer).
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // `file://host/path` is not a local file; `file:///path` is.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    if !rest.starts_with('/') {
        return None;
    }
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    Some(PathBuf::from(String::from_utf8(out).ok()?))
}

/// The `file:` URI of an absolute path, percent-encoding what a URI cannot hold.
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    let mut s = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                s.push(b as char)
            }
            _ => s.push_str(&format!("%{b:02X}")),
        }
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_round_trip_in_every_encoding() {
        let text = "ab\nçé 😀 x\r\nlast";
        let lines = LineIndex::new(text);
        let x = text.find('x').unwrap();
        let cases = [
            (Encoding::Utf8, "çé 😀 ".len()),
            (Encoding::Utf16, 6),
            (Encoding::Utf32, 5),
        ];
        for (enc, column) in cases {
            let pos = position(text, &lines, x, enc);
            assert_eq!(pos, Position::new(1, column as u32), "{enc:?}");
            assert_eq!(offset(text, &lines, pos, enc), x, "{enc:?}");
        }
        // Past the end of a line: its end, before the `\r\n`.
        let end_of_line_1 = text.find('\r').unwrap();
        assert_eq!(
            offset(text, &lines, Position::new(1, 99), Encoding::Utf16),
            end_of_line_1
        );
        assert_eq!(
            offset(text, &lines, Position::new(9, 0), Encoding::Utf16),
            text.len()
        );
    }

    #[test]
    fn file_uris_and_paths() {
        let path = Path::new("/tmp/a dir/plan #1.md");
        let uri = path_to_uri(path).unwrap();
        assert_eq!(uri.as_str(), "file:///tmp/a%20dir/plan%20%231.md");
        assert_eq!(uri_to_path(&uri).unwrap(), path);
        let untitled: Uri = "untitled:Untitled-1".parse().unwrap();
        assert_eq!(uri_to_path(&untitled), None);
    }
}
