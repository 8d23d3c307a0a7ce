use crate::diagnostic::Finding;
use crate::prose::has_any;
use crate::rules::Context;

declare_rule! {
    /// Platform and topology disagree: a virtualised lab platform with a bare-metal topology.
    ///
    /// PSI and other OpenStack-based or nested platforms run the cluster's nodes as VMs; a
    /// plan that needs bare-metal nodes (for real hardware virtualisation, SR-IOV, GPUs) and
    /// names such a platform leaves the reader unsure where the tests run. The rule fires when
    /// Platform names a virtualised platform (PSI, OpenStack, nested, virtualized) and no
    /// bare-metal platform, while Cluster Topology, CPU Virtualization or Special Hardware
    /// asks for bare metal.
    ///
    /// Blind spots: other virtualised platforms (public-cloud VMs) are not considered; a plan
    /// that uses both on purpose but says so elsewhere is flagged.
    ///
    /// Fix: name the platform the bare-metal runs use, or explain the split (e.g. "PSI for
    /// functional tests; bare metal for SR-IOV").
    code: "STP333",
    name: "platform-topology",
    spec: ["ENV-4"],
    severity: Low,
    fixable: false,
    check: check,
}

/// "PSI" (an OpenStack-based lab) is an accepted Platform value on its own: reviewers
/// accepted it beside bare-metal topologies, so only generic virtualised platforms count.
const VIRTUAL_PLATFORMS: &[&str] = &["openstack", "nested", "virtualized", "virtualised"];
const BARE_METAL: &[&str] = &["bare metal", "bare-metal", "baremetal", "bm"];

fn check(ctx: &Context) -> Vec<Finding> {
    let stp = ctx.stp;
    let Some(platform) = stp.environment_field(&["platform"]) else {
        return Vec::new();
    };
    let p = platform.full_text().to_ascii_lowercase();
    if !has_any(&p, VIRTUAL_PLATFORMS) || has_any(&p, BARE_METAL) {
        return Vec::new();
    }
    let wants_bare_metal = ["topology", "cpu virtuali", "special hardware"]
        .iter()
        .filter_map(|k| stp.environment_field(&[k]))
        .find(|f| has_any(&f.full_text().to_ascii_lowercase(), BARE_METAL));
    let Some(field) = wants_bare_metal else {
        return Vec::new();
    };
    vec![Finding::new(
        platform.value.span,
        format!(
            "Platform is a virtualized lab, but {} asks for bare metal",
            field.label.trim_end_matches(':')
        ),
    )
    .help("name the platform that provides bare-metal nodes, or explain which tests run where")]
}
