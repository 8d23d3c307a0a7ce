use crate::diagnostic::Finding;
use crate::model::{ChecklistItem, Field};
use crate::recognise::without_placeholders;
use crate::rules::Context;
use crate::text::Text;

declare_rule! {
    /// A review checklist item's checkbox disagrees with its content.
    ///
    /// In the requirement review (I.1) and the technology and design review (I.3), `[x]`
    /// means the review step was done and its details are filled in; `[ ]` means it could
    /// not be done, and the details must say why. Reported:
    ///
    /// - an unchecked item whose details are filled in with no reason for leaving it open
    ///   (the author most likely forgot to check it);
    /// - an unchecked item with no details at all, or whose details are still the template's
    ///   guidance (an older template's table row keeps it in the Details cell);
    /// - an item with no checkbox (list layout), since reviewers cannot tell its state.
    ///
    /// A reason is recognised by wording such as "not applicable", "N/A", "cannot",
    /// "blocked", "pending", "deferred", "waiting for", "still under review", "to be
    /// scheduled". Placeholders do not count as content. Test Strategy items follow their own
    /// convention (unchecked means "not applicable") and are checked by the strategy rules;
    /// entry criteria may stay open until testing starts.
    ///
    /// Fix: mark done items `[x]`; for open items, say in the details why they are open.
    code: "STP021",
    name: "checklist-state",
    spec: ["CHK-2"],
    severity: High,
    fixable: false,
    check: check,
}

const REASONS: &[&str] = &[
    "not applicable",
    "n/a",
    "cannot",
    "can't",
    "could not",
    "not possible",
    "blocked",
    "pending",
    "waiting",
    "not yet",
    "deferred",
    "unable",
    "out of scope",
    "not done",
    "postponed",
    "to be done",
    "in progress",
    "not available",
    "no access",
    // The step is planned, not done: "PR #16412 is still under review", "QE kickoff
    // should be scheduled once the PR is merged". Phrases about the step itself: VMs are
    // "scheduled" on nodes, a VM is "not started" automatically.
    "still under review",
    "is under review",
    "to be scheduled",
    "will be scheduled",
    "should be scheduled",
    "not yet scheduled",
    "awaiting",
    "not yet started",
    "has not started",
];

fn meaningful(text: &Text) -> String {
    without_placeholders(text).trim().to_string()
}

fn content(item: &ChecklistItem) -> String {
    let field_text = |f: &Field| {
        std::iter::once(meaningful(&f.value))
            .chain(f.items.iter().map(meaningful))
            .collect::<Vec<_>>()
            .join(" ")
    };
    item.fields
        .iter()
        .map(field_text)
        .chain(item.lines.iter().chain(&item.comments).map(meaningful))
        .collect::<Vec<_>>()
        .join(" ")
        .trim()
        .to_string()
}

fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for item in ctx.stp.requirements.iter().chain(&ctx.stp.design_review) {
        let name = item.name.trimmed();
        let body = content(item);
        let span = item.mark.as_ref().map(|m| m.span).unwrap_or(item.name.span);
        match &item.mark {
            Some(m) if m.checked => {}
            None if item.comments.is_none() && item.fields.is_empty() && body.is_empty() => {
                out.push(
                    Finding::new(span, format!("'{name}' has no checkbox and no details"))
                        .help("start the item with `[x]` once reviewed and fill in its details"),
                );
            }
            None if !item.in_table => out.push(
                Finding::new(span, format!("'{name}' has no checkbox"))
                    .help("start the item with `[x]` when the review step is done, `[ ]` if not"),
            ),
            _ if body.is_empty() => out.push(
                Finding::new(span, format!("'{name}' is unchecked and gives no reason")).help(
                    "check it when the review step is done, or say in its details why it cannot be",
                ),
            ),
            // An older template's row keeps the template's guidance in its Details cell.
            _ if crate::recognise::is_template_checklist_details(&body)
                || crate::recognise::is_template_comment(&body) =>
            {
                out.push(
                    Finding::new(
                        span,
                        format!("'{name}' is unchecked, and its details are the template's text"),
                    )
                    .help(
                        "do the review step and write what it found, then mark it `[x]`; \
                         or say why it cannot be done",
                    ),
                )
            }
            _ => {
                let lower = body.to_lowercase();
                if !REASONS.iter().any(|r| lower.contains(r)) {
                    out.push(
                        Finding::new(span, format!("'{name}' is filled in but not checked")).help(
                            "mark it `[x]`; if the step could not be done, say why in its details",
                        ),
                    );
                }
            }
        }
    }
    out
}
