use crate::diagnostic::{Finding, Severity};
use crate::model::entries::label_key;
use crate::model::DocKind;
use crate::rules::Context;

declare_rule! {
    /// The non-functional requirements do not address every category, or dismiss one with a
    /// bare "N/A".
    ///
    /// The NFR item must speak to Monitoring, Observability, UI, Documentation, Performance,
    /// Security and Scalability — each with a target, or a reason it does not apply. A
    /// category counts as addressed when it is named (combined names such as
    /// "Monitoring/Observability" or "UI/Docs" cover both; the template's "Usability" is the
    /// UI); a line that names a category and then only says "N/A" or "None" is reported,
    /// since that gives no reason. Pointing to an Out of Scope item is a reason.
    ///
    /// Missing categories are HIGH when half or more of the seven are missing (the NFRs were
    /// hardly reviewed), MEDIUM when fewer are (a review with gaps).
    ///
    /// A child STP may keep its NFRs brief and point to the parent: when its NFR item mentions
    /// the parent STP, missing categories are not reported for it.
    ///
    /// Fix: add a line per missing category: `**Scalability:** <target, or why it does not apply>`.
    code: "STP203",
    name: "nfr-coverage",
    spec: ["NFR-1"],
    severity: High,
    fixable: false,
    check: check,
}

const CATEGORIES: [(&str, &[&str]); 7] = [
    ("Monitoring", &["monitoring", "metric", "alert"]),
    ("Observability", &["observability"]),
    // The template names the category Usability; the checklist's Usability Testing is the UI's.
    ("UI", &["ui", "user interface", "console", "usability"]),
    (
        "Documentation",
        &["doc", "docs", "documentation", "kcs", "release notes"],
    ),
    ("Performance", &["performance"]),
    ("Security", &["security", "rbac"]),
    ("Scalability", &["scalability", "scale", "scaling"]),
];

/// Whether `text` (split into `words` at every character that is not a letter or digit)
/// mentions `word`: a phrase as written, a short word whole, a longer one as a word's start.
fn mentions(text: &str, words: &[&str], word: &str) -> bool {
    if word.contains(' ') {
        return text.contains(word);
    }
    words
        .iter()
        .any(|w| *w == word || (word.len() > 4 && w.starts_with(word)))
}

/// Whether `text` contains the ASCII `word` in any case.
fn contains_ignoring_ascii_case(text: &str, word: &str) -> bool {
    text.as_bytes()
        .windows(word.len())
        .any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
}

fn check(ctx: &Context) -> Vec<Finding> {
    let Some(item) = ctx.stp.requirements.iter().find(|i| {
        let n = label_key(&i.name.text);
        n.contains("non functional") || n.contains("nfr")
    }) else {
        return Vec::new();
    };
    let lines: Vec<&crate::text::Text> = item
        .fields
        .iter()
        .flat_map(|f| std::iter::once(&f.value).chain(&f.items))
        .chain(&item.lines)
        .collect();
    let all = lines
        .iter()
        .map(|l| l.text.to_lowercase())
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = Vec::new();
    let points_to_parent = ctx.stp.kind == DocKind::Child && all.contains("parent");
    let all_words: Vec<&str> = all
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let missing: Vec<&str> = CATEGORIES
        .iter()
        .filter(|(_, words)| !words.iter().any(|w| mentions(&all, &all_words, w)))
        .map(|(name, _)| *name)
        .collect();
    if !missing.is_empty() && !points_to_parent {
        let finding = Finding::new(
            item.mark.as_ref().map(|m| m.span).unwrap_or(item.name.span),
            format!("NFRs do not address {}", missing.join(", ")),
        )
        .help("add a line per category with a target, or the reason it does not apply");
        // Most categories answered: the review happened and has gaps (reviewers raised three
        // missing at MEDIUM). Half or more missing: the NFRs were hardly reviewed.
        out.push(if missing.len() * 2 < CATEGORIES.len() {
            finding.severity(Severity::Medium)
        } else {
            finding
        });
    }
    for line in lines {
        let t = line.text.trim();
        let Some((head, rest)) = t.split_once([':', '—', '-']) else {
            continue;
        };
        let head = head.trim().to_lowercase();
        let named = CATEGORIES
            .iter()
            .any(|(name, _)| contains_ignoring_ascii_case(&head, name));
        let rest = rest.trim().trim_end_matches('.').to_lowercase();
        if named
            && head.split_whitespace().count() <= 3
            && matches!(
                rest.as_str(),
                "n/a" | "na" | "none" | "not applicable" | "-" | ""
            )
        {
            out.push(
                Finding::new(
                    line.span,
                    format!(
                        "NFR '{}' is dismissed without a reason",
                        t.split([':', '—']).next().unwrap_or(t).trim()
                    ),
                )
                .help(
                    "say why it does not apply (or point to the Out of Scope item that covers it)",
                ),
            );
        }
    }
    out
}
