//! `stp report`: a static HTML dashboard of a plan repository. `index.html` lists every plan
//! (SIG, owner, maturity, layout, findings by severity, blocking or not, sign-off,
//! scenarios by tier and priority, automation coverage when known); one page per plan shows
//! its findings next to the source lines they point at, and the in-document trace.
//!
//! Templated with askama (compiled, checked at build time, HTML-escaping every value): plan
//! text is data, never markup. The pages load nothing from anywhere: styles are inline, the
//! index's sort script is inline and allowed by a per-report nonce in the page's
//! Content-Security-Policy, and the table reads the same without it.

use crate::check::{self, FileReport, Reviewed};
use crate::diagnostic::Severity;
use crate::model::{SectionKind, Stp};
use askama::Template;
use std::path::{Path, PathBuf};

/// Automation coverage of one plan's scenarios, from the test inventory of `stp trace
/// --tests`: scenarios with an automated test, with only a stub, with none, and those
/// tested upstream.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlanCoverage {
    pub covered: usize,
    pub stub_only: usize,
    pub missing: usize,
    pub upstream: usize,
}

/// Named reviewers and approvers; complete when both are named and the sign-off section
/// has no blocking finding (a placeholder name, a missing role).
#[derive(Debug, Clone, Copy, Default)]
pub struct SignOffSummary {
    pub reviewers: usize,
    pub approvers: usize,
    pub complete: bool,
}

/// Scenarios by tier and priority.
#[derive(Debug, Clone, Copy, Default)]
pub struct ScenarioCounts {
    pub total: usize,
    pub tier1: usize,
    pub tier2: usize,
    pub no_tier: usize,
    pub p0: usize,
    pub p1: usize,
    pub p2: usize,
}

/// One row of the index.
#[derive(Debug, Clone)]
pub struct PlanSummary {
    pub path: String,
    /// The plan's page, relative to the index.
    pub page: String,
    pub title: String,
    pub sig: String,
    pub owner: String,
    pub maturity: String,
    pub layout: String,
    pub error: Option<String>,
    /// CRITICAL, HIGH, MEDIUM, LOW.
    pub by_severity: [usize; 4],
    pub blocking: bool,
    pub sign_off: SignOffSummary,
    pub scenarios: ScenarioCounts,
    pub coverage: Option<PlanCoverage>,
}

#[derive(clap::Args, Debug)]
pub struct ReportArgs {
    /// Files or directories (default: the repository's `stps/` directory).
    paths: Vec<PathBuf>,
    /// Directory to write `index.html` and the plan pages to (created if missing).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// A test repository whose tests are matched to the plans' scenarios (`stp trace --tests`).
    #[arg(long, value_name = "DIR")]
    tests: Option<PathBuf>,
    /// A plan is blocking when a finding reaches this severity [default: its configuration's, else HIGH].
    #[arg(long, value_name = "SEVERITY", value_parser = |s: &str| s.parse::<Severity>())]
    fail_on: Option<Severity>,
}

/// The automation coverage of each plan (same order), from the tests under `tests`: the plans
/// named by `paths` joined with the test inventory exactly as `stp trace --tests` joins them.
fn coverage_for(
    tests: &Path,
    paths: &[PathBuf],
    plans: &[(PathBuf, Reviewed)],
) -> Result<Vec<Option<PlanCoverage>>, String> {
    use crate::coverage::{self, ScenarioStatus};
    if !tests.is_dir() {
        return Err(format!(
            "--tests {}: not a directory",
            check::display(tests)
        ));
    }
    let (read, repository_given, _already_reported) = coverage::read_plans(paths);
    let inventory = crate::inventory::scan(tests);
    let joined = coverage::join(&read, std::slice::from_ref(&inventory), repository_given);
    Ok(plans
        .iter()
        .map(|(path, _)| {
            let key = coverage::plan_key(path);
            let row = joined.plans.iter().find(|row| row.path == key)?;
            let mut counts = PlanCoverage::default();
            for scenario in &row.scenarios {
                match scenario.status {
                    ScenarioStatus::Covered => counts.covered += 1,
                    ScenarioStatus::StubOnly => counts.stub_only += 1,
                    ScenarioStatus::Missing => counts.missing += 1,
                    ScenarioStatus::Upstream => counts.upstream += 1,
                }
            }
            Some(counts)
        })
        .collect())
}

pub fn run(args: ReportArgs) -> i32 {
    let paths = if args.paths.is_empty() {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        match check::default_stps_dir(&cwd) {
            Some(dir) => vec![dir],
            None => {
                eprintln!("error: no paths given and no stps/ directory found here or above; pass the STP files or directories to report on");
                return 2;
            }
        }
    } else {
        args.paths
    };
    let found = check::discover(&paths, false, false);
    for missing in &found.missing {
        eprintln!("error: {missing} does not exist");
    }
    let plans = review(&found.files);
    let coverage = match &args.tests {
        None => vec![None; plans.len()],
        Some(tests) => match coverage_for(tests, &paths, &plans) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("error: {e}");
                return 2;
            }
        },
    };
    match write(&args.out, &plans, &coverage, args.fail_on) {
        Ok(n) => {
            eprintln!(
                "Wrote {} ({n} plan page(s))",
                check::display(&args.out.join("index.html"))
            );
            let errors =
                !found.missing.is_empty() || plans.iter().any(|(_, r)| r.report.error.is_some());
            i32::from(errors) * 2
        }
        Err(e) => {
            eprintln!(
                "error: cannot write the report to {}: {e}",
                check::display(&args.out)
            );
            2
        }
    }
}

/// Reviews each file, keeping the model the report reads.
pub fn review(files: &[PathBuf]) -> Vec<(PathBuf, Reviewed)> {
    use rayon::prelude::*;
    files
        .par_iter()
        .map(|path| {
            let options = check::Options::default();
            let reviewed = match (
                check::settings_for(path, &options),
                check::read_text(path, options.max_file_size),
            ) {
                (Err(e), _) | (_, Err(e)) => Reviewed {
                    report: FileReport::failed(path, e),
                    stp: None,
                },
                (Ok(settings), Ok(text)) => check::review_keeping_model(
                    path,
                    text,
                    check::path_facts(path),
                    settings,
                    |stp| check::neighbour_facts(path, stp),
                ),
            };
            (path.clone(), reviewed)
        })
        .collect()
}

/// Writes `index.html` and one page per plan into `out`; returns the number of plan pages.
pub fn write(
    out: &Path,
    plans: &[(PathBuf, Reviewed)],
    coverage: &[Option<PlanCoverage>],
    fail_on: Option<Severity>,
) -> std::io::Result<usize> {
    std::fs::create_dir_all(out)?;
    let pages = page_names(plans.iter().map(|(p, _)| p.as_path()));
    let mut summaries = Vec::with_capacity(plans.len());
    for (((path, reviewed), page), coverage) in plans.iter().zip(&pages).zip(coverage) {
        let summary = summarise(path, reviewed, page, *coverage, fail_on);
        let html = plan_page(&summary, reviewed)
            .render()
            .map_err(std::io::Error::other)?;
        std::fs::write(out.join(page), html)?;
        summaries.push(summary);
    }
    let html = index_page(&summaries)
        .render()
        .map_err(std::io::Error::other)?;
    std::fs::write(out.join("index.html"), html)?;
    Ok(summaries.len())
}

/// A file name per plan from its path (`stps/sig-net/a b.md` -> `sig-net-a-b.html`),
/// unique within the report.
fn page_names<'a>(paths: impl Iterator<Item = &'a Path>) -> Vec<String> {
    let mut used = std::collections::HashSet::new();
    paths
        .map(|path| {
            let shown = check::display(path);
            let shown = shown
                .rsplit_once("stps/")
                .map_or(shown.as_str(), |(_, rest)| rest);
            let stem = shown.strip_suffix(".md").unwrap_or(shown);
            let mut base: String = stem
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '_' {
                        c
                    } else {
                        '-'
                    }
                })
                .collect();
            base = base.trim_matches('-').to_string();
            if base.is_empty() || base == "index" {
                base = format!("plan-{base}");
            }
            let mut name = format!("{base}.html");
            let mut n = 2;
            while !used.insert(name.clone()) {
                name = format!("{base}-{n}.html");
                n += 1;
            }
            name
        })
        .collect()
}

/// The first metadata field whose key has one of `keys`, as one line.
fn metadata(stp: &Stp, keys: &[&str], except: &[&str]) -> Option<String> {
    let field = stp.metadata.iter().find(|f| {
        keys.iter().any(|k| f.key.contains(k)) && !except.iter().any(|k| f.key.contains(k))
    })?;
    let text = field
        .full_text()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ");
    (!text.is_empty()).then_some(text)
}

fn summarise(
    path: &Path,
    reviewed: &Reviewed,
    page: &str,
    coverage: Option<PlanCoverage>,
    fail_on: Option<Severity>,
) -> PlanSummary {
    let report = &reviewed.report;
    let threshold = fail_on.or(report.fail_on).unwrap_or(Severity::High);
    let count = |s: Severity| {
        report
            .diagnostics
            .iter()
            .filter(|d| d.severity == s)
            .count()
    };
    let shown = check::display(path);
    let sig_dir = shown
        .split('/')
        .skip_while(|c| *c != "stps")
        .nth(1)
        .filter(|c| c.starts_with("sig-"))
        .map(str::to_string);
    let stp = reviewed.stp.as_ref();
    let unknown = || "-".to_string();
    let sign_off = stp.map_or_else(SignOffSummary::default, |stp| {
        let reviewers = stp.sign_off.reviewers.len();
        let approvers = stp.sign_off.approvers.len();
        let blocked = report
            .diagnostics
            .iter()
            .any(|d| d.section == Some(SectionKind::SignOff) && d.severity >= threshold);
        SignOffSummary {
            reviewers,
            approvers,
            complete: reviewers > 0 && approvers > 0 && !blocked,
        }
    });
    let scenarios = stp.map_or_else(ScenarioCounts::default, |stp| {
        let tier = |level| {
            stp.scenarios
                .iter()
                .filter(|s| s.tier.is_some_and(|t| t.level == level))
                .count()
        };
        let priority = |level| {
            stp.scenarios
                .iter()
                .filter(|s| s.priority.is_some_and(|p| p.level == level))
                .count()
        };
        ScenarioCounts {
            total: stp.scenarios.len(),
            tier1: tier(1),
            tier2: tier(2),
            no_tier: stp.scenarios.iter().filter(|s| s.tier.is_none()).count(),
            p0: priority(0),
            p1: priority(1),
            p2: priority(2),
        }
    });
    PlanSummary {
        path: shown.clone(),
        page: page.to_string(),
        title: stp
            .and_then(|s| s.title.as_ref())
            .map(|t| {
                t.text
                    .text
                    .trim()
                    .trim_end_matches("- Quality Engineering Plan")
                    .trim()
                    .to_string()
            })
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| shown.rsplit('/').next().unwrap_or(&shown).to_string()),
        sig: stp
            .and_then(|s| metadata(s, &["owning sig", "sig"], &["participating"]))
            .or(sig_dir)
            .unwrap_or_else(unknown),
        owner: stp
            .and_then(|s| metadata(s, &["qe owner", "owner"], &[]))
            .unwrap_or_else(unknown),
        maturity: stp
            .and_then(|s| metadata(s, &["maturity", "target release"], &[]))
            .unwrap_or_else(unknown),
        layout: report.layout.map_or("-", |l| l.as_str()).to_string(),
        error: report.error.clone(),
        by_severity: [
            count(Severity::Critical),
            count(Severity::High),
            count(Severity::Medium),
            count(Severity::Low),
        ],
        blocking: report.diagnostics.iter().any(|d| d.severity >= threshold),
        sign_off,
        scenarios,
        coverage,
    }
}

const CSS: &str = include_str!("../../templates/report/base.css");
const SORT_SCRIPT: &str = include_str!("../../templates/report/sort.js");

#[derive(Template)]
#[template(path = "report/index.html")]
struct IndexPage<'a> {
    plans: &'a [PlanSummary],
    blocking: usize,
    totals: Vec<(&'static str, usize)>,
    has_coverage: bool,
    version: &'static str,
    css: &'static str,
    script: &'static str,
    nonce: String,
}

fn index_page(plans: &[PlanSummary]) -> IndexPage<'_> {
    let totals = Severity::ALL
        .iter()
        .enumerate()
        .map(|(i, s)| (s.as_str(), plans.iter().map(|p| p.by_severity[i]).sum()))
        .collect();
    IndexPage {
        plans,
        blocking: plans.iter().filter(|p| p.blocking).count(),
        totals,
        has_coverage: plans.iter().any(|p| p.coverage.is_some()),
        version: env!("CARGO_PKG_VERSION"),
        css: CSS,
        script: SORT_SCRIPT,
        nonce: nonce(),
    }
}

/// A value a plan's text cannot know in advance, so that even markup slipping past the
/// escaping could not run as the page's script.
fn nonce() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    h.write_u32(std::process::id());
    format!("{:016x}", h.finish())
}

struct FindingView {
    line: usize,
    column: usize,
    severity: &'static str,
    code: &'static str,
    name: &'static str,
    message: String,
    help: Option<String>,
    section: String,
}

struct LineView {
    number: usize,
    text: String,
    findings: Vec<FindingView>,
}

struct TraceView {
    kind: &'static str,
    text: String,
    scenarios: Vec<String>,
}

#[derive(Template)]
#[template(path = "report/plan.html")]
struct PlanPage<'a> {
    plan: &'a PlanSummary,
    findings: Vec<FindingView>,
    lines: Vec<LineView>,
    trace: Vec<TraceView>,
    /// The trace's limit of pairs, when the plan has more and was not traced.
    untraced_above: Option<usize>,
    css: &'static str,
}

fn plan_page<'a>(plan: &'a PlanSummary, reviewed: &Reviewed) -> PlanPage<'a> {
    let report = &reviewed.report;
    let mut findings = Vec::new();
    let mut lines = Vec::new();
    if let Some(source) = &report.source {
        let view = |d: &crate::diagnostic::Diagnostic| {
            let at = source.line_col(d.span.start);
            FindingView {
                line: at.line,
                column: at.column,
                severity: d.severity.as_str(),
                code: d.rule.code,
                name: d.rule.name,
                message: d.message.clone(),
                help: d.help.clone(),
                section: d
                    .section
                    .map(|s| s.display().to_string())
                    .unwrap_or_default(),
            }
        };
        findings = report.diagnostics.iter().map(view).collect();
        let text = source.text.as_str();
        let count = source.lines.line_count(text);
        lines = (0..count)
            .map(|i| LineView {
                number: i + 1,
                text: text[source.lines.line_span(text, i).range()].to_string(),
                findings: Vec::new(),
            })
            .collect();
        for d in &report.diagnostics {
            let i = source
                .lines
                .line_of(d.span.start)
                .min(count.saturating_sub(1));
            if let Some(line) = lines.get_mut(i) {
                line.findings.push(view(d));
            }
        }
    }
    let trace = reviewed.stp.as_ref().map(crate::trace::in_document);
    let untraced_above = trace
        .as_ref()
        .is_some_and(|t| t.too_large)
        .then_some(crate::trace::MAX_PAIRS);
    let trace = match (&reviewed.stp, &trace) {
        (Some(stp), Some(trace)) => trace_view(stp, trace),
        _ => Vec::new(),
    };
    PlanPage {
        plan,
        findings,
        lines,
        trace,
        untraced_above,
        css: CSS,
    }
}

/// Goals and acceptance criteria with the scenarios that cover them (`stp trace --in-document`).
fn trace_view(stp: &Stp, trace: &crate::trace::Trace) -> Vec<TraceView> {
    let scenario = |i: usize| {
        let s = &stp.scenarios[i];
        s.text
            .as_ref()
            .or(s.summary.as_ref())
            .map(|t| t.text.clone())
            .unwrap_or_default()
    };
    let rows = |kind: &'static str, matches: &[crate::trace::Match]| {
        matches
            .iter()
            .map(|m| TraceView {
                kind,
                text: m.text.clone(),
                scenarios: m
                    .candidates
                    .iter()
                    .filter(|c| c.score >= trace.threshold)
                    .map(|c| scenario(c.scenario))
                    .collect(),
            })
            .collect::<Vec<_>>()
    };
    let mut out = rows("goal", &trace.goals);
    out.extend(rows("acceptance criterion", &trace.criteria));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_names_are_safe_and_unique() {
        let paths = [
            Path::new("stps/sig-net/a b.md"),
            Path::new("other/stps/sig-net/a-b.md"),
            Path::new("index.md"),
            Path::new("x/<script>.md"),
        ];
        let names = page_names(paths.iter().copied());
        assert_eq!(
            names,
            [
                "sig-net-a-b.html",
                "sig-net-a-b-2.html",
                "plan-index.html",
                "x--script.html"
            ]
        );
    }
}
