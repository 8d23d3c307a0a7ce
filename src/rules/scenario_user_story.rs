use crate::diagnostic::Finding;
use crate::recognise::{find_placeholders, is_user_story};
use crate::rules::Context;

declare_rule! {
    /// A requirement summary in the scenarios is not a user story.
    ///
    /// The summary next to the requirement ID reads "As a <role>, I want ..." so the table
    /// stays about what users experience. Checked on every scenario that has a summary,
    /// continuation rows included.
    ///
    /// Fix: rewrite the summary as "As a <role>, I want <action>".
    code: "STP402",
    name: "scenario-user-story",
    spec: ["SCN-2"],
    severity: Medium,
    fixable: false,
    check: check,
}

fn check(ctx: &Context) -> Vec<Finding> {
    ctx.stp
        .scenarios
        .iter()
        .filter_map(|s| s.summary.as_ref())
        .filter(|t| find_placeholders(t).is_empty() && !t.text.trim_end().ends_with("..."))
        .filter(|t| !is_user_story(&t.text))
        .map(|t| {
            Finding::new(t.span, "requirement summary is not a user story")
                .help("write it as \"As a <role>, I want <action>\"")
        })
        .collect()
}
