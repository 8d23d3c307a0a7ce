use crate::diagnostic::Finding;
use crate::prose::find_any;
use crate::rules::Context;

declare_rule! {
    /// A networking goal names the interface binding but not the network it runs on.
    ///
    /// A goal must name every configuration dimension a test author needs. For VM
    /// networking that is both the binding (masquerade, bridge, SR-IOV, passt, l2bridge) and
    /// the network type or CNI (pod network, secondary network, OVN-Kubernetes, Linux
    /// bridge, localnet, user-defined network). The rule fires on a goal (with its nested
    /// lines) that names a binding but no network. (The user-language half of GOAL-3 is
    /// `implementation-language`'s.)
    ///
    /// A goal that is only a label — one or two words and no details ("UI", "Monitoring") —
    /// names an area, not an outcome anyone can test, and is reported too. Goals that name a
    /// test suite or tier are `regression-goals`' business.
    ///
    /// Blind spots: only networking dimensions are known; a goal that names a network but no
    /// binding passes, because the binding is often implied by the network (SR-IOV, pod
    /// network); a goal that names the network in another section is still flagged.
    ///
    /// Fix: name both, e.g. "[P0] VMs with a bridge binding on a Linux-bridge secondary
    /// network keep connectivity across live migration".
    code: "STP303",
    name: "goal-dimensions",
    spec: ["GOAL-3"],
    severity: Medium,
    fixable: false,
    check: check,
}

const BINDINGS: &[&str] = &[
    "masquerade",
    "bridge binding",
    "binding",
    "bindings",
    "sr-iov",
    "sriov",
    "passt",
    "l2bridge",
    "macvtap",
];

const NETWORKS: &[&str] = &[
    "pod network",
    "primary network",
    "primary interface",
    "primary udn",
    "secondary network*",
    "secondary interface*",
    "secondary nic*",
    "ovn*",
    "linux bridge",
    "linux-bridge",
    "localnet",
    "user-defined network*",
    "user defined network*",
    "udn",
    "cni",
    "multus",
    "nad",
    "network attachment*",
    "sr-iov network*",
    "default network",
    "cluster network",
    "clusterip",
    "service*",
];

fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for goal in ctx.stp.goals.iter().filter(|g| !g.regression) {
        if is_label(goal) {
            out.push(
                Finding::new(
                    goal.text.span,
                    format!(
                        "goal '{}' names an area, not an outcome anyone can test",
                        goal.text.trimmed()
                    ),
                )
                .help("say what the user observes when the goal is met, e.g. \"the console shows the VM's IPv6 address\""),
            );
            continue;
        }
        let all: String = std::iter::once(&goal.text)
            .chain(&goal.details)
            .map(|t| t.text.to_ascii_lowercase())
            .collect::<Vec<_>>()
            .join("\n");
        let binding = find_any(&all, BINDINGS);
        let network = find_any(&all, NETWORKS);
        let (Some((_, b)), None) = (&binding, &network) else {
            continue;
        };
        let message = format!("goal names the binding ('{b}') but not the network or CNI");
        let goal_text = goal.text.text.to_ascii_lowercase();
        let span = find_any(&goal_text, BINDINGS)
            .map(|(r, _)| goal.text.source_span(r))
            .unwrap_or(goal.text.span);
        out.push(
            Finding::new(span, message)
                .help("name both the binding and the network type (e.g. bridge on a Linux-bridge secondary network)"),
        );
    }
    out
}

/// A goal of one or two words with no details and no test suite in it: a heading, not a goal.
fn is_label(goal: &crate::model::Goal) -> bool {
    let text = goal.text.trimmed();
    goal.details.iter().all(|d| d.is_blank())
        && !text.is_empty()
        && crate::prose::words(text).count() <= 2
        && !crate::recognise::names_test_suite(text)
}
