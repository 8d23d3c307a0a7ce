use crate::diagnostic::Finding;
use crate::prose::{find_in_text, word_count};
use crate::rules::Context;

declare_rule! {
    /// A risk's mitigation is vague: it promises attention, not an action.
    ///
    /// A mitigation says what will be done and by whom: "run the suite on the partner's ARM
    /// cluster weekly from sprint 3", not "we will address this". The rule fires on the
    /// mitigation of a real risk (one whose risk text is not "None"/"N/A") when it is short
    /// (under 12 words) and built on vague wording: "will address", "will be addressed",
    /// "will handle", "monitor", "keep an eye", "as needed", "if needed", "best effort",
    /// "will try", "to be determined", "follow up", "promptly", or that hands the risk to
    /// someone else ("under X's responsibility", "depends on").
    ///
    /// Blind spots: a long but empty mitigation passes; a short concrete one that uses one of
    /// these words ("monitor the nightly lane results") is flagged.
    ///
    /// Fix: name the action, its owner or trigger, and when it happens.
    code: "STP354",
    name: "vague-mitigation",
    spec: ["RSK-5"],
    severity: Medium,
    fixable: false,
    check: check,
}

const VAGUE: &[&str] = &[
    "will address",
    "will be addressed",
    "address this",
    "will handle",
    "will be handled",
    "monitor",
    "monitoring",
    "keep an eye",
    "keep track",
    "as needed",
    "if needed",
    "when needed",
    "best effort",
    "will try",
    "try to",
    "to be determined",
    "follow up",
    "promptly",
    "responsibility",
    "dependent on",
    "depends on",
];

fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for category in &ctx.stp.risks {
        for risk in &category.risks {
            let real = risk.risk.as_ref().is_some_and(|r| !r.is_empty()) && risk.names_a_risk();
            let Some(mitigation) = risk.mitigation.as_ref().filter(|_| real) else {
                continue;
            };
            let text = mitigation.full_text();
            if word_count(&text) >= 12 {
                continue;
            }
            for t in mitigation.texts() {
                if let Some((range, _)) = find_in_text(t, VAGUE) {
                    out.push(
                        Finding::new(
                            t.source_span(range),
                            format!(
                                "mitigation '{}' promises attention, not an action",
                                t.trimmed()
                            ),
                        )
                        .help("say what will be done, by whom or when (e.g. a test run, a lab booking, a Jira)"),
                    );
                    break;
                }
            }
        }
    }
    out
}
