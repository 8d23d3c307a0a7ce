//! The epic as a person copies it from the browser (field labels and values on separate
//! lines, then the description with the template's headings), and the same as Markdown.
//!
//! Both are read line by line: a header of fields (`Labels:` then `migration` on the next
//! line, or `**Labels:** migration`) up to the description, then headings, items and text.
//! A heading is recognised by its name (`Epic Goal *`), whatever its markup; in page text a
//! `#` line is a numbered item flattened by the copy, not a heading.

use super::{Block, Epic, Format};

/// Header labels and the field they fill.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Labels,
    Components,
    FixVersions,
    Parent,
    EpicName,
    Summary,
    Key,
    /// A field the plan does not use (Status, Priority, Assignee, ...).
    Ignored,
}

fn field(label: &str) -> Option<Field> {
    let key = label
        .trim()
        .trim_matches(|c: char| c == '*' || c == '_' || c == ':' || c.is_whitespace())
        .to_lowercase();
    Some(match key.as_str() {
        "labels" | "label" => Field::Labels,
        "component/s" | "components" | "component" => Field::Components,
        "fix version/s" | "fix versions" | "fix version" => Field::FixVersions,
        "parent link" | "parent" | "feature link" => Field::Parent,
        "epic name" => Field::EpicName,
        "summary" | "title" => Field::Summary,
        "key" | "issue key" => Field::Key,
        "type" | "issue type" | "status" | "priority" | "resolution" | "affects version/s"
        | "assignee" | "reporter" | "created" | "updated" | "target version" | "sprint"
        | "qa contact" | "story points" | "epic status" | "team" | "votes" | "watchers" => {
            Field::Ignored
        }
        _ => return None,
    })
}

pub fn read(text: &str) -> (Epic, Format) {
    let markdown = is_markdown(text);
    let mut epic = Epic::default();
    let lines: Vec<&str> = text.lines().collect();
    // The header: everything before the description.
    let mut body_start = lines.len();
    let mut pending: Option<Field> = None;
    let mut after_key = false;
    for (i, raw) in lines.iter().enumerate() {
        let line = raw.trim();
        let plain = strip_inline(line.trim_start_matches('#').trim());
        if super::heading_part(&super::clean(&plain)).is_some()
            || plain.eq_ignore_ascii_case("description")
            || plain.eq_ignore_ascii_case("description:")
        {
            body_start = i + usize::from(plain.to_lowercase().starts_with("description"));
            break;
        }
        if line.is_empty() {
            continue;
        }
        if let Some(f) = pending.take() {
            set_field(&mut epic, f, &plain);
            continue;
        }
        let item = plain.trim_start_matches(['-', '*', '+', ' ']);
        if let Some((label, value)) = item.split_once(':') {
            if let Some(f) = field(label) {
                if value.trim().is_empty() {
                    pending = Some(f);
                } else {
                    set_field(&mut epic, f, value.trim());
                }
                continue;
            }
        }
        if epic.key.is_none() {
            if let Some(range) = crate::recognise::jira_keys(&plain).next() {
                epic.key = Some(plain[range.clone()].to_string());
                let rest = plain[range.end..]
                    .trim_start_matches([']', ':', ' ', '—', '–', '-'])
                    .trim();
                if rest.is_empty() {
                    after_key = true;
                } else if epic.summary.is_none() {
                    epic.summary = Some(rest.to_string());
                }
                continue;
            }
        }
        if after_key && epic.summary.is_none() && field(item).is_none() {
            epic.summary = Some(plain.clone());
            after_key = false;
            continue;
        }
        if markdown && line.starts_with("# ") && epic.summary.is_none() {
            epic.summary = Some(plain);
        }
    }
    let mut blocks = Vec::new();
    for raw in &lines[body_start..] {
        let line = raw.trim();
        if line.is_empty() || line.starts_with("```") || line == "---" {
            continue;
        }
        let hashes = line.chars().take_while(|&c| c == '#').count();
        let after_hashes = &line[hashes..];
        if hashes > 0 && after_hashes.starts_with(' ') {
            let text = strip_inline(after_hashes.trim());
            // Markdown headings; in page text `#` is a flattened numbered item unless it
            // names a template section.
            if (markdown && hashes >= 2) || super::heading_part(&super::clean(&text)).is_some() {
                blocks.push(Block::Heading(text));
            } else {
                blocks.push(Block::Item(text));
            }
            continue;
        }
        let marker_len = list_marker(line);
        if marker_len > 0 {
            blocks.push(Block::Item(strip_inline(line[marker_len..].trim())));
        } else {
            blocks.push(Block::Text(strip_inline(line)));
        }
    }
    epic.fill_sections(blocks);
    (
        epic,
        if markdown {
            Format::Markdown
        } else {
            Format::PageText
        },
    )
}

fn set_field(epic: &mut Epic, field: Field, value: &str) {
    let value = value.trim();
    if value.is_empty() || value.eq_ignore_ascii_case("none") {
        return;
    }
    let split = |list: &mut Vec<String>| {
        for v in value.split(',') {
            Epic::add_unique(
                list,
                v.trim_matches(|c: char| c == '`' || c.is_whitespace()),
            );
        }
    };
    match field {
        Field::Labels => {
            for v in value.split([',', ' ']) {
                Epic::add_unique(&mut epic.labels, v.trim_matches('`'));
            }
        }
        Field::Components => split(&mut epic.components),
        Field::FixVersions => split(&mut epic.fix_versions),
        Field::Parent => {
            epic.parent = crate::recognise::jira_keys(value)
                .next()
                .map(|r| value[r].to_string())
        }
        Field::EpicName => epic.epic_name = Some(value.to_string()),
        Field::Summary => epic.summary = Some(value.to_string()),
        Field::Key => {
            epic.key = crate::recognise::jira_keys(value)
                .next()
                .map(|r| value[r].to_string())
        }
        Field::Ignored => {}
    }
}

/// Markdown rather than page text: headings of level two or more, or emphasis and links in
/// Markdown syntax.
fn is_markdown(text: &str) -> bool {
    text.lines().any(|l| {
        let l = l.trim_start();
        l.starts_with("## ") || l.starts_with("### ") || l.starts_with("**") || l.contains("](")
    })
}

/// The length of a list marker (`- `, `* `, `+ `, `• `, `1. `, `1) `) at the start of a line.
fn list_marker(line: &str) -> usize {
    for m in ["- ", "* ", "+ ", "• "] {
        if line.starts_with(m) {
            return m.len();
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && (line[digits..].starts_with(". ") || line[digits..].starts_with(") ")) {
        return digits + 2;
    }
    0
}

/// Markdown inline syntax to text: `**bold**`, `` `code` ``, `[text](url)` -> `text (url)`.
fn strip_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = &rest[open..];
        let link = after.find("](").and_then(|mid| {
            let close = after[mid..].find(')')? + mid;
            Some((mid, close))
        });
        match link {
            Some((mid, close)) if !after[1..mid].contains('[') => {
                out.push_str(&rest[..open]);
                let label = &after[1..mid];
                let url = &after[mid + 2..close];
                if label == url || label.is_empty() {
                    out.push_str(url);
                } else {
                    out.push_str(&format!("{label} ({url})"));
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push_str(&rest[..open + 1]);
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    out.replace("**", "").replace("__", "").replace('`', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_header_fields_on_separate_lines() {
        let (epic, format) = read(
            "OpenShift Virtualization / CNV-1\nMigration capacity\nType:\nEpic\nLabels:\nmigration capacity\nParent Link:\nVIRTSTRAT-2 Faster drains\nDescription\nEpic Goal *\n# Drains finish in time\n...\n",
        );
        assert_eq!(format, Format::PageText);
        assert_eq!(epic.key.as_deref(), Some("CNV-1"));
        assert_eq!(epic.summary.as_deref(), Some("Migration capacity"));
        assert_eq!(epic.labels, ["migration", "capacity"]);
        assert_eq!(epic.parent.as_deref(), Some("VIRTSTRAT-2"));
        assert_eq!(epic.goal, ["Drains finish in time"]);
    }

    #[test]
    fn markdown_links_and_emphasis() {
        assert_eq!(
            strip_inline("See **the** [design](https://x.io/d) and `code`"),
            "See the design (https://x.io/d) and code"
        );
    }
}
