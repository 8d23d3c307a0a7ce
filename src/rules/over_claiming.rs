use crate::diagnostic::Finding;
use crate::prose::{find_in_text, has_any};
use crate::rules::Context;

declare_rule! {
    /// The plan over-claims: it promises absolutes ("guarantees", "never fails", "zero
    /// downtime") that no acceptance criterion measures.
    ///
    /// A test plan can only show what its criteria measure. Absolute promises in the
    /// overview, requirements or goals either become measurable criteria or are toned down
    /// ("reduces", "keeps within N seconds"). The rule fires on such wording (guarantee,
    /// always, never fails, zero downtime, no downtime, 100%, bulletproof, any scenario,
    /// all scenarios, fully seamless) in those parts when no acceptance criterion uses the
    /// same wording.
    ///
    /// Blind spots: an acceptance criterion that measures the claim in other words does not
    /// silence the rule; over-claims in other words are missed.
    ///
    /// Fix: turn the claim into a measurable acceptance criterion, or describe what the
    /// feature helps with.
    code: "STP503",
    name: "over-claiming",
    spec: ["LANG-3"],
    severity: Low,
    fixable: false,
    check: check,
}

const CLAIMS: &[&str] = &[
    "guarantee*",
    "never fail*",
    "never fails",
    "never lose*",
    "zero downtime",
    "zero-downtime",
    "no downtime",
    "100%",
    "bulletproof",
    "in any scenario",
    "in all scenarios",
    "under all conditions",
    "under any condition*",
    "fully seamless",
    "completely seamless",
    "without any impact",
    "no impact whatsoever",
];

fn check(ctx: &Context) -> Vec<Finding> {
    let stp = ctx.stp;
    let criteria: Vec<String> = stp
        .acceptance_criteria
        .iter()
        .map(|c| c.text.to_ascii_lowercase())
        .collect();
    let texts = stp
        .overview
        .iter()
        .chain(
            stp.requirements
                .iter()
                .filter(|i| i.states_requirements())
                .flat_map(|i| i.texts()),
        )
        .chain(stp.goals.iter().map(|g| &g.text));
    let mut out = Vec::new();
    for text in texts {
        let Some((range, claim)) = find_in_text(text, CLAIMS) else {
            continue;
        };
        let said = text.text[range.clone()].to_ascii_lowercase();
        if criteria
            .iter()
            .any(|c| has_any(c, &[claim]) || c.contains(&said))
        {
            continue;
        }
        out.push(
            Finding::new(
                text.source_span(range.clone()),
                format!("'{}' is an absolute claim no acceptance criterion measures", &text.text[range]),
            )
            .help("make it a measurable acceptance criterion, or describe what the feature helps with"),
        );
    }
    out
}
