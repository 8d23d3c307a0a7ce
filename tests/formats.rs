//! Output formats other than text and JSON: SARIF (validated against the SARIF 2.1.0 schema),
//! GitHub annotations and the Markdown review.

mod common;
use common::*;
use std::path::Path;

fn stp(args: &[&str], cwd: &Path) -> (i32, String) {
    let run = run_stp(args, cwd);
    (run.code, run.stdout)
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn sarif_validator() -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../docs/schemas/sarif-schema-2.1.0.json")).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn assert_valid_sarif(text: &str) -> serde_json::Value {
    let sarif: serde_json::Value = serde_json::from_str(text).unwrap();
    let errors: Vec<String> = sarif_validator()
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    sarif
}

#[test]
fn sarif_validates_and_carries_rules_results_and_fixes() {
    let (code, out) = stp(
        &[
            "check",
            "--format",
            "sarif",
            "tests/fixtures/table-layout.md",
            "examples/stps",
        ],
        root(),
    );
    assert_eq!(code, 1);
    let sarif = assert_valid_sarif(&out);
    let run = &sarif["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), stp::rules::ALL.len());
    assert!(rules
        .iter()
        .all(|r| !r["help"]["text"].as_str().unwrap().is_empty()));
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 5, "one result per diagnostic");
    let first = &results[0];
    assert_eq!(first["ruleId"], "STP010");
    assert_eq!(first["level"], "error");
    assert_eq!(
        first["locations"][0]["physicalLocation"]["region"]["startLine"],
        58
    );
    assert_eq!(
        rules[first["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "STP010"
    );
    let mark = results.iter().find(|r| r["ruleId"] == "STP020").unwrap();
    let replacement = &mark["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["insertedContent"]["text"], "[x]");
    assert_eq!(replacement["deletedRegion"]["startColumn"], 3);
}

#[test]
fn sarif_of_the_corpus_validates() {
    let Some(corpus) = corpus() else { return };
    let (_, out) = stp(&["check", "--format", "sarif", "stps"], &corpus);
    let sarif = assert_valid_sarif(&out);
    assert!(sarif["runs"][0]["results"].as_array().unwrap().len() > 100);
}

#[test]
fn sarif_reports_unreadable_files_as_notifications() {
    let dir = scratch("sarif-errors");
    std::fs::write(dir.join("bin.md"), b"\0\0").unwrap();
    let (code, out) = stp(&["check", "--format", "sarif", "."], &dir);
    assert_eq!(code, 2);
    let sarif = assert_valid_sarif(&out);
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    assert!(
        invocation["toolExecutionNotifications"][0]["message"]["text"]
            .as_str()
            .unwrap()
            .contains("binary")
    );
}

#[test]
fn github_annotations_one_per_finding() {
    let (_, out) = stp(
        &[
            "check",
            "--format",
            "github",
            "tests/fixtures/table-layout.md",
        ],
        root(),
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(
        lines[1],
        "::warning file=tests/fixtures/table-layout.md,line=103,col=3,endLine=103,endColumn=6,title=STP020 checkbox-mark (MEDIUM)::checkbox mark `[X]` is not `[x]` or `[ ]`%0Ahelp: write `[x]`"
    );
    assert!(lines.iter().filter(|l| l.starts_with("::error ")).count() == 4);
}

#[test]
fn review_groups_by_section_and_severity() {
    let (_, out) = stp(
        &[
            "check",
            "--format",
            "review",
            "tests/fixtures/table-layout.md",
        ],
        root(),
    );
    assert!(out.starts_with("## STP review\n\n5 finding(s) in 1 file(s): 4 CRITICAL, 1 MEDIUM."));
    let oos = out.find("#### II.1 Out of Scope").unwrap();
    let entry = out.find("#### II.4 Entry Criteria").unwrap();
    let scenarios = out.find("#### III. Test Scenarios & Traceability").unwrap();
    assert!(
        oos < entry && entry < scenarios,
        "sections in document order"
    );
    assert!(out
        .contains("- **CRITICAL** requirement ID `[TBD]` is not a Jira key (line 127, `STP401`)"));
    let (_, clean) = stp(&["check", "--format", "review", "examples/stps"], root());
    assert!(clean.contains("No findings in 1 file(s)."));
}
