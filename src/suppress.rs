//! `stp check --add-suppressions`: a suppression comment for every finding left, so a repository
//! can adopt `stp` and hold new text to it while old findings stay documented in place.
//!
//! Each flagged line gets `<!-- stp-disable-line CODE[,CODE] -->` at its end: inline HTML that
//! neither Markdown nor the model reads as content. In a table row the comment goes inside the
//! last cell (before the closing `|`), so the row and the table stay one table. A finding on a
//! blank line (blank lines in a row) is wrapped in `stp-disable` / `stp-enable` at the ends of
//! the lines with text around it, so the blank lines stay as they are. Lines in code blocks or
//! inside another comment get `<!-- stp-disable-next-line CODE -->` on a line of their own
//! above. Only insertions are made; nothing is removed or rewritten.

use crate::diagnostic::Diagnostic;
use crate::model::Stp;
use crate::source::SourceFile;
use std::collections::BTreeMap;

/// The text with suppressions added for `diagnostics`, and how many comments were added.
pub fn add(source: &SourceFile, stp: &Stp, diagnostics: &[Diagnostic]) -> (String, usize) {
    let text = &source.text;
    let mut by_line: BTreeMap<usize, Vec<&'static str>> = BTreeMap::new();
    for d in diagnostics {
        let codes = by_line
            .entry(source.lines.line_of(d.span.start))
            .or_default();
        if !codes.contains(&d.rule.code) {
            codes.push(d.rule.code);
        }
    }
    let in_block = |offset: usize| {
        stp.code_blocks
            .iter()
            .any(|c| c.span.start < offset && offset < c.span.end)
            || stp
                .comments
                .iter()
                .any(|c| c.span.start < offset && offset < c.span.end)
    };
    // Where a comment can go at the end of a line: before trailing blanks, inside the last
    // cell of a table row; none for blank lines and lines in code blocks or comments.
    let end_of_line = |line: usize| -> Option<(usize, bool)> {
        let span = source.lines.line_span(text, line);
        let raw = &text[span.range()];
        let body = raw
            .trim_end_matches(['\r', '\n'])
            .trim_end_matches([' ', '\t']);
        // A thematic break or a setext underline with text after it is no longer one.
        let rule_line = body
            .trim()
            .chars()
            .all(|c| matches!(c, '-' | '*' | '_' | '=' | ' '));
        if body.trim().is_empty()
            || rule_line
            || in_block(span.start + body.len() - 1)
            || in_block(span.start + 1)
        {
            return None;
        }
        let row = body.trim_start().starts_with('|') && body.ends_with('|') && body.len() > 1;
        Some(if row {
            (span.start + body.len() - 1, true)
        } else {
            (span.start + body.len(), false)
        })
    };
    let comment_at = |(at, row): (usize, bool), what: &str| -> (usize, String) {
        if row {
            let sep = if text[..at].ends_with(' ') { "" } else { " " };
            (at, format!("{sep}<!-- {what} --> "))
        } else {
            (at, format!(" <!-- {what} -->"))
        }
    };
    let line_count = source.lines.line_count(text);
    // Insertions (offset, text), applied back to front so offsets stay valid.
    let mut inserts: Vec<(usize, String)> = Vec::new();
    for (line, mut codes) in by_line {
        codes.sort_unstable();
        let codes = codes.join(",");
        if let Some(place) = end_of_line(line) {
            inserts.push(comment_at(place, &format!("stp-disable-line {codes}")));
            continue;
        }
        // A blank line cannot carry a comment without changing the blank lines themselves:
        // disable at the end of the line above, enable at the end of the next line with text.
        let above = (0..line).rev().find_map(|l| end_of_line(l).map(|p| (l, p)));
        let below = (line + 1..line_count).find_map(end_of_line);
        let blank = text[source.lines.line_span(text, line).range()]
            .trim()
            .is_empty();
        if let (true, Some((_, up))) = (blank, above) {
            inserts.push(comment_at(up, &format!("stp-disable {codes}")));
            if let Some(down) = below {
                inserts.push(comment_at(down, &format!("stp-enable {codes}")));
            }
            continue;
        }
        let span = source.lines.line_span(text, line);
        let raw = &text[span.range()];
        let indent: String = raw.chars().take_while(|c| *c == ' ').collect();
        let eol = if raw.ends_with("\r\n") { "\r\n" } else { "\n" };
        inserts.push((
            span.start,
            format!("{indent}<!-- stp-disable-next-line {codes} -->{eol}"),
        ));
    }
    inserts.sort_by_key(|(at, _)| *at);
    let added = inserts.len();
    let mut out = text.clone();
    for (at, s) in inserts.into_iter().rev() {
        out.insert_str(at, &s);
    }
    (out, added)
}
