//! Plain text of inline Markdown, with a map back to source offsets.
//!
//! Rules read values as plain text ("Sign-off: Ronen Sde-Or, 04/2026") but must report exact
//! source spans; `Text` keeps both. Emphasis markers, link targets and HTML are dropped from
//! the text (a `<br>` becomes a newline), code spans are kept and remembered so that rules can
//! skip them.

use crate::markdown::{Inline, InlineKind};
use crate::source::Span;
use serde::Serialize;
use std::ops::Range;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text {
    pub text: String,
    /// The source range the text was read from.
    pub span: Span,
    segments: Vec<Segment>,
    pub links: Vec<Link>,
    /// Ranges of `text` that come from inline code spans.
    pub code: Vec<Range<usize>>,
    /// The text's word tokens, found on first use (see `prose::text_tokens`).
    pub(crate) token_cache: crate::prose::TokenCache,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    text_start: usize,
    text_len: usize,
    source: Span,
    /// The text is the source itself, byte for byte: offsets inside map one to one.
    exact: bool,
}

impl Segment {
    fn exact(&self) -> bool {
        self.exact && self.text_len == self.source.len()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    pub url: String,
    /// Range of the link's visible text within `Text::text`.
    #[serde(skip)]
    pub text_range: Range<usize>,
    pub span: Span,
}

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Text", 3)?;
        st.serialize_field("text", &self.text)?;
        st.serialize_field("span", &self.span)?;
        if !self.links.is_empty() {
            st.serialize_field("links", &self.links)?;
        } else {
            st.skip_field("links")?;
        }
        st.end()
    }
}

impl Text {
    pub fn from_inlines(nodes: &[Inline]) -> Text {
        let span = nodes
            .iter()
            .map(|n| n.span)
            .reduce(Span::cover)
            .unwrap_or_default();
        // The plain text is rarely longer than its source (markers and link targets drop
        // out): one allocation instead of one per doubling.
        let mut t = Text {
            text: String::with_capacity(span.len()),
            span,
            segments: Vec::with_capacity(nodes.len()),
            ..Text::default()
        };
        t.append(nodes);
        t
    }

    fn push(&mut self, s: &str, source: Span, exact: bool) {
        if s.is_empty() {
            return;
        }
        self.segments.push(Segment {
            text_start: self.text.len(),
            text_len: s.len(),
            source,
            exact,
        });
        self.text.push_str(s);
        // Tokens found before this push would describe another text.
        self.token_cache = Default::default();
    }

    fn append(&mut self, nodes: &[Inline]) {
        for node in nodes {
            match &node.kind {
                InlineKind::Text(s) => self.push(s, node.span, node.verbatim),
                InlineKind::Code(s) => {
                    let start = self.text.len();
                    // The code's own text sits between the backtick runs (when it is exactly
                    // as written; otherwise map it to the whole code span).
                    let ticks = node.span.len().saturating_sub(s.len()) / 2;
                    let inner = if ticks > 0 && s.len() + 2 * ticks == node.span.len() {
                        Span::new(node.span.start + ticks, node.span.end - ticks)
                    } else {
                        node.span
                    };
                    self.push(s, inner, node.verbatim);
                    self.code.push(start..self.text.len());
                }
                InlineKind::Html(tag) => {
                    // `<br>` separates lines inside table cells.
                    if is_line_break_tag(tag) {
                        self.push("\n", node.span, false);
                    }
                }
                InlineKind::SoftBreak => self.push(" ", node.span, false),
                InlineKind::HardBreak => self.push("\n", node.span, false),
                InlineKind::Emphasis(c) | InlineKind::Strong(c) | InlineKind::Strikethrough(c) => {
                    self.append(c)
                }
                InlineKind::Link { url, content } => {
                    let start = self.text.len();
                    self.append(content);
                    self.links.push(Link {
                        url: url.to_string(),
                        text_range: start..self.text.len(),
                        span: node.span,
                    });
                }
                InlineKind::Image { alt, .. } => self.append(alt),
                InlineKind::TaskMarker(_) => {}
            }
        }
    }

    /// An empty text located at `offset` (an empty table cell, a missing value).
    pub fn empty_at(offset: usize) -> Text {
        Text {
            span: Span::empty(offset),
            ..Text::default()
        }
    }

    /// Joins texts with a separator that maps to no source (it sits between the parts).
    pub fn join(parts: &[Text], separator: &str) -> Text {
        let mut out = Text::default();
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                let at = out
                    .segments
                    .last()
                    .map(|s| s.source.end)
                    .unwrap_or(part.span.start);
                out.push(separator, Span::empty(at), false);
            }
            let shift = out.text.len();
            out.segments.extend(part.segments.iter().map(|s| Segment {
                text_start: s.text_start + shift,
                ..*s
            }));
            out.text.push_str(&part.text);
            out.links.extend(part.links.iter().map(|l| Link {
                text_range: l.text_range.start + shift..l.text_range.end + shift,
                ..l.clone()
            }));
            out.code
                .extend(part.code.iter().map(|c| c.start + shift..c.end + shift));
        }
        out.span = parts
            .iter()
            .map(|p| p.span)
            .reduce(Span::cover)
            .unwrap_or_default();
        out
    }

    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    pub fn trimmed(&self) -> &str {
        self.text.trim()
    }

    /// Maps a byte range of `self.text` to a source span.
    pub fn source_span(&self, range: Range<usize>) -> Span {
        if self.segments.is_empty() {
            return Span::empty(self.span.start);
        }
        let start = self.source_offset(range.start, false);
        let end = self.source_offset(range.end, true);
        Span::new(start, end.max(start))
    }

    fn source_offset(&self, at: usize, is_end: bool) -> usize {
        let idx = match self.segments.binary_search_by(|s| {
            let end = s.text_start + s.text_len;
            let inside = if is_end {
                s.text_start < at && at <= end
            } else {
                s.text_start <= at && at < end
            };
            if inside {
                std::cmp::Ordering::Equal
            } else if at <= s.text_start {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Less
            }
        }) {
            Ok(i) => i,
            Err(i) => {
                // Between segments: snap to the nearest one.
                let i = i.min(self.segments.len() - 1);
                return if is_end && i > 0 {
                    self.segments[i - 1].source.end
                } else {
                    self.segments[i].source.start
                };
            }
        };
        let seg = self.segments[idx];
        let within = at - seg.text_start;
        if seg.exact() {
            seg.source.start + within
        } else if within == 0 {
            seg.source.start
        } else {
            seg.source.end
        }
    }

    /// The part of the text in `range`, keeping the source map.
    pub fn slice(&self, range: Range<usize>) -> Text {
        let mut out = Text::default();
        // Segments are in text order: skip those that end before the range by bisection,
        // stop at the first that starts after it (lines of a long text stay linear).
        let first = self
            .segments
            .partition_point(|s| s.text_start + s.text_len <= range.start);
        out.text.reserve_exact(range.len());
        for seg in &self.segments[first..] {
            if seg.text_start >= range.end {
                break;
            }
            let seg_range = seg.text_start..seg.text_start + seg.text_len;
            let lo = seg_range.start.max(range.start);
            let hi = seg_range.end.min(range.end);
            if lo >= hi {
                continue;
            }
            let source = if seg.exact() {
                Span::new(
                    seg.source.start + (lo - seg.text_start),
                    seg.source.start + (hi - seg.text_start),
                )
            } else {
                seg.source
            };
            out.push(&self.text[lo..hi], source, seg.exact());
        }
        for link in &self.links {
            if link.text_range.start >= range.start && link.text_range.end <= range.end {
                let mut l = link.clone();
                l.text_range = l.text_range.start - range.start..l.text_range.end - range.start;
                out.links.push(l);
            }
        }
        for code in &self.code {
            if code.start >= range.start && code.end <= range.end {
                out.code
                    .push(code.start - range.start..code.end - range.start);
            }
        }
        out.span = out
            .segments
            .iter()
            .map(|s| s.source)
            .reduce(Span::cover)
            .unwrap_or_else(|| Span::empty(self.source_span(range.clone()).start));
        out
    }

    /// The text with surrounding white space (and the given extra characters) removed.
    pub fn trim_matches(&self, extra: &[char]) -> Text {
        self.slice_trimmed(0..self.text.len(), extra)
    }

    pub fn trim(&self) -> Text {
        self.trim_matches(&[])
    }

    /// `slice(range)` then `trim_matches(extra)`, building the result once.
    pub fn slice_trimmed(&self, range: Range<usize>, extra: &[char]) -> Text {
        let is_trim = |c: char| c.is_whitespace() || extra.contains(&c);
        let part = &self.text[range.clone()];
        let start = range.start + (part.len() - part.trim_start_matches(is_trim).len());
        let end = (range.start + part.trim_end_matches(is_trim).len()).max(start);
        self.slice(start..end)
    }

    /// Whether a byte range of the text lies inside an inline code span.
    pub fn in_code(&self, range: &Range<usize>) -> bool {
        self.code
            .iter()
            .any(|c| c.start <= range.start && range.end <= c.end)
    }

    /// Splits at lines (`<br>` and hard breaks), trimming each part and dropping empty ones.
    pub fn lines(&self) -> Vec<Text> {
        self.line_ranges()
            .map(|range| self.slice_trimmed(range, &[]))
            .collect()
    }

    /// The byte ranges of `self.text` that [`Text::lines`] makes its lines of (before
    /// trimming), blank ones left out: for a caller that judges each line's text and needs
    /// the `Text` of few of them.
    pub fn line_ranges(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        let ends = self.text.match_indices('\n').map(|(i, _)| i);
        let mut start = 0;
        ends.chain([self.text.len()])
            .map(move |end| {
                let range = start..end;
                start = end + 1;
                range
            })
            .filter(|range| !self.text[range.clone()].trim().is_empty())
    }
}

fn is_line_break_tag(tag: &str) -> bool {
    let tag = tag.trim().as_bytes();
    tag.len() > 3 && tag[..3].eq_ignore_ascii_case(b"<br") && matches!(tag[3], b'>' | b'/' | b' ')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{parse, Block};

    fn first_text(src: &str) -> Text {
        let doc = parse(src);
        match &doc.blocks[0] {
            Block::Paragraph(p) => Text::from_inlines(&p.content),
            _ => panic!(),
        }
    }

    #[test]
    fn emphasis_is_dropped_and_offsets_map_back() {
        let src = "*Sign-off:* Ronen **Sde-Or**, 04/2026";
        let t = first_text(src);
        assert_eq!(t.text, "Sign-off: Ronen Sde-Or, 04/2026");
        let at = t.text.find("Sde-Or").unwrap();
        let span = t.source_span(at..at + "Sde-Or".len());
        assert_eq!(&src[span.range()], "Sde-Or");
        let value = t.slice(10..t.text.len());
        assert_eq!(value.text, "Ronen Sde-Or, 04/2026");
        assert_eq!(&src[value.span.range()], "Ronen **Sde-Or**, 04/2026");
    }

    #[test]
    fn links_keep_urls_and_code_is_marked() {
        let src = "See [CNV-1](https://x/CNV-1) and `vm.spec`";
        let t = first_text(src);
        assert_eq!(t.text, "See CNV-1 and vm.spec");
        assert_eq!(t.links[0].url, "https://x/CNV-1");
        let at = t.text.find("vm.spec").unwrap();
        assert!(t.in_code(&(at..at + 7)));
        assert_eq!(&src[t.source_span(at..at + 7).range()], "vm.spec");
    }
}
