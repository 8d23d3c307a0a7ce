use crate::diagnostic::Finding;
use crate::prose::{find_any, has_any};
use crate::rules::Context;

declare_rule! {
    /// Required Operators leaves out an operator that the rest of the environment needs.
    ///
    /// The environment implies operators: LVMS storage needs the LVM Storage operator,
    /// secondary Linux-bridge or localnet networks the NMState operator, SR-IOV NICs the
    /// SR-IOV Network Operator, GPUs the NVIDIA GPU Operator, MTV migrations the MTV
    /// operator. The rule reads the Storage, Network, Special Hardware and Special
    /// Configurations fields, and the goals and scenarios, and fires when Required Operators
    /// does not name the operator one of them implies.
    ///
    /// Blind spots: only these pairs are known; an operator named by a nickname the rule does
    /// not know is reported as missing. ODF storage without the ODF operator is the
    /// template's own default and is not flagged.
    ///
    /// Fix: add the operator, e.g. "Required Operators: OpenShift Virtualization,
    /// Kubernetes NMState Operator".
    code: "STP334",
    name: "required-operators",
    spec: ["ENV-5"],
    severity: Low,
    fixable: false,
    check: check,
}

/// What the environment says, and the names under which the operator it needs is listed.
const IMPLIED: &[(&[&str], &str, &[&str])] = &[
    (
        &["lvms", "lvm storage"],
        "the LVM Storage operator",
        &["lvms", "lvm"],
    ),
    (
        &[
            "linux bridge",
            "linux-bridge",
            "localnet",
            "nncp",
            "nmstate",
            "bond*",
            "vlan*",
        ],
        "the NMState operator",
        &["nmstate", "nm-state", "nm state"],
    ),
    (
        &["sr-iov", "sriov"],
        "the SR-IOV Network Operator",
        &["sr-iov", "sriov"],
    ),
    (&["gpu*", "vgpu*"], "the GPU operator", &["gpu", "nvidia"]),
    (
        &["mtv", "forklift", "migration toolkit"],
        "the MTV operator",
        &["mtv", "forklift", "migration toolkit"],
    ),
];

fn check(ctx: &Context) -> Vec<Finding> {
    let stp = ctx.stp;
    let Some(operators) = stp.environment_field(&["operator"]) else {
        return Vec::new();
    };
    let listed = operators.full_text().to_ascii_lowercase();
    let mut sources: Vec<(String, String)> =
        ["storage", "network", "special hardware", "special config"]
            .iter()
            .filter_map(|k| stp.environment_field(&[k]))
            .map(|f| {
                (
                    f.label.trim_end_matches(':').to_string(),
                    f.full_text().to_ascii_lowercase(),
                )
            })
            .collect();
    let plan: Vec<String> = stp
        .goals
        .iter()
        .map(|g| &g.text)
        .chain(
            stp.scenarios
                .iter()
                .flat_map(|s| s.text.iter().chain(&s.summary)),
        )
        .map(|t| t.text.to_ascii_lowercase())
        .collect();
    sources.push(("Goals and scenarios".to_string(), plan.join("\n")));
    let mut out = Vec::new();
    for (label, said) in &sources {
        for (signals, operator, names) in IMPLIED {
            let Some((_, signal)) = find_any(said, signals) else {
                continue;
            };
            let already = out.iter().any(|f: &Finding| f.message.contains(operator));
            if already || names.iter().any(|n| listed.contains(n)) {
                continue;
            }
            // "no SR-IOV", "N/A": the field mentions the thing to rule it out.
            if has_any(said, &["no", "not", "n/a", "none"]) && said.len() < 40 {
                continue;
            }
            out.push(
                Finding::new(
                    operators.value.span,
                    format!(
                        "{} mention '{}', but Required Operators does not list {operator}",
                        label,
                        signal.trim_end_matches('*')
                    ),
                )
                .help(format!("add {operator} to Required Operators")),
            );
        }
    }
    out
}
