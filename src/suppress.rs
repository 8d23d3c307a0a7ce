//! `stp check --add-suppressions`: a suppression comment for every finding left, so a repository
//! can adopt `stp` and hold new text to it while old findings stay documented in place.
//!
//! Each flagged line gets `<!-- stp-disable-line CODE[,CODE] -->` at its end: inline HTML that
//! neither Markdown nor the model reads as content. In a table row the comment goes inside the
//! last cell (before the closing `|`), so the row and the table stay one table. Lines where a
//! comment at the end would change the document (blank lines, lines in code blocks or inside
//! another comment) get `<!-- stp-disable-next-line CODE -->` on a line of their own above.
//! Only insertions are made; nothing is removed or rewritten.

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
    // Insertions (offset, text), applied back to front so offsets stay valid.
    let mut inserts: Vec<(usize, String)> = Vec::new();
    for (line, mut codes) in by_line {
        codes.sort_unstable();
        let codes = codes.join(",");
        let span = source.lines.line_span(text, line);
        let raw = &text[span.range()];
        let content = raw.trim_end_matches(['\r', '\n']);
        let body = content.trim_end_matches([' ', '\t']);
        let blank = body.trim().is_empty();
        // A line whose start or end lies in a code block or a comment cannot carry one.
        let enclosed = in_block(span.start + body.len().max(1) - 1) || in_block(span.start + 1);
        if blank || enclosed {
            let indent: String = raw.chars().take_while(|c| *c == ' ').collect();
            let eol = if raw.ends_with("\r\n") { "\r\n" } else { "\n" };
            inserts.push((
                span.start,
                format!("{indent}<!-- stp-disable-next-line {codes} -->{eol}"),
            ));
            continue;
        }
        let comment = format!("<!-- stp-disable-line {codes} -->");
        let trimmed = body.trim_start();
        if trimmed.starts_with('|') && body.ends_with('|') && body.len() > 1 {
            // Inside the last cell: before the closing pipe.
            let at = span.start + body.len() - 1;
            let before = &text[..at];
            let sep = if before.ends_with(' ') { "" } else { " " };
            inserts.push((at, format!("{sep}{comment} ")));
        } else {
            inserts.push((span.start + body.len(), format!(" {comment}")));
        }
    }
    let added = inserts.len();
    let mut out = text.clone();
    for (at, s) in inserts.into_iter().rev() {
        out.insert_str(at, &s);
    }
    (out, added)
}
