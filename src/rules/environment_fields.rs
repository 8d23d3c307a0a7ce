use crate::diagnostic::Finding;
use crate::model::{DocKind, SectionKind};
use crate::rules::Context;

declare_rule! {
    /// A Test Environment field is missing or empty.
    ///
    /// The ten fields are Cluster Topology, OCP & OpenShift Virtualization Version(s), CPU
    /// Virtualization, Compute Resources, Special Hardware, Storage, Network, Required
    /// Operators, Platform and Special Configurations. Each is filled or says `N/A`; an empty
    /// field is an unanswered question. In the older table layout a field whose
    /// Configuration cell is empty but whose examples cell answers it counts as filled.
    ///
    /// A child STP's environment is the parent's: it lists only what its SIG needs beyond
    /// it, so a child is not asked for missing fields; a field it lists must not be empty.
    ///
    /// Fix: add the field, or write `N/A`.
    code: "STP330",
    name: "environment-fields",
    spec: ["ENV-1"],
    severity: High,
    fixable: false,
    check: check,
}

pub const FIELDS: [(&str, &[&str]); 10] = [
    ("Cluster Topology", &["topology"]),
    ("OCP & OpenShift Virtualization Version(s)", &["version"]),
    ("CPU Virtualization", &["cpu"]),
    ("Compute Resources", &["compute"]),
    ("Special Hardware", &["hardware"]),
    ("Storage", &["storage"]),
    ("Network", &["network"]),
    ("Required Operators", &["operator"]),
    ("Platform", &["platform"]),
    (
        "Special Configurations",
        &["special config", "configuration"],
    ),
];

fn check(ctx: &Context) -> Vec<Finding> {
    let stp = ctx.stp;
    if !stp.has_section(SectionKind::Environment)
        || (stp.kind == DocKind::Child && stp.environment.is_empty())
    {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut missing = Vec::new();
    for (name, words) in FIELDS {
        let field = stp
            .environment
            .iter()
            .find(|f| words.iter().any(|w| f.key.contains(w)));
        match field {
            None => missing.push(name),
            Some(f) if f.is_empty() && f.note.as_ref().is_none_or(|n| n.is_blank()) => out.push(
                Finding::new(f.span, format!("Test Environment field '{name}' is empty"))
                    .help("fill it, or write `N/A` if it does not apply"),
            ),
            Some(_) => {}
        }
    }
    if !missing.is_empty() && stp.kind != DocKind::Child {
        out.insert(
            0,
            Finding::new(
                ctx.anchor(SectionKind::Environment),
                format!("Test Environment has no {}", missing.join(", ")),
            )
            .help("add each field as `- **<Field>:** <value or N/A>`"),
        );
    }
    out
}
