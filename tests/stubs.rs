//! `stp stubs`: STD stubs in the CNV style for a plan's scenarios, and that pytest accepts
//! them (`py_compile`, `--collect-only --strict-markers`) when Python and pytest are here.

mod common;

use common::{run_stp, scratch, Run};
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/stubs")
}

const BASE_URL: &str = "https://github.com/example/stps/blob/main";

/// A scratch copy of the fixture test repository.
fn scratch_repo(name: &str) -> PathBuf {
    let dir = scratch(name);
    copy_dir(&fixtures().join("repo"), &dir);
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn plan() -> String {
    fixtures()
        .join("stps/sig-network/bridge-mtu.md")
        .to_string_lossy()
        .to_string()
}

fn stubs(repo: &Path, extra: &[&str]) -> Run {
    let plan = plan();
    let repo_arg = repo.to_string_lossy().to_string();
    let mut args = vec![
        "stubs",
        plan.as_str(),
        "--tests",
        repo_arg.as_str(),
        "--base-url",
        BASE_URL,
    ];
    args.extend(extra);
    run_stp(&args, repo)
}

const STUB_FILE: &str = "tests/network/bridge_mtu/test_bridge_mtu.py";

#[test]
fn python_stubs_in_the_cnv_style() {
    let repo = scratch_repo("stubs-python");
    let run = stubs(&repo, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("wrote") && run.stdout.contains("3 stub(s)"),
        "{}",
        run.stdout
    );
    let text = std::fs::read_to_string(repo.join(STUB_FILE)).unwrap();
    for expected in [
        "\"\"\"\nBridge MTU configuration\n\nSTP: https://github.com/example/stps/blob/main/",
        "sig-network/bridge-mtu.md\n",
        "Preconditions:\n    - Required Operators: NMState Operator\n\"\"\"",
        "\n__test__ = False\n",
        "def test_a_vm_on_a_bridge_network_with_mtu_9000_reports_mtu_9000_on_its():\n    \"\"\"\n    Test that a VM on a bridge network with MTU 9000 reports MTU 9000 on its interface.\n",
        "    [NEGATIVE] Test that a network with an MTU above the node's MTU is rejected.\n",
        "    Requirement CNV-80010: As a VM owner, I want my VM to use the network's MTU so that\n",
        "@pytest.mark.polarion(\"CNV-00000\")\n@pytest.mark.tier3\ndef test_the_vm_keeps_mtu_9000",
        "    Markers:\n        - tier3\n",
        "    Preconditions:\n        - TODO",
        "    Steps:\n        1. TODO",
        "    Expected:\n        - A VM on a bridge network with MTU 9000 reports MTU 9000 on its interface\n",
        "# TODO: replace CNV-00000 with this scenario's Polarion test case ID\n",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in\n{text}");
    }
    // Tier 2 is implicit: no tier2 marker; Tier 1 is not a pytest stub.
    assert!(!text.contains("tier2"));
    assert!(!text.contains("virt-launcher"));
    assert!(
        run.stderr.contains("CNV-80013") && run.stderr.contains("Tier 1: it belongs upstream"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("placeholder: 3 stub(s) carry polarion(\"CNV-00000\")"),
        "{}",
        run.stderr
    );
    // A new package directory, like its siblings.
    assert!(repo.join("tests/network/bridge_mtu/__init__.py").is_file());
}

#[test]
fn polarion_ids_from_the_map() {
    let repo = scratch_repo("stubs-polarion");
    let map = fixtures().join("polarion.csv");
    let run = stubs(&repo, &["--polarion", map.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(repo.join(STUB_FILE)).unwrap();
    assert!(text.contains("@pytest.mark.polarion(\"CNV-16001\")\ndef test_a_vm_on_a_bridge"));
    assert!(text.contains("@pytest.mark.polarion(\"CNV-16003\")\n@pytest.mark.tier3"));
    assert_eq!(
        text.matches("CNV-00000").count(),
        2,
        "the unmapped scenario keeps the placeholder (marker and note)"
    );
    assert!(
        run.stderr.contains("placeholder: 1 stub(s)"),
        "{}",
        run.stderr
    );

    let bad = repo.join("bad.csv");
    std::fs::write(&bad, "CNV-80010,CNV-1\nCNV-80011,16002\n").unwrap();
    let run = stubs(&repo, &["--polarion", bad.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("bad.csv:2: `16002` is not a Polarion ID"),
        "{}",
        run.stderr
    );
}

#[test]
fn existing_stubs_are_reported_not_duplicated() {
    let repo = scratch_repo("stubs-existing");
    assert_eq!(stubs(&repo, &[]).code, 0);
    let first = std::fs::read_to_string(repo.join(STUB_FILE)).unwrap();
    let run = stubs(&repo, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr.matches("exists: ").count(), 3, "{}", run.stderr);
    assert!(run.stderr.contains("nothing to write"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(repo.join(STUB_FILE)).unwrap(),
        first
    );
    let files = std::fs::read_dir(repo.join("tests/network/bridge_mtu"))
        .unwrap()
        .count();
    assert_eq!(files, 2, "no second stub file");

    // A test file of the same name that is not a stub for this plan is never overwritten.
    let other = scratch_repo("stubs-occupied");
    let dir = other.join("tests/network/bridge_mtu");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("test_bridge_mtu.py"),
        "def test_real():\n    assert True\n",
    )
    .unwrap();
    let run = stubs(&other, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.join("test_bridge_mtu.py")).unwrap(),
        "def test_real():\n    assert True\n"
    );
    assert!(dir.join("test_bridge_mtu_2.py").is_file());
}

#[test]
fn unregistered_tier3_marker_is_left_out() {
    let repo = scratch_repo("stubs-no-tier3");
    let ini = std::fs::read_to_string(repo.join("pytest.ini")).unwrap();
    std::fs::write(
        repo.join("pytest.ini"),
        ini.replace("    tier3: Mark tests as tier3\n", ""),
    )
    .unwrap();
    let run = stubs(&repo, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("registers no `tier3` marker"),
        "{}",
        run.stderr
    );
    let text = std::fs::read_to_string(repo.join(STUB_FILE)).unwrap();
    assert!(!text.contains("tier3"));
}

#[test]
fn ginkgo_stubs_for_tier_1() {
    let repo = scratch_repo("stubs-go");
    let map = fixtures().join("polarion.csv");
    let run = stubs(
        &repo,
        &["--lang", "go", "--polarion", map.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(repo.join("tests/bridge_mtu_test.go")).unwrap();
    assert!(
        text.contains("var _ = Describe(\"Bridge MTU configuration\", func() {"),
        "{text}"
    );
    assert!(text.contains(
        "\tPendingIt(\"[test_id:16004] the virt-launcher pod interface carries the network's MTU\", func() {"
    ), "{text}");
    assert!(text.contains("// STP: https://github.com/example/stps/blob/main/"));
    assert_eq!(text.matches("PendingIt(").count(), 1);
    assert!(
        run.stderr
            .contains("not Tier 1: it is a downstream pytest test"),
        "{}",
        run.stderr
    );
}

#[test]
fn plan_without_scenarios_or_repository_is_an_error() {
    let repo = scratch_repo("stubs-errors");
    let empty = repo.join("empty.md");
    std::fs::write(
        &empty,
        "# Openshift-virtualization-tests Test plan\n\n## **X - Quality Engineering Plan**\n",
    )
    .unwrap();
    let run = run_stp(&["stubs", empty.to_str().unwrap(), "--tests", "."], &repo);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no test scenarios"), "{}", run.stderr);
    let run = run_stp(&["stubs", &plan(), "--tests", "missing-dir"], &repo);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a directory"), "{}", run.stderr);
}

/// A Python with pytest: `STP_PYTEST_PYTHON` (CI sets it to a venv), else `python3` if it
/// has pytest. `None` (with the reason printed) when there is none.
fn python_with_pytest() -> Option<String> {
    let candidates: Vec<String> = std::env::var("STP_PYTEST_PYTHON")
        .ok()
        .into_iter()
        .chain(["python3".to_string()])
        .collect();
    for python in &candidates {
        let ok = std::process::Command::new(python)
            .args(["-m", "pytest", "--version"])
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            return Some(python.clone());
        }
    }
    eprintln!(
        "SKIPPED: no Python with pytest (tried {}); set STP_PYTEST_PYTHON to one, e.g. a venv with `pip install pytest`",
        candidates.join(", ")
    );
    None
}

#[test]
fn pytest_compiles_and_collects_nothing_with_strict_markers() {
    let Some(python) = python_with_pytest() else {
        return;
    };
    let repo = scratch_repo("stubs-pytest");
    let map = fixtures().join("polarion.csv");
    assert_eq!(stubs(&repo, &["--polarion", map.to_str().unwrap()]).code, 0);
    let compile = std::process::Command::new(&python)
        .args(["-m", "py_compile", STUB_FILE])
        .current_dir(&repo)
        .output()
        .unwrap();
    assert!(
        compile.status.success(),
        "{}",
        String::from_utf8_lossy(&compile.stderr)
    );

    let collect = |dir: &str| {
        std::process::Command::new(&python)
            .args([
                "-m",
                "pytest",
                "--collect-only",
                "--strict-markers",
                "-q",
                dir,
            ])
            .current_dir(&repo)
            .output()
            .unwrap()
    };
    let out = collect("tests/network/bridge_mtu");
    let stdout = String::from_utf8_lossy(&out.stdout);
    // Exit 5: no tests collected; anything else (2 for an unregistered marker) is a failure.
    assert_eq!(
        out.status.code(),
        Some(5),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("no tests collected"), "{stdout}");
    assert!(!stdout.to_lowercase().contains("error"), "{stdout}");

    // The check is real: a stub with an unregistered marker fails collection.
    let control = repo.join("tests/network/control");
    std::fs::create_dir_all(&control).unwrap();
    std::fs::write(
        control.join("test_control.py"),
        "import pytest\n\n__test__ = False\n\n\n@pytest.mark.not_registered\ndef test_x():\n    pass\n",
    )
    .unwrap();
    let out = collect("tests/network/control");
    assert_ne!(
        out.status.code(),
        Some(5),
        "strict markers must reject the control"
    );
}

/// Each stub names its scenario (`STP Scenario: N`), so `stp trace` joins it to exactly that
/// scenario and reports the plan's downstream scenarios as `stub_only`.
#[test]
fn trace_reports_generated_stubs_as_stub_only() {
    let repo = scratch_repo("stubs-trace");
    let run = stubs(&repo, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(repo.join(STUB_FILE)).unwrap();
    assert!(text.contains("\n    STP Scenario: "), "{text}");
    let plan = plan();
    let repo_arg = repo.to_string_lossy().to_string();
    let trace = run_stp(
        &["trace", "--tests", &repo_arg, "--format", "json", &plan],
        &repo,
    );
    assert_eq!(trace.code, 0, "{}", trace.stderr);
    let json = trace.json();
    let scenarios = json["plans"][0]["scenarios"].as_array().unwrap();
    let downstream: Vec<&serde_json::Value> = scenarios
        .iter()
        .filter(|s| s["tier"].as_u64() != Some(1))
        .collect();
    assert_eq!(downstream.len(), 3, "{scenarios:?}");
    for scenario in downstream {
        assert_eq!(scenario["status"], "stub_only", "{scenario}");
        assert_eq!(scenario["tests"].as_array().unwrap().len(), 1, "{scenario}");
        assert_eq!(scenario["tier_mismatch"], false, "{scenario}");
    }
    // Every stub matched its scenario by the token, not by similarity.
    for test in json["tests"].as_array().unwrap() {
        assert_eq!(test["status"], "matched", "{test}");
        assert_eq!(test["scenarios"].as_array().unwrap().len(), 1, "{test}");
    }
}
