//! `stp new --from-epic`: every input format, the plan it writes, and what `stp check` says
//! about that plan (only what a person must still decide, each once).

mod common;

use common::{run_stp, scratch};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/epics")
        .join(name)
}

const FORMATS: [(&str, &str); 6] = [
    ("migration-capacity.md", "Markdown"),
    ("migration-capacity.page.txt", "page text"),
    ("migration-capacity.v2.json", "API v2"),
    ("migration-capacity.v3.json", "API v3"),
    ("migration-capacity.search.json", "search result"),
    ("migration-capacity.xml", "Export XML"),
];

/// The rules that report something a person must supply in a generated plan.
const HUMAN_DECISIONS: &[&str] = &[
    "STP010", // a placeholder: names, SIGs, versions, targets, risks, priorities
    "STP021", // a review item to tick once reviewed
    "STP103", // feature maturity phases
    "STP211", // known limitations, or "None" with a sign-off
    "STP221", // topology requirement and impact (MEDIUM, on the empty topology item)
    "STP301", // a testing goal's priority
    "STP310", // PM/Lead agreement on an out-of-scope candidate
    "STP312", // test limitation sign-off
    "STP321", // which testing types apply
    "STP351", // mitigation and sign-off of the dependencies risk
    "STP403", // a scenario's tier
    "STP404", // which testing goal a criterion's scenario serves (LOW: the epic names no goal for it)
    "STP410", // reviewers
    "STP411", // approvers
];

fn new_plan(input: &Path, dir: &Path) -> (PathBuf, String) {
    let out = dir.join("plan.md");
    let run = run_stp(
        &[
            "new",
            "--from-epic",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        dir,
    );
    assert_eq!(run.code, 0, "{}: {}", input.display(), run.stderr);
    assert!(run.stderr.contains("wrote"), "{}", run.stderr);
    (out.clone(), std::fs::read_to_string(&out).unwrap())
}

#[test]
fn every_format_gives_the_same_plan() {
    let dir = scratch("epic-formats");
    let mut plans = Vec::new();
    for (name, what) in FORMATS {
        let sub = dir.join(name.replace('.', "-"));
        std::fs::create_dir_all(&sub).unwrap();
        let (_, plan) = new_plan(&fixture(name), &sub);
        // The Jira host differs between the on-premise and cloud exports; the rest must not.
        let plan = plan.replace(
            "https://redhat.atlassian.net/",
            "https://issues.redhat.com/",
        );
        for expected in [
            "## **Configurable live migration capacity per node - Quality Engineering Plan**",
            "- **Epic Tracking:** [CNV-74120](https://issues.redhat.com/browse/CNV-74120)",
            "- **Feature Tracking:** [VIRTSTRAT-512](https://issues.redhat.com/browse/VIRTSTRAT-512)",
            "- **Enhancement(s):** https://github.com/kubevirt/enhancements/blob/main/veps/sig-compute/88-migration-capacity.md",
            "Let cluster administrators set how many live migrations leave a node at once",
            "    - As a cluster admin, I want to see why a migration is pending so that I know whether to wait or act.",
            "    - What is the largest per-node limit we support?",
            "  - *Test Scenario:* [Tier 1/2/3] Verify that a node drain of 50 VMs with a per-node limit of 5",
            "- Verify that a cluster admin can set the number of outbound migrations per node\n",
            "- **Migration progress metrics from CNV-70001 (soft dependency)**",
            "The virt-launcher memory overhead estimate from the Virt team.",
            "[version(s) to test; the epic targets CNV v4.22.0]",
        ] {
            assert!(plan.contains(expected), "{what}: missing `{expected}` in\n{plan}");
        }
        assert_eq!(
            plan.matches("- **[CNV-74120]** — ").count(),
            4,
            "{what}: one scenario per criterion"
        );
        // Template prompts are not content.
        for prompt in [
            "What are we trying to solve",
            "<link",
            "…",
            "\\text",
            "Drop files",
        ] {
            assert!(
                !plan.contains(prompt),
                "{what}: `{prompt}` copied into the plan"
            );
        }
        plans.push((what, plan));
    }
    for (what, plan) in &plans[1..] {
        assert_eq!(plan, &plans[0].1, "{what} differs from {}", plans[0].0);
    }
}

#[test]
fn check_reports_only_human_decisions_each_once() {
    let dir = scratch("epic-check");
    let (out, plan) = new_plan(&fixture("migration-capacity.v2.json"), &dir);
    let run = run_stp(&["check", "--format", "json", out.to_str().unwrap()], &dir);
    assert_eq!(run.code, 1, "placeholders are findings: {}", run.stderr);
    let json = run.json();
    let diagnostics = json["files"][0]["diagnostics"].as_array().unwrap().clone();
    assert!(
        diagnostics.len() > 20,
        "a fresh plan has many decisions left"
    );
    let mut seen = std::collections::HashSet::new();
    for d in &diagnostics {
        let code = d["code"].as_str().unwrap();
        let severity = d["severity"].as_str().unwrap();
        let line = d["line"].as_u64().unwrap();
        assert!(
            HUMAN_DECISIONS.contains(&code),
            "{code} {severity} at line {line} is not a human decision: {}",
            d["message"]
        );
        assert!(
            matches!(severity, "CRITICAL" | "HIGH") || matches!(code, "STP221" | "STP404"),
            "{code} at line {line} is {severity}"
        );
        assert!(
            seen.insert((line, code)),
            "line {line} reported twice by {code}"
        );
    }
    // A placeholder is reported by STP010 alone, not again by the rule about its field.
    // (STP404 on the same line speaks of the scenario's goal, not of the placeholder.)
    for d in diagnostics.iter().filter(|d| d["code"] == "STP010") {
        let others = diagnostics
            .iter()
            .filter(|o| {
                o["line"] == d["line"] && !matches!(o["code"].as_str(), Some("STP010" | "STP404"))
            })
            .count();
        assert_eq!(
            others, 0,
            "the placeholder on line {} is reported twice",
            d["line"]
        );
    }
    // Every kind of decision is among them.
    let codes: Vec<&str> = diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    for code in [
        "STP010", "STP103", "STP211", "STP301", "STP310", "STP321", "STP403", "STP410", "STP411",
    ] {
        assert!(
            codes.contains(&code),
            "{code} missing: a decision went unreported"
        );
    }
    // The placeholders are the template's shape, not its guidance text.
    assert!(
        !plan.contains("<!--"),
        "no guidance comments in a generated plan"
    );
}

#[test]
fn stdin_and_stdout() {
    let dir = scratch("epic-stdin");
    let input = std::fs::read(fixture("migration-capacity.xml")).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_stp"))
        .args(["new", "--from-epic", "-", "--out", "-"])
        .current_dir(&dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("# Openshift-virtualization-tests Test plan\n"));
    assert!(text.contains("[CNV-74120]"));
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        0,
        "nothing written"
    );
}

#[test]
fn never_overwrites_without_force() {
    let dir = scratch("epic-force");
    let (out, first) = new_plan(&fixture("migration-capacity.md"), &dir);
    std::fs::write(&out, "my edits\n").unwrap();
    let args = [
        "new".to_string(),
        "--from-epic".to_string(),
        fixture("migration-capacity.md")
            .to_str()
            .unwrap()
            .to_string(),
        "--out".to_string(),
        out.to_str().unwrap().to_string(),
    ];
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = run_stp(&args, &dir);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("exists; pass --force"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "my edits\n");
    let mut forced = args.clone();
    forced.push("--force");
    assert_eq!(run_stp(&forced, &dir).code, 0);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), first);
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(leftovers, ["plan.md"], "no temporary files left");
}

#[test]
fn malformed_input_is_a_clear_error_and_writes_nothing() {
    for (name, problem) in [
        ("malformed.json", "malformed JSON at line 6"),
        ("malformed.xml", "malformed XML"),
    ] {
        let dir = scratch(&format!("epic-{name}"));
        let out = dir.join("plan.md");
        let run = run_stp(
            &[
                "new",
                "--from-epic",
                fixture(name).to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ],
            &dir,
        );
        assert_eq!(run.code, 2, "{name}");
        assert!(run.stderr.contains(name), "names the file: {}", run.stderr);
        assert!(
            run.stderr.contains(problem),
            "names the problem: {}",
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"));
        assert_eq!(
            std::fs::read_dir(&dir).unwrap().count(),
            0,
            "{name}: nothing written"
        );
    }
}

#[test]
fn inputs_that_are_not_one_epic() {
    let dir = scratch("epic-not-one");
    let cases: [(&str, &[u8], &str); 5] = [
        (
            "two.json",
            br#"{"issues": [{"key": "A-1", "fields": {}}, {"key": "A-2", "fields": {}}]}"#,
            "holds 2 issues",
        ),
        (
            "other.json",
            br#"{"name": "not jira"}"#,
            "without a Jira issue",
        ),
        (
            "feed.xml",
            b"<feed><entry/></feed>",
            "root element is <feed>",
        ),
        ("binary.bin", b"\x00\x01\x02", "binary data"),
        (
            "notes.txt",
            b"just some notes\nwith nothing in them\n",
            "no epic found",
        ),
    ];
    for (name, bytes, problem) in cases {
        std::fs::write(dir.join(name), bytes).unwrap();
        let run = run_stp(&["new", "--from-epic", name, "--out", "-"], &dir);
        assert_eq!(run.code, 2, "{name}");
        assert!(
            run.stderr.contains(name) && run.stderr.contains(problem),
            "{name}: {}",
            run.stderr
        );
    }
}

#[test]
fn sig_directory_and_child_plan() {
    let dir = scratch("epic-sig");
    std::fs::create_dir_all(dir.join("stps")).unwrap();
    let epic = fixture("migration-capacity.v3.json");
    let run = run_stp(
        &[
            "new",
            "--from-epic",
            epic.to_str().unwrap(),
            "--sig",
            "sig-virt",
        ],
        &dir,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let parent = dir.join("stps/sig-virt/configurable-live-migration-capacity-per-node.md");
    let text = std::fs::read_to_string(&parent).unwrap();
    assert!(text.contains("- **Owning SIG:** sig-virt\n"));

    // A feature directory: the parent as stp.md, then a child for another SIG beside it.
    let feature = dir.join("stps/sig-virt/migration-capacity");
    std::fs::create_dir_all(&feature).unwrap();
    std::fs::rename(&parent, feature.join("stp.md")).unwrap();
    let run = run_stp(
        &[
            "new",
            "--from-epic",
            epic.to_str().unwrap(),
            "--child",
            "--parent",
            "stps/sig-virt/migration-capacity/stp.md",
            "--sig",
            "sig-network",
        ],
        &dir,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let child = std::fs::read_to_string(feature.join("network.md")).unwrap();
    assert!(child.contains("- **SIG:** sig-network\n"), "{child}");
    assert!(
        child.contains("[Configurable live migration capacity per node](./stp.md)"),
        "{child}"
    );
    assert!(child.contains("- **Feature Tracking:** [VIRTSTRAT-512](https://redhat.atlassian.net/browse/VIRTSTRAT-512)"));
    assert!(child.contains("  - *Tier:*\n"));
    // The same epic as the parent's: its criteria are the parent's, not repeated here.
    assert!(
        child.contains("  - [List SIG-specific acceptance criteria, or \"None\"]"),
        "{child}"
    );
    let run = run_stp(
        &[
            "check",
            "--format",
            "json",
            "stps/sig-virt/migration-capacity/network.md",
        ],
        &dir,
    );
    let codes: Vec<String> = run.json()["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    assert!(
        !codes.iter().any(|c| c == "STP422"),
        "the child repeats its parent: {codes:?}"
    );
    let run = run_stp(
        &[
            "parse",
            "--counts",
            "stps/sig-virt/migration-capacity/network.md",
        ],
        &dir,
    );
    assert!(run.stdout.contains("\"kind\": \"child\""), "{}", run.stdout);

    let run = run_stp(
        &["new", "--from-epic", epic.to_str().unwrap(), "--child"],
        &dir,
    );
    assert_eq!(run.code, 2, "--child needs --parent");
}

mod never_panics {
    use proptest::prelude::*;
    use stp::epic::{self, plan};

    fn render_if_read(bytes: &[u8]) {
        if let Ok((epic, _)) = epic::read(bytes, "input") {
            let options = plan::Options {
                sig: None,
                parent: None,
            };
            assert!(plan::render(&epic, &options).is_ok());
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Any text, as page text or Markdown, with the template's headings mixed in.
        #[test]
        fn page_text(lines in proptest::collection::vec(
            prop_oneof![
                Just("Epic Goal *".to_string()),
                Just("## Acceptance Criteria".to_string()),
                Just("# Scenarios".to_string()),
                Just("Labels:".to_string()),
                "[#*\\- ]{0,3}[\\PC]{0,40}",
            ],
            0..20,
        )) {
            render_if_read(lines.join("\n").as_bytes());
        }

        /// JSON and XML shapes with arbitrary content where the description goes.
        #[test]
        fn structured(body in "[\\PC]{0,80}", v3 in any::<bool>()) {
            let description = if v3 {
                serde_json::json!({"type": "doc", "content": [{"type": "paragraph", "content": [{"type": "text", "text": body}]}]})
            } else {
                serde_json::Value::String(body.clone())
            };
            let issue = serde_json::json!({"key": "CNV-1", "fields": {"summary": body, "description": description}});
            render_if_read(issue.to_string().as_bytes());
            let escaped = body.replace('&', "&amp;").replace('<', "&lt;");
            let xml = format!("<rss><channel><item><key>CNV-1</key><description>{escaped}</description></item></channel></rss>");
            render_if_read(xml.as_bytes());
            render_if_read(body.as_bytes());
        }
    }
}

#[test]
fn a_thin_epic_leaves_decisions_without_copying_prompts() {
    let dir = scratch("epic-thin");
    std::fs::write(
        dir.join("thin.txt"),
        "CNV-90001\nFaster VM snapshots\nDescription\nEpic Goal\nSnapshots of running VMs finish in seconds.\nWhy is this important?\n...\nScenarios\n# ...\nAcceptance Criteria\n- (Enter a list of Acceptance Criteria unique to the Epic)\n",
    )
    .unwrap();
    let run = run_stp(
        &["new", "--from-epic", "thin.txt", "--out", "thin.md"],
        &dir,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let plan = std::fs::read_to_string(dir.join("thin.md")).unwrap();
    assert!(!plan.contains("Enter a list"), "{plan}");
    assert!(
        !plan
            .lines()
            .any(|l| l.trim_start_matches(['-', ' ', '#']) == "..."),
        "{plan}"
    );
    assert!(plan.contains("- **[CNV-90001]** — [Describe the user story"));
    let run = run_stp(&["check", "--format", "json", "thin.md"], &dir);
    let diagnostics = run.json()["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .clone();
    let goals: Vec<_> = diagnostics
        .iter()
        .filter(|d| d["code"] == "STP301")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(goals, ["no testing goals are listed"], "reported once");
    assert!(
        !diagnostics.iter().any(|d| d["code"] == "STP404"),
        "no goal placeholder to match"
    );
}
