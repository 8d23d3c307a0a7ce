//! Jira "Export XML": an RSS 0.92 document whose `channel` holds the issue as an `item`; the
//! description is HTML, escaped into the XML text.

use super::{browse_url, html, Epic, Format};

pub fn read(text: &str) -> Result<(Epic, Format), String> {
    let doc = roxmltree::Document::parse(text).map_err(|e| format!("malformed XML: {e}"))?;
    let root = doc.root_element();
    if root.tag_name().name() != "rss" {
        return Err(format!(
            "XML that is not a Jira export: the root element is <{}>, expected <rss>",
            root.tag_name().name()
        ));
    }
    let items: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("channel"))
        .flat_map(|c| c.children().filter(|n| n.has_tag_name("item")))
        .collect();
    let item = match items.as_slice() {
        [one] => *one,
        [] => return Err("the Jira export holds no <item>".to_string()),
        many => {
            return Err(format!(
                "the Jira export holds {} issues; export the one epic",
                many.len()
            ))
        }
    };
    let child_text = |name: &str| {
        item.children()
            .find(|n| n.has_tag_name(name))
            .and_then(|n| n.text())
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
    };
    let mut epic = Epic {
        key: child_text("key"),
        summary: child_text("summary"),
        parent: child_text("parent"),
        ..Epic::default()
    };
    if epic.summary.is_none() {
        // `<title>[CNV-1] Summary</title>`
        epic.summary = child_text("title").map(|t| match t.split_once("] ") {
            Some((_, rest)) if t.starts_with('[') => rest.to_string(),
            _ => t,
        });
    }
    if let (Some(key), Some(link)) = (&epic.key, child_text("link")) {
        epic.url = browse_url(&link, key);
    }
    for node in item.descendants() {
        let value = node.text().map(str::trim).unwrap_or("");
        match node.tag_name().name() {
            "label" => Epic::add_unique(&mut epic.labels, value),
            "component" => Epic::add_unique(&mut epic.components, value),
            "fixVersion" => Epic::add_unique(&mut epic.fix_versions, value),
            "customfield" => {
                let name = node
                    .children()
                    .find(|n| n.has_tag_name("customfieldname"))
                    .and_then(|n| n.text())
                    .unwrap_or("")
                    .trim()
                    .to_lowercase();
                let value = node
                    .descendants()
                    .find(|n| n.has_tag_name("customfieldvalue"))
                    .and_then(|n| n.text())
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_string);
                match name.as_str() {
                    "epic name" => epic.epic_name = epic.epic_name.take().or(value),
                    "parent link" => epic.parent = epic.parent.take().or(value),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    if let Some(description) = item
        .children()
        .find(|n| n.has_tag_name("description"))
        .and_then(|n| n.text())
    {
        epic.fill_sections(html::blocks(description));
    }
    Ok((epic, Format::JiraXml))
}
