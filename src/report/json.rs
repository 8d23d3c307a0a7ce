//! `--format json`: the versioned contract of `output.md`.

use super::positions;
use crate::check::{by_severity, FileReport};
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use serde_json::{json, Map, Value};

pub const SCHEMA_VERSION: u32 = 1;

pub fn diagnostic_json(d: &Diagnostic, source: &SourceFile) -> Value {
    let (start, end) = positions(source, d.span);
    let fix = d.fix.as_ref().map(|f| {
        json!({
            "title": f.title,
            "applicability": f.applicability,
            "edits": f.edits.iter().map(|e| {
                let (s, t) = positions(source, e.span);
                json!({"line": s.line, "column": s.column, "end_line": t.line,
                       "end_column": t.column, "new_text": e.new_text})
            }).collect::<Vec<_>>(),
        })
    });
    let mut out = json!({
        "code": d.rule.code,
        "name": d.rule.name,
        "spec": d.rule.spec,
        "severity": d.severity,
        "message": d.message,
        "help": d.help,
        "line": start.line,
        "column": start.column,
        "end_line": end.line,
        "end_column": end.column,
        "section": d.section.map(|s| s.display()),
        "fix": fix,
    });
    if !d.related.is_empty() {
        out["related"] = d
            .related
            .iter()
            .map(|&span| {
                let (s, e) = positions(source, span);
                json!({"line": s.line, "column": s.column, "end_line": e.line, "end_column": e.column})
            })
            .collect();
    }
    out
}

pub fn file_json(r: &FileReport) -> Value {
    let diagnostics: Vec<Value> = match &r.source {
        Some(source) => r
            .diagnostics
            .iter()
            .map(|d| diagnostic_json(d, source))
            .collect(),
        None => Vec::new(),
    };
    json!({
        "path": r.path,
        "kind": r.kind.map(|k| k.as_str()).unwrap_or("not_stp"),
        "layout": r.layout.map(|l| l.as_str()),
        "error": r.error,
        "diagnostics": diagnostics,
    })
}

pub fn report(reports: &[FileReport]) -> Value {
    let mut by = Map::new();
    for (severity, n) in by_severity(reports) {
        by.insert(severity.as_str().to_string(), json!(n));
    }
    json!({
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "stp", "version": env!("CARGO_PKG_VERSION")},
        "files": reports.iter().map(file_json).collect::<Vec<_>>(),
        "summary": {
            "files": reports.len(),
            "diagnostics": reports.iter().map(|r| r.diagnostics.len()).sum::<usize>(),
            "by_severity": by,
        },
    })
}
