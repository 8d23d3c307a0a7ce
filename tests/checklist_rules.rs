//! The exact and cross-file rules of the review checklist: each fires (exact line) on a
//! mutated plan and stays silent on the clean one, in both layouts where the layout matters.

mod common;
use common::*;
use std::path::Path;
use stp::model::PathFacts;
use stp::rules::Settings;

/// Applies a replacement and expects exactly one finding of `code` on the line holding `at`.
fn fires_at(from: &str, to: &str, code: &str, at: &str) -> Seen {
    let text = replace_once(EXAMPLE, from, to);
    let seen = only(&text, code);
    assert_eq!(seen.len(), 1, "{code}: {seen:?}");
    assert_eq!(seen[0].line, line_of(&text, at), "{code}: {seen:?}");
    seen[0].clone()
}

fn silent(text: &str, code: &str) {
    let seen = only(text, code);
    assert!(seen.is_empty(), "{code} must stay silent: {seen:?}");
}

const NONE_LIMITATIONS: &str = "None — reviewed and confirmed with Peter Example, 2026-09-01 that no feature limitations apply.\n\n";
const LIMITATION: &str = "- **Snapshots created before the upgrade are not counted towards the limit.**\n  - *Sign-off:* Peter Example, 2026-09-01\n\n";

#[test]
fn clean_plans_are_clean() {
    assert_eq!(review(EXAMPLE), vec![]);
    let table: Vec<&str> = codes(&review(TABLE));
    assert_eq!(table, vec!["STP010", "STP020", "STP401", "STP010"]);
}

// DOC-3
#[test]
fn cross_reference() {
    let s = fires_at(
        "- **Test Framework:** Standard",
        "- **Test Framework:** Standard (see Section II.9)",
        "STP004",
        "Section II.9",
    );
    assert!(s.message.contains("II.9"));
    let text = replace_once(
        EXAMPLE,
        "None — reviewed and confirmed that no test limitations apply for this release.\n\n",
        "",
    );
    let text = replace_once(&text, "**Test Limitations**\n\n", "");
    let text = replace_once(
        &text,
        "- **Other Tools:** N/A",
        "- **Other Tools:** N/A, see Test Limitations",
    );
    let seen = only(&text, "STP004");
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert!(seen[0].message.contains("does not have"));
    // The example refers to Section II.3 and to Section III; the table fixture has none.
    silent(EXAMPLE, "STP004");
    let named = replace_once(
        EXAMPLE,
        "- **Other Tools:** N/A",
        "- **Other Tools:** N/A (see Out of Scope, Section II.1 and section 3 - Test Environment)",
    );
    silent(&named, "STP004");
}

// PLH-2
#[test]
fn template_guidance_comments() {
    let own = replace_once(
        EXAMPLE,
        "- **Other Tools:** N/A",
        "- **Other Tools:** N/A\n  <!-- ask the lab about jumbo frames -->",
    );
    silent(&own, "STP011");
    let Some(corpus) = corpus() else { return };
    let template = std::fs::read_to_string(corpus.join("stps/stp-template/stp.md")).unwrap();
    let start = template.find("<!--").unwrap();
    let end = start + template[start..].find("-->").unwrap() + 3;
    let left = replace_once(
        EXAMPLE,
        "- **Other Tools:** N/A",
        &format!("- **Other Tools:** N/A\n\n{}", &template[start..end]),
    );
    let seen = only(&left, "STP011");
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].line, line_of(&left, "- **Other Tools:** N/A") + 2);
}

// META-1..4
#[test]
fn enhancement_link() {
    fires_at(
        "- **Enhancement(s):** [VEP: snapshot retention](https://github.com/kubevirt/enhancements/issues/9999)",
        "- **Enhancement(s):** N/A",
        "STP101",
        "Enhancement(s):** N/A",
    );
    let justified = replace_once(
        EXAMPLE,
        "[VEP: snapshot retention](https://github.com/kubevirt/enhancements/issues/9999)",
        "No VEP exists; the design is tracked in the epic",
    );
    silent(&justified, "STP101");
    let table = replace_once(
        TABLE,
        "https://github.com/kubevirt/enhancements/pull/9998",
        "-",
    );
    assert_eq!(only(&table, "STP101").len(), 1, "table layout is read too");
    // The row beside it says why there is no design: a reviewer reads both.
    let explained = replace_once(
        &table,
        "https://issues.redhat.com/browse/VIRTSTRAT-9001",
        "N/A - Not a new feature. Work is tracked under the epic.",
    );
    silent(&explained, "STP101");
}

#[test]
fn tracking_links() {
    fires_at(
        "- **Epic Tracking:** [CNV-90002](https://issues.redhat.com/browse/CNV-90002)",
        "- **Epic Tracking:** the storage epic",
        "STP102",
        "Epic Tracking:** the storage",
    );
    let justified = replace_once(
        TABLE,
        "https://issues.redhat.com/browse/VIRTSTRAT-9001",
        "N/A - not a new feature, tracked under the epic",
    );
    silent(&justified, "STP102");
    let table = replace_once(
        TABLE,
        "https://issues.redhat.com/browse/VIRTSTRAT-9001",
        "N/A",
    );
    assert_eq!(
        only(&table, "STP102")[0].line,
        line_of(&table, "**Feature in Jira**")
    );
    silent(TABLE, "STP102");
}

#[test]
fn feature_maturity() {
    let s = fires_at(
        "  - GA: 5.1",
        "  - GA: N/A",
        "STP103",
        "- **Feature Maturity:**",
    );
    assert!(s.message.contains("GA has no version"));
    let s = fires_at("  - DP: N/A\n", "", "STP103", "- **Feature Maturity:**");
    assert!(s.message.contains("no DP line"));
    let field = "- **Feature Maturity:**\n  - DP: N/A\n  - TP: 4.23\n  - GA: 5.1\n";
    assert!(EXAMPLE.contains(field));
    // A feature GA from the start lists only GA, as the template allows.
    silent(
        &replace_once(EXAMPLE, field, "- **Feature Maturity:**\n  - GA: 5.1\n"),
        "STP103",
    );
    let gone = only(&replace_once(EXAMPLE, field, ""), "STP103");
    assert!(
        gone[0]
            .help
            .as_deref()
            .is_some_and(|h| h.contains("lists only `GA:`")),
        "{gone:?}"
    );
    silent(
        &replace_once(EXAMPLE, "  - GA: 5.1", "  - GA: 5.1 (tech preview earlier)"),
        "STP103",
    );
    silent(TABLE, "STP103");
    // No feature delivered: GA is N/A, and the plan says why.
    silent(
        &replace_once(
            EXAMPLE,
            "  - GA: 5.1\n",
            "  - GA: N/A — regression tests, not a new feature\n",
        ),
        "STP103",
    );
    fires_at(
        "  - GA: 5.1\n",
        "  - GA: N/A\n",
        "STP103",
        "- **Feature Maturity:**",
    );
    // Only the DP line left out beside a GA version: the form, at MEDIUM.
    let s = fires_at("  - DP: N/A\n", "", "STP103", "- **Feature Maturity:**");
    assert_eq!(s.severity, "MEDIUM");
}

#[test]
fn ownership_fields() {
    let s = fires_at(
        "- **QE Owner(s):** Dana Example (@dexample)",
        "- **QE Owner(s):** Dana Example",
        "STP104",
        "QE Owner(s):** Dana",
    );
    assert!(s.message.contains("handle or e-mail"));
    // A named owner without a contact is a smaller gap than no owner.
    assert_eq!(s.severity, "MEDIUM");
    let s = fires_at(
        "- **QE Owner(s):** Dana Example (@dexample)",
        "- **QE Owner(s):** N/A",
        "STP104",
        "QE Owner(s):** N/A",
    );
    assert_eq!(
        (s.message.as_str(), s.severity.as_str()),
        ("QE Owner(s) is empty", "HIGH")
    );
    fires_at(
        "- **Participating SIGs:** sig-storage",
        "- **Participating SIGs:** -",
        "STP104",
        "Participating SIGs",
    );
    // "None", "N/A": no SIG but the owning one takes part.
    for none in ["None", "N/A", "Not applicable."] {
        silent(
            &replace_once(
                EXAMPLE,
                "- **Participating SIGs:** sig-storage",
                &format!("- **Participating SIGs:** {none}"),
            ),
            "STP104",
        );
    }
    silent(TABLE, "STP104");
    // The owning SIG must match the stps/<sig>/ directory: needs the file on disk.
    let dir = scratch("owning-sig");
    std::fs::create_dir_all(dir.join("stps/sig-network")).unwrap();
    std::fs::write(dir.join("stps/sig-network/plan.md"), EXAMPLE).unwrap();
    let json = check_json(&dir, &["stps"]);
    let found = codes_in(&json, "STP104");
    assert_eq!(found.len(), 1, "{json}");
    assert!(found[0]["message"]
        .as_str()
        .unwrap()
        .contains("sig-network"));
    std::fs::create_dir_all(dir.join("stps/sig-storage")).unwrap();
    std::fs::rename(
        dir.join("stps/sig-network/plan.md"),
        dir.join("stps/sig-storage/plan.md"),
    )
    .unwrap();
    assert!(codes_in(&check_json(&dir, &["stps"]), "STP104").is_empty());

    // A child in the owning SIG's feature directory names the SIG it covers; filed flat in
    // a SIG directory, it names that directory's SIG.
    let child = replace_once(
        &replace_once(
            EXAMPLE,
            "- **Owning SIG:** sig-storage",
            "- **Parent STP:** [stp.md](stp.md)\n- **SIG:** sig-network",
        ),
        "- **Participating SIGs:** sig-storage\n",
        "",
    );
    let dir = scratch("child-sig");
    std::fs::create_dir_all(dir.join("stps/sig-storage/retention")).unwrap();
    std::fs::write(dir.join("stps/sig-storage/retention/stp.md"), EXAMPLE).unwrap();
    std::fs::write(dir.join("stps/sig-storage/retention/network.md"), &child).unwrap();
    let sig_findings = |json: &serde_json::Value| -> Vec<String> {
        codes_in(json, "STP104")
            .iter()
            .map(|d| d["message"].as_str().unwrap().to_string())
            .filter(|m| m.contains("directory"))
            .collect()
    };
    let json = check_json(&dir, &["stps"]);
    assert!(sig_findings(&json).is_empty(), "{json}");
    std::fs::write(dir.join("stps/sig-storage/network.md"), &child).unwrap();
    std::fs::write(dir.join("stps/sig-storage/stp.md"), EXAMPLE).unwrap();
    let json = check_json(&dir, &["stps/sig-storage/network.md"]);
    assert_eq!(sig_findings(&json).len(), 1, "{json}");
}

// OVW-1, OVW-2
#[test]
fn overview_length_and_phase() {
    let overview = "VM owners can set how many snapshots of a VM are kept. When a new snapshot would exceed the\nlimit, the oldest snapshot is deleted automatically, so storage use stays predictable without\nmanual clean-up. The limit is set per VM, and a cluster-wide default applies to VMs that do\nnot set one. This plan covers the Tech Preview release.";
    let s = fires_at(
        overview,
        "Snapshots are trimmed.",
        "STP110",
        "### **Feature Overview**",
    );
    assert!(s.message.contains("1 sentence"));
    silent(EXAMPLE, "STP110");
    fires_at(
        " This plan covers the Tech Preview release.",
        "",
        "STP111",
        "### **Feature Overview**",
    );
    silent(
        &replace_once(EXAMPLE, "  - TP: 4.23\n", "  - TP: N/A\n"),
        "STP111",
    );
}

// REQ-1, REQ-3, NFR-1
#[test]
fn review_items() {
    let testability = "- [x] **Testability**\n  - *Note any requirements that are unclear or untestable:* None\n\n";
    fires_at(
        testability,
        "",
        "STP201",
        "#### **1. Requirement & User Story Review Checklist**",
    );
    silent(EXAMPLE, "STP201");
    silent(TABLE, "STP201");
}

#[test]
fn use_case_user_story() {
    fires_at(
        "    - As a VM owner, I want old snapshots removed automatically so that my quota is not exhausted",
        "    - Old snapshots are removed automatically",
        "STP202",
        "Old snapshots are removed",
    );
    let table = replace_once(
        TABLE,
        "As a VM owner, I want jumbo frames in my guest",
        "Jumbo frames reach the guest",
    );
    assert_eq!(
        only(&table, "STP202")[0].line,
        line_of(&table, "| **Customer Use Cases**")
    );
    silent(TABLE, "STP202");
    // The story in the Comments column, in quotation marks, beside guidance in Details.
    let commented = replace_once(
        &table,
        "| Jumbo frames reach the guest        |          |",
        "| Jumbo frames reach the guest        | \"As a VM owner, I want jumbo frames in my guest\" |",
    );
    silent(&commented, "STP202");
}

#[test]
fn nfr_coverage() {
    let s = fires_at(
        "    - **Security:** the setting uses the existing VM edit permission\n",
        "",
        "STP203",
        "- [x] **Non-Functional Requirements (NFRs)**",
    );
    assert!(s.message.ends_with("Security"));
    // One gap in an otherwise reviewed list: MEDIUM; four of seven missing: HIGH.
    assert_eq!(s.severity, "MEDIUM");
    let sparse = replace_once(
        EXAMPLE,
        "    - **Performance:** deletion runs after the snapshot completes and does not delay it\n    - **Security:** the setting uses the existing VM edit permission\n    - **Scalability:** bounded by existing snapshot limits of the storage class\n",
        "",
    );
    let sparse = replace_once(&sparse, "    - **UI:** the console shows the limit; UI testing is owned by the UI team (CNV-90003)\n", "");
    let found = only(&sparse, "STP203");
    assert_eq!(
        (found[0].message.as_str(), found[0].severity.as_str()),
        (
            "NFRs do not address UI, Performance, Security, Scalability",
            "HIGH"
        )
    );
    let s = fires_at(
        "    - **Security:** the setting uses the existing VM edit permission",
        "    - **Security:** N/A",
        "STP203",
        "**Security:** N/A",
    );
    assert!(s.message.contains("without a reason"));
    silent(EXAMPLE, "STP203");
    silent(TABLE, "STP203");
    // The template's name for the UI category is Usability.
    let usability = replace_once(
        EXAMPLE,
        "    - **UI:** the console shows the limit;",
        "    - **Usability:** the console shows the limit;",
    );
    silent(&usability, "STP203");
}

// LIM-1, LIM-2, TDR-1, TDR-4
#[test]
fn limitation_sign_off() {
    let s = fires_at(
        LIMITATION,
        "- **Snapshots created before the upgrade are not counted towards the limit.**\n\n",
        "STP210",
        "- **Snapshots created before",
    );
    assert_eq!(s.severity, "CRITICAL");
    let s = fires_at(
        "  - *Sign-off:* Peter Example, 2026-09-01\n\n#### **3.",
        "  - *Sign-off:* Peter Example\n\n#### **3.",
        "STP210",
        "*Sign-off:* Peter Example",
    );
    assert!(s.message.contains("lacks a date"));
    silent(
        &replace_once(EXAMPLE, LIMITATION, NONE_LIMITATIONS),
        "STP210",
    );
    silent(TABLE, "STP210"); // the older template had no sign-off for limitations

    // A sign-off written as the next item of the list still signs the limitation above.
    silent(
        &replace_once(
            EXAMPLE,
            LIMITATION,
            "- Snapshots created before the upgrade are not counted towards the limit.\n- *Sign-off:* Peter Example, 2026-09-01\n\n",
        ),
        "STP210",
    );
    // A next item with a label of its own is a limitation of its own, and lacks a sign-off.
    let text = replace_once(
        EXAMPLE,
        LIMITATION,
        "- Snapshots created before the upgrade are not counted towards the limit.\n  - *Sign-off:* Peter Example, 2026-09-01\n- Bare metal only: the feature needs nested virtualization on clouds.\n\n",
    );
    let seen = only(&text, "STP210");
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(seen[0].line, line_of(&text, "- Bare metal only:"));

    // A slot left for later is no limitation to sign: the section holds only placeholders.
    let text = replace_once(
        EXAMPLE,
        LIMITATION,
        "- [To be documented if applicable]\n\n",
    );
    silent(&text, "STP210");
    let s = only(&text, "STP211");
    assert_eq!(s.len(), 1, "{s:?}");
    assert_eq!(s[0].message, "known limitations holds only placeholders");
}

#[test]
fn limitations_stated() {
    let s = fires_at(LIMITATION, "", "STP211", "#### **2. Known Limitations**");
    // Named as the plan writes it.
    assert_eq!(s.message, "'2. Known Limitations' is empty");
    silent(&replace_once(EXAMPLE, LIMITATION, "None\n\n"), "STP211");
    silent(EXAMPLE, "STP211");
    // Written under a sub-label that opens a section of its own: not empty.
    let under_label = "Known limitations of the feature and of its testing.\n\n**Testing Limitations:**\n\n- No lab has more than three storage classes\n\n";
    let text = replace_once(EXAMPLE, LIMITATION, under_label);
    silent(&text, "STP211");
    // (An empty bold sub-section followed by another is still reported: see
    // `out_of_scope_stated`.)
}

#[test]
fn design_review_items() {
    let api = "- [x] **API Extensions**\n  - *List new or modified APIs:* A retention limit on the VM and a cluster-wide default.\n  - *Testing impact:* Both settings are covered by scenarios.\n\n";
    let s = fires_at(
        api,
        "",
        "STP220",
        "#### **3. Technology and Design Review**",
    );
    assert!(s.message.contains("API Extensions"));
    silent(TABLE, "STP220");
    // The fix is offered in the plan's own form: an item, or a row of the older table.
    let list_plan = replace_once(EXAMPLE, api, "");
    let row_plan = replace_once(
        TABLE,
        "| **Topology Considerations**      | [x]  | Two workers on the same switch             |          |\n",
        "",
    );
    for (text, help) in [
        (
            list_plan.as_str(),
            "add `- [x] **API Extensions**` with its details",
        ),
        (
            row_plan.as_str(),
            "add a `| **Topology Considerations** | [x] | <details> | |` row",
        ),
    ] {
        let dir = scratch("design-review-help");
        std::fs::write(dir.join("plan.md"), text).unwrap();
        let found = codes_in(&check_json(&dir, &["plan.md"]), "STP220");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0]["help"], help);
    }
}

#[test]
fn topology_impact() {
    fires_at(
        "  - *Describe topology requirements:* Any multi-node cluster.",
        "  - *Describe topology requirements:* None",
        "STP221",
        "- [x] **Topology Considerations**",
    );
    fires_at(
        "  - *Impact on test design:* None.\n",
        "",
        "STP221",
        "- [x] **Topology Considerations**",
    );
    silent(EXAMPLE, "STP221"); // "Impact: None." is an answer
}

// GOAL-1, GOAL-2
#[test]
fn goal_priority() {
    fires_at(
        "- **[P1]** Verify that a VM without its own limit",
        "- Verify that a VM without its own limit",
        "STP301",
        "- Verify that a VM without",
    );
    silent(TABLE, "STP301");
    let goals = "- **[P0]** Verify that creating a snapshot beyond the limit removes the oldest snapshot of the VM\n- **[P1]** Verify that a VM without its own limit follows the cluster-wide default\n- **[P2]** Verify that restoring from a retained snapshot works after older ones were removed\n";
    // No goals at all: reported; a pointer to where they are written: not.
    let none = replace_once(EXAMPLE, goals, "");
    assert_eq!(
        only(&none, "STP301")[0].message,
        "no testing goals are listed"
    );
    let pointer = replace_once(EXAMPLE, goals, "Detailed in _Scope of Testing_ section.\n");
    silent(&pointer, "STP301");
}

#[test]
fn goal_order_with_fix() {
    let p0 = "- **[P0]** Verify that creating a snapshot beyond the limit removes the oldest snapshot of the VM\n";
    let p1 = "- **[P1]** Verify that a VM without its own limit follows the cluster-wide default\n";
    let text = replace_once(EXAMPLE, &format!("{p0}{p1}"), &format!("{p1}{p0}"));
    let (report, seen) = review_with(&text, PathFacts::default(), Settings::default());
    let order: Vec<_> = seen.iter().filter(|s| s.code == "STP302").collect();
    assert_eq!(order.len(), 1);
    assert_eq!(
        order[0].line,
        line_of(&text, "**[P0]** Verify that creating")
    );
    let fix = report
        .diagnostics
        .iter()
        .find(|d| d.rule.code == "STP302")
        .unwrap()
        .fix
        .clone()
        .unwrap();
    let mut fixed = text.clone();
    for e in fix.edits.iter().rev() {
        fixed.replace_range(e.span.range(), &e.new_text);
    }
    assert_eq!(
        fixed, EXAMPLE,
        "the fix restores P0, P1, P2 order without touching anything else"
    );
    silent(EXAMPLE, "STP302");
}

// OOS-1, OOS-2, TLIM-1
#[test]
fn out_of_scope_agreement() {
    let s = fires_at(
        "  - *PM/Lead Agreement:* Peter Example, 2026-09-01",
        "  - *PM/Lead Agreement:* Peter Example",
        "STP310",
        "*PM/Lead Agreement:* Peter Example",
    );
    assert!(s.message.contains("lacks a date"));
    fires_at("  - *Rationale:* Hot-plugged volumes are excluded from snapshots by design in this release.\n", "", "STP310", "- **Snapshots of VMs with hot-plugged volumes**");
    // A reason after a dash on the item's own line is its rationale.
    let inline = replace_once(
        EXAMPLE,
        "- **Snapshots of VMs with hot-plugged volumes**\n  - *Rationale:* Hot-plugged volumes are excluded from snapshots by design in this release.\n",
        "- **Snapshots of VMs with hot-plugged volumes** -- excluded from snapshots by design in this release\n",
    );
    silent(&inline, "STP310");
    // A dash with too little after it gives no reason.
    let bare = replace_once(
        &inline,
        "-- excluded from snapshots by design in this release",
        "-- excluded",
    );
    assert!(only(&bare, "STP310")[0]
        .message
        .contains("has no *Rationale:*"));
    silent(TABLE, "STP310"); // `[x] Alex Example 02/2026` is a name and a date
    let table = replace_once(
        TABLE,
        "[x] Alex Example 02/2026",
        "[x] Alex Example        ",
    );
    assert_eq!(
        only(&table, "STP310")[0].line,
        line_of(&table, "| SR-IOV interfaces")
    );
}

#[test]
fn out_of_scope_stated() {
    let item = "- **Snapshots of VMs with hot-plugged volumes**\n  - *Rationale:* Hot-plugged volumes are excluded from snapshots by design in this release.\n  - *PM/Lead Agreement:* Peter Example, 2026-09-01\n\n";
    fires_at(
        item,
        "",
        "STP311",
        "**Out of Scope (Testing Scope Exclusions)**",
    );
    silent(
        &replace_once(
            EXAMPLE,
            item,
            "None — all supported functionality is tested this cycle.\n\n",
        ),
        "STP311",
    );
}

#[test]
fn test_limitation_sign_off() {
    let text = replace_once(
        EXAMPLE,
        "None — reviewed and confirmed that no test limitations apply for this release.",
        "- **No lab with two storage classes of the same vendor**\n\n- **Only one cloud**\n  - *Sign-off:* Dana Example, 2026-09-02",
    );
    let seen = only(&text, "STP312");
    assert_eq!(seen.len(), 1);
    assert_eq!(
        (seen[0].line, seen[0].severity.as_str()),
        (line_of(&text, "No lab with two"), "CRITICAL")
    );
    silent(EXAMPLE, "STP312");
}

// STRAT-1, STRAT-2
#[test]
fn strategy_types_and_details() {
    let cloud = "- [ ] **Cloud Testing** — Does the feature require multi-cloud platform testing?\n  - *Details:* Not applicable: storage behaviour does not depend on the cloud.\n";
    let s = fires_at(cloud, "", "STP320", "#### **2. Test Strategy**");
    assert!(s.message.ends_with("Cloud Testing"));
    // The older template had no Scale row.
    silent(TABLE, "STP320");
    // The older name of the Compatibility item serves it.
    let backward = replace_once(
        EXAMPLE,
        "**Compatibility Testing**",
        "**Backward Compatibility Testing**",
    );
    silent(&backward, "STP320");
    let renamed = replace_once(EXAMPLE, "**Compatibility Testing**", "**Interop Testing**");
    let s = only(&renamed, "STP320");
    assert!(s[0].message.ends_with("Compatibility"), "{s:?}");
    let s = fires_at(
        "  - *Details:* Not applicable for Tech Preview; reconsidered for GA with 100 VMs.",
        "  - *Details:* N/A",
        "STP321",
        "- [ ] **Scale Testing**",
    );
    assert!(s.message.contains("unchecked without a justification"));
    // Its details line is there: the help asks for the reason in it, not for another line.
    assert_eq!(
        s.help.as_deref(),
        Some("say in *Details:* why it does not apply, or how it is tested, instead of 'N/A'")
    );
    let table = replace_once(
        TABLE,
        "| N                       | No performance impact     |",
        "| N                       |                           |",
    );
    assert_eq!(
        only(&table, "STP321")[0].line,
        line_of(&table, "| Performance Testing")
    );
    silent(TABLE, "STP321");
    // Out of Scope gives the reason for the type by name: justified there, once.
    let excluded = replace_once(
        &table,
        "| Masquerade        | MTU is fixed by the pod network    | TODO                      |\n",
        "| Masquerade        | MTU is fixed by the pod network    | TODO                      |\n| Performance Testing | The MTU setting adds no load     | [x] Alex Example 02/2026  |\n",
    );
    silent(&excluded, "STP321");
    let unreasoned = replace_once(
        &excluded,
        "The MTU setting adds no load",
        "                           ",
    );
    assert_eq!(only(&unreasoned, "STP321").len(), 1);
    // The reason on the item's own line, in place of the template's description.
    let inline = replace_once(
        EXAMPLE,
        "- [ ] **Scale Testing** — Validates feature behavior under increased load\n  - *Details:* Not applicable for Tech Preview; reconsidered for GA with 100 VMs.\n",
        "- [ ] **Scale Testing** — N/A; retention is per VM and does not grow with the cluster\n",
    );
    silent(&inline, "STP321");
    let bare = replace_once(
        &inline,
        "N/A; retention is per VM and does not grow with the cluster",
        "N/A",
    );
    assert!(only(&bare, "STP321")[0]
        .message
        .contains("unchecked without a justification"));
    // A child STP's template offers a plain "Not applicable".
    let (_, seen) = review_as_child(&bare);
    assert!(!codes(&seen).contains(&"STP321"), "{seen:?}");
    // The author's own words in place of the template's description are the details; the
    // template's description, whole or shortened, is not.
    let own = replace_once(
        EXAMPLE,
        "- [x] **Regression Testing** — Verifies that new changes do not break existing functionality\n  - *Details:* The existing snapshot and restore suites run unchanged.\n",
        "- [x] **Regression Testing** — The existing snapshot suites run unchanged\n",
    );
    silent(&own, "STP321");
    for description in [
        "Verifies that new changes do not break existing functionality",
        "Verifies that new changes do not break",
    ] {
        let stock = replace_once(
            &own,
            "The existing snapshot suites run unchanged",
            description,
        );
        let s = only(&stock, "STP321");
        assert_eq!(
            s[0].message, "'Regression Testing' has no details",
            "{description}"
        );
    }
}

// ENV-1, ENV-2, ENTRY-1
#[test]
fn environment_fields_and_versions() {
    let s = fires_at(
        "- **Platform:** Bare metal\n",
        "",
        "STP330",
        "#### **3. Test Environment**",
    );
    assert!(s.message.ends_with("Platform"));
    fires_at(
        "- **Storage:** ocs-storagecluster-ceph-rbd-virtualization",
        "- **Storage:**",
        "STP330",
        "- **Storage:**",
    );
    fires_at(
        "- **OCP & OpenShift Virtualization Version(s):** OCP 4.23 with OpenShift Virtualization 4.23",
        "- **OCP & OpenShift Virtualization Version(s):** latest",
        "STP331",
        "Version(s):** latest",
    );
    silent(
        &replace_once(
            EXAMPLE,
            "OCP 4.23 with OpenShift Virtualization 4.23",
            "4.23 and later",
        ),
        "STP331",
    );
    silent(TABLE, "STP330");
    silent(TABLE, "STP331");
    // A child lists what its SIG needs beyond the parent's environment: nothing is missing,
    // but a field it lists must say something.
    let child = replace_once(EXAMPLE, "- **Platform:** Bare metal\n", "");
    let (_, seen) = review_as_child(&child);
    assert!(!codes(&seen).contains(&"STP330"), "{seen:?}");
    let child_empty = replace_once(
        &child,
        "- **Storage:** ocs-storagecluster-ceph-rbd-virtualization",
        "- **Storage:**",
    );
    let (_, seen) = review_as_child(&child_empty);
    let empty: Vec<_> = seen.iter().filter(|s| s.code == "STP330").collect();
    assert_eq!(empty.len(), 1, "{seen:?}");
    assert!(empty[0].message.contains("'Storage' is empty"));
}

#[test]
fn entry_criteria() {
    let s = fires_at(
        "- [x] Requirements and design documents are **approved and merged**\n",
        "",
        "STP340",
        "#### **4. Entry Criteria**",
    );
    assert!(s.message.contains("approved requirements"));
    silent(TABLE, "STP340");
}

// RSK-1..4
#[test]
fn risk_categories() {
    let coverage = "**Test Coverage**\n\n- **Risk:** None identified.\n  - **Mitigation:** All acceptance criteria map to scenarios in Section III.\n\n";
    let s = fires_at(coverage, "", "STP350", "#### **5. Risks**");
    assert!(s.message.ends_with("Test Coverage"));
    let other = "**Other**\n\n- **Risk:** None identified.\n  - **Mitigation:** Nothing else is known.\n\n---\n\n### **III.";
    let s = fires_at("---\n\n### **III.", other, "STP350", "**Other**");
    assert_eq!(s.severity, "MEDIUM");
    silent(TABLE, "STP350");
}

#[test]
fn risk_entry_complete() {
    let s = fires_at(
        "  - *Sign-off:* Dana Example, 2026-09-01\n\n**Test Coverage**",
        "\n**Test Coverage**",
        "STP351",
        "- **Risk:** The feature lands late",
    );
    assert_eq!(s.severity, "CRITICAL");
    assert!(s.message.contains("sign-off"));
    let s = fires_at(
        "  - *Estimated impact on schedule:* One week.\n",
        "",
        "STP351",
        "- **Risk:** The feature lands late",
    );
    assert!(s.message.contains("Estimated impact on schedule"));
    // Only the category field missing: to be completed, not blocking.
    assert_eq!(s.severity, "HIGH");
    // Table layout: risk and mitigation are read; sign-off columns did not exist.
    silent(TABLE, "STP351");
    let table = replace_once(
        TABLE,
        "| Book the lab early               |",
        "| -                                |",
    );
    let found = only(&table, "STP351");
    assert_eq!(
        found[0].line,
        line_of(&table, "| Test Environment     | Jumbo")
    );
    assert_eq!(
        found[0].help.as_deref(),
        Some("say in the Mitigation cell how the risk is reduced or accepted"),
        "a table has no sign-off or category columns to ask for"
    );
}

#[test]
fn no_risk_justified_and_all_risks_empty() {
    fires_at(
        "  - **Mitigation:** All acceptance criteria map to scenarios in Section III.",
        "  - **Mitigation:** N/A",
        "STP352",
        "**Mitigation:** N/A",
    );
    silent(EXAMPLE, "STP352");
    let all_empty = replace_once(
        EXAMPLE,
        "- **Risk:** The feature lands late in the release.\n  - **Mitigation:** Scenarios are automated against the upstream build first.\n  - *Estimated impact on schedule:* One week.\n  - *Sign-off:* Dana Example, 2026-09-01",
        "- **Risk:** None identified.\n  - **Mitigation:** The schedule has two spare weeks.",
    );
    let seen = only(&all_empty, "STP353");
    assert_eq!(seen[0].line, line_of(&all_empty, "#### **5. Risks**"));
    silent(EXAMPLE, "STP353");
    silent(TABLE, "STP353");
}

// SCN-1..3
#[test]
fn scenario_requirement_id() {
    let s = fires_at(
        "- **[CNV-90001]** — As a VM owner, I want a sensible default",
        "- **[Default-limit]** — As a VM owner, I want a sensible default",
        "STP401",
        "[Default-limit]",
    );
    assert_eq!(s.severity, "CRITICAL");
    // An ID that is only the template's placeholder is the placeholder rule's one finding.
    let prompt = replace_once(
        EXAMPLE,
        "- **[CNV-90001]** — As a VM owner, I want a sensible default",
        "- **[Jira-123]** — As a VM owner, I want a sensible default",
    );
    silent(&prompt, "STP401");
    let placeholder = only(&prompt, "STP010");
    assert_eq!(placeholder.len(), 1, "{placeholder:?}");
    assert_eq!(placeholder[0].severity, "CRITICAL");
    let table = replace_once(TABLE, "| MTU-oversize   |", "| [TBD]          |");
    silent(&table, "STP401");
    fires_at(
        "- **[CNV-90001]** — As a VM owner, I want to restore from any snapshot that is kept",
        "- As a VM owner, I want to restore from any snapshot that is kept",
        "STP401",
        "- As a VM owner, I want to restore",
    );
    // A table's first row without an ID continues nothing; the help names the cell.
    let blank = replace_once(TABLE, "| CNV-91000      |", "|                |");
    let first = only(&blank, "STP401");
    assert_eq!(first[0].message, "scenario has no Jira requirement ID");
    assert_eq!(
        first[0].help.as_deref(),
        Some("write the requirement's Jira key in the Requirement ID cell, e.g. `CNV-12345`")
    );
    // Continuation rows with a blank ID are fine; the fixture's made-up ID is the only finding.
    let seen = only(TABLE, "STP401");
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].line, line_of(TABLE, "| MTU-oversize"));
}

#[test]
fn scenario_user_story_and_tier_priority() {
    fires_at(
        "- **[CNV-90001]** — As a VM owner, I want a sensible default when I set no limit",
        "- **[CNV-90001]** — Default when no limit is set",
        "STP402",
        "Default when no limit is set",
    );
    let table = replace_once(
        TABLE,
        "As a VM owner, I want jumbo frames      ",
        "Jumbo frames between VMs                ",
    );
    assert_eq!(
        only(&table, "STP402")[0].line,
        line_of(&table, "Jumbo frames between VMs")
    );
    silent(TABLE, "STP402");
    let s = fires_at(
        "  - *Test Scenario:* [Tier 2] Verify that a VM without a limit keeps the cluster-wide default\n  - *Priority:* P1",
        "  - *Test Scenario:* Verify that a VM without a limit keeps the cluster-wide default\n  - *Priority:* P1",
        "STP403",
        "Verify that a VM without a limit keeps",
    );
    assert!(s.message.contains("tier"));
    let table = replace_once(TABLE, "| Tier 2 | P1       |", "| Tier 2 |          |");
    let no_priority = only(&table, "STP403");
    assert!(no_priority[0].message.contains("priority"));
    assert_eq!(
        no_priority[0].help.as_deref(),
        Some("fill in the row's priority (P0, P1 or P2)"),
        "a table plan is told to fill in its cells"
    );
    silent(TABLE, "STP403");
    // A row that groups the rows below it needs no tier; one that states a scenario does.
    let grouping = |scenario: &str| {
        replace_once(
            TABLE,
            "| CNV-91000      | As a VM owner, I want a custom MTU      | Verify the guest sees the configured MTU  | Tier 2 | P0       |\n",
            &format!("| CNV-90000      | Custom MTU                              | {scenario:<41} | N/A    | P0       |\n|                | As a VM owner, I want a custom MTU      | Verify the guest sees the configured MTU  | Tier 2 | P0       |\n"),
        )
    };
    silent(&grouping("Multiple scenarios below"), "STP403");
    silent(&grouping("Multiple scenarios below"), "STP409");
    // A sentence that gives every scenario its tier serves the rows that name none.
    let untiered = replace_once(
        TABLE,
        "| Verify a 9000-byte ping passes            | Tier 2 |",
        "| Verify a 9000-byte ping passes            |        |",
    );
    assert!(only(&untiered, "STP403")[0].message.contains("no tier"));
    let said = |sentence: &str| {
        replace_once(
            &untiered,
            "### **III. Test Scenarios & Traceability**\n",
            &format!("### **III. Test Scenarios & Traceability**\n\n{sentence}\n"),
        )
    };
    silent(
        &said("Everything will be tested in tier-2: no tier-1 lane exists."),
        "STP403",
    );
    for sentence in [
        "Some scenarios run in Tier 2.",
        "All scenarios are automated. Tier 2 runs them nightly.",
    ] {
        assert!(
            only(&said(sentence), "STP403")[0]
                .message
                .contains("no tier"),
            "{sentence}"
        );
    }
    for scenario in [
        "Verify the MTU survives a live migration",
        "See MTU details below",
    ] {
        let stated = grouping(scenario);
        assert!(
            only(&stated, "STP403")[0].message.contains("no tier"),
            "{scenario}"
        );
    }
}

// SIGN-1, SIGN-2
#[test]
fn reviewers_and_approvers() {
    let s = fires_at(
        "Kim Example (@kexample)",
        "Kim Example",
        "STP410",
        "Lee Example (@lexample), Kim Example",
    );
    assert_eq!(s.message, "reviewers without a GitHub handle: Kim Example");
    // Lone logins are handles written without `@`: it is their names that are missing.
    let s = fires_at(
        "Lee Example (@lexample), Kim Example (@kexample)",
        "lexample, KimExample7",
        "STP410",
        "lexample, KimExample7",
    );
    assert_eq!(
        (s.message.as_str(), s.severity.as_str()),
        (
            "reviewers without a name: @lexample, @KimExample7",
            "MEDIUM"
        )
    );
    let s = fires_at(
        "  - PM: Peter Example (@pexample)\n",
        "",
        "STP411",
        "  - QE Lead: Dana Example",
    );
    assert_eq!(s.message, "the approvers include no product manager");
    assert!(s
        .help
        .as_deref()
        .is_some_and(|h| h.contains("with the role stated")));
    // An approver named without a handle: the checklist asks handles of reviewers.
    let s = fires_at(
        "  - PM: Peter Example (@pexample)",
        "  - PM: Peter Example",
        "STP411",
        "  - PM: Peter Example",
    );
    assert_eq!(
        (s.message.as_str(), s.severity.as_str()),
        ("approvers without a GitHub handle: Peter Example", "MEDIUM")
    );
    silent(EXAMPLE, "STP410");
    silent(TABLE, "STP411");
    // Approvers that are still the template's prompt are the placeholder rule's, at CRITICAL;
    // the same prompt on the reviewers' lines is HIGH, and the two are not folded together.
    let prompts = replace_once(
        EXAMPLE,
        "  - QE Members: Lee Example (@lexample), Kim Example (@kexample)\n* **Approvers:**\n  - QE Lead: Dana Example (@dexample)\n  - Dev Lead: Sam Example (@sexample)\n  - PM: Peter Example (@pexample)\n",
        "  - [Name / @github-username]\n  - [Name / @github-username]\n* **Approvers:**\n  - [Name / @github-username]\n  - [Name / @github-username]\n  - [Name / @github-username]\n",
    );
    silent(&prompts, "STP411");
    silent(&prompts, "STP410");
    // Approvers without any role may hold the roles: the message says the roles are unknown.
    let unlabelled = replace_once(
        &replace_once(
            &replace_once(EXAMPLE, "  - QE Lead: Dana Example", "  - Dana Example"),
            "  - Dev Lead: Sam Example",
            "  - Sam Example",
        ),
        "  - PM: Peter Example",
        "  - Peter Example",
    );
    let s = only(&unlabelled, "STP411");
    assert_eq!(
        s[0].message,
        "no approver's role is stated, so the QE lead, product manager and development lead cannot be found"
    );
    let placeholders = only(&prompts, "STP010");
    let severities: Vec<&str> = placeholders.iter().map(|s| s.severity.as_str()).collect();
    assert_eq!(severities, ["HIGH", "HIGH", "CRITICAL"], "{placeholders:?}");
    assert!(
        placeholders[2]
            .message
            .ends_with("(3 times: lines 247, 248, 249)"),
        "{placeholders:?}"
    );
}

// Cross-file: SIGN-3, MULTI-1, MULTI-3 --------------------------------------------------------

fn check_json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    run_stp(&all, dir).json()
}

fn codes_in(json: &serde_json::Value, code: &str) -> Vec<serde_json::Value> {
    json["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap().clone())
        .filter(|d| d["code"] == code)
        .collect()
}

#[test]
fn owners_handles() {
    let dir = scratch("owners");
    std::fs::create_dir_all(dir.join(".git")).unwrap(); // the repository root
    std::fs::create_dir_all(dir.join("stps/sig-storage")).unwrap();
    std::fs::write(dir.join("stps/sig-storage/plan.md"), EXAMPLE).unwrap();
    // Without OWNERS files the rule is silent.
    assert!(codes_in(&check_json(&dir, &["stps"]), "STP412").is_empty());
    std::fs::write(
        dir.join("OWNERS"),
        "approvers:\n  - dexample\nreviewers:\n  - dexample\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("stps/sig-storage/OWNERS"),
        "approvers:\n  - SExample\nreviewers:\n  - lexample\n  - kexample\nroot-approvers: False\n",
    )
    .unwrap();
    // @pexample, the product manager, is in no OWNERS file: a valid stakeholder, silent.
    assert!(codes_in(&check_json(&dir, &["stps"]), "STP412").is_empty());
    // `Name/handle` without the `@`: a handle when OWNERS knows it.
    let slashed = replace_once(EXAMPLE, "Lee Example (@lexample)", "Lee Example/lexample");
    std::fs::write(dir.join("stps/sig-storage/plan.md"), &slashed).unwrap();
    assert!(codes_in(&check_json(&dir, &["stps"]), "STP410").is_empty());
    let unknown = replace_once(EXAMPLE, "Lee Example (@lexample)", "Lee Example/nobody");
    std::fs::write(dir.join("stps/sig-storage/plan.md"), &unknown).unwrap();
    assert_eq!(codes_in(&check_json(&dir, &["stps"]), "STP410").len(), 1);
    std::fs::write(dir.join("stps/sig-storage/plan.md"), EXAMPLE).unwrap();
    // A handle two letters swapped from a known one is a typo.
    let typo = replace_once(
        EXAMPLE,
        "Lee Example (@lexample)",
        "Lee Example (@lexmaple)",
    );
    std::fs::write(dir.join("stps/sig-storage/plan.md"), &typo).unwrap();
    let found = codes_in(&check_json(&dir, &["stps"]), "STP412");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0]["message"],
        "`@lexmaple` is in no OWNERS file; did you mean `@lexample`?"
    );
    assert_eq!(found[0]["line"], line_of(&typo, "Lee Example (@lexmaple)"));
    // Handles of other SIGs' OWNERS files are known too.
    std::fs::create_dir_all(dir.join("stps/sig-network")).unwrap();
    std::fs::write(
        dir.join("stps/sig-network/OWNERS"),
        "reviewers:\n  - lexmaple\n",
    )
    .unwrap();
    assert!(codes_in(&check_json(&dir, &["stps"]), "STP412").is_empty());
}

#[test]
fn feature_directories() {
    let dir = scratch("feature-dir");
    let feature = dir.join("stps/sig-storage/retention");
    std::fs::create_dir_all(&feature).unwrap();
    std::fs::write(feature.join("stp.md"), EXAMPLE).unwrap();
    let child = replace_once(EXAMPLE, "  - DP: N/A\n  - TP: 4.23\n  - GA: 5.1\n", "");
    let child = replace_once(&child, "- **Feature Maturity:**\n", "");
    std::fs::write(feature.join("network.md"), &child).unwrap();
    let json = check_json(&dir, &["stps"]);
    let parent = codes_in(&json, "STP420");
    assert_eq!(parent.len(), 1);
    assert!(parent[0]["message"]
        .as_str()
        .unwrap()
        .contains("network.md"));
    let kinds: Vec<&str> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["child", "parent"]);
    // The child keeps the Enhancement(s) field that belongs to the parent.
    let child_fields = codes_in(&json, "STP421");
    assert_eq!(child_fields.len(), 1);
    assert!(child_fields[0]["message"]
        .as_str()
        .unwrap()
        .contains("Enhancement(s)"));

    let listed = replace_once(EXAMPLE, "- **Owning SIG:** sig-storage", "- **Child STPs:**\n  - [sig-network](./network.md)\n  - [sig-virt](./virt.md)\n- **Owning SIG:** sig-storage");
    std::fs::write(feature.join("stp.md"), listed).unwrap();
    let parent = codes_in(&check_json(&dir, &["stps"]), "STP420");
    assert_eq!(
        parent.len(),
        1,
        "only the dangling link is left: {parent:?}"
    );
    assert!(parent[0]["message"].as_str().unwrap().contains("./virt.md"));
}

// Regressions found in review -----------------------------------------------------------------

#[test]
fn escapes_and_entities_keep_offsets_exact() {
    let text = replace_once(
        EXAMPLE,
        "- **Test Framework:** Standard",
        "- **Test Framework:** Owner \\*—TODO &nGt;",
    );
    let seen = only(&text, "STP010");
    assert_eq!(
        (seen[0].line, seen[0].column),
        (line_of(&text, "TODO &nGt;"), 32)
    );
    // The text reporter underlines it without slicing into a character.
    let dir = scratch("escapes");
    std::fs::write(dir.join("plan.md"), &text).unwrap();
    let run = run_stp(&["check", "--color", "never", "plan.md"], &dir);
    assert!(run.stdout.contains("Owner \\*—TODO"), "{}", run.stderr);
    let escaped = replace_once(
        TABLE,
        "| **Testability**                        | [x]  |",
        "| **Testability**                        | \\[X\\] ok |",
    );
    let (report, _) = review_with(&escaped, PathFacts::default(), Settings::default());
    let row = escaped.find("\\[X\\] ok").unwrap();
    let line_end = row + escaped[row..].find('\n').unwrap();
    let mark = report
        .diagnostics
        .iter()
        .find(|d| d.rule.code == "STP020" && d.span.start >= row && d.span.start < line_end)
        .expect("the escaped mark is reported");
    assert!(
        mark.fix.is_none(),
        "an escaped mark gets no fix: the edit would not be exact"
    );
}

#[test]
fn references_to_other_documents_are_not_cross_references() {
    let text = replace_once(
        EXAMPLE,
        "- **Other Tools:** N/A",
        "- **Other Tools:** N/A (see section 4.2 of the VEP; Section 508 accessibility)",
    );
    silent(&text, "STP004");
}

#[test]
fn numbered_goal_lists_are_reported_but_not_reordered() {
    let goals = "- **[P0]** Verify that creating a snapshot beyond the limit removes the oldest snapshot of the VM\n- **[P1]** Verify that a VM without its own limit follows the cluster-wide default\n- **[P2]** Verify that restoring from a retained snapshot works after older ones were removed\n";
    let numbered = "1. **[P2]** Verify that restoring works\n2. **[P0]** Verify that creating a snapshot removes the oldest\n3. **[P1]** Verify the default\n";
    let text = replace_once(EXAMPLE, goals, numbered);
    let (report, _) = review_with(&text, PathFacts::default(), Settings::default());
    let order = report
        .diagnostics
        .iter()
        .find(|d| d.rule.code == "STP302")
        .unwrap();
    assert!(order.fix.is_none());
}

#[test]
fn trailing_whitespace_in_code_blocks_is_content() {
    let text = replace_once(
        EXAMPLE,
        "- **Other Tools:** N/A\n",
        "- **Other Tools:** N/A\n\n```text\nvalue   \n```\n",
    );
    silent(&text, "STP032");
}

// Real shapes read right (issue 9): each test writes the shape in its own words ------------------

fn parsed(text: &str) -> stp::model::Stp {
    stp::check::parse_text(text.to_string(), PathFacts::default())
        .unwrap()
        .stp
}

#[test]
fn tier_written_short_or_joined_is_a_tier() {
    // A table whose Tier column says `T1`/`T2`, as several merged plans write it.
    let table = TABLE.replace("| Tier 2 | P0       |", "| T2     | P0       |");
    let table = table.replace("| Tier 1 | P2       |", "| T1     | P2       |");
    silent(&table, "STP403");
    let stp = parsed(&table);
    let tiers: Vec<Option<u8>> = stp
        .scenarios
        .iter()
        .map(|s| s.tier.map(|t| t.level))
        .collect();
    assert_eq!(tiers, vec![Some(2), Some(2), Some(1)]);
    // `tier1` and `Tier-3` in the list layout.
    let list = replace_once(
        EXAMPLE,
        "*Test Scenario:* [Tier 2] Verify that a fourth",
        "*Test Scenario:* [tier1] Verify that a fourth",
    );
    let list = replace_once(
        &list,
        "*Test Scenario:* [Tier 2] Verify that a VM without",
        "*Test Scenario:* [Tier-3] Verify that a VM without",
    );
    silent(&list, "STP403");
    let tiers: Vec<Option<u8>> = parsed(&list)
        .scenarios
        .iter()
        .map(|s| s.tier.map(|t| t.level))
        .collect();
    assert_eq!(tiers, vec![Some(1), Some(3), Some(2)]);
    // A word that merely starts with t and a digit is not a tier.
    let odd = replace_once(
        EXAMPLE,
        "*Test Scenario:* [Tier 2] Verify that a fourth",
        "*Test Scenario:* t2x Verify that a fourth",
    );
    assert_eq!(only(&odd, "STP403").len(), 1);
}

#[test]
fn no_risk_with_its_reason_in_the_risk_line() {
    // "None — <why>" in the Risk line, with a bare N/A mitigation, is justified.
    let reasoned = replace_once(
        EXAMPLE,
        "- **Risk:** None identified.\n  - **Mitigation:** The standard storage lane has both storage classes.",
        "- **Risk:** None — the standard storage lane already has both storage classes.\n  - **Mitigation:** N/A",
    );
    silent(&reasoned, "STP352");
    let bare = replace_once(
        EXAMPLE,
        "- **Risk:** None identified.\n  - **Mitigation:** The standard storage lane has both storage classes.",
        "- **Risk:** None identified.\n  - **Mitigation:** N/A",
    );
    assert_eq!(only(&bare, "STP352").len(), 1);
}

#[test]
fn known_limitations_table_under_an_older_numbering() {
    // Older plans number Known Limitations under part II and write it as a table with an
    // agreement column.
    let table = replace_once(
        TABLE,
        "- The MTU cannot exceed the node NIC MTU.\n- Changing the MTU needs a VM restart.\n",
        "| Known Limitation | Rationale/Details | PM/ Lead Agreement |\n|:--|:--|:--|\n| The MTU cannot exceed the NIC MTU | Hardware bound | [x] Pat Example / May 2, 2026 |\n| Changing the MTU needs a restart | Kernel behaviour | [x] Pat Example / May 2, 2026 |\n",
    );
    let stp = parsed(&table);
    assert_eq!(stp.known_limitations.items.len(), 2);
    assert!(stp.known_limitations.items[0]
        .sign_off
        .as_ref()
        .is_some_and(|f| f.value.text.contains("Pat Example")));
    silent(&table, "STP211");
    silent(&table, "STP210");
}

#[test]
fn combined_strategy_row_serves_both_types() {
    let combined = replace_once(
        EXAMPLE,
        "- [ ] **Performance Testing** — Validates feature performance meets requirements\n  - *Details:* Not applicable: deletion happens after the snapshot completes.\n\n- [ ] **Scale Testing** — Validates feature behavior under increased load\n  - *Details:* Not applicable for Tech Preview; reconsidered for GA with 100 VMs.\n\n",
        "- [ ] **Performance/Scale Testing** — Load and speed\n  - *Details:* Not applicable for Tech Preview; reconsidered for GA with 100 VMs.\n\n",
    );
    silent(&combined, "STP320");
    let stp = parsed(&combined);
    assert!(stp
        .strategy_item(stp::model::StrategyKind::Scale)
        .is_some_and(|i| i.name.text.contains("Performance/Scale")));
}

#[test]
fn out_of_scope_none_with_an_unsigned_agreement() {
    let none = "None — every supported behaviour is tested in this cycle.\n  - *Rationale:* the scope is small\n  - *PM/Lead Agreement:* TBD\n\n";
    let oos = replace_once(
        EXAMPLE,
        "**Out of Scope (Testing Scope Exclusions)**\n\n",
        &format!("**Out of Scope (Testing Scope Exclusions)**\n\n{none}"),
    );
    let found = only(&oos, "STP310");
    assert!(
        found.iter().any(
            |s| s.message == "Out of Scope says None, but its PM/Lead agreement is still `TBD`"
        ),
        "{found:?}"
    );
}

#[test]
fn parent_naming_other_sigs_needs_child_stps() {
    let dir = scratch("parent-sigs");
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    let feature = dir.join("stps/sig-storage/retention");
    std::fs::create_dir_all(&feature).unwrap();
    let text = replace_once(
        EXAMPLE,
        "- **Participating SIGs:** sig-storage",
        "- **Participating SIGs:** sig-storage, sig-network",
    );
    std::fs::write(feature.join("stp.md"), &text).unwrap();
    let found = codes_in(&check_json(&dir, &["stps"]), "STP420");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        found[0]["message"],
        "parent STP has no Child STPs field, although sig-network participates"
    );
    // No child exists yet that the parent fails to list: a reminder.
    assert_eq!(found[0]["severity"], "MEDIUM");
    // Only the owning SIG: a single-SIG plan needs no children.
    std::fs::write(feature.join("stp.md"), EXAMPLE).unwrap();
    assert!(codes_in(&check_json(&dir, &["stps"]), "STP420").is_empty());
}

#[test]
fn repository_markdownlint_configuration_silences_formatting_rules() {
    let dir = scratch("markdownlint");
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    std::fs::create_dir_all(dir.join("stps/sig-storage")).unwrap();
    let text = replace_once(
        EXAMPLE,
        "#### **2. Known Limitations**\n",
        "\n\n#### **2. Known Limitations**\n",
    );
    std::fs::write(dir.join("stps/sig-storage/plan.md"), &text).unwrap();
    assert_eq!(codes_in(&check_json(&dir, &["stps"]), "STP033").len(), 1);
    // The code turns it on, the alias later in the file turns it off: the later key wins.
    std::fs::write(
        dir.join(".markdownlint.yaml"),
        "default: true\nMD012: true\nno-multiple-blanks: false\n",
    )
    .unwrap();
    assert!(codes_in(&check_json(&dir, &["stps"]), "STP033").is_empty());
    std::fs::write(dir.join(".markdownlint.yaml"), "MD012: true\n").unwrap();
    assert_eq!(codes_in(&check_json(&dir, &["stps"]), "STP033").len(), 1);
}

#[test]
fn a_problem_on_every_row_is_reported_once_with_the_rows_named() {
    let table = TABLE
        .replace("| CNV-91000      |", "| [TBD]          |")
        .replace("| Tier 2 | P0       |", "|        | P0       |")
        .replace("| Tier 2 | P1       |", "|        | P1       |")
        .replace("| Tier 1 | P2       |", "|        | P2       |");
    let found = only(&table, "STP403");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]
            .message
            .starts_with("scenario has no tier (Tier 1, 2 or 3) (3 times: lines "),
        "{}",
        found[0].message
    );
    // The other rows are related locations in JSON.
    let dir = scratch("grouped");
    std::fs::write(dir.join("plan.md"), &table).unwrap();
    let json = check_json(&dir, &["plan.md"]);
    let d = &codes_in(&json, "STP403")[0];
    assert_eq!(d["related"].as_array().map(Vec::len), Some(2), "{d}");
}

#[test]
fn a_per_sig_responsibility_list_is_not_goals() {
    // Under Testing Goals, a list of which SIG runs what: every item labelled with a SIG,
    // none with a priority.
    let goals_end = "- **[P2]** Verify that restoring from a retained snapshot works after older ones were removed\n";
    let per_sig = "\n**Per-SIG Testing Responsibilities**\n\n- **sig-storage (owning SIG):** Snapshot retention and restore.\n  - *Regression:* Tier 1 and Tier 2\n- **sig-virt:** VM start from a restored disk.\n";
    let text = replace_once(EXAMPLE, goals_end, &format!("{goals_end}{per_sig}"));
    assert_eq!(parsed(&text).goals.len(), parsed(EXAMPLE).goals.len());
    silent(&text, "STP301");
    // Goals grouped by SIG still are goals: they carry priorities.
    let by_sig = "\n- **sig-storage:** **[P1]** Verify snapshots of a stopped VM are retained\n- **sig-virt:** **[P1]** Verify a VM starts from a restored disk\n";
    let text = replace_once(EXAMPLE, goals_end, &format!("{goals_end}{by_sig}"));
    assert_eq!(parsed(&text).goals.len(), parsed(EXAMPLE).goals.len() + 2);
    // And a SIG-labelled item without a priority next to prioritised goals is a goal that
    // lacks its priority.
    let mixed = "\n- **sig-storage:** Verify snapshots of a stopped VM are retained\n- **[P1]** Verify a VM starts from a restored disk\n";
    let text = replace_once(EXAMPLE, goals_end, &format!("{goals_end}{mixed}"));
    let seen = only(&text, "STP301");
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(
        seen[0].line,
        line_of(&text, "- **sig-storage:** Verify snapshots")
    );
}

#[test]
fn notes_under_out_of_scope_are_not_exclusions() {
    // An older template's guidance, kept under a "notes" lead-in after the real items.
    let agreement = "  - *PM/Lead Agreement:* Peter Example, 2026-09-01\n";
    let notes = "\n**Important Notes:**\n- Non-goals without stakeholder agreement are considered **risks** and must be escalated\n- Review non-goals during the QE kickoff meeting\n";
    let text = replace_once(EXAMPLE, agreement, &format!("{agreement}{notes}"));
    assert_eq!(
        parsed(&text).out_of_scope.items.len(),
        parsed(EXAMPLE).out_of_scope.items.len()
    );
    silent(&text, "STP310");
    // Notes that are all the section lists are read as its items.
    let only_list = "- **Snapshots of VMs with hot-plugged volumes**\n";
    let text = replace_once(EXAMPLE, only_list, &format!("**Notes:**\n\n{only_list}"));
    assert_eq!(
        parsed(&text).out_of_scope.items.len(),
        parsed(EXAMPLE).out_of_scope.items.len()
    );
    // A list after an ordinary sentence ending with a colon is still read.
    let lead = "\nThese are excluded as well:\n- Snapshots of paused VMs\n";
    let text = replace_once(EXAMPLE, agreement, &format!("{agreement}{lead}"));
    assert_eq!(
        parsed(&text).out_of_scope.items.len(),
        parsed(EXAMPLE).out_of_scope.items.len() + 1
    );
    assert!(!only(&text, "STP310").is_empty());
}

#[test]
fn table_heading_rows_and_wrapped_rows_are_not_scenarios() {
    let first = "| CNV-91000      | As a VM owner, I want a custom MTU      | Verify the guest sees the configured MTU  | Tier 2 | P0       |\n";
    // A requirement row heading the scenarios below it (their ID cells blank), and a
    // scenario wrapped onto a second row: still three scenarios, the first under the
    // heading's ID.
    let heading = "| CNV-90999 (epic) | Covered by the scenarios below:     |                                           |        |          |\n";
    let wrapped = "|                |                                         | and the MTU survives a live migration     |        |          |\n";
    let blank_id = first.replacen("CNV-91000", "         ", 1);
    let text = replace_once(TABLE, first, &format!("{heading}{blank_id}{wrapped}"));
    let before = parsed(TABLE).scenarios;
    let after = parsed(&text).scenarios;
    assert_eq!(after.len(), before.len(), "{after:#?}");
    let requirement = |s: &stp::model::Scenario| s.requirement.as_ref().map(|t| t.text.clone());
    assert_eq!(requirement(&after[0]).as_deref(), Some("CNV-90999 (epic)"));
    assert!(!after[0].continuation);
    assert!(after[0]
        .text
        .as_ref()
        .unwrap()
        .text
        .ends_with("survives a live migration"));
    assert!(only(&text, "STP403").is_empty());
    // A requirement row followed by a row with an ID of its own has no scenario: it stays
    // one, and is reported.
    let text = replace_once(TABLE, first, &format!("{heading}{first}"));
    assert_eq!(parsed(&text).scenarios.len(), before.len() + 1);
    assert_eq!(only(&text, "STP403").len(), 1);
}

#[test]
fn tiers_written_as_several_or_in_a_test_type_column_are_tiers() {
    // `[Tier 2 and Tier 3]`: the scenario states its tiers; it runs in the highest too.
    for several in [
        "[Tier 2 and Tier 3]",
        "[Tier 2/3]",
        "[Tier 3, Tier 2]",
        "[T2 + T3]",
    ] {
        let text = replace_once(
            EXAMPLE,
            "*Test Scenario:* [Tier 2] Verify that a VM without a limit",
            &format!("*Test Scenario:* {several} Verify that a VM without a limit"),
        );
        assert!(only(&text, "STP403").is_empty(), "{several}");
        let scenario = parsed(&text)
            .scenarios
            .into_iter()
            .find(|s| {
                s.text
                    .as_ref()
                    .is_some_and(|t| t.text.starts_with("Verify that a VM without"))
            })
            .expect("the scenario, its tiers taken off its text");
        assert_eq!(scenario.tier.map(|t| t.level), Some(3), "{several}");
    }
    // All three is the template's prompt to pick one, not a tier.
    let text = replace_once(
        EXAMPLE,
        "*Test Scenario:* [Tier 2] Verify that a VM without a limit",
        "*Test Scenario:* [Tier 1/2/3] Verify that a VM without a limit",
    );
    assert_eq!(only(&text, "STP403").len(), 1);
    // Only tiers 1-3 count when one of them is listed.
    let text = replace_once(
        EXAMPLE,
        "*Test Scenario:* [Tier 2] Verify that a VM without a limit",
        "*Test Scenario:* [Tier 2/4] Verify that a VM without a limit",
    );
    assert!(only(&text, "STP403").is_empty());
    // Words after a tier that are not tiers leave the bracket unread.
    let text = replace_once(
        EXAMPLE,
        "*Test Scenario:* [Tier 2] Verify that a VM without a limit",
        "*Test Scenario:* [Tier 2 and later] Verify that a VM without a limit",
    );
    assert_eq!(only(&text, "STP403").len(), 1);
    // Older tables name the tier in a "Test Type(s)" column.
    let typed = TABLE
        .replace("| Tier   | Priority |", "| Test Type(s)     | Priority |")
        .replace("| Tier 2 | P0       |", "| tier2 automation | P0       |");
    assert_ne!(typed, TABLE);
    let found = only(&typed, "STP403");
    assert!(
        found
            .iter()
            .all(|s| s.line != line_of(&typed, "tier2 automation")),
        "{found:?}"
    );
    // A cell naming several tiers gives the highest.
    let both = typed.replace(
        "| tier2 automation | P0       |",
        "| Tier 1 (Functional), Tier 2 (E2E) | P0       |",
    );
    let scenario = parsed(&both)
        .scenarios
        .into_iter()
        .find(|s| s.span.start == both.find("| CNV-91000").unwrap())
        .expect("the first row's scenario");
    assert_eq!(scenario.tier.map(|t| t.level), Some(2));
    let untyped = typed.replace(
        "| tier2 automation | P0       |",
        "| automation       | P0       |",
    );
    assert_eq!(
        only(&untyped, "STP403")
            .iter()
            .filter(|s| s.line == line_of(&untyped, "| automation"))
            .count(),
        1
    );
}

#[test]
fn a_list_without_priorities_after_prioritised_goals_details_them() {
    let goals_end = "- **[P2]** Verify that restoring from a retained snapshot works after older ones were removed\n";
    let coverage = "\n**Storage Class Coverage**\n\nThe following combinations will be tested:\n\n- Ceph RBD to Ceph RBD\n- Ceph RBD to hostpath\n";
    let text = replace_once(EXAMPLE, goals_end, &format!("{goals_end}{coverage}"));
    assert_eq!(parsed(&text).goals.len(), parsed(EXAMPLE).goals.len());
    silent(&text, "STP301");
    // When the goals themselves lack priorities, the later list is goals too, and reported.
    let unprioritised = replace_once(&text, goals_end, &goals_end.replace("**[P2]** ", ""));
    assert_eq!(
        parsed(&unprioritised).goals.len(),
        parsed(EXAMPLE).goals.len() + 2
    );
    assert_eq!(only(&unprioritised, "STP301").len(), 1);
}

#[test]
fn notes_under_a_strategy_table_are_not_testing_types() {
    let last_row = "| Cloud Testing         | Multi-cloud                       | N/A                     | Bare metal only           |\n";
    let notes = "\n**Cross Integrations:**\n\n- **Affected**: every feature that runs VMs\n- **Coordination**: sig-virt QE is told of the change\n";
    let text = replace_once(TABLE, last_row, &format!("{last_row}{notes}"));
    assert_eq!(
        parsed(&text).strategy.len(),
        parsed(TABLE).strategy.len(),
        "the notes are not strategy items"
    );
    silent(&text, "STP321");
    // In the list layout a labelled item is a testing type of its own, and is read.
    let cloud_end =
        "  - *Details:* Not applicable: storage behaviour does not depend on the cloud.\n";
    let list = replace_once(
        EXAMPLE,
        cloud_end,
        &format!("{cloud_end}- **Chaos Testing:** random node failures during retention\n"),
    );
    assert_eq!(
        parsed(&list).strategy.len(),
        parsed(EXAMPLE).strategy.len() + 1
    );
}

#[test]
fn notes_under_a_scenario_table_are_not_scenarios() {
    let last_row = "| MTU-oversize   | As a VM owner, I want oversize dropped  | Verify an oversize frame is rejected      | Tier 1 | P2       |\n";
    assert!(TABLE.contains(last_row));
    let notes = "\n**Implementation notes**\n\n1. **Test: oversize frame is dropped (negative test)**\n   - Setup: a VM with MTU 1500\n   - Expected: the frame never arrives\n";
    let text = replace_once(TABLE, last_row, &format!("{last_row}{notes}"));
    assert_eq!(parsed(&text).scenarios.len(), parsed(TABLE).scenarios.len());
    assert!(only(&text, "STP401")
        .iter()
        .all(|s| s.line != line_of(&text, "**Test: oversize")));
    // An item that names its Jira key, or brackets its ID as the list layout does, is a
    // scenario, notes or not.
    let bracketed = text.replace(
        "**Test: oversize frame is dropped (negative test)**",
        "**[TBD]** oversize frames are dropped",
    );
    assert_eq!(
        parsed(&bracketed).scenarios.len(),
        parsed(TABLE).scenarios.len() + 1
    );
    let keyed = text.replace(
        "**Test: oversize frame is dropped (negative test)**",
        "**CNV-91001** — oversize frames",
    );
    assert_eq!(
        parsed(&keyed).scenarios.len(),
        parsed(TABLE).scenarios.len() + 1
    );
}

#[test]
fn items_covered_by_another_plan_are_not_goals() {
    // A sub-heading inside Testing Goals listing what the parent plan already tests.
    let goals_end = "- **[P2]** Verify that restoring from a retained snapshot works after older ones were removed\n";
    let text = replace_once(
        EXAMPLE,
        goals_end,
        &format!("{goals_end}\n**Covered by the parent plan**\n\nThe parent plan already tests these, so they are listed for reference only:\n\n- Snapshot creation on every storage class\n- Restore into a new VM\n"),
    );
    assert_eq!(parsed(&text).goals.len(), parsed(EXAMPLE).goals.len());
    silent(&text, "STP301");
}

#[test]
fn scenarios_under_a_tier_heading_with_their_priority_at_the_end() {
    // The plan groups scenarios under a heading that names their tier, lists them under
    // their requirement, and closes each with its priority.
    let grouped = "#### Tier 2 -- End-to-End Tests\n\n- **[CNV-90001]** — As a VM owner, I want old snapshots removed when I exceed my limit\n  - Fourth snapshot removes the oldest: create four snapshots with a limit of 3, verify the first is gone. **P0**\n  - Default limit: a VM without a limit keeps the cluster-wide default. **P1**\n\n";
    let text = replace_once(
        EXAMPLE,
        "- **[CNV-90001]** — As a VM owner, I want old snapshots removed when I exceed my limit\n  - *Test Scenario:* [Tier 2] Verify that a fourth snapshot with a limit of 3 removes the oldest one\n  - *Priority:* P0\n\n",
        grouped,
    );
    silent(&text, "STP403");
    let stp = parsed(&text);
    let read: Vec<(Option<u8>, Option<u8>)> = stp
        .scenarios
        .iter()
        .map(|s| (s.tier.map(|t| t.level), s.priority.map(|p| p.level)))
        .collect();
    assert_eq!(
        read,
        vec![
            (Some(2), Some(0)),
            (Some(2), Some(1)),
            (Some(2), Some(1)),
            (Some(2), Some(2))
        ]
    );
    // Without the heading, the tier is missing from each scenario, and said so.
    let no_heading = replace_once(&text, "#### Tier 2 -- End-to-End Tests\n\n", "");
    assert_eq!(only(&no_heading, "STP403").len(), 2);
}

#[test]
fn template_example_scenario_rows_are_the_placeholder_rules() {
    // The template's own example row, ID and scenario as the template wrote them: its ID is
    // reported as a placeholder, and it is not a scenario the author wrote without a tier.
    let Some(corpus) = corpus() else { return };
    let template = std::fs::read_to_string(corpus.join("stps/stp-template/stp.md")).unwrap();
    let example = template
        .lines()
        .find_map(|l| l.trim().strip_prefix("- *Test Scenario:* "))
        .map(|s| s.split_once("] ").map_or(s, |(_, text)| text))
        .expect("the template has an example scenario");
    let row = |id: &str, scenario: &str| {
        replace_once(
            TABLE,
            "| MTU-oversize   | As a VM owner, I want oversize dropped  | Verify an oversize frame is rejected      | Tier 1 | P2       |\n",
            &format!("| {id} | As a user... | {scenario} | .... | P2 |\n"),
        )
    };
    let left_in = row("[Jira-126]", example);
    silent(&left_in, "STP403");
    let placeholder = only(&left_in, "STP010");
    assert!(
        placeholder.iter().any(|s| s.message.contains("[Jira-126]")),
        "{placeholder:?}"
    );
    // A scenario the author wrote, with the template's ID still beside it, needs its tier.
    let written = row("[Jira-126]", "Verify an oversize frame is rejected");
    assert_eq!(only(&written, "STP403").len(), 1);
    // The template's scenario beside a real ID is not skipped either.
    assert_eq!(only(&row("CNV-91002", example), "STP403").len(), 1);
}

#[test]
fn a_sign_off_on_the_line_after_none_is_evidence() {
    // `None — ...` and `*Sign-off:* ...` in one paragraph (a line break, no blank line): the
    // sign-off is the None statement's, and a placeholder there is CRITICAL.
    let none = "None — reviewed and confirmed that no test limitations apply for this release.\n";
    let text = replace_once(EXAMPLE, none, &format!("{none}*Sign-off:* [Name/Date]\n"));
    let seen = only(&text, "STP010");
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(seen[0].severity, "CRITICAL");
    assert_eq!(seen[0].line, line_of(&text, "*Sign-off:* [Name/Date]"));
    // Signed, it is clean.
    let signed = replace_once(
        EXAMPLE,
        none,
        &format!("{none}*Sign-off:* Peter Example, 2026-09-01\n"),
    );
    assert_eq!(review(&signed), vec![]);
}
