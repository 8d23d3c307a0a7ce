use crate::diagnostic::Finding;
use crate::model::StrategyKind;
use crate::prose::mentioned;
use crate::rules::Context;

declare_rule! {
    /// Upgrade Testing is marked not applicable without saying the upgrade path was
    /// evaluated.
    ///
    /// Even a feature with nothing to upgrade can break on upgrade (stored objects, defaults,
    /// running VMs). An unchecked (or `N`) Upgrade item must say that the path was
    /// considered and why it needs no test. The rule fires when its details do not speak of
    /// upgrades or of an evaluation (upgrade, evaluated, assessed, considered, reviewed, no
    /// impact, not affected, new in this release, persists).
    ///
    /// A bare dismissal that only restates the verdict with the section's own words ("Not
    /// upgrade relevant", "Upgrade: N/A") is not an evaluation and fires too.
    ///
    /// Blind spots: an evaluation worded otherwise is missed; any other mention of "upgrade"
    /// passes.
    ///
    /// Fix: e.g. "Not applicable: evaluated; the feature is new in 4.22 and stores nothing
    /// that an upgrade migrates".
    code: "STP324",
    name: "upgrade-path",
    spec: ["STRAT-5"],
    severity: Medium,
    fixable: false,
    check: check,
}

const EVALUATED: &[&str] = &[
    "upgrad*",
    "evaluat*",
    "assess*",
    "consider*",
    "reviewed",
    "analy*",
    "no impact",
    "not impact*",
    "not affect*",
    "unaffected",
    "new in",
    "newly introduced",
    "persist*",
    "survive*",
];

fn check(ctx: &Context) -> Vec<Finding> {
    let Some(item) = ctx.stp.strategy_item(StrategyKind::Upgrade) else {
        return Vec::new();
    };
    if item.detail_texts().all(|t| t.is_blank()) {
        return Vec::new();
    }
    let bare = item.detail_texts().all(is_bare_dismissal);
    if item.applies() != Some(false) && !bare {
        return Vec::new();
    }
    if mentioned(item.detail_texts(), EVALUATED) && !bare {
        return Vec::new();
    }
    let span = item.details.as_ref().map(|d| d.span).unwrap_or(item.span);
    vec![Finding::new(
        span,
        "Upgrade Testing is not applicable, but the details do not say the upgrade path was evaluated",
    )
    .help("say that the upgrade path was considered and why it needs no test")]
}

/// Words that only restate "not applicable" about upgrades, without any reason.
const DISMISSAL_WORDS: &[&str] = &[
    "a",
    "applicable",
    "for",
    "is",
    "n",
    "na",
    "needed",
    "no",
    "not",
    "relevant",
    "required",
    "test",
    "testing",
    "tests",
    "this",
    "upgrade",
    "upgrades",
];

/// Whether a details line says no more than "not upgrade relevant".
fn is_bare_dismissal(text: &crate::text::Text) -> bool {
    crate::prose::words(&text.text).all(|w| {
        DISMISSAL_WORDS
            .binary_search(&w.text.to_ascii_lowercase().as_str())
            .is_ok()
    })
}
