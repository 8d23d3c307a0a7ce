use crate::diagnostic::Finding;
use crate::model::{SectionKind, StrategyKind};
use crate::rules::Context;

declare_rule! {
    /// The test strategy does not address all 13 testing types.
    ///
    /// Functional, Automation, Regression, Performance, Scale, Security, Usability,
    /// Monitoring, Compatibility, Upgrade, Dependencies, Cross Integrations and Cloud Testing
    /// must each appear — checked when they apply, unchecked with a justification when they
    /// do not. A missing type means nobody considered it.
    ///
    /// A Backward Compatibility item counts as Compatibility, which took it in. Plans in the
    /// older table layout (which had no Scale row and a separate Backward Compatibility row)
    /// are not checked unless `--strict-layout` is given.
    ///
    /// Fix: add the missing types, e.g. `- [ ] **Scale Testing** — ...` with `*Details:*`.
    code: "STP320",
    name: "strategy-types",
    spec: ["STRAT-1"],
    severity: High,
    fixable: false,
    check: check,
}

fn name(kind: StrategyKind) -> &'static str {
    match kind {
        StrategyKind::Functional => "Functional",
        StrategyKind::Automation => "Automation",
        StrategyKind::Regression => "Regression",
        StrategyKind::Performance => "Performance",
        StrategyKind::Scale => "Scale",
        StrategyKind::Security => "Security",
        StrategyKind::Usability => "Usability",
        StrategyKind::Monitoring => "Monitoring",
        StrategyKind::Compatibility => "Compatibility",
        StrategyKind::Upgrade => "Upgrade",
        StrategyKind::Dependencies => "Dependencies",
        StrategyKind::CrossIntegrations => "Cross Integrations",
        StrategyKind::Cloud => "Cloud Testing",
        StrategyKind::BackwardCompatibility | StrategyKind::Other => "",
    }
}

fn check(ctx: &Context) -> Vec<Finding> {
    if !ctx.current_layout() || !ctx.stp.has_section(SectionKind::Strategy) {
        return Vec::new();
    }
    // Every type an item serves (what `StrategyItem::covers` tests), gathered once. The
    // current template's Compatibility took in the older Backward Compatibility row, so an
    // item under that name serves it.
    let covered: Vec<StrategyKind> = ctx
        .stp
        .strategy
        .iter()
        .flat_map(|i| std::iter::once(i.kind).chain(i.covered.iter().copied()))
        .map(|k| match k {
            StrategyKind::BackwardCompatibility => StrategyKind::Compatibility,
            other => other,
        })
        .collect();
    let missing: Vec<&str> = StrategyKind::TEMPLATE
        .iter()
        .filter(|k| !covered.contains(k))
        .map(|k| name(*k))
        .collect();
    if missing.is_empty() {
        return Vec::new();
    }
    vec![Finding::new(
        ctx.anchor(SectionKind::Strategy),
        format!("the test strategy does not address {}", missing.join(", ")),
    )
    .help("add each missing type, checked if it applies, unchecked with a justification if not")]
}
