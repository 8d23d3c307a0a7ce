//! Arbitrary bytes and random Markdown through the whole pipeline: no panic, no internal
//! error, every span on the text.

use proptest::prelude::*;
use std::path::Path;
use stp::check::{review_text, FileReport};
use stp::markdown::{self, walk_blocks, walk_inlines};
use stp::model::PathFacts;
use stp::rules::Settings;

fn review(text: &str) -> FileReport {
    review_text(
        Path::new("stps/sig-x/plan.md"),
        text.to_string(),
        PathFacts::default(),
        Settings {
            strict_layout: true,
            ..Settings::default()
        },
    )
}

fn assert_spans_ok(text: &str, report: &FileReport) {
    assert!(
        report.error.is_none(),
        "internal error on {text:?}: {:?}",
        report.error
    );
    for d in &report.diagnostics {
        assert!(
            d.span.start <= d.span.end && d.span.end <= text.len(),
            "{d:?}"
        );
        assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
        if let Some(fix) = &d.fix {
            for e in &fix.edits {
                assert!(
                    e.span.end <= text.len()
                        && text.is_char_boundary(e.span.start)
                        && text.is_char_boundary(e.span.end)
                );
            }
        }
    }
    let doc = markdown::parse(text);
    walk_blocks(&doc.blocks, &mut |b| {
        let s = b.span();
        assert!(
            s.end <= text.len() && text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
            "{b:?}"
        );
    });
    markdown::inline_runs(&doc.blocks, &mut |run| {
        walk_inlines(run, &mut |n| {
            assert!(
                n.span.end <= text.len()
                    && text.is_char_boundary(n.span.start)
                    && text.is_char_boundary(n.span.end)
            );
            if let markdown::InlineKind::Text(t) = &n.kind {
                // Plain text without escapes or entities maps to its source exactly.
                if !text[n.span.range()].contains(['\\', '&'])
                    && !t.contains('\n')
                    && t.len() == n.span.len()
                {
                    assert_eq!(&text[n.span.range()], t.as_ref());
                }
            }
        })
    });
}

/// Lines an STP is made of, shuffled into random documents.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("# Openshift-virtualization-tests Test plan".to_string()),
        Just("## **Feature - Quality Engineering Plan**".to_string()),
        Just("### **Metadata & Tracking**".to_string()),
        Just("#### **5. Risks**".to_string()),
        Just("#### **2. Known Limitations**".to_string()),
        Just("**Testing Goals**".to_string()),
        Just("**Out of Scope (Testing Scope Exclusions)**".to_string()),
        Just("- [x] **Review Requirements**".to_string()),
        Just("- [V] **Testability**".to_string()),
        Just("- [] thing".to_string()),
        Just("  - *Sign-off:* [Name/Date]".to_string()),
        Just("  - *Details:* [ Add details ]".to_string()),
        Just("- **[P0]** Verify it".to_string()),
        Just("- **[CNV-1](https://x/CNV-1)** — As a user, I want".to_string()),
        Just("  - *Test Scenario:* [Tier 2] Verify".to_string()),
        Just("  - *Priority:* P0".to_string()),
        Just("| Check | Done | Details/Notes |".to_string()),
        Just("|:--|:--|:--|".to_string()),
        Just("| **Acceptance Criteria** | [X] | one<br>two |".to_string()),
        Just("<!-- open comment".to_string()),
        Just("-->".to_string()),
        Just("```".to_string()),
        Just("![](x.png)".to_string()),
        Just("* **Reviewers:**".to_string()),
        Just("  - QE: [Ann](@ann), @bob @carl".to_string()),
        Just("".to_string()),
        Just("   ".to_string()),
        Just("> quote **Risk:**".to_string()),
        Just("## Document Conventions".to_string()),
        Just("- **[V]** é".to_string()),
        Just("- **[x]**".to_string()),
        Just("- **:** *:* ✓[".to_string()),
        Just("-".to_string()),
        Just("| | |".to_string()),
        Just("| **X** | Yes | ✅ |".to_string()),
        Just("<!-- STP-MOVED-TO: x --> <img src=a>".to_string()),
        "[\\PC]{0,40}".prop_map(|s| s),
        "[-*_\\[\\]|`<>!#:()\\\\&é✓ \t]{0,20}".prop_map(|s| s),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_break_the_pipeline(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        match stp::source::decode(bytes.clone()) {
            Ok(text) => assert_spans_ok(&text, &review(&text)),
            Err(_) => {
                let text = String::from_utf8_lossy(&bytes).to_string();
                assert_spans_ok(&text, &review(&text));
            }
        }
    }

    #[test]
    fn random_stp_shaped_markdown_never_breaks_the_pipeline(
        lines in proptest::collection::vec(fragment(), 0..60),
        crlf in any::<bool>(),
        bom in any::<bool>(),
    ) {
        let newline = if crlf { "\r\n" } else { "\n" };
        let mut text = lines.join(newline);
        if bom {
            text.insert(0, '\u{feff}');
        }
        assert_spans_ok(&text, &review(&text));
    }
}

#[test]
fn deep_nesting_and_long_lines_are_fine() {
    let deep: String = (0..2000)
        .map(|i| format!("{}- item\n", "  ".repeat(i % 200)))
        .collect();
    assert_spans_ok(&deep, &review(&deep));
    let quotes = ">".repeat(5000) + " deep\n";
    assert_spans_ok(&quotes, &review(&quotes));
    let long = "x".repeat(1_000_000) + "\n";
    assert_spans_ok(&long, &review(&long));
}
