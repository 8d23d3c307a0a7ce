//! `--fix` and `--diff`: fixed points, edits confined to reported spans, line endings and BOM
//! kept, atomic writes.

mod common;
use common::*;
use std::path::Path;
use std::process::Command;
use stp::check::{path_facts, review_text};
use stp::fix::fix_text;
use stp::model::PathFacts;
use stp::rules::Settings;

fn fix(path: &Path, text: &str) -> stp::fix::Fixed {
    fix_text(
        path,
        text.to_string(),
        path_facts(path),
        Settings::default(),
        false,
        false,
    )
}

/// Every byte range the first review offers to change.
fn fix_spans(path: &Path, text: &str) -> Vec<(usize, usize)> {
    review_text(
        path,
        text.to_string(),
        PathFacts::default(),
        Settings::default(),
    )
    .diagnostics
    .iter()
    .filter_map(|d| d.fix.as_ref())
    .flat_map(|f| f.edits.iter().map(|e| (e.span.start, e.span.end)))
    .collect()
}

/// Checks that `after` differs from `before` only inside `spans` (positions in `before`): the
/// text between the spans appears in `after` unchanged and in order, with only the spans'
/// replacements between.
fn changes_only_inside(before: &str, after: &str, spans: &[(usize, usize)]) {
    let mut spans = spans.to_vec();
    spans.sort();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in spans {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    let mut outside = Vec::new();
    let mut at = 0;
    for (s, e) in &merged {
        outside.push(&before[at..*s]);
        at = *e;
    }
    outside.push(&before[at..]);
    let mut pos = 0;
    for (k, seg) in outside.iter().enumerate() {
        let found = if k == 0 {
            after.starts_with(seg).then_some(0)
        } else if k == outside.len() - 1 {
            after
                .ends_with(seg)
                .then(|| after.len() - seg.len())
                .filter(|p| *p >= pos)
        } else {
            after[pos..].find(seg).map(|i| pos + i)
        };
        let Some(start) = found else {
            panic!(
                "text outside the fix spans changed near byte {}: {:?}",
                pos,
                &seg[..seg.len().min(60)]
            );
        };
        let replaced = start - pos;
        assert!(
            replaced <= 200,
            "an unexpected change of {replaced} bytes near byte {pos}"
        );
        pos = start + seg.len();
    }
}

fn corpus_files() -> Vec<std::path::PathBuf> {
    let Some(corpus) = corpus() else {
        return Vec::new();
    };
    let mut files = Vec::new();
    let mut stack = vec![corpus.join("stps")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() && !p.ends_with("stp-template") {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn fixing_the_corpus_reaches_a_fixed_point_and_touches_only_reported_spans() {
    let files = corpus_files();
    if files.is_empty() {
        return;
    }
    let mut changed = 0;
    for path in &files {
        let original = std::fs::read_to_string(path).unwrap();
        let first = fix(path, &original);
        if first.text != original {
            changed += 1;
        }
        changes_only_inside(&original, &first.text, &fix_spans(path, &original));
        let second = fix(path, &first.text);
        assert_eq!(
            second.applied,
            0,
            "{}: a second --fix changed something",
            path.display()
        );
        assert_eq!(second.text, first.text);
        // Nothing safely fixable is left behind (spelling suggestions need --unsafe-fixes).
        assert!(
            second.report.diagnostics.iter().all(|d| d
                .fix
                .as_ref()
                .is_none_or(|f| f.applicability == stp::diagnostic::Applicability::Unsafe)),
            "{}",
            path.display()
        );
    }
    assert!(
        changed >= 10,
        "the corpus has fixable findings in most files ({changed})"
    );
}

#[test]
fn crlf_copies_keep_crlf() {
    let mut texts: Vec<(String, String)> = corpus_files()
        .iter()
        .map(|p| (p.display().to_string(), std::fs::read_to_string(p).unwrap()))
        .collect();
    texts.push((
        "example".into(),
        replace_once(EXAMPLE, "- [x] **Testability**", "- [V] **Testability**  "),
    ));
    for (name, text) in texts {
        let crlf = text.replace('\n', "\r\n");
        let fixed = fix(Path::new("stps/sig-x/plan.md"), &crlf);
        assert_eq!(
            fixed.text.matches('\n').count(),
            fixed.text.matches("\r\n").count(),
            "{name}: a bare LF appeared"
        );
        let again = fix(Path::new("stps/sig-x/plan.md"), &fixed.text);
        assert_eq!(again.applied, 0, "{name}");
    }
}

#[test]
fn cli_fix_writes_atomically_and_diff_does_not_write() {
    let dir = scratch("fix-cli");
    let broken = format!(
        "\u{feff}{}\n\n\n",
        replace_once(EXAMPLE, "- [x] **Testability**", "- [V] **Testability**   ").trim_end()
    );
    let plan = dir.join("plan.md");
    std::fs::write(&plan, &broken).unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_stp"))
            .args(args)
            .current_dir(&dir)
            .output()
            .unwrap()
    };

    let diff = run(&["check", "--diff", "plan.md"]);
    assert_eq!(diff.status.code(), Some(1), "changes pending");
    let shown = String::from_utf8_lossy(&diff.stdout);
    assert!(
        shown.contains("-- [V] **Testability**   \n+- [x] **Testability**\n"),
        "{shown}"
    );
    assert_eq!(
        std::fs::read_to_string(&plan).unwrap(),
        broken,
        "--diff writes nothing"
    );

    let fixed = run(&["check", "--fix", "plan.md"]);
    assert_eq!(
        fixed.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&fixed.stdout)
    );
    assert!(String::from_utf8_lossy(&fixed.stderr).contains("Fixed 3 finding(s) in 1 file(s)"));
    let after = std::fs::read_to_string(&plan).unwrap();
    assert!(after.starts_with('\u{feff}'), "the BOM is kept");
    assert_eq!(after, format!("\u{feff}{EXAMPLE}"));
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left: {leftovers:?}");
    assert_eq!(
        run(&["check", "--diff", "plan.md"]).status.code(),
        Some(0),
        "nothing left to fix"
    );
}
