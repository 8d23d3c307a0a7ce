use crate::diagnostic::{Finding, Severity};
use crate::model::{DocKind, SectionKind};
use crate::recognise::{find_placeholders, is_empty_value};
use crate::rules::Context;

declare_rule! {
    /// QE owner, owning SIG or participating SIGs are missing, or the owning SIG is not the
    /// SIG directory the plan lives in.
    ///
    /// - QE Owner(s) needs a name and a way to reach the person: a GitHub `@handle` or an
    ///   e-mail address. A name without either is MEDIUM: the owner is known, and the
    ///   template's own prompt asks only for names.
    /// - Owning SIG and Participating SIGs must be filled (child STPs name their SIG in a
    ///   `SIG:` field instead and have no participating SIGs); "None", "N/A" or "Not
    ///   applicable" for Participating SIGs says no other SIG takes part, and is an answer
    ///   (a blank or a "-" is not).
    /// - The owning SIG should be the `stps/<sig>/` directory the file is in; checked only
    ///   when the file is inside a `stps/` tree. So should a child's SIG, unless the child
    ///   sits in a feature directory (`stps/<owning-sig>/<feature>/<sig>.md`), under the
    ///   owning SIG.
    ///
    /// Fix: fill the fields, e.g. `- **QE Owner(s):** Jane Doe (@jdoe)`, `- **Owning SIG:** sig-storage`.
    code: "STP104",
    name: "ownership-fields",
    spec: ["META-4"],
    severity: High,
    fixable: false,
    check: check,
}

fn check(ctx: &Context) -> Vec<Finding> {
    let stp = ctx.stp;
    let mut out = Vec::new();
    let anchor = ctx.anchor(SectionKind::Metadata);
    let missing = |name: &str| {
        Finding::new(anchor, format!("Metadata has no {name} field"))
            .help(format!("add `- **{name}:**`"))
    };
    let placeholder = |f: &crate::model::Field| !find_placeholders(&f.value).is_empty();

    match stp.metadata_field(&["qe owner"]) {
        None => out.push(missing("QE Owner(s)")),
        Some(f) if placeholder(f) => {}
        Some(f) => {
            let t = f.full_text();
            let contact = t.contains('@') || f.value.links.iter().any(|l| l.url.starts_with('@'));
            if is_empty_value(&t) {
                out.push(
                    Finding::new(f.span, "QE Owner(s) is empty")
                        .help("name the QE owner with a GitHub handle or e-mail"),
                );
            } else if !contact {
                out.push(
                    Finding::new(f.span, "QE Owner(s) gives no GitHub handle or e-mail")
                        .help("add the handle or e-mail after the name, e.g. `Jane Doe (@jdoe)`")
                        .severity(Severity::Medium),
                );
            }
        }
    }

    let child = stp.kind == DocKind::Child;
    let owning = if child {
        stp.metadata_field(&["owning sig"])
            .or_else(|| stp.metadata.iter().find(|f| f.key == "sig"))
    } else {
        stp.metadata_field(&["owning sig"])
    };
    match owning {
        None => out.push(missing(if child { "SIG" } else { "Owning SIG" })),
        Some(f) if placeholder(f) => {}
        Some(f) if is_empty_value(&f.full_text()) => out.push(
            Finding::new(f.span, format!("{} is empty", f.label))
                .help("name the SIG, e.g. `sig-storage`"),
        ),
        Some(f) => {
            // A child in a feature directory sits under the owning SIG's directory and names
            // the SIG it covers.
            let dir = ctx
                .repo
                .sig_dir
                .as_ref()
                .filter(|_| !(child && ctx.repo.in_feature_dir));
            if let Some(dir) = dir {
                let value = f.full_text().to_lowercase();
                if !value.contains(&dir.to_lowercase()) {
                    out.push(
                        Finding::new(
                            f.span,
                            format!("{} is not `{dir}`, the directory this plan is in", f.label),
                        )
                        .help(format!(
                            "write `{dir}`, or move the plan to the owning SIG's directory"
                        )),
                    );
                }
            }
        }
    }
    if !child {
        match stp.metadata_field(&["participating sig"]) {
            None => out.push(missing("Participating SIGs")),
            Some(f) if placeholder(f) => {}
            // "None" or "N/A" answers it: no SIG but the owning one takes part.
            Some(f) if is_empty_value(&f.full_text()) && !says_none(&f.full_text()) => out.push(
                Finding::new(f.span, "Participating SIGs is empty")
                    .help("list the SIGs, or repeat the owning SIG"),
            ),
            Some(_) => {}
        }
    }
    out
}

/// "None", "N/A" or "Not applicable" written out, as opposed to a blank or a dash: the list
/// asks for no reason, so any of them answers it.
fn says_none(text: &str) -> bool {
    let answer = text
        .trim()
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, '.' | '*' | '_'));
    ["none", "n/a", "na", "not applicable"]
        .iter()
        .any(|a| answer.eq_ignore_ascii_case(a))
}
