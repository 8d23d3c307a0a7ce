//! `stp trace --tests`: the scanners on fixtures written in the test repositories' styles
//! (`tests/fixtures/trace/`), the join with plans, the JSON contract and the CLI.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use stp::inventory::{self, Inventory, Test, TestKind};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/trace")
}

fn scan(suite: &str) -> Inventory {
    let inv = inventory::scan(&fixtures().join(suite));
    assert!(inv.errors.is_empty(), "{:?}", inv.errors);
    inv
}

fn test<'i>(inv: &'i Inventory, id: &str) -> &'i Test {
    inv.tests
        .iter()
        .find(|t| t.id == id)
        .unwrap_or_else(|| panic!("no test {id} in {:#?}", ids(inv)))
}

fn ids(inv: &Inventory) -> Vec<&str> {
    inv.tests.iter().map(|t| t.id.as_str()).collect()
}

const VLAN: &str = "tests/network/vlan/test_vlan_change.py";

#[test]
fn pytest_ids_are_the_ones_pytest_prints() {
    let inv = scan("cnv");
    // `pytest --collect-only -q` (pytest 9.2) on this fixture prints exactly these, in this
    // order: the bottom parametrize decorator first, duplicates numbered.
    let boot: Vec<&str> = ids(&inv)
        .into_iter()
        .filter(|i| i.starts_with("tests/virt/"))
        .collect();
    let expected: Vec<String> = [
        "1-rhel0",
        "1-rhel1",
        "1-fedora",
        "None-rhel0",
        "None-rhel1",
        "None-fedora",
        "True-rhel0",
        "True-rhel1",
        "True-fedora",
    ]
    .iter()
    .map(|p| format!("tests/virt/test_boot.py::test_boot[{p}]"))
    .collect();
    assert_eq!(boot, expected);
    // Explicit ids, `pytest.param(id=)`, values printed as themselves, fixture params.
    for id in [
        "TestRunningVmVlanChange::test_connectivity_on_new_vlan[100]",
        "TestRunningVmVlanChange::test_old_vlan_unreachable[ipv4-10.0.0.1]",
        "TestRunningVmVlanChange::test_old_vlan_unreachable[v6]",
        "test_vnic_info_metric_after_change[bridge]",
        "test_vnic_info_metric_after_change[localnet]",
        "test_non_migratable_vm_keeps_network",
    ] {
        test(&inv, &format!("{VLAN}::{id}"));
    }
    // A class that is not `Test*` is not collected.
    assert!(!ids(&inv).iter().any(|i| i.contains("Helper")));
}

#[test]
fn markers_come_from_decorators_classes_modules_params_and_directories() {
    let inv = scan("cnv");
    let t = test(
        &inv,
        &format!("{VLAN}::TestRunningVmVlanChange::test_old_vlan_unreachable[v6]"),
    );
    // Decorator, class decorator, class `pytestmark`, module `pytestmark`, directory (team).
    for m in [
        "tier3",
        "special_infra",
        "post_upgrade",
        "gating",
        "network",
    ] {
        assert!(t.markers.iter().any(|x| x == m), "{m} in {:?}", t.markers);
    }
    assert_eq!(t.polarion, vec!["CNV-1003"]);
    assert_eq!(t.tier, Some(3));
    assert_eq!(t.line, 50);
    // The implicit tier 2, as the repository's conftest adds it.
    let t = test(
        &inv,
        &format!("{VLAN}::TestRunningVmVlanChange::test_connectivity_on_new_vlan[200]"),
    );
    assert_eq!(t.tier, Some(2));
    assert!(t.markers.iter().any(|m| m == "tier2"));
    assert_eq!(t.polarion, vec!["CNV-1001"]);
    // An exclusion marker: neither tier 2 nor tier 3.
    let t = test(
        &inv,
        &format!("{VLAN}::test_non_migratable_vm_keeps_network"),
    );
    assert_eq!(t.tier, None);
    assert!(!t.markers.iter().any(|m| m == "tier2"));
    // The `chaos` team marker comes from the directory and excludes the test from tier 2.
    let t = test(
        &inv,
        "tests/chaos/test_node_drain.py::test_vm_survives_node_drain",
    );
    assert!(t.markers.iter().any(|m| m == "chaos"));
    assert_eq!(t.tier, None);
    // Fixture params carry their own marks.
    let bridge = test(
        &inv,
        &format!("{VLAN}::test_vnic_info_metric_after_change[bridge]"),
    );
    assert_eq!(bridge.polarion, vec!["CNV-1005", "CNV-9001"]);
    let localnet = test(
        &inv,
        &format!("{VLAN}::test_vnic_info_metric_after_change[localnet]"),
    );
    assert_eq!(localnet.polarion, vec!["CNV-1005"]);
}

#[test]
fn the_tier_rule_is_read_from_the_conftest() {
    let inv = scan("cnv");
    let rule = inv.tier_rule.expect("tier rule");
    assert_eq!(
        rule.exclusions,
        vec!["chaos", "destructive", "scale", "tier3"]
    );
    assert_eq!(rule.source, "conftest.py:5");
    assert!(rule
        .directory_markers
        .iter()
        .any(|(m, dirs)| m == "chaos" && dirs == &["chaos"]));
}

#[test]
fn stubs_at_every_level() {
    let inv = scan("cnv");
    let stub = |id: &str| test(&inv, id).stub;
    // `__test__ = False` in the class.
    assert!(stub(
        "tests/storage/restore/test_restore.py::TestRestore::test_restore_one_file"
    ));
    // `name.__test__ = False` at module level.
    assert!(stub("tests/chaos/test_node_drain.py::test_switched_off"));
    // A docstring-only body; its `Markers:` declare tier 3.
    let t = test(
        &inv,
        &format!("{VLAN}::test_vnic_info_metric_after_change[bridge]"),
    );
    assert!(t.stub);
    assert_eq!(t.tier, Some(3));
    // Bodies with code are not stubs.
    assert!(!stub(&format!(
        "{VLAN}::test_non_migratable_vm_keeps_network"
    )));
    assert!(!stub(
        "tests/chaos/test_node_drain.py::test_vm_survives_node_drain"
    ));
    assert_eq!(inv.tests.iter().filter(|t| t.stub).count(), 5);
}

#[test]
fn docstrings_give_links_std_parts_and_tokens() {
    let inv = scan("cnv");
    let t = test(
        &inv,
        &format!("{VLAN}::TestRunningVmVlanChange::test_connectivity_on_new_vlan[100]"),
    );
    let link = t.link.as_ref().expect("module link");
    assert_eq!(
        link.path.as_deref(),
        Some("stps/sig-network/vlan-change.md")
    );
    assert_eq!(link.line, 5);
    assert_eq!(t.jira, vec!["CNV-70001"]);
    assert_eq!(t.std.steps.len(), 2);
    assert_eq!(t.std.expected, vec!["The ping succeeds without a reboot"]);
    let t = test(
        &inv,
        &format!("{VLAN}::test_non_migratable_vm_keeps_network"),
    );
    assert_eq!(t.std.scenario, Some(2));
}

#[test]
fn mtv_plans_are_read_from_the_config_literal() {
    let inv = scan("mtv");
    let names: Vec<&str> = inv.config_plans.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        vec![
            "test_warm_sanity",
            "test_warm_remote",
            "test_cold_static_ips"
        ]
    );
    let cold = &inv.config_plans[2];
    assert_eq!(cold.vm_names, vec!["mtv-win2019", "mtv-rhel9"]);
    assert_eq!(cold.vm_count, 2);
    assert_eq!(cold.attributes["preserve_static_ips"], true);
    assert_eq!(cold.attributes["target_power_state"], "on");
    assert!(!cold.flag("warm_migration"));

    let remote = test(&inv, "tests/test_warm.py::test_warm_remote[MTV-394]");
    assert_eq!(remote.kind, TestKind::Mtv);
    assert_eq!(remote.config_plan.as_deref(), Some("test_warm_remote"));
    assert_eq!(remote.jira, vec!["MTV-394"]);
    assert_eq!(remote.markers, vec!["remote"]);
    assert_eq!(
        remote.gating,
        vec!["skipif(SOURCE_PROVIDER_TYPE in (\"openstack\", \"ova\")): warm migration is not supported"]
    );
    let sanity = test(&inv, "tests/test_warm.py::test_warm_sanity[rhel8]");
    assert_eq!(sanity.markers, vec!["tier0", "warm"]);
    assert_eq!(sanity.tier, Some(0));
    let cold = test(&inv, "tests/test_cold.py::test_cold_static_ips[windows]");
    // The module docstring opens with the Jira key.
    assert_eq!(cold.jira, vec!["MTV-301"]);
    assert_eq!(
        cold.gating,
        vec!["skip: static IPs are only preserved from vSphere"]
    );
}

#[test]
fn ginkgo_specs_ids_pending_and_skips() {
    let inv = scan("ginkgo");
    let specs: Vec<(&str, bool)> = inv
        .tests
        .iter()
        .map(|t| (t.std.summary.as_str(), t.stub))
        .collect();
    assert_eq!(
        specs,
        vec![
            (
                "[test_id:4135]should patch the pod annotation when the reference changes",
                false
            ),
            (
                "[test_id:4136]should report the new network in the VNIC info",
                true
            ),
            ("[test_id:4137]should not change a non-migratable VMI", true),
            ("should run only on bare metal", false),
            ("[test_id:5001] a Fedora image", false),
            ("[test_id:5002] a RHEL image", false),
            ("is pending through its container", true),
        ]
    );
    let first = &inv.tests[0];
    assert_eq!(
        first.id,
        "tests/vmi_lifecycle_test.go: [sig-compute]VMI lifecycle with a secondary network [test_id:4135]should patch the pod annotation when the reference changes"
    );
    assert_eq!(first.polarion, vec!["4135"]);
    assert_eq!(first.tier, Some(1));
    assert_eq!(first.kind, TestKind::Ginkgo);
    assert_eq!(first.line, 13);
    assert!(first.markers.iter().any(|m| m == "SigCompute"));
    assert!(inv.tests[2].markers.iter().any(|m| m == "network"));
    assert_eq!(inv.tests[3].gating, vec!["skip: needs bare metal"]);
    assert_eq!(inv.tests[4].polarion, vec!["5001"]);
}

fn trace_json(args: &[&str]) -> (i32, serde_json::Value) {
    let run = run_stp(args, &fixtures());
    assert!(run.stderr.is_empty() || run.code != 2, "{}", run.stderr);
    (run.code, run.json())
}

fn scenario_statuses(json: &serde_json::Value, plan: &str) -> Vec<String> {
    json["plans"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["path"] == plan)
        .unwrap_or_else(|| panic!("no plan {plan}"))["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["status"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn scenarios_join_tests_by_key_token_and_similarity() {
    let (code, json) = trace_json(&["trace", "--tests", "cnv", "--format", "json", "stps"]);
    assert_eq!(code, 0);
    assert_eq!(
        scenario_statuses(&json, "stps/sig-network/vlan-change.md"),
        vec!["covered", "covered", "covered", "stub_only", "upstream"]
    );
    let scenarios = &json["plans"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["path"] == "stps/sig-network/vlan-change.md")
        .unwrap()["scenarios"];
    // Tier 3 scenario implemented by tier 3 tests; tier 2 scenario by a destructive test.
    assert_eq!(scenarios[1]["tier_mismatch"], false);
    assert_eq!(scenarios[2]["tier_mismatch"], true);
    assert_eq!(scenarios[0]["line"], 19);
    assert_eq!(scenarios[0]["requirement"], "CNV-70001");
    assert_eq!(scenarios[0]["priority"], "P0");
    let tests = json["tests"].as_array().unwrap();
    let by_id = |id: &str| {
        tests
            .iter()
            .find(|t| t["id"].as_str().unwrap().ends_with(id))
            .unwrap_or_else(|| panic!("no {id}"))
    };
    let t = by_id("test_old_vlan_unreachable[v6]");
    assert_eq!(t["status"], "matched");
    assert_eq!(t["scenarios"], serde_json::json!([1]));
    assert_eq!(t["evidence"]["method"], "key");
    assert_eq!(
        by_id("test_non_migratable_vm_keeps_network")["evidence"]["method"],
        "token"
    );
    let vnic = by_id("test_vnic_info_metric_after_change[bridge]");
    assert_eq!(vnic["evidence"]["method"], "similarity");
    assert!(vnic["evidence"]["shared"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s == "vnic"));
    // An epic key alone does not pick a scenario among several.
    assert_eq!(by_id("test_unrelated_dns_lookup")["status"], "no_scenario");
    // A link to a plan that is not in the repository.
    let broken = by_id("test_restore_one_file");
    assert_eq!(broken["status"], "broken_link");
    assert_eq!(broken["plan"], "stps/sig-storage/no-such-plan.md");
    // A link to a moved plan reaches its new location.
    let moved = by_id("test_moved_link.py::test_controller_patches_pod_annotation");
    assert_eq!(moved["plan"], "stps/sig-network/vlan-change.md");
    assert_eq!(moved["scenarios"], serde_json::json!([3]));
    // Neither the moved stub nor a README is listed as a plan.
    let plans: Vec<&str> = json["plans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        plans,
        vec![
            "stps/sig-mtv/warm-migration.md",
            "stps/sig-network/vlan-change.md"
        ]
    );
    let suite = &json["suites"][0];
    assert_eq!(suite["tests"], 21);
    assert_eq!(suite["stubs"], 5);
    assert_eq!(suite["linked"], 10);
    assert_eq!(suite["unlinked"], 11);
}

#[test]
fn mtv_tests_match_by_keys_and_attributes() {
    let (_, json) = trace_json(&[
        "trace",
        "--tests",
        "mtv",
        "--format",
        "json",
        "stps/sig-mtv/warm-migration.md",
    ]);
    assert_eq!(
        scenario_statuses(&json, "stps/sig-mtv/warm-migration.md"),
        vec!["covered", "covered", "covered"]
    );
    let tests = json["tests"].as_array().unwrap();
    let sanity = tests
        .iter()
        .find(|t| t["id"] == "tests/test_warm.py::test_warm_sanity[rhel8]")
        .unwrap();
    assert_eq!(sanity["evidence"]["method"], "attributes");
    assert!(sanity["evidence"]["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a == "warm_migration"));
    // The cold plan does not match the warm scenario.
    let cold = tests
        .iter()
        .find(|t| t["id"] == "tests/test_cold.py::test_cold_static_ips[windows]")
        .unwrap();
    assert_eq!(cold["scenarios"], serde_json::json!([2]));
    assert_eq!(
        json["suites"][0]["config_plans"][0]["markers"],
        serde_json::json!(["tier0", "warm"])
    );
}

#[test]
fn json_output_follows_the_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../docs/schemas/trace-output.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for args in [
        vec![
            "trace", "--tests", "cnv", "--tests", "ginkgo", "--format", "json", "stps",
        ],
        vec![
            "trace",
            "--tests",
            "mtv",
            "--format",
            "json",
            "stps/sig-mtv/warm-migration.md",
        ],
    ] {
        let (_, json) = trace_json(&args);
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
        assert_eq!(json["schema_version"], 1);
    }
}

#[test]
fn fail_on_and_formats() {
    let fx = fixtures();
    let run = run_stp(
        &[
            "trace",
            "--tests",
            "cnv",
            "--fail-on",
            "tier-mismatch",
            "stps/sig-network/vlan-change.md",
        ],
        &fx,
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains("(tier mismatch)"));
    let run = run_stp(
        &[
            "trace",
            "--tests",
            "cnv",
            "--fail-on",
            "missing",
            "stps/sig-network/vlan-change.md",
        ],
        &fx,
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
    // With only a Ginkgo suite nothing downstream implements the plan: missing fails, the
    // Tier 1 scenario is expected upstream and does not.
    let run = run_stp(
        &[
            "trace",
            "--tests",
            "ginkgo",
            "--fail-on",
            "missing",
            "--format",
            "markdown",
            "stps/sig-network/vlan-change.md",
        ],
        &fx,
    );
    assert_eq!(run.code, 1);
    assert!(run
        .stdout
        .contains("| # | Requirement | Scenario | Tier | Priority | Status | Tests |"));
    assert!(run.stdout.contains("| 4 | CNV-70004 |"));
    assert!(run.stdout.contains("⬆️ upstream"));
    assert!(run.stdout.contains("❌ missing"));
    // Usage errors.
    assert_eq!(run_stp(&["trace", "stps"], &fx).code, 2);
    assert_eq!(
        run_stp(&["trace", "--tests", "no-such-dir", "stps"], &fx).code,
        2
    );
    // In-document traceability still works.
    let run = run_stp(
        &["trace", "--in-document", "stps/sig-network/vlan-change.md"],
        &fx,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // It takes directories as `--tests` does (the help says so): the plans are walked, the
    // README is not a plan.
    let run = run_stp(&["trace", "--in-document", "stps"], &fx);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("stps/sig-network/vlan-change.md: "));
    assert!(run.stdout.contains("stps/sig-mtv/warm-migration.md: "));
    assert!(!run.stdout.contains("README.md"));
    // Given nothing, it traces the repository's stps/ directory.
    let default = run_stp(&["trace", "--in-document"], &fx);
    assert_eq!(default.code, 0, "{}", default.stderr);
    assert!(default
        .stdout
        .starts_with("stps/sig-mtv/warm-migration.md: "));
    let run = run_stp(&["trace", "--in-document", "stps/no-such.md"], &fx);
    assert_eq!(run.code, 2);
    assert!(run
        .stderr
        .contains("stps/no-such.md: no such file or directory"));
}

#[test]
fn bad_sources_are_reported_and_the_scan_goes_on() {
    let dir = std::env::temp_dir().join(format!("stp-trace-bad-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("tests")).unwrap();
    std::fs::write(dir.join("tests/test_broken.py"), "def test_x(:\n    pass\n").unwrap();
    std::fs::write(dir.join("tests/test_binary.py"), [0u8, 159, 146, 150]).unwrap();
    std::fs::write(
        dir.join("tests/test_ok.py"),
        "def test_ok():\n    assert True\n",
    )
    .unwrap();
    let inv = inventory::scan(&dir);
    assert_eq!(inv.errors.len(), 2, "{:?}", inv.errors);
    assert!(inv.errors.iter().any(|e| e.path == "tests/test_broken.py"));
    assert_eq!(ids(&inv), vec!["tests/test_ok.py::test_ok"]);
    let _ = std::fs::remove_dir_all(&dir);
}

/// `stp report --tests` shows each plan's automation coverage, counted as `stp trace` counts it.
#[test]
fn the_report_shows_the_coverage_trace_computes() {
    let out = common::scratch("report-coverage");
    let out_arg = out.join("report").to_string_lossy().to_string();
    let run = run_stp(
        &["report", "stps", "--tests", "cnv", "--out", &out_arg],
        &fixtures(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let index = std::fs::read_to_string(out.join("report/index.html")).unwrap();
    assert!(index.contains(">Automated</th>"), "no coverage columns");
    // vlan-change.md: 3 covered, 1 stub only, 0 missing, 1 upstream (as the trace test says).
    let row_start = index
        .find("sig-network/vlan-change.md")
        .expect("the plan is listed");
    let row = &index[row_start..index[row_start..].find("</tr>").unwrap() + row_start];
    assert!(
        row.contains(
            r#"<td class="n">3</td><td class="n">1</td><td class="n">0</td><td class="n">1</td>"#
        ),
        "{row}"
    );
}
