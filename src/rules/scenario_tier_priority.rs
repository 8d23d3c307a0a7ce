use crate::diagnostic::Finding;
use crate::model::{Layout, Scenario};
use crate::recognise::{is_only_placeholder, is_template_scenario};
use crate::rules::Context;

declare_rule! {
    /// A test scenario has no tier or no priority.
    ///
    /// Each scenario says where it runs — `[Tier 1]` (single feature, isolated), `[Tier 2]`
    /// (end-to-end workflows, integration, upgrade) or `[Tier 3]` (costly, dedicated cycles) —
    /// and how much it matters (`P0`, `P1`, `P2`). Read from `*Test Scenario:* [Tier 2] ...`,
    /// a `*Tier:*`/`*Test Tier:*` field, or the Tier and Priority columns of the table. Tiers
    /// are read in every notation plans use: `Tier 1`, `[Tier 1]`, `tier1`, `Tier-1`, `T1`;
    /// priorities as `P0` or `[P0]`. A row that only groups the rows below it ("Multiple
    /// scenarios below") needs no tier of its own, and the template's own example rows (a
    /// placeholder ID such as `[Jira-126]` beside the template's example scenario) are left
    /// to `template-placeholder`, which reports their ID.
    ///
    /// Fix: add `[Tier N]` before the scenario text and `*Priority:* P0|P1|P2` under it; in
    /// a table, fill in the Tier and Priority cells.
    code: "STP403",
    name: "scenario-tier-priority",
    spec: ["SCN-3"],
    severity: High,
    fixable: false,
    check: check,
}

fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    let table = ctx.stp.layout == Layout::Table;
    // The template's own example rows, ID and scenario as the template has them, are the
    // placeholder rule's finding (on the ID), not scenarios the author wrote.
    let placeholders_reported = ctx.runs(&super::template_placeholder::RULE);
    let written = |s: &&Scenario| {
        !(placeholders_reported
            && s.requirement.as_ref().is_some_and(is_only_placeholder)
            && s.text
                .as_ref()
                .is_some_and(|t| is_template_scenario(&t.text)))
    };
    for s in ctx.stp.scenarios.iter().filter(written) {
        let tier_ok = s.tier.is_some_and(|t| (1..=3).contains(&t.level))
            || (s.tier.is_none() && s.groups_rows_below());
        let priority_ok = s.priority.is_some_and(|p| p.level <= 2);
        let (missing, cells) = match (tier_ok, priority_ok) {
            (true, true) => continue,
            (false, true) => ("tier (Tier 1, 2 or 3)", "tier (Tier 1, 2 or 3)"),
            (true, false) => ("priority (P0, P1 or P2)", "priority (P0, P1 or P2)"),
            (false, false) => (
                "tier and no priority",
                "tier (Tier 1, 2 or 3) and priority (P0, P1 or P2)",
            ),
        };
        let help = if table {
            format!("fill in the row's {cells}")
        } else {
            "write `*Test Scenario:* [Tier 2] ...` and `*Priority:* P1`".to_string()
        };
        let span = s.text.as_ref().map(|t| t.span).unwrap_or(s.span);
        out.push(Finding::new(span, format!("scenario has no {missing}")).help(help));
    }
    out
}
