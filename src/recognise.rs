//! Recognisers shared by rules: Jira keys, template placeholders and the template's own
//! text. One place, so that every rule agrees on what a key or a placeholder is.

use crate::text::Text;
use std::ops::Range;

/// `CNV-123`, `VIRTSTRAT-480`: an upper-case project key, a dash and digits.
pub fn is_jira_key(s: &str) -> bool {
    let Some((project, number)) = s.split_once('-') else {
        return false;
    };
    let mut chars = project.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && project.len() >= 2
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
}

/// Where a placeholder sits in a text, and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    pub range: Range<usize>,
    pub kind: PlaceholderKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceholderKind {
    /// A bracketed prompt such as `[Name/Date]` or `[Add details]`.
    Prompt,
    /// A bare `TODO`, `TBD` or `FIXME`.
    Marker,
}

/// First words of a template prompt: instructions ("Add", "Describe", "Which ...") and slot
/// names ("Name", "Date", "Details"). These describe the *shape* of prompts, not any sentence
/// of the template.
const PROMPT_WORDS: &[&str] = &[
    "add",
    "list",
    "describe",
    "summarize",
    "summarise",
    "link",
    "links",
    "propose",
    "define",
    "provide",
    "reference",
    "insert",
    "enter",
    "fill",
    "specify",
    "explain",
    "mention",
    "identify",
    "e.g",
    "eg",
    "example",
    "tbd",
    "tba",
    "todo",
    "fixme",
    "placeholder",
    "your",
    "version",
    "impact",
    "why",
    "which",
    "what",
    "how",
    "mitigation",
    "name",
    "names",
    "date",
    "description",
    "details",
    "url",
    "item",
    "role",
    "action",
    "benefit",
];

/// Prompts whose first word alone is too common to decide on.
const PROMPT_PHRASES: &[&str] = &[
    "feature title",
    "feature limitation",
    "test limitation",
    "test scenario",
    "risk category",
    "category-specific",
    "qe lead",
    "pm name",
    "dev lead",
    "this sig",
    "sig-specific",
    "sig specific",
    "brief description",
    "1, 2, or 3",
    "p0/p1/p2",
    "sig-xyz",
    "sig-name",
    // "[To be documented if applicable]", "[To be filled]": a slot left for later.
    "to be ",
];

/// Whether the text inside a pair of brackets is a template prompt (`Jira-123`, `Name/Date`,
/// `To be filled`), not a checkbox mark, a real key or a filled-in handle.
pub fn is_prompt(inner: &str) -> bool {
    let c = inner.trim().to_lowercase();
    if c.chars().count() <= 2 || is_jira_key(inner.trim()) {
        return false; // checkbox marks, `[x]`, `[ ]`, real keys
    }
    if c.contains("name/date") || c.contains("/date") || c.contains("name / @") {
        return true;
    }
    // A role with a real person's handle (`[QE Lead / @jdoe]`) is filled in, if oddly.
    if names_a_handle(&c) {
        return false;
    }
    if stands_for_a_key(&c) {
        return true;
    }
    if PROMPT_PHRASES.iter().any(|p| c.starts_with(p)) {
        return true;
    }
    let end = c
        .find(|ch: char| !(ch.is_alphanumeric() || ch == '.'))
        .unwrap_or(c.len());
    let first = c[..end].trim_end_matches('.');
    PROMPT_WORDS.contains(&first)
}

/// `[Jira-123]`, `[Jira-ID]`, `[Jira key]`: the template's literal word standing for a key
/// (the text inside the brackets, lower-cased).
fn stands_for_a_key(lower: &str) -> bool {
    lower
        .strip_prefix("jira")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['-', ' ']))
}

/// Whether lower-cased text holds a GitHub handle that is not the template's own stand-in
/// (`@github-username`, `@handle`).
fn names_a_handle(lower: &str) -> bool {
    lower.match_indices('@').any(|(at, _)| {
        let handle: &str = lower[at + 1..]
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .next()
            .unwrap_or("");
        !handle.is_empty()
            && !handle.contains("username")
            && !handle.contains("handle")
            && !matches!(handle, "github" | "user" | "name")
            && !PROMPT_WORDS.contains(&handle)
            && !is_empty_value(handle)
    })
}

/// The text with every placeholder replaced by a space: what the author actually wrote.
pub fn without_placeholders(text: &Text) -> String {
    let mut rest = text.text.clone();
    for p in find_placeholders(text).into_iter().rev() {
        rest.replace_range(p.range, " ");
    }
    rest
}

/// Whether raw source could hold a placeholder at all: a cheap test before building text.
/// Looks for a marker word, or a bracket pair (not a link) whose content reads as a prompt.
pub fn may_hold_placeholder(raw: &str) -> bool {
    let b = raw.as_bytes();
    // One pass over the candidate first letters instead of a search per marker.
    if memchr::memchr2_iter(b'T', b'F', b).any(|at| {
        ["TODO", "TBD", "FIXME"]
            .iter()
            .any(|m| b[at..].starts_with(m.as_bytes()))
    }) {
        return true;
    }
    let mut from = 0;
    while let Some(at) = memchr::memchr(b'[', &b[from..]) {
        let i = from + at;
        from = i + 1;
        let Some(close) = raw[i + 1..].find(']') else {
            return false;
        };
        let inner = &raw[i + 1..i + 1 + close];
        let link = b.get(i + 2 + close) == Some(&b'(');
        if !link && !inner.contains('[') && is_prompt(inner.trim_matches(['*', '_'])) {
            return true;
        }
    }
    false
}

/// Whether a text is one placeholder and nothing else (`**[Feature Limitation 1]**`,
/// `[To be documented if applicable]`): a template slot, not an item of the plan.
pub fn is_only_placeholder(text: &Text) -> bool {
    let p = find_placeholders(text);
    p.len() == 1 && p[0].range.len() + 2 >= text.trimmed().len()
}

/// Whether there are lines and every one still holds a template prompt (`- TBD`,
/// `[Name / @github-username]`): the placeholder rule's finding, with no person to judge.
pub fn all_prompts(lines: &[Text]) -> bool {
    !lines.is_empty() && lines.iter().all(|l| !find_placeholders(l).is_empty())
}

/// Finds template placeholders in a text, outside inline code.
pub fn find_placeholders(text: &Text) -> Vec<Placeholder> {
    let t = &text.text;
    let mut out = Vec::new();
    let bytes = t.as_bytes();
    // Every text of every plan passes through here: memchr jumps between candidate bytes.
    let mut i = 0;
    while let Some(found) = memchr::memchr(b'[', &bytes[i..]) {
        i += found;
        if let Some(close) = memchr::memchr(b']', &bytes[i + 1..]) {
            let end = i + 1 + close + 1;
            let inner = &t[i + 1..end - 1];
            if !inner.contains('[') && is_prompt(inner) && !text.in_code(&(i..end)) {
                out.push(Placeholder {
                    range: i..end,
                    kind: PlaceholderKind::Prompt,
                });
                i = end;
                continue;
            }
        }
        i += 1;
    }
    for at in memchr::memchr2_iter(b'T', b'F', bytes) {
        let Some(marker) = ["TODO", "TBD", "FIXME"]
            .into_iter()
            .find(|m| t[at..].starts_with(m))
        else {
            continue;
        };
        let end = at + marker.len();
        let before = t[..at].chars().next_back();
        let after = t[end..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric() && c != '_');
        let inside_prompt = out
            .iter()
            .any(|p| p.range.start <= at && end <= p.range.end);
        if boundary(before) && boundary(after) && !inside_prompt && !text.in_code(&(at..end)) {
            out.push(Placeholder {
                range: at..end,
                kind: PlaceholderKind::Marker,
            });
        }
    }
    out.sort_by_key(|p| p.range.start);
    out
}

/// Every Jira key in a text, with its range.
pub fn jira_keys(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let b = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            let start = i;
            let boundary = start == 0 || !b[start - 1].is_ascii_alphanumeric();
            if !(boundary && b[i].is_ascii_uppercase()) {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < b.len() && (b[j].is_ascii_uppercase() || b[j].is_ascii_digit()) {
                j += 1;
            }
            if j - start >= 2
                && b.get(j) == Some(&b'-')
                && b.get(j + 1).is_some_and(u8::is_ascii_digit)
            {
                let mut k = j + 1;
                while k < b.len() && b[k].is_ascii_digit() {
                    k += 1;
                }
                if !b.get(k).is_some_and(|c| c.is_ascii_alphanumeric()) {
                    i = k;
                    return Some(start..k);
                }
            }
            i = j.max(i + 1);
        }
        None
    })
}

/// A date as sign-offs write them: `2026-04-19`, `16-06-2026`, `1.5.2026`, `04/2026`,
/// `12/05/2026`, `Apr 22, 2026`, `May 26 2026`, `20 May 2026`, `May 2026`.
pub fn find_date(text: &str) -> Option<Range<usize>> {
    let b = text.as_bytes();
    let digits = |at: usize| {
        b[at.min(b.len())..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    let year = |at: usize| digits(at) == 4 && b[at..].starts_with(b"20");
    let boundary_before = |at: usize| at == 0 || !b[at - 1].is_ascii_alphanumeric();
    let boundary_after = |at: usize| at >= b.len() || !b[at].is_ascii_alphanumeric();
    for i in 0..b.len() {
        if !boundary_before(i) {
            continue;
        }
        if b[i].is_ascii_digit() {
            let n = digits(i);
            let sep = b.get(i + n).copied();
            // 2026-04-19, 2026/04(/19)
            if n == 4 && year(i) && matches!(sep, Some(b'-' | b'/')) {
                let m = digits(i + 5);
                if (1..=2).contains(&m) {
                    let mut end = i + 5 + m;
                    if b.get(end) == sep.as_ref() && (1..=2).contains(&digits(end + 1)) {
                        end += 1 + digits(end + 1);
                        return boundary_after(end).then_some(i..end);
                    }
                    if sep == Some(b'/') && boundary_after(end) {
                        return Some(i..end);
                    }
                }
            }
            // 16-06-2026, 1.5.2026, 12/05/2026, 04/2026
            if (1..=2).contains(&n) && matches!(sep, Some(b'-' | b'.' | b'/')) {
                let after = i + n + 1;
                if sep == Some(b'/') && year(after) && boundary_after(after + 4) {
                    return Some(i..after + 4);
                }
                let m = digits(after);
                if (1..=2).contains(&m)
                    && b.get(after + m) == sep.as_ref()
                    && year(after + m + 1)
                    && boundary_after(after + m + 5)
                {
                    return Some(i..after + m + 5);
                }
            }
            // 20 May 2026
            if (1..=2).contains(&n) && b.get(i + n) == Some(&b' ') {
                if let Some(end) = month_then_year(b, i + n + 1) {
                    return Some(i..end);
                }
            }
        } else if let Some(end) = month_then_year(b, i) {
            return Some(i..end);
        }
    }
    None
}

/// `May 2026`, `Apr 22, 2026`, `May 26 2026`, `Sept. 3rd 2026` starting at `at`.
fn month_then_year(b: &[u8], at: usize) -> Option<usize> {
    const MONTHS: [&[u8]; 12] = [
        b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov",
        b"dec",
    ];
    let word = b[at..]
        .iter()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    if word < 3 || !MONTHS.iter().any(|m| b[at..at + 3].eq_ignore_ascii_case(m)) {
        return None;
    }
    let mut i = at + word;
    let skip = |i: &mut usize, set: &[u8]| {
        while *i < b.len() && set.contains(&b[*i]) {
            *i += 1;
        }
    };
    skip(&mut i, b".");
    skip(&mut i, b" ");
    let day = b[i.min(b.len())..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if (1..=2).contains(&day) {
        i += day;
        for suffix in [&b"st"[..], b"nd", b"rd", b"th"] {
            if b[i..].starts_with(suffix) {
                i += 2;
            }
        }
        skip(&mut i, b",");
        skip(&mut i, b" ");
    }
    let year_len = b[i.min(b.len())..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    (year_len == 4
        && b[i..].starts_with(b"20")
        && !b.get(i + 4).is_some_and(u8::is_ascii_alphanumeric))
    .then_some(i + 4)
}

/// What a sign-off value holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignOffParts {
    pub name: bool,
    pub date: bool,
}

/// Words that fill sign-off templates and are not names.
const NOT_NAMES: &[&str] = &[
    "name",
    "names",
    "date",
    "tbd",
    "todo",
    "none",
    "na",
    "pending",
    "signed",
    "sign",
    "off",
    "signoff",
    "approved",
    "confirms",
    "awareness",
    "and",
    "acceptance",
    "of",
    "this",
    "the",
    "risk",
    "limitation",
    "by",
    "x",
    "awaiting",
    "will",
    "be",
    "review",
    "approval",
    "to",
    "after",
    "before",
    "until",
    "when",
    "once",
    "not",
    "yet",
    "requested",
    "expected",
];

/// Reads a sign-off or agreement value: a person (a name, a `@handle` or an e-mail) and a
/// date. Placeholders (`[Name/Date]`, `TBD`) count as neither.
pub fn sign_off_parts(text: &Text) -> SignOffParts {
    let mut rest = without_placeholders(text);
    let date = find_date(&rest);
    if let Some(d) = date.clone() {
        rest.replace_range(d, " ");
    }
    let handle_or_mail = rest.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '@');
        w.len() > 1 && w.contains('@')
    });
    let word = rest
        .split(|c: char| !(c.is_alphabetic() || c == '\'' || c == '’' || c == '-'))
        .map(|w| w.trim_matches(['-', '\'']).to_lowercase())
        .any(|w| w.chars().count() >= 2 && !NOT_NAMES.contains(&w.as_str()));
    SignOffParts {
        name: handle_or_mail || word,
        date: date.is_some(),
    }
}

/// A version number such as `4.22`, `v5.0`, `4.23/5.0`.
pub fn has_version(text: &str) -> bool {
    let b = text.as_bytes();
    (1..b.len().saturating_sub(1))
        .any(|i| b[i] == b'.' && b[i - 1].is_ascii_digit() && b[i + 1].is_ascii_digit())
}

/// "N/A", "-", "None", "TBD" or nothing at all: a value that says nothing.
pub fn is_empty_value(text: &str) -> bool {
    let t = text.trim().trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '.' | '-' | '—' | '–' | '*' | '_')
    });
    // The longest empty value is "not applicable": a longer text is not lower-cased to tell.
    t.is_empty()
        || t.len() <= "not applicable".len()
            && matches!(
                t.to_lowercase().as_str(),
                "n/a" | "na" | "none" | "tbd" | "todo" | "not applicable" | "-"
            )
}

/// "N/A" (or "Not applicable", "None") followed by its reason, three words or more:
/// `N/A; quota accounting is per namespace`, `Not applicable — no new metrics`.
pub fn is_justified_not_applicable(text: &str) -> bool {
    let t = text
        .trim()
        .trim_start_matches(['*', '_', '—', '–', '-', ' ']);
    let lower = t.to_ascii_lowercase();
    ["n/a", "not applicable", "none"]
        .iter()
        .find_map(|marker| lower.strip_prefix(marker))
        // A whole word: "nonexistent" does not start with "none".
        .filter(|rest| !rest.starts_with(|c: char| c.is_alphanumeric()))
        .is_some_and(|rest| {
            let rest = rest.trim_start_matches(|c: char| !c.is_alphanumeric());
            rest.split_whitespace().count() >= 3
        })
}

/// A user story: "As a(n) <role>, I want/can/need ...", optionally labelled (`UC1:`).
pub fn is_user_story(text: &str) -> bool {
    let t = text
        .trim()
        .trim_start_matches(['*', '_', '"', '“', '\''])
        .to_lowercase();
    // An optional short label such as `UC1:` or `Story 1:` before the story.
    let t = match t.split_once(':') {
        Some((label, rest)) if label.len() <= 12 && label.split_whitespace().count() <= 2 => {
            rest.trim_start_matches(['*', '_', ' '])
        }
        _ => t.as_str(),
    };
    let Some(rest) = ["as a ", "as an ", "as the "]
        .iter()
        .find_map(|p| t.strip_prefix(p))
    else {
        return false;
    };
    // The first 120 characters.
    let window = &rest[..rest.char_indices().nth(120).map_or(rest.len(), |(i, _)| i)];
    [
        " i want",
        " i can",
        " i need",
        " i would",
        " i'd",
        " i should",
        " i expect",
        " i must",
    ]
    .iter()
    .any(|w| window.contains(w))
}

/// A goal that names an existing test suite or lane (`sig-network T1`, `sig-virt T2
/// Regression`, "the tier-2 regression suite") rather than something a user does: regression.
pub fn names_test_suite(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    if crate::prose::has_any(&lower, &["regression*"]) {
        return true;
    }
    // Every answer below needs a SIG, a suite or a lane: most texts name none of them.
    static NEEDED: std::sync::LazyLock<crate::prose::Needles> =
        std::sync::LazyLock::new(|| crate::prose::Needles::new(&["sig-", "suite", "lane"]));
    if !NEEDED.any_in(&lower) {
        return false;
    }
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .collect();
    let sig = words.iter().any(|w| w.starts_with("sig-"));
    let tier = words.iter().enumerate().any(|(i, w)| {
        matches!(
            *w,
            "t1" | "t2" | "t3" | "tier1" | "tier2" | "tier3" | "tier-1" | "tier-2" | "tier-3"
        ) || (*w == "tier"
            && words
                .get(i + 1)
                .is_some_and(|n| matches!(*n, "1" | "2" | "3")))
    });
    let suite = words
        .iter()
        .any(|w| matches!(*w, "suite" | "suites" | "lane" | "lanes"));
    (sig && (tier || suite)) || (tier && suite)
}

/// A risk entry that says there is no risk ("N/A", "None identified", "No risk").
pub fn is_no_risk(text: &str) -> bool {
    let text = text.trim();
    if is_empty_value(text) {
        return true;
    }
    // Only the first sentence decides: only it is lower-cased.
    let first = text.split(['.', ';', '\n']).next().unwrap_or("");
    // Every statement below starts with a word that starts with `n` (`n/a`, `none`,
    // `nothing`, `no`), or has eight words at most: a longer ASCII sentence whose first word
    // starts otherwise (nearly every real risk) is answered without lower-casing it (in
    // ASCII, lower-casing moves no word boundary). Words are split as below: `(No known
    // risks, ...)` starts with `No`.
    let is_separator = |c: char| !c.is_alphanumeric() && c != '/';
    if first.is_ascii()
        && !first
            .trim_start_matches(is_separator)
            .starts_with(['n', 'N'])
        && first
            .split(is_separator)
            .filter(|w| !w.is_empty())
            .nth(8)
            .is_some()
    {
        return false;
    }
    let first = first.to_lowercase();
    if first.starts_with("n/a") {
        return true;
    }
    let sentence = first.trim();
    let words: Vec<&str> = sentence
        .split(|c: char| !c.is_alphanumeric() && c != '/')
        .filter(|w| !w.is_empty())
        .collect();
    const ENDINGS: &[&str] = &[
        "identified",
        "known",
        "expected",
        "foreseen",
        "found",
        "anticipated",
    ];
    // "None", "None identified": but not "None of our clusters has ARM nodes".
    if words.first() == Some(&"none") && words.get(1).is_none_or(|w| ENDINGS.contains(w)) {
        return true;
    }
    // "None — <reason>", "None: <reason>", "None (<reason>)": a no-risk statement that
    // gives its reason after a separator.
    if let Some(rest) = sentence.strip_prefix("none") {
        if rest
            .trim_start()
            .starts_with(['—', '–', '-', ':', ',', '('])
        {
            return true;
        }
    }
    if words.first() == Some(&"nothing") && words.len() <= 3 {
        return true;
    }
    const NOUNS: &[&str] = &[
        "risk",
        "risks",
        "concern",
        "concerns",
        "issue",
        "issues",
        "gap",
        "gaps",
        "impact",
        "constraint",
        "constraints",
        "requirement",
        "requirements",
        "dependency",
        "dependencies",
        "blocker",
        "blockers",
        "limitation",
        "limitations",
    ];
    // "No <a few words> risks [identified]", "No ... identified", "We see no risk here".
    match words.iter().position(|w| *w == "no") {
        Some(0) => {
            let rest = &words[1..];
            rest.iter().take(5).any(|w| NOUNS.contains(w))
                || rest.last().is_some_and(|w| ENDINGS.contains(w))
        }
        Some(i) => words.len() <= 8 && words.get(i + 1).is_some_and(|w| NOUNS.contains(w)),
        None => false,
    }
}

/// Hashes of template text, one per line in hexadecimal (`#` lines are notes), sorted.
fn fingerprints(data: &str) -> Vec<u64> {
    let mut v: Vec<u64> = data
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| u64::from_str_radix(l.trim(), 16).ok())
        .collect();
    v.sort_unstable();
    v
}

/// The template's guidance comments, whole and by first line (see `data/README.md`).
static COMMENT_FINGERPRINTS: std::sync::LazyLock<Vec<u64>> = std::sync::LazyLock::new(|| {
    fingerprints(include_str!("../data/template-comment-fingerprints.txt"))
});

/// The template's descriptions of the Test Strategy items (see `data/README.md`).
static STRATEGY_FINGERPRINTS: std::sync::LazyLock<Vec<u64>> = std::sync::LazyLock::new(|| {
    fingerprints(include_str!("../data/template-strategy-fingerprints.txt"))
});

/// The older, table-layout template's review checklist Details cells, whole and by first
/// line (see `data/README.md`).
static CHECKLIST_FINGERPRINTS: std::sync::LazyLock<Vec<u64>> = std::sync::LazyLock::new(|| {
    fingerprints(include_str!("../data/template-checklist-fingerprints.txt"))
});

/// The template's example test scenarios, in both layouts (see `data/README.md`).
static SCENARIO_FINGERPRINTS: std::sync::LazyLock<Vec<u64>> = std::sync::LazyLock::new(|| {
    fingerprints(include_str!("../data/template-scenario-fingerprints.txt"))
});

/// Whether a scenario's text (without its tier) is one of the template's example scenarios
/// ("Verify ... new feature X"), left in as written.
pub fn is_template_scenario(text: &str) -> bool {
    SCENARIO_FINGERPRINTS
        .binary_search(&fnv1a64(normalise(text).as_bytes()))
        .is_ok()
}

/// Lower case, white space collapsed: how `scripts/template_fingerprints.py` reads text
/// before hashing it.
fn normalise(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// 64-bit FNV-1a: the same function as `scripts/template_fingerprints.py`, and stable across
/// Rust versions and platforms (the standard library's hasher is not), which hashes kept in
/// files (these fingerprints, the baseline's) need.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Whether an HTML comment's text (without `<!--` and `-->`) is one of the template's
/// guidance comments, whole or by its first line (of 30 characters or more).
pub fn is_template_comment(body: &str) -> bool {
    whole_or_first_line_in(body, &COMMENT_FINGERPRINTS)
}

/// Whether a review checklist item's details are the text the older, table-layout template
/// gave its row ("Reviewed the relevant requirements."), whole or by their first line: the
/// template's description of the step, not what the review found.
pub fn is_template_checklist_details(details: &str) -> bool {
    whole_or_first_line_in(details, &CHECKLIST_FINGERPRINTS)
}

/// Whether a text's fingerprint, or its first line's when that has 30 characters or more,
/// is one of `fingerprints` (sorted): how `scripts/template_fingerprints.py` records them.
fn whole_or_first_line_in(text: &str, fingerprints: &[u64]) -> bool {
    let whole = fnv1a64(normalise(text).as_bytes());
    let first = normalise(text.trim().split('\n').next().unwrap_or(""));
    fingerprints.binary_search(&whole).is_ok()
        || (first.len() >= 30
            && fingerprints
                .binary_search(&fnv1a64(first.as_bytes()))
                .is_ok())
}

/// Whether a Test Strategy item's description (the text after `**Name** —`) is the
/// template's own, whole or shortened (its first four words), as opposed to the author's
/// words written in its place.
pub fn is_template_strategy_description(text: &str) -> bool {
    let whole = normalise(text);
    let first_words = whole.split(' ').take(4).collect::<Vec<_>>().join(" ");
    [whole.as_str(), first_words.as_str()].iter().any(|t| {
        STRATEGY_FINGERPRINTS
            .binary_search(&fnv1a64(t.as_bytes()))
            .is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a64_is_the_published_function() {
        // Test vectors of the FNV reference: "" and "a".
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn a_justified_not_applicable_needs_a_reason_after_a_whole_word() {
        assert!(is_justified_not_applicable("N/A; quotas are per namespace"));
        assert!(is_justified_not_applicable(
            "— Not applicable: no new metrics here"
        ));
        assert!(!is_justified_not_applicable("N/A"));
        assert!(!is_justified_not_applicable("N/A, see above"));
        assert!(!is_justified_not_applicable(
            "nonexistent PVC sources fail cleanly"
        ));
    }
    use crate::markdown::{parse, Block};

    fn found(src: &str) -> Vec<String> {
        let doc = parse(src);
        let Block::Paragraph(p) = &doc.blocks[0] else {
            panic!()
        };
        let t = Text::from_inlines(&p.content);
        find_placeholders(&t)
            .into_iter()
            .map(|p| t.text[p.range].to_string())
            .collect()
    }

    #[test]
    fn jira_keys() {
        assert!(is_jira_key("CNV-123"));
        assert!(is_jira_key("VIRTSTRAT-480"));
        assert!(!is_jira_key("Jira-123"));
        assert!(!is_jira_key("CNV-"));
        assert!(!is_jira_key("cnv-1"));
    }

    #[test]
    fn prompts_are_found() {
        for prompt in [
            "[Name/Date]",
            "[TBD]",
            "[Add details]",
            "[ Add details ]",
            "[version or N/A]",
            "[Name / @github-username]",
            "[Jira-123]",
            "[e.g., Core OCP network functionality]",
            "[Name(s)]",
            "[Feature Title/Name]",
            "[Summarize requirements here]",
        ] {
            assert_eq!(
                found(&format!("x {prompt} y")),
                vec![prompt.to_string()],
                "{prompt}"
            );
        }
    }

    #[test]
    fn real_brackets_are_not_prompts() {
        for text in [
            "[Tier 2] Verify",
            "[P0] goal",
            "[CNV-123] thing",
            "[x] done",
            "[Ruth Netser] (@rnetser)",
            "[RHCOS 9 and RHCOS 10 Worker Nodes Support] - Quality Engineering Plan",
            "[ in-progress ]",
            "Mentions todo and tbd in prose, TODOS and `TODO` in code",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    fn text(src: &str) -> Text {
        match parse(src).blocks.first() {
            Some(Block::Paragraph(p)) => Text::from_inlines(&p.content),
            _ => Text::default(),
        }
    }

    #[test]
    fn sign_offs_seen_in_real_plans_have_a_name_and_a_date() {
        for value in [
            "Ronen Sde-Or, 04/2026",
            "[Dominik Holler] / 1.5.2026",
            "@handle 2026-04-19",
            "Peter Lauterbach/16-06-2026",
            "Jose Manuel Castano, Apr 22, 2026",
            "Kate Shvaika/2026-05-05",
            "Martin Tessun (@mtessun) / 2026-04-15",
            "Adam Litke, May 26 2026",
            "[x] Ronen Sde-Or 01/2026",
            "[x] phoracek@redhat.com (03/2026)",
            "Ronen Sde-Or (2026-05-13)",
            "Kate Shvaika, Danny Sanatar / 2026-05-05",
            "Emanuele Prella/28-05-2026",
        ] {
            assert_eq!(
                sign_off_parts(&text(value)),
                SignOffParts {
                    name: true,
                    date: true
                },
                "{value}"
            );
        }
    }

    #[test]
    fn placeholder_sign_offs_lack_name_or_date() {
        for (value, name, date) in [
            ("[Name/Date]", false, false),
            ("TBD", false, false),
            ("TODO", false, false),
            ("", false, false),
            ("[Name]", false, false),
            ("Ronen Sde-Or", true, false),
            ("2026-05-01", false, true),
            (
                "[Name/Date — confirms awareness and acceptance of this limitation]",
                false,
                false,
            ),
            ("Pending approval, 2026-09-01", false, true),
            ("Will be signed off by 2026-09-01", false, true),
        ] {
            assert_eq!(
                sign_off_parts(&text(value)),
                SignOffParts { name, date },
                "{value:?}"
            );
        }
    }

    #[test]
    fn user_stories_versions_and_empty_values() {
        assert!(is_user_story("As a cluster admin, I want to add nodes"));
        assert!(is_user_story("**UC1:** As a VM owner, I want snapshots"));
        assert!(is_user_story("As an integration tool, I can define a VM"));
        assert!(!is_user_story("Measure VM stuntime over Linux bridge"));
        assert!(has_version("v4.22") && has_version("4.23/5.0") && !has_version("N/A"));
        assert!(
            is_empty_value(" N/A ") && is_empty_value("-") && !is_empty_value("N/A - not needed")
        );
        assert!(
            is_no_risk("None identified.")
                && is_no_risk("No scheduling or deadline risks identified")
        );
        assert!(!is_no_risk("Main STP is not ready"));
        assert!(is_no_risk("Nothing identified.") && is_no_risk("We see no risk here."));
        assert!(
            is_no_risk("No special resource requirements.")
                && is_no_risk("No untestable scenarios identified")
        );
        assert!(!is_no_risk(
            "None of our clusters has ARM nodes, so ARM is untested."
        ));
        // A no-risk statement with its reason after a separator.
        assert!(
            is_no_risk("None — every part of the feature can be exercised.")
                && is_no_risk("None: the lab already has the hardware")
                && is_no_risk("None (covered by existing lanes)")
        );
        assert!(!is_no_risk(
            "No ARM lab is available; coverage gaps expected."
        ));
        // A long sentence is read whole unless it starts otherwise than with `n`.
        assert!(!is_no_risk(
            "Upgrade from an older release may leave stale state behind in the cluster."
        ));
        assert!(is_no_risk("We expect no risk at all here."));
        assert!(is_no_risk(
            "No risks for the migration of the virtual machines between the nodes are known"
        ));
        assert!(is_no_risk(
            "(No known risks, as the change only touches the console's list view)"
        ));
        assert!(is_no_risk(
            "\"None identified\" by the team after the review of the design and the code"
        ));
        assert!(
            is_user_story("As an admin, I'd like a button")
                && is_user_story("Story 1: As a VM owner, I want x")
        );
    }

    #[test]
    fn dates_in_many_spellings() {
        for (text, date) in [
            ("Jane, 2026-04-19.", "2026-04-19"),
            ("x 16-06-2026", "16-06-2026"),
            ("1.5.2026 ok", "1.5.2026"),
            ("(03/2026)", "03/2026"),
            ("12/05/2026", "12/05/2026"),
            ("Apr 22, 2026", "Apr 22, 2026"),
            ("May 26 2026", "May 26 2026"),
            ("on 20 May 2026", "20 May 2026"),
            ("May 2026", "May 2026"),
            ("2026/05", "2026/05"),
        ] {
            let r = find_date(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(&text[r], date);
        }
        for text in ["4.22", "v5.0", "CNV-2026", "Mayday 2026x", "12345"] {
            assert_eq!(find_date(text), None, "{text}");
        }
    }

    #[test]
    fn bare_markers() {
        assert_eq!(found("Owner: TBD, later TODO."), vec!["TBD", "TODO"]);
    }
}
