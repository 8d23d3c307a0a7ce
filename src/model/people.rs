//! People listed in the sign-off section: `Role: Name (@handle), Name (@handle)`,
//! `[Name](@handle)`, `@a @b`, `Role / @handle`, `Name (mail@example.com)`.

use crate::source::Span;
use crate::text::Text;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Person {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handle: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    pub span: Span,
}

/// Words that mark the part before `:` or ` / ` as a role rather than a name.
const ROLE_WORDS: &[&str] = &[
    "qe",
    "lead",
    "manager",
    "architect",
    "pm",
    "developer",
    "dev",
    "representative",
    "member",
    "members",
    "owner",
    "principal",
    "product",
    "engineer",
    "engineering",
    "sig",
    "reviewer",
    "approver",
    "development",
    "ux",
    "docs",
    "documentation",
    "team",
    "management",
];

fn looks_like_role(s: &str) -> bool {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .any(|w| ROLE_WORDS.contains(&w.to_lowercase().as_str()) || w.starts_with("sig"))
}

/// Reads the people named on one line of the Reviewers/Approvers list.
pub fn parse_people(line: &Text) -> Vec<Person> {
    let text = &line.text;
    let mut found: Vec<(Person, std::ops::Range<usize>)> = Vec::new();
    if let Some((names_end, role)) = names_then_role(text) {
        for (start, end) in split_top_level(text, 0, names_end, true) {
            parse_part(line, start, end, Some(role), &mut found);
        }
    } else {
        let (role, rest_start) = split_role(text);
        for (start, end) in split_top_level(text, rest_start, text.len(), false) {
            parse_part(line, start, end, role.as_deref(), &mut found);
        }
    }
    // `[Name](@handle)`: the handle is the link target, which plain text does not show.
    for (person, range) in &mut found {
        if person.handle.is_some() {
            continue;
        }
        let target = line
            .links
            .iter()
            .find(|l| l.text_range.start >= range.start && l.text_range.end <= range.end);
        if let Some(link) = target {
            let url = link.url.trim();
            if let Some(mail) = url.strip_prefix("mailto:") {
                person.email.get_or_insert_with(|| mail.to_string());
            } else if url.contains('@') && url.contains('.') && !url.starts_with('@') {
                person.email.get_or_insert_with(|| url.to_string());
            } else if let Some(handle) = url.strip_prefix('@') {
                person.handle = Some(handle.to_string());
            } else if let Some(handle) = url.strip_prefix("https://github.com/") {
                person.handle = Some(handle.trim_end_matches('/').to_string());
            }
        }
    }
    found.into_iter().map(|(p, _)| p).collect()
}

/// `Orel Misan: Main feature developer`, `A / B / C: QE team colleagues`: names before the
/// colon and a role after it (role words after it, none before it). Returns where the names
/// end and the role.
fn names_then_role(text: &str) -> Option<(usize, &str)> {
    let colon = text.find(':')?;
    let (names, role) = (&text[..colon], text[colon + 1..].trim());
    (!names.trim().is_empty()
        && !names.contains('[')
        && !role.contains('@')
        && looks_like_role(role)
        && !looks_like_role(names))
    .then_some((colon, role))
}

fn split_role(text: &str) -> (Option<String>, usize) {
    if let Some(colon) = text.find(':') {
        let before = &text[..colon];
        if !before.contains('@') && !before.contains('[') && before.split_whitespace().count() <= 6
        {
            return (Some(before.trim().to_string()), colon + 1);
        }
    }
    if let Some(slash) = text.find(" / ") {
        let before = &text[..slash];
        if looks_like_role(before) && !before.contains('@') {
            return (Some(before.trim().to_string()), slash + 3);
        }
    }
    (None, 0)
}

/// Splits `text[from..to]` at commas, semicolons and ` and ` outside brackets (and at
/// ` / ` with `slash`).
fn split_top_level(text: &str, from: usize, to: usize, slash: bool) -> Vec<(usize, usize)> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut start = from;
    let bytes = &text.as_bytes()[..to];
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth -= 1,
            b',' | b';' if depth <= 0 => {
                parts.push((start, i));
                start = i + 1;
            }
            b' ' if depth <= 0 && text[i..to].starts_with(" and ") => {
                parts.push((start, i));
                start = i + 5;
                i += 4;
            }
            b' ' if slash && depth <= 0 && text[i..to].starts_with(" / ") => {
                parts.push((start, i));
                start = i + 3;
                i += 2;
            }
            _ => {}
        }
        i += 1;
    }
    parts.push((start, to));
    parts.retain(|(s, e)| !text[*s..*e].trim().is_empty());
    parts
}

fn clean(token: &str) -> &str {
    token.trim_matches(|c: char| matches!(c, '[' | ']' | '(' | ')' | ',' | '/' | '<' | '>' | '.'))
}

/// One comma-separated part: name words end at a handle or e-mail; handles with no name
/// before them are people of their own (`@a @b`).
fn parse_part(
    line: &Text,
    start: usize,
    end: usize,
    role: Option<&str>,
    out: &mut Vec<(Person, std::ops::Range<usize>)>,
) {
    let part = &line.text[start..end];
    let mut name: Option<(usize, usize)> = None;
    let push = |name: Option<(usize, usize)>,
                handle: Option<(usize, usize)>,
                email: Option<(usize, usize)>,
                out: &mut Vec<(Person, std::ops::Range<usize>)>| {
        let ends = [name, handle, email];
        let lo = ends.iter().flatten().map(|r| r.0).min().unwrap_or(0);
        let hi = ends
            .iter()
            .flatten()
            .map(|r| r.1)
            .max()
            .unwrap_or(part.len());
        let get = |r: Option<(usize, usize)>| r.map(|(s, e)| clean(&part[s..e]).to_string());
        out.push((
            Person {
                role: role.map(str::to_string),
                name: get(name).filter(|n| !n.is_empty()),
                handle: get(handle).map(|h| h.trim_start_matches('@').to_string()),
                email: get(email),
                span: line.source_span(start + lo..start + hi),
            },
            start + lo..start + hi,
        ));
    };
    let mut pos = 0;
    let bytes = part.as_bytes();
    while pos < bytes.len() {
        if bytes[pos].is_ascii_whitespace() {
            pos += 1;
            continue;
        }
        let s = pos;
        while pos < bytes.len() && !bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let token = clean(&part[s..pos]);
        if token.is_empty() || matches!(token, "-" | "—" | "–") {
            continue;
        }
        if token.starts_with('@') {
            push(name.take(), Some((s, pos)), None, out);
        } else if token.contains('@') && token.contains('.') {
            match out.last_mut() {
                // `Name (@handle, mail@x)`: the e-mail belongs to the person just read.
                Some((p, r)) if name.is_none() && p.email.is_none() && r.start >= start => {
                    p.email = Some(token.to_string());
                }
                _ => push(name.take(), None, Some((s, pos)), out),
            }
        } else {
            name = Some(name.map_or((s, pos), |(ns, _)| (ns, pos)));
        }
    }
    if name.is_some() {
        push(name, None, None, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::{parse, Block};

    fn people(src: &str) -> Vec<Person> {
        let doc = parse(src);
        let Block::Paragraph(p) = &doc.blocks[0] else {
            panic!()
        };
        parse_people(&Text::from_inlines(&p.content))
    }

    fn names(p: &[Person]) -> Vec<(Option<&str>, Option<&str>)> {
        p.iter()
            .map(|p| (p.name.as_deref(), p.handle.as_deref()))
            .collect()
    }

    #[test]
    fn role_then_names_with_handles() {
        let p = people("QE Members (OCP-V): Jenia Peimer (@jpeimer), Kate Shvaika (@kshvaika)");
        assert_eq!(
            names(&p),
            vec![
                (Some("Jenia Peimer"), Some("jpeimer")),
                (Some("Kate Shvaika"), Some("kshvaika"))
            ]
        );
        assert_eq!(p[0].role.as_deref(), Some("QE Members (OCP-V)"));
    }

    #[test]
    fn bare_handles_are_separate_people() {
        let p = people("sig-iuo representative / @orenc1 @hmeir @OhadRevah");
        assert_eq!(p.len(), 3);
        assert_eq!(p[0].role.as_deref(), Some("sig-iuo representative"));
        let p = people("Product Manager / Ronen Sde-Or @ronensdeor");
        assert_eq!(names(&p), vec![(Some("Ronen Sde-Or"), Some("ronensdeor"))]);
    }

    #[test]
    fn names_then_role() {
        let p = people("Orel Misan: Main feature developer (OpenShift Virtualization network)");
        assert_eq!(names(&p), vec![(Some("Orel Misan"), None)]);
        assert_eq!(
            p[0].role.as_deref(),
            Some("Main feature developer (OpenShift Virtualization network)")
        );
        let p = people("Anat Wax / Asia Zhivov Khromov / Sergei Volkov: QE team colleagues");
        assert_eq!(
            names(&p),
            vec![
                (Some("Anat Wax"), None),
                (Some("Asia Zhivov Khromov"), None),
                (Some("Sergei Volkov"), None)
            ]
        );
        assert_eq!(p[2].role.as_deref(), Some("QE team colleagues"));
        // A role before the colon keeps the role-then-names reading.
        let p = people("QE Lead: Ruth Netser");
        assert_eq!(names(&p), vec![(Some("Ruth Netser"), None)]);
        assert_eq!(p[0].role.as_deref(), Some("QE Lead"));
    }

    #[test]
    fn names_without_handles_and_emails() {
        let p = people("Product Manager/Owner: Ronen Sde-Or, Petr Horacek");
        assert_eq!(p.len(), 2);
        let p = people(
            "Product Manager/Owner: Ronen Sde-Or (ronen@redhat.com), Petr Horacek (@phoracek)",
        );
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].email.as_deref(), Some("ronen@redhat.com"));
        assert_eq!(p[1].handle.as_deref(), Some("phoracek"));
    }
}
