use crate::diagnostic::{Finding, Severity};
use crate::recognise::{find_placeholders, sign_off_parts};
use crate::rules::Context;

declare_rule! {
    /// An out-of-scope item has no rationale, or no PM/Lead agreement with a name and a date.
    ///
    /// Out of Scope records what QE decided not to test; every item is a risk someone
    /// accepted, so it carries `*Rationale:*` and `*PM/Lead Agreement:*` naming who agreed and
    /// when. In the older table layout the Rationale and "PM/ Lead Agreement" cells are read
    /// (`[x] Ronen Sde-Or 01/2026` is a name and a date). Placeholders such as `[Name/Date]`
    /// are reported by `template-placeholder`.
    ///
    /// A "None" statement needs no agreement; but when the author gives it one anyway
    /// (`None — ...` followed by `*PM/Lead Agreement:*`), that agreement must be real: a
    /// placeholder such as `TBD` there means nobody agreed yet.
    ///
    /// A reason written on the item's own line after a dash or colon (`Performance
    /// benchmarking -- no formal targets defined for Dev Preview`) is its rationale.
    ///
    /// A missing agreement is CRITICAL (nobody accepted the gap); a missing rationale is HIGH.
    ///
    /// Fix: add the rationale and `*PM/Lead Agreement:* <name>, <date>`.
    code: "STP310",
    name: "out-of-scope-agreement",
    spec: ["OOS-1"],
    severity: Critical,
    fixable: false,
    check: check,
}

fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    if let Some(none) = &ctx.stp.out_of_scope.none {
        let agreement = none
            .fields
            .iter()
            .find(|f| f.label.to_ascii_lowercase().contains("agreement"));
        if let Some(f) = agreement {
            if let Some(p) = find_placeholders(&f.value).first() {
                out.push(
                    Finding::new(
                        f.span,
                        format!(
                            "Out of Scope says None, but its PM/Lead agreement is still `{}`",
                            &f.value.text[p.range.clone()]
                        ),
                    )
                    .help("record who agreed and when, or drop the agreement line"),
                );
            }
        }
    }
    for item in &ctx.stp.out_of_scope.items {
        if item.rationale.as_ref().is_none_or(|r| r.is_empty())
            && inline_reason(&item.title.text).is_none()
        {
            // A missing reason must be fixed, but only a missing agreement blocks approval.
            out.push(
                Finding::new(
                    item.span,
                    format!(
                        "out-of-scope item '{}' has no *Rationale:*",
                        short_title(item.title.trimmed())
                    ),
                )
                .severity(Severity::High)
                .help("add `  - *Rationale:* <why QE will not test it>`"),
            );
        }
        match &item.agreement {
            None => out.push(
                Finding::new(item.span, "out-of-scope item has no PM/Lead agreement")
                    .help("add `  - *PM/Lead Agreement:* <name>, <date>`"),
            ),
            Some(f) if !find_placeholders(&f.value).is_empty() => {}
            Some(f) => {
                let parts = sign_off_parts(&f.value);
                if !(parts.name && parts.date) {
                    let lacking = if parts.name {
                        "a date"
                    } else if parts.date {
                        "a name"
                    } else {
                        "a name and a date"
                    };
                    out.push(
                        Finding::new(f.span, format!("PM/Lead agreement lacks {lacking}"))
                            .help("write who agreed and when, e.g. `Jane Doe, 2026-05-01`"),
                    );
                }
            }
        }
    }
    out
}

/// The item's name: its bold title up to a dash or colon that starts an aside.
fn short_title(title: &str) -> &str {
    title.split(['—', '–', ':']).next().unwrap_or(title).trim()
}

/// The reason an item gives on its own line, after a dash or a colon that follows its name
/// (`Item -- reason`, `Item — reason`, `Item: reason`): three words or more, not a question.
fn inline_reason(title: &str) -> Option<&str> {
    [" -- ", " — ", " – ", " - ", ": "]
        .iter()
        .filter_map(|sep| title.split_once(sep))
        .map(|(_, reason)| reason.trim())
        // A question (a template prompt copied along) is no reason.
        .find(|reason| reason.split_whitespace().count() >= 3 && !reason.ends_with('?'))
}
