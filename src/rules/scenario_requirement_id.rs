use crate::diagnostic::Finding;
use crate::model::Layout;
use crate::recognise::{is_only_placeholder, jira_keys};
use crate::rules::Context;

declare_rule! {
    /// A test scenario has no Jira requirement ID.
    ///
    /// Traceability runs from the Jira requirement to the scenario to the automated test;
    /// every scenario names its requirement with a Jira key (`CNV-72112`, `VIRTSTRAT-480`,
    /// optionally with a suffix or "(epic)"). Continuation rows or items under the same
    /// requirement may leave the ID blank. An ID that is only a template placeholder, such as
    /// `[TBD]` or `[Jira-123]`, is `template-placeholder`'s finding, at the same severity: one
    /// defect, reported once.
    ///
    /// Fix: write the requirement's Jira key, e.g. `**[CNV-12345]**`.
    code: "STP401",
    name: "scenario-requirement-id",
    spec: ["SCN-1"],
    severity: Critical,
    fixable: false,
    check: check,
}

fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    let placeholders_reported = ctx.runs(&super::template_placeholder::RULE);
    let help = if ctx.stp.layout == Layout::Table {
        "write the requirement's Jira key in the Requirement ID cell, e.g. `CNV-12345`"
    } else {
        "name the requirement, e.g. `**[CNV-12345]** — As a ...`"
    };
    for s in &ctx.stp.scenarios {
        match &s.requirement {
            None if s.continuation => {}
            None => {
                out.push(Finding::new(s.span, "scenario has no Jira requirement ID").help(help))
            }
            Some(id) if is_only_placeholder(id) && placeholders_reported => {}
            Some(id) if jira_keys(&id.text).next().is_none() => out.push(
                Finding::new(
                    id.span,
                    format!("requirement ID `{}` is not a Jira key", id.trimmed()),
                )
                .help("use the Jira key of the requirement, e.g. `CNV-12345`"),
            ),
            Some(_) => {}
        }
    }
    out
}
