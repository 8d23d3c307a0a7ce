//! The spelling rule (STP502): sure suggestions only, domain vocabulary, prefixed forms, and
//! the project's own word list in `stp.toml`.

mod common;
use common::*;

const SENTENCE: &str = "Snapshot storage no longer grows without bound.";

fn spelling_findings(text: &str) -> Vec<Seen> {
    review(text)
        .into_iter()
        .filter(|s| s.code == "STP502")
        .collect()
}

fn with(sentence: &str) -> String {
    replace_once(EXAMPLE, SENTENCE, sentence)
}

#[test]
fn prefixed_forms_and_domain_vocabulary_are_not_misspellings() {
    let text = with(
        "Reenable multihoming after the hotplug; the guest can unplug and replug \
         NICs, preallocate disks, and live migration stays nonblocking.",
    );
    let seen = spelling_findings(&text);
    assert!(seen.is_empty(), "{seen:#?}");
}

#[test]
fn a_sure_suggestion_comes_with_a_fix() {
    let text = with("Snapshot storage no longer grows withuot bound.");
    let (report, seen) = review_with(&text, Default::default(), Default::default());
    let seen: Vec<_> = seen.into_iter().filter(|s| s.code == "STP502").collect();
    assert_eq!(seen.len(), 1, "{seen:#?}");
    assert!(seen[0].message.contains("did you mean 'without'?"));
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.rule.code == "STP502")
        .unwrap();
    assert_eq!(d.fix.as_ref().unwrap().edits[0].new_text, "without");
}

#[test]
fn a_known_acronym_with_a_stray_letter_is_reported_wherever_it_stands() {
    let text = with("Snapshot storage on PSIm no longer grows without bound.");
    let (report, seen) = review_with(&text, Default::default(), Default::default());
    let seen: Vec<_> = seen.into_iter().filter(|s| s.code == "STP502").collect();
    assert_eq!(seen.len(), 1, "{seen:#?}");
    assert!(
        seen[0]
            .message
            .contains("'PSIm' looks misspelled; did you mean 'PSI'?"),
        "{}",
        seen[0].message
    );
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.rule.code == "STP502")
        .unwrap();
    assert_eq!(d.fix.as_ref().unwrap().edits[0].new_text, "PSI");
}

#[test]
fn plural_acronyms_and_acronyms_ending_in_a_small_letter_are_not_misspellings() {
    let text = with(
        "Snapshot storage of VMs with NICs, PVCs and PCIe devices on KubeVirt no longer grows \
         without bound.",
    );
    let seen = spelling_findings(&text);
    assert!(seen.is_empty(), "{seen:#?}");
}

#[test]
fn several_equally_close_words_are_listed_without_a_fix() {
    // `cant` is a word; `crast` is one edit from `cast`, `crass`, `craft`, ... and from none
    // by a swap.
    let text = with("Snapshot storage no longer grows crast bound.");
    let (report, seen) = review_with(&text, Default::default(), Default::default());
    let seen: Vec<_> = seen.into_iter().filter(|s| s.code == "STP502").collect();
    assert_eq!(seen.len(), 1, "{seen:#?}");
    assert!(seen[0].message.contains(" or "), "{}", seen[0].message);
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.rule.code == "STP502")
        .unwrap();
    assert!(d.fix.is_none(), "no fix without a sure suggestion");
}

#[test]
fn project_words_from_stp_toml_are_accepted() {
    let dir = scratch("spelling-words");
    let plan = dir.join("plan.md");
    std::fs::write(
        &plan,
        with("Snapshot storage no longer grows withuot bound."),
    )
    .unwrap();
    let codes = |dir: &std::path::Path| -> usize {
        let run = run_stp(&["check", "--format", "json", "plan.md"], dir);
        run.json()["files"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "STP502")
            .count()
    };
    assert_eq!(codes(&dir), 1, "fires without a word list");
    std::fs::write(dir.join("stp.toml"), "[spelling]\nwords = [\"Withuot\"]\n").unwrap();
    assert_eq!(codes(&dir), 0, "silent with the word in `words`");
    std::fs::write(
        dir.join("stp.toml"),
        "[spelling]\nwords-file = \"words.txt\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("words.txt"), "# our terms\nwithuot\n").unwrap();
    assert_eq!(codes(&dir), 0, "silent with the word in `words-file`");
    std::fs::remove_file(dir.join("words.txt")).unwrap();
    let run = run_stp(&["check", "plan.md"], &dir);
    assert_eq!(run.code, 2, "a missing words file is a usage error");
    assert!(run.stderr.contains("words.txt") || run.stdout.contains("words.txt"));
}
