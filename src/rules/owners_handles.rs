use crate::diagnostic::Finding;
use crate::rules::Context;

declare_rule! {
    /// A reviewer's or approver's GitHub handle is malformed, or is a near miss of a handle
    /// the repository knows.
    ///
    /// The handles of the sign-off are how Prow and GitHub reach people. A handle that is not
    /// a valid GitHub login (only letters, digits and single inner hyphens, at most 39
    /// characters) reaches nobody; a handle that is one or two edits away from a handle of
    /// the repository's OWNERS files (`@rnester` for `@rnetser`) is almost certainly a typo.
    /// The OWNERS files read are the root's and every one under `stps/` (the SIGs' and the
    /// feature directories'), compared case-insensitively.
    ///
    /// Deliberately silent for valid handles that are in no OWNERS file: product managers,
    /// development leads and reviewers from other teams sign plans without being in a SIG's
    /// OWNERS, which governs approval rights in the repository, not who may review. Silent
    /// for people listed without a handle (see `reviewers-listed` and `approver-roles`).
    ///
    /// Fix: correct the handle.
    code: "STP412",
    name: "owners-handles",
    spec: ["SIGN-3"],
    severity: Medium,
    fixable: false,
    check: check,
}

/// Whether `handle` is a valid GitHub login.
fn is_valid_handle(handle: &str) -> bool {
    !handle.is_empty()
        && handle.len() <= 39
        && handle
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !handle.starts_with('-')
        && !handle.ends_with('-')
        && !handle.contains("--")
}

/// Optimal string alignment distance (Levenshtein with adjacent transpositions), or `None`
/// when it is above `limit`.
fn edits(a: &str, b: &str, limit: usize) -> Option<usize> {
    // ASCII handles (all valid ones): the banded distance of the spelling check, on the stack.
    let short = |s: &str| s.is_ascii() && s.len() <= crate::spelling::MAX_WORD;
    if short(a) && short(b) {
        let d = crate::spelling::distance(a.as_bytes(), b.as_bytes(), limit);
        return (d <= limit).then_some(d);
    }
    if a.chars().count().abs_diff(b.chars().count()) > limit {
        return None;
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
        }
    }
    let d = rows[a.len()][b.len()];
    (d <= limit).then_some(d)
}

/// The known handle `handle` most likely misspells: one edit away, or two for handles of
/// six characters or more; unique at the smallest distance.
fn near_miss<'k>(handle: &str, known: &'k [String]) -> Option<&'k str> {
    let limit = if handle.chars().count() >= 6 { 2 } else { 1 };
    let mut best: Option<(usize, &str)> = None;
    let mut tie = false;
    for k in known {
        let Some(d) = edits(handle, k, limit) else {
            continue;
        };
        match best {
            Some((b, _)) if d > b => {}
            Some((b, _)) if d == b => tie = true,
            _ => {
                best = Some((d, k));
                tie = false;
            }
        }
    }
    best.filter(|_| !tie).map(|(_, k)| k)
}

fn check(ctx: &Context) -> Vec<Finding> {
    let Some(owners) = &ctx.repo.owners else {
        return Vec::new();
    };
    let sign_off = &ctx.stp.sign_off;
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for person in sign_off.reviewers.iter().chain(&sign_off.approvers) {
        let Some(handle) = &person.handle else {
            continue;
        };
        let key = handle.to_lowercase();
        if owners.known.binary_search(&key).is_ok() || seen.contains(&key) {
            continue;
        }
        seen.push(key.clone());
        if !is_valid_handle(handle) {
            out.push(
                Finding::new(
                    person.span,
                    format!("`@{handle}` is not a valid GitHub handle"),
                )
                .help("a GitHub handle has only letters, digits and single hyphens"),
            );
        } else if let Some(known) = near_miss(&key, &owners.known) {
            out.push(
                Finding::new(
                    person.span,
                    format!("`@{handle}` is in no OWNERS file; did you mean `@{known}`?"),
                )
                .help(format!("write `@{known}`, the handle in the OWNERS files")),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_within_one_or_two_edits() {
        let known: Vec<String> = ["rnetser", "stesen", "alice-b"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(near_miss("rnester", &known), Some("rnetser"));
        assert_eq!(near_miss("stesen1", &known), Some("stesen"));
        assert_eq!(near_miss("someone", &known), None);
        assert_eq!(
            near_miss("alice", &known),
            None,
            "two edits are too many for five letters"
        );
    }

    #[test]
    fn github_handle_syntax() {
        assert!(is_valid_handle("a-b9"));
        for bad in ["-ab", "ab-", "a--b", "a_b", "a.b", ""] {
            assert!(!is_valid_handle(bad), "{bad}");
        }
    }
}
