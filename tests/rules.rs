//! Every rule: a document where it fires (exact line and column) and one where it must not.

mod common;
use common::*;
use stp::model::PathFacts;
use stp::rules::Settings;

#[test]
fn the_example_and_the_table_fixture_are_clean_where_they_should_be() {
    assert_eq!(
        review(EXAMPLE),
        vec![],
        "the bundled example has no findings"
    );
    let table = review(TABLE);
    // The table fixture carries two placeholders, one `[X]` and one requirement ID that is
    // not a Jira key on purpose, nothing else.
    assert_eq!(codes(&table), vec!["STP010", "STP020", "STP401", "STP010"]);
}

// DOC-1 -------------------------------------------------------------------------------------

#[test]
fn not_an_stp_fires_once_and_alone() {
    let text = "# Meeting notes\n\nWe talked about [TBD] things.\n\n\n\nTrailing   \n";
    let seen = review(text);
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(
        (seen[0].code, seen[0].line, seen[0].column),
        ("STP001", 1, 1)
    );
    assert!(seen[0].message.contains("0 of the template's sections"));
}

#[test]
fn not_an_stp_on_empty_file_and_no_title() {
    let seen = review("");
    assert_eq!(codes(&seen), vec!["STP001"]);
    assert!(seen[0].message.contains("empty"));
    let untitled = "### **Metadata & Tracking**\n\n### **Feature Overview**\n\n#### **5. Risks**\n";
    let seen = review(untitled);
    assert_eq!(codes(&seen), vec!["STP001"]);
    assert!(seen[0].message.contains("no title"));
    // A note titled with a section's name: too few sections is the reason, not the title.
    let note = "# Multiarch Support - Feature Overview\n\n## What Is It\n\nRuns ARM VMs.\n";
    let seen = review(note);
    assert_eq!(codes(&seen), vec!["STP001"]);
    assert!(
        seen[0].message.contains("1 of the template's sections"),
        "{}",
        seen[0].message
    );
}

#[test]
fn not_an_stp_stays_silent_on_real_plans_and_moved_stubs() {
    assert!(!codes(&review(EXAMPLE)).contains(&"STP001"));
    assert!(!codes(&review(TABLE)).contains(&"STP001"));
    let stub =
        "<!-- STP-MOVED-TO: stps/sig-net/new.md -->\n# MOVED\n\nSee [the new plan](new.md).\n";
    assert_eq!(review(stub), vec![]);
}

// DOC-2 -------------------------------------------------------------------------------------

#[test]
fn missing_section_points_at_the_next_section() {
    let text = replace_once(
        EXAMPLE,
        "#### **4. Entry Criteria**\n\nThe following conditions must be met before testing can begin:\n\n- [x] Requirements and design documents are **approved and merged**\n- [x] Test environment can be **set up and configured** (see Section II.3 - Test Environment)\n\n",
        "",
    );
    let seen = review(&text);
    assert_eq!(codes(&seen), vec!["STP002"]);
    assert_eq!(
        (seen[0].line, seen[0].column),
        (line_of(&text, "#### **5. Risks**"), 1)
    );
    assert!(seen[0].message.contains("II.4 Entry Criteria"));
    assert_eq!(
        seen[0].help.as_deref(),
        Some("add it before 'II.5 Risks'"),
        "entry criteria always have content: no \"None\" advice"
    );
}

#[test]
fn missing_sub_part_of_scope_is_reported() {
    let text = replace_once(
        EXAMPLE,
        "**Test Limitations**\n\nNone — reviewed and confirmed that no test limitations apply for this release.\n\n",
        "",
    );
    let seen = review(&text);
    assert_eq!(codes(&seen), vec!["STP002"]);
    assert!(seen[0].message.contains("II.1 Test Limitations"));
    assert!(
        seen[0]
            .help
            .as_deref()
            .is_some_and(|h| h.contains("None — ...")),
        "limitations may be none"
    );
    assert_eq!(seen[0].line, line_of(&text, "#### **2. Test Strategy**"));
}

#[test]
fn missing_section_accepts_the_legacy_layout_and_child_plans() {
    // The table fixture has no Test Limitations and keeps Known Limitations under II.6.
    assert!(!codes(&review(TABLE)).contains(&"STP002"));
    // A child STP does not need a Feature Overview.
    let child = replace_once(EXAMPLE, "### **Feature Overview**\n\n", "");
    let child = child.replacen(
        "VM owners can set how many snapshots",
        "Owners can set how many snapshots",
        1,
    );
    let (report, seen) = review_as_child(&child);
    assert_eq!(report.kind, Some(stp::model::DocKind::Child));
    assert!(!codes(&seen).contains(&"STP002"), "{seen:?}");
    // The same text as a parent misses its overview.
    assert!(codes(&review(&child)).contains(&"STP002"));
}

#[test]
fn missing_section_is_placed_before_the_heading_of_the_next_part() {
    let start = EXAMPLE.find("### **Feature Overview**").unwrap();
    let end = EXAMPLE.find("### **I. Motivation").unwrap();
    let text = format!("{}{}", &EXAMPLE[..start], &EXAMPLE[end..]);
    let seen = only(&text, "STP002");
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(seen[0].line, line_of(&text, "### **I. Motivation"));
    assert!(seen[0]
        .help
        .as_deref()
        .unwrap()
        .starts_with("add it before 'I. Motivation and Requirements Review'"));
    // Inside a part, the next section of the same part is the place.
    let start = EXAMPLE.find("#### **2. Known Limitations**").unwrap();
    let end = EXAMPLE
        .find("#### **3. Technology and Design Review")
        .unwrap();
    let text = format!("{}{}", &EXAMPLE[..start], &EXAMPLE[end..]);
    let seen = only(&text, "STP002");
    assert!(seen[0]
        .help
        .as_deref()
        .unwrap()
        .starts_with("add it before 'I.3 Technology and Design Review'"));
}

#[test]
fn a_plan_that_names_its_parent_is_a_child_wherever_it_is_filed() {
    // Filed flat in a SIG directory, without the parent's Feature Maturity.
    let flat = replace_once(
        EXAMPLE,
        "- **Feature Maturity:**\n  - DP: N/A\n  - TP: 4.23\n  - GA: 5.1\n",
        "",
    );
    let with_parent = |value: &str| {
        replace_once(
            &flat,
            "- **QE Owner(s):**",
            &format!("- **Parent STP:** {value}\n- **QE Owner(s):**"),
        )
    };
    let named = with_parent("[Snapshot support](https://github.com/org/repo/pull/12)");
    let (report, seen) = review_with(&named, PathFacts::default(), Settings::default());
    assert_eq!(report.kind, Some(stp::model::DocKind::Child));
    assert!(!codes(&seen).contains(&"STP103"), "{seen:?}");
    // An empty value or the template's prompt names no parent: the plan stays a parent.
    for value in ["N/A", "[Link to the parent STP]"] {
        let (report, seen) = review_with(
            &with_parent(value),
            PathFacts::default(),
            Settings::default(),
        );
        assert_eq!(report.kind, Some(stp::model::DocKind::Parent), "{value}");
        assert!(codes(&seen).contains(&"STP103"), "{value}: {seen:?}");
    }
}

#[test]
fn a_plan_whose_overview_says_it_is_a_child_is_a_child_wherever_it_is_filed() {
    let flat = replace_once(
        EXAMPLE,
        "- **Feature Maturity:**\n  - DP: N/A\n  - TP: 4.23\n  - GA: 5.1\n",
        "",
    );
    let says = |sentence: &str| {
        replace_once(
            &flat,
            "VM owners can set how many snapshots",
            &format!("{sentence} VM owners can set how many snapshots"),
        )
    };
    for sentence in [
        "This child STP covers the storage part.",
        "This is a child STP.",
        "The [parent STP](stps/sig-virt/snapshots.md) covers the rest.",
    ] {
        let (report, seen) =
            review_with(&says(sentence), PathFacts::default(), Settings::default());
        assert_eq!(report.kind, Some(stp::model::DocKind::Child), "{sentence}");
        assert!(!codes(&seen).contains(&"STP103"), "{sentence}: {seen:?}");
    }
    // A parent speaks of the child STPs others write, and links to them: it stays a parent.
    for sentence in [
        "Each participating SIG writes a child STP that extends this one.",
        "See the [storage child STP](stps/sig-storage/snapshots.md).",
    ] {
        let (report, seen) =
            review_with(&says(sentence), PathFacts::default(), Settings::default());
        assert_eq!(report.kind, Some(stp::model::DocKind::Parent), "{sentence}");
        assert!(codes(&seen).contains(&"STP103"), "{sentence}: {seen:?}");
    }
}

#[test]
fn strict_layout_holds_legacy_plans_to_the_current_template() {
    let strict = Settings {
        strict_layout: true,
        ..Settings::default()
    };
    let (_, seen) = review_with(TABLE, PathFacts::default(), strict);
    let missing: Vec<_> = seen.iter().filter(|s| s.code == "STP002").collect();
    assert_eq!(missing.len(), 1);
    assert!(missing[0].message.contains("Test Limitations"));
    // DOC-2 order: Known Limitations sits under II.6 in the old template.
    let order: Vec<_> = seen.iter().filter(|s| s.code == "STP003").collect();
    assert_eq!(order.len(), 1);
    assert_eq!(
        order[0].line,
        line_of(TABLE, "#### **6. Known Limitations**")
    );
}

#[test]
fn section_order_fires_on_swapped_sections_only() {
    let limitations = "#### **2. Known Limitations**\n\n- **Snapshots created before the upgrade are not counted towards the limit.**\n  - *Sign-off:* Peter Example, 2026-09-01\n\n";
    let without = replace_once(EXAMPLE, limitations, "");
    let swapped = replace_once(
        &without,
        "### **II. Software Test Plan (STP)**",
        &format!("{limitations}### **II. Software Test Plan (STP)**"),
    );
    let strict = Settings {
        strict_layout: true,
        ..Settings::default()
    };
    let (_, seen) = review_with(&swapped, PathFacts::default(), strict);
    assert_eq!(codes(&seen), vec!["STP003"]);
    assert_eq!(
        (seen[0].line, seen[0].column),
        (line_of(&swapped, "#### **2. Known Limitations**"), 1)
    );
    // Merged plans follow earlier template revisions: order is only checked when asked.
    assert_eq!(review(&swapped), vec![]);
    assert!(review_with(EXAMPLE, PathFacts::default(), strict)
        .1
        .is_empty());
}

// PLH-1 -------------------------------------------------------------------------------------

#[test]
fn placeholder_in_sign_off_is_critical() {
    let text = replace_once(
        EXAMPLE,
        "  - *Sign-off:* Peter Example, 2026-09-01\n\n#### **3.",
        "  - *Sign-off:* [Name/Date]\n\n#### **3.",
    );
    let seen = review(&text);
    assert_eq!(seen.len(), 1, "{seen:?}");
    let line = line_of(&text, "*Sign-off:* [Name/Date]");
    assert_eq!(
        (
            seen[0].code,
            seen[0].severity.as_str(),
            seen[0].line,
            seen[0].column
        ),
        ("STP010", "CRITICAL", line, 17)
    );
    // A role before the label keeps it a sign-off: the placeholder is CRITICAL, once.
    let text = replace_once(
        EXAMPLE,
        "  - *Sign-off:* Peter Example, 2026-09-01\n\n#### **3.",
        "  - *PM Sign-off:* [TBD]\n\n#### **3.",
    );
    let seen = review(&text);
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(
        (seen[0].code, seen[0].severity.as_str()),
        ("STP010", "CRITICAL")
    );
}

#[test]
fn placeholder_elsewhere_is_high_and_bare_markers_count() {
    let text = replace_once(
        EXAMPLE,
        "- **Test Framework:** Standard",
        "- **Test Framework:** [Add details] TBD",
    );
    let seen = review(&text);
    let line = line_of(&text, "[Add details] TBD");
    assert_eq!(
        seen.iter()
            .map(|s| (s.code, s.severity.as_str(), s.line, s.column))
            .collect::<Vec<_>>(),
        vec![("STP010", "HIGH", line, 23), ("STP010", "HIGH", line, 37)]
    );
}

#[test]
fn placeholder_in_the_example_column_beside_an_answer_is_medium() {
    let row = |configuration: &str| {
        let text = replace_once(
            TABLE,
            "| **Platform**                                  | Bare metal    |                        |",
            &format!("| **Platform** | {configuration} | [e.g., Bare metal, AWS] |"),
        );
        let line = line_of(&text, "[e.g., Bare metal, AWS]");
        review(&text)
            .into_iter()
            .filter(|s| s.code == "STP010" && s.line == line)
            .map(|s| s.severity)
            .collect::<Vec<_>>()
    };
    // The author answered in Configuration: the template's example is left-over text.
    assert_eq!(row("Bare metal"), vec!["MEDIUM"]);
    // Nothing answered: the prompt is all the row says.
    assert_eq!(row(""), vec!["HIGH"]);
    // The prompt left on Document Conventions' label line, above the definitions.
    let conventions = |definitions: &str| {
        let text = replace_once(
            EXAMPLE,
            "**Document Conventions (if applicable):**\n\n- **Retention window**: how many snapshots of one VM are kept before the oldest is removed\n",
            &format!("**Document Conventions (if applicable):** [Define the terms of this document]\n{definitions}"),
        );
        only(&text, "STP010")
            .into_iter()
            .map(|s| s.severity)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        conventions("- **Retention window**: how many snapshots are kept\n"),
        vec!["MEDIUM"]
    );
    assert_eq!(conventions(""), vec!["HIGH"]);
}

#[test]
fn placeholder_accepts_a_tbd_that_says_why_and_where_it_is_tracked() {
    let with = |value: &str| {
        let text = replace_once(
            EXAMPLE,
            "- **Test Framework:** Standard",
            &format!("- **Test Framework:** {value}"),
        );
        only(&text, "STP010").len()
    };
    assert_eq!(with("TBD - Pending upstream design (CNV-63824)"), 0);
    assert_eq!(
        with("TBD: waiting for the [lane request](https://example.com/1)"),
        0
    );
    // No reason, or a reason with nothing to follow up: still a blank left in.
    assert_eq!(with("TBD"), 1);
    assert_eq!(with("TBD - to be decided later"), 1);
    assert_eq!(with("TBD CNV-1"), 1);
    // Where the value is the evidence itself, nothing but the value will do.
    let text = replace_once(
        EXAMPLE,
        "  - PM: Peter Example (@pexample)",
        "  - PM: TBD - pending the PM's review (CNV-63824)",
    );
    assert!(review(&text)
        .iter()
        .any(|s| s.code == "STP010" && s.severity == "CRITICAL"));
}

#[test]
fn placeholder_requirement_id_and_approver_are_critical() {
    let text = replace_once(
        EXAMPLE,
        "- **[CNV-90001]** — As a VM owner, I want a sensible",
        "- **[Jira-123]** — As a VM owner, I want a sensible",
    );
    let text = replace_once(
        &text,
        "  - PM: Peter Example (@pexample)",
        "  - PM: [Name / @github-username]",
    );
    let seen = only(&text, "STP010");
    assert_eq!(
        seen.iter()
            .map(|s| (s.severity.as_str(), s.line, s.column))
            .collect::<Vec<_>>(),
        vec![
            ("CRITICAL", line_of(&text, "[Jira-123]"), 5),
            ("CRITICAL", line_of(&text, "[Name / @github"), 9)
        ]
    );
}

#[test]
fn placeholder_ignores_real_brackets_code_and_comments() {
    let text = replace_once(
        EXAMPLE,
        "- **Other Tools:** N/A",
        "- **Other Tools:** `[Add details]` and [x] and [Tier 2] and [Dana Example](@dexample)\n<!-- [Name/Date] -->",
    );
    assert_eq!(review(&text), vec![]);
    // A role with a real handle in brackets is filled in (other rules ask for the name); the
    // template's own stand-in handle is still a placeholder.
    let filled = replace_once(
        EXAMPLE,
        "  - QE Lead: Dana Example (@dexample)",
        "  - [QE Lead / @dexample]",
    );
    assert!(!codes(&review(&filled)).contains(&"STP010"));
    let prompt = replace_once(
        EXAMPLE,
        "  - QE Lead: Dana Example (@dexample)",
        "  - [QE Lead / @github-username]",
    );
    assert!(codes(&review(&prompt)).contains(&"STP010"));
}

// CHK-1 -------------------------------------------------------------------------------------

#[test]
fn checkbox_mark_fires_with_a_safe_fix() {
    let text = replace_once(EXAMPLE, "- [x] **Testability**", "- [V] **Testability**");
    let (report, seen) = review_with(&text, PathFacts::default(), Settings::default());
    assert_eq!(codes(&seen), vec!["STP020"]);
    assert_eq!(
        (seen[0].line, seen[0].column),
        (line_of(&text, "[V] **Testability**"), 3)
    );
    let fix = report.diagnostics[0].fix.as_ref().unwrap();
    assert_eq!(fix.edits[0].new_text, "[x]");
    assert_eq!(&text[fix.edits[0].span.range()], "[V]");
}

#[test]
fn checkbox_mark_reads_empty_and_upper_case_marks_in_lists_and_tables() {
    let text = replace_once(
        EXAMPLE,
        "- [x] Requirements and design",
        "- [] Requirements and design",
    );
    let text = replace_once(
        &text,
        "- [x] Test environment can be",
        "- [X] Test environment can be",
    );
    let seen = review(&text);
    assert_eq!(codes(&seen), vec!["STP020", "STP020"]);
    assert!(seen[0].message.contains("`[]`"));
    let table = replace_once(
        TABLE,
        "| **Testability**                        | [x]  |",
        "| **Testability**                        | [✓]  |",
    );
    let seen = review(&table);
    assert!(seen
        .iter()
        .any(|s| s.code == "STP020" && s.line == line_of(&table, "[✓]")));
}

#[test]
fn checkbox_mark_silent_on_canonical_marks_and_status_cells() {
    // `[x]`, `[ ]` and bracketed status words such as `[ in-progress ]` are fine.
    let text = replace_once(TABLE, "| Test Environment     | Jumbo-capable lab may be busy       | Book the lab early               | [x]    |",
        "| Test Environment     | Jumbo-capable lab may be busy       | Book the lab early               | [ in-progress ] |");
    let marks = only(&text, "STP020");
    assert_eq!(
        marks.len(),
        1,
        "only the fixture's own `[X]` entry criterion: {marks:?}"
    );
    assert_eq!(marks[0].line, line_of(&text, "- [X] Test environment"));
    assert!(!codes(&review(EXAMPLE)).contains(&"STP020"));
}

// CHK-2 -------------------------------------------------------------------------------------

#[test]
fn checklist_state_filled_but_unchecked() {
    let text = replace_once(EXAMPLE, "- [x] **Testability**", "- [ ] **Testability**");
    let seen = review(&text);
    assert_eq!(codes(&seen), vec!["STP021"]);
    assert_eq!(
        (seen[0].line, seen[0].column),
        (line_of(&text, "[ ] **Testability**"), 3)
    );
    assert!(seen[0].message.contains("filled in but not checked"));
}

#[test]
fn checklist_state_unchecked_without_reason_and_without_checkbox() {
    let text = replace_once(EXAMPLE, "- [x] **Testability**\n  - *Note any requirements that are unclear or untestable:* None", "- [ ] **Testability**\n  - *Note any requirements that are unclear or untestable:* [List or \"None\"]");
    let seen = review(&text);
    assert!(
        seen.iter()
            .any(|s| s.code == "STP021" && s.message.contains("gives no reason")),
        "{seen:?}"
    );
    let text = replace_once(EXAMPLE, "- [x] **API Extensions**", "- **API Extensions**");
    let seen = review(&text);
    assert_eq!(codes(&seen), vec!["STP021"]);
    assert!(seen[0].message.contains("has no checkbox"));
    assert_eq!(seen[0].line, line_of(&text, "- **API Extensions**"));
}

#[test]
fn checklist_state_accepts_an_unchecked_item_with_a_reason() {
    // The handoff item left unchecked, with these takeaways.
    let open_handoff = |takeaways: &str| {
        replace_once(
            EXAMPLE,
            "- [x] **Developer Handoff/QE Kickoff**\n  - *Key takeaways and concerns:* Deletion order is by creation time; ties are broken by name.",
            &format!("- [ ] **Developer Handoff/QE Kickoff**\n  - *Key takeaways and concerns:* {takeaways}"),
        )
    };
    let text = open_handoff("Not done yet: the meeting is blocked until the design is approved.");
    assert_eq!(review(&text), vec![]);
    // A step planned for later says why it is open.
    let planned = open_handoff(
        "The design PR is still under review; the kickoff will be scheduled once it merges.",
    );
    assert_eq!(review(&planned), vec![]);
    let awaiting = open_handoff("Awaiting the development team's design review meeting.");
    assert!(only(&awaiting, "STP021").is_empty());
    // The same words about the feature, not the step, give no reason.
    for technical in [
        "VMs are scheduled only on nodes with SR-IOV NICs.",
        "With runStrategy Manual the VM is not started automatically.",
    ] {
        let seen = only(&open_handoff(technical), "STP021");
        assert_eq!(seen.len(), 1, "{technical}");
        assert!(seen[0].message.contains("filled in but not checked"));
    }
    // Table layout: an empty Done cell with details and no reason is reported.
    let table = replace_once(
        TABLE,
        "| **Testability**                        | [x]  |",
        "| **Testability**                        |      |",
    );
    let seen = review(&table);
    assert!(seen
        .iter()
        .any(|s| s.code == "STP021" && s.line == line_of(&table, "| **Testability**")));
}

#[test]
fn checklist_state_names_template_text_left_in_an_unchecked_row() {
    // An older template's row kept the guidance, now the template's comment, in its Details.
    let Some(corpus) = corpus() else { return };
    let template = std::fs::read_to_string(corpus.join("stps/stp-template/stp.md")).unwrap();
    let nfr = template
        .find("**Non-Functional Requirements (NFRs)**")
        .unwrap();
    let start = nfr + template[nfr..].find("<!--").unwrap() + 4;
    let guidance = template[start..start + template[start..].find("-->").unwrap()].trim();
    let nfr_row = TABLE
        .lines()
        .find(|l| l.starts_with("| **Non-Functional Requirements (NFRs)**"))
        .unwrap();
    let table = replace_once(
        TABLE,
        nfr_row,
        &format!("| **Non-Functional Requirements (NFRs)** |      | {guidance} | |"),
    );
    let seen = only(&table, "STP021");
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(
        seen[0].message,
        "'Non-Functional Requirements (NFRs)' is unchecked, and its details are the template's text"
    );
    // The author's own details in the same row are not the template's.
    let own = replace_once(TABLE, nfr_row, &nfr_row.replacen("| [x]  |", "|      |", 1));
    assert!(
        !review(&own)
            .iter()
            .any(|s| s.message.contains("template's text")),
        "{:?}",
        review(&own)
    );
}

#[test]
fn checklist_state_knows_the_older_template_rows_own_details() {
    // The older, table-layout template gave each review row a Details text of its own. Read
    // it from the real plans: the Customer Use Cases details most of them left unchanged.
    let versions =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/review-set/versions");
    let Ok(entries) = std::fs::read_dir(&versions) else {
        eprintln!("SKIPPED: ../shared/review-set is not present next to this checkout");
        return;
    };
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for entry in entries.flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        for line in text.lines() {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            if cells.len() > 3 && cells[1] == "**Customer Use Cases**" && cells[2] == "[ ]" {
                *counts.entry(cells[3].to_string()).or_default() += 1;
            }
        }
    }
    let (details, seen_in) = counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .expect("older-layout plans in the review set");
    assert!(seen_in >= 5, "{details:?} in {seen_in} plans");
    let row = TABLE
        .lines()
        .find(|l| l.starts_with("| **Customer Use Cases**"))
        .unwrap();
    let unchecked = |details: &str| {
        let table = replace_once(
            TABLE,
            row,
            &format!("| **Customer Use Cases** | [ ] | {details} | |"),
        );
        only(&table, "STP021")
            .into_iter()
            .map(|s| s.message)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        unchecked(&details),
        vec!["'Customer Use Cases' is unchecked, and its details are the template's text"]
    );
    // The author's own words in the same row are filled in.
    assert_eq!(
        unchecked("As a VM owner, I want jumbo frames in my guest"),
        vec!["'Customer Use Cases' is filled in but not checked"]
    );
}

// FMT-1, FMT-2 ------------------------------------------------------------------------------

#[test]
fn code_block_language() {
    let fence = "- **Other Tools:** N/A\n\n```\nvirtctl version\n```\n";
    let text = replace_once(EXAMPLE, "- **Other Tools:** N/A\n", fence);
    let seen = review(&text);
    assert_eq!(codes(&seen), vec!["STP030"]);
    assert_eq!(
        (seen[0].line, seen[0].column),
        (line_of(&text, "virtctl version") - 1, 1)
    );
    let named = replace_once(
        EXAMPLE,
        "- **Other Tools:** N/A\n",
        "- **Other Tools:** N/A\n\n```bash\nvirtctl version\n```\n",
    );
    assert_eq!(review(&named), vec![]);
}

#[test]
fn image_alt_text_for_markdown_and_html_images() {
    let text = replace_once(
        EXAMPLE,
        "This plan covers the Tech Preview release.",
        "This plan covers the Tech Preview release.\n\n![](flow.png) <img src=\"a.png\">",
    );
    let seen = review(&text);
    let line = line_of(&text, "![](flow.png)");
    assert_eq!(
        seen.iter()
            .map(|s| (s.code, s.line, s.column))
            .collect::<Vec<_>>(),
        vec![("STP031", line, 1), ("STP031", line, 15)]
    );
    let ok = replace_once(EXAMPLE, "This plan covers the Tech Preview release.", "This plan covers the Tech Preview release.\n\n![Retention flow](flow.png) <img alt=\"Flow\" src=\"a.png\">");
    assert_eq!(review(&ok), vec![]);
}

// FMT-3 -------------------------------------------------------------------------------------

#[test]
fn trailing_whitespace_with_fix_but_not_hard_breaks() {
    let text = replace_once(
        EXAMPLE,
        "- **Platform:** Bare metal\n",
        "- **Platform:** Bare metal \t\n",
    );
    let (report, seen) = review_with(&text, PathFacts::default(), Settings::default());
    assert_eq!(codes(&seen), vec!["STP032"]);
    assert_eq!(
        (seen[0].line, seen[0].column),
        (line_of(&text, "Bare metal \t"), 27)
    );
    assert_eq!(
        &text[report.diagnostics[0].fix.as_ref().unwrap().edits[0]
            .span
            .range()],
        " \t"
    );
    let hard_break = replace_once(
        EXAMPLE,
        "VM owners can set how many snapshots of a VM are kept.",
        "VM owners can set how many snapshots of a VM are kept.  ",
    );
    assert_eq!(review(&hard_break), vec![]);
}

#[test]
fn consecutive_blank_lines_outside_code() {
    let text = replace_once(
        EXAMPLE,
        "#### **3.1. Testing Tools & Frameworks**\n",
        "\n\n#### **3.1. Testing Tools & Frameworks**\n",
    );
    let seen = review(&text);
    assert_eq!(codes(&seen), vec!["STP033"]);
    assert_eq!(seen[0].line, line_of(&text, "#### **3.1.") - 2);
    assert!(seen[0].message.starts_with("3 blank lines"));
    let in_code = replace_once(
        EXAMPLE,
        "- **Other Tools:** N/A\n",
        "- **Other Tools:** N/A\n\n```text\na\n\n\n\nb\n```\n",
    );
    assert_eq!(review(&in_code), vec![]);
}

#[test]
fn final_newline_missing_or_doubled_keeps_line_endings() {
    let missing = EXAMPLE.trim_end();
    let seen = review(missing);
    assert_eq!(codes(&seen), vec!["STP034"]);
    let last = missing.lines().count();
    assert_eq!(seen[0].line, last);
    let doubled = format!("{EXAMPLE}\n\n");
    assert_eq!(codes(&review(&doubled)), vec!["STP034"]);
    let crlf = EXAMPLE.replace('\n', "\r\n");
    assert_eq!(
        review(&crlf),
        vec![],
        "CRLF files are not reported for their line endings"
    );
    let (report, _) = review_with(crlf.trim_end(), PathFacts::default(), Settings::default());
    assert_eq!(
        report.diagnostics[0].fix.as_ref().unwrap().edits[0].new_text,
        "\r\n"
    );
}

// FMT-4 -------------------------------------------------------------------------------------

#[test]
fn unclosed_comment_is_critical() {
    let text = replace_once(
        EXAMPLE,
        "#### **3.1. Testing Tools & Frameworks**\n",
        "<!-- remember to ask the lab\n\n#### **3.1. Testing Tools & Frameworks**\n",
    );
    let seen = review(&text);
    let unclosed: Vec<_> = seen.iter().filter(|s| s.code == "STP035").collect();
    assert_eq!(unclosed.len(), 1);
    assert_eq!(
        (
            unclosed[0].severity.as_str(),
            unclosed[0].line,
            unclosed[0].column
        ),
        ("CRITICAL", line_of(&text, "<!-- remember"), 1)
    );
    let closed = replace_once(
        EXAMPLE,
        "#### **3.1. Testing Tools & Frameworks**\n",
        "<!-- remember to ask the lab -->\n\n#### **3.1. Testing Tools & Frameworks**\n",
    );
    assert_eq!(review(&closed), vec![]);
}

#[test]
fn an_unclosed_comment_says_which_later_comment_closes_it() {
    // Comments do not nest: the end of the next comment ends what is hidden.
    let text = replace_once(
        EXAMPLE,
        "#### **3.1. Testing Tools & Frameworks**\n",
        "<!-- remember to ask the lab\n\n#### **3.1. Testing Tools & Frameworks**\n\n\
         <!-- lab notes -->\n",
    );
    let seen = only(&text, "STP035");
    assert_eq!(seen.len(), 1, "{seen:?}");
    let closer = line_of(&text, "<!-- lab notes -->");
    let hidden = closer - line_of(&text, "<!-- remember");
    assert_eq!(
        seen[0].message,
        format!(
            "HTML comment has no `-->` of its own: the one on line {closer} closes it, so it \
             and the {hidden} lines after it are hidden when rendered"
        )
    );
}

#[test]
fn a_section_heading_without_the_space_after_its_hashes_is_read_and_reported() {
    let text = replace_once(
        EXAMPLE,
        "#### **3.1. Testing Tools & Frameworks**",
        "####**3.1. Testing Tools & Frameworks**",
    );
    let seen = review(&text);
    let found: Vec<_> = seen.iter().filter(|s| s.code == "STP037").collect();
    assert_eq!(found.len(), 1, "{seen:#?}");
    assert_eq!(
        found[0].line,
        line_of(&text, "####**3.1. Testing Tools & Frameworks**")
    );
    assert_eq!(
        found[0].message,
        "`####**3.1. Testing Tools & Frameworks**` is not a heading: Markdown needs a space \
         after `####`"
    );
    // The section is read: nothing else is reported for it, and it is not missing.
    assert_eq!(codes(&seen), vec!["STP037"], "{seen:#?}");
    let parsed = stp::check::parse_text(text.clone(), Default::default()).unwrap();
    assert!(parsed
        .stp
        .section(stp::model::SectionKind::Environment)
        .is_some());
    // The fix inserts the space, and the plan is then clean.
    let (report, _) = review_with(&text, Default::default(), Default::default());
    let fix = report
        .diagnostics
        .iter()
        .find(|d| d.rule.code == "STP037")
        .and_then(|d| d.fix.clone())
        .expect("a fix");
    let edit = &fix.edits[0];
    let mut fixed = text.clone();
    fixed.replace_range(edit.span.range(), &edit.new_text);
    assert_eq!(fixed, EXAMPLE);
    assert_eq!(review(&fixed), vec![]);
}

#[test]
fn a_paragraph_starting_with_hashes_that_names_no_section_is_not_a_heading() {
    let text = replace_once(
        EXAMPLE,
        "#### **3. Test Environment**",
        "#### **3. Test Environment**\n\n#5 is the ticket that tracks the lab.",
    );
    assert!(review(&text).iter().all(|s| s.code != "STP037"));
    assert_eq!(review(EXAMPLE), vec![]);
}

#[test]
fn a_section_heading_indented_under_a_list_item_starts_its_section() {
    // Indented two spaces after the environment's list, the heading (and the list after it)
    // belongs to the list's last item for Markdown; readers see a new section.
    let indented = "  #### **3.1. Testing Tools & Frameworks**\n\n  - **Test Framework:** Standard";
    let text = replace_once(
        EXAMPLE,
        "#### **3.1. Testing Tools & Frameworks**\n\n- **Test Framework:** Standard",
        indented,
    );
    assert_eq!(review(&text), vec![]);
    let stp = stp::check::parse_text(text.clone(), Default::default())
        .unwrap()
        .stp;
    let tools = stp
        .section(stp::model::SectionKind::Tools)
        .expect("the section");
    assert_eq!(tools.span.start, text.find("#### **3.1.").unwrap());
    assert!(stp.tools.iter().any(|f| f.value.text == "Standard"));
    assert!(stp.environment.iter().all(|f| f.value.text != "Standard"));
    // Unspaced as well as indented: read, and reported once.
    let unspaced = text.replace("  #### **3.1.", "  ####**3.1.");
    assert_eq!(codes(&review(&unspaced)), vec!["STP037"]);
    // A heading that names no section stays where Markdown puts it.
    let notes = replace_once(
        EXAMPLE,
        "#### **3.1. Testing Tools & Frameworks**",
        "  #### Lab notes\n\n#### **3.1. Testing Tools & Frameworks**",
    );
    let stp = stp::check::parse_text(notes.clone(), Default::default())
        .unwrap()
        .stp;
    let before = stp::check::parse_text(EXAMPLE.to_string(), Default::default())
        .unwrap()
        .stp;
    assert_eq!(stp.sections.len(), before.sections.len());
    assert_eq!(stp.environment.len(), before.environment.len());
    // Lifted out, it would end the environment section (an unknown heading of its level).
    let environment = stp.section(stp::model::SectionKind::Environment).unwrap();
    assert_eq!(
        environment.body.end,
        notes.find("#### **3.1. Testing Tools").unwrap()
    );
}

#[test]
fn an_unclosed_comment_in_a_list_item_is_closed_by_the_next_comment_not_by_code() {
    // The item's HTML block ends with the item; a `-->` in a code block is escaped when
    // rendered, so the next comment's end is what closes it.
    let text = replace_once(
        EXAMPLE,
        "- **Platform:** Bare metal\n",
        "- **Platform:** Bare metal\n  <!-- ask the lab which platform\n",
    );
    let text = replace_once(
        &text,
        "#### **3.1. Testing Tools & Frameworks**\n",
        "```mermaid\ngraph LR\n  A --> B\n```\n\n<!-- tools guidance -->\n\n#### **3.1. Testing Tools & Frameworks**\n",
    );
    let seen = only(&text, "STP035");
    assert_eq!(seen.len(), 1, "{seen:?}");
    let closer = line_of(&text, "<!-- tools guidance -->");
    assert!(
        seen[0]
            .message
            .contains(&format!("the one on line {closer} closes it")),
        "{}",
        seen[0].message
    );
}

// Regressions found in review ------------------------------------------------------------------

#[test]
fn edge_shapes_read_without_internal_errors() {
    for text in [
        "# Test Plan\n\n## Metadata\n\n## Feature Overview\n\n## Known Limitations\n\n## Document Conventions\n",
        "# Test Plan\n\n## Metadata\n\n- **[V]** é\n- **[x]**\n\n## Feature Overview\n\n## Risks\n",
    ] {
        let (report, _) = review_with(text, PathFacts::default(), Settings::default());
        assert!(report.error.is_none(), "{text:?}: {:?}", report.error);
    }
}

#[test]
fn bold_marks_and_empty_items_in_checklists() {
    let text = replace_once(EXAMPLE, "- [x] **Testability**", "- **[V]** Testability");
    let seen = review(&text);
    assert_eq!(codes(&seen), vec!["STP020"], "{seen:?}");
    assert_eq!(
        (seen[0].line, seen[0].column),
        (line_of(&text, "**[V]** Testability"), 5)
    );
    let empty = replace_once(
        EXAMPLE,
        "- [x] **Testability**",
        "-\n\n- [x] **Testability**",
    );
    assert_eq!(
        review(&empty),
        vec![],
        "an empty bullet is not a checklist item"
    );
}

#[test]
fn findings_on_a_heading_belong_to_that_heading_section() {
    let text = replace_once(
        EXAMPLE,
        "#### **4. Entry Criteria**\n\nThe following conditions must be met before testing can begin:\n\n- [x] Requirements and design documents are **approved and merged**\n- [x] Test environment can be **set up and configured** (see Section II.3 - Test Environment)\n\n",
        "",
    );
    let (report, _) = review_with(&text, PathFacts::default(), Settings::default());
    assert_eq!(
        report.diagnostics[0].section,
        Some(stp::model::SectionKind::Risks)
    );
}

#[test]
fn table_done_words_and_comment_reasons() {
    let yes = replace_once(
        TABLE,
        "| **Testability**                        | [x]  |",
        "| **Testability**                        | Yes  |",
    );
    let (report, seen) = review_with(&yes, PathFacts::default(), Settings::default());
    let row = line_of(&yes, "| Yes  |");
    let at_row: Vec<_> = seen
        .iter()
        .filter(|s| s.line == row)
        .map(|s| s.code)
        .collect();
    assert_eq!(
        at_row,
        vec!["STP020"],
        "a `Yes` Done cell is a mark to spell `[x]`, and it is checked"
    );
    let mark = report
        .diagnostics
        .iter()
        .find(|d| d.rule.code == "STP020" && d.message.contains("`Yes`"))
        .unwrap();
    assert_eq!(mark.fix.as_ref().unwrap().edits[0].new_text, "[x]");
    let reason = replace_once(
        TABLE,
        "| **Non-Functional Requirements (NFRs)** | [x]  | Documentation: the MTU setting is documented<br>Monitoring, Observability, UI, Performance, Security, Scalability: not applicable, the feature adds one optional interface setting and nothing else | |",
        "| **Non-Functional Requirements (NFRs)** | [ ]  | | Blocked on PM |",
    );
    assert!(!codes(&review(&reason)).contains(&"STP021"));
}

#[test]
fn final_newline_leaves_trailing_spaces_to_trailing_whitespace() {
    let text = format!("{}  \n", EXAMPLE.trim_end());
    assert_eq!(codes(&review(&text)), vec!["STP032"]);
    let no_newline = format!("{}  ", EXAMPLE.trim_end());
    assert_eq!(codes(&review(&no_newline)), vec!["STP032", "STP034"]);
}

#[test]
fn images_in_comments_and_moved_markers_in_plans_are_ignored() {
    let text = replace_once(
        EXAMPLE,
        "This plan covers the Tech Preview release.",
        "This plan covers the Tech Preview release.\n\n<!-- old: <img src=\"a.png\"> -->",
    );
    assert_eq!(review(&text), vec![]);
    let marked = format!("<!-- STP-MOVED-TO: stps/elsewhere.md -->\n{EXAMPLE}");
    let (report, seen) = review_with(&marked, PathFacts::default(), Settings::default());
    assert_eq!(report.kind, Some(stp::model::DocKind::Parent));
    assert_eq!(seen, vec![]);
}

#[test]
fn unclosed_comment_on_the_last_line_and_bom_columns() {
    let text = format!("{EXAMPLE}<!-- note");
    let seen = only(&text, "STP035");
    assert!(
        seen[0]
            .message
            .ends_with("the rest of its line is hidden when rendered"),
        "{seen:?}"
    );
    let bom = format!(
        "\u{feff}{}",
        replace_once(
            EXAMPLE,
            "- **Test Framework:** Standard",
            "- **Test Framework:** [TBD]"
        )
    );
    let seen = review(&bom);
    assert_eq!((seen[0].line, seen[0].column), (line_of(&bom, "[TBD]"), 23));
    let first_line = review("\u{feff}# Plan [TBD]\n");
    assert_eq!(
        first_line[0].column, 1,
        "DOC-1 at the start, BOM not counted"
    );
}

// Readings of real plans' free-form content beside the template's tables -------------------

#[test]
fn detail_bullets_beside_a_checklist_table_are_not_checklist_items() {
    let bullets = "| **Non-Functional Requirements (NFRs)** |";
    let at = TABLE.find(bullets).unwrap();
    let row_end = at + TABLE[at..].find('\n').unwrap() + 1;
    let text = format!(
        "{}\n##### **Background**\n\n1. **Wrong MTU**: the guest keeps 1500 bytes.\n- **Docs**: a docs task exists.\n{}",
        &TABLE[..row_end],
        &TABLE[row_end..]
    );
    assert!(
        !codes(&review(&text)).contains(&"STP021"),
        "{:?}",
        review(&text)
    );
    // A bullet with a checkbox beside the table is still an item, and read as one.
    let marked = text.replace("- **Docs**: a docs task exists.", "- [ ] **Docs**");
    assert!(codes(&review(&marked)).contains(&"STP021"));
}

#[test]
fn lists_beside_an_out_of_scope_table_are_not_exclusions() {
    let table_end =
        "| Masquerade        | MTU is fixed by the pod network    | TODO                      |\n";
    let text = replace_once(
        TABLE,
        table_end,
        &format!(
            "{table_end}\n**In Scope:**\n- **Upgrade Testing**:\n  - Verify the MTU survives an upgrade\n\n**Non-Functional Requirements**:\n- **Security**: no new permissions\n"
        ),
    );
    let before = only(TABLE, "STP310");
    let after = only(&text, "STP310");
    assert_eq!(after, before);
}

#[test]
fn one_section_in_the_other_form_does_not_make_a_plan_mixed() {
    use stp::model::Layout;
    let layout = |text: &str| {
        review_with(text, PathFacts::default(), Settings::default())
            .0
            .layout
    };
    assert_eq!(layout(TABLE), Some(Layout::Table));
    // An author's own list of exclusions inside Scope of Testing: still the older layout.
    let one_list = replace_once(
        TABLE,
        "**Out of Scope (Testing Scope Exclusions)**\n\n| Out-of-Scope Item | Rationale                          | PM/ Lead Agreement        |\n|:------------------|:-----------------------------------|:--------------------------|\n| SR-IOV interfaces | Not part of this feature           | [x] Alex Example 02/2026  |\n| Masquerade        | MTU is fixed by the pod network    | TODO                      |\n",
        "**Out of Scope (Testing Scope Exclusions)**\n\n- SR-IOV interfaces: not part of this feature\n",
    );
    assert_eq!(layout(&one_list), Some(Layout::Table));
    assert_eq!(layout(EXAMPLE), Some(Layout::List));
}

#[test]
fn a_limitation_written_as_a_sentence_is_stated() {
    let text = replace_once(
        EXAMPLE,
        "- **Snapshots created before the upgrade are not counted towards the limit.**\n  - *Sign-off:* Peter Example, 2026-09-01\n",
        "Snapshots created before the upgrade are not counted towards the limit.\n",
    );
    let seen = review(&text);
    assert!(!codes(&seen).contains(&"STP211"), "{seen:?}");
    // It is a limitation like any other: it needs its sign-off.
    assert!(codes(&seen).contains(&"STP210"), "{seen:?}");
    // The template's instruction alone is not a limitation.
    let prompt = replace_once(
        &text,
        "Snapshots created before the upgrade are not counted towards the limit.\n",
        "Document any known limitations of the feature here.\n",
    );
    assert!(codes(&review(&prompt)).contains(&"STP211"));
}
