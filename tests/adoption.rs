//! Adopting `stp` on an existing repository: baselines, added suppressions, per-file ignores,
//! the command line's rule selection and configuration flags, standard input, and the output
//! ruff users expect (concise, statistics, fix hints, relative paths, `git apply`-able diffs).

mod common;
use common::*;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

const FIXTURE: &str = include_str!("fixtures/table-layout.md");

/// A scratch repository (with `.git`, so configuration search stops there) holding `files`.
fn repo(name: &str, files: &[(&str, &str)]) -> std::path::PathBuf {
    let dir = scratch(name);
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    for (path, text) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

fn codes_in(run: &Run) -> Vec<String> {
    run.json()["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap().clone())
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn concise_prints_one_line_per_finding_with_the_fixable_marker_and_hint() {
    let run = run_stp(
        &[
            "check",
            "--output-format",
            "concise",
            "tests/fixtures/table-layout.md",
        ],
        root(),
    );
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "tests/fixtures/table-layout.md:58:60: CRITICAL STP010 `TODO` left in the plan"
    );
    assert_eq!(
        lines[1],
        "tests/fixtures/table-layout.md:103:3: MEDIUM STP020 [*] checkbox mark `[X]` is not `[x]` or `[ ]`"
    );
    assert_eq!(lines.len(), 6, "{}", run.stdout);
    assert_eq!(
        lines[4],
        "Found 4 findings (3 CRITICAL, 1 MEDIUM) in 1 file."
    );
    assert_eq!(lines[5], "[*] 1 fixable with the `--fix` option.");
}

#[test]
fn statistics_count_findings_per_rule() {
    let run = run_stp(
        &["check", "--statistics", "tests/fixtures/table-layout.md"],
        root(),
    );
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines[0], "2  STP010      CRITICAL template-placeholder");
    assert_eq!(lines[1], "1  STP020  [*] MEDIUM   checkbox-mark");
    assert_eq!(lines[2], "1  STP401      CRITICAL scenario-requirement-id");
    assert_eq!(
        lines[3],
        "4 finding(s) from 3 rule(s); 1 fixable with `--fix` ([*] all, [-] some)."
    );
}

#[test]
fn show_fixes_names_each_fix_and_lists_the_applied_ones() {
    let run = run_stp(
        &["check", "--show-fixes", "tests/fixtures/table-layout.md"],
        root(),
    );
    assert_eq!(run.stdout.matches("= fix: ").count(), 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("= fix: Replace `[X]` with `[x]`\n"),
        "{}",
        run.stdout
    );
    let dir = repo("show-fixes", &[("plan.md", FIXTURE)]);
    let run = run_stp(&["check", "--fix", "--show-fixes", "plan.md"], &dir);
    assert!(
        run.stderr.contains("plan.md: 1 × STP020 (checkbox-mark)"),
        "{}",
        run.stderr
    );
}

#[test]
fn select_ignore_and_extend_select_choose_the_rules() {
    let fixture = "tests/fixtures/table-layout.md";
    let only = |args: &[&str]| {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        all.push(fixture);
        let mut codes = codes_in(&run_stp(&all, root()));
        codes.sort();
        codes.dedup();
        codes
    };
    assert_eq!(only(&["--select", "STP020"]), ["STP020"]);
    assert_eq!(
        only(&["--select", "checkbox-mark,SCN-1"]),
        ["STP020", "STP401"]
    );
    assert_eq!(
        only(&["--select", "STP020", "--extend-select", "STP401"]),
        ["STP020", "STP401"]
    );
    assert_eq!(only(&["--ignore", "STP010,STP401"]), ["STP020"]);
    let typo = run_stp(&["check", "--select", "STP999x", fixture], root());
    assert_eq!(typo.code, 2);
    assert_eq!(
        typo.stderr.matches("names no rule").count(),
        1,
        "{}",
        typo.stderr
    );
}

#[test]
fn a_placeholder_requirement_id_is_reported_when_the_placeholder_rule_is_off() {
    // STP401 leaves a `[TBD]` ID to STP010; with STP010 switched off it reports it itself.
    let plan = FIXTURE.replace("| MTU-oversize   |", "| [TBD]          |");
    let dir = repo("placeholder-off", &[("plan.md", &plan)]);
    let codes = |args: &[&str]| {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        all.push("plan.md");
        codes_in(&run_stp(&all, &dir))
    };
    let all = codes(&[]);
    assert!(!all.contains(&"STP401".to_string()), "{all:?}");
    assert_eq!(all.iter().filter(|c| *c == "STP010").count(), 3);
    assert_eq!(codes(&["--ignore", "STP010"]), ["STP020", "STP401"]);
}

#[test]
fn config_and_isolated_choose_the_configuration() {
    let dir = repo(
        "config-flags",
        &[
            ("plan.md", FIXTURE),
            ("stp.toml", "ignore = [\"STP010\"]\n"),
            ("other.toml", "select = [\"STP020\"]\n"),
        ],
    );
    let codes = |args: &[&str]| {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        all.push("plan.md");
        let mut c = codes_in(&run_stp(&all, &dir));
        c.dedup();
        c
    };
    assert_eq!(codes(&[]), ["STP020", "STP401"]);
    assert_eq!(codes(&["--config", "other.toml"]), ["STP020"]);
    assert_eq!(
        codes(&["--isolated"]),
        ["STP010", "STP020", "STP401", "STP010"]
    );
    let missing = run_stp(&["check", "--config", "nope.toml", "plan.md"], &dir);
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("nope.toml"), "{}", missing.stderr);
}

#[test]
fn a_configuration_error_is_printed_once() {
    let dir = repo(
        "config-error",
        &[
            ("stps/a.md", EXAMPLE),
            ("stps/b.md", EXAMPLE),
            ("stps/c.md", EXAMPLE),
            ("stp.toml", "selct = [\"STP020\"]\n"),
        ],
    );
    let run = run_stp(&["check", "stps"], &dir);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr.matches("error:").count(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("selct"), "{}", run.stderr);
    assert!(!run.stdout.contains("could not be read"), "{}", run.stdout);
}

#[test]
fn exit_zero_and_min_severity() {
    let fixture = "tests/fixtures/table-layout.md";
    assert_eq!(run_stp(&["check", "--exit-zero", fixture], root()).code, 0);
    assert_eq!(
        run_stp(&["check", "--exit-zero", "missing.md"], root()).code,
        2,
        "errors still fail"
    );
    let run = run_stp(
        &[
            "check",
            "--format",
            "json",
            "--min-severity",
            "medium",
            "--fail-on",
            "medium",
            fixture,
        ],
        root(),
    );
    assert_eq!(codes_in(&run).len(), 4);
    let run = run_stp(
        &[
            "check",
            "--format",
            "json",
            "--min-severity",
            "CRITICAL",
            "--fail-on",
            "medium",
            fixture,
        ],
        root(),
    );
    let codes = codes_in(&run);
    assert_eq!(codes.len(), 3, "the MEDIUM finding is not shown");
    assert!(!codes.contains(&"STP020".to_string()));
}

fn run_with_stdin(args: &[&str], cwd: &Path, input: &str) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_stp"))
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).to_string(),
        stderr: String::from_utf8_lossy(&out.stderr).to_string(),
    }
}

#[test]
fn stdin_is_checked_under_the_stdin_filename() {
    let dir = repo("stdin", &[("stp.toml", "ignore = [\"STP401\"]\n")]);
    let run = run_with_stdin(
        &[
            "check",
            "--output-format",
            "concise",
            "--stdin-filename",
            "stps/sig-network/plan.md",
            "-",
        ],
        &dir,
        FIXTURE,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let first = run.stdout.lines().next().unwrap();
    assert_eq!(
        first,
        "stps/sig-network/plan.md:58:60: CRITICAL STP010 `TODO` left in the plan"
    );
    assert!(
        !run.stdout.contains("STP401"),
        "the configuration applies: {}",
        run.stdout
    );
    // Without a name, `-`.
    let run = run_with_stdin(&["check", "--output-format", "concise", "-"], &dir, FIXTURE);
    assert!(
        run.stdout.starts_with("-:58:60: CRITICAL STP010"),
        "{}",
        run.stdout
    );
    // With --fix, the fixed text on standard output.
    let run = run_with_stdin(&["check", "--fix", "-"], &dir, FIXTURE);
    assert_eq!(
        run.stdout,
        replace_once(FIXTURE, "- [X] Test", "- [x] Test")
    );
    assert!(run.stderr.contains("STP010"), "{}", run.stderr);
    // Not UTF-8: an error, exit 2.
    let run = run_with_stdin(&["check", "-"], &dir, "\u{0}\u{1}binary");
    assert_eq!(run.code, 2);
    assert!(run.stdout.contains("-: error:"), "{}", run.stdout);
    assert_eq!(run_stp(&["check", "-", "plan.md"], &dir).code, 2);
}

#[test]
fn completions_are_printed_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = run_stp(&["completions", shell], root());
        assert_eq!(run.code, 0, "{shell}");
        assert!(run.stdout.contains("write-baseline"), "{shell}");
    }
    assert_eq!(run_stp(&["completions", "tcsh"], root()).code, 2);
}

#[test]
fn version_is_the_package_version() {
    let run = run_stp(&["--version"], root());
    assert_eq!(
        run.stdout.trim(),
        format!("stp {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn baseline_reports_only_new_findings_after_edits_elsewhere() {
    let dir = repo("baseline", &[("stps/sig-network/plan.md", FIXTURE)]);
    let run = run_stp(
        &["check", "--write-baseline", "stp-baseline.json", "stps"],
        &dir,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("Wrote 4 finding(s)"), "{}", run.stderr);
    let clean = run_stp(&["check", "--baseline", "stp-baseline.json", "stps"], &dir);
    assert_eq!(clean.code, 0, "{}", clean.stdout);
    assert!(clean.stdout.contains("No findings in 1 file."));
    // From another directory, the same baseline (paths are relative to the baseline file).
    let from_sub = run_stp(
        &["check", "--baseline", "../stp-baseline.json", "."],
        &dir.join("stps"),
    );
    assert_eq!(from_sub.code, 0, "{}", from_sub.stdout);
    // The configuration can name the baseline (pre-commit hooks then need no arguments).
    std::fs::write(dir.join("stp.toml"), "baseline = \"stp-baseline.json\"\n").unwrap();
    let configured = run_stp(&["check", "stps"], &dir);
    assert_eq!(configured.code, 0, "{}", configured.stdout);
    std::fs::remove_file(dir.join("stp.toml")).unwrap();
    // Move existing text (a paragraph at the top) and add one new problem.
    let edited = FIXTURE.replacen(
        "\n",
        "\n\nThis paragraph was added at the top and pushes every line down.\n",
        1,
    );
    let edited = replace_once(
        &edited,
        "## **Bridge MTU Override - Quality Engineering Plan**",
        "## **Bridge MTU Override - Quality Engineering Plan**  ",
    );
    std::fs::write(dir.join("stps/sig-network/plan.md"), edited).unwrap();
    let run = run_stp(
        &[
            "check",
            "--output-format",
            "concise",
            "--baseline",
            "stp-baseline.json",
            "stps",
        ],
        &dir,
    );
    let findings: Vec<&str> = run.stdout.lines().filter(|l| l.contains(": ")).collect();
    assert_eq!(findings.len(), 1, "{}", run.stdout);
    assert!(findings[0].contains("STP032"), "{}", run.stdout);
    assert!(
        run.stderr.contains("4 finding(s) in the baseline"),
        "{}",
        run.stderr
    );
    let bad = run_stp(
        &["check", "--baseline", "stps/sig-network/plan.md", "stps"],
        &dir,
    );
    assert_eq!(bad.code, 2);
}

#[test]
fn added_suppressions_silence_every_finding_and_keep_tables_whole() {
    let dir = repo("add-suppressions", &[("plan.md", FIXTURE)]);
    let before = run_stp(&["parse", "--counts", "plan.md"], &dir).json();
    let run = run_stp(&["check", "--add-suppressions", "plan.md"], &dir);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("No findings in 1 file."),
        "{}",
        run.stdout
    );
    let text = std::fs::read_to_string(dir.join("plan.md")).unwrap();
    // The TODO finding is in a table row: the comment is inside its last cell.
    let row = text.lines().find(|l| l.contains("TODO")).unwrap();
    assert!(
        row.trim_end()
            .ends_with("<!-- stp-disable-line STP010 --> |"),
        "{row}"
    );
    // The model reads the same sections, scenarios and rows as before.
    let after = run_stp(&["parse", "--counts", "plan.md"], &dir).json();
    assert_eq!(before["files"][0]["counts"], after["files"][0]["counts"]);
    // Only insertions: removing the comments gives the original back.
    let mut restored = text.clone();
    while let Some(start) = restored.find(" <!-- stp-disable-line") {
        let end = restored[start..].find("-->").unwrap() + start + 3;
        restored.replace_range(start..end, "");
    }
    assert_eq!(restored.replace("  |", " |"), FIXTURE.replace("  |", " |"));
}

#[test]
fn a_disable_line_comment_in_a_table_row_silences_only_that_row() {
    let row = FIXTURE.lines().find(|l| l.contains("TODO")).unwrap();
    let cut = row.trim_end().len() - 1;
    let suppressed = format!("{} <!-- stp-disable-line STP010 -->|", &row[..cut]);
    let text = replace_once(FIXTURE, row, &suppressed);
    let seen = review(&text);
    assert_eq!(codes(&seen), ["STP020", "STP401", "STP010"]);
    let wrong = replace_once(FIXTURE, row, &suppressed.replace("STP010", "STP020"));
    assert!(
        codes(&review(&wrong)).contains(&"STP036"),
        "unused suppression is reported"
    );
}

#[test]
fn per_file_ignores_and_force_exclude() {
    let dir = repo(
        "per-file",
        &[
            ("plans/legacy/old.md", FIXTURE),
            ("plans/new/plan.md", FIXTURE),
            ("plans/archive/gone.md", FIXTURE),
            (
                "stp.toml",
                "exclude = [\"plans/archive/**\"]\n[per-file-ignores]\n\"plans/legacy/*.md\" = [\"STP010\", \"SCN-1\"]\n",
            ),
        ],
    );
    let run = run_stp(&["check", "--format", "json", "plans"], &dir);
    let files = run.json()["files"].clone();
    assert_eq!(
        file_paths(&run.json()),
        ["plans/legacy/old.md", "plans/new/plan.md"]
    );
    assert_eq!(
        files[0]["diagnostics"].as_array().unwrap().len(),
        1,
        "{files}"
    );
    assert_eq!(files[1]["diagnostics"].as_array().unwrap().len(), 4);
    // Named explicitly (as pre-commit does), the excluded file is checked unless --force-exclude.
    let named = run_stp(
        &["check", "--format", "json", "plans/archive/gone.md"],
        &dir,
    );
    assert_eq!(file_paths(&named.json()), ["plans/archive/gone.md"]);
    let forced = run_stp(
        &[
            "check",
            "--format",
            "json",
            "--force-exclude",
            "plans/archive/gone.md",
            "plans/new/plan.md",
        ],
        &dir,
    );
    assert_eq!(file_paths(&forced.json()), ["plans/new/plan.md"]);
}

#[test]
fn documentation_files_are_skipped_when_walking_and_checked_when_named() {
    let dir = repo(
        "not-plans",
        &[
            ("stps/sig-x/plan.md", EXAMPLE),
            ("stps/README.md", "# About these plans\n"),
            ("AGENTS.md", "# Review checklist\n"),
            ("docs/guide.md", "# Guide\n"),
        ],
    );
    let walked = run_stp(&["check", "--format", "json", "."], &dir);
    assert_eq!(file_paths(&walked.json()), ["stps/sig-x/plan.md"]);
    let named = run_stp(&["check", "--format", "json", "stps/README.md"], &dir);
    assert_eq!(file_paths(&named.json()), ["stps/README.md"]);
    assert_eq!(codes_in(&named), ["STP001"]);
    let forced = run_stp(&["check", "--force-exclude", "stps/README.md"], &dir);
    assert_eq!(forced.code, 0);
}

#[test]
fn the_global_git_excludes_file_is_honoured_when_walking() {
    let dir = repo(
        "global-excludes",
        &[
            ("stps/sig-x/plan.md", EXAMPLE),
            ("stps/sig-x/draft.md", EXAMPLE),
        ],
    );
    let home = scratch("global-excludes-home");
    let walk = |gitconfig: Option<&str>| {
        let _ = std::fs::remove_file(home.join(".gitconfig"));
        if let Some(text) = gitconfig {
            std::fs::write(home.join(".gitconfig"), text).unwrap();
        }
        let out = Command::new(env!("CARGO_BIN_EXE_stp"))
            .args(["check", "--format", "json", "."])
            .current_dir(&dir)
            .env("HOME", &home)
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("GIT_CONFIG_GLOBAL")
            .env("GIT_CONFIG_SYSTEM", home.join("no-system-config"))
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        file_paths(&json)
    };
    std::fs::write(home.join("global-ignore"), "draft.md\n").unwrap();
    let both = ["stps/sig-x/draft.md", "stps/sig-x/plan.md"];
    // No configuration names the file, and the default place holds none: both are reviewed.
    assert_eq!(walk(None), both);
    assert_eq!(walk(Some("[user]\n\tname = A\n")), both);
    // core.excludesFile names it (in any case, with `~`): the draft is skipped.
    assert_eq!(
        walk(Some("[core]\n\texcludesFile = ~/global-ignore\n")),
        ["stps/sig-x/plan.md"]
    );
    // The default place, $HOME/.config/git/ignore, is read without any configuration.
    std::fs::create_dir_all(home.join(".config/git")).unwrap();
    std::fs::write(home.join(".config/git/ignore"), "draft.md\n").unwrap();
    assert_eq!(walk(None), ["stps/sig-x/plan.md"]);
}

#[test]
fn paths_are_relative_to_the_working_directory_and_sarif_to_the_repository() {
    let dir = repo("relative", &[("stps/sig-network/plan.md", FIXTURE)]);
    let abs = dir.join("stps/sig-network/plan.md");
    let run = run_stp(
        &["check", "--output-format", "concise", abs.to_str().unwrap()],
        &dir.join("stps"),
    );
    assert!(
        run.stdout.starts_with("sig-network/plan.md:58:60:"),
        "{}",
        run.stdout
    );
    // No path: the repository's stps/ directory, shown relative.
    let run = run_stp(
        &["check", "--output-format", "concise"],
        &dir.join("stps/sig-network"),
    );
    assert!(run.stdout.starts_with("plan.md:58:60:"), "{}", run.stdout);
    let github = run_stp(&["check", "--format", "github"], &dir);
    assert!(
        github.stdout.contains("file=stps/sig-network/plan.md,"),
        "{}",
        github.stdout
    );
    let sarif = run_stp(
        &["check", "--format", "sarif", "sig-network"],
        &dir.join("stps"),
    )
    .json();
    let location =
        &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(location["uri"], "stps/sig-network/plan.md");
    assert_eq!(location["uriBaseId"], "%SRCROOT%");
    let base = sarif["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        base.starts_with("file:///") && base.ends_with('/'),
        "{base}"
    );
}

#[test]
fn the_diff_is_accepted_by_git_apply() {
    let git = |dir: &Path, args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(dir)
            .output()
            .ok()
            .filter(|o| o.status.success())
    };
    let dir = scratch("git-apply");
    if git(&dir, &["init", "-q"]).is_none() {
        eprintln!("SKIPPED: git is not available; --diff was not checked with git apply");
        return;
    }
    let plan = FIXTURE.replacen("\n", "   \n", 1);
    std::fs::create_dir_all(dir.join("stps/sig-network")).unwrap();
    std::fs::write(dir.join("stps/sig-network/plan.md"), &plan).unwrap();
    // From a subdirectory, with an absolute path: the diff still names the file from the root.
    let abs = dir.join("stps/sig-network/plan.md");
    let run = run_stp(
        &["check", "--diff", abs.to_str().unwrap()],
        &dir.join("stps"),
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("--- a/stps/sig-network/plan.md\n+++ b/stps/sig-network/plan.md\n"),
        "{}",
        run.stdout
    );
    std::fs::write(dir.join("fix.patch"), &run.stdout).unwrap();
    let check = Command::new("git")
        .args(["apply", "--check", "fix.patch"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(git(&dir, &["apply", "fix.patch"]).is_some());
    let fixed = std::fs::read_to_string(dir.join("stps/sig-network/plan.md")).unwrap();
    assert!(!fixed.contains("   \n") && fixed.contains("- [x] Test"));
}

#[test]
fn a_missing_path_is_an_error_entry_in_every_format() {
    let run = run_stp(&["check", "--format", "json", "no/such.md"], root());
    assert_eq!(run.code, 2);
    let json = run.json();
    assert_eq!(json["files"][0]["path"], "no/such.md");
    assert!(json["files"][0]["error"]
        .as_str()
        .unwrap()
        .contains("does not exist"));
    let text = run_stp(&["check", "no/such.md"], root());
    assert!(
        !text.stdout.contains("No findings in 0 files"),
        "{}",
        text.stdout
    );
    assert_eq!(
        text.stdout.matches("does not exist").count()
            + text.stderr.matches("does not exist").count(),
        1
    );
}
