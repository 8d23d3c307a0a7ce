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

/// `(number, kind, has content)` for every numbered section.
fn numbered(ctx: &Context) -> Vec<(String, SectionKind, bool)> {
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
        let content = has_content(ctx, s.kind);
        if is_roman {
            part = number.to_string();
            out.push((part.clone(), s.kind, content));
        } else if is_digits {
            let full = if part.is_empty() {
                number.to_string()
            } else {
                format!("{part}.{number}")
            };
            out.push((full, s.kind, content));
        }
    }
    out
}

fn has_content(ctx: &Context, kind: SectionKind) -> bool {
    let stp: &Stp = ctx.stp;
    let Some(section) = stp.section(kind) else {
        return false;
    };
    let body = &ctx.text()[section.body.range()];
    let mut rest = body.to_string();
    while let (Some(open), Some(close)) = (rest.find("<!--"), rest.find("-->")) {
        if close < open {
            break;
        }
        rest.replace_range(open..close + 3, "");
    }
    // Sub-parts that follow (Testing Goals under II.1, the sections of part II) are its content.
    let next = stp
        .sections
        .iter()
        .find(|s| s.span.start >= section.body.end);
    let has_sub_part =
        next.is_some_and(|n| n.level == 0 || (section.level > 0 && n.level > section.level));
    rest.chars().any(|c| c.is_alphanumeric()) || has_sub_part
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

fn check(ctx: &Context) -> Vec<Finding> {
    let numbers = numbered(ctx);
    let numbered_re = regex!(
        r"(?i)\bsections?\s+((?:IV|I{1,3})(?:\.\d+)*|\d+(?:\.\d+)*)\.?(?:\s*[-–—:]?\s*([A-Za-z][A-Za-z &/-]{2,40}))?"
    );
    let named_re = regex!(
        r"(?i)\bsee\s+(?:the\s+)?(out[- ]of[- ]scope|test limitations|known limitations|test environment|test strategy|testing goals|entry criteria|risks)\b"
    );
    let mut out = Vec::new();
    inline_runs(&ctx.doc.blocks, &mut |run| {
        let (Some(first), Some(last)) = (run.first(), run.last()) else {
            return;
        };
        let raw = &ctx.text()[first.span.start..last.span.end.max(first.span.start)];
        if !raw.to_lowercase().contains("section") && !raw.to_lowercase().contains("see ") {
            return;
        }
        let text = Text::from_inlines(run);
        for c in numbered_re.captures_iter(&text.text) {
            let whole = c.get(0).expect("match");
            if text.in_code(&whole.range()) {
                continue;
            }
            let number = c[1].to_uppercase();
            let by_number = numbers.iter().find(|(n, _, _)| {
                *n == number
                    || n.rsplit('.').next() == Some(number.as_str())
                        && !number.contains('.')
                        && !is_roman(&number)
            });
            let by_name = c.get(2).and_then(|m| kind_by_name(m.as_str()));
            let resolved = by_number.map(|(_, k, content)| (*k, *content)).or_else(|| {
                by_name
                    .filter(|k| ctx.stp.has_section(*k))
                    .map(|k| (k, has_content(ctx, k)))
            });
            let span = text.source_span(whole.range());
            match resolved {
                None => out.push(
                    Finding::new(
                        span,
                        format!("refers to Section {}, which this plan does not have", &c[1]),
                    )
                    .help("point the reference at an existing section"),
                ),
                Some((kind, false)) => out.push(
                    Finding::new(
                        span,
                        format!(
                            "refers to Section {} ({}), which is empty",
                            &c[1],
                            kind.display()
                        ),
                    )
                    .help("fill the section, or point the reference elsewhere"),
                ),
                Some(_) => {}
            }
        }
        for c in named_re.captures_iter(&text.text) {
            let whole = c.get(0).expect("match");
            let Some(kind) = kind_by_name(&c[1]) else {
                continue;
            };
            if text.in_code(&whole.range()) || ctx.stp.has_section(kind) {
                continue;
            }
            out.push(
                Finding::new(
                    text.source_span(whole.range()),
                    format!("refers to '{}', which this plan does not have", &c[1]),
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
