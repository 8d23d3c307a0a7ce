//! What the server says about a reviewed document: LSP diagnostics, quick fixes, the
//! suppression action, fix-all and hover. Pure functions of the review and the text.

use super::position::{range, Encoding};
use crate::check::Reviewed;
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::model::Stp;
use crate::source::{SourceFile, Span};
use lsp_types::{
    CodeAction, CodeActionKind, CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity,
    Hover, HoverContents, Location, MarkupContent, MarkupKind, NumberOrString, Position, TextEdit,
    Uri, WorkspaceEdit,
};
use std::collections::HashMap;

/// The code action kind of "apply every safe fix", as editors ask for it on save.
pub const FIX_ALL: &str = "source.fixAll.stp";

/// Where each rule's documentation lives: `{code}` in the template is replaced by the code.
#[derive(Debug, Clone, Default)]
pub struct DocLinks {
    template: Option<String>,
}

impl DocLinks {
    pub fn new(template: Option<String>) -> DocLinks {
        DocLinks { template }
    }

    pub fn href(&self, code: &str) -> Option<Uri> {
        self.template.as_ref()?.replace("{code}", code).parse().ok()
    }
}

/// How editors show the checklist's severities: what blocks a plan is an error.
pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Critical | Severity::High => DiagnosticSeverity::ERROR,
        Severity::Medium => DiagnosticSeverity::WARNING,
        Severity::Low => DiagnosticSeverity::INFORMATION,
    }
}

/// Other places a diagnostic points at (the other rows of a problem that repeats), with a
/// note each.
fn related_spans(d: &Diagnostic) -> Vec<(Span, String)> {
    d.related
        .iter()
        .map(|span| (*span, format!("{} also applies here", d.rule.code)))
        .collect()
}

pub fn to_lsp(
    d: &Diagnostic,
    source: &SourceFile,
    uri: &Uri,
    enc: Encoding,
    links: &DocLinks,
) -> lsp_types::Diagnostic {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<DiagnosticRelatedInformation> = related_spans(d)
        .into_iter()
        .map(|(span, note)| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), range(source, span, enc)),
            message: note,
        })
        .collect();
    lsp_types::Diagnostic {
        range: range(source, d.span, enc),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.rule.code.to_string())),
        code_description: links.href(d.rule.code).map(|href| CodeDescription { href }),
        source: Some("stp".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// The diagnostics to publish for a review. A file that is not a plan (a README beside the
/// plans) gets none: the editor opens every Markdown file, `stp check` is asked about plans.
pub fn diagnostics(
    reviewed: &Reviewed,
    uri: &Uri,
    enc: Encoding,
    links: &DocLinks,
) -> Vec<lsp_types::Diagnostic> {
    let report = &reviewed.report;
    if let Some(error) = &report.error {
        return vec![lsp_types::Diagnostic {
            range: Default::default(),
            severity: Some(DiagnosticSeverity::ERROR),
            source: Some("stp".into()),
            message: format!("stp cannot review this file: {error}"),
            ..Default::default()
        }];
    }
    let Some(source) = &report.source else {
        return Vec::new();
    };
    if reviewed
        .stp
        .as_ref()
        .is_some_and(|s| s.kind == crate::model::DocKind::NotStp)
    {
        return Vec::new();
    }
    report
        .diagnostics
        .iter()
        .map(|d| to_lsp(d, source, uri, enc, links))
        .collect()
}

/// The diagnostics whose lines meet the lines of `[start, end]` (byte offsets).
fn touching<'a>(
    reviewed: &'a Reviewed,
    source: &SourceFile,
    start: usize,
    end: usize,
) -> impl Iterator<Item = &'a Diagnostic> {
    let first = source.lines.line_of(start);
    let last = source.lines.line_of(end);
    let lines = source.lines.clone();
    reviewed
        .report
        .diagnostics
        .iter()
        .filter(move |d| lines.line_of(d.span.start) <= last && lines.line_of(d.span.end) >= first)
}

fn edit(source: &SourceFile, span: Span, new_text: &str, enc: Encoding) -> TextEdit {
    TextEdit::new(range(source, span, enc), new_text.to_string())
}

fn workspace_edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..Default::default()
    }
}

/// Quick fixes and suppressions for the diagnostics on the lines of `[start, end]`, then the
/// fix-all action when the document has any safe fix.
pub fn code_actions(
    reviewed: &Reviewed,
    start: usize,
    end: usize,
    uri: &Uri,
    enc: Encoding,
    links: &DocLinks,
    only: Option<&[CodeActionKind]>,
) -> Vec<CodeAction> {
    let (Some(source), Some(stp)) = (&reviewed.report.source, &reviewed.stp) else {
        return Vec::new();
    };
    let wants = |kind: &CodeActionKind| {
        only.is_none_or(|only| {
            only.iter().any(|o| {
                kind.as_str() == o.as_str()
                    || kind.as_str().starts_with(&format!("{}.", o.as_str()))
            })
        })
    };
    let mut actions = Vec::new();
    if wants(&CodeActionKind::QUICKFIX) && stp.kind != crate::model::DocKind::NotStp {
        for d in touching(reviewed, source, start, end) {
            let lsp = to_lsp(d, source, uri, enc, links);
            if let Some(fix) = d
                .fix
                .as_ref()
                .filter(|f| f.applicability == Applicability::Safe)
            {
                actions.push(CodeAction {
                    title: fix.title.clone(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![lsp.clone()]),
                    edit: Some(workspace_edit(
                        uri,
                        fix.edits
                            .iter()
                            .map(|e| edit(source, e.span, &e.new_text, enc))
                            .collect(),
                    )),
                    is_preferred: Some(true),
                    ..Default::default()
                });
            }
            let (title, edits) = suppression(d, source, stp);
            actions.push(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![lsp]),
                edit: Some(workspace_edit(
                    uri,
                    edits
                        .iter()
                        .map(|(at, text)| edit(source, Span::empty(*at), text, enc))
                        .collect(),
                )),
                ..Default::default()
            });
        }
    }
    let fix_all = CodeActionKind::from(FIX_ALL);
    if wants(&fix_all) && has_safe_fix(reviewed) {
        actions.push(CodeAction {
            title: "Apply every safe stp fix".into(),
            kind: Some(fix_all),
            // Computed here rather than resolved later: a fix-all of a plan takes milliseconds.
            edit: fix_all_edit(reviewed, uri, enc).map(|e| workspace_edit(uri, vec![e])),
            ..Default::default()
        });
    }
    actions
}

pub fn has_safe_fix(reviewed: &Reviewed) -> bool {
    reviewed.report.diagnostics.iter().any(|d| {
        d.fix
            .as_ref()
            .is_some_and(|f| f.applicability == Applicability::Safe)
    })
}

/// One edit that turns the document into its fixed text: the part between the first and the
/// last changed byte, so the editor keeps the cursor and undo history of everything else.
pub fn fix_all_edit(reviewed: &Reviewed, uri: &Uri, enc: Encoding) -> Option<TextEdit> {
    let source = reviewed.report.source.as_ref()?;
    let path = super::position::uri_to_path(uri);
    let on_disk = path.is_some();
    let path = path.unwrap_or_else(|| uri.as_str().into());
    let settings = crate::check::settings_for(&path, &Default::default()).ok()?;
    let facts = if on_disk {
        crate::check::path_facts(&path)
    } else {
        Default::default()
    };
    let fixed = crate::fix::fix_text(&path, source.text.clone(), facts, settings, false, on_disk);
    if fixed.applied == 0 || fixed.text == source.text {
        return None;
    }
    Some(minimal_edit(source, &fixed.text, enc))
}

fn minimal_edit(source: &SourceFile, after: &str, enc: Encoding) -> TextEdit {
    let before = source.text.as_str();
    let mut prefix = before
        .bytes()
        .zip(after.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !before.is_char_boundary(prefix) || !after.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = before.len().min(after.len()) - prefix;
    let mut suffix = before
        .bytes()
        .rev()
        .zip(after.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !before.is_char_boundary(before.len() - suffix)
        || !after.is_char_boundary(after.len() - suffix)
    {
        suffix -= 1;
    }
    edit(
        source,
        Span::new(prefix, before.len() - suffix),
        &after[prefix..after.len() - suffix],
        enc,
    )
}

/// "Suppress CODE on this line": the inline suppression comment (README, "Suppress"), as
/// insertions (byte offset, text). A line inside a table, an HTML comment or a code block
/// cannot take a comment line above it without breaking that block, so the block is wrapped
/// in `stp-disable CODE` ... `stp-enable CODE` instead.
pub fn suppression(
    d: &Diagnostic,
    source: &SourceFile,
    stp: &Stp,
) -> (String, Vec<(usize, String)>) {
    let text = source.text.as_str();
    let lines = &source.lines;
    let code = d.rule.code;
    let line = lines.line_of(d.span.start);
    let (first, last) = enclosing_block(source, stp, line);
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let line_text = &text[lines.line_span(text, first).range()];
    let indent: String = line_text
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let at = lines.line_start(first);
    // A comment line above the block's first line splits nothing.
    if line == first {
        return (
            format!("Suppress {code} on this line"),
            vec![(
                at,
                format!("{indent}<!-- stp-disable-next-line {code} -->{newline}"),
            )],
        );
    }
    let end = lines.line_span(text, last).end;
    (
        format!("Suppress {code} in the block around this line"),
        vec![
            (at, format!("{indent}<!-- stp-disable {code} -->{newline}")),
            (end, format!("{newline}{indent}<!-- stp-enable {code} -->")),
        ],
    )
}

/// The lines `[first, last]` that a comment line must not split: the table, HTML comment,
/// fenced code block or run of blank lines holding `line`, else the line itself.
fn enclosing_block(source: &SourceFile, stp: &Stp, line: usize) -> (usize, usize) {
    let text = source.text.as_str();
    let lines = &source.lines;
    let span_lines = |s: Span| {
        (
            lines.line_of(s.start),
            lines.line_of(s.end.saturating_sub(1).max(s.start)),
        )
    };
    let blocks = stp
        .comments
        .iter()
        .map(|c| c.span)
        .chain(stp.code_blocks.iter().filter(|c| c.fenced).map(|c| c.span));
    for span in blocks {
        let (a, b) = span_lines(span);
        if a <= line && line <= b && a != b {
            return (a, b);
        }
    }
    let content = |l: usize| text[lines.line_span(text, l).range()].trim_start();
    let is_row = |l: usize| content(l).starts_with('|');
    let is_blank = |l: usize| content(l).is_empty();
    // A run of blank lines (STP033) is one block too: a comment inside it would end the run.
    let same_block: &dyn Fn(usize) -> bool = if is_row(line) {
        &is_row
    } else if is_blank(line) {
        &is_blank
    } else {
        return (line, line);
    };
    let count = lines.line_count(text);
    let mut first = line;
    while first > 0 && same_block(first - 1) {
        first -= 1;
    }
    let mut last = line;
    while last + 1 < count && same_block(last + 1) {
        last += 1;
    }
    (first, last)
}

/// The documentation of the rules behind the diagnostics at `offset`.
pub fn hover(reviewed: &Reviewed, at: usize, enc: Encoding) -> Option<Hover> {
    let source = reviewed.report.source.as_ref()?;
    let on_line = source.lines.line_of(at);
    let here: Vec<&Diagnostic> = reviewed
        .report
        .diagnostics
        .iter()
        .filter(|d| {
            (d.span.start <= at && at <= d.span.end)
                || (d.span.is_empty() && source.lines.line_of(d.span.start) == on_line)
        })
        .collect();
    let first = here.first()?;
    let mut value = String::new();
    let mut seen = Vec::new();
    for d in &here {
        if !value.is_empty() {
            value.push_str("\n\n---\n\n");
        }
        value.push_str(&format!(
            "**{}** `{}` ({}) {}: {}",
            d.rule.code,
            d.rule.name,
            d.rule.spec.join(", "),
            d.severity,
            d.message
        ));
        if let Some(help) = &d.help {
            value.push_str(&format!("\n\nHelp: {help}"));
        }
        if !seen.contains(&d.rule.code) {
            seen.push(d.rule.code);
            value.push_str("\n\n");
            value.push_str(&d.rule.documentation());
        }
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: Some(range(source, first.span, enc)),
    })
}

/// The byte offset of a position in the reviewed text.
pub fn offset_in(reviewed: &Reviewed, pos: Position, enc: Encoding) -> Option<usize> {
    let source = reviewed.report.source.as_ref()?;
    Some(super::position::offset(
        &source.text,
        &source.lines,
        pos,
        enc,
    ))
}
