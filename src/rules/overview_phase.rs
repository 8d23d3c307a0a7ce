use crate::diagnostic::Finding;
use crate::model::{DocKind, SectionKind};
use crate::recognise::has_version;
use crate::rules::Context;

declare_rule! {
    /// A feature with several maturity phases does not say which phase the plan covers.
    ///
    /// When Feature Maturity gives versions for more than one phase (say TP in 4.22 and GA in
    /// 5.0), the review checklist asks the overview to state the current phase and which one
    /// this plan covers, because the scope of testing differs between Tech Preview and GA.
    /// The overview passes when it names a phase ("Tech Preview", "TP", "Developer Preview",
    /// "GA", "General Availability").
    ///
    /// This check is not in the spec catalogue; it implements the Feature Overview item of the
    /// review checklist about multi-phase features (spec ID of our own: OVW-2).
    ///
    /// Fix: add a sentence such as "This plan covers the Tech Preview in 4.22."
    code: "STP111",
    name: "overview-phase",
    spec: ["OVW-2"],
    severity: Medium,
    fixable: false,
    check: check,
}

fn check(ctx: &Context) -> Vec<Finding> {
    let stp = ctx.stp;
    if stp.kind == DocKind::Child {
        return Vec::new();
    }
    let (Some(field), Some(overview)) = (
        stp.metadata_field(&["maturity", "target release"]),
        &stp.overview,
    ) else {
        return Vec::new();
    };
    let phases_with_versions = field
        .items
        .iter()
        .filter(|l| l.text.split_once(':').is_some_and(|(_, v)| has_version(v)))
        .count();
    if phases_with_versions < 2 {
        return Vec::new();
    }
    let text = overview.text.to_lowercase();
    let named = [
        "tech preview",
        "technology preview",
        "developer preview",
        "dev preview",
        "general availability",
    ]
    .iter()
    .any(|p| text.contains(p))
        || text
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| matches!(w, "tp" | "dp" | "ga"));
    if named {
        return Vec::new();
    }
    vec![Finding::new(ctx.anchor(SectionKind::Overview), "the overview does not say which maturity phase this plan covers")
        .help("Feature Maturity lists several phases; add e.g. \"This plan covers the Tech Preview in 4.22.\"")]
}
