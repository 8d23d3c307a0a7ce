use crate::diagnostic::{Finding, Severity};
use crate::model::{DocKind, RiskKind, SectionKind};
use crate::rules::Context;

declare_rule! {
    /// A standard risk category is missing, or "Other" is present without a real risk.
    ///
    /// Timeline/Schedule, Test Coverage, Test Environment, Untestable Aspects, Resource
    /// Constraints and Dependencies are all addressed, even when there is no risk (then a
    /// short justification in Mitigation). "Other" is only for real risks that fit none of
    /// them; an "Other" that says there is no risk is reported at MEDIUM.
    ///
    /// Child STPs list only the categories where their SIG has a risk, so missing categories
    /// are not reported for them.
    ///
    /// Fix: add the missing categories; drop an empty "Other".
    code: "STP350",
    name: "risk-categories",
    spec: ["RSK-1"],
    severity: High,
    fixable: false,
    check: check,
}

fn name(kind: RiskKind) -> &'static str {
    match kind {
        RiskKind::Timeline => "Timeline/Schedule",
        RiskKind::Coverage => "Test Coverage",
        RiskKind::Environment => "Test Environment",
        RiskKind::Untestable => "Untestable Aspects",
        RiskKind::Resources => "Resource Constraints",
        RiskKind::Dependencies => "Dependencies",
        RiskKind::Other | RiskKind::Custom => "Other",
    }
}

fn check(ctx: &Context) -> Vec<Finding> {
    let stp = ctx.stp;
    if !stp.has_section(SectionKind::Risks) {
        return Vec::new();
    }
    let mut out = Vec::new();
    if stp.kind != DocKind::Child {
        let missing: Vec<&str> = RiskKind::STANDARD
            .iter()
            .filter(|k| !stp.risks.iter().any(|c| c.kind == **k))
            .map(|k| name(*k))
            .collect();
        if !missing.is_empty() {
            out.push(
                Finding::new(
                    ctx.anchor(SectionKind::Risks),
                    format!("Risks do not address {}", missing.join(", ")),
                )
                .help("add each category; when there is no risk, justify that in its Mitigation"),
            );
        }
    }
    for other in stp.risks.iter().filter(|c| c.kind == RiskKind::Other) {
        let real = other.risks.iter().any(|r| r.names_a_risk());
        if !real {
            out.push(
                Finding::new(other.span, "'Other' holds no real risk")
                    .help("remove the 'Other' category, or describe the risk it is for")
                    .severity(Severity::Medium),
            );
        }
    }
    out
}
