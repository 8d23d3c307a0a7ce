use crate::diagnostic::{Finding, Severity};
use crate::markdown::inline_runs;
use crate::recognise::{find_placeholders, may_hold_placeholder, PlaceholderKind};
use crate::rules::Context;
use crate::source::Span;
use crate::text::Text;

declare_rule! {
    /// A template placeholder is left in the plan.
    ///
    /// Looks for bracketed prompts in the shape the template uses — an instruction or a
    /// slot name in brackets such as `[Name/Date]`, `[Add details]`, `[version or N/A]`,
    /// `[Jira-123]`, `[e.g., ...]` — and for bare `TODO`, `TBD` and `FIXME`. Text inside
    /// code spans, code blocks and HTML comments is not read (HTML comments left from the
    /// template are PLH-2's business).
    ///
    /// Severity is CRITICAL when the placeholder sits where evidence is required — a
    /// sign-off, a PM/Lead agreement, a scenario's requirement ID, an approver — because an
    /// approved plan must not carry an empty sign-off. Elsewhere it is HIGH, except the
    /// older template's example column (`Specification Examples` in Test Environment) beside
    /// a filled-in answer, and the prompt left on Document Conventions' label line above
    /// the definitions: template text left over (PLH-2), MEDIUM.
    ///
    /// Not placeholders: `[x]`/`[ ]` marks, `[P0]`, `[Tier 2]`, Jira keys such as
    /// `[CNV-123]`, names in brackets (`[Ruth Netser](@rnetser)`), a role with a real
    /// person's handle (`[QE Lead / @rnetser]`; the missing name is `approver-roles`'s), and
    /// bracketed feature titles. Nor, outside those evidence fields, a `TBD` followed by why
    /// it is open and where that is tracked (`TBD - Pending upstream design (CNV-63824)`):
    /// an open item accounted for, as the checklist accepts for a missing design document.
    ///
    /// Fix: replace the prompt with the real content (a name and a date for sign-offs, a
    /// Jira key for requirement IDs), or delete the line if it does not apply.
    code: "STP010",
    name: "template-placeholder",
    spec: ["PLH-1"],
    severity: High,
    fixable: false,
    check: check,
}

#[derive(Clone, Copy, PartialEq)]
enum Slot {
    SignOff,
    RequirementId,
    Approver,
    /// The template's text beside the author's answer: the older template's example column
    /// (`Specification Examples`) of a row whose answer cell is filled in, or the prompt
    /// left on Document Conventions' label line above the definitions. Text left over, not
    /// a question left open.
    BesideAnswer,
}

/// The places where a placeholder weighs more or less than HIGH: evidence fields, and the
/// template's text beside an answer.
fn slots(ctx: &Context) -> Vec<(Span, Slot)> {
    let stp = ctx.stp;
    let mut slots = Vec::new();
    for c in [&stp.known_limitations, &stp.test_limitations] {
        for item in &c.items {
            if let Some(f) = &item.sign_off {
                slots.push((f.span, Slot::SignOff));
            }
        }
        if let Some(none) = &c.none {
            for f in &none.fields {
                slots.push((f.span, Slot::SignOff));
            }
        }
    }
    for item in &stp.out_of_scope.items {
        if let Some(f) = &item.agreement {
            slots.push((f.span, Slot::SignOff));
        }
    }
    if let Some(none) = &stp.out_of_scope.none {
        for f in none.fields.iter().filter(|f| f.key.contains("agreement")) {
            slots.push((f.span, Slot::SignOff));
        }
    }
    for category in &stp.risks {
        for risk in &category.risks {
            if let Some(f) = &risk.sign_off {
                slots.push((f.span, Slot::SignOff));
            }
        }
    }
    for s in &stp.scenarios {
        if let Some(id) = &s.requirement {
            slots.push((
                Span::new(id.span.start.saturating_sub(1), id.span.end + 1),
                Slot::RequirementId,
            ));
        }
    }
    for line in &stp.sign_off.approver_lines {
        slots.push((line.span, Slot::Approver));
    }
    for f in stp.environment.iter().chain(&stp.tools) {
        let answered = !f.value.is_blank() && find_placeholders(&f.value).is_empty();
        if let Some(note) = f.note.as_ref().filter(|_| answered) {
            slots.push((note.span, Slot::BesideAnswer));
        }
    }
    if let Some(c) = &stp.conventions {
        let defined = c
            .items
            .iter()
            .any(|i| !i.is_blank() && find_placeholders(i).is_empty());
        if defined && !find_placeholders(&c.value).is_empty() {
            slots.push((c.value.span, Slot::BesideAnswer));
        }
    }
    slots
}

fn overlaps(a: Span, b: Span) -> bool {
    a.start < b.end && b.start < a.end
}

fn check(ctx: &Context) -> Vec<Finding> {
    let slots = slots(ctx);
    let mut out = Vec::new();
    inline_runs(&ctx.doc.blocks, &mut |run| {
        let (Some(first), Some(last)) = (run.first(), run.last()) else {
            return;
        };
        if !may_hold_placeholder(&ctx.text()[first.span.start..last.span.end.max(first.span.start)])
        {
            return;
        }
        let text = Text::from_inlines(run);
        for p in find_placeholders(&text) {
            let span = text.source_span(p.range.clone());
            let written = &text.text[p.range.clone()];
            let slot = slots
                .iter()
                .find(|(s, _)| overlaps(*s, span))
                .map(|(_, k)| *k);
            if slot.is_none() && p.kind == PlaceholderKind::Marker && states_why(&text, p.range.end)
            {
                continue;
            }
            let (severity, help) = match slot {
                Some(Slot::SignOff) => (
                    Severity::Critical,
                    "write who signed off and when, e.g. `Jane Doe, 2026-05-01`",
                ),
                Some(Slot::RequirementId) => (
                    Severity::Critical,
                    "use the Jira key of the requirement, e.g. `CNV-12345`",
                ),
                Some(Slot::Approver) => (
                    Severity::Critical,
                    "name the approver with a GitHub handle, e.g. `Jane Doe (@jdoe)`",
                ),
                Some(Slot::BesideAnswer) => (
                    Severity::Medium,
                    "the answer is already there: delete the template's text",
                ),
                None => (
                    Severity::High,
                    "replace it with the real content, or delete the line if it does not apply",
                ),
            };
            let message = match p.kind {
                PlaceholderKind::Prompt => format!("template placeholder `{written}` left in"),
                PlaceholderKind::Marker => format!("`{written}` left in the plan"),
            };
            out.push(Finding::new(span, message).help(help).severity(severity));
        }
    });
    out
}

/// Whether the words after a `TBD` say why it is still open and where that is tracked
/// (`TBD - Pending upstream design (CNV-63824)`): an open item accounted for, not a blank
/// left in. Only outside the fields that are evidence in themselves (a sign-off, a
/// requirement ID, an approver), where nothing but the value will do.
fn states_why(text: &Text, marker_end: usize) -> bool {
    let after = &text.text[marker_end..];
    let rest = after.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '-' | '—' | '–' | ':' | ',' | '(')
    });
    let line = rest.split('\n').next().unwrap_or("");
    let line_end = text.text.len() - rest.len() + line.len();
    let tracked = crate::recognise::jira_keys(line).next().is_some()
        || line.contains("http")
        || text
            .links
            .iter()
            .any(|l| l.text_range.start >= marker_end && l.text_range.start < line_end);
    line.split_whitespace().count() >= 3 && tracked
}
