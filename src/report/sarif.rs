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

/// A SARIF artifact URI: relative to the repository root (resolved through the run's
/// `%SRCROOT%` base), so code scanning places results on the repository's files; a file
/// outside the repository gets a `file://` URI.
fn artifact_uri(path: &str) -> String {
    let shown = super::repository_path(path);
    if std::path::Path::new(&shown).is_absolute() {
        return format!("file:///{}", shown.trim_start_matches('/'));
    }
    shown
}

/// An artifact location: relative URIs carry the `%SRCROOT%` base.
fn artifact_location(path: &str) -> Value {
    let uri = artifact_uri(path);
    if uri.starts_with("file://") {
        json!({"uri": uri})
    } else {
        json!({"uri": uri, "uriBaseId": "%SRCROOT%"})
    }
}

fn root_uri() -> String {
    let root = super::repository_root()
        .to_string_lossy()
        .replace('\\', "/");
    let root = root.trim_start_matches('/');
    format!("file:///{}/", root.trim_end_matches('/'))
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
    let location = artifact_location(path);
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
                "artifactLocation": location,
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
                "artifactLocation": location,
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
                "locations": [{"physicalLocation": {"artifactLocation": artifact_location(&r.path)}}],
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
            "originalUriBaseIds": {"%SRCROOT%": {"uri": root_uri()}},
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }],
    })
}
