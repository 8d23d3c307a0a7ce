use crate::diagnostic::Finding;
use crate::markdown::inline_runs;
use crate::model::{SectionKind, Stp};
use crate::rules::Context;
use crate::text::Text;

declare_rule! {
    /// A cross-reference points to a section the plan does not have, or to an empty one.
    ///
    /// Plans say "see Section II.3", "(see section 6. Known Limitations)", "see Test
    /// Limitations". Numbered references are resolved against the plan's own numbering (part
    /// I–IV from the part headings, then the heading's own number), so older plans with a
    /// section II.6 resolve too; a reference with a number and a name ("Section 3 - Test
    /// Environment") resolves when either matches. Named references ("see Out of Scope")
    /// resolve by section meaning. A section holds content when it has any text besides
    /// comments.
    ///
    /// Fix: point the reference at the right section, or fill the section.
    code: "STP004",
    name: "cross-reference",
    spec: ["DOC-3"],
    severity: Medium,
    fixable: false,
    check: check,
}

/// `(number, kind)` for every numbered section.
fn numbered(ctx: &Context) -> Vec<(String, SectionKind)> {
    let stp = ctx.stp;
    let mut part = String::new();
    let mut out = Vec::new();
    for s in stp.sections.iter().filter(|s| s.level > 0) {
        let first = s
            .title
            .trim()
            .trim_start_matches(['*', '_', ' '])
            .split_whitespace()
            .next()
            .unwrap_or("");
        let number = first.trim_end_matches(['.', ')', ':']);
        let is_roman = !number.is_empty() && number.chars().all(|c| matches!(c, 'I' | 'V' | 'X'));
        let is_digits = !number.is_empty()
            && number
                .split('.')
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
        if is_roman {
            part = number.to_string();
            out.push((part.clone(), s.kind));
        } else if is_digits {
            let full = if part.is_empty() {
                number.to_string()
            } else {
                format!("{part}.{number}")
            };
            out.push((full, s.kind));
        }
    }
    out
}

fn has_content(ctx: &Context, kind: SectionKind) -> bool {
    let stp: &Stp = ctx.stp;
    let Some(section) = stp.section(kind) else {
        return false;
    };
    // Text outside the comments the model already found.
    let text = ctx.text();
    let mut at = section.body.start;
    let mut has_text = false;
    for c in stp
        .comments
        .iter()
        .filter(|c| section.body.contains(c.span))
    {
        has_text |= text[at..c.span.start].chars().any(char::is_alphanumeric);
        at = c.span.end;
    }
    has_text |= text[at.min(section.body.end)..section.body.end]
        .chars()
        .any(char::is_alphanumeric);
    // Sub-parts that follow (Testing Goals under II.1, the sections of part II) are its content.
    let next = stp
        .sections
        .iter()
        .find(|s| s.span.start >= section.body.end);
    let has_sub_part =
        next.is_some_and(|n| n.level == 0 || (section.level > 0 && n.level > section.level));
    has_text || has_sub_part
}

fn kind_by_name(name: &str) -> Option<SectionKind> {
    let n = name.to_lowercase().replace('-', " ");
    let table = [
        ("out of scope", SectionKind::OutOfScope),
        ("test limitations", SectionKind::TestLimitations),
        ("known limitations", SectionKind::KnownLimitations),
        ("test environment", SectionKind::Environment),
        ("test strategy", SectionKind::Strategy),
        ("testing goals", SectionKind::Goals),
        ("entry criteria", SectionKind::EntryCriteria),
        ("risks", SectionKind::Risks),
        ("test scenarios", SectionKind::Scenarios),
    ];
    table
        .iter()
        .find(|(k, _)| n.starts_with(k))
        .map(|(_, kind)| *kind)
}

/// A numbered reference: "Section II.3", "section 6. Known Limitations", "Section 3 - Test
/// Environment". Returns the range of the whole reference, the number, and the name if any.
fn numbered_refs(text: &str) -> Vec<(std::ops::Range<usize>, String, Option<String>)> {
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = lower[from..].find("section") {
        let start = from + at;
        from = start + 7;
        if start > 0 && lower.as_bytes()[start - 1].is_ascii_alphanumeric() {
            continue;
        }
        let mut i = start + 7;
        if lower[i..].starts_with('s') {
            i += 1;
        }
        let spaces = lower[i..].len() - lower[i..].trim_start().len();
        if spaces == 0 {
            continue;
        }
        i += spaces;
        let number: String = text[i..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.' || matches!(c, 'I' | 'V' | 'X'))
            .collect();
        let number = number.trim_end_matches('.').to_string();
        let valid = !number.is_empty()
            && number.split('.').enumerate().all(|(k, part)| {
                !part.is_empty()
                    && (part.chars().all(|c| c.is_ascii_digit())
                        || (k == 0 && ["I", "II", "III", "IV"].contains(&part)))
            });
        let after_number = i + number.len();
        // "section 4.2 of the VEP", "Section 508": references to other documents.
        let tail = lower[i + number.len()..].trim_start();
        let first_part = number.split('.').next().unwrap_or("");
        if tail.starts_with("of ") || first_part.parse::<u32>().is_ok_and(|n| n > 20) {
            continue;
        }
        if !valid || text[after_number..].starts_with(|c: char| c.is_ascii_alphanumeric()) {
            continue;
        }
        // An optional name after the number: ". Known Limitations", " - Test Environment".
        let rest = text[after_number..].trim_start_matches(|c: char| {
            c == '.' || c == ' ' || c == '-' || c == ':' || c == '–' || c == '—'
        });
        let name: String = rest
            .chars()
            .take_while(|c| {
                c.is_ascii_alphabetic() || *c == ' ' || *c == '-' || *c == '&' || *c == '/'
            })
            .collect();
        let name = name.trim();
        let name = (name.len() >= 3).then(|| name.to_string());
        out.push((start..after_number, number, name));
    }
    out
}

/// A named reference: "see Out of Scope", "see the Test Limitations"; the range covers the name.
fn named_refs(text: &str) -> Vec<(std::ops::Range<usize>, SectionKind)> {
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = lower[from..].find("see ") {
        let start = from + at;
        from = start + 4;
        if start > 0 && lower.as_bytes()[start - 1].is_ascii_alphanumeric() {
            continue;
        }
        let rest = lower[start + 4..].trim_start();
        let rest = rest.strip_prefix("the ").unwrap_or(rest);
        if let Some(kind) = kind_by_name(rest) {
            let name_start = text.len() - rest.len();
            let end = name_start
                + rest
                    .split([',', '.', ')', ';'])
                    .next()
                    .unwrap_or("")
                    .trim_end()
                    .len();
            out.push((name_start..end, kind));
        }
    }
    out
}

/// Pieces of "Section" and "see" in the cases a reference is written in: a paragraph with
/// none of them refers to no section.
static REFERENCE_WORDS: std::sync::LazyLock<crate::prose::Needles> =
    std::sync::LazyLock::new(|| crate::prose::Needles::new(&["ection", "ECTION", "ee ", "EE "]));

fn check(ctx: &Context) -> Vec<Finding> {
    let numbers = numbered(ctx);
    let mut content_of = std::collections::HashMap::new();
    let mut has_content = |kind: SectionKind| {
        *content_of
            .entry(kind)
            .or_insert_with(|| has_content(ctx, kind))
    };
    let mut out = Vec::new();
    // A fast pre-filter before building text: the words a reference needs, found in one
    // search of the whole file rather than one per run of inline Markdown.
    let hits = REFERENCE_WORDS.hits_in(ctx.text());
    inline_runs(&ctx.doc.blocks, &mut |run| {
        let (Some(first), Some(last)) = (run.first(), run.last()) else {
            return;
        };
        if !hits.any_within(first.span.start..last.span.end.max(first.span.start)) {
            return;
        }
        let text = Text::from_inlines(run);
        for (range, number, name) in numbered_refs(&text.text) {
            if text.in_code(&range) {
                continue;
            }
            let by_number = numbers.iter().find(|(n, _)| {
                *n == number
                    || (!number.contains('.')
                        && !is_roman(&number)
                        && n.rsplit('.').next() == Some(number.as_str()))
            });
            let by_name = name.as_deref().and_then(kind_by_name);
            let resolved = by_number.map(|(_, k)| (*k, has_content(*k))).or_else(|| {
                by_name
                    .filter(|k| ctx.stp.has_section(*k))
                    .map(|k| (k, has_content(k)))
            });
            let span = text.source_span(range);
            match resolved {
                None => out.push(
                    Finding::new(
                        span,
                        format!("refers to Section {number}, which this plan does not have"),
                    )
                    .help("point the reference at an existing section"),
                ),
                Some((kind, false)) => out.push(
                    Finding::new(
                        span,
                        format!(
                            "refers to Section {number} ({}), which is empty",
                            kind.display()
                        ),
                    )
                    .help("fill the section, or point the reference elsewhere"),
                ),
                Some(_) => {}
            }
        }
        for (range, kind) in named_refs(&text.text) {
            if text.in_code(&range) || ctx.stp.has_section(kind) {
                continue;
            }
            let written = text.text[range.clone()].to_string();
            out.push(
                Finding::new(
                    text.source_span(range),
                    format!("refers to '{written}', which this plan does not have"),
                )
                .help("point the reference at an existing section"),
            );
        }
    });
    out
}

fn is_roman(s: &str) -> bool {
    s.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
}
