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
