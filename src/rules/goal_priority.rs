use crate::diagnostic::Finding;
use crate::model::SectionKind;
use crate::rules::Context;

declare_rule! {
    /// Testing goals are missing, or a goal has no priority.
    ///
    /// Each goal starts with its priority: `[P0]` blocks GA, `[P1]` is needed for full
    /// coverage, `[P2]` can be deferred. Priorities let reviewers match goals to scenarios
    /// and decide what may slip. Goals listed under "Regression Goals" are held to the same
    /// rule.
    ///
    /// Fix: start each goal with `**[P0]**`, `**[P1]**` or `**[P2]**`; add goals if there are none.
    code: "STP301",
    name: "goal-priority",
    spec: ["GOAL-1"],
    severity: High,
    fixable: false,
    check: check,
}

fn check(ctx: &Context) -> Vec<Finding> {
    let stp = ctx.stp;
    if stp.goals.is_empty() {
        if !stp.has_section(SectionKind::Goals) && !stp.has_section(SectionKind::Scope) {
            return Vec::new(); // missing-section reports it
        }
        let anchor = stp
            .section(SectionKind::Goals)
            .or(stp.section(SectionKind::Scope))
            .map(|s| s.span)
            .unwrap_or_default();
        return vec![Finding::new(anchor, "no testing goals are listed")
            .help("list the goals as `- **[P0]** <what is verified>`")];
    }
    stp.goals
        .iter()
        .filter(|g| g.priority.is_none())
        .map(|g| {
            Finding::new(g.text.span, "testing goal has no priority")
                .help("start it with `**[P0]**`, `**[P1]**` or `**[P2]**`")
        })
        .collect()
}
