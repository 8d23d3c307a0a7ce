use crate::diagnostic::Finding;
use crate::model::StrategyKind;
use crate::prose::find_in;
use crate::rules::Context;

declare_rule! {
    /// Usability Testing is checked, but its details say another team owns UI testing.
    ///
    /// A checked testing type means QE tests it in this plan. When the UI team (or another
    /// team) covers usability, the item is unchecked and the details say who tests it; a
    /// checked item with such details contradicts itself. The rule fires on a checked (or `Y`)
    /// Usability item whose details hand the work to someone else ("UI team", "console team",
    /// "owned by", "covered by", "handled by", "another team", "other team").
    ///
    /// Blind spots: other hand-off wording is missed; details that describe QE's own work
    /// and also mention the UI team are flagged.
    ///
    /// Fix: uncheck the item and say who tests the UI (with a Jira link), or describe what
    /// QE tests.
    code: "STP322",
    name: "usability-owner",
    spec: ["STRAT-3"],
    severity: Medium,
    fixable: false,
    check: check,
}

const ELSEWHERE: &[&str] = &[
    "ui team",
    "console team",
    "frontend team",
    "front-end team",
    "ux team",
    "owned by",
    "covered by",
    "handled by",
    "tested by",
    "another team",
    "other team*",
    "separate team",
];

fn check(ctx: &Context) -> Vec<Finding> {
    let Some(item) = ctx.stp.strategy_item(StrategyKind::Usability) else {
        return Vec::new();
    };
    if item.applies() != Some(true) {
        return Vec::new();
    }
    let Some((span, phrase)) = find_in(item.detail_texts(), ELSEWHERE) else {
        return Vec::new();
    };
    vec![Finding::new(
        span,
        format!("Usability Testing is checked, but its details say '{phrase}'"),
    )
    .help("uncheck it and name who tests the UI, or describe what QE tests")]
}
