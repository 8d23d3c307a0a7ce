use crate::diagnostic::Finding;
use crate::prose::{find_in, mentioned};
use crate::rules::Context;

declare_rule! {
    /// The plan claims seamless (non-disruptive, no-restart) behaviour, but no acceptance
    /// criterion would fail if the workload were stopped and restored instead.
    ///
    /// A criterion that checks only the end state ("the disk is attached after the
    /// operation") also passes after a disruptive stop-and-restart. The rule looks for a
    /// continuity claim in the Feature Overview, requirements, acceptance criteria or goals
    /// ("seamless", "non-disruptive", "without downtime", "without restarting",
    /// "no reboot", "uninterrupted") and then for continuity evidence in the acceptance
    /// criteria: uptime, boot ID or boot count, no reboot or restart, the same process,
    /// connectivity or traffic kept during the operation, packet loss, "during",
    /// "throughout", "continuously".
    ///
    /// Blind spots: continuity promised in other words ("live", "hot") is not a claim here,
    /// because live migration and hotplug are named in most plans; evidence words are
    /// trusted without checking that the criterion really measures continuity.
    ///
    /// Fix: add a criterion that only passes if nothing was interrupted, e.g. "the guest's
    /// uptime keeps growing across the operation" or "ping loses no more than N packets".
    code: "STP206",
    name: "continuity-evidence",
    spec: ["REQ-5"],
    severity: Medium,
    fixable: false,
    check: check,
}

const CLAIMS: &[&str] = &[
    "seamless*",
    "non-disruptive*",
    "nondisruptive*",
    "non disruptive*",
    "without disruption",
    "without any disruption",
    "without service disruption",
    "without workload disruption",
    "without service interruption",
    "without downtime",
    "without any downtime",
    "zero downtime",
    "zero-downtime",
    "no downtime",
    "without restart*",
    "without rebooting",
    "without a reboot",
    "without reboot*",
    "without interruption",
    "without interrupting",
    "uninterrupted",
];

const EVIDENCE: &[&str] = &[
    "uptime",
    "boot id",
    "boot count",
    "boot time",
    "no reboot",
    "not reboot*",
    "no restart",
    "not restart*",
    "never restart*",
    "without reboot*",
    "without restart*",
    "same process",
    "pid",
    "packet loss",
    "packets",
    "ping",
    "during",
    "throughout",
    "continuous*",
    "uninterrupted",
    "downtime",
    "disruption",
    "interruption",
    "connectivity loss",
    "without loss",
    "stays running",
    "remains running",
    "keeps running",
];

fn check(ctx: &Context) -> Vec<Finding> {
    let stp = ctx.stp;
    if stp.acceptance_criteria.is_empty() {
        return Vec::new();
    }
    let claim_texts = stp
        .overview
        .iter()
        .chain(stp.requirements.iter().flat_map(|i| i.texts()))
        .chain(&stp.acceptance_criteria)
        .chain(stp.goals.iter().map(|g| &g.text));
    let Some((span, claim)) = find_in(claim_texts, CLAIMS) else {
        return Vec::new();
    };
    if mentioned(&stp.acceptance_criteria, EVIDENCE) {
        return Vec::new();
    }
    vec![Finding::new(
        span,
        format!(
            "the plan claims '{}' behavior, but no acceptance criterion would catch a stop-and-restore",
            claim.trim_end_matches('*')
        ),
    )
    .help("add a criterion that fails on any interruption (uptime, no reboot, traffic kept during the operation)")]
}
