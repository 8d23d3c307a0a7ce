use crate::diagnostic::Finding;
use crate::model::DocKind;
use crate::prose::{id_coverage, sentences, StemIds};
use crate::rules::Context;
use crate::text::Text;

declare_rule! {
    /// A child STP repeats its parent's overview, requirements or acceptance criteria.
    ///
    /// A child plan covers one SIG's share of a feature and points to the parent
    /// (`stp.md` in the same feature directory) for the shared context; copies drift apart
    /// and double the reading. The rule reads the parent beside the child and compares every
    /// sentence of the child's overview, requirement details and acceptance criteria (with at
    /// least 6 content words) with the parent's: when 80% or more of its content words
    /// (stemmed, stop words out) appear in one parent sentence, the sentence is reported as
    /// repeated. Needs the files on disk; silent when the parent cannot be read.
    ///
    /// Blind spots: a paraphrase that changes most words is missed; two short, generic
    /// sentences can coincide.
    ///
    /// Fix: replace the repeated text with a reference to the parent STP and keep only what
    /// is specific to this SIG.
    code: "STP422",
    name: "child-repeats-parent",
    spec: ["MULTI-2"],
    severity: Medium,
    fixable: false,
    check: check,
}

const SAME: f64 = 0.8;
const MIN_STEMS: usize = 6;

fn check(ctx: &Context) -> Vec<Finding> {
    let (DocKind::Child, Some(parent)) = (ctx.stp.kind, &ctx.repo.parent) else {
        return Vec::new();
    };
    // Stems as integer ids of this analysis: comparing a sentence with each parent unit
    // is then a search in sorted integers, with no string copied or compared.
    let mut ids = StemIds::new();
    let parent_units: Vec<Vec<u32>> = parent
        .overview
        .iter()
        .chain(&parent.requirements)
        .chain(&parent.acceptance_criteria)
        .flat_map(|t| sentences(t).map(|r| ids.of(&t[r])).collect::<Vec<_>>())
        .filter(|s| !s.is_empty())
        .collect();
    let stp = ctx.stp;
    let child: Vec<(&str, &Text)> = stp
        .overview
        .iter()
        .map(|t| ("overview", t))
        .chain(
            stp.requirements
                .iter()
                .filter(|i| i.states_requirements())
                .flat_map(|i| i.texts())
                .map(|t| ("requirements", t)),
        )
        .chain(
            stp.acceptance_criteria
                .iter()
                .map(|t| ("acceptance criteria", t)),
        )
        .collect();
    let mut out = Vec::new();
    for (part, text) in child {
        for range in sentences(&text.text) {
            let stems = ids.of(&text.text[range.clone()]);
            if stems.len() < MIN_STEMS {
                continue;
            }
            let best = parent_units
                .iter()
                .map(|p| id_coverage(&stems, p))
                .fold(0.0, f64::max);
            if best >= SAME {
                out.push(
                    Finding::new(
                        text.source_span(range),
                        format!(
                            "this {part} sentence repeats the parent STP ({:.0}% of its words)",
                            best * 100.0
                        ),
                    )
                    .help("refer to the parent STP instead, and keep what is specific to this SIG"),
                );
            }
        }
    }
    out
}
