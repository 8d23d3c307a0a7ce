//! Atlassian Document Format (the description of REST API v3) to blocks.

use super::Block;
use serde_json::Value;

/// Nesting deeper than this is not a description a person wrote.
const MAX_DEPTH: usize = 64;

pub fn blocks(doc: &Value) -> Result<Vec<Block>, String> {
    if doc.get("type").and_then(Value::as_str) != Some("doc") {
        return Err(
            "`fields.description` is an object but not an Atlassian document (`\"type\": \"doc\"`)"
                .to_string(),
        );
    }
    let mut out = Vec::new();
    block_nodes(doc, 0, false, &mut out)?;
    Ok(out)
}

fn children(node: &Value) -> impl Iterator<Item = &Value> {
    node.get("content")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

fn block_nodes(
    node: &Value,
    depth: usize,
    in_list: bool,
    out: &mut Vec<Block>,
) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err(format!(
            "the document tree is nested deeper than {MAX_DEPTH} levels"
        ));
    }
    for child in children(node) {
        let kind = child.get("type").and_then(Value::as_str).unwrap_or("");
        match kind {
            "heading" => out.push(Block::Heading(inline_text(child))),
            "paragraph" | "codeBlock" => {
                let text = inline_text(child);
                if !text.trim().is_empty() {
                    out.push(if in_list {
                        Block::Item(text)
                    } else {
                        Block::Text(text)
                    });
                }
            }
            "bulletList" | "orderedList" | "taskList" | "listItem" => {
                block_nodes(child, depth + 1, true, out)?
            }
            "taskItem" => out.push(Block::Item(inline_text(child))),
            "tableRow" => {
                let cells: Vec<String> = children(child).map(inline_text).collect();
                out.push(Block::Text(cells.join(" | ")));
            }
            _ => block_nodes(child, depth + 1, in_list, out)?,
        }
    }
    Ok(())
}

/// The text of a node's inline content; cards and links keep their URL.
fn inline_text(node: &Value) -> String {
    let mut out = String::new();
    collect_inline(node, 0, &mut out);
    out.trim().to_string()
}

fn collect_inline(node: &Value, depth: usize, out: &mut String) {
    if depth > MAX_DEPTH {
        return;
    }
    for child in children(node) {
        let attr = |name: &str| {
            child
                .get("attrs")
                .and_then(|a| a.get(name))
                .and_then(Value::as_str)
                .unwrap_or("")
        };
        match child.get("type").and_then(Value::as_str).unwrap_or("") {
            "text" => {
                let text = child.get("text").and_then(Value::as_str).unwrap_or("");
                out.push_str(text);
                let href = child
                    .get("marks")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .find(|m| m.get("type").and_then(Value::as_str) == Some("link"))
                    .and_then(|m| m.get("attrs")?.get("href")?.as_str());
                if let Some(href) = href.filter(|h| !text.contains(*h)) {
                    out.push_str(&format!(" ({href})"));
                }
            }
            "hardBreak" => out.push(' '),
            "inlineCard" | "blockCard" => out.push_str(attr("url")),
            "mention" | "emoji" | "status" => out.push_str(attr("text")),
            "date" => out.push_str(attr("timestamp")),
            _ => collect_inline(child, depth + 1, out),
        }
    }
}
