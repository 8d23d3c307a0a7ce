//! Recognisers shared by rules: Jira keys and template placeholders. One place, so that every
//! rule agrees on what a key or a placeholder is.

use crate::text::Text;
use std::ops::Range;

/// `CNV-123`, `VIRTSTRAT-480`: an upper-case project key, a dash and digits.
pub fn is_jira_key(s: &str) -> bool {
    let Some((project, number)) = s.split_once('-') else {
        return false;
    };
    let mut chars = project.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && project.len() >= 2
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
}

/// Where a placeholder sits in a text, and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    pub range: Range<usize>,
    pub kind: PlaceholderKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceholderKind {
    /// A bracketed prompt such as `[Name/Date]` or `[Add details]`.
    Prompt,
    /// A bare `TODO`, `TBD` or `FIXME`.
    Marker,
}

/// First words of a template prompt: instructions ("Add", "Describe", "Which ...") and slot
/// names ("Name", "Date", "Details"). These describe the *shape* of prompts, not any sentence
/// of the template.
const PROMPT_WORDS: &[&str] = &[
    "add",
    "list",
    "describe",
    "summarize",
    "summarise",
    "link",
    "links",
    "propose",
    "define",
    "provide",
    "reference",
    "insert",
    "enter",
    "fill",
    "specify",
    "explain",
    "mention",
    "identify",
    "e.g",
    "eg",
    "example",
    "tbd",
    "tba",
    "todo",
    "fixme",
    "placeholder",
    "your",
    "version",
    "impact",
    "why",
    "which",
    "what",
    "how",
    "mitigation",
    "name",
    "names",
    "date",
    "description",
    "details",
    "url",
    "item",
    "role",
    "action",
    "benefit",
];

/// Prompts whose first word alone is too common to decide on.
const PROMPT_PHRASES: &[&str] = &[
    "feature title",
    "feature limitation",
    "test limitation",
    "test scenario",
    "risk category",
    "category-specific",
    "qe lead",
    "pm name",
    "dev lead",
    "this sig",
    "sig-specific",
    "sig specific",
    "brief description",
    "1, 2, or 3",
    "p0/p1/p2",
    "sig-xyz",
    "sig-name",
];

fn is_prompt(inner: &str) -> bool {
    let c = inner.trim().to_lowercase();
    if c.chars().count() <= 2 || is_jira_key(inner.trim()) {
        return false; // checkbox marks, `[x]`, `[ ]`, real keys
    }
    if c.contains("name/date") || c.contains("/date") || c.contains("name / @") {
        return true;
    }
    // `[Jira-123]`, `[Jira-ID]`, `[Jira key]`: the literal word standing for a key.
    if let Some(rest) = c.strip_prefix("jira") {
        if rest.is_empty() || rest.starts_with(['-', ' ']) {
            return true;
        }
    }
    if PROMPT_PHRASES.iter().any(|p| c.starts_with(p)) {
        return true;
    }
    let first: String = c
        .chars()
        .take_while(|ch| ch.is_alphanumeric() || *ch == '.')
        .collect();
    let first = first.trim_end_matches('.');
    PROMPT_WORDS.contains(&first)
}

/// Whether raw text could hold a placeholder at all: a cheap test before building text.
pub fn may_hold_placeholder(raw: &str) -> bool {
    let b = raw.as_bytes();
    b.iter().enumerate().any(|(i, c)| match c {
        b'[' => true,
        b'T' => matches!(b.get(i + 1..i + 3), Some(b"OD") | Some(b"BD")),
        b'F' => b.get(i + 1..i + 5) == Some(b"IXME"),
        _ => false,
    })
}

/// Finds template placeholders in a text, outside inline code.
pub fn find_placeholders(text: &Text) -> Vec<Placeholder> {
    let t = &text.text;
    let mut out = Vec::new();
    let bytes = t.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'[' {
            if let Some(close) = t[i + 1..].find(']') {
                let end = i + 1 + close + 1;
                let inner = &t[i + 1..end - 1];
                if !inner.contains('[') && is_prompt(inner) && !text.in_code(&(i..end)) {
                    out.push(Placeholder {
                        range: i..end,
                        kind: PlaceholderKind::Prompt,
                    });
                    i = end;
                    continue;
                }
            }
        }
        i += 1;
    }
    for (at, b) in bytes.iter().enumerate() {
        if *b != b'T' && *b != b'F' {
            continue;
        }
        let Some(marker) = ["TODO", "TBD", "FIXME"]
            .into_iter()
            .find(|m| t[at..].starts_with(m))
        else {
            continue;
        };
        let end = at + marker.len();
        let before = t[..at].chars().next_back();
        let after = t[end..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric() && c != '_');
        let inside_prompt = out
            .iter()
            .any(|p| p.range.start <= at && end <= p.range.end);
        if boundary(before) && boundary(after) && !inside_prompt && !text.in_code(&(at..end)) {
            out.push(Placeholder {
                range: at..end,
                kind: PlaceholderKind::Marker,
            });
        }
    }
    out.sort_by_key(|p| p.range.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{parse, Block};

    fn found(src: &str) -> Vec<String> {
        let doc = parse(src);
        let Block::Paragraph(p) = &doc.blocks[0] else {
            panic!()
        };
        let t = Text::from_inlines(&p.content);
        find_placeholders(&t)
            .into_iter()
            .map(|p| t.text[p.range].to_string())
            .collect()
    }

    #[test]
    fn jira_keys() {
        assert!(is_jira_key("CNV-123"));
        assert!(is_jira_key("VIRTSTRAT-480"));
        assert!(!is_jira_key("Jira-123"));
        assert!(!is_jira_key("CNV-"));
        assert!(!is_jira_key("cnv-1"));
    }

    #[test]
    fn prompts_are_found() {
        for prompt in [
            "[Name/Date]",
            "[TBD]",
            "[Add details]",
            "[ Add details ]",
            "[version or N/A]",
            "[Name / @github-username]",
            "[Jira-123]",
            "[e.g., Core OCP network functionality]",
            "[Name(s)]",
            "[Feature Title/Name]",
            "[Summarize requirements here]",
        ] {
            assert_eq!(
                found(&format!("x {prompt} y")),
                vec![prompt.to_string()],
                "{prompt}"
            );
        }
    }

    #[test]
    fn real_brackets_are_not_prompts() {
        for text in [
            "[Tier 2] Verify",
            "[P0] goal",
            "[CNV-123] thing",
            "[x] done",
            "[Ruth Netser] (@rnetser)",
            "[RHCOS 9 and RHCOS 10 Worker Nodes Support] - Quality Engineering Plan",
            "[ in-progress ]",
            "Mentions todo and tbd in prose, TODOS and `TODO` in code",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn bare_markers() {
        assert_eq!(found("Owner: TBD, later TODO."), vec!["TBD", "TODO"]);
    }
}
