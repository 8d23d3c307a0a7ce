//! The outline of an STP: which heading (or bold pseudo-heading) opens which template section.
//!
//! Real STPs number, bold and word their headings differently (`#### **5. Risks**`,
//! `### Risks`, `II.5 Risks and Mitigations`); headings are matched by normalised meaning.

use crate::markdown::{Block, Inline, InlineKind};
use crate::source::Span;
use crate::text::Text;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    Metadata,
    Conventions,
    Overview,
    PartOne,
    Requirements,
    KnownLimitations,
    DesignReview,
    PartTwo,
    Scope,
    Goals,
    RegressionGoals,
    OutOfScope,
    TestLimitations,
    Strategy,
    Environment,
    Tools,
    EntryCriteria,
    Risks,
    Scenarios,
    SignOff,
}

impl SectionKind {
    /// The section's name as reviewers refer to it (template numbering).
    pub fn display(self) -> &'static str {
        match self {
            SectionKind::Metadata => "Metadata & Tracking",
            SectionKind::Conventions => "Document Conventions",
            SectionKind::Overview => "Feature Overview",
            SectionKind::PartOne => "I. Motivation and Requirements Review",
            SectionKind::Requirements => "I.1 Requirement & User Story Review",
            SectionKind::KnownLimitations => "I.2 Known Limitations",
            SectionKind::DesignReview => "I.3 Technology and Design Review",
            SectionKind::PartTwo => "II. Software Test Plan",
            SectionKind::Scope => "II.1 Scope of Testing",
            SectionKind::Goals => "II.1 Testing Goals",
            SectionKind::RegressionGoals => "II.1 Regression Goals",
            SectionKind::OutOfScope => "II.1 Out of Scope",
            SectionKind::TestLimitations => "II.1 Test Limitations",
            SectionKind::Strategy => "II.2 Test Strategy",
            SectionKind::Environment => "II.3 Test Environment",
            SectionKind::Tools => "II.3.1 Testing Tools & Frameworks",
            SectionKind::EntryCriteria => "II.4 Entry Criteria",
            SectionKind::Risks => "II.5 Risks",
            SectionKind::Scenarios => "III. Test Scenarios & Traceability",
            SectionKind::SignOff => "IV. Sign-off and Approval",
        }
    }

    /// Kinds that may be written as a bold paragraph instead of a heading.
    fn allowed_as_pseudo_heading(self) -> bool {
        matches!(
            self,
            SectionKind::Conventions
                | SectionKind::Goals
                | SectionKind::RegressionGoals
                | SectionKind::OutOfScope
                | SectionKind::TestLimitations
        )
    }
}

/// Lowercases, drops emphasis, numbering (`II.3.1`, `5.`), parenthesised asides and
/// punctuation, and spells `&` as `and`.
pub fn normalize_heading(raw: &str) -> String {
    let mut s = String::with_capacity(raw.len());
    let mut depth = 0usize;
    for c in raw.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            '&' => s.push_str(" and "),
            '*' | '_' | '`' | ':' | '#' => s.push(' '),
            '-' | '—' | '–' | '/' => s.push(' '),
            c if c.is_ascii() => s.push(c.to_ascii_lowercase()),
            c => s.extend(c.to_lowercase()),
        }
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace().skip_while(|w| is_numbering(w)) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// `5.`, `3.1.`, `II.3`, `III`, `iv)`: section numbers the template and real plans use.
fn is_numbering(word: &str) -> bool {
    const ROMAN: [&str; 6] = ["i", "ii", "iii", "iv", "v", "vi"];
    let w = word.trim_end_matches(['.', ')']);
    !w.is_empty()
        && w.split('.').all(|part| {
            !part.is_empty() && (part.chars().all(|c| c.is_ascii_digit()) || ROMAN.contains(&part))
        })
}

/// The section a heading's title names ([`classify`] of [`normalize_heading`]), remembered
/// on this thread (see [`super::Remembered`]): plans repeat the template's headings, and the
/// title is read at every one of them.
pub fn classify_title(title: &str) -> Option<SectionKind> {
    thread_local! {
        static KINDS: super::Remembered<Option<SectionKind>> = super::Remembered::default();
    }
    KINDS.with(|kinds| kinds.get_or(title, |t| classify(&normalize_heading(t))))
}

/// Classifies a normalised heading.
pub fn classify(normalized: &str) -> Option<SectionKind> {
    let h = normalized;
    let has = |w: &str| super::contains_short(h, w);
    let kind = if has("metadata") {
        SectionKind::Metadata
    } else if has("document conventions") || h == "conventions" {
        SectionKind::Conventions
    } else if has("feature overview") || h == "overview" {
        SectionKind::Overview
    } else if h.starts_with("risk") {
        SectionKind::Risks
    } else if has("motivation") {
        SectionKind::PartOne
    } else if has("requirement") && (has("checklist") || has("user story") || has("review")) {
        SectionKind::Requirements
    } else if has("test limitation") || has("testing limitation") {
        SectionKind::TestLimitations
    } else if has("limitation") {
        SectionKind::KnownLimitations
    } else if (has("technology") && has("design")) || has("design review") {
        SectionKind::DesignReview
    } else if has("software test plan") {
        SectionKind::PartTwo
    } else if has("scope of testing") || h == "scope" || h == "test scope" {
        SectionKind::Scope
    } else if has("non-goal") || has("non goal") || has("scope exclusion") {
        // An older template called Out of Scope "Non-Goals (Testing Scope Exclusions)".
        SectionKind::OutOfScope
    } else if has("regression goal") {
        SectionKind::RegressionGoals
    } else if has("testing goal") || has("test goal") || h == "goals" {
        SectionKind::Goals
    } else if has("out of scope") {
        SectionKind::OutOfScope
    } else if has("strategy") {
        SectionKind::Strategy
    } else if has("tools") || has("framework") {
        SectionKind::Tools
    } else if has("environment") && !has("needs") {
        SectionKind::Environment
    } else if has("entry criteria") {
        SectionKind::EntryCriteria
    } else if has("risk assessment") {
        SectionKind::Risks
    } else if has("traceability") || has("scenarios") {
        SectionKind::Scenarios
    } else if has("sign off") || has("signoff") || has("approval") {
        SectionKind::SignOff
    } else {
        return None;
    };
    Some(kind)
}

/// A heading or pseudo-heading, with what it opens.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub kind: SectionKind,
    /// The heading text as written (emphasis removed).
    pub title: String,
    /// The heading line (or the bold pseudo-heading).
    pub span: Span,
    /// 1-6 for headings; 0 for a bold paragraph used as a heading.
    pub level: u8,
    /// For a heading written without the space after its `#`s (`####**2. Test Strategy**`),
    /// which Markdown renders as a paragraph: the `#`s.
    #[serde(skip)]
    pub unspaced_hashes: Option<Span>,
    /// The section's content, from after the heading to where the next section starts.
    pub body: Span,
    #[serde(skip)]
    pub blocks: std::ops::Range<usize>,
}

/// A marker in the flow of top-level blocks: a heading, or a paragraph that opens with bold
/// text naming a sub-part (`**Testing Goals**`).
struct Marker {
    index: usize,
    level: u8,
    kind: Option<SectionKind>,
    title: String,
    span: Span,
    unspaced_hashes: Option<Span>,
}

pub struct Outline {
    pub sections: Vec<Section>,
    /// The heading that names the plan, if any.
    pub title: Option<(Text, Span)>,
}

/// Bold text a paragraph starts with, if it is a pseudo-heading candidate.
pub fn leading_strong<'n, 'a>(content: &'n [Inline<'a>]) -> Option<&'n Inline<'a>> {
    match content.first() {
        Some(
            node @ Inline {
                kind: InlineKind::Strong(_),
                ..
            },
        ) => Some(node),
        _ => None,
    }
}

/// Cheap test before classifying a bold paragraph: the sub-parts written as bold text are
/// short and start with one of a few words (Testing/Test/Regression/Out/Document/Goals/...).
fn may_name_part(strong: &Inline) -> bool {
    let InlineKind::Strong(content) = &strong.kind else {
        return false;
    };
    let Some(Inline {
        kind: InlineKind::Text(first),
        ..
    }) = content.first()
    else {
        return false;
    };
    let word = first
        .trim_start()
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    strong.span.len() <= 80
        && matches!(
            word.as_str(),
            "testing"
                | "test"
                | "tests"
                | "regression"
                | "out"
                | "document"
                | "goals"
                | "conventions"
                | "scope"
        )
}

pub fn outline(blocks: &[Block], text_len: usize) -> Outline {
    let mut markers = Vec::new();
    for (index, block) in blocks.iter().enumerate() {
        match block {
            Block::Heading(h) => {
                let title = Text::from_inlines(&h.content).text;
                let lower = title.to_lowercase();
                // "# Software Test plan" above the metadata names the document, not part II.
                let names_document = h.level <= 2
                    && !markers.iter().any(|m: &Marker| m.kind.is_some())
                    && (lower.contains("test plan") || lower.contains("quality engineering plan"));
                let kind = if names_document {
                    None
                } else {
                    classify_title(&title)
                };
                markers.push(Marker {
                    index,
                    level: h.level,
                    kind,
                    title,
                    span: h.span,
                    unspaced_hashes: None,
                });
            }
            Block::Paragraph(p) => {
                if let Some(marker) = unspaced_heading(index, p) {
                    markers.push(marker);
                } else if let Some(strong) = leading_strong(&p.content).filter(|s| may_name_part(s))
                {
                    let title = Text::from_inlines(std::slice::from_ref(strong)).text;
                    let kind = classify_title(&title).filter(|k| k.allowed_as_pseudo_heading());
                    if kind.is_some() {
                        markers.push(Marker {
                            index,
                            level: 0,
                            kind,
                            title,
                            span: strong.span,
                            unspaced_hashes: None,
                        });
                    }
                }
            }
            _ => {}
        }
    }

    let first_known = markers.iter().position(|m| m.kind.is_some());
    let title = pick_title(blocks, &markers[..first_known.unwrap_or(markers.len())]);

    let mut sections = Vec::new();
    for (i, marker) in markers.iter().enumerate() {
        let Some(kind) = marker.kind else { continue };
        let end_marker = markers[i + 1..].iter().find(|next| {
            if marker.level == 0 {
                next.level > 0 || next.kind.is_some()
            } else {
                (next.level > 0 && next.level <= marker.level) || next.kind.is_some()
            }
        });
        let end_index = end_marker.map(|m| m.index).unwrap_or(blocks.len());
        let body_start = marker.span.end;
        let body_end = end_marker.map(|m| m.span.start).unwrap_or(text_len);
        sections.push(Section {
            kind,
            title: marker.title.trim().to_string(),
            span: marker.span,
            level: marker.level,
            unspaced_hashes: marker.unspaced_hashes,
            body: Span::new(body_start, body_end.max(body_start)),
            blocks: if marker.level == 0 {
                marker.index..end_index
            } else {
                marker.index + 1..end_index
            },
        });
    }
    Outline { sections, title }
}

/// Whether a block is a heading (or an [`unspaced_heading`]) that names a template section.
pub fn is_section_heading(block: &Block) -> bool {
    match block {
        Block::Heading(h) => classify_title(&Text::from_inlines(&h.content).text).is_some(),
        Block::Paragraph(p) => unspaced_heading(0, p).is_some(),
        _ => false,
    }
}

/// A one-line paragraph that is a heading but for the space after its `#`s
/// (`####**2. Test Strategy**`) and names a template section: read as the heading it was
/// meant to be, so the sections around it keep their bounds.
fn unspaced_heading(index: usize, p: &crate::markdown::Paragraph) -> Option<Marker> {
    let first = p.content.first()?;
    let InlineKind::Text(lead) = &first.kind else {
        return None;
    };
    let hashes = lead.len() - lead.trim_start_matches('#').len();
    if hashes == 0 {
        return None;
    }
    let one_line = !p
        .content
        .iter()
        .any(|n| matches!(n.kind, InlineKind::SoftBreak | InlineKind::HardBreak));
    let after = lead[hashes..]
        .chars()
        .next()
        .or_else(|| p.content.get(1).map(|_| '*'));
    if !(1..=6).contains(&hashes)
        || !first.verbatim
        || !one_line
        || after.is_none_or(char::is_whitespace)
    {
        return None;
    }
    let written = Text::from_inlines(&p.content).text;
    let title = written.strip_prefix(&lead[..hashes])?.to_string();
    let kind = classify_title(&title)?;
    Some(Marker {
        index,
        level: hashes as u8,
        kind: Some(kind),
        title,
        span: p.span,
        unspaced_hashes: Some(Span::new(first.span.start, first.span.start + hashes)),
    })
}

fn pick_title(blocks: &[Block], before_first_section: &[Marker]) -> Option<(Text, Span)> {
    let headings: Vec<&Marker> = before_first_section
        .iter()
        .filter(|m| m.level > 0)
        .collect();
    let lower = |m: &&Marker| m.title.to_lowercase();
    let chosen = headings
        .iter()
        .find(|m| lower(m).contains("quality engineering plan"))
        .or_else(|| headings.iter().find(|m| lower(m).contains("test plan")))
        .or_else(|| headings.first())?;
    match &blocks[chosen.index] {
        Block::Heading(h) => Some((Text::from_inlines(&h.content), h.span)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(raw: &str) -> Option<SectionKind> {
        classify(&normalize_heading(raw))
    }

    #[test]
    fn remembered_titles_are_classified_as_read() {
        for title in [
            "**5. Risks**",
            "II.5 Risks and Mitigations",
            "Known Limitations",
            "Something else entirely",
        ] {
            // The first call reads the title, the second recalls it.
            assert_eq!(classify_title(title), kind(title), "{title}");
            assert_eq!(classify_title(title), kind(title), "{title}");
        }
        // A title too long to be kept is read each time, alike.
        let long = format!("Risks {}", "and more words ".repeat(20));
        assert_eq!(classify_title(&long), Some(SectionKind::Risks));
    }

    #[test]
    fn headings_match_by_meaning() {
        assert_eq!(kind("**5. Risks**"), Some(SectionKind::Risks));
        assert_eq!(kind("II.5 Risks and Mitigations"), Some(SectionKind::Risks));
        assert_eq!(
            kind("**3.1. Testing Tools & Frameworks**"),
            Some(SectionKind::Tools)
        );
        assert_eq!(
            kind("**3. Test Environment**"),
            Some(SectionKind::Environment)
        );
        assert_eq!(
            kind("**I. Motivation and Requirements Review (QE Review Guidelines)**"),
            Some(SectionKind::PartOne)
        );
        assert_eq!(
            kind("**1. Requirement & User Story Review Checklist**"),
            Some(SectionKind::Requirements)
        );
        assert_eq!(
            kind("**6. Known Limitations**"),
            Some(SectionKind::KnownLimitations)
        );
        assert_eq!(
            kind("**2. Technology and Design Review**"),
            Some(SectionKind::DesignReview)
        );
        assert_eq!(kind("Test Limitations"), Some(SectionKind::TestLimitations));
        assert_eq!(
            kind("Out of Scope (Testing Scope Exclusions)"),
            Some(SectionKind::OutOfScope)
        );
        assert_eq!(
            kind("**IV. Sign-off and Approval**"),
            Some(SectionKind::SignOff)
        );
        assert_eq!(
            kind("**III. Test Scenarios & Traceability**"),
            Some(SectionKind::Scenarios)
        );
        assert_eq!(kind("sig-iuo — New Functional Tests"), None);
        assert_eq!(kind("Openshift-virtualization-tests Test plan"), None);
        assert_eq!(kind("Test Environment Needs"), None);
        assert_eq!(kind("Risks and Limitations"), Some(SectionKind::Risks));
        assert_eq!(kind("Risk Mitigation Strategy"), Some(SectionKind::Risks));
        assert_eq!(kind("Testing Scenarios"), Some(SectionKind::Scenarios));
        assert_eq!(kind("III Test Scenarios"), Some(SectionKind::Scenarios));
    }
}
