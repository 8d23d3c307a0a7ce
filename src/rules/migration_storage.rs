use crate::diagnostic::Finding;
use crate::prose::{has_any, mentioned};
use crate::rules::Context;

declare_rule! {
    /// Scenarios live-migrate VMs, but Storage does not say the storage supports it.
    ///
    /// Live migration needs shared storage: ReadWriteMany (RWX) volumes, in block or
    /// filesystem mode. When the goals or scenarios live-migrate VMs, the Storage field
    /// should state it. The rule fires when they mention live migration and Storage mentions
    /// none of RWX, ReadWriteMany, shared, access mode, volume mode, block, migratable or
    /// live migration. A storage class name alone (`ocs-storagecluster-ceph-rbd-virtualization`)
    /// does not state it: reviewers ask for the access and volume mode even for a class
    /// known to provide them, since the same backend also serves RWO classes.
    ///
    /// Blind spots: "migration" of other kinds (storage migration, MTV imports) is not
    /// counted.
    ///
    /// Fix: e.g. "Storage: ocs-storagecluster-ceph-rbd-virtualization (RWX, block) for live
    /// migration".
    code: "STP335",
    name: "migration-storage",
    spec: ["ENV-6"],
    severity: Low,
    fixable: false,
    check: check,
}

const LIVE_MIGRATION: &[&str] = &[
    "live migrat*",
    "live-migrat*",
    "migrate the vm*",
    "migrates the vm*",
    "vm migration*",
    "migration of the vm*",
];

const SHARED_STORAGE: &[&str] = &[
    "rwx",
    "readwritemany",
    "read-write-many",
    "shared",
    "access mode*",
    "volume mode*",
    "block",
    "migratable",
    "live migrat*",
];

fn check(ctx: &Context) -> Vec<Finding> {
    let stp = ctx.stp;
    let Some(storage) = stp.environment_field(&["storage"]) else {
        return Vec::new();
    };
    // The one field first: it settles most plans without reading every scenario.
    let said = storage.full_text().to_ascii_lowercase();
    if said.trim().is_empty() || has_any(&said, SHARED_STORAGE) {
        return Vec::new();
    }
    let texts = stp.goals.iter().map(|g| &g.text).chain(
        stp.scenarios
            .iter()
            .flat_map(|s| s.text.iter().chain(&s.summary)),
    );
    if !mentioned(texts, LIVE_MIGRATION) {
        return Vec::new();
    }
    let written = storage.value.text.trim();
    let message = if written.is_empty() || written.chars().count() > 60 {
        "the scenarios live-migrate VMs, but Storage does not say it provides shared (RWX) volumes"
            .to_string()
    } else {
        format!(
            "the scenarios live-migrate VMs, but Storage ('{written}') does not say it provides shared (RWX) volumes"
        )
    };
    vec![Finding::new(storage.value.span, message)
        .help("state the RWX storage class (and volume mode) the migrations use")]
}
