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

/// Every Jira key in a text, with its range.
pub fn jira_keys(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    regex!(r"\b[A-Z][A-Z0-9]+-[0-9]+\b")
        .find_iter(text)
        .map(|m| m.range())
}

/// A date as sign-offs write them: `2026-04-19`, `16-06-2026`, `1.5.2026`, `04/2026`,
/// `12/05/2026`, `Apr 22, 2026`, `May 26 2026`, `20 May 2026`, `May 2026`.
pub fn find_date(text: &str) -> Option<Range<usize>> {
    let numeric = regex!(
        r"\b(?:20\d{2}-\d{1,2}-\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]20\d{2}|\d{1,2}/20\d{2}|20\d{2}/\d{1,2}(?:/\d{1,2})?)\b"
    );
    let named = regex!(
        r"(?i)\b(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?20\d{2}\b"
    );
    numeric
        .find(text)
        .or_else(|| named.find(text))
        .map(|m| m.range())
}

/// What a sign-off value holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignOffParts {
    pub name: bool,
    pub date: bool,
}

/// Reads a sign-off or agreement value: a person (a name, a `@handle` or an e-mail) and a
/// date. Placeholders (`[Name/Date]`, `TBD`) count as neither.
pub fn sign_off_parts(text: &Text) -> SignOffParts {
    let mut rest = text.text.clone();
    for p in find_placeholders(text).into_iter().rev() {
        rest.replace_range(p.range, " ");
    }
    let date = find_date(&rest);
    if let Some(d) = date.clone() {
        rest.replace_range(d, " ");
    }
    let handle_or_mail =
        regex!(r"@[A-Za-z0-9][A-Za-z0-9-]*|[\w.+-]+@[\w-]+\.[\w.]+").is_match(&rest);
    let words = regex!(r"\p{L}[\p{L}'’.-]+").find_iter(&rest).any(|m| {
        let w = m.as_str().to_lowercase();
        !matches!(
            w.as_str(),
            "name"
                | "names"
                | "date"
                | "tbd"
                | "todo"
                | "none"
                | "n/a"
                | "na"
                | "pending"
                | "signed"
                | "sign-off"
                | "signoff"
                | "approved"
                | "confirms"
                | "awareness"
                | "and"
                | "acceptance"
                | "of"
                | "this"
                | "the"
                | "risk"
                | "limitation"
                | "by"
        )
    });
    SignOffParts {
        name: handle_or_mail || words,
        date: date.is_some(),
    }
}

/// A version number such as `4.22`, `v5.0`, `4.23/5.0`.
pub fn has_version(text: &str) -> bool {
    regex!(r"\b[vV]?\d+\.\d+").is_match(text)
}

/// "N/A", "-", "None", "TBD" or nothing at all: a value that says nothing.
pub fn is_empty_value(text: &str) -> bool {
    let t = text.trim().trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '.' | '-' | '—' | '–' | '*' | '_')
    });
    t.is_empty()
        || matches!(
            t.to_lowercase().as_str(),
            "n/a" | "na" | "none" | "tbd" | "todo" | "not applicable" | "-"
        )
}

/// A user story: "As a(n) <role>, I want/can/need ...", optionally labelled (`UC1:`).
pub fn is_user_story(text: &str) -> bool {
    regex!(r"(?is)^\s*(?:\*\*)?(?:[A-Z]{1,4}\d*\s*:\s*)?(?:\*\*)?\s*as\s+(?:an?|the)\s+[^,]{1,80},?\s+I\s+(?:want|can|need|would like|should|expect|must)\b")
        .is_match(text)
}

/// A risk entry that says there is no risk ("N/A", "None identified", "No risk").
pub fn is_no_risk(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    is_empty_value(&t)
        || t.starts_with("none")
        || t.starts_with("no risk")
        || t.starts_with("n/a")
        || regex!(r"^no\b[^.]{0,80}\b(identified|risks?|expected|known|requirements?|concerns?|constraints?|issues?|gaps?|impact|needed|required)\b").is_match(&t)
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

    fn text(src: &str) -> Text {
        match parse(src).blocks.first() {
            Some(Block::Paragraph(p)) => Text::from_inlines(&p.content),
            _ => Text::default(),
        }
    }

    #[test]
    fn sign_offs_seen_in_real_plans_have_a_name_and_a_date() {
        for value in [
            "Ronen Sde-Or, 04/2026",
            "[Dominik Holler] / 1.5.2026",
            "@handle 2026-04-19",
            "Peter Lauterbach/16-06-2026",
            "Jose Manuel Castano, Apr 22, 2026",
            "Kate Shvaika/2026-05-05",
            "Martin Tessun (@mtessun) / 2026-04-15",
            "Adam Litke, May 26 2026",
            "[x] Ronen Sde-Or 01/2026",
            "[x] phoracek@redhat.com (03/2026)",
            "Ronen Sde-Or (2026-05-13)",
            "Kate Shvaika, Danny Sanatar / 2026-05-05",
            "Emanuele Prella/28-05-2026",
        ] {
            assert_eq!(
                sign_off_parts(&text(value)),
                SignOffParts {
                    name: true,
                    date: true
                },
                "{value}"
            );
        }
    }

    #[test]
    fn placeholder_sign_offs_lack_name_or_date() {
        for (value, name, date) in [
            ("[Name/Date]", false, false),
            ("TBD", false, false),
            ("TODO", false, false),
            ("", false, false),
            ("[Name]", false, false),
            ("Ronen Sde-Or", true, false),
            ("2026-05-01", false, true),
            (
                "[Name/Date — confirms awareness and acceptance of this limitation]",
                false,
                false,
            ),
        ] {
            assert_eq!(
                sign_off_parts(&text(value)),
                SignOffParts { name, date },
                "{value:?}"
            );
        }
    }

    #[test]
    fn user_stories_versions_and_empty_values() {
        assert!(is_user_story("As a cluster admin, I want to add nodes"));
        assert!(is_user_story("**UC1:** As a VM owner, I want snapshots"));
        assert!(is_user_story("As an integration tool, I can define a VM"));
        assert!(!is_user_story("Measure VM stuntime over Linux bridge"));
        assert!(has_version("v4.22") && has_version("4.23/5.0") && !has_version("N/A"));
        assert!(
            is_empty_value(" N/A ") && is_empty_value("-") && !is_empty_value("N/A - not needed")
        );
        assert!(
            is_no_risk("None identified.")
                && is_no_risk("No scheduling or deadline risks identified")
        );
        assert!(!is_no_risk("Main STP is not ready"));
    }

    #[test]
    fn bare_markers() {
        assert_eq!(found("Owner: TBD, later TODO."), vec!["TBD", "TODO"]);
    }
}
