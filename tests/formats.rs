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
            "examples/stps/sig-storage",
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
    assert_eq!(results.len(), 4, "one result per diagnostic");
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
    assert_eq!(lines.len(), 4);
    assert_eq!(
        lines[1],
        "::warning file=tests/fixtures/table-layout.md,line=103,col=3,endLine=103,endColumn=6,title=STP020 checkbox-mark (MEDIUM)::checkbox mark `[X]` is not `[x]` or `[ ]`%0Ahelp: write `[x]`"
    );
    assert!(lines.iter().filter(|l| l.starts_with("::error ")).count() == 3);
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
    assert!(out.starts_with("## STP review\n\n4 finding(s) in 1 file(s): 3 CRITICAL, 1 MEDIUM."));
    let oos = out.find("#### II.1 Out of Scope").unwrap();
    let entry = out.find("#### II.4 Entry Criteria").unwrap();
    let scenarios = out.find("#### III. Test Scenarios & Traceability").unwrap();
    assert!(
        oos < entry && entry < scenarios,
        "sections in document order"
    );
    assert!(out.contains(
        "- **CRITICAL** requirement ID `MTU-oversize` is not a Jira key (line 127, `STP401`)"
    ));
    let (_, clean) = stp(
        &["check", "--format", "review", "examples/stps/sig-storage"],
        root(),
    );
    assert!(clean.contains("No findings in 1 file(s)."));
}

#[test]
fn gitlab_code_quality_validates_against_the_documented_format() {
    let schema: serde_json::Value = serde_json::from_str(include_str!(
        "../docs/schemas/gitlab-codequality.schema.json"
    ))
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let (code, out) = stp(
        &[
            "check",
            "--format",
            "gitlab",
            "tests/fixtures/table-layout.md",
            "no/such/plan.md",
        ],
        root(),
    );
    assert_eq!(code, 2, "a missing path is an I/O error");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let issues = report.as_array().unwrap();
    // Four findings and the missing file.
    assert_eq!(issues.len(), 5, "{out}");
    let todo = &issues[0];
    assert_eq!(todo["check_name"], "STP010");
    assert_eq!(todo["severity"], "blocker");
    assert_eq!(todo["location"]["path"], "tests/fixtures/table-layout.md");
    assert_eq!(todo["location"]["positions"]["begin"]["line"], 58);
    let mut fingerprints: Vec<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    fingerprints.sort();
    fingerprints.dedup();
    assert_eq!(fingerprints.len(), issues.len(), "fingerprints are unique");
    assert!(issues.iter().any(|i| i["check_name"] == "io-error"
        && i["description"]
            .as_str()
            .unwrap()
            .contains("does not exist")));
}

/// The Python interpreter with junitparser (CI sets STP_TEST_PYTHON), if there is one.
fn python_with_junitparser() -> Option<String> {
    let candidates = std::env::var("STP_TEST_PYTHON")
        .ok()
        .into_iter()
        .chain(["python3".to_string()]);
    for python in candidates {
        let ok = std::process::Command::new(&python)
            .args(["-c", "import junitparser"])
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            return Some(python);
        }
    }
    None
}

#[test]
fn junit_is_read_by_a_junit_consumer() {
    let dir = scratch("junit");
    let plan = replace_once(
        EXAMPLE,
        "- [x] **Testability**",
        "- [X] **Testability** <b>&</b>",
    );
    std::fs::write(dir.join("plan.md"), plan).unwrap();
    std::fs::write(dir.join("clean.md"), EXAMPLE).unwrap();
    let (code, xml) = stp(
        &[
            "check", "--format", "junit", "plan.md", "clean.md", "gone.md",
        ],
        &dir,
    );
    assert_eq!(code, 2);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert!(xml.contains("failures=\"1\""), "{xml}");
    let Some(python) = python_with_junitparser() else {
        eprintln!("SKIPPED: no Python with junitparser (set STP_TEST_PYTHON); the JUnit output was not parsed by a consumer");
        return;
    };
    std::fs::write(dir.join("report.xml"), &xml).unwrap();
    // junitparser is what pytest-based CI tools use to read JUnit XML: count what it sees.
    let script = r#"
import sys
from junitparser import JUnitXml, Failure, Error
xml = JUnitXml.fromfile(sys.argv[1])
for suite in xml:
    for case in suite:
        kinds = [type(r).__name__ for r in case.result]
        print(suite.name, "|", case.name, "|", ",".join(kinds), "|", case.result[0].message if case.result else "")
"#;
    let out = std::process::Command::new(python)
        .args(["-c", script, "report.xml"])
        .current_dir(&dir)
        .output()
        .unwrap();
    let listing = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<&str> = listing.lines().collect();
    assert_eq!(lines.len(), 3, "{listing}");
    assert!(
        lines[0].starts_with("plan.md | STP020 checkbox-mark (line "),
        "{listing}"
    );
    assert!(lines[0].contains("| Failure |"), "{listing}");
    assert_eq!(lines[1], "clean.md | no findings |  | ");
    assert!(
        lines[2].starts_with("gone.md | read | Error | gone.md does not exist"),
        "{listing}"
    );
}
