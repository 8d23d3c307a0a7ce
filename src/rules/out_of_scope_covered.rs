use crate::diagnostic::Finding;
use crate::prose::find_in;
use crate::rules::Context;

declare_rule! {
    /// An out-of-scope item is already covered elsewhere: that is existing coverage, not a
    /// scope decision.
    ///
    /// Out of Scope records what nobody will test, with an agreement. When the rationale says
    /// the item is already tested (by existing tests, another SIG, another team, upstream),
    /// it is coverage and belongs in the strategy (e.g. Regression or Dependencies), where it
    /// stays visible. The rule fires on a rationale or title with such wording ("already
    /// covered", "covered by existing", "tested by", "tested elsewhere", "existing tests",
    /// "covered in").
    ///
    /// Blind spots: "covered by" also appears in rationales that mean "handled by another
    /// product", which is a genuine scope decision; those are flagged too.
    ///
    /// Fix: move the item to the Test Strategy as existing coverage and say where it is
    /// tested.
    code: "STP313",
    name: "out-of-scope-covered",
    spec: ["OOS-3"],
    severity: Medium,
    fixable: false,
    check: check,
}

const COVERED: &[&str] = &[
    "already covered",
    "already tested",
    "already validated",
    "already verified",
    "covered by existing",
    "covered by the existing",
    "covered by other",
    "covered by another",
    "covered in existing",
    "covered elsewhere",
    "tested elsewhere",
    "tested by existing",
    "tested by other",
    "tested by another",
    "tested by the",
    "existing tests",
    "existing test coverage",
    "existing coverage",
    "existing automation",
    "regression suite*",
    "responsibility of",
    "no duplication",
];

fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for item in &ctx.stp.out_of_scope.items {
        // The reason is in the first sentence; a later remark about coverage is a side note.
        let first_sentence = item.rationale.as_ref().map(|r| {
            let end = crate::prose::sentences(&r.value.text)
                .next()
                .map_or(0, |s| s.end);
            r.value.slice(0..end)
        });
        let texts = std::iter::once(&item.title).chain(first_sentence.iter());
        if let Some((span, phrase)) = find_in(texts, COVERED) {
            out.push(
                Finding::new(
                    span,
                    format!(
                        "out-of-scope item is '{phrase}': existing coverage, not a scope decision"
                    ),
                )
                .help(
                    "list it in the Test Strategy as existing coverage and say where it is tested",
                ),
            );
        }
    }
    out
}
