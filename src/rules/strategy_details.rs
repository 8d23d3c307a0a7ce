use crate::diagnostic::Finding;
use crate::model::{DocKind, StrategyKind};
use crate::recognise::{
    find_placeholders, is_empty_value, is_justified_not_applicable,
    is_template_strategy_description,
};
use crate::rules::Context;

declare_rule! {
    /// A test strategy item has no details, or is marked not applicable without saying why.
    ///
    /// Each testing type carries `*Details:*`: the approach when it applies, the reason when
    /// it does not (an unchecked item means "not applicable"), and a bare "N/A" or "Not
    /// applicable" is not a justification for an unchecked item. The author's own words on
    /// the item's line in place of the template's description are its details
    /// (`**Dependencies** — CDI for imports`, `**Scale Testing** — N/A; quotas are per
    /// namespace`); the template's description, recognised by its fingerprint in
    /// `data/template-strategy-fingerprints.txt`, is not. A child STP may write a plain
    /// "Not applicable", as its template offers. A type that Out of Scope lists by name with
    /// a rationale ("Performance Testing — not related to scale") is justified there. In the
    /// older table layout the Comments cell must justify rows marked `N` or `N/A`; rows marked
    /// `Y` may leave it empty. Placeholders are `template-placeholder`'s.
    ///
    /// Fix: fill `*Details:*`, e.g. "Not applicable: no new metrics or alerts."
    code: "STP321",
    name: "strategy-details",
    spec: ["STRAT-2"],
    severity: High,
    fixable: false,
    check: check,
}

fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for item in &ctx.stp.strategy {
        let name = item.name.trimmed();
        let details = item.details.as_ref();
        if details.is_some_and(|d| !find_placeholders(&d.value).is_empty()) {
            continue;
        }
        let text = details.map(|d| d.full_text()).unwrap_or_default();
        let extra = item
            .lines
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(applicable) = &item.applicable {
            let a = applicable.trimmed().to_lowercase();
            let not_applicable = a.starts_with('n');
            if not_applicable && is_empty_value(&text) && !excluded_with_reason(ctx, item.kind) {
                out.push(
                    Finding::new(
                        item.span,
                        format!(
                            "'{name}' is marked {} without a justification",
                            applicable.trimmed()
                        ),
                    )
                    .help("say in Comments why this testing type does not apply"),
                );
            }
            continue;
        }
        let unchecked = item.mark.as_ref().is_some_and(|m| !m.checked);
        // The child template offers a plain "Not applicable" for an unchecked type: the
        // parent gives the reasons.
        let plain_na_ok = ctx.stp.kind == DocKind::Child;
        let said =
            |t: &str| !t.trim().is_empty() && (!unchecked || plain_na_ok || !is_empty_value(t));
        // The author's words on the item's own line, in place of the template's description.
        let own_description = || {
            item.description.as_ref().is_some_and(|d| {
                is_justified_not_applicable(&d.text)
                    || (plain_na_ok && !d.text.trim().is_empty() && is_empty_value(&d.text))
                    || (said(&d.text)
                        && !is_empty_value(&d.text)
                        && find_placeholders(d).is_empty()
                        && !is_template_strategy_description(&d.text))
            })
        };
        let justified_elsewhere = || unchecked && excluded_with_reason(ctx, item.kind);
        if !(said(&text) || said(&extra) || own_description() || justified_elsewhere()) {
            let message = if unchecked {
                format!("'{name}' is unchecked without a justification")
            } else {
                format!("'{name}' has no details")
            };
            // A `*Details:*` line that says only "Not applicable" needs its reason, not
            // another line.
            let help = match &item.details {
                Some(d) if !d.value.is_blank() => format!(
                    "say in *Details:* why it does not apply, or how it is tested, instead of '{}'",
                    d.value.trimmed()
                ),
                _ => "add `  - *Details:* <approach, or why it does not apply>`".to_string(),
            };
            out.push(Finding::new(item.span, message).help(help));
        }
    }
    out
}

/// Whether Out of Scope lists this testing type by name ("Performance Testing") with a
/// rationale: the reason a type does not apply is written there, once.
fn excluded_with_reason(ctx: &Context, kind: StrategyKind) -> bool {
    kind != StrategyKind::Other
        && ctx.stp.out_of_scope.items.iter().any(|item| {
            item.title.text.split_whitespace().count() <= 4
                && StrategyKind::from_name(&item.title.text) == kind
                && item
                    .rationale
                    .as_ref()
                    .is_some_and(|r| !is_empty_value(&r.full_text()))
        })
}
