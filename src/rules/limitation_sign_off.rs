use crate::diagnostic::Finding;
use crate::recognise::{find_placeholders, is_only_placeholder, sign_off_parts};
use crate::rules::Context;

declare_rule! {
    /// A known limitation has no sign-off with a name and a date.
    ///
    /// Each product limitation under I.2 needs `*Sign-off:*` naming who accepted it and when
    /// ("Ronen Sde-Or, 04/2026", "Jane Doe / 2026-05-01", "@jdoe 2026-04-19"): an accepted
    /// limitation without evidence of who accepted it blocks approval. A bare "None" under
    /// Known Limitations needs no sign-off.
    ///
    /// Plans in the older table layout, whose template had no sign-off for limitations, are
    /// not checked unless `--strict-layout` is given. Placeholder sign-offs (`[Name/Date]`)
    /// are reported by `template-placeholder`.
    ///
    /// Fix: add `  - *Sign-off:* <name>, <date>` under the limitation.
    code: "STP210",
    name: "limitation-sign-off",
    spec: ["LIM-1"],
    severity: Critical,
    fixable: false,
    check: check,
}

fn check(ctx: &Context) -> Vec<Finding> {
    if !ctx.current_layout() {
        return Vec::new();
    }
    signed_items(&ctx.stp.known_limitations, "known limitation")
}

/// Shared by the limitation rules: every item needs a sign-off with a name and a date.
pub fn signed_items(constraints: &crate::model::Constraints, what: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    // A template slot left as an item is `template-placeholder`'s finding (and, when all
    // items are, `limitations-stated`'s): there is no limitation to sign.
    for item in constraints
        .items
        .iter()
        .filter(|i| !is_only_placeholder(&i.text))
    {
        match &item.sign_off {
            None => out.push(
                Finding::new(item.span, format!("{what} has no sign-off"))
                    .help("add `  - *Sign-off:* <name>, <date>` under it"),
            ),
            Some(f) if !find_placeholders(&f.value).is_empty() => {}
            Some(f) => {
                let parts = sign_off_parts(&f.value);
                let lacking = match (parts.name, parts.date) {
                    (true, true) => continue,
                    (false, true) => "a name",
                    (true, false) => "a date",
                    (false, false) => "a name and a date",
                };
                out.push(
                    Finding::new(f.span, format!("{what} sign-off lacks {lacking}"))
                        .help("write who signed off and when, e.g. `Jane Doe, 2026-05-01`"),
                );
            }
        }
    }
    out
}
