use crate::diagnostic::{Edit, Finding, Fix};
use crate::model::Goal;
use crate::rules::Context;
use crate::source::Span;

declare_rule! {
    /// Testing goals are not ordered P0, then P1, then P2.
    ///
    /// Ordered goals show at a glance what blocks GA. Testing goals and regression goals are
    /// ordered separately. Goals without a priority are left where they are (see
    /// `goal-priority`).
    ///
    /// Fix (safe): reorder the goals by priority, keeping the order of goals with the same
    /// priority; only the goal items move, their text is untouched. Numbered lists are not
    /// reordered automatically.
    code: "STP302",
    name: "goal-order",
    spec: ["GOAL-2"],
    severity: Low,
    fixable: true,
    check: check,
}

fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for regression in [false, true] {
        let goals: Vec<&Goal> = ctx
            .stp
            .goals
            .iter()
            .filter(|g| g.regression == regression)
            .collect();
        let Some(first_bad) = goals
            .windows(2)
            .position(|w| match (w[0].priority, w[1].priority) {
                (Some(a), Some(b)) => b.level < a.level,
                _ => false,
            })
        else {
            continue;
        };
        let bad = goals[first_bad + 1];
        let mut finding = Finding::new(
            bad.priority.map(|p| p.span).unwrap_or(bad.span),
            format!(
                "P{} goal comes after a P{} goal; order goals P0, P1, P2",
                bad.priority.map_or(0, |p| p.level),
                goals[first_bad].priority.map_or(0, |p| p.level)
            ),
        )
        .help("move the higher-priority goals first");
        if let Some(fix) = reorder(ctx.text(), &goals) {
            finding = finding.fix(fix);
        }
        out.push(finding);
    }
    out
}

/// Rewrites the run of goal items sorted by priority, keeping the separators between them.
fn reorder(text: &str, goals: &[&Goal]) -> Option<Fix> {
    if goals.iter().any(|g| g.priority.is_none()) {
        return None;
    }
    // Moving items of a numbered list would renumber it wrongly; leave those to the author.
    if goals
        .iter()
        .any(|g| text[g.span.range()].starts_with(|c: char| c.is_ascii_digit()))
    {
        return None;
    }
    // Item spans may end with the line break; compare items without trailing white space.
    let spans: Vec<Span> = goals
        .iter()
        .map(|g| {
            Span::new(
                g.span.start,
                g.span.start + text[g.span.range()].trim_end().len(),
            )
        })
        .collect();
    let separators: Vec<&str> = spans
        .windows(2)
        .map(|w| &text[w[0].end..w[1].start])
        .collect();
    if separators.iter().any(|s| !s.trim().is_empty()) {
        return None; // something else sits between the goals; do not move it
    }
    let mut order: Vec<usize> = (0..goals.len()).collect();
    order.sort_by_key(|&i| goals[i].priority.map_or(9, |p| p.level));
    let mut new_text = String::new();
    for (k, &i) in order.iter().enumerate() {
        new_text.push_str(&text[spans[i].range()]);
        if k < separators.len() {
            new_text.push_str(separators[k]);
        }
    }
    let whole = Span::new(spans[0].start, spans[spans.len() - 1].end);
    Some(Fix::safe(
        "Order goals by priority",
        vec![Edit {
            span: whole,
            new_text,
        }],
    ))
}
