use crate::diagnostic::Finding;
use crate::prose::{find_any, has_any};
use crate::rules::Context;

declare_rule! {
    /// An acceptance criterion is vague: it says the feature "works" but not how anyone can
    /// tell.
    ///
    /// Each criterion must be a pass/fail condition a tester can observe. The rule looks for
    /// vague wording ("works as expected", "works correctly", "properly", "is supported",
    /// "functions", "behaves as expected") in a criterion that names no observable outcome:
    /// no number or bound, no state the user sees (running, reachable, ready, rejected,
    /// an error or message, a status, preserved data), no "without"/"no" condition.
    ///
    /// A criterion whose subject is the tests ("Automated tests verify both modes") describes
    /// the test process, not what the user observes, and is reported too.
    ///
    /// Blind spots: a vague criterion that happens to mention an outcome word passes;
    /// vagueness worded otherwise ("is handled", "is fine") is not recognised.
    ///
    /// Fix: state what the user observes when the criterion holds, e.g. "the VM keeps its IP
    /// address after live migration" instead of "migration works correctly".
    code: "STP205",
    name: "vague-acceptance-criterion",
    spec: ["REQ-4"],
    severity: Medium,
    fixable: false,
    check: check,
}

const VAGUE: &[&str] = &[
    "as expected",
    "as intended",
    "behave correctly",
    "behaves correctly",
    "correctly",
    "function",
    "functions",
    "is supported",
    "are supported",
    "properly",
    "seamlessly",
    "work",
    "works",
    "working",
];

/// Words that name something a tester can observe.
const OBSERVABLE: &[&str] = &[
    "accessible",
    "alert*",
    "available",
    "boot*",
    "complete*",
    "condition",
    "connect*",
    "created",
    "deleted",
    "denied",
    "displayed",
    "error*",
    "event*",
    "fail*",
    "intact",
    "listed",
    "message",
    "metric*",
    "migrat*",
    "no",
    "not",
    "preserv*",
    "reachable",
    "ready",
    "reject*",
    "report*",
    "retain*",
    "return*",
    "running",
    "shown",
    "shows",
    "status",
    "succeed*",
    "unchanged",
    "within",
    "without",
];

/// A measurable bound: a number with a unit, or a limit word.
const BOUNDS: &[&str] = &[
    "%",
    "second*",
    "minute*",
    "ms",
    "less than",
    "more than",
    "at most",
    "at least",
    "up to",
    "under",
];

fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for criterion in &ctx.stp.acceptance_criteria {
        let lower = criterion.text.to_ascii_lowercase();
        if let Some(range) = tests_as_subject(&lower) {
            out.push(
                Finding::new(
                    criterion.source_span(range.clone()),
                    format!(
                        "acceptance criterion describes the tests ('{}'), not an outcome the user observes",
                        &criterion.text[range]
                    ),
                )
                .help("state the pass/fail outcome itself; what the tests do belongs in the scenarios"),
            );
            continue;
        }
        let Some((range, phrase)) = find_any(&lower, VAGUE) else {
            continue;
        };
        if has_any(&lower, OBSERVABLE) || has_any(&lower, BOUNDS) {
            continue;
        }
        out.push(
            Finding::new(
                criterion.source_span(range),
                format!("acceptance criterion says '{phrase}' without an observable outcome"),
            )
            .help("state what the user sees when it holds (a state, a message, a bound)"),
        );
    }
    out
}

/// Verbs that make the tests the subject of a criterion ("tests verify ...").
const TEST_VERBS: &[&str] = &[
    "check",
    "checks",
    "confirm",
    "confirms",
    "cover",
    "covers",
    "validate",
    "validates",
    "verify",
    "verifies",
];

/// The "... tests verify" phrase when the criterion's subject (its first few words) is the
/// tests themselves.
fn tests_as_subject(lower: &str) -> Option<std::ops::Range<usize>> {
    let words: Vec<_> = crate::prose::words(lower).take(6).collect();
    let noun = words
        .iter()
        .position(|w| matches!(w.text, "test" | "tests" | "testcases"))?;
    let verb = words.get(noun + 1)?;
    TEST_VERBS
        .contains(&verb.text)
        .then(|| words[0].range().start..verb.range().end)
}
