use crate::diagnostic::Finding;
use crate::model::DocKind;
use crate::rules::Context;
use crate::source::Span;

declare_rule! {
    /// The file is not recognisable as a Software Test Plan.
    ///
    /// `stp` reads a file as an STP when it has a title heading and at least three of the
    /// template's sections (Metadata & Tracking, Feature Overview, the review checklists,
    /// Test Strategy, Test Environment, Risks, Test Scenarios, Sign-off, ...). Headings are
    /// matched by meaning, so numbering, bold text and small wording changes do not matter.
    ///
    /// A file that fails this check gets this one diagnostic and no others: reporting
    /// dozens of missing sections on a README would only hide the real problem.
    ///
    /// Moved-STP stubs (a `<!-- STP-MOVED-TO: ... -->` comment) are not plans and are not
    /// reported here.
    ///
    /// Fix: start the plan from `stps/stp-template/stp.md` (or `child-stp.md`), or point
    /// `stp check` at the STP files only.
    code: "STP001",
    name: "not-an-stp",
    spec: ["DOC-1"],
    severity: High,
    fixable: false,
    check: check,
}

fn check(ctx: &Context) -> Vec<Finding> {
    let stp = ctx.stp;
    if stp.kind != DocKind::NotStp || stp.moved_to.is_some() {
        return Vec::new();
    }
    let sections = crate::model::known_section_kinds(stp);
    let reason = if ctx.text().trim().is_empty() {
        "the file is empty".to_string()
    } else if sections < 3 || stp.title.is_some() {
        // Too few sections says more than a missing title: a note whose title names a
        // section ("Feature Overview") has no title before its first section either.
        format!("it has {sections} of the template's sections (at least 3 are needed)")
    } else {
        "it has no title heading before its first section".to_string()
    };
    let first_line = if ctx.text().is_empty() {
        Span::empty(0)
    } else {
        ctx.source.lines.line_span(ctx.text(), 0)
    };
    vec![Finding::new(first_line, format!("not recognizable as an STP: {reason}")).help(
        "start from stps/stp-template/stp.md: a title heading, then sections such as Metadata & Tracking, Test Strategy and Risks",
    )]
}
