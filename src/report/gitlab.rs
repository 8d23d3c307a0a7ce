//! `--format gitlab`: GitLab Code Quality, a JSON array of issues that GitLab shows in merge
//! requests (`artifacts: reports: codequality`). Each issue has a description, a check name,
//! a severity on GitLab's scale, a location (path and lines) and a fingerprint that stays the
//! same while the flagged text does (the baseline's), so GitLab can tell new issues from old.

use super::positions;
use crate::check::FileReport;
use crate::diagnostic::Severity;
use serde_json::{json, Value};

/// GitLab's scale: info, minor, major, critical, blocker.
pub fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "blocker",
        Severity::High => "critical",
        Severity::Medium => "major",
        Severity::Low => "minor",
    }
}

pub fn report(reports: &[FileReport]) -> Value {
    let mut issues = Vec::new();
    for r in reports {
        let path = super::repository_path(&r.path);
        if let Some(err) = &r.error {
            issues.push(json!({
                "type": "issue",
                "description": format!("{}: {err}", r.path),
                "check_name": "io-error",
                "categories": ["Bug Risk"],
                "severity": "blocker",
                "fingerprint": format!("io-error:{path}"),
                "location": {"path": path, "lines": {"begin": 1, "end": 1}},
            }));
            continue;
        }
        let Some(source) = &r.source else { continue };
        // Identical findings on one line would share a fingerprint; GitLab needs them distinct.
        let mut seen = std::collections::HashMap::new();
        for d in &r.diagnostics {
            let (s, e) = positions(source, d.span);
            let base = crate::baseline::fingerprint(d, source);
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            let fingerprint = if *n == 1 {
                format!("{path}:{base}")
            } else {
                format!("{path}:{base}:{n}")
            };
            let mut description = format!("{} {}", d.rule.code, d.message);
            if let Some(help) = &d.help {
                description.push_str(&format!(" (help: {help})"));
            }
            issues.push(json!({
                "type": "issue",
                "description": description,
                "check_name": d.rule.code,
                "categories": ["Style"],
                "severity": severity(d.severity),
                "fingerprint": fingerprint,
                "location": {
                    "path": path,
                    "positions": {
                        "begin": {"line": s.line, "column": s.column},
                        "end": {"line": e.line, "column": e.column},
                    },
                },
            }));
        }
    }
    Value::Array(issues)
}
