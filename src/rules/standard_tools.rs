use crate::diagnostic::Finding;
use crate::prose::find_any;
use crate::rules::Context;

declare_rule! {
    /// Testing Tools lists a standard tool.
    ///
    /// The section is for what a reader would not assume: new tools, special jobs or lanes.
    /// The team's standard kit (pytest, the openshift-virtualization-tests framework, `oc`,
    /// `kubectl`, `virtctl`, Polarion, the standard CI) goes without saying. The rule fires on
    /// a tools field whose value names one of those. The template's own defaults ("Standard",
    /// "N/A", "None") are fine and never fire.
    ///
    /// Blind spots: other common tools (e.g. a well-known load generator) are not recognised
    /// as standard.
    ///
    /// Fix: remove the standard tool, or write "Standard".
    code: "STP336",
    name: "standard-tools",
    spec: ["TOOL-1"],
    severity: Low,
    fixable: false,
    check: check,
}

const STANDARD_TOOLS: &[&str] = &[
    "pytest*",
    "openshift-virtualization-tests",
    "oc",
    "kubectl",
    "virtctl",
    "polarion",
    "tox",
    "standard ci",
];

fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for field in &ctx.stp.tools {
        for text in field.texts() {
            let lower = text.text.to_ascii_lowercase();
            // "Standard (openshift-virtualization-tests)" is the template's default.
            if lower.trim_start().starts_with("standard") {
                continue;
            }
            if let Some((range, _)) = find_any(&lower, STANDARD_TOOLS) {
                out.push(
                    Finding::new(
                        text.source_span(range.clone()),
                        format!("'{}' is a standard tool", &text.text[range]),
                    )
                    .help("list only new or non-standard tools (or write \"Standard\")"),
                );
            }
        }
    }
    out
}
