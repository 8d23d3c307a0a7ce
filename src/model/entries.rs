//! Generic pieces the section readers are made of: list entries with their labels and
//! checkbox marks, labelled fields, and table columns looked up by header.

use crate::markdown::{Block, Cell, Inline, InlineKind, ListItem, Table};
use crate::source::Span;
use crate::text::Text;
use serde::Serialize;

/// A checkbox mark as written: `[x]`, `[ ]`, or a non-standard one (`[X]`, `[V]`, `[]`, `[✓]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mark {
    pub raw: String,
    pub checked: bool,
    pub span: Span,
}

impl Mark {
    /// `[x]` and `[ ]` are the only marks the template uses.
    pub fn is_canonical(&self) -> bool {
        self.raw == "[x]" || self.raw == "[ ]"
    }

    pub fn canonical(&self) -> &'static str {
        if self.checked {
            "[x]"
        } else {
            "[ ]"
        }
    }

    /// A table cell that answers "done?" with a word or symbol (`Yes`, `Done`, `✅`, `No`).
    pub fn from_word(text: &Text) -> Option<Mark> {
        let word = text.trimmed();
        let checked = match word.to_lowercase().as_str() {
            "yes" | "y" | "done" | "complete" | "completed" | "x" | "✅" | "✓" | "✔" | "☑" => {
                true
            }
            "no" | "n" | "pending" | "open" | "not done" => false,
            _ => return None,
        };
        Some(Mark {
            raw: word.to_string(),
            checked,
            span: text.trim().span,
        })
    }

    /// Reads a mark at the start of `text` (`[x] Done`): content of at most two characters.
    pub fn at_start(text: &Text) -> Option<Mark> {
        let t = &text.text;
        let lead = t.len() - t.trim_start().len();
        let rest = &t[lead..];
        if !rest.starts_with('[') {
            return None;
        }
        let close = rest.find(']')?;
        let inner = &rest[1..close];
        if inner.chars().count() > 2 {
            return None;
        }
        let after = &rest[close + 1..];
        if !(after.is_empty() || after.starts_with(char::is_whitespace)) {
            return None;
        }
        let checked = match inner.trim() {
            "" => false,
            "x" | "X" | "v" | "V" | "✓" | "✔" | "☑" | "✅" | "*" => true,
            _ => return None,
        };
        let raw = rest[..=close].to_string();
        Some(Mark {
            span: text.source_span(lead..lead + close + 1),
            raw,
            checked,
        })
    }
}

/// How a label is emphasised: `**Risk:**`, `*Details:*`, or plain `Mitigation:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LabelStyle {
    Bold,
    Italic,
    Plain,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    /// Without emphasis and trailing colon.
    pub text: String,
    /// `text` normalised for lookup (see [`label_key`]).
    #[serde(skip)]
    pub key: String,
    pub span: Span,
    pub style: LabelStyle,
    /// `**Risk:**` names a field; `**Functional Testing**` names an item.
    pub colon: bool,
}

impl Label {
    fn new(text: String, span: Span, style: LabelStyle, colon: bool) -> Label {
        Label {
            key: label_key(&text),
            text,
            span,
            style,
            colon,
        }
    }
}

/// A list item read as an entry: optional mark, optional label, the rest of its line, and
/// its nested items.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub span: Span,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mark: Option<Mark>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<Label>,
    /// The whole line after the mark.
    pub text: Text,
    /// The line after the label (and a separating dash), or the whole line.
    pub value: Text,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Entry>,
    /// Paragraphs of the item after its first line.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Text>,
}

impl Entry {
    pub fn from_item(item: &ListItem, src: &str) -> Entry {
        let lead_inlines: &[Inline] = item.lead().map(|p| p.content.as_slice()).unwrap_or(&[]);
        let mut text = if lead_inlines.is_empty() {
            Text::empty_at(item.span.start)
        } else {
            Text::from_inlines(lead_inlines)
        };
        let mut mark = item.task.map(|t| Mark {
            raw: src[t.span.range()].to_string(),
            checked: t.checked,
            span: t.span,
        });
        let mut inlines = lead_inlines;
        if mark.is_none() {
            if let Some(m) = Mark::at_start(&text) {
                let after = text.text.find(']').map(|i| i + 1).unwrap_or(0);
                text = text.slice_trimmed(after..text.text.len(), &[]);
                mark = Some(m);
                // The mark was plain text: the label (if any) follows in later nodes.
                inlines = skip_mark_nodes(lead_inlines);
            }
        }
        let (label, value) = read_label(inlines, &text);
        let mut children = Vec::new();
        let mut notes = Vec::new();
        for block in item.blocks.iter().skip(usize::from(item.lead().is_some())) {
            match block {
                Block::List(list) => {
                    children.extend(list.items.iter().map(|i| Entry::from_item(i, src)))
                }
                Block::Paragraph(p) => notes.push(Text::from_inlines(&p.content)),
                _ => {}
            }
        }
        Entry {
            span: item.span,
            mark,
            label,
            text,
            value,
            children,
            notes,
        }
    }

    /// The label as it reads in the item's text (emphasis gone), without a trailing colon.
    pub fn label_text(&self) -> Text {
        let Some(label) = &self.label else {
            return Text::empty_at(self.span.start);
        };
        let end = find_leading(&self.text.text, &label.text).map_or(0, |i| i + label.text.len());
        self.text.slice_trimmed(0..end, &[':'])
    }

    /// The label key (`sign off`, `pm lead agreement`) if the entry is a field.
    pub fn field_key(&self) -> Option<&str> {
        self.label
            .as_ref()
            .filter(|l| l.colon)
            .map(|l| l.key.as_str())
    }

    /// A child field whose key satisfies `pred`, searched depth first.
    pub fn find_field(&self, pred: &dyn Fn(&str) -> bool) -> Option<&Entry> {
        for child in &self.children {
            if child.field_key().is_some_and(pred) {
                return Some(child);
            }
            if let Some(found) = child.find_field(pred) {
                return Some(found);
            }
        }
        None
    }

    /// The entry as a field: label and value.
    pub fn as_field(&self) -> Field {
        let label = self.label.clone().unwrap_or_else(|| {
            Label::new(
                String::new(),
                Span::empty(self.span.start),
                LabelStyle::Plain,
                false,
            )
        });
        Field {
            key: label.key,
            label: label.text,
            label_span: label.span,
            value: self.value.clone(),
            span: self.span,
            items: self.nested_texts(),
            note: None,
        }
    }

    /// The texts of all nested entries, depth first.
    pub fn nested_texts(&self) -> Vec<Text> {
        let mut out = Vec::new();
        self.collect_nested(&mut out);
        out
    }

    fn collect_nested(&self, out: &mut Vec<Text>) {
        for child in &self.children {
            out.push(child.text.clone());
            child.collect_nested(out);
        }
    }
}

/// `haystack.find(needle)` for a needle that usually opens the haystack (a label at the
/// start of its line): looked for there first, without setting up a substring searcher.
fn find_leading(haystack: &str, needle: &str) -> Option<usize> {
    let body = haystack.trim_start();
    let lead = haystack.len() - body.len();
    // A needle that starts with a non-space cannot occur inside the leading white space,
    // so a match at `lead` is the first one.
    if needle.starts_with(|c: char| !c.is_whitespace()) && body.starts_with(needle) {
        return Some(lead);
    }
    haystack.find(needle)
}

fn skip_mark_nodes<'n, 'a>(nodes: &'n [Inline<'a>]) -> &'n [Inline<'a>] {
    // A plain-text mark like `[V]` is the first text node (possibly with the label text
    // merged after it); label detection then works on the text fallback.
    match nodes.first() {
        Some(Inline {
            kind: InlineKind::Text(t),
            ..
        }) if t.trim_end().ends_with(']') => &nodes[1..],
        _ => nodes,
    }
}

/// Splits a leading label off an item's first line.
fn read_label(inlines: &[Inline], text: &Text) -> (Option<Label>, Text) {
    let first = inlines
        .iter()
        .find(|n| !matches!(&n.kind, InlineKind::Text(t) if t.trim().is_empty()));
    let emphasised = match first.map(|n| &n.kind) {
        Some(InlineKind::Strong(c)) => Some((LabelStyle::Bold, c, first.unwrap().span)),
        Some(InlineKind::Emphasis(c)) => Some((LabelStyle::Italic, c, first.unwrap().span)),
        _ => None,
    };
    if let Some((style, content, span)) = emphasised {
        let inner = Text::from_inlines(content);
        let inner_text = inner.text.trim();
        // The emphasised text may be gone from `text` (a bold `**[x]**` read as the mark).
        if let Some(lead_pos) =
            find_leading(&text.text, inner_text).filter(|_| !inner_text.is_empty())
        {
            let mut end = lead_pos + inner_text.len();
            let mut colon = inner_text.ends_with(':');
            let label_text = inner_text.trim_end_matches(':').trim().to_string();
            // `**Risk**:` puts the colon outside the emphasis.
            if !colon && text.text[end..].starts_with(':') {
                colon = true;
                end += 1;
            }
            if !label_text.is_empty()
                && (label_text.len() <= 120 || label_text.chars().count() <= 120)
            {
                let value = text.slice_trimmed(end..text.text.len(), SEPARATORS);
                return (Some(Label::new(label_text, span, style, colon)), value);
            }
        }
    }
    // Plain `Label: value`, short and starting with a letter.
    let t = &text.text;
    if let Some(colon) = t.find(':') {
        let candidate = &t[..colon];
        let words = candidate.split_whitespace().count();
        let starts_alpha = candidate.chars().next().is_some_and(char::is_alphabetic);
        let url_like = t[colon..].starts_with("://");
        if starts_alpha
            && (1..=4).contains(&words)
            && candidate.len() <= 40
            && !url_like
            && !candidate.contains(['[', '(', '`'])
        {
            let value = text.slice_trimmed(colon + 1..t.len(), &[]);
            let label = Label::new(
                candidate.trim().to_string(),
                text.source_span(0..colon + 1),
                LabelStyle::Plain,
                true,
            );
            return (Some(label), value);
        }
    }
    (None, text.trim())
}

/// What may stand between a label and its text: ` — `, ` - `, `:`.
const SEPARATORS: &[char] = &['—', '–', '-', ':'];

/// Normalises a label for lookup: lowercase words, punctuation dropped
/// (`PM/ Lead Agreement` -> `pm lead agreement`, `Sign-off` -> `sign off`).
pub fn label_key(label: &str) -> String {
    if label.is_ascii() {
        // Compacted in place, byte by byte (the key is never longer than the label): labels
        // are keyed by the thousand per plan.
        let mut bytes = label.as_bytes().to_vec();
        let (mut len, mut gap) = (0, false);
        for i in 0..bytes.len() {
            let key = KEY_BYTE[usize::from(bytes[i])];
            if key == 0 {
                gap = true;
                continue;
            }
            // After a gap at least one byte was dropped, so the space fits before `i`.
            if gap && len > 0 {
                bytes[len] = b' ';
                len += 1;
            }
            gap = false;
            bytes[len] = key;
            len += 1;
        }
        bytes.truncate(len);
        return String::from_utf8(bytes).expect("ASCII bytes are UTF-8");
    }
    // A space is written before a word that follows a gap, so none leads or trails.
    let mut out = String::with_capacity(label.len());
    let mut gap = false;
    for c in label.chars() {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else {
            gap = true;
        }
    }
    out
}

/// Per ASCII byte: its lower case when it is a letter or digit, else 0 (a gap in a key).
const KEY_BYTE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            table[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

/// A labelled value: a list field (`- *Sign-off:* ...`) or a table cell under its header.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub label: String,
    #[serde(skip)]
    pub key: String,
    pub label_span: Span,
    pub value: Text,
    pub span: Span,
    /// Nested list lines under the field, depth first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Text>,
    /// A table's extra column for the row (examples, comments).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

impl Field {
    /// The value and each nested line.
    pub fn texts(&self) -> impl Iterator<Item = &Text> {
        std::iter::once(&self.value).chain(&self.items)
    }

    /// The value and every nested line, as one string.
    pub fn full_text(&self) -> String {
        let mut out = self.value.text.clone();
        for item in &self.items {
            out.push('\n');
            out.push_str(&item.text);
        }
        out
    }

    /// The value, or the nested items when the value line is empty.
    pub fn is_empty(&self) -> bool {
        self.value.is_blank() && self.items.iter().all(Text::is_blank)
    }

    pub fn from_cell(header: &str, cell: &Cell) -> Field {
        let value = cell_value(cell);
        Field {
            label: header.to_string(),
            key: label_key(header),
            label_span: cell.span,
            value,
            span: cell.span,
            items: Vec::new(),
            note: None,
        }
    }
}

/// Column lookup for a table by normalised header words.
pub struct Columns<'t> {
    pub table: &'t Table<'t>,
    keys: Vec<String>,
}

impl<'t> Columns<'t> {
    pub fn new(table: &'t Table) -> Self {
        let keys = table
            .head
            .cells
            .iter()
            .map(|c| label_key(&Text::from_inlines(&c.content).text))
            .collect();
        Columns { table, keys }
    }

    /// The column whose header best matches `patterns`, tried in order: a pattern matches
    /// when its words start consecutive words of the header (`comment` matches
    /// "Comments", `requirement id` matches "Requirement ID").
    pub fn find(&self, patterns: &[&str]) -> Option<usize> {
        patterns.iter().find_map(|pattern| {
            let want: Vec<&str> = pattern.split(' ').filter(|w| !w.is_empty()).collect();
            self.keys.iter().position(|key| {
                let have: Vec<&str> = key.split(' ').collect();
                !want.is_empty()
                    && have
                        .windows(want.len())
                        .any(|window| window.iter().zip(&want).all(|(h, w)| h.starts_with(w)))
            })
        })
    }

    pub fn header(&self, col: usize) -> String {
        self.table
            .head
            .cells
            .get(col)
            .map(|c| Text::from_inlines(&c.content).text.trim().to_string())
            .unwrap_or_default()
    }

    pub fn has(&self, words: &[&str]) -> bool {
        self.find(words).is_some()
    }
}

/// Cell `col` of a row as trimmed text, if present.
pub fn cell_text<'c, 'a>(
    cells: &'c [Cell<'a>],
    col: Option<usize>,
) -> Option<(Text, &'c Cell<'a>)> {
    let cell = cells.get(col?)?;
    Some((cell_value(cell), cell))
}

/// A cell's trimmed text; an empty cell is an empty text at the cell's position.
pub fn cell_value(cell: &Cell) -> Text {
    if cell.content.is_empty() {
        return Text::empty_at(cell.span.start);
    }
    let text = Text::from_inlines(&cell.content).trim();
    if text.text.is_empty() {
        Text::empty_at(cell.span.start)
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::parse;

    fn entries(src: &str) -> Vec<Entry> {
        let doc = parse(src);
        match &doc.blocks[0] {
            Block::List(l) => l.items.iter().map(|i| Entry::from_item(i, src)).collect(),
            _ => panic!(),
        }
    }

    #[test]
    fn labels_in_three_styles() {
        let e = entries(
            "- **Risk:** late\n  - *Sign-off:* Ann, 2026-01-02\n  - Mitigation: add people\n",
        );
        let risk = &e[0];
        let label = risk.label.as_ref().unwrap();
        assert_eq!(
            (label.text.as_str(), label.style, label.colon),
            ("Risk", LabelStyle::Bold, true)
        );
        assert_eq!(risk.value.text, "late");
        assert_eq!(risk.children[0].field_key(), Some("sign off"));
        assert_eq!(risk.children[0].value.text, "Ann, 2026-01-02");
        assert_eq!(risk.children[1].field_key(), Some("mitigation"));
        assert_eq!(risk.children[1].value.text, "add people");
    }

    #[test]
    fn item_names_and_dash_separated_descriptions() {
        let e = entries("- [x] **Functional Testing** — Validates things\n  - *Details:* yes\n");
        let item = &e[0];
        assert!(item.mark.as_ref().unwrap().checked);
        let label = item.label.as_ref().unwrap();
        assert!(!label.colon);
        assert_eq!(label.text, "Functional Testing");
        assert_eq!(item.value.text, "Validates things");
    }

    #[test]
    fn non_standard_marks_are_read_from_text() {
        let src = "- [V] **Review Requirements**\n- [] Requirements approved\n- [X] done\n";
        let e = entries(src);
        let m = e[0].mark.as_ref().unwrap();
        assert_eq!((m.raw.as_str(), m.checked), ("[V]", true));
        assert_eq!(&src[m.span.range()], "[V]");
        assert_eq!(e[0].label.as_ref().unwrap().text, "Review Requirements");
        let m = e[1].mark.as_ref().unwrap();
        assert_eq!((m.raw.as_str(), m.checked), ("[]", false));
        assert_eq!(e[1].text.text, "Requirements approved");
        let m = e[2].mark.as_ref().unwrap();
        assert!(m.checked);
        assert_eq!(&src[m.span.range()], "[X]");
    }

    #[test]
    fn leading_find_agrees_with_find() {
        for (h, n) in [
            ("Risk: none", "Risk:"),
            ("  Risk: none", "Risk:"),
            ("\u{a0}Risk", "Risk"),
            ("a Risk", "Risk"),
            ("  ", "Risk"),
            ("Risk", ""),
            ("  Risk", ""),
            ("x  y", " y"),
        ] {
            assert_eq!(find_leading(h, n), h.find(n), "{h:?} {n:?}");
        }
    }

    #[test]
    fn label_keys_normalise_punctuation() {
        assert_eq!(label_key("PM/ Lead Agreement"), "pm lead agreement");
        assert_eq!(label_key("Sign-off"), "sign off");
        assert_eq!(label_key("  **Risk** / Mitigation: "), "risk mitigation");
        assert_eq!(label_key("Über-Größe (Ä)"), "über größe ä");
        assert_eq!(label_key(" - "), "");
    }
}
