use crate::diagnostic::{Finding, Severity};
use crate::model::RiskKind;
use crate::recognise::{find_placeholders, is_empty_value, sign_off_parts};
use crate::rules::Context;

declare_rule! {
    /// A real risk lacks its mitigation, its sign-off (a name and a date) or its category
    /// field.
    ///
    /// When a category holds a real risk (not "N/A", "None identified", "No risk"), the entry
    /// is complete only with **Risk**, **Mitigation**, `*Sign-off:*` with who accepted it and
    /// when, and the category's own field: estimated impact on schedule, areas with reduced
    /// coverage, missing resources or environments, alternative validation approach, capacity
    /// gaps, or dependent teams. "Other" needs no category field.
    ///
    /// A missing mitigation or sign-off is CRITICAL (the checklist rejects a plan for it); a
    /// missing category field alone is HIGH.
    ///
    /// Plans in the older table layout (no sign-off or category columns) are checked for
    /// risk and mitigation only, unless `--strict-layout` is given.
    ///
    /// Fix: add what is missing under the risk, e.g. `  - *Sign-off:* Jane Doe, 2026-05-01`.
    code: "STP351",
    name: "risk-entry-complete",
    spec: ["RSK-2"],
    severity: Critical,
    fixable: false,
    check: check,
}

fn check(ctx: &Context) -> Vec<Finding> {
    let full = ctx.current_layout();
    let mut out = Vec::new();
    for category in &ctx.stp.risks {
        for risk in &category.risks {
            let Some(risk_field) = &risk.risk else {
                continue;
            };
            if !risk.names_a_risk() || !find_placeholders(&risk_field.value).is_empty() {
                continue;
            }
            let mut missing = Vec::new();
            // Only a missing mitigation or sign-off blocks approval; a missing category field
            // alone leaves the entry to be completed (HIGH).
            let mut blocking = true;
            if risk
                .mitigation
                .as_ref()
                .is_none_or(|m| is_empty_value(&m.full_text()))
            {
                missing.push("a mitigation".to_string());
            }
            if full {
                match &risk.sign_off {
                    None => missing.push("a sign-off".to_string()),
                    Some(s) if !find_placeholders(&s.value).is_empty() => {}
                    Some(s) => {
                        let parts = sign_off_parts(&s.value);
                        if !parts.name {
                            missing.push("a name in its sign-off".to_string());
                        }
                        if !parts.date {
                            missing.push("a date in its sign-off".to_string());
                        }
                    }
                }
                let needs_field = !matches!(category.kind, RiskKind::Other | RiskKind::Custom);
                if needs_field && risk.supplemental.iter().all(|f| f.is_empty()) {
                    blocking = !missing.is_empty();
                    missing.push(format!("its '{}' field", category_field(category.kind)));
                }
            }
            if missing.is_empty() {
                continue;
            }
            let help = if full {
                "a real risk needs Risk, Mitigation, *Sign-off:* <name>, <date> and its category field"
            } else {
                "say in the Mitigation cell how the risk is reduced or accepted"
            };
            let finding = Finding::new(
                risk_field.label_span,
                format!(
                    "risk under '{}' lacks {}",
                    category.name.trimmed(),
                    join(&missing)
                ),
            )
            .help(help);
            out.push(if blocking {
                finding
            } else {
                finding.severity(Severity::High)
            });
        }
    }
    out
}

fn join(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn category_field(kind: RiskKind) -> &'static str {
    match kind {
        RiskKind::Timeline => "Estimated impact on schedule",
        RiskKind::Coverage => "Areas with reduced coverage",
        RiskKind::Environment => "Missing resources or infrastructure",
        RiskKind::Untestable => "Alternative validation approach",
        RiskKind::Resources => "Current capacity gaps",
        RiskKind::Dependencies => "Dependent teams or components",
        RiskKind::Other | RiskKind::Custom => "",
    }
}
