use crate::diagnostic::{Finding, Severity};
use crate::model::SectionKind;
use crate::rules::Context;

declare_rule! {
    /// A parent STP does not list every child STP of its feature directory, or links one that
    /// does not exist.
    ///
    /// In a multi-SIG feature directory (`stps/<sig>/<feature>/`), `stp.md` is the parent and
    /// every other Markdown file is a child STP. The parent's `**Child STPs:**` field links
    /// each of them (`[sig-network](./network.md)`), so a reader of the parent finds all
    /// per-SIG plans, and every link resolves. Checked only for `stp.md` inside a feature
    /// directory.
    ///
    /// A parent whose child files are not there yet but whose Participating SIGs name other
    /// SIGs still needs the field: each of those SIGs writes a child STP the parent must list
    /// (MEDIUM: nothing is unlisted yet).
    ///
    /// Fix: add `- **Child STPs:**` to the metadata with one link per child file.
    code: "STP420",
    name: "child-stps-listed",
    spec: ["MULTI-1"],
    severity: High,
    fixable: false,
    check: check,
}

fn check(ctx: &Context) -> Vec<Finding> {
    let Some(children) = &ctx.repo.feature_children else {
        return Vec::new();
    };
    let listed: Vec<String> = ctx
        .stp
        .child_links()
        .iter()
        .map(|l| {
            l.split('#')
                .next()
                .unwrap_or("")
                .trim_start_matches("./")
                .to_string()
        })
        .collect();
    let field = ctx.stp.metadata_field(&["child stp"]);
    let anchor = field
        .map(|f| f.span)
        .unwrap_or_else(|| ctx.anchor(SectionKind::Metadata));
    let mut out = Vec::new();
    if field.is_none() && children.is_empty() {
        let others = other_participating_sigs(ctx);
        if !others.is_empty() {
            out.push(
                Finding::new(
                    anchor,
                    format!(
                        "parent STP has no Child STPs field, although {} participate{}",
                        others.join(", "),
                        if others.len() == 1 { "s" } else { "" }
                    ),
                )
                .help("add `- **Child STPs:**` with one link per participating SIG's child STP")
                // No child exists yet to be missed: a reminder, not a broken link.
                .severity(Severity::Medium),
            );
        }
    }
    let unlisted: Vec<&String> = children.iter().filter(|c| !listed.contains(c)).collect();
    if !unlisted.is_empty() {
        let names: Vec<&str> = unlisted.iter().map(|s| s.as_str()).collect();
        let message = if field.is_none() {
            format!(
                "parent STP has no Child STPs field; the feature directory has {}",
                names.join(", ")
            )
        } else {
            format!("Child STPs does not link {}", names.join(", "))
        };
        out.push(
            Finding::new(anchor, message)
                .help("link every child STP, e.g. `- [sig-network](./network.md)`"),
        );
    }
    for missing in &ctx.repo.missing_links {
        out.push(
            Finding::new(
                anchor,
                format!("Child STPs links `{missing}`, which does not exist"),
            )
            .help("fix the link, or remove the child that no longer exists"),
        );
    }
    out
}

/// The SIGs named under Participating SIGs other than the owning SIG.
fn other_participating_sigs(ctx: &Context) -> Vec<String> {
    let sigs = |labels: &[&str]| -> Vec<String> {
        ctx.stp
            .metadata_field(labels)
            .map(|f| {
                crate::prose::tokens(&f.value.text)
                    .map(|w| w.text.to_ascii_lowercase())
                    .filter(|w| w.starts_with("sig-") && w.len() > 4)
                    .collect()
            })
            .unwrap_or_default()
    };
    let owning = sigs(&["owning sig"]);
    let mut others: Vec<String> = sigs(&["participating sig"])
        .into_iter()
        .filter(|s| !owning.contains(s))
        .collect();
    others.dedup();
    others
}
