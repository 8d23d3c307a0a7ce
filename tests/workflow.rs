//! Inline suppressions, configuration files and their discovery.

mod common;
use common::*;

fn with_marks() -> String {
    let text = replace_once(EXAMPLE, "- [x] **Testability**", "- [V] **Testability**");
    replace_once(
        &text,
        "- [x] Requirements and design documents",
        "- [X] Requirements and design documents",
    )
}

#[test]
fn disable_and_enable_ranges() {
    let item =
        "- [V] **Testability**\n  - *Note any requirements that are unclear or untestable:* None\n";
    let text = replace_once(
        &with_marks(),
        item,
        &format!("<!-- stp-disable STP020 -->\n{item}<!-- stp-enable -->\n"),
    );
    let seen = review(&text);
    assert_eq!(
        codes(&seen),
        vec!["STP020"],
        "the mark after stp-enable is still reported"
    );
    assert_eq!(seen[0].line, line_of(&text, "- [X] Requirements"));
    // Without stp-enable the range runs to the end; a name or a spec ID works as well as a code.
    for name in ["checkbox-mark", "CHK-1", "stp020"] {
        let text = replace_once(
            &with_marks(),
            "- [V] **Testability**",
            &format!("<!-- stp-disable {name} -->\n- [V] **Testability**"),
        );
        assert_eq!(review(&text), vec![], "{name}");
    }
}

#[test]
fn disable_next_line() {
    let text = replace_once(
        &with_marks(),
        "- [V] **Testability**",
        "<!-- stp-disable-next-line CHK-1 -->\n- [V] **Testability**",
    );
    let seen = review(&text);
    assert_eq!(codes(&seen), vec!["STP020"]);
    assert_eq!(seen[0].line, line_of(&text, "- [X] Requirements"));
}

#[test]
fn disable_without_rules_silences_everything_after_it() {
    let text = format!("<!-- stp-disable -->\n{}", with_marks());
    assert_eq!(review(&text), vec![]);
}

#[test]
fn unused_suppressions_are_reported() {
    let text = replace_once(
        EXAMPLE,
        "- [x] **Testability**",
        "<!-- stp-disable-next-line STP020 -->\n- [x] **Testability**",
    );
    let seen = review(&text);
    assert_eq!(codes(&seen), vec!["STP036"]);
    assert_eq!(
        (seen[0].line, seen[0].severity.as_str()),
        (line_of(&text, "stp-disable-next-line"), "LOW")
    );
    let misspelt = replace_once(
        &with_marks(),
        "- [V] **Testability**",
        "<!-- stp-disable-next-line checkbox-marks -->\n- [V] **Testability**",
    );
    let codes_seen = codes(&review(&misspelt));
    assert!(codes_seen.contains(&"STP036") && codes_seen.contains(&"STP020"));
}

// Configuration ----------------------------------------------------------------------------

use std::path::Path;
use std::process::Command;

fn stp(args: &[&str], cwd: &Path) -> (i32, serde_json::Value, String) {
    let run = run_stp(args, cwd);
    let json = run.json();
    (run.code, json, format!("{}{}", run.stdout, run.stderr))
}

/// A repository with one plan that has a MEDIUM (`[V]`) and a HIGH (missing handle) finding.
fn repo(name: &str) -> std::path::PathBuf {
    let dir = scratch(name);
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    std::fs::create_dir_all(dir.join("stps/sig-storage")).unwrap();
    let plan = replace_once(&with_marks(), "Kim Example (@kexample)", "Kim Example");
    std::fs::write(dir.join("stps/sig-storage/plan.md"), plan).unwrap();
    dir
}

fn found_codes(json: &serde_json::Value) -> Vec<String> {
    json["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn select_and_ignore_by_code_prefix_name_or_spec() {
    let dir = repo("cfg-select");
    let (_, json, _) = stp(&["check", "--format", "json", "stps"], &dir);
    assert_eq!(found_codes(&json), vec!["STP020", "STP020", "STP410"]);
    std::fs::write(dir.join("stp.toml"), "select = [\"STP4\"]\n").unwrap();
    let (_, json, _) = stp(&["check", "--format", "json", "stps"], &dir);
    assert_eq!(found_codes(&json), vec!["STP410"]);
    std::fs::write(
        dir.join("stp.toml"),
        "ignore = [\"CHK-1\", \"reviewers-listed\"]\n",
    )
    .unwrap();
    let (code, json, _) = stp(&["check", "--format", "json", "stps"], &dir);
    assert_eq!((code, found_codes(&json).len()), (0, 0));
}

#[test]
fn severity_and_fail_on() {
    let dir = repo("cfg-severity");
    assert_eq!(
        stp(&["check", "stps"], &dir).0,
        1,
        "HIGH reaches the default fail-on"
    );
    std::fs::write(
        dir.join(".stp.toml"),
        "fail-on = \"CRITICAL\"\n[severity]\ncheckbox-mark = \"CRITICAL\"\n",
    )
    .unwrap();
    let (code, json, _) = stp(&["check", "--format", "json", "stps"], &dir);
    assert_eq!(json["files"][0]["diagnostics"][0]["severity"], "CRITICAL");
    assert_eq!(code, 1);
    std::fs::write(dir.join(".stp.toml"), "fail-on = \"CRITICAL\"\n").unwrap();
    assert_eq!(
        stp(&["check", "stps"], &dir).0,
        0,
        "HIGH is below the configured CRITICAL"
    );
    assert_eq!(
        stp(&["check", "--fail-on", "MEDIUM", "stps"], &dir).0,
        1,
        "the flag wins over the file"
    );
}

#[test]
fn include_exclude_and_strict_layout() {
    let dir = repo("cfg-globs");
    std::fs::create_dir_all(dir.join("stps/archive")).unwrap();
    std::fs::write(dir.join("stps/archive/old.md"), TABLE).unwrap();
    let (_, json, _) = stp(&["check", "--format", "json", "stps"], &dir);
    assert_eq!(json["summary"]["files"], 2);
    std::fs::write(dir.join("stp.toml"), "exclude = [\"stps/archive/**\"]\n").unwrap();
    let (_, json, _) = stp(&["check", "--format", "json", "stps"], &dir);
    assert_eq!(json["summary"]["files"], 1);
    std::fs::write(
        dir.join("stp.toml"),
        "include = [\"stps/archive/*.md\"]\nstrict-layout = true\n",
    )
    .unwrap();
    let (_, json, _) = stp(&["check", "--format", "json", "stps"], &dir);
    assert_eq!(json["summary"]["files"], 1);
    assert!(
        found_codes(&json).contains(&"STP002".to_string()),
        "strict layout holds the table plan to the template"
    );
}

#[test]
fn discovery_nearest_file_wins_and_pyproject_is_read() {
    let dir = repo("cfg-discovery");
    std::fs::write(
        dir.join("pyproject.toml"),
        "[project]\nname = \"x\"\n[tool.stp]\nignore = [\"STP020\"]\n",
    )
    .unwrap();
    let (_, json, _) = stp(&["check", "--format", "json", "stps"], &dir);
    assert_eq!(found_codes(&json), vec!["STP410"]);
    std::fs::write(
        dir.join("stps/sig-storage/stp.toml"),
        "ignore = [\"STP410\"]\n",
    )
    .unwrap();
    let (_, json, _) = stp(&["check", "--format", "json", "stps"], &dir);
    assert_eq!(
        found_codes(&json),
        vec!["STP020", "STP020"],
        "the nearer file replaces the farther one"
    );
    let (code, _, text) = stp(&["config", "stps/sig-storage/plan.md"], &dir);
    assert_eq!(code, 0);
    assert!(
        text.contains("stps/sig-storage/stp.toml") && text.contains("ignore = [\"STP410\"]"),
        "{text}"
    );
}

#[test]
fn bad_configuration_is_an_error_naming_the_file() {
    let dir = repo("cfg-bad");
    std::fs::write(dir.join("stp.toml"), "ignore = [\"STP999\"]\n").unwrap();
    let (code, _, err) = stp(&["check", "--format", "json", "stps"], &dir);
    assert_eq!(code, 2);
    // Printed once for the run, not as an error entry per file.
    assert!(
        err.contains("stp.toml") && err.contains("`STP999` names no rule"),
        "{err}"
    );
    assert_eq!(err.matches("names no rule").count(), 1, "{err}");
    std::fs::write(dir.join("stp.toml"), "colour = true\n").unwrap();
    let (code, _, text) = stp(&["config"], &dir);
    assert_eq!(code, 2);
    assert!(text.contains("unknown field `colour`"), "{text}");
}

#[test]
fn changed_since_checks_only_new_and_modified_plans_strictly() {
    let dir = scratch("changed-since");
    let git = |args: &[&str]| {
        let ok = Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(&dir)
            .output()
            .unwrap()
            .status
            .success();
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q"]);
    std::fs::create_dir_all(dir.join("stps/sig-a")).unwrap();
    std::fs::write(dir.join("stps/sig-a/merged.md"), TABLE).unwrap();
    std::fs::write(dir.join("stps/sig-a/edited.md"), EXAMPLE).unwrap();
    git(&["add", "-A"]);
    git(&["commit", "-qm", "base"]);
    std::fs::write(dir.join("stps/sig-a/edited.md"), with_marks()).unwrap();
    std::fs::write(dir.join("stps/sig-a/new.md"), TABLE).unwrap();
    let (code, json, text) = stp(
        &[
            "check",
            "--format",
            "json",
            "--changed-since",
            "HEAD",
            "stps",
        ],
        &dir,
    );
    let paths = file_paths(&json);
    assert_eq!(
        paths,
        ["stps/sig-a/edited.md", "stps/sig-a/new.md"],
        "{text}"
    );
    assert_eq!(code, 1);
    let new_codes: Vec<&str> = json["files"][1]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(
        new_codes.contains(&"STP002"),
        "a new plan is held to the current template: {new_codes:?}"
    );
    let (code, _, text) = stp(&["check", "--changed-since", "no-such-ref", "stps"], &dir);
    assert_eq!(code, 2, "{text}");
}

// Regressions found in review -----------------------------------------------------------------

#[test]
fn enable_matches_rules_by_any_of_their_names_and_only_reenables_them() {
    let item =
        "- [V] **Testability**\n  - *Note any requirements that are unclear or untestable:* None\n";
    let text = replace_once(
        &with_marks(),
        item,
        &format!("<!-- stp-disable STP020 -->\n{item}<!-- stp-enable checkbox-mark -->\n"),
    );
    assert_eq!(
        codes(&review(&text)),
        vec!["STP020"],
        "stp-enable by name ends a disable by code"
    );
    let text = format!(
        "<!-- stp-disable -->\n{}",
        replace_once(
            &with_marks(),
            item,
            &format!("{item}<!-- stp-enable STP020 -->\n")
        )
    );
    let text = replace_once(
        &text,
        "- **Platform:** Bare metal\n",
        "- **Platform:** Bare metal  \n",
    );
    assert_eq!(
        codes(&review(&text)),
        vec!["STP020"],
        "only STP020 is enabled again; STP032 stays off"
    );
}

#[test]
fn most_specific_configured_severity_wins_and_disabled_rules_need_no_suppression() {
    let dir = repo("cfg-specific");
    std::fs::write(
        dir.join("stp.toml"),
        "[severity]\nSTP0 = \"LOW\"\ncheckbox-mark = \"CRITICAL\"\n",
    )
    .unwrap();
    for _ in 0..5 {
        let (_, json, _) = stp(&["check", "--format", "json", "stps"], &dir);
        assert_eq!(json["files"][0]["diagnostics"][0]["severity"], "CRITICAL");
    }
    let plan = dir.join("stps/sig-storage/plan.md");
    let text = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(
        &plan,
        format!("<!-- stp-disable-next-line STP032 -->\n{text}"),
    )
    .unwrap();
    std::fs::write(dir.join("stp.toml"), "ignore = [\"STP032\"]\n").unwrap();
    let (_, json, _) = stp(&["check", "--format", "json", "stps"], &dir);
    assert!(!found_codes(&json).contains(&"STP036".to_string()));
}

#[test]
fn the_same_file_named_twice_is_reviewed_once() {
    let dir = repo("dedup");
    let abs = dir.join("stps/sig-storage/plan.md");
    let (_, json, _) = stp(
        &[
            "check",
            "--format",
            "json",
            "stps/sig-storage/plan.md",
            "./stps/sig-storage/plan.md",
            abs.to_str().unwrap(),
        ],
        &dir,
    );
    assert_eq!(json["summary"]["files"], 1);
}
