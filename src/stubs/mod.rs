//! `stp stubs`: STD (software test description) stubs for a plan's scenarios, in the CNV
//! style that `stp trace` reads back (`../shared/spec/traceability.md`): a module docstring
//! with `STP:` and the plan's URL, `__test__ = False`, one test per scenario with a one-line
//! summary (`[NEGATIVE]` for failure cases), `Markers:`, `Preconditions:`, `Steps:`,
//! `Expected:`, and `@pytest.mark.polarion(...)`. Tier 3 is an explicit `tier3` marker,
//! Tier 2 is implicit, Tier 1 belongs upstream (a Ginkgo `PendingIt` with `--lang go`).
//!
//! Scenarios come from the typed model; stubs never overwrite a file, and a scenario that
//! already has a stub for the same plan is reported, not written again.

mod target;

use crate::check;
use crate::model::{Scenario, Stp};
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const PYTHON_TEMPLATE: &str = include_str!("../../templates/std-stub.py.jinja");
const GO_TEMPLATE: &str = include_str!("../../templates/ginkgo-stub.go.jinja");

/// The placeholder Polarion ID: valid for the marker, obviously not real.
pub const POLARION_PLACEHOLDER: &str = "CNV-00000";

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// pytest stubs for the downstream (Tier 2 and Tier 3) scenarios.
    Python,
    /// Ginkgo `PendingIt` stubs for the upstream (Tier 1) scenarios.
    Go,
}

#[derive(clap::Args, Debug)]
pub struct StubsArgs {
    /// The STP whose Section III scenarios get stubs.
    pub plan: PathBuf,
    /// The test repository (the directory with its pytest.ini, or a directory inside it).
    #[arg(long, value_name = "DIR")]
    pub tests: PathBuf,
    /// The directory to write into [default: <tests>/tests/<sig's directory>/<feature>/].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// CSV rows of `<requirement ID or scenario text>,<Polarion ID>`.
    #[arg(long, value_name = "MAP.csv")]
    pub polarion: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Lang::Python)]
    pub lang: Lang,
    /// Base URL of the plans' repository (`https://github.com/<org>/<repo>/blob/main`)
    /// [default: from the plan's git remote `origin`].
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

/// One scenario, ready to render.
#[derive(Debug, Serialize)]
struct Stub {
    name: String,
    /// The one-line summary, wrapped for the docstring.
    summary: Vec<String>,
    /// The requirement the scenario traces to (`CNV-1: As a user, ...`), wrapped.
    requirement: Vec<String>,
    /// Numbered steps, wrapped (continuation lines indented); empty when the scenario
    /// states only an outcome.
    steps: Vec<String>,
    expected: Vec<String>,
    markers: Vec<String>,
    polarion: String,
    polarion_placeholder: bool,
    /// The scenario's 0-based position in Section III, written as `STP Scenario: N` so that
    /// `stp trace` matches the stub to its scenario exactly.
    scenario: usize,
    /// Go: the spec's quoted text.
    spec: String,
}

/// `stp stubs`: writes the stubs; an error is a message for the CLI to print (exit 2).
pub fn run(args: &StubsArgs) -> Result<(), String> {
    let shown = check::display(&args.plan);
    let parsed = check::read_text(&args.plan, check::DEFAULT_MAX_FILE_SIZE)
        .and_then(|t| check::parse_text(t, check::path_facts(&args.plan)))
        .map_err(|e| format!("{shown}: {e}"))?;
    let stp = &parsed.stp;
    if stp.scenarios.is_empty() {
        return Err(format!("{shown}: no test scenarios in Section III"));
    }
    if !args.tests.is_dir() {
        return Err(format!(
            "--tests {}: not a directory",
            check::display(&args.tests)
        ));
    }
    let root = target::pytest_root(&args.tests);
    let markers = match &root {
        Some(root) => {
            let ini = root.join("pytest.ini");
            let text = std::fs::read_to_string(&ini)
                .map_err(|e| format!("{}: {e}", check::display(&ini)))?;
            target::registered_markers(&text)
        }
        None => {
            eprintln!(
                "warning: no pytest.ini in {} or above; stubs use only the polarion marker",
                check::display(&args.tests)
            );
            BTreeSet::new()
        }
    };
    let root = root.unwrap_or_else(|| args.tests.clone());
    let mut polarion = match &args.polarion {
        Some(path) => Some(target::PolarionMap::read(path)?),
        None => None,
    };
    let (plan_url, is_url) = target::plan_url(&args.plan, args.base_url.as_deref());
    if !is_url {
        eprintln!("warning: {shown} is not in a git repository with an `origin` remote; `STP:` gives the path {plan_url} (pass --base-url for a full URL)");
    }
    let plan_file = args
        .plan
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let feature = feature_name(&args.plan);
    let title = plan_title(stp, &feature);
    let out_dir = match &args.out {
        Some(dir) => dir.clone(),
        None => default_dir(&root, &sig_of(&args.plan, stp), &feature, args.lang),
    };
    let existing = target::files_for_plan(&root, &plan_file);

    let mut stubs = Vec::new();
    let mut names = BTreeSet::new();
    let mut requirement: Option<String> = None;
    let mut last_story: Option<String> = None;
    let mut placeholders = 0;
    let mut skipped_existing = 0;
    for (scenario_index, scenario) in stp.scenarios.iter().enumerate() {
        if let Some(r) = &scenario.requirement {
            requirement = Some(r.text.trim().to_string());
            last_story = None;
        }
        let Some(text) = scenario.text.as_ref().map(|t| t.text.trim().to_string()) else {
            continue;
        };
        if text.is_empty() {
            continue;
        }
        let tier = scenario.tier.map(|t| t.level);
        let label = format!(
            "{} \"{}\"",
            requirement.as_deref().unwrap_or("(no ID)"),
            short(&text)
        );
        match (tier, args.lang) {
            (Some(1), Lang::Python) => {
                eprintln!("note: {label} is Tier 1: it belongs upstream as a Ginkgo test (`--lang go` writes a PendingIt stub)");
                continue;
            }
            (Some(2 | 3) | None, Lang::Go) => {
                eprintln!("note: {label} is not Tier 1: it is a downstream pytest test (run without `--lang go`)");
                continue;
            }
            _ => {}
        }
        let mut stub = make_stub(scenario, &text, &markers, &mut names);
        if let Some(key) = &requirement {
            let story = scenario
                .summary
                .as_ref()
                .map(|s| s.text.trim())
                .filter(|s| !s.is_empty())
                .or(last_story.as_deref());
            let line = match story {
                Some(story) => format!("{key}: {}", python_safe(story)),
                None => key.clone(),
            };
            stub.requirement = wrap(&format!("Requirement {line}"), 88);
        }
        if let Some(story) = scenario.summary.as_ref().filter(|s| !s.is_blank()) {
            last_story = Some(story.text.trim().to_string());
        }
        if let Some(found) = existing.iter().find(|f| {
            f.flat.contains(&target::flatten(&stub.summary.join(" ")))
                || f.flat.contains(&format!("def {}(", stub.name))
        }) {
            eprintln!(
                "exists: {label} already has a stub in {}",
                check::display(&found.path)
            );
            skipped_existing += 1;
            continue;
        }
        let id = polarion
            .as_mut()
            .and_then(|m| m.take(requirement.as_deref(), &text));
        let test_id = id
            .as_deref()
            .and_then(|i| i.rsplit('-').next())
            .unwrap_or("TBD")
            .to_string();
        let stub = Stub {
            spec: go_string(&format!("[test_id:{test_id}] {}", describe(&text).outcome)),
            polarion_placeholder: id.is_none(),
            polarion: id.unwrap_or_else(|| POLARION_PLACEHOLDER.to_string()),
            scenario: scenario_index,
            ..stub
        };
        if stub.polarion_placeholder {
            placeholders += 1;
        }
        if tier == Some(3) && !markers.contains("tier3") {
            eprintln!(
                "warning: {label} is Tier 3, but pytest.ini registers no `tier3` marker; left out"
            );
        }
        if tier.is_none() {
            eprintln!("note: {label} has no tier in the plan; written as Tier 2 (no marker)");
        }
        stubs.push(stub);
    }
    if stubs.is_empty() {
        eprintln!(
            "nothing to write: {} scenario(s) already have stubs, the rest are not for {}",
            skipped_existing,
            match args.lang {
                Lang::Python => "pytest",
                Lang::Go => "Ginkgo",
            }
        );
        return Ok(());
    }
    let (file_stem, extension) = match args.lang {
        Lang::Python => (format!("test_{feature}"), "py"),
        Lang::Go => (format!("{feature}_test"), "go"),
    };
    let path = free_path(&out_dir, &file_stem, extension);
    let text = render(args.lang, &title, &plan_url, stp, &stubs)?;
    let new_dir = !out_dir.exists();
    crate::new::write_new_file(&path, &text, false)?;
    if new_dir && args.lang == Lang::Python {
        add_package_marker(&out_dir);
    }
    println!(
        "wrote {}: {} stub(s) for {shown}",
        check::display(&path),
        stubs.len()
    );
    if placeholders > 0 {
        eprintln!(
            "placeholder: {placeholders} stub(s) carry {}; replace it with the real Polarion IDs or pass --polarion MAP.csv",
            match args.lang {
                Lang::Python => format!("polarion(\"{POLARION_PLACEHOLDER}\")"),
                Lang::Go => "[test_id:TBD]".to_string(),
            }
        );
    }
    Ok(())
}

fn short(text: &str) -> String {
    let mut s: String = text.chars().take(60).collect();
    if text.chars().count() > 60 {
        s.push('…');
    }
    s
}

/// A new test directory gets an `__init__.py` when its parent package has one, as the CNV
/// tree does.
fn add_package_marker(dir: &Path) {
    let Some(parent) = dir.parent() else { return };
    let marker = dir.join("__init__.py");
    if parent.join("__init__.py").is_file() && !marker.exists() {
        let _ = std::fs::write(marker, "");
    }
}

/// `test_<feature>.py`, or `test_<feature>_2.py` and so on when it exists: never overwrite.
fn free_path(dir: &Path, stem: &str, extension: &str) -> PathBuf {
    let first = dir.join(format!("{stem}.{extension}"));
    if !first.exists() {
        return first;
    }
    (2..)
        .map(|n| dir.join(format!("{stem}_{n}.{extension}")))
        .find(|p| !p.exists())
        .expect("some numbered name is free")
}

/// The feature's name from the plan's file (`stps/sig-x/feature/stp.md` -> its directory).
fn feature_name(plan: &Path) -> String {
    let stem = plan
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let name = if stem == "stp" {
        std::path::absolute(plan)
            .ok()
            .and_then(|p| {
                p.parent()
                    .and_then(|d| d.file_name())
                    .map(|n| n.to_string_lossy().to_string())
            })
            .unwrap_or(stem)
    } else {
        stem
    };
    identifier(&name, 60)
}

/// Lower-case words joined by `_`, at most `max` bytes, cut at a word.
fn identifier(text: &str, max: usize) -> String {
    let mut out = String::new();
    for word in text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() && out.len() + word.len() + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push('_');
        }
        out.push_str(&word.to_ascii_lowercase());
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "n_");
    }
    if out.is_empty() {
        "plan".to_string()
    } else {
        out
    }
}

/// The SIG directory the plan lives in (`stps/sig-network/...`), else its owning SIG.
fn sig_of(plan: &Path, stp: &Stp) -> Option<String> {
    let abs = std::path::absolute(plan).ok()?;
    abs.components()
        .filter_map(|c| c.as_os_str().to_str())
        .rfind(|c| c.starts_with("sig-"))
        .map(str::to_string)
        .or_else(|| stp.named_sigs().into_iter().next())
}

/// `<root>/tests/<team>/<feature>` for pytest, `<root>/tests` for Go.
fn default_dir(root: &Path, sig: &Option<String>, feature: &str, lang: Lang) -> PathBuf {
    let tests = if root.join("tests").is_dir() {
        root.join("tests")
    } else {
        root.to_path_buf()
    };
    if lang == Lang::Go {
        return tests;
    }
    let team = match sig.as_deref() {
        // The CNV repository's directory per SIG, where it differs from the SIG's name.
        Some("sig-iuo") => "install_upgrade_operators".to_string(),
        Some("sig-infra") => "infrastructure".to_string(),
        Some(sig) => identifier(sig.strip_prefix("sig-").unwrap_or(sig), 60),
        None => String::new(),
    };
    if team.is_empty() {
        tests.join(feature)
    } else {
        tests.join(team).join(feature)
    }
}

fn plan_title(stp: &Stp, feature: &str) -> String {
    stp.title
        .as_ref()
        .map(|t| {
            let t = t.text.text.trim();
            t.strip_suffix("- Quality Engineering Plan")
                .unwrap_or(t)
                .trim()
                .to_string()
        })
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| feature.replace('_', " "))
}

/// Words that make a scenario a failure case.
const NEGATIVE_CUES: &[&str] = &[
    "cannot",
    "can't",
    "reject",
    "rejected",
    "rejects",
    "fail",
    "fails",
    "failure",
    "denied",
    "deny",
    "denies",
    "invalid",
    "forbidden",
    "error",
    "prevent",
    "prevents",
    "blocked",
    "unauthorized",
    "refuse",
    "refused",
    "negative",
    "not allowed",
    "not permitted",
];

fn is_negative(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .collect();
    NEGATIVE_CUES.iter().any(|cue| {
        if cue.contains(' ') {
            lower.contains(cue)
        } else {
            words.contains(cue)
        }
    })
}

/// "Verify that X" -> "X": what the test asserts.
fn outcome(text: &str) -> String {
    let t = text.trim().trim_end_matches('.');
    let lower = t.to_ascii_lowercase();
    for prefix in [
        "verify that ",
        "validate that ",
        "check that ",
        "ensure that ",
        "confirm that ",
        "test that ",
        "verify ",
        "validate ",
        "check ",
        "ensure ",
        "confirm ",
        "test ",
    ] {
        if lower.starts_with(prefix) {
            return t[prefix.len()..].trim().to_string();
        }
    }
    t.to_string()
}

fn make_stub(
    scenario: &Scenario,
    text: &str,
    registered: &BTreeSet<String>,
    names: &mut BTreeSet<String>,
) -> Stub {
    let described = describe(text);
    let what = python_safe(&described.outcome);
    let mut summary = format!("Test that {}.", crate::templates::lower_first(&what));
    if is_negative(text) {
        summary.insert_str(0, "[NEGATIVE] ");
    }
    let mut name = format!("test_{}", identifier(&what, 70));
    if names.contains(&name) {
        name = (2..)
            .map(|n| format!("{name}_{n}"))
            .find(|n| !names.contains(n))
            .expect("a free name");
    }
    names.insert(name.clone());
    let mut markers = Vec::new();
    if scenario.tier.map(|t| t.level) == Some(3) && registered.contains("tier3") {
        markers.push("tier3".to_string());
    }
    Stub {
        name,
        summary: wrap(&summary, 88),
        requirement: Vec::new(),
        steps: described
            .steps
            .iter()
            .enumerate()
            .flat_map(|(i, step)| {
                wrap(&python_safe(step), 78)
                    .into_iter()
                    .enumerate()
                    .map(move |(j, line)| match j {
                        0 => format!("{}. {line}", i + 1),
                        _ => format!("   {line}"),
                    })
            })
            .collect(),
        expected: wrap(&capitalise(&what), 82),
        markers,
        polarion: String::new(),
        polarion_placeholder: true,
        scenario: 0,
        spec: String::new(),
    }
}

/// A scenario read as a test: what it asserts, and its steps when it spells them out.
struct Described {
    outcome: String,
    steps: Vec<String>,
}

/// One sentence ("Verify that X") is an outcome; several ("Deploy a VM. Run a backup.
/// Confirm X.") are steps whose checking sentences are the outcome.
fn describe(text: &str) -> Described {
    let text = without_trailing_aside(text);
    let sentences = sentences(&text);
    if sentences.len() < 2 {
        return Described {
            outcome: outcome(&text),
            steps: Vec::new(),
        };
    }
    let checks: Vec<String> = sentences
        .iter()
        .filter(|s| is_check(s))
        .map(|s| outcome(s))
        .collect();
    let outcome = if checks.is_empty() {
        outcome(sentences.last().expect("two or more sentences"))
    } else {
        checks.join("; ")
    };
    Described {
        outcome,
        steps: sentences
            .iter()
            .map(|s| s.trim_end_matches('.').to_string())
            .collect(),
    }
}

fn is_check(sentence: &str) -> bool {
    let lower = sentence.to_lowercase();
    [
        "confirm", "verify", "validate", "check", "ensure", "expect", "assert",
    ]
    .iter()
    .any(|w| lower.starts_with(w))
}

/// Drops a closing parenthetical note such as "(Upstream — kubevirt functional tests)".
fn without_trailing_aside(text: &str) -> String {
    let t = text.trim();
    if t.ends_with(')') {
        if let Some(open) = t.rfind('(') {
            let before = t[..open].trim_end();
            if before.ends_with(['.', '!']) {
                return before.to_string();
            }
        }
    }
    t.to_string()
}

/// Sentences: split after `.`, `!` or `?` followed by a space and an upper-case letter.
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for w in chars.windows(3) {
        let [(_, end), (_, space), (next_at, next)] = [w[0], w[1], w[2]];
        if matches!(end, '.' | '!' | '?') && space == ' ' && next.is_uppercase() {
            out.push(text[start..next_at].trim().to_string());
            start = next_at;
        }
    }
    let rest = text[start..].trim();
    if !rest.is_empty() {
        out.push(rest.to_string());
    }
    out
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Text that cannot end a docstring or start an escape.
fn python_safe(text: &str) -> String {
    text.replace('\\', "/")
        .replace("\"\"\"", "'''")
        .replace('"', "'")
}

/// A Go interpreted string literal.
fn go_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Greedy word wrap.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Module preconditions from the plan's environment: the fields that name something beyond
/// the standard cluster (hardware, operators, configurations).
fn preconditions(stp: &Stp) -> Vec<String> {
    stp.environment
        .iter()
        .filter(|f| {
            [
                "special hardware",
                "required operator",
                "special configuration",
            ]
            .iter()
            .any(|k| f.key.contains(k))
        })
        .filter_map(|f| {
            let value = f.full_text();
            let value = value.trim();
            let lower = value.to_lowercase();
            let empty = value.is_empty()
                || crate::recognise::is_empty_value(value)
                || value.starts_with('[')
                || lower.starts_with("n/a")
                || lower.starts_with("none");
            (!empty).then(|| {
                python_safe(&format!(
                    "{}: {}",
                    f.label.trim_end_matches(':'),
                    value.replace('\n', "; ")
                ))
            })
        })
        .collect()
}

#[derive(Serialize)]
struct GoSpec {
    spec: String,
    expected: String,
}

fn render(
    lang: Lang,
    title: &str,
    plan_url: &str,
    stp: &Stp,
    stubs: &[Stub],
) -> Result<String, String> {
    let context = match lang {
        Lang::Python => minijinja::context! {
            title => python_safe(title),
            plan_url => plan_url,
            preconditions => preconditions(stp),
            tests => crate::templates::context(&stubs),
        },
        Lang::Go => minijinja::context! {
            title => title.replace('\n', " "),
            plan_url => plan_url,
            describe => go_string(title),
            tests => stubs.iter().map(|s| crate::templates::context(&GoSpec {
                spec: s.spec.clone(),
                expected: s.expected.join(" "),
            })).collect::<Vec<_>>(),
        },
    };
    match lang {
        Lang::Python => crate::templates::render("stub.py", PYTHON_TEMPLATE, context),
        Lang::Go => crate::templates::render("stub.go", GO_TEMPLATE, context),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negative_cases_are_recognised() {
        assert!(is_negative("Verify a non-admin user cannot delete a VM"));
        assert!(is_negative("Verify invalid limits are rejected"));
        assert!(!is_negative("Verify the VM migrates within the window"));
        assert!(!is_negative(
            "Restore it. Data integrity is not verified here."
        ));
    }

    #[test]
    fn scenarios_with_steps() {
        let d = describe(
            "Deploy a VM. Run a backup. Confirm no hooks ran. (Upstream — kubevirt tests)",
        );
        assert_eq!(d.outcome, "no hooks ran");
        assert_eq!(
            d.steps,
            ["Deploy a VM", "Run a backup", "Confirm no hooks ran"]
        );
        let d = describe("Verify that the VM keeps its IP over live-migration.");
        assert_eq!(d.outcome, "the VM keeps its IP over live-migration");
        assert!(d.steps.is_empty());
    }

    #[test]
    fn outcomes_and_names() {
        assert_eq!(outcome("Verify that VMs keep running."), "VMs keep running");
        assert_eq!(
            identifier("VMs keep running (IPv6)", 70),
            "vms_keep_running_ipv6"
        );
        assert_eq!(wrap("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(go_string("say \"hi\""), "\"say \\\"hi\\\"\"");
    }
}
