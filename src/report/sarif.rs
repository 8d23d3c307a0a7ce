//! `--format sarif`: SARIF 2.1.0, for code-scanning dashboards. Rules carry their
//! documentation as help; fixes become SARIF fixes. Columns are Unicode code points
//! (`columnKind: unicodeCodePoints`), as everywhere in `stp`.

use super::positions;
use crate::check::FileReport;
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{Rule, ALL};
use crate::source::SourceFile;
use serde::Serialize;
use serde_json::{json, Value};

/// SARIF's levels: CRITICAL and HIGH block a merge (error), MEDIUM should be fixed (warning),
/// LOW is a suggestion (note).
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

fn region(source: &SourceFile, span: crate::source::Span) -> Region {
    let (s, e) = positions(source, span);
    Region {
        start_line: s.line,
        start_column: s.column,
        end_line: e.line,
        end_column: e.column,
    }
}

/// A SARIF artifact URI: relative paths as they are (with `/`), paths under the working
/// directory relative to it, other absolute paths as `file://` URIs.
fn artifact_uri(path: &str) -> String {
    let p = std::path::Path::new(path);
    if p.is_absolute() {
        if let Some(rel) = std::env::current_dir()
            .ok()
            .and_then(|cwd| p.strip_prefix(cwd).ok().map(|r| r.to_path_buf()))
        {
            return rel.to_string_lossy().replace('\\', "/");
        }
        return format!("file://{}", path.replace('\\', "/"));
    }
    path.replace('\\', "/")
}

fn rule_json(rule: &Rule) -> Value {
    json!({
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary()},
        "fullDescription": {"text": rule.documentation()},
        "help": {"text": rule.documentation(), "markdown": rule.documentation()},
        "defaultConfiguration": {"level": level(rule.severity)},
        "properties": {"spec": rule.spec, "severity": rule.severity.as_str(), "fixable": rule.fixable},
    })
}

fn result_json(path: &str, d: &Diagnostic, source: &SourceFile) -> Value {
    let uri = artifact_uri(path);
    let path = uri.as_str();
    let index = ALL.iter().position(|r| r.code == d.rule.code).unwrap_or(0);
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str(&format!(" (help: {help})"));
    }
    let mut result = json!({
        "ruleId": d.rule.code,
        "ruleIndex": index,
        "level": level(d.severity),
        "message": {"text": message},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": path},
                "region": region(source, d.span),
            }
        }],
        "properties": {
            "severity": d.severity.as_str(),
            "spec": d.rule.spec,
            "section": d.section.map(|s| s.display()),
        },
    });
    if !d.related.is_empty() {
        result["relatedLocations"] = d
            .related
            .iter()
            .enumerate()
            .map(|(id, &span)| {
                json!({"id": id, "physicalLocation": {
                    "artifactLocation": {"uri": path},
                    "region": region(source, span),
                }})
            })
            .collect();
    }
    if let Some(fix) = &d.fix {
        result["fixes"] = json!([{
            "description": {"text": fix.title},
            "artifactChanges": [{
                "artifactLocation": {"uri": path},
                "replacements": fix.edits.iter().map(|e| json!({
                    "deletedRegion": region(source, e.span),
                    "insertedContent": {"text": e.new_text},
                })).collect::<Vec<_>>(),
            }],
        }]);
    }
    result
}

pub fn report(reports: &[FileReport]) -> Value {
    let results: Vec<Value> = reports
        .iter()
        .filter_map(|r| r.source.as_ref().map(|s| (r, s)))
        .flat_map(|(r, source)| {
            r.diagnostics
                .iter()
                .map(move |d| result_json(&r.path, d, source))
        })
        .collect();
    let notifications: Vec<Value> = reports
        .iter()
        .filter_map(|r| r.error.as_ref().map(|e| (r, e)))
        .map(|(r, e)| {
            json!({
                "level": "error",
                "message": {"text": format!("{}: {e}", r.path)},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(&r.path)}}}],
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "stp",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/RedHatQE/openshift-virtualization-tests-design-docs",
                "rules": ALL.iter().map(|r| rule_json(r)).collect::<Vec<_>>(),
            }},
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }],
    })
}
