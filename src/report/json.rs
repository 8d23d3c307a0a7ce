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

/// The run's totals: files, diagnostics, diagnostics by severity.
fn summary(reports: &[FileReport]) -> Value {
    let mut by = Map::new();
    for (severity, n) in by_severity(reports) {
        by.insert(severity.as_str().to_string(), json!(n));
    }
    json!({
        "files": reports.len(),
        "diagnostics": reports.iter().map(|r| r.diagnostics.len()).sum::<usize>(),
        "by_severity": by,
    })
}

pub fn report(reports: &[FileReport]) -> Value {
    json!({
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "stp", "version": env!("CARGO_PKG_VERSION")},
        "files": reports.iter().map(file_json).collect::<Vec<_>>(),
        "summary": summary(reports),
    })
}

/// The marker that stands for the file list while the rest of the report is written.
const FILES_MARKER: &str = "\u{0}stp-files\u{0}";

/// [`report`] as pretty-printed JSON (with a final newline), the same bytes as
/// `serde_json::to_string_pretty(&report(reports))`, but each file's part is built and
/// printed in parallel and dropped as soon as it is text, instead of one value tree for the
/// whole run serialised on one thread.
pub fn render(reports: &[FileReport]) -> String {
    let files: Vec<String> = crate::check::map_files(reports, |r| {
        let pretty = serde_json::to_string_pretty(&file_json(r)).expect("JSON values serialise");
        // Inside `"files": [...]` every line sits two levels deeper. JSON strings hold no
        // raw newlines, so indenting by lines is exact.
        let mut out = String::with_capacity(pretty.len() + pretty.len() / 8);
        for (i, line) in pretty.lines().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str("    ");
            out.push_str(line);
        }
        out
    });
    let mut skeleton = report(&[]);
    skeleton["files"] = Value::String(FILES_MARKER.to_string());
    skeleton["summary"] = summary(reports);
    let head = serde_json::to_string_pretty(&skeleton).expect("JSON values serialise");
    let marker = serde_json::to_string(FILES_MARKER).expect("a string serialises");
    let (before, after) = head
        .split_once(&marker)
        .expect("the marker is in the skeleton");
    let total: usize = files.iter().map(|f| f.len() + 2).sum();
    let mut out = String::with_capacity(head.len() + total + 16);
    out.push_str(before);
    if files.is_empty() {
        out.push_str("[]");
    } else {
        out.push_str("[\n");
        out.push_str(&files.join(",\n"));
        out.push_str("\n  ]");
    }
    out.push_str(after);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{review_text, FileReport};

    #[test]
    fn rendering_in_parts_gives_the_bytes_of_the_whole_value() {
        let example = include_str!("../../examples/stps/sig-storage/snapshot-retention.md");
        let mut reports: Vec<FileReport> = Vec::new();
        for (i, text) in [example, "", "# Not a plan\n\n\"quoted\" \\ text\n"]
            .into_iter()
            .enumerate()
        {
            reports.push(review_text(
                std::path::Path::new(&format!("plan-{i}.md")),
                text.to_string(),
                Default::default(),
                Default::default(),
            ));
        }
        reports.push(FileReport::failed(
            std::path::Path::new("bad.md"),
            "not UTF-8".into(),
        ));
        for n in 0..=reports.len() {
            let part = &reports[..n];
            let whole = serde_json::to_string_pretty(&report(part)).unwrap() + "\n";
            assert_eq!(render(part), whole, "{n} files");
        }
    }
}
