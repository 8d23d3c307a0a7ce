use crate::diagnostic::{Finding, Severity};
use crate::model::{DocKind, SectionKind};
use crate::recognise::{find_placeholders, has_version, is_justified_not_applicable};
use crate::rules::Context;

declare_rule! {
    /// Feature Maturity does not list DP, TP and GA with a version or N/A each, or GA has no
    /// version.
    ///
    /// The structured form is one line per phase: `DP: N/A`, `TP: 4.22`, `GA: 5.0`. A short
    /// note after the version is fine (`GA: 4.22 (tech preview earlier)`). Some plans call the
    /// field "Target Release(s)"; it is read the same way. Plans in the older table layout had
    /// no such field and are not checked unless `--strict-layout` is given; child STPs leave it
    /// to the parent. A plan that delivers no feature may write `GA: N/A` with its reason
    /// (`GA: N/A — regression tests, not a new feature`).
    ///
    /// A feature that is GA from the start may list only `GA:` with its version, as the
    /// template allows. One missing DP or TP line beside the other and a GA version is MEDIUM
    /// (the form, not the facts).
    ///
    /// Fix: list the phases, each with its version or `N/A` (only `GA:` for a feature GA from
    /// the start); GA needs a version.
    code: "STP103",
    name: "feature-maturity",
    spec: ["META-3"],
    severity: High,
    fixable: false,
    check: check,
}

fn check(ctx: &Context) -> Vec<Finding> {
    if ctx.stp.kind == DocKind::Child || !ctx.current_layout() {
        return Vec::new();
    }
    let Some(field) = ctx.stp.metadata_field(&["maturity", "target release"]) else {
        return vec![Finding::new(
            ctx.anchor(SectionKind::Metadata),
            "Metadata has no Feature Maturity field",
        )
        .help(
            "add `- **Feature Maturity:**` with a line per phase (`DP:`, `TP:`, `GA:`); a \
             feature that is GA from the start lists only `GA:`",
        )];
    };
    let lines: Vec<&crate::text::Text> =
        std::iter::once(&field.value).chain(&field.items).collect();
    if lines.iter().any(|l| !find_placeholders(l).is_empty()) {
        return Vec::new(); // template-placeholder reports it
    }
    let phase = |name: &str| {
        lines.iter().find_map(|l| {
            let t = l.text.trim();
            let lower = t.to_lowercase();
            let (head, rest) = lower.split_once(':')?;
            (head.trim() == name).then(|| rest.trim().to_string())
        })
    };
    // Only GA, with a version: a feature that is GA from the start.
    if phase("dp").is_none()
        && phase("tp").is_none()
        && phase("ga").is_some_and(|v| has_version(&v))
    {
        return Vec::new();
    }
    let mut problems = Vec::new();
    for name in ["dp", "tp", "ga"] {
        match phase(name) {
            None => problems.push(format!("no {} line", name.to_uppercase())),
            // A plan that delivers no feature (regression tests) says so instead.
            Some(v) if name == "ga" && !has_version(&v) && !is_justified_not_applicable(&v) => {
                problems.push("GA has no version".to_string())
            }
            Some(v) if !has_version(&v) && !v.starts_with("n/a") => problems.push(format!(
                "{} has neither a version nor N/A",
                name.to_uppercase()
            )),
            Some(_) => {}
        }
    }
    if problems.is_empty() {
        return Vec::new();
    }
    // GA is given and only an earlier phase's line is left out: nothing is lost but the form.
    let form_only = problems
        .iter()
        .all(|p| p == "no DP line" || p == "no TP line");
    let finding = Finding::new(
        field.span,
        format!("Feature Maturity: {}", problems.join(", ")),
    )
    .help("list `DP: <version or N/A>`, `TP: <version or N/A>`, `GA: <version>`, or only `GA: <version>` for a feature GA from the start");
    vec![if form_only {
        finding.severity(Severity::Medium)
    } else {
        finding
    }]
}
