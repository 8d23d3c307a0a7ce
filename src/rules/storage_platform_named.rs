use crate::diagnostic::Finding;
use crate::model::Field;
use crate::prose::has_any;
use crate::recognise::{find_placeholders, is_empty_value};
use crate::rules::Context;

declare_rule! {
    /// The Storage environment field names no storage class, or Platform names no platform.
    ///
    /// Storage behaviour differs by provisioner (Ceph RBD, NFS, HPP, LVMS, ...), so the plan
    /// names the class it tests on, or says explicitly why any class will do ("any storage
    /// class: the tests use only the network"). Platform is likewise named (bare metal, AWS,
    /// PSI, ...). The rule fires on a Storage value that names no known class, provisioner or
    /// volume type and gives no "any class, because ..." reason, and on a Platform value that
    /// names no known platform. Empty values are `environment-fields`' finding.
    ///
    /// Blind spots: a class name the rule does not know (a custom class name without a
    /// storage word) is flagged; an invented class name with "ceph" in it passes.
    ///
    /// Fix: e.g. "Storage: ocs-storagecluster-ceph-rbd (ODF), RWX block" or "Storage: any
    /// class; the tests use only the pod network".
    code: "STP332",
    name: "storage-platform-named",
    spec: ["ENV-3"],
    severity: Medium,
    fixable: false,
    check: check,
}

const STORAGE_NAMES: &[&str] = &[
    "storage class*",
    "storageclass*",
    "ceph*",
    "rbd",
    "cephfs",
    "odf",
    "ocs*",
    "nfs",
    "hpp",
    "hostpath*",
    "host path",
    "lvms",
    "lvm",
    "local storage",
    "local volume*",
    "trident",
    "portworx",
    "netapp",
    "ontap",
    "gp2*",
    "gp3*",
    "ebs",
    "csi",
    "iscsi",
    "block",
    "filesystem",
    "rwx",
    "rwo",
    "readwritemany",
    "readwriteonce",
    "snapshot*",
    "default",
];

const ANY_CLASS: &[&str] = &[
    "any",
    "not relevant",
    "irrelevant",
    "no storage",
    "not required",
    "agnostic",
];

const PLATFORMS: &[&str] = &[
    "bare metal",
    "bare-metal",
    "baremetal",
    "bm",
    "aws",
    "azure",
    "gcp",
    "google cloud",
    "psi",
    "openstack",
    "vsphere",
    "vmware",
    "ibm*",
    "oci",
    "oracle",
    "nutanix",
    "rosa",
    "aro",
    "osd",
    "cloud",
    "on-prem*",
    "on prem*",
    "hypershift",
    "hcp",
    "any",
    "s390x",
    "arm*",
    "x86*",
    "virtualized",
    "nested",
];

fn said(field: &Field) -> Option<String> {
    let text = field.full_text();
    let placeholders = field.texts().any(|t| !find_placeholders(t).is_empty());
    (!placeholders && !is_empty_value(&text)).then(|| text.to_ascii_lowercase())
}

fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    if let Some(field) = ctx.stp.environment_field(&["storage"]) {
        if let Some(lower) = said(field) {
            if !has_any(&lower, STORAGE_NAMES) && !has_any(&lower, ANY_CLASS) {
                out.push(
                    Finding::new(field.value.span, "Storage names no storage class")
                        .help("name the class (e.g. ocs-storagecluster-ceph-rbd), or say why any class will do"),
                );
            }
        }
    }
    if let Some(field) = ctx.stp.environment_field(&["platform"]) {
        if let Some(lower) = said(field) {
            if !has_any(&lower, PLATFORMS) {
                out.push(
                    Finding::new(field.value.span, "Platform names no platform")
                        .help("name it: bare metal, AWS, PSI, ..."),
                );
            }
        }
    }
    out
}
