//! Applying fixes: byte-range edits on the original text, never a re-rendering of Markdown.
//!
//! A fix is all-or-nothing. Fixes whose edits overlap one already taken wait for the next
//! round: the text is reviewed again and the remaining fixes are recomputed on the new text,
//! until nothing changes (bounded). Edits touch only their spans, so line endings, a BOM and
//! everything else stay as they were.

use crate::check::{review_with_neighbours, FileReport};
use crate::diagnostic::{Applicability, Fix};
use crate::model::PathFacts;
use crate::rules::Settings;
use crate::source::Span;
use std::path::Path;

/// Rounds of review-and-fix before giving up on reaching a fixed point.
pub const MAX_ROUNDS: usize = 10;

/// Applies non-overlapping fixes to `text`; returns the new text and how many fixes were taken.
pub fn apply_once(text: &str, fixes: &[&Fix]) -> (String, usize) {
    let (out, taken) = apply_taken(text, fixes);
    (out, taken.len())
}

/// Like [`apply_once`], returning the indexes (into `fixes`) of the fixes taken.
fn apply_taken(text: &str, fixes: &[&Fix]) -> (String, Vec<usize>) {
    let mut ordered: Vec<(usize, &Fix)> = fixes
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, f)| !f.edits.is_empty())
        .collect();
    ordered.sort_by_key(|(_, f)| f.edits.iter().map(|e| e.span.start).min());
    let mut taken: Vec<Span> = Vec::new();
    let mut edits = Vec::new();
    let mut applied = Vec::new();
    for (index, fix) in ordered {
        let overlaps = fix.edits.iter().any(|e| {
            taken.iter().any(|t| {
                (e.span.start < t.end && t.start < e.span.end)
                    || (e.span.is_empty() && t.start < e.span.start && e.span.start < t.end)
                    || e.span == *t
            })
        });
        let in_bounds = fix.edits.iter().all(|e| {
            e.span.end <= text.len()
                && text.is_char_boundary(e.span.start)
                && text.is_char_boundary(e.span.end)
        });
        if overlaps || !in_bounds {
            continue;
        }
        taken.extend(fix.edits.iter().map(|e| e.span));
        edits.extend(fix.edits.iter());
        applied.push(index);
    }
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        out.push_str(&text[at..e.span.start]);
        out.push_str(&e.new_text);
        at = e.span.end;
    }
    out.push_str(&text[at..]);
    (out, applied)
}

/// The outcome of fixing one file.
pub struct Fixed {
    pub text: String,
    /// Fixes applied over all rounds.
    pub applied: usize,
    /// The rule code of each fix applied, for `--show-fixes`.
    pub codes: Vec<&'static str>,
    /// The review of the fixed text.
    pub report: FileReport,
}

/// Reviews and fixes until no fix applies (or `MAX_ROUNDS`).
pub fn fix_text(
    path: &Path,
    text: String,
    facts: PathFacts,
    settings: Settings,
    unsafe_fixes: bool,
    on_disk: bool,
) -> Fixed {
    let review =
        |text: &str| review_with_neighbours(path, text.to_string(), facts, settings, on_disk);
    let mut current = text;
    let mut codes = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let report = review(&current);
        let (rules, fixes): (Vec<&'static str>, Vec<&Fix>) = report
            .diagnostics
            .iter()
            .filter_map(|d| d.fix.as_ref().map(|f| (d.rule.code, f)))
            .filter(|(_, f)| unsafe_fixes || f.applicability == Applicability::Safe)
            .unzip();
        let (next, taken) = apply_taken(&current, &fixes);
        if taken.is_empty() || next == current {
            return Fixed {
                text: current,
                applied: codes.len(),
                codes,
                report,
            };
        }
        codes.extend(taken.into_iter().map(|i| rules[i]));
        current = next;
    }
    let report = review(&current);
    Fixed {
        text: current,
        applied: codes.len(),
        codes,
        report,
    }
}

/// Replaces a file's content atomically: a temporary file beside it, then a rename, keeping
/// the file's permissions.
pub fn write_atomically(path: &Path, content: &str) -> std::io::Result<()> {
    // Through a symbolic link, the file it points at is the one to replace.
    let target = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let path = target.as_path();
    static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let unique = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.stp-fix-{}-{unique}", std::process::id()));
    let result = (|| {
        std::fs::write(&tmp, content)?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&tmp, meta.permissions())?;
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A unified diff of two versions of a file, for `--diff`.
pub fn unified_diff(path: &str, before: &str, after: &str) -> String {
    let shown = path.trim_start_matches('/');
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{shown}"), &format!("b/{shown}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Edit;

    fn fix(span: (usize, usize), new_text: &str) -> Fix {
        Fix::safe(
            "t",
            vec![Edit {
                span: Span::new(span.0, span.1),
                new_text: new_text.into(),
            }],
        )
    }

    #[test]
    fn overlapping_fixes_wait_for_the_next_round() {
        let a = fix((0, 3), "X");
        let b = fix((2, 5), "Y");
        let c = fix((6, 7), "Z");
        let (out, n) = apply_once("abcdefg", &[&a, &b, &c]);
        assert_eq!((out.as_str(), n), ("XdefZ", 2));
    }

    #[test]
    fn insertions_at_the_same_place_are_taken_once() {
        let a = fix((3, 3), "\n");
        let b = fix((3, 3), "\n");
        assert_eq!(apply_once("abc", &[&a, &b]), ("abc\n".to_string(), 1));
    }
}
