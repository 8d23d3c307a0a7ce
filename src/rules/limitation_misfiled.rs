use crate::diagnostic::Finding;
use crate::prose::find_in;
use crate::rules::Context;

declare_rule! {
    /// A known limitation is really a test limitation or an out-of-scope decision.
    ///
    /// Known Limitations (I.2) lists what the *feature* cannot do. What QE cannot test (no
    /// hardware, no cluster, no tooling) belongs under Test Limitations, and what QE chose not
    /// to test belongs under Out of Scope with a rationale and an agreement. The rule fires on
    /// a limitation that speaks of testing: "cannot test", "not tested", "will not be
    /// tested", "no hardware/cluster/environment available", "out of scope", "not covered by
    /// QE".
    ///
    /// Blind spots: a feature limitation described in testing words ("untested upstream") may
    /// be flagged; a misfiled item worded without testing words is missed.
    ///
    /// Fix: move the item to Test Limitations (a constraint on QE) or Out of Scope (a
    /// decision), keeping its sign-off.
    code: "STP212",
    name: "limitation-misfiled",
    spec: ["LIM-3"],
    severity: Medium,
    fixable: false,
    check: check,
}

const TESTING_WORDS: &[&str] = &[
    "cannot test",
    "cannot be tested",
    "can't be tested",
    "can not be tested",
    "cannot be validated",
    "cannot be verified",
    "not be tested",
    "will not test",
    "won't be tested",
    "won't test",
    "not tested",
    "not be covered",
    "not covered by qe",
    "untested",
    "out of scope",
    "out-of-scope",
    "no hardware available",
    "hardware is not available",
    "no cluster available",
    "no test cluster",
    "no environment available",
    "not available in ci",
    "not available for testing",
    "lack of hardware",
    "lack of test",
    "not planned",
    "no explicit tests",
    "excluded from testing",
];

/// A limitation that says the product lacks support is a feature limitation, even when it
/// also says what will not be tested because of it.
const PRODUCT_FACTS: &[&str] = &[
    "not yet available",
    "not supported",
    "unsupported",
    "no support",
    "support is not",
    "not available in the product",
    "same software stack",
];

fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for item in &ctx.stp.known_limitations.items {
        let texts = std::iter::once(&item.text).chain(
            item.fields
                .iter()
                .filter(|f| !crate::model::is_sign_off_key(&f.key))
                .flat_map(|f| f.texts()),
        );
        let texts: Vec<_> = texts.collect();
        if crate::prose::mentioned(texts.iter().copied(), PRODUCT_FACTS) {
            continue;
        }
        if let Some((span, phrase)) = find_in(texts, TESTING_WORDS) {
            let decision = [
                "scope",
                "will not",
                "won't",
                "not planned",
                "no explicit",
                "excluded",
            ];
            let (target, why) = if decision.iter().any(|d| phrase.contains(d)) {
                ("Out of Scope", "a decision not to test")
            } else {
                ("Test Limitations", "a constraint on testing")
            };
            out.push(
                Finding::new(
                    span,
                    format!("'{phrase}' describes {why}, not a feature limitation"),
                )
                .help(format!("move the item to II.1 {target}")),
            );
        }
    }
    out
}
