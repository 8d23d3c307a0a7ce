//! Baselines: accept today's findings once (`stp check --write-baseline FILE`), then report
//! only new ones (`--baseline FILE`), the way a team adopts a linter on a repository it already
//! has.
//!
//! A finding is keyed on its file (relative to the baseline's directory, so the baseline works
//! from any working directory), its rule and a fingerprint of the text it flags: the flagged
//! span and the line it starts on, white space collapsed. Line numbers and messages are not part
//! of the key, so edits elsewhere in the plan (text added above, lines moved) keep the baseline
//! valid; editing the flagged line itself makes the finding new. Identical keys are counted, so
//! a baseline that holds two findings hides two, and a third is reported.

use crate::check::FileReport;
use crate::diagnostic::Diagnostic;
use crate::recognise::fnv1a64;
use crate::source::SourceFile;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
struct BaselineFile {
    schema_version: u32,
    #[serde(default)]
    tool: Option<serde_json::Value>,
    findings: Vec<Entry>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
struct Entry {
    path: String,
    code: String,
    fingerprint: String,
    #[serde(default = "one")]
    count: usize,
    /// For people reading the file; not part of the key.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    message: String,
}

fn one() -> usize {
    1
}

type Key = (String, String, String);

/// A baseline read from a file: how many findings of each key it accepts.
#[derive(Debug)]
pub struct Baseline {
    dir: PathBuf,
    accepted: HashMap<Key, usize>,
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The fingerprint of what a diagnostic flags: its span's text and the line it starts on.
pub fn fingerprint(d: &Diagnostic, source: &SourceFile) -> String {
    let text = &source.text;
    let line = source.lines.line_of(d.span.start);
    let line_text = &text[source.lines.line_span(text, line).range()];
    let flagged = text.get(d.span.range()).unwrap_or("");
    let material = format!(
        "{}\0{}\0{}",
        d.rule.code,
        collapse(flagged),
        collapse(line_text)
    );
    format!("{:016x}", fnv1a64(material.as_bytes()))
}

/// The key path of a report's file: relative to `dir` with `/` separators.
fn key_path(report_path: &str, dir: &Path) -> String {
    let path = Path::new(report_path);
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    // Canonical forms on both sides, so symbolic links and `..` agree.
    let abs = abs.canonicalize().unwrap_or(abs);
    crate::check::relative_to(&abs, dir)
        .unwrap_or(abs)
        .to_string_lossy()
        .replace('\\', "/")
}

fn baseline_dir(file: &Path) -> PathBuf {
    let dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf())
}

fn keys<'a>(
    report: &'a FileReport,
    dir: &Path,
) -> impl Iterator<Item = (Key, &'a Diagnostic)> + 'a {
    let path = key_path(&report.path, dir);
    report.diagnostics.iter().filter_map(move |d| {
        let source = report.source.as_ref()?;
        Some((
            (
                path.clone(),
                d.rule.code.to_string(),
                fingerprint(d, source),
            ),
            d,
        ))
    })
}

/// Writes every finding of `reports` to `file`; returns how many were written.
pub fn write(file: &Path, reports: &[FileReport]) -> Result<usize, String> {
    let dir = baseline_dir(file);
    let mut counts: HashMap<Key, (usize, String)> = HashMap::new();
    let mut total = 0;
    for r in reports {
        for (key, d) in keys(r, &dir) {
            let entry = counts.entry(key).or_insert((0, d.message.clone()));
            entry.0 += 1;
            total += 1;
        }
    }
    let mut findings: Vec<Entry> = counts
        .into_iter()
        .map(|((path, code, fingerprint), (count, message))| Entry {
            path,
            code,
            fingerprint,
            count,
            message,
        })
        .collect();
    findings.sort();
    let doc = BaselineFile {
        schema_version: SCHEMA_VERSION,
        tool: Some(serde_json::json!({"name": "stp", "version": env!("CARGO_PKG_VERSION")})),
        findings,
    };
    let text = serde_json::to_string_pretty(&doc).expect("a baseline serialises") + "\n";
    crate::fix::write_atomically(file, &text)
        .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    Ok(total)
}

impl Baseline {
    pub fn read(file: &Path) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(file)
            .map_err(|e| format!("cannot read the baseline {}: {e}", file.display()))?;
        let doc: BaselineFile = serde_json::from_str(&text)
            .map_err(|e| format!("{} is not an stp baseline: {e}", file.display()))?;
        if doc.schema_version != SCHEMA_VERSION {
            return Err(format!(
                "{}: baseline schema version {} is not supported (this stp reads {SCHEMA_VERSION})",
                file.display(),
                doc.schema_version
            ));
        }
        let mut accepted = HashMap::new();
        for e in doc.findings {
            *accepted.entry((e.path, e.code, e.fingerprint)).or_insert(0) += e.count;
        }
        Ok(Baseline {
            dir: baseline_dir(file),
            accepted,
        })
    }

    /// Drops the findings the baseline accepts; returns how many were dropped.
    pub fn filter(&mut self, reports: &mut [FileReport]) -> usize {
        let mut dropped = 0;
        for r in reports.iter_mut() {
            let keep: Vec<bool> = keys(r, &self.dir)
                .map(|(key, _)| match self.accepted.get_mut(&key) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        false
                    }
                    _ => true,
                })
                .collect();
            if keep.len() != r.diagnostics.len() {
                continue;
            }
            let mut flags = keep.into_iter();
            r.diagnostics.retain(|_| {
                let k = flags.next().unwrap_or(true);
                if !k {
                    dropped += 1;
                }
                k
            });
        }
        dropped
    }
}
