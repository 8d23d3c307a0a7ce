//! The command line: exit codes, formats, bad input, rule documentation.

mod common;
use common::*;
use std::path::Path;
use std::process::{Command, Output};

fn stp(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stp"))
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap()
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}

#[test]
fn exit_codes_follow_the_failing_severity() {
    let clean = stp(&["check", "examples/stps/sig-storage"], root());
    assert_eq!(clean.status.code(), Some(0), "{}", stdout(&clean));
    assert!(stdout(&clean).contains("No findings in 1 file."));

    let fixture = "tests/fixtures/table-layout.md";
    assert_eq!(stp(&["check", fixture], root()).status.code(), Some(1));
    assert_eq!(
        stp(&["check", "--fail-on", "critical", fixture], root())
            .status
            .code(),
        Some(1)
    );
    let dir = scratch("exit-codes");
    let medium_only = replace_once(EXAMPLE, "- [x] **Testability**", "- [V] **Testability**");
    std::fs::write(dir.join("plan.md"), medium_only).unwrap();
    assert_eq!(
        stp(&["check", "plan.md"], &dir).status.code(),
        Some(0),
        "MEDIUM is below the default HIGH"
    );
    assert_eq!(
        stp(&["check", "--fail-on", "MEDIUM", "plan.md"], &dir)
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        stp(&["check", "--fail-on", "severe", "plan.md"], &dir)
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn text_output_has_location_severity_code_and_underline() {
    let out = stdout(&stp(
        &[
            "check",
            "--color",
            "never",
            "tests/fixtures/table-layout.md",
        ],
        root(),
    ));
    let first = out.lines().next().unwrap();
    assert_eq!(
        first,
        "tests/fixtures/table-layout.md:58:60: CRITICAL STP010 `TODO` left in the plan"
    );
    assert!(
        out.contains("   |                                                            ^^^^\n"),
        "{out}"
    );
    assert!(out.contains("= help: write who signed off and when"));
    assert!(out.trim_end().ends_with(
        "Found 4 findings (3 CRITICAL, 1 MEDIUM) in 1 file.\n[*] 1 fixable with the `--fix` option."
    ));
}

#[test]
fn bad_files_get_errors_and_the_run_goes_on() {
    let dir = scratch("bad-input");
    std::fs::write(dir.join("binary.md"), b"\x89PNG\r\n\x1a\n\0\0\0IHDR").unwrap();
    std::fs::write(dir.join("latin1.md"), b"# Caf\xe9 plan\n").unwrap();
    std::fs::write(dir.join("empty.md"), b"").unwrap();
    std::fs::write(dir.join("notes.md"), b"# Notes\n\nJust notes.\n").unwrap();
    std::fs::write(dir.join("good.md"), EXAMPLE).unwrap();
    let huge = std::fs::File::create(dir.join("huge.md")).unwrap();
    huge.set_len(100 * 1024 * 1024).unwrap(); // sparse: 100 MB without writing them
    let out = stp(&["check", "--format", "json", "."], &dir);
    assert_eq!(
        out.status.code(),
        Some(2),
        "unreadable files make it an I/O failure"
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let by_path = |p: &str| {
        json["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"] == p)
            .cloned()
            .unwrap_or_else(|| panic!("{p} missing: {json}"))
    };
    assert!(by_path("binary.md")["error"]
        .as_str()
        .unwrap()
        .contains("binary"));
    assert!(by_path("latin1.md")["error"]
        .as_str()
        .unwrap()
        .contains("not valid UTF-8 (first bad byte at offset 5, line 1)"));
    assert!(by_path("huge.md")["error"]
        .as_str()
        .unwrap()
        .contains("100 MB"));
    assert_eq!(by_path("empty.md")["diagnostics"][0]["code"], "STP001");
    assert_eq!(by_path("notes.md")["diagnostics"][0]["code"], "STP001");
    assert_eq!(
        by_path("good.md")["diagnostics"].as_array().unwrap().len(),
        0
    );
    assert_eq!(by_path("good.md")["kind"], "parent");
}

#[test]
fn missing_paths_are_usage_errors_but_other_paths_are_checked() {
    let out = stp(
        &[
            "check",
            "--format",
            "json",
            "no/such/dir",
            "examples/stps/sig-storage",
        ],
        root(),
    );
    assert_eq!(out.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // The checked file, then the missing path as an error entry.
    assert_eq!(json["summary"]["files"], 2);
    assert_eq!(json["files"][1]["path"], "no/such/dir");
    assert_eq!(json["files"][1]["error"], "no/such/dir does not exist");
    assert_eq!(
        stp(&["check", "--no-such-flag"], root()).status.code(),
        Some(2)
    );
}

#[test]
fn default_path_is_the_repository_stps_directory() {
    let dir = scratch("default-path");
    std::fs::create_dir_all(dir.join("stps/sig-x")).unwrap();
    std::fs::create_dir_all(dir.join("docs")).unwrap();
    std::fs::write(dir.join("stps/sig-x/plan.md"), EXAMPLE).unwrap();
    std::fs::write(dir.join("docs/readme.md"), "# Not a plan\n").unwrap();
    let out = stp(&["check", "--format", "json"], &dir.join("docs"));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["files"], 1, "{json}");
    assert!(json["files"][0]["path"]
        .as_str()
        .unwrap()
        .ends_with("stps/sig-x/plan.md"));
    let lonely = scratch("no-stps");
    std::fs::create_dir_all(lonely.join(".git")).unwrap();
    assert_eq!(stp(&["check"], &lonely).status.code(), Some(2));
}

#[test]
fn parse_prints_the_model_with_exact_count_keys() {
    let out = stp(
        &[
            "parse",
            "--format",
            "json",
            "examples/stps/sig-storage/snapshot-retention.md",
        ],
        root(),
    );
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let file = &json["files"][0];
    assert_eq!(file["kind"], "parent");
    assert_eq!(file["layout"], "list");
    let mut keys: Vec<&str> = file["counts"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "acceptance_criteria",
            "approvers",
            "environment_fields",
            "goals",
            "known_limitations",
            "out_of_scope",
            "reviewers",
            "risk_categories",
            "scenarios",
            "strategy_items",
            "test_limitations"
        ]
    );
    assert_eq!(file["counts"]["scenarios"], 3);
    assert_eq!(file["model"]["scenarios"][0]["tier"]["level"], 2);
    assert_eq!(
        file["model"]["sign_off"]["approvers"][2]["handle"],
        "pexample"
    );
}

#[test]
fn rules_are_listed_and_documented() {
    let list = stdout(&stp(&["rules"], root()));
    for rule in stp::rules::ALL {
        assert!(
            list.contains(rule.code) && list.contains(rule.name),
            "{}",
            rule.code
        );
    }
    let doc = stp(&["rule", "CHK-1"], root());
    assert_eq!(doc.status.code(), Some(0));
    let doc = stdout(&doc);
    assert!(doc.starts_with("STP020 checkbox-mark [CHK-1] default severity MEDIUM, fixable"));
    assert!(doc.contains("Fix (safe)"));
    assert_eq!(stdout(&stp(&["rule", "stp020"], root())), doc);
    assert_eq!(stp(&["rule", "NOPE-9"], root()).status.code(), Some(2));
}

#[test]
fn readme_lists_every_rule() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    for rule in stp::rules::ALL {
        assert!(
            readme.contains(&format!("| {} | {}", rule.code, rule.name)),
            "README's rule table misses {} {}",
            rule.code,
            rule.name
        );
    }
}
