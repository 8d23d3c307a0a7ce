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
    /// Tier 2 scenario that names a scale/stress/soak/performance run.
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
    for scenario in &ctx.stp.scenarios {
        let (Some(tier), Some(text)) = (scenario.tier, &scenario.text) else {
            continue;
        };
        let lower = text.text.to_ascii_lowercase();
        let (want, hit) = match tier.level {
            1 => match find_any(&lower, TIER_3) {
                Some(hit) => (3, hit),
                None => match find_any(&lower, TIER_2) {
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
