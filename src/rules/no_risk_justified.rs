use crate::diagnostic::Finding;
use crate::recognise::{find_placeholders, is_empty_value};
use crate::rules::Context;

declare_rule! {
    /// A risk category with no risk does not say why in its Mitigation.
    ///
    /// "No risk" is a claim like any other: the Mitigation line carries a short
    /// justification ("Standard lab already has both storage classes"). A bare "N/A", "None"
    /// or "-" is reported. A justification may also stand in the Risk line itself: "None —
    /// both storage classes are in the standard lab" or "No special hardware needed" says why
    /// (at least two words beyond the "no risk" marker), and is accepted. An empty "Other" category is `risk-categories`' business (it should
    /// be removed, not justified).
    ///
    /// Fix: write why there is no risk in this category.
    code: "STP352",
    name: "no-risk-justified",
    spec: ["RSK-3"],
    severity: High,
    fixable: false,
    check: check,
}

fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    // An empty "Other" should go away rather than be justified (`risk-categories` says so).
    for category in ctx
        .stp
        .risks
        .iter()
        .filter(|c| c.kind != crate::model::RiskKind::Other)
    {
        let no_risk = category.risks.iter().all(|r| !r.names_a_risk());
        if !no_risk || category.risks.is_empty() {
            continue;
        }
        let justified = category.risks.iter().any(|r| {
            r.mitigation.as_ref().is_some_and(|m| {
                !is_empty_value(&m.full_text()) || !find_placeholders(&m.value).is_empty()
            }) || r.risk.as_ref().is_some_and(|f| gives_reason(&f.value.text))
        });
        if !justified {
            let span = category.risks[0]
                .mitigation
                .as_ref()
                .map(|m| m.span)
                .unwrap_or(category.span);
            out.push(
                Finding::new(
                    span,
                    format!(
                        "'{}' has no risk and no justification",
                        category.name.trimmed()
                    ),
                )
                .help("say in Mitigation why there is no risk in this category"),
            );
        }
    }
    out
}

/// Words that only say "no risk" and add no reason.
const MARKER_WORDS: &[&str] = &[
    "a",
    "anticipated",
    "applicable",
    "at",
    "currently",
    "expected",
    "foreseen",
    "found",
    "identified",
    "known",
    "moment",
    "n",
    "na",
    "none",
    "not",
    "nothing",
    "risk",
    "risks",
    "this",
    "time",
];

/// Whether a "no risk" statement also says why: two or more words beyond the marker.
fn gives_reason(text: &str) -> bool {
    crate::prose::words(text)
        .map(|w| w.text.to_ascii_lowercase())
        .filter(|w| {
            MARKER_WORDS.binary_search(&w.as_str()).is_err() && !crate::prose::is_stop_word(w)
        })
        .count()
        >= 2
}
