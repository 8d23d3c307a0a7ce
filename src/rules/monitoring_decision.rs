use crate::diagnostic::Finding;
use crate::model::StrategyKind;
use crate::prose::mentioned;
use crate::rules::Context;

declare_rule! {
    /// Monitoring Testing does not say whether metrics or alerts are required.
    ///
    /// Reviewers need a yes or no: does the feature add or change metrics, alerts or
    /// dashboards, and are they tested? The rule fires when the Monitoring item's details
    /// (checked or not) mention none of metric, alert, dashboard, Prometheus, observability
    /// or telemetry.
    ///
    /// Blind spots: any mention passes, even one that does not decide.
    ///
    /// Fix: e.g. "No new metrics or alerts; existing VM metrics are unaffected" or "Tests the
    /// new `kubevirt_vm_...` metric and its alert".
    code: "STP323",
    name: "monitoring-decision",
    spec: ["STRAT-4"],
    severity: Medium,
    fixable: false,
    check: check,
}

const DECISION_WORDS: &[&str] = &[
    "metric*",
    "alert*",
    "dashboard*",
    "prometheus",
    "observab*",
    "telemetry",
];

fn check(ctx: &Context) -> Vec<Finding> {
    let Some(item) = ctx.stp.strategy_item(StrategyKind::Monitoring) else {
        return Vec::new();
    };
    // The description is the template's question ("... metrics and/or alerts?"), not an answer.
    if item.detail_texts().all(|t| t.is_blank()) || mentioned(item.detail_texts(), DECISION_WORDS) {
        // Empty details are `strategy-details`' finding.
        return Vec::new();
    }
    let span = item.details.as_ref().map(|d| d.span).unwrap_or(item.span);
    vec![Finding::new(
        span,
        "Monitoring does not say whether metrics or alerts are required",
    )
    .help(
        "state whether the feature adds or changes metrics or alerts, and whether they are tested",
    )]
}
