use crate::diagnostic::Finding;
use crate::prose::find_any;
use crate::rules::Context;

declare_rule! {
    /// A scenario's tier does not fit what it does.
    ///
    /// Tier 1 is a single, isolated operation; upgrades, end-to-end workflows and
    /// multi-feature integration are Tier 2; long, heavy or dedicated-cycle runs (scale,
    /// stress, soak, performance) are Tier 3. The rule fires on a Tier 1 scenario that names
    /// an upgrade, an end-to-end workflow, or a scale/stress/soak/performance run, and on a
    /// Tier 2 scenario that names a scale/stress/soak/performance run. A Tier 1 scenario that
    /// combines the feature with another platform workflow (live migration, snapshots,
    /// hotplug, cloning, credential injection) is a multi-feature
    /// integration and fires too, unless the plan's title names that workflow (then it is the
    /// feature itself, and a single migration or snapshot is Tier 1).
    ///
    /// Blind spots: only these words are known; a Tier 3 scenario that is really a cheap
    /// single operation is not flagged.
    ///
    /// Fix: move the scenario to the tier its cost and scope call for.
    code: "STP407",
    name: "tier-fit",
    spec: ["SCN-7"],
    severity: Low,
    fixable: false,
    check: check,
}

const TIER_2: &[&str] = &["upgrad*", "end-to-end", "end to end", "e2e"];

/// Other platform workflows: how scenarios name them, and the words a title uses for them.
const OTHER_FEATURES: &[(&str, &[&str])] = &[
    ("live migrat*", &["migrat*"]),
    ("live-migrat*", &["migrat*"]),
    ("snapshot*", &["snapshot*"]),
    ("hotplug*", &["hotplug*", "hot-plug*"]),
    ("clone", &["clon*"]),
    ("cloning", &["clon*"]),
    ("credential injection", &["credential*", "ssh"]),
    ("ssh key injection", &["credential*", "ssh"]),
];
const TIER_3: &[&str] = &[
    "scale",
    "at scale",
    "stress*",
    "soak*",
    "longevity",
    "long-running",
    "long running",
    "performance",
    "load test*",
];

fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    let title = ctx
        .stp
        .title
        .as_ref()
        .map(|t| t.text.text.to_ascii_lowercase())
        .unwrap_or_default();
    for scenario in &ctx.stp.scenarios {
        let (Some(tier), Some(text)) = (scenario.tier, &scenario.text) else {
            continue;
        };
        let lower = text.text.to_ascii_lowercase();
        let (want, hit) = match tier.level {
            1 => match find_any(&lower, TIER_3) {
                Some(hit) => (3, hit),
                None => match find_any(&lower, TIER_2).or_else(|| other_feature(&lower, &title)) {
                    Some(hit) => (2, hit),
                    None => continue,
                },
            },
            2 => match find_any(&lower, TIER_3) {
                Some(hit) => (3, hit),
                None => continue,
            },
            _ => continue,
        };
        let (range, _) = hit;
        out.push(
            Finding::new(
                tier.span,
                format!(
                    "Tier {} scenario mentions '{}', which calls for Tier {want}",
                    tier.level, &text.text[range]
                ),
            )
            .help(format!(
                "use Tier {want} ({})",
                if want == 2 {
                    "upgrades, end-to-end and multi-feature workflows"
                } else {
                    "long, heavy or dedicated-cycle runs"
                }
            )),
        );
    }
    out
}

/// A platform workflow the scenario combines with the feature, unless the title names it.
fn other_feature<'p>(lower: &str, title: &str) -> Option<(std::ops::Range<usize>, &'p str)> {
    OTHER_FEATURES.iter().find_map(|(phrase, in_title)| {
        if crate::prose::has_any(title, in_title) {
            return None;
        }
        find_any(lower, &[phrase]).map(|(r, _)| (r, *phrase))
    })
}
