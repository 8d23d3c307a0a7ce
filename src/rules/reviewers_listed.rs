use crate::diagnostic::{Finding, Severity};
use crate::model::{Person, SectionKind};
use crate::rules::Context;

declare_rule! {
    /// Reviewers are missing, or listed without a name or a GitHub handle.
    ///
    /// The sign-off section names the reviewers as people with their GitHub handles
    /// (`Ruth Netser (@rnetser)`, `[Ruth Netser](@rnetser)`): the name tells readers who
    /// reviewed, the handle lets the repository's tooling request and record the review.
    /// `Name/handle` without the `@` counts when the repository's OWNERS files know the
    /// handle; a lone word in a login's shape (`dshchedr`, `SiboWang1997`) is a handle
    /// without its `@` when OWNERS files know it, or it has a digit or no capital. People
    /// listed with only one of the two are reported together in one finding: HIGH when
    /// someone has no handle (Prow cannot request their review), MEDIUM when handles are
    /// given without names. Reviewer lines that are all still prompts (`- TBD`) are
    /// `template-placeholder`'s finding.
    ///
    /// Fix: write each reviewer as `Name (@handle)`.
    code: "STP410",
    name: "reviewers-listed",
    spec: ["SIGN-1"],
    severity: High,
    fixable: false,
    check: check,
}

/// People lacking a name or a handle, as one finding, or `None` when all are complete.
pub fn incomplete_people(people: &[Person], what: &str) -> Option<Finding> {
    let lacking: Vec<&Person> = people
        .iter()
        .filter(|p| p.name.is_none() || p.handle.is_none())
        .collect();
    let first = lacking.first()?;
    let listed = |names: Vec<String>| {
        let more = names.len().saturating_sub(4);
        let shown = names.iter().take(4).cloned().collect::<Vec<_>>().join(", ");
        if more > 0 {
            format!("{shown} and {more} more")
        } else {
            shown
        }
    };
    let no_handle: Vec<String> = lacking
        .iter()
        .filter(|p| p.handle.is_none())
        .map(|p| {
            p.name
                .clone()
                .or_else(|| p.email.clone())
                .unwrap_or_else(|| "?".into())
        })
        .collect();
    let no_name: Vec<String> = lacking
        .iter()
        .filter_map(|p| p.handle.as_ref().filter(|_| p.name.is_none()))
        .map(|h| format!("@{h}"))
        .collect();
    let mut parts = Vec::new();
    if !no_handle.is_empty() {
        parts.push(format!(
            "{what} without a GitHub handle: {}",
            listed(no_handle)
        ));
    }
    if !no_name.is_empty() {
        let lead = if parts.is_empty() {
            format!("{what} without a name")
        } else {
            "without a name".to_string()
        };
        parts.push(format!("{lead}: {}", listed(no_name)));
    }
    let severity = if lacking.iter().any(|p| p.handle.is_none()) {
        Severity::High
    } else {
        Severity::Medium
    };
    Some(
        Finding::new(first.span, parts.join("; "))
            .help("write each person as `Name (@github-handle)`")
            .severity(severity),
    )
}

fn check(ctx: &Context) -> Vec<Finding> {
    let sign_off = &ctx.stp.sign_off;
    if !sign_off.present {
        return Vec::new();
    }
    if sign_off.reviewers.is_empty() {
        return vec![
            Finding::new(ctx.anchor(SectionKind::SignOff), "no reviewers are listed")
                .help("list the reviewers under `* **Reviewers:**` as `Name (@github-handle)`"),
        ];
    }
    // Reviewer lines that are all still prompts (`- TBD`, `[Name / @github-username]`) are
    // `template-placeholder`'s finding: there is no person to ask a handle of.
    if crate::recognise::all_prompts(&sign_off.reviewer_lines) {
        return Vec::new();
    }
    incomplete_people(&with_owners_handles(ctx, &sign_off.reviewers), "reviewers")
        .into_iter()
        .collect()
}

/// The people, with `@`-less handles read as handles: `Name/handle` as a name and a handle
/// when the repository's OWNERS files know the handle (the template's own shape, `@` left
/// out), and a lone word in a login's shape as a handle without a name.
pub fn with_owners_handles(ctx: &Context, people: &[Person]) -> Vec<Person> {
    let known = ctx.repo.owners.as_ref().map(|o| o.known.as_slice());
    let owners_know =
        |h: &str| known.is_some_and(|k| k.binary_search(&h.to_ascii_lowercase()).is_ok());
    people
        .iter()
        .map(|p| {
            let mut p = p.clone();
            if p.handle.is_some() {
                return p;
            }
            // A lone word that is a GitHub login (`dshchedr`, `SiboWang1997`): a handle
            // written without its `@`, so the name is what is missing.
            let lone_login = p.name.as_deref().is_some_and(|n| {
                is_login(n)
                    && (owners_know(n)
                        || n.bytes().any(|b| b.is_ascii_digit())
                        || !n.bytes().any(|b| b.is_ascii_uppercase()))
            });
            if lone_login {
                p.handle = p.name.take();
            } else if let Some((name, handle)) = p.name.as_deref().and_then(|n| n.rsplit_once('/'))
            {
                let (name, handle) = (name.trim(), handle.trim());
                if owners_know(handle) && !name.is_empty() {
                    p.handle = Some(handle.to_string());
                    p.name = Some(name.to_string());
                }
            }
            p
        })
        .collect()
}

/// Whether a word has the shape of a GitHub login: letters, digits and inner hyphens.
fn is_login(word: &str) -> bool {
    !word.is_empty()
        && word.len() <= 39
        && !word.starts_with('-')
        && !word.ends_with('-')
        && word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}
