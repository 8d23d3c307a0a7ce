use crate::diagnostic::Finding;
use crate::rules::Context;
use crate::trace::THRESHOLD;

declare_rule! {
    /// A testing goal has no matching scenario, or its matching scenarios have another
    /// priority.
    ///
    /// Every new-feature goal of II.1 is implemented by at least one scenario of III, at the
    /// same priority. Goals and scenarios are matched by text: the share of the goal's content
    /// words (stemmed; stop words and "verify"-like words left out; each weighted by how rare
    /// it is among the plan's goals, criteria and scenarios) that a scenario, together with
    /// the other scenarios of its requirement, also uses. A goal matches at 0.3 or more. The
    /// rule fires on a goal whose best scenario stays below that, and on a matched goal none
    /// of whose matching scenarios has the goal's priority. Regression goals, and goals that
    /// only name a test suite, are not matched: regression is not listed as scenarios. `stp trace --in-document FILE`
    /// shows the scores and the shared words.
    ///
    /// Blind spots: a scenario that implements a goal in entirely different words is missed
    /// (reported as unmatched); a scenario that shares the goal's rare words without testing
    /// it counts as a match.
    ///
    /// Fix: add a scenario for the goal (or reword one so the link is visible), and give the
    /// pair the same priority.
    code: "STP404",
    name: "goal-scenario",
    spec: ["SCN-4"],
    severity: Critical,
    fixable: false,
    check: check,
}

fn check(ctx: &Context) -> Vec<Finding> {
    let stp = ctx.stp;
    if stp.scenarios.is_empty() || stp.goals.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for m in &ctx.trace().goals {
        let goal = &stp.goals[m.index];
        if !m.matched() {
            let best = m
                .candidates
                .first()
                .map(|c| format!("best {:.2}", c.score))
                .unwrap_or_else(|| "no shared words".into());
            out.push(
                Finding::new(
                    goal.text.span,
                    format!("no scenario matches this goal ({best}, needs {THRESHOLD:.2})"),
                )
                .help("add a scenario that implements the goal; `stp trace --in-document` shows the matching"),
            );
            continue;
        }
        let (Some(priority), true) = (m.priority, m.matches().all(|c| c.priority.is_some())) else {
            continue;
        };
        if m.matches().any(|c| c.priority == Some(priority)) {
            continue;
        }
        let c = &m.candidates[0];
        let scenario = &stp.scenarios[c.scenario];
        let line = ctx.source.line_col(scenario.span.start).line;
        out.push(
            Finding::new(
                goal.priority.map(|p| p.span).unwrap_or(goal.text.span),
                format!(
                    "goal is P{priority}, but its matching scenario (line {line}) is P{}",
                    c.priority.unwrap_or_default()
                ),
            )
            .help("give the goal and the scenario that implements it the same priority"),
        );
    }
    out
}
