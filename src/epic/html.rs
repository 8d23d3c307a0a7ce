//! The HTML of a Jira export's description to blocks, with html5gum's tokenizer (entities
//! decoded per the HTML standard, unclosed tags tolerated).

use super::Block;
use html5gum::{Token, Tokenizer};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Heading,
}

pub fn blocks(html: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut kind = Kind::Text;
    let mut list_depth = 0usize;
    let mut skip_depth = 0usize;
    // An open link: its target and where its text starts in `current`.
    let mut link: Option<(String, usize)> = None;
    let flush = |current: &mut String, kind: Kind, list_depth: usize, out: &mut Vec<Block>| {
        let text = current.split_whitespace().collect::<Vec<_>>().join(" ");
        current.clear();
        if text.is_empty() {
            return;
        }
        out.push(match kind {
            Kind::Heading => Block::Heading(text),
            Kind::Text if list_depth > 0 => Block::Item(text),
            Kind::Text => Block::Text(text),
        });
    };
    for token in Tokenizer::new(html).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                match name.as_str() {
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                        flush(&mut current, kind, list_depth, &mut out);
                        kind = Kind::Heading;
                    }
                    "li" => flush(&mut current, kind, list_depth, &mut out),
                    "ul" | "ol" => {
                        flush(&mut current, kind, list_depth, &mut out);
                        list_depth += 1;
                    }
                    "p" | "div" | "br" | "tr" | "pre" | "blockquote" => {
                        flush(&mut current, kind, list_depth, &mut out)
                    }
                    "td" | "th" => current.push_str(" | "),
                    "script" | "style" => skip_depth += 1,
                    "a" => {
                        let href = tag
                            .attributes
                            .get(b"href".as_slice())
                            .map(|v| String::from_utf8_lossy(&v.value).to_string());
                        link = href
                            .filter(|h| h.contains("://"))
                            .map(|h| (h, current.len()));
                    }
                    _ => {}
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                match name.as_str() {
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                        flush(&mut current, kind, list_depth, &mut out);
                        kind = Kind::Text;
                    }
                    "li" | "p" | "div" | "tr" | "pre" | "blockquote" => {
                        flush(&mut current, kind, list_depth, &mut out)
                    }
                    "ul" | "ol" => {
                        flush(&mut current, kind, list_depth, &mut out);
                        list_depth = list_depth.saturating_sub(1);
                    }
                    "script" | "style" => skip_depth = skip_depth.saturating_sub(1),
                    "a" => {
                        // The target follows its text unless the text already says it
                        // (`<a href=".../browse/CNV-1">CNV-1</a>`).
                        if let Some((href, start)) = link.take() {
                            let text = current.get(start..).unwrap_or("").trim();
                            if text.is_empty() || !href.contains(text) {
                                current.push_str(&format!(" ({href})"));
                            }
                        }
                    }
                    _ => {}
                }
            }
            Token::String(s) if skip_depth == 0 => {
                current.push_str(&String::from_utf8_lossy(&s.value));
            }
            _ => {}
        }
    }
    flush(&mut current, kind, list_depth, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_blocks() {
        let got = blocks(
            "<h3><a name=\"g\"></a>Epic Goal</h3><ul><li>Drains finish &amp; report&nbsp;progress</li></ul><p><b>Scenarios</b></p><ol><li>As an admin</li></ol>",
        );
        assert_eq!(
            got,
            vec![
                Block::Heading("Epic Goal".into()),
                Block::Item("Drains finish & report progress".into()),
                Block::Text("Scenarios".into()),
                Block::Item("As an admin".into()),
            ]
        );
    }
}
