//! Jira wiki markup (the description of REST API v2) to blocks: `h2.` headings, `*`/`#`
//! list items, `{code}`/`{noformat}` blocks; inline markup reduced to its text.

use super::Block;

pub fn blocks(markup: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut in_code = false;
    for raw in markup.lines() {
        let line = raw.trim();
        if line.starts_with("{code") || line.starts_with("{noformat") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            if !line.is_empty() {
                out.push(Block::Text(line.to_string()));
            }
            continue;
        }
        if line.is_empty() || line == "----" {
            continue;
        }
        if let Some(rest) = heading(line) {
            out.push(Block::Heading(inline(rest)));
            continue;
        }
        let markers = line
            .find(|c: char| !matches!(c, '*' | '#' | '-'))
            .unwrap_or(line.len());
        if markers > 0 && line[markers..].starts_with(' ') {
            out.push(Block::Item(inline(line[markers..].trim())));
        } else {
            out.push(Block::Text(inline(line)));
        }
    }
    out
}

/// `h1.` to `h6.` headings.
fn heading(line: &str) -> Option<&str> {
    let b = line.as_bytes();
    (b.len() > 3 && b[0] == b'h' && (b'1'..=b'6').contains(&b[1]) && b[2] == b'.')
        .then(|| line[3..].trim())
}

/// Inline markup to text: `[text|url]` -> `text (url)`, `{{mono}}`, `*bold*`, `_italic_`,
/// `{color}` and `\\` line breaks.
fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']') else {
            break;
        };
        out.push_str(&rest[..open]);
        let inner = &rest[open + 1..open + close];
        match inner.split_once('|') {
            Some((label, url)) if url.contains("://") || url.starts_with("mailto:") => {
                out.push_str(&format!("{label} ({url})"))
            }
            _ if inner.contains("://") => out.push_str(inner),
            _ => {
                out.push('[');
                out.push_str(inner);
                out.push(']');
            }
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    let mut text = out.replace("{{", "").replace("}}", "").replace("\\\\", " ");
    // `{color:red}` ... `{color}` and similar macros carry no text.
    while let Some(open) = text.find("{color") {
        match text[open..].find('}') {
            Some(close) => text.replace_range(open..open + close + 1, ""),
            None => break,
        }
    }
    strip_emphasis(&text)
}

/// Removes `*` and `_` used as emphasis (at a word's edge), keeping `snake_case` and `a * b`.
fn strip_emphasis(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == '*' || c == '_' {
            let before = i.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i + 1).copied();
            let word = |ch: Option<char>| ch.is_some_and(|ch| ch.is_alphanumeric());
            let opens = !word(before) && after.is_some_and(|a| !a.is_whitespace());
            let closes = !word(after) && before.is_some_and(|b| !b.is_whitespace());
            if opens || closes {
                continue;
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_becomes_blocks() {
        let got = blocks(
            "h1. Epic Goal\n* Let *admins* set {{maxParallel}} per node\n# [design|https://example.com/d] first\n\n*Scenarios*\nplain_text stays",
        );
        assert_eq!(
            got,
            vec![
                Block::Heading("Epic Goal".into()),
                Block::Item("Let admins set maxParallel per node".into()),
                Block::Item("design (https://example.com/d) first".into()),
                Block::Text("Scenarios".into()),
                Block::Text("plain_text stays".into()),
            ]
        );
    }
}
