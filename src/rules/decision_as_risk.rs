use crate::diagnostic::Finding;
use crate::rules::Context;

declare_rule! {
    /// A risk is really a decision not to test something.
    ///
    /// Risks are uncertainties QE manages; a deliberate choice not to test belongs in Out of
    /// Scope, with a rationale and a PM/lead agreement, where reviewers look for it. The rule
    /// fires on a risk text that states such a choice: "will not be tested", "won't test",
    /// "not in scope", "out of scope", "decided not to", "we will not", "deliberately",
    /// "descoped". Constraints ("cannot be tested without hardware") are not decisions and
    /// do not fire.
    ///
    /// Blind spots: a decision worded as a constraint is missed.
    ///
    /// Fix: move the item to Out of Scope with its rationale and agreement; keep a risk only
    /// for what remains uncertain.
    code: "STP355",
    name: "decision-as-risk",
    spec: ["RSK-6"],
    severity: Medium,
    fixable: false,
    check: check,
}

const DECISIONS: &[&str] = &[
    "will not be tested",
    "won't be tested",
    "will not test",
    "won't test",
    "will not be covered",
    "won't be covered",
    "not in scope",
    "out of scope",
    "out-of-scope",
    "decided not to",
    "we will not",
    "deliberately",
    "descoped",
    "de-scoped",
    "chose not to",
    "choose not to",
];

fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for category in &ctx.stp.risks {
        for risk in &category.risks {
            let texts = risk
                .risk
                .iter()
                .chain(&risk.mitigation)
                .flat_map(|f| f.texts());
            let decision = texts
                .filter_map(|t| {
                    let lower = t.text.to_ascii_lowercase();
                    let (range, phrase) = crate::prose::find_any(&lower, DECISIONS)?;
                    // "documented in Out of Scope" points to the section; it decides nothing.
                    let before = lower[..range.start].trim_end();
                    let pointer = ["in", "see", "to", "under"]
                        .iter()
                        .any(|w| before.ends_with(w));
                    (!pointer).then(|| (t.source_span(range), phrase))
                })
                .next();
            if let Some((span, phrase)) = decision {
                out.push(
                    Finding::new(span, format!("'{phrase}' is a scope decision, not a risk"))
                        .help("record it under Out of Scope with a rationale and an agreement"),
                );
            }
        }
    }
    out
}
