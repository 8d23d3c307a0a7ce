use crate::diagnostic::Finding;
use crate::model::{Constraints, SectionKind};
use crate::recognise::is_only_placeholder;
use crate::rules::Context;

declare_rule! {
    /// Known Limitations is empty, or holds only the template's example items.
    ///
    /// When a feature has no limitations, the section says so ("None", optionally "— reviewed
    /// and confirmed with <name/date>"): an empty section cannot be told apart from one nobody
    /// reviewed. Intro sentences alone do not count. Items that are entirely template
    /// prompts (`**[Feature Limitation 1]**`, `[To be documented if applicable]`) are slots
    /// nobody filled.
    ///
    /// Fix: list the limitations, each with a sign-off, or write "None".
    code: "STP211",
    name: "limitations-stated",
    spec: ["LIM-2"],
    severity: High,
    fixable: false,
    check: check,
}

/// Shared with `out-of-scope-stated`: an explicit list or an explicit "None".
pub fn stated(
    ctx: &Context,
    kind: SectionKind,
    c_none: bool,
    titles: &[&crate::text::Text],
    what: &str,
) -> Vec<Finding> {
    if !ctx.stp.has_section(kind) {
        return Vec::new();
    }
    let examples: Vec<&&crate::text::Text> =
        titles.iter().filter(|t| is_only_placeholder(t)).collect();
    if !examples.is_empty() && examples.len() == titles.len() {
        return vec![
            Finding::new(examples[0].span, format!("{what} holds only placeholders")).help(
                format!("replace them with the real {what}, or write \"None\""),
            ),
        ];
    }
    if titles.is_empty() && !c_none {
        // The heading as the plan writes it: older plans number the sections differently.
        let name = ctx
            .stp
            .section(kind)
            .map(|s| s.title.trim())
            .filter(|t| !t.is_empty())
            .unwrap_or(kind.display());
        return vec![
            Finding::new(ctx.anchor(kind), format!("'{name}' is empty")).help(format!(
                "list the {what}, or write \"None\" if there are none"
            )),
        ];
    }
    Vec::new()
}

/// Whether Known Limitations (a heading) is followed at once by a bold sub-label that opens
/// Test Limitations (`**Testing Limitations:**` under "8. Known Limitations"): its content
/// is written there, and the rules for that section read it.
fn continues_under_sub_label(ctx: &Context) -> bool {
    let sections = &ctx.stp.sections;
    let Some(at) = sections
        .iter()
        .position(|s| s.kind == SectionKind::KnownLimitations)
    else {
        return false;
    };
    let known = &sections[at];
    sections.get(at + 1).is_some_and(|next| {
        known.level > 0
            && next.level == 0
            && next.kind == SectionKind::TestLimitations
            && next.span.start <= known.body.end
    })
}

fn check(ctx: &Context) -> Vec<Finding> {
    let c: &Constraints = &ctx.stp.known_limitations;
    let titles: Vec<&crate::text::Text> = c.items.iter().map(|i| &i.text).collect();
    if titles.is_empty() && continues_under_sub_label(ctx) {
        return Vec::new();
    }
    stated(
        ctx,
        SectionKind::KnownLimitations,
        c.none.is_some(),
        &titles,
        "known limitations",
    )
}
