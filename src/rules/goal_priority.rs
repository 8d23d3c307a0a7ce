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
    /// A Testing Goals section that only points to where the goals are ("Detailed in Scope
    /// of Testing") is not reported as empty.
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
        // "Detailed in _Scope of Testing_ section.": the goals are written elsewhere, and
        // the pointer says where.
        let points_elsewhere = stp.section(SectionKind::Goals).is_some_and(|s| {
            let body = ctx.text().get(s.body.range()).unwrap_or("");
            let lead = body
                .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | '>'))
                .to_ascii_lowercase();
            [
                "detailed in",
                "see ",
                "refer to",
                "covered in",
                "described in",
                "listed in",
                "defined in",
            ]
            .iter()
            .any(|p| lead.starts_with(p))
        });
        if points_elsewhere {
            return Vec::new();
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
