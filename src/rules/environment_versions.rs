use crate::diagnostic::Finding;
use crate::recognise::{find_placeholders, has_version};
use crate::rules::Context;

declare_rule! {
    /// The OCP and OpenShift Virtualization versions are not explicit numbers.
    ///
    /// Version traceability needs numbers: "OCP 4.22 with OpenShift Virtualization 4.22".
    /// Qualified ranges are fine ("4.22 and later", "4.22 onward", "4.21 (and up)"); words
    /// such as "latest" or "current" are not. In the older table layout the examples cell is
    /// read when the Configuration cell is empty.
    ///
    /// Fix: write the versions, e.g. `OCP 4.22 with OpenShift Virtualization 4.22`.
    code: "STP331",
    name: "environment-versions",
    spec: ["ENV-2"],
    severity: High,
    fixable: false,
    check: check,
}

fn check(ctx: &Context) -> Vec<Finding> {
    let Some(field) = ctx
        .stp
        .environment
        .iter()
        .find(|f| f.key.contains("version"))
    else {
        return Vec::new();
    };
    if !find_placeholders(&field.value).is_empty() {
        return Vec::new();
    }
    let mut text = field.full_text();
    if let Some(note) = &field.note {
        text.push(' ');
        text.push_str(&note.text);
    }
    if text.trim().is_empty() || has_version(&text) {
        return Vec::new(); // empty fields are `environment-fields`' business
    }
    vec![Finding::new(field.span, "OCP and OpenShift Virtualization versions are not explicit")
        .help("write version numbers, e.g. `OCP 4.22 with OpenShift Virtualization 4.22` (\"4.22 and later\" is fine)")]
}
