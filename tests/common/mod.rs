#![allow(dead_code)]
//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use stp::check::{review_text, FileReport};
use stp::model::PathFacts;
use stp::rules::Settings;

pub const EXAMPLE: &str = include_str!("../../examples/stps/sig-storage/snapshot-retention.md");
pub const TABLE: &str = include_str!("../fixtures/table-layout.md");

/// One diagnostic, flattened for assertions.
#[derive(Debug, Clone, PartialEq)]
pub struct Seen {
    pub code: &'static str,
    pub severity: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub help: Option<String>,
}

pub fn review_with(text: &str, facts: PathFacts, settings: Settings) -> (FileReport, Vec<Seen>) {
    let report = review_text(
        Path::new("stps/sig-test/plan.md"),
        text.to_string(),
        facts,
        settings,
    );
    let source = report.source.clone();
    let seen = report
        .diagnostics
        .iter()
        .map(|d| {
            let pos = source.as_ref().unwrap().line_col(d.span.start);
            Seen {
                code: d.rule.code,
                severity: d.severity.as_str().to_string(),
                line: pos.line,
                column: pos.column,
                message: d.message.clone(),
                help: d.help.clone(),
            }
        })
        .collect();
    (report, seen)
}

pub fn review(text: &str) -> Vec<Seen> {
    review_with(text, PathFacts::default(), Settings::default()).1
}

/// The findings of one code.
pub fn only(text: &str, code: &str) -> Vec<Seen> {
    review(text)
        .into_iter()
        .filter(|s| s.code == code)
        .collect()
}

/// The review of `text` as a child STP (a file beside its parent in a feature directory).
pub fn review_as_child(text: &str) -> (FileReport, Vec<Seen>) {
    let facts = PathFacts {
        in_feature_dir: true,
        ..PathFacts::default()
    };
    review_with(text, facts, Settings::default())
}

pub fn codes(seen: &[Seen]) -> Vec<&'static str> {
    seen.iter().map(|s| s.code).collect()
}

/// 1-based line of the first line containing `needle`.
pub fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("`{needle}` not in text"))
        + 1
}

/// Replaces exactly one occurrence, so a test cannot silently edit the wrong place.
pub fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "`{from}` must occur once");
    text.replacen(from, to, 1)
}

/// The shared corpus, if this checkout has one beside it (CI does; a fresh clone may not).
pub fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if dir.join("stps").is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "SKIPPED: ../shared/corpus is not present next to this checkout; corpus tests did not run"
        );
        None
    }
}

/// A fresh scratch directory under the target dir.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The `stp` binary's outcome.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or(serde_json::Value::Null)
    }
}

/// Runs the `stp` binary in `cwd`.
pub fn run_stp(args: &[&str], cwd: &Path) -> Run {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_stp"))
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).to_string(),
        stderr: String::from_utf8_lossy(&out.stderr).to_string(),
    }
}

/// The `path` of every file in `stp check --format json` output.
pub fn file_paths(json: &serde_json::Value) -> Vec<String> {
    json["files"]
        .as_array()
        .map(|files| {
            files
                .iter()
                .filter_map(|f| f["path"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}
