use crate::diagnostic::Finding;
use crate::model::SectionKind;
use crate::rules::Context;

declare_rule! {
    /// Every risk category says there is no risk.
    ///
    /// Every feature carries some risk — schedule, environment, dependencies. A plan where all
    /// categories say "N/A" or "None identified" usually means the risks were not looked for.
    /// Child STPs, which list only their SIG's own risks, are not checked.
    ///
    /// Fix: describe at least the risks the team already knows about, with mitigation and
    /// sign-off.
    code: "STP353",
    name: "all-risks-empty",
    spec: ["RSK-4"],
    severity: Medium,
    fixable: false,
    check: check,
}

fn check(ctx: &Context) -> Vec<Finding> {
    let risks = &ctx.stp.risks;
    // A child STP lists only its SIG's own risks; having none is fine there.
    if risks.is_empty() || ctx.stp.kind == crate::model::DocKind::Child {
        return Vec::new();
    }
    let any_real = risks
        .iter()
        .flat_map(|c| &c.risks)
        .any(|r| r.names_a_risk());
    if any_real {
        return Vec::new();
    }
    vec![Finding::new(ctx.anchor(SectionKind::Risks), "every risk category says there is no risk")
        .help("describe the risks the team knows about (schedule, environment, dependencies) with mitigation and sign-off")]
}
