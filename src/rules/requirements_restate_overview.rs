use crate::diagnostic::Finding;
use crate::prose::{id_coverage, sentences, StemIds};
use crate::rules::Context;

declare_rule! {
    /// The requirements restate the Feature Overview instead of listing specific items.
    ///
    /// The Review Requirements item lists the concrete, testable requirements (ideally the
    /// downstream Jira requirements); repeating the overview's sentences gives reviewers
    /// nothing to check. The rule compares each sentence of the requirement details (with at
    /// least 6 content words) with the overview: when 80% or more of its content words
    /// (stemmed, stop words out) are the overview's, and that is true of most of the
    /// requirement text, it fires once.
    ///
    /// Blind spots: a paraphrase with new words passes; a short requirement list that
    /// legitimately shares the overview's vocabulary can be flagged.
    ///
    /// Fix: list specific requirements, each testable, with their Jira IDs.
    code: "STP204",
    name: "requirements-restate-overview",
    spec: ["REQ-2"],
    severity: Medium,
    fixable: false,
    check: check,
}

const SAME: f64 = 0.8;
const MIN_STEMS: usize = 6;

fn check(ctx: &Context) -> Vec<Finding> {
    let stp = ctx.stp;
    let (Some(overview), Some(item)) =
        (&stp.overview, stp.requirement_item(&["review requirement"]))
    else {
        return Vec::new();
    };
    let mut ids = StemIds::new();
    let overview_stems = ids.of(&overview.text);
    let mut judged = 0;
    let mut repeated = Vec::new();
    for text in item.texts() {
        for range in sentences(&text.text) {
            let stems = ids.of(&text.text[range.clone()]);
            if stems.len() < MIN_STEMS {
                continue;
            }
            judged += 1;
            if id_coverage(&stems, &overview_stems) >= SAME {
                repeated.push(text.source_span(range));
            }
        }
    }
    if judged == 0 || repeated.len() * 2 <= judged {
        return Vec::new();
    }
    let span = repeated
        .into_iter()
        .reduce(crate::source::Span::cover)
        .unwrap_or(item.span);
    vec![Finding::new(
        span,
        "the requirements repeat the Feature Overview instead of listing specific items",
    )
    .help("list concrete, testable requirements with their Jira IDs")]
}
