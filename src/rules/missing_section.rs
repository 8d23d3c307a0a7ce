use crate::diagnostic::Finding;
use crate::model::{DocKind, SectionKind};
use crate::rules::Context;
use crate::source::Span;

declare_rule! {
    /// A section the template requires is missing.
    ///
    /// The current template has, in order: Metadata & Tracking, Feature Overview (parent
    /// STPs only), I.1 Requirement & User Story Review, I.2 Known Limitations, I.3 Technology
    /// and Design Review, II.1 Scope of Testing with Testing Goals, Out of Scope and Test
    /// Limitations, II.2 Test Strategy, II.3 Test Environment, II.3.1 Testing Tools &
    /// Frameworks, II.4 Entry Criteria, II.5 Risks, III Test Scenarios & Traceability and
    /// IV Sign-off and Approval.
    ///
    /// A section that lists things (limitations, exclusions, tools, risks) and has none stays
    /// in the plan and says so ("None — ..."): an absent section cannot be told apart from one
    /// nobody reviewed.
    ///
    /// Merged STPs written with the older table template are checked against that template
    /// (it had no Test Limitations and put Known Limitations under section II) unless
    /// `--strict-layout` is given.
    ///
    /// The diagnostic points at the section the missing one should precede.
    code: "STP002",
    name: "missing-section",
    spec: ["DOC-2"],
    severity: High,
    fixable: false,
    check: check,
}

/// The template's sections, in order.
pub const TEMPLATE_ORDER: [SectionKind; 16] = [
    SectionKind::Metadata,
    SectionKind::Overview,
    SectionKind::Requirements,
    SectionKind::KnownLimitations,
    SectionKind::DesignReview,
    SectionKind::Scope,
    SectionKind::Goals,
    SectionKind::OutOfScope,
    SectionKind::TestLimitations,
    SectionKind::Strategy,
    SectionKind::Environment,
    SectionKind::Tools,
    SectionKind::EntryCriteria,
    SectionKind::Risks,
    SectionKind::Scenarios,
    SectionKind::SignOff,
];

/// The sections a file is held to.
pub fn required(ctx: &Context) -> Vec<SectionKind> {
    TEMPLATE_ORDER
        .iter()
        .copied()
        .filter(|k| match k {
            SectionKind::Overview => ctx.stp.kind != DocKind::Child,
            SectionKind::TestLimitations => ctx.current_layout(),
            _ => true,
        })
        .collect()
}

fn check(ctx: &Context) -> Vec<Finding> {
    let stp = ctx.stp;
    let required = required(ctx);
    let mut out = Vec::new();
    for (i, kind) in required.iter().enumerate() {
        if stp.has_section(*kind) {
            continue;
        }
        let next = required[i + 1..].iter().find_map(|k| stp.section(*k));
        // The next section may open a part the missing one is not in ("I. Motivation ..."
        // above "I.1"): the missing section goes before that part's heading.
        let next = next.map(|s| {
            part_of(s.kind)
                .filter(|part| part_of(*kind) != Some(*part))
                .and_then(|part| stp.section(part))
                .filter(|heading| heading.span.start <= s.span.start)
                .unwrap_or(s)
        });
        let (span, place) = match next {
            Some(s) => (s.span, format!(" before '{}'", s.kind.display())),
            None => {
                let end = ctx.text().trim_end().len();
                let line = ctx.source.lines.line_of(end);
                (
                    ctx.source.lines.line_span(ctx.text(), line),
                    " at the end".to_string(),
                )
            }
        };
        let span = if span.is_empty() {
            Span::new(span.start, span.start)
        } else {
            span
        };
        // Sections that list things (limitations, exclusions, risks) may hold none; the
        // others always have content to write.
        let may_hold_none = matches!(
            kind,
            SectionKind::KnownLimitations
                | SectionKind::OutOfScope
                | SectionKind::TestLimitations
                | SectionKind::Tools
                | SectionKind::Risks
        );
        let help = if may_hold_none {
            format!(
                "add it{place}; if nothing applies, keep the section and say so (\"None — ...\")"
            )
        } else {
            format!("add it{place}")
        };
        out.push(Finding::new(span, format!("missing section '{}'", kind.display())).help(help));
    }
    out
}

/// The numbered part a section belongs to (`I.` or `II.`), if any.
fn part_of(kind: SectionKind) -> Option<SectionKind> {
    use SectionKind::*;
    match kind {
        Requirements | KnownLimitations | DesignReview => Some(PartOne),
        Scope | Goals | RegressionGoals | OutOfScope | TestLimitations | Strategy | Environment
        | Tools | EntryCriteria | Risks => Some(PartTwo),
        _ => None,
    }
}
