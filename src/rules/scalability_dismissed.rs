use crate::diagnostic::Finding;
use crate::prose::{has_any, mentioned};
use crate::rules::Context;

declare_rule! {
    /// Scalability is dismissed as "no new scale requirements" although the feature rides on
    /// a mechanism that has cluster-level limits.
    ///
    /// Live migration, storage migration, snapshots and cloning all run under cluster-wide
    /// parallelism and bandwidth limits; a feature that uses them inherits those limits even
    /// when it adds no scale requirement of its own. The rule reads the Scalability line of
    /// the NFRs: when it dismisses scale ("no new scale requirements", "N/A", "not
    /// applicable") without naming a limit (limit, parallel, concurrent, bandwidth, maximum)
    /// and the plan's goals, scenarios or overview use one of those mechanisms, it fires.
    ///
    /// A dismissal that says scale is inherited from, or delegated to, an existing mechanism
    /// ("scales with the existing controller") is an accepted convention and passes.
    ///
    /// Blind spots: mechanisms named in other words (e.g. "evacuation") are not recognised;
    /// a line that names a limit only in passing satisfies the rule.
    ///
    /// Fix: acknowledge the mechanism's limits, e.g. "relies on live migration; bounded by
    /// the cluster's parallel migration limits, which we keep at their defaults".
    code: "STP207",
    name: "scalability-dismissed",
    spec: ["NFR-2"],
    severity: Medium,
    fixable: false,
    check: check,
}

const DISMISSALS: &[&str] = &[
    "no new scale",
    "no new scalability",
    "no scale",
    "no scalability",
    "no additional scale",
    "no specific scale",
    "not applicable",
    "n/a",
    "none",
    "no impact",
    "not required",
    "no requirement*",
];

const LIMITS: &[&str] = &[
    "limit*",
    "parallel*",
    "concurren*",
    "bandwidth",
    "maximum",
    "max",
    "throttl*",
    "bulk",
];

/// Wording that says scale is inherited from, or delegated to, an existing mechanism.
const DELEGATED: &[&str] = &[
    "scales with",
    "scale with",
    "inherit*",
    "delegat*",
    "existing",
    "same as",
];

/// Mechanisms with cluster-level limits: how plans mention them, and their name.
const MECHANISMS: &[(&str, &str)] = &[
    ("live migrat*", "live migration"),
    ("live-migrat*", "live migration"),
    ("storage migration", "storage migration"),
    ("storage live migration", "storage migration"),
    ("snapshot*", "snapshots"),
    ("clone", "cloning"),
    ("clones", "cloning"),
    ("cloning", "cloning"),
];

fn check(ctx: &Context) -> Vec<Finding> {
    if ctx.stp.kind == crate::model::DocKind::Child {
        // A child's NFR bullets may be brief and defer to the parent, which reviewers accept.
        return Vec::new();
    }
    let stp = ctx.stp;
    let Some(line) = stp.nfr_line(&["scal"]) else {
        return Vec::new();
    };
    let lower = line.text.to_ascii_lowercase();
    if !has_any(&lower, DISMISSALS) || has_any(&lower, LIMITS) || has_any(&lower, DELEGATED) {
        return Vec::new();
    }
    let plan = stp
        .overview
        .iter()
        .chain(stp.goals.iter().map(|g| &g.text))
        .chain(
            stp.scenarios
                .iter()
                .flat_map(|s| s.text.iter().chain(&s.summary)),
        );
    let Some((_, mechanism)) = MECHANISMS
        .iter()
        .find(|(phrase, _)| mentioned(plan.clone(), &[phrase]))
    else {
        return Vec::new();
    };
    vec![Finding::new(
        line.span,
        format!(
            "Scalability is dismissed, but the plan relies on {} and its cluster-level limits",
            mechanism
        ),
    )
    .help("acknowledge the mechanism's scale limits (parallelism, bandwidth) and how they apply")]
}
