use crate::diagnostic::Finding;
use crate::prose::{has_any, word_count};
use crate::recognise::find_placeholders;
use crate::rules::Context;

declare_rule! {
    /// Developer Handoff / QE Kickoff records only that a meeting took place.
    ///
    /// The item is there to capture what QE learned from development: design decisions,
    /// risky areas, what to test first. The rule fires when the item's details are short
    /// (fewer than 12 words) and say only that the handoff happened ("meeting conducted",
    /// "kickoff held", "done", "completed", "yes"), or are shorter than 5 words.
    ///
    /// Blind spots: a long text without takeaways passes; a terse but real takeaway under 5
    /// words is flagged.
    ///
    /// Fix: list the takeaways, e.g. "Dev walked through the restore flow; the riskiest part
    /// is concurrent restores, covered by scenario 4".
    code: "STP222",
    name: "handoff-takeaways",
    spec: ["TDR-2"],
    severity: Medium,
    fixable: false,
    check: check,
}

const ONLY_HAPPENED: &[&str] = &[
    "meeting conducted",
    "meeting held",
    "meeting was held",
    "meeting was conducted",
    "kickoff held",
    "kickoff done",
    "kickoff completed",
    "handoff done",
    "handoff completed",
    "done",
    "completed",
    "conducted",
    "held",
    "yes",
    "happened",
    "took place",
    "meeting*",
    "agreed on the",
    "align*",
    "reviewed",
    "see",
];

fn check(ctx: &Context) -> Vec<Finding> {
    let Some(item) = ctx
        .stp
        .design_item(&["handoff", "hand off", "kickoff", "kick off"])
    else {
        return Vec::new();
    };
    let texts: Vec<_> = item.texts().filter(|t| !t.is_blank()).collect();
    if texts.is_empty() || texts.iter().any(|t| !find_placeholders(t).is_empty()) {
        // Empty details and placeholders are other rules' findings.
        return Vec::new();
    }
    let all: String = texts
        .iter()
        .map(|t| t.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let words = word_count(&all);
    let lower = all.trim().to_ascii_lowercase();
    let pointer = lower.starts_with("see ");
    let generic = pointer || (words < 12 && has_any(&lower, ONLY_HAPPENED));
    if !generic && words >= 5 {
        return Vec::new();
    }
    let span = texts
        .iter()
        .map(|t| t.span)
        .reduce(crate::source::Span::cover)
        .unwrap_or(item.span);
    vec![Finding::new(
        span,
        format!("Developer Handoff records no takeaways ({words} words)"),
    )
    .help("write what QE learned: key design decisions, risky areas, test priorities")]
}
