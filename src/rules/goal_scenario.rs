use crate::diagnostic::{Finding, Severity};
use crate::rules::Context;

declare_rule! {
    /// A testing goal has no matching scenario, or its matching scenarios have another
    /// priority.
    ///
    /// Every new-feature goal of II.1 is implemented by at least one scenario of III, at the
    /// same priority. Goals and scenarios are matched by text, scenario by scenario: the share
    /// of the goal's content words (stemmed; numbers, stop words and "verify"-like words left
    /// out; each weighted by how rare it is among the plan's goals, criteria and scenarios)
    /// that the scenario also uses, at 0.3 or more, with at least two shared words or one
    /// rare one. Only when no single scenario matches are the scenarios of one real Jira
    /// requirement pooled. The rule fires on a goal no scenario matches, and on a matched goal
    /// none of whose matching scenarios has the goal's priority. Regression goals, and goals
    /// that only name a test suite, are not matched: regression is not listed as scenarios.
    ///
    /// The other direction is reported once per plan, at LOW: the scenarios that share no
    /// specific word with any goal (regression rows left out), named by line; plans in the
    /// older table layout only with `--strict-layout`.
    /// `stp trace --in-document FILE` shows the evidence per scenario.
    ///
    /// Severity: MEDIUM. The catalogue rates a goal without a scenario CRITICAL, but the
    /// matching is a text-similarity heuristic, and heuristics stay at MEDIUM or below (see
    /// the severity policy in the README).
    ///
    /// Blind spots: a scenario that implements a goal in entirely different words is missed
    /// (reported as unmatched); a scenario that shares the goal's rare words without testing
    /// it counts as a match. A plan with more than 100,000 goal-or-criterion × scenario pairs
    /// (none is real) is not traced.
    ///
    /// Fix: add a scenario for the goal (or reword one so the link is visible), and give the
    /// pair the same priority.
    code: "STP404",
    name: "goal-scenario",
    spec: ["SCN-4"],
    severity: Medium,
    fixable: false,
    check: check,
}

fn check(ctx: &Context) -> Vec<Finding> {
    let stp = ctx.stp;
    if stp.scenarios.is_empty() || stp.goals.is_empty() {
        return Vec::new();
    }
    let trace = ctx.trace();
    let mut out = Vec::new();
    for m in &trace.goals {
        let goal = &stp.goals[m.index];
        if !m.matched() {
            out.push(
                Finding::new(goal.text.span, "no test scenario covers this goal")
                    .help("add a scenario that implements the goal, or reword one so the link is visible; `stp trace --in-document` shows the closest scenarios"),
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
                    "goal is P{priority}, but the scenario that covers it (line {line}) is P{}",
                    c.priority.unwrap_or_default()
                ),
            )
            .help("give the goal and the scenario that implements it the same priority"),
        );
    }
    // Like `criterion-scenario`, the older table layout is traced in this direction only with
    // `--strict-layout`: its goals are often one prose line per area.
    let reverse = ctx.current_layout();
    if let Some((&first, rest)) = trace
        .scenarios_without_goal
        .split_first()
        .filter(|_| reverse)
    {
        let lines: Vec<String> = trace
            .scenarios_without_goal
            .iter()
            .map(|&i| {
                ctx.source
                    .line_col(stp.scenarios[i].span.start)
                    .line
                    .to_string()
            })
            .collect();
        let message = if rest.is_empty() {
            "this scenario serves none of the testing goals".to_string()
        } else {
            format!(
                "{} scenarios serve none of the testing goals (lines {})",
                lines.len(),
                lines.join(", ")
            )
        };
        let mut finding = Finding::new(stp.scenarios[first].span, message)
            .help("add the goal these scenarios prove, or drop scenarios the plan does not need");
        finding.severity = Some(Severity::Low);
        finding.related = rest.iter().map(|&i| stp.scenarios[i].span).collect();
        out.push(finding);
    }
    out
}
