//! Markdown -> a small block tree with byte spans.
//!
//! pulldown-cmark gives a flat event stream with offsets; the STP model wants nested blocks
//! (list items with their sub-lists, tables with cells) and inline runs it can flatten into
//! plain text. This module builds that tree once; nothing downstream looks at Markdown syntax
//! again. Every span slices the original text (a UTF-8 BOM is skipped, offsets stay absolute).

use crate::source::{ceil_char_boundary, floor_char_boundary, Span};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

/// The block tree of one file. Text nodes borrow from the file's text where they can.
#[derive(Debug, Clone, Default)]
pub struct Document<'a> {
    pub blocks: Vec<Block<'a>>,
}

#[derive(Debug, Clone)]
pub enum Block<'a> {
    Heading(Heading<'a>),
    Paragraph(Paragraph<'a>),
    List(List<'a>),
    Table(Table<'a>),
    Html(HtmlBlock),
    Code(CodeBlock),
    Quote(Quote<'a>),
    Rule(Span),
}

impl Block<'_> {
    pub fn span(&self) -> Span {
        match self {
            Block::Heading(h) => h.span,
            Block::Paragraph(p) => p.span,
            Block::List(l) => l.span,
            Block::Table(t) => t.span,
            Block::Html(h) => h.span,
            Block::Code(c) => c.span,
            Block::Quote(q) => q.span,
            Block::Rule(s) => *s,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Heading<'a> {
    pub level: u8,
    pub span: Span,
    pub content: Vec<Inline<'a>>,
}

#[derive(Debug, Clone)]
pub struct Paragraph<'a> {
    pub span: Span,
    pub content: Vec<Inline<'a>>,
}

#[derive(Debug, Clone)]
pub struct List<'a> {
    pub span: Span,
    pub ordered: bool,
    pub items: Vec<ListItem<'a>>,
}

#[derive(Debug, Clone)]
pub struct ListItem<'a> {
    pub span: Span,
    /// A GitHub task marker recognised by the parser (`[ ]`, `[x]`, `[X]`).
    pub task: Option<TaskMarker>,
    pub blocks: Vec<Block<'a>>,
}

impl<'a> ListItem<'a> {
    /// The item's own first paragraph (its text line), if it starts with one.
    pub fn lead(&self) -> Option<&Paragraph<'a>> {
        match self.blocks.first() {
            Some(Block::Paragraph(p)) => Some(p),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskMarker {
    pub checked: bool,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Table<'a> {
    pub span: Span,
    pub head: Row<'a>,
    pub rows: Vec<Row<'a>>,
}

#[derive(Debug, Clone)]
pub struct Row<'a> {
    pub span: Span,
    pub cells: Vec<Cell<'a>>,
}

#[derive(Debug, Clone)]
pub struct Cell<'a> {
    pub span: Span,
    pub content: Vec<Inline<'a>>,
}

#[derive(Debug, Clone)]
pub struct HtmlBlock {
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct CodeBlock {
    pub span: Span,
    pub fenced: bool,
    pub info: String,
}

#[derive(Debug, Clone)]
pub struct Quote<'a> {
    pub span: Span,
    pub blocks: Vec<Block<'a>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InlineKind<'a> {
    Text(CowStr<'a>),
    Code(CowStr<'a>),
    Html(CowStr<'a>),
    SoftBreak,
    HardBreak,
    Emphasis(Vec<Inline<'a>>),
    Strong(Vec<Inline<'a>>),
    Strikethrough(Vec<Inline<'a>>),
    Link {
        url: CowStr<'a>,
        content: Vec<Inline<'a>>,
    },
    Image {
        url: CowStr<'a>,
        alt: Vec<Inline<'a>>,
    },
    TaskMarker(bool),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inline<'a> {
    pub span: Span,
    pub kind: InlineKind<'a>,
    /// For text and code: the content is the source text itself (no escape, no entity), so
    /// offsets inside it map one to one onto the source.
    pub verbatim: bool,
}

/// Parses Markdown into the block tree. Never panics on its own; pulldown-cmark itself is
/// guarded by the caller (see `check::review_text`).
pub fn parse(text: &str) -> Document<'_> {
    let base = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &text[base..];
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(body, options)
        .into_offset_iter()
        .map(|(e, r)| {
            let start = floor_char_boundary(text, base + r.start);
            let end = ceil_char_boundary(text, (base + r.end).max(start));
            (e, Span::new(start, end))
        })
        .peekable();
    let mut builder = Builder {
        text,
        events,
        depth: 0,
    };
    let blocks = builder.blocks_until(None);
    Document { blocks }
}

/// Containers nested deeper than this are dropped from the tree (their text is not read):
/// real plans nest a handful of levels, and unbounded recursion on hostile input would
/// overflow the stack, which no `catch_unwind` can recover from.
pub const MAX_NESTING: usize = 48;

struct Builder<'a, I: Iterator<Item = (Event<'a>, Span)>> {
    text: &'a str,
    events: std::iter::Peekable<I>,
    depth: usize,
}

impl<'a, I: Iterator<Item = (Event<'a>, Span)>> Builder<'a, I> {
    fn next(&mut self) -> Option<(Event<'a>, Span)> {
        self.events.next()
    }

    fn peek(&mut self) -> Option<&(Event<'a>, Span)> {
        self.events.peek()
    }

    /// Reads blocks until the end tag `end` (consumed) or the end of input.
    fn blocks_until(&mut self, end: Option<&TagEnd>) -> Vec<Block<'a>> {
        let mut blocks = Vec::new();
        let mut loose_inline: Vec<Inline<'a>> = Vec::new();
        while let Some((event, _)) = self.peek() {
            if let Event::End(tag_end) = event {
                let done = Some(tag_end) == end;
                self.next();
                if done {
                    break;
                }
                continue;
            }
            if is_inline_event(event) {
                if let Some(node) = self.inline() {
                    push_merged(self.text, &mut loose_inline, node);
                }
                continue;
            }
            let Some((event, span)) = self.next() else {
                break;
            };
            flush_loose(&mut loose_inline, &mut blocks);
            match event {
                Event::Start(tag) => {
                    if let Some(block) = self.block(tag, span) {
                        blocks.push(block);
                    }
                }
                Event::Rule => blocks.push(Block::Rule(span)),
                Event::Html(_) => blocks.push(Block::Html(HtmlBlock { span })),
                _ => {}
            }
        }
        flush_loose(&mut loose_inline, &mut blocks);
        blocks
    }

    fn block(&mut self, tag: Tag<'a>, span: Span) -> Option<Block<'a>> {
        if self.depth >= MAX_NESTING {
            self.skip_to(&tag.to_end());
            return None;
        }
        self.depth += 1;
        let block = self.block_inner(tag, span);
        self.depth -= 1;
        block
    }

    fn block_inner(&mut self, tag: Tag<'a>, span: Span) -> Option<Block<'a>> {
        Some(match tag {
            Tag::Heading { level, .. } => {
                let content = self.inlines_until(&TagEnd::Heading(level));
                Block::Heading(Heading {
                    level: level as u8,
                    span,
                    content,
                })
            }
            Tag::Paragraph => {
                let content = self.inlines_until(&TagEnd::Paragraph);
                Block::Paragraph(Paragraph { span, content })
            }
            Tag::List(first) => {
                let ordered = first.is_some();
                let mut items = Vec::new();
                while let Some((event, item_span)) = self.next() {
                    match event {
                        Event::Start(Tag::Item) => items.push(self.item(item_span)),
                        Event::End(TagEnd::List(_)) => break,
                        _ => {}
                    }
                }
                Block::List(List {
                    span,
                    ordered,
                    items,
                })
            }
            Tag::Table(_) => self.table(span),
            Tag::BlockQuote(_) => {
                let blocks = self.blocks_until(Some(&TagEnd::BlockQuote(None)));
                Block::Quote(Quote { span, blocks })
            }
            Tag::CodeBlock(kind) => {
                let (fenced, info) = match kind {
                    CodeBlockKind::Fenced(info) => (true, info.trim().to_string()),
                    CodeBlockKind::Indented => (false, String::new()),
                };
                self.skip_to(&TagEnd::CodeBlock);
                Block::Code(CodeBlock { span, fenced, info })
            }
            Tag::HtmlBlock => {
                self.skip_to(&TagEnd::HtmlBlock);
                Block::Html(HtmlBlock { span })
            }
            other => {
                // Containers of extensions we do not enable; should one appear, keep its
                // blocks (as a quote-like container) so no text is lost to the rules.
                let end = other.to_end();
                let blocks = self.blocks_until(Some(&end));
                Block::Quote(Quote { span, blocks })
            }
        })
    }

    fn skip_to(&mut self, end: &TagEnd) {
        let mut depth = 0usize;
        while let Some((event, _)) = self.next() {
            match event {
                Event::Start(_) => depth += 1,
                Event::End(e) if depth == 0 && e == *end => return,
                Event::End(_) => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }

    fn item(&mut self, span: Span) -> ListItem<'a> {
        let mut blocks = self.blocks_until(Some(&TagEnd::Item));
        let mut task = None;
        if let Some(Block::Paragraph(p)) = blocks.first_mut() {
            if let Some(&Inline {
                kind: InlineKind::TaskMarker(checked),
                span: marker_span,
                ..
            }) = p.content.first()
            {
                task = Some(TaskMarker {
                    checked,
                    span: marker_span,
                });
                p.content.remove(0);
                trim_leading_space(&mut p.content);
                if let Some(first) = p.content.first() {
                    p.span.start = first.span.start;
                }
            }
        }
        ListItem { span, task, blocks }
    }

    fn table(&mut self, span: Span) -> Block<'a> {
        let mut head = Row {
            span,
            cells: Vec::new(),
        };
        let mut rows = Vec::new();
        while let Some((event, ev_span)) = self.next() {
            match event {
                Event::Start(Tag::TableHead) => {
                    head = Row {
                        span: ev_span,
                        cells: self.cells_until(&TagEnd::TableHead, 0),
                    };
                }
                Event::Start(Tag::TableRow) => {
                    // The parser gives every row the header's number of cells.
                    let width = head.cells.len();
                    rows.push(Row {
                        span: ev_span,
                        cells: self.cells_until(&TagEnd::TableRow, width),
                    })
                }
                Event::End(TagEnd::Table) => break,
                _ => {}
            }
        }
        Block::Table(Table { span, head, rows })
    }

    /// The cells up to `end`; `width` is how many to expect (0: unknown).
    fn cells_until(&mut self, end: &TagEnd, width: usize) -> Vec<Cell<'a>> {
        let mut cells = Vec::with_capacity(width);
        while let Some((event, span)) = self.next() {
            match event {
                Event::Start(Tag::TableCell) => cells.push(Cell {
                    span,
                    content: self.inlines_until(&TagEnd::TableCell),
                }),
                Event::End(e) if e == *end => break,
                _ => {}
            }
        }
        cells
    }

    fn inlines_until(&mut self, end: &TagEnd) -> Vec<Inline<'a>> {
        let mut nodes: Vec<Inline<'a>> = Vec::new();
        while let Some((event, _)) = self.peek() {
            if let Event::End(e) = event {
                let done = e == end;
                self.next();
                if done {
                    break;
                }
                continue;
            }
            if let Some(node) = self.inline() {
                push_merged(self.text, &mut nodes, node);
            }
        }
        nodes
    }

    /// Reads one inline event (and, for a container, its children).
    fn inline(&mut self) -> Option<Inline<'a>> {
        let (event, span) = self.next()?;
        let kind = match event {
            Event::Text(t) => InlineKind::Text(t),
            Event::Code(t) => InlineKind::Code(t),
            Event::InlineHtml(t) | Event::Html(t) => InlineKind::Html(t),
            Event::SoftBreak => InlineKind::SoftBreak,
            Event::HardBreak => InlineKind::HardBreak,
            Event::TaskListMarker(checked) => InlineKind::TaskMarker(checked),
            Event::FootnoteReference(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                InlineKind::Text(t)
            }
            Event::Start(tag) if self.depth >= MAX_NESTING => {
                self.skip_to(&tag.to_end());
                return None;
            }
            Event::Start(tag) => {
                let end = tag.to_end();
                self.depth += 1;
                let kind = match tag {
                    Tag::Emphasis => InlineKind::Emphasis(self.inlines_until(&end)),
                    Tag::Strong => InlineKind::Strong(self.inlines_until(&end)),
                    Tag::Strikethrough => InlineKind::Strikethrough(self.inlines_until(&end)),
                    Tag::Link { dest_url, .. } => InlineKind::Link {
                        url: dest_url,
                        content: self.inlines_until(&end),
                    },
                    Tag::Image { dest_url, .. } => InlineKind::Image {
                        url: dest_url,
                        alt: self.inlines_until(&end),
                    },
                    _ => {
                        let content = self.inlines_until(&end);
                        InlineKind::Emphasis(content)
                    }
                };
                self.depth -= 1;
                kind
            }
            Event::End(_) | Event::Rule => return None,
        };
        let verbatim = match &kind {
            InlineKind::Text(t) => is_source_at(self.text, span.range(), t),
            InlineKind::Code(t) => {
                let ticks = span.len().saturating_sub(t.len()) / 2;
                ticks > 0
                    && t.len() + 2 * ticks == span.len()
                    && is_source_at(self.text, span.start + ticks..span.end - ticks, t)
            }
            _ => false,
        };
        Some(Inline {
            span,
            kind,
            verbatim,
        })
    }
}

/// Whether `content` is `text[range]` byte for byte. Most text events borrow the source at
/// exactly their range, which the addresses show without comparing the bytes.
fn is_source_at(text: &str, range: std::ops::Range<usize>, content: &str) -> bool {
    match text.get(range) {
        Some(source) => {
            (source.as_ptr() == content.as_ptr() && source.len() == content.len())
                || source == content
        }
        None => false,
    }
}

fn is_inline_event(event: &Event) -> bool {
    match event {
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineHtml(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::TaskListMarker(_)
        | Event::FootnoteReference(_)
        | Event::InlineMath(_)
        | Event::DisplayMath(_) => true,
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
        ),
        _ => false,
    }
}

/// Tight list items carry their text without a paragraph; wrap it in one.
fn flush_loose<'a>(loose: &mut Vec<Inline<'a>>, blocks: &mut Vec<Block<'a>>) {
    if loose.is_empty() {
        return;
    }
    let content = std::mem::take(loose);
    let span = content
        .iter()
        .map(|n| n.span)
        .reduce(Span::cover)
        .unwrap_or_default();
    blocks.push(Block::Paragraph(Paragraph { span, content }));
}

/// pulldown-cmark splits text at every `[` and `]`; merge contiguous text so that `[CNV-123]`
/// or `[Name/Date]` is one node with one span.
fn push_merged<'a>(text: &'a str, nodes: &mut Vec<Inline<'a>>, node: Inline<'a>) {
    if let (
        Some(Inline {
            span: prev_span,
            kind: InlineKind::Text(prev),
            verbatim: prev_verbatim,
        }),
        InlineKind::Text(_),
    ) = (nodes.last_mut(), &node.kind)
    {
        // Only verbatim neighbours merge: the joined node is then a slice of the source, and
        // offsets inside it stay exact. Text around an escape or entity stays in its own nodes
        // (plain text built from the nodes is the same either way).
        if prev_span.end == node.span.start && *prev_verbatim && node.verbatim {
            let joined = Span::new(prev_span.start, node.span.end);
            *prev = CowStr::Borrowed(&text[joined.range()]);
            *prev_span = joined;
            return;
        }
    }
    nodes.push(node);
}

fn trim_leading_space(content: &mut Vec<Inline<'_>>) {
    if let Some(Inline {
        kind: InlineKind::Text(t),
        span,
        ..
    }) = content.first_mut()
    {
        let trimmed = t.trim_start();
        let removed = t.len() - trimmed.len();
        if removed > 0 {
            *t = CowStr::from(trimmed.to_string());
            span.start = (span.start + removed).min(span.end);
        }
        if t.is_empty() {
            content.remove(0);
        }
    }
}

/// Calls `f` on every block of the tree, depth first, in document order.
pub fn walk_blocks<'d, 'a>(blocks: &'d [Block<'a>], f: &mut impl FnMut(&'d Block<'a>)) {
    for block in blocks {
        f(block);
        match block {
            Block::List(list) => {
                for item in &list.items {
                    walk_blocks(&item.blocks, f);
                }
            }
            Block::Quote(q) => walk_blocks(&q.blocks, f),
            _ => {}
        }
    }
}

/// Calls `f` on every inline node, depth first.
pub fn walk_inlines<'d, 'a>(nodes: &'d [Inline<'a>], f: &mut impl FnMut(&'d Inline<'a>)) {
    for node in nodes {
        f(node);
        match &node.kind {
            InlineKind::Emphasis(c)
            | InlineKind::Strong(c)
            | InlineKind::Strikethrough(c)
            | InlineKind::Link { content: c, .. }
            | InlineKind::Image { alt: c, .. } => walk_inlines(c, f),
            _ => {}
        }
    }
}

/// The inline runs of a block tree: headings, paragraphs and table cells.
pub fn inline_runs<'d, 'a>(blocks: &'d [Block<'a>], f: &mut impl FnMut(&'d [Inline<'a>])) {
    walk_blocks(blocks, &mut |block| match block {
        Block::Heading(h) => f(&h.content),
        Block::Paragraph(p) => f(&p.content),
        Block::Table(t) => {
            for cell in t
                .head
                .cells
                .iter()
                .chain(t.rows.iter().flat_map(|r| &r.cells))
            {
                f(&cell.content);
            }
        }
        _ => {}
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para<'d>(doc: &'d Document<'d>) -> &'d Paragraph<'d> {
        match &doc.blocks[0] {
            Block::Paragraph(p) => p,
            other => panic!("expected paragraph, got {other:?}"),
        }
    }

    #[test]
    fn bracketed_text_is_one_node() {
        let text = "Sign: [Name/Date] and [CNV-123].";
        let doc = parse(text);
        let p = para(&doc);
        assert_eq!(p.content.len(), 1);
        assert_eq!(
            p.content[0].kind,
            InlineKind::Text("Sign: [Name/Date] and [CNV-123].".into())
        );
        assert_eq!(&text[p.content[0].span.range()], text);
    }

    #[test]
    fn tight_items_get_paragraphs_and_task_markers() {
        let text = "- [x] **Done** thing\n  - *Details:* more\n- [ ] open\n";
        let doc = parse(text);
        let Block::List(list) = &doc.blocks[0] else {
            panic!()
        };
        assert_eq!(list.items.len(), 2);
        let first = &list.items[0];
        let marker = first.task.unwrap();
        assert!(marker.checked);
        assert_eq!(&text[marker.span.range()], "[x]");
        let lead = first.lead().unwrap();
        assert!(matches!(lead.content[0].kind, InlineKind::Strong(_)));
        assert!(matches!(&first.blocks[1], Block::List(l) if l.items.len() == 1));
        assert!(!list.items[1].task.unwrap().checked);
    }

    #[test]
    fn tables_have_cells_with_spans() {
        let text = "| A | B |\n|---|---|\n| one | two<br>three |\n";
        let doc = parse(text);
        let Block::Table(t) = &doc.blocks[0] else {
            panic!()
        };
        assert_eq!(t.head.cells.len(), 2);
        assert_eq!(t.rows.len(), 1);
        let cell = &t.rows[0].cells[1];
        assert!(text[cell.span.range()].contains("two<br>three"));
    }

    #[test]
    fn bom_is_skipped_and_offsets_stay_absolute() {
        let text = "\u{feff}# Title\n";
        let doc = parse(text);
        let Block::Heading(h) = &doc.blocks[0] else {
            panic!()
        };
        assert_eq!(&text[h.content[0].span.range()], "Title");
    }
}
