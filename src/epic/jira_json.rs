//! Jira REST JSON: one issue (API v2 or v3) or a search result holding one issue.

use super::{adf, browse_url, wiki, Epic, Format};
use serde_json::Value;

pub fn read(text: &str) -> Result<(Epic, Format), String> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        format!(
            "malformed JSON at line {}, column {}: {e}",
            e.line(),
            e.column()
        )
    })?;
    let (issue, from_search) = match value.get("issues") {
        Some(Value::Array(issues)) => match issues.as_slice() {
            [one] => (one, true),
            [] => return Err("the search result holds no issue".to_string()),
            many => {
                return Err(format!(
                    "the search result holds {} issues; search for the one epic (`key = CNV-...`)",
                    many.len()
                ))
            }
        },
        _ => (&value, false),
    };
    let Some(fields) = issue.get("fields").and_then(Value::as_object) else {
        return Err(
            "JSON without a Jira issue: expected an object with `key` and `fields`, or a search result with `issues`"
                .to_string(),
        );
    };
    let mut epic = Epic {
        key: issue.get("key").and_then(Value::as_str).map(str::to_string),
        summary: string(fields.get("summary")),
        ..Epic::default()
    };
    if let (Some(key), Some(url)) = (&epic.key, issue.get("self").and_then(Value::as_str)) {
        epic.url = browse_url(url, key);
    }
    for label in fields
        .get("labels")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(l) = label.as_str() {
            Epic::add_unique(&mut epic.labels, l);
        }
    }
    for (field, list) in [
        ("components", &mut epic.components),
        ("fixVersions", &mut epic.fix_versions),
    ] {
        for item in fields
            .get(field)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(name) = item.get("name").and_then(Value::as_str) {
                Epic::add_unique(list, name);
            }
        }
    }
    epic.parent = fields
        .get("parent")
        .and_then(|p| p.get("key"))
        .and_then(Value::as_str)
        .map(str::to_string);
    // Custom fields have instance-specific IDs; `expand=names` says which is which.
    let names = issue.get("names").or_else(|| value.get("names"));
    if let Some(names) = names.and_then(Value::as_object) {
        for (id, name) in names {
            let Some(name) = name.as_str() else { continue };
            let value = fields.get(id);
            match name.to_lowercase().as_str() {
                "epic name" => epic.epic_name = epic.epic_name.take().or(string(value)),
                "parent link" | "parent" => {
                    let key = string(value).or_else(|| string(value.and_then(|v| v.get("key"))));
                    epic.parent = epic.parent.take().or(key);
                }
                _ => {}
            }
        }
    }
    let format = match fields.get("description") {
        Some(Value::String(markup)) => {
            epic.fill_sections(wiki::blocks(markup));
            Format::JiraJsonV2
        }
        Some(doc @ Value::Object(_)) => {
            epic.fill_sections(adf::blocks(doc)?);
            Format::JiraJsonV3
        }
        Some(Value::Null) | None => Format::JiraJsonV2,
        Some(other) => {
            return Err(format!(
                "`fields.description` is neither wiki markup nor a document tree: {}",
                kind(other)
            ))
        }
    };
    Ok((
        epic,
        if from_search {
            Format::JiraSearch
        } else {
            format
        },
    ))
}

fn string(value: Option<&Value>) -> Option<String> {
    value
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
