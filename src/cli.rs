//! Command line: `stp check`, `stp parse`, `stp trace`, `stp rules`, `stp rule`, `stp config`.
//!
//! Exit codes: 0 nothing at or above the failing severity, 1 findings that reach it,
//! 2 usage or I/O errors (a missing path, a file that cannot be read).

use crate::check::{self, Options, DEFAULT_MAX_FILE_SIZE};
use crate::diagnostic::Severity;
use crate::report;
use crate::rules::{self, Settings};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(Parser, Debug)]
#[command(name = "stp", version, about = "Review Software Test Plans (STPs) against the QE review checklist", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Review STP files and directories (default: the repository's `stps/` directory).
    Check(CheckArgs),
    /// Print the model `stp` reads from each file, with per-section counts.
    Parse(ParseArgs),
    /// List every rule.
    Rules {
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Print a rule's documentation (by code, name or spec ID: STP020, checkbox-mark, CHK-1).
    Rule { key: String },
    /// Print the configuration that applies to a file or directory (default: here).
    Config { path: Option<PathBuf> },
    /// Show which scenarios cover each testing goal and acceptance criterion of a plan.
    Trace(TraceArgs),
}

#[derive(clap::Args, Debug)]
struct TraceArgs {
    /// STP files to trace.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Match goals and acceptance criteria to the plan's own scenarios.
    #[arg(long)]
    in_document: bool,
    #[arg(long, alias = "output-format", value_enum, default_value_t = ListFormat::Text)]
    format: ListFormat,
}

#[derive(clap::Args, Debug)]
struct CheckArgs {
    /// Files or directories; directories are searched for `*.md`, honouring .gitignore.
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, alias = "output-format", value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Exit with 1 when a finding reaches this severity [default: the configuration's, else HIGH].
    #[arg(long, value_name = "SEVERITY", value_parser = parse_severity)]
    fail_on: Option<Severity>,
    /// Also check the template files under `stp-template/`.
    #[arg(long)]
    include_templates: bool,
    /// Hold STPs in the older table layout to the current template's structure.
    #[arg(long)]
    strict_layout: bool,
    /// Check only STPs added or modified since this git ref (committed, staged, unstaged or
    /// untracked), holding them to the current template (as with --strict-layout).
    #[arg(long, value_name = "REF")]
    changed_since: Option<String>,
    /// Refuse files larger than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_FILE_SIZE)]
    max_file_size: u64,
    /// Apply the safe fixes the rules offer, then report what is left.
    #[arg(long)]
    fix: bool,
    /// Also apply fixes that change what the text says (implies nothing without --fix/--diff).
    #[arg(long)]
    unsafe_fixes: bool,
    /// Show the fixes as a unified diff instead of writing them; exit 1 if there are any.
    #[arg(long, conflicts_with = "fix")]
    diff: bool,
    /// Colour the text output: auto (when writing to a terminal), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

#[derive(clap::Args, Debug)]
struct ParseArgs {
    /// STP files to read.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    #[arg(long, alias = "output-format", value_enum, default_value_t = ParseFormat::Json)]
    format: ParseFormat,
    /// Print only path, kind, layout and counts.
    #[arg(long)]
    counts: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Text,
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions annotations.
    Github,
    /// A Markdown review to paste into a pull request.
    Review,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum ParseFormat {
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum ListFormat {
    Text,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

fn parse_severity(s: &str) -> Result<Severity, String> {
    s.parse()
}

pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Check(args) => run_check(args),
        Command::Parse(args) => run_parse(args),
        Command::Rules { format } => run_rules(format),
        Command::Rule { key } => run_rule(&key),
        Command::Config { path } => run_config(path),
        Command::Trace(args) => run_trace(args),
    }
}

fn print_stdout(s: &str) {
    let mut out = std::io::stdout().lock();
    // A closed pipe (`stp check | head`) is not an error worth a panic.
    let _ = out.write_all(s.as_bytes());
    let _ = out.flush();
}

fn run_check(args: CheckArgs) -> i32 {
    let paths = if args.paths.is_empty() {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        match check::default_stps_dir(&cwd) {
            Some(dir) => vec![dir],
            None => {
                eprintln!("error: no paths given and no stps/ directory found here or above; pass the STP files or directories to check");
                return 2;
            }
        }
    } else {
        args.paths
    };
    let mut found = check::discover(&paths, args.include_templates);
    let mut strict_layout = args.strict_layout;
    if let Some(base) = &args.changed_since {
        match changed_files(base, &paths[0]) {
            Ok(changed) => {
                found
                    .files
                    .retain(|f| f.canonicalize().is_ok_and(|abs| changed.contains(&abs)));
                // New and modified plans are held to the current template; merged ones are not
                // re-checked at all.
                strict_layout = true;
            }
            Err(e) => {
                eprintln!("error: --changed-since {base}: {e}");
                return 2;
            }
        }
    }
    for missing in &found.missing {
        eprintln!("error: {missing} does not exist");
    }
    for template in &found.skipped_templates {
        if paths.iter().any(|p| p == template) {
            eprintln!(
                "note: {} is a template and was skipped (use --include-templates to check it)",
                check::display(template)
            );
        }
    }
    let options = Options {
        include_templates: args.include_templates,
        max_file_size: args.max_file_size,
        settings: Settings {
            strict_layout,
            config: None,
        },
    };
    let reports = if args.fix || args.diff {
        fix_files(&found.files, &options, args.unsafe_fixes, args.diff)
    } else {
        check::review_all(&found.files, &options)
    };
    if args.diff {
        let io_error = !found.missing.is_empty() || reports.iter().any(|r| r.error.is_some());
        let changed = DIFF_CHANGED.load(std::sync::atomic::Ordering::Relaxed);
        return if io_error { 2 } else { i32::from(changed) };
    }
    match args.format {
        Format::Json => print_stdout(&report::json::render(&reports)),
        Format::Sarif => {
            let value = report::sarif::report(&reports);
            print_stdout(
                &(serde_json::to_string_pretty(&value).expect("JSON values serialise") + "\n"),
            );
        }
        Format::Github => print_stdout(&report::github::report(&reports)),
        Format::Review => print_stdout(&report::review::report(&reports)),
        Format::Text => {
            let color = match args.color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            print_stdout(&report::text::report(
                &reports,
                report::text::Style { color },
            ));
        }
    }
    if found.files.is_empty() && found.missing.is_empty() {
        eprintln!("warning: no Markdown files found");
    }
    let io_error = !found.missing.is_empty() || reports.iter().any(|r| r.error.is_some());
    let failing = reports.iter().any(|r| {
        let threshold = args.fail_on.or(r.fail_on).unwrap_or(Severity::High);
        r.diagnostics.iter().any(|d| d.severity >= threshold)
    });
    if io_error {
        2
    } else if failing {
        1
    } else {
        0
    }
}

/// Absolute paths of files added or modified since `base`, plus untracked ones, in the
/// repository that holds `near`.
fn changed_files(base: &str, near: &Path) -> Result<std::collections::HashSet<PathBuf>, String> {
    let start = if near.is_dir() {
        near
    } else {
        near.parent().unwrap_or(Path::new("."))
    };
    let start = if start.as_os_str().is_empty() {
        Path::new(".")
    } else {
        start
    };
    let git = |dir: &Path, args: &[&str]| -> Result<String, String> {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .output()
            .map_err(|e| format!("cannot run git: {e}"))?;
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
        }
        Ok(String::from_utf8_lossy(&out.stdout).to_string())
    };
    let root = PathBuf::from(git(start, &["rev-parse", "--show-toplevel"])?.trim());
    // NUL-separated names: no quoting of unusual characters.
    let diff = git(
        &root,
        &["diff", "--name-only", "-z", "--diff-filter=AMR", base, "--"],
    )?;
    let untracked = git(&root, &["ls-files", "--others", "--exclude-standard", "-z"])?;
    Ok(diff
        .split('\0')
        .chain(untracked.split('\0'))
        .filter(|l| !l.is_empty())
        .map(|l| root.join(l))
        .filter_map(|p| p.canonicalize().ok())
        .collect())
}

/// Set when `--diff` printed a change.
static DIFF_CHANGED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// `--fix` / `--diff`: fixes each file to a fixed point; writes it (or prints the diff).
fn fix_files(
    files: &[PathBuf],
    options: &Options,
    unsafe_fixes: bool,
    diff_only: bool,
) -> Vec<check::FileReport> {
    use rayon::prelude::*;
    let results: Vec<(check::FileReport, Option<String>, usize)> = files
        .par_iter()
        .map(|path| match check::read_text(path, options.max_file_size) {
            Err(e) => (check::FileReport::failed(path, e), None, 0),
            Ok(text) => {
                let settings = match check::settings_for(path, options) {
                    Ok(s) => s,
                    Err(e) => return (check::FileReport::failed(path, e), None, 0),
                };
                let fixed = crate::fix::fix_text(
                    path,
                    text.clone(),
                    check::path_facts(path),
                    settings,
                    unsafe_fixes,
                    true,
                );
                if fixed.applied == 0 || fixed.text == text {
                    return (fixed.report, None, 0);
                }
                if diff_only {
                    let diff = crate::fix::unified_diff(&check::display(path), &text, &fixed.text);
                    return (check::review_file(path, options), Some(diff), fixed.applied);
                }
                match crate::fix::write_atomically(path, &fixed.text) {
                    Ok(()) => (fixed.report, None, fixed.applied),
                    Err(e) => (
                        check::FileReport::failed(
                            path,
                            format!("cannot write the fixed file: {e}"),
                        ),
                        None,
                        0,
                    ),
                }
            }
        })
        .collect();
    let mut total = 0;
    let mut changed_files = 0;
    let mut reports = Vec::with_capacity(results.len());
    for (report, diff, applied) in results {
        if let Some(diff) = diff {
            print_stdout(&diff);
            DIFF_CHANGED.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        if applied > 0 {
            total += applied;
            changed_files += 1;
        }
        reports.push(report);
    }
    if diff_only {
        eprintln!("{total} fix(es) would change {changed_files} file(s)");
    } else {
        eprintln!("Fixed {total} finding(s) in {changed_files} file(s)");
    }
    reports
}

fn run_parse(args: ParseArgs) -> i32 {
    let mut files = Vec::new();
    let mut status = 0;
    for path in &args.files {
        let value = match check::read_text(path, DEFAULT_MAX_FILE_SIZE)
            .and_then(|text| check::parse_text(text, check::path_facts(path)))
        {
            Ok(parsed) => {
                let stp = &parsed.stp;
                let mut v = serde_json::json!({
                    "path": check::display(path),
                    "kind": stp.kind,
                    "layout": stp.layout,
                    "counts": stp.counts(),
                });
                if !args.counts {
                    v["model"] = serde_json::to_value(stp).expect("model serialises");
                }
                v
            }
            Err(e) => {
                status = 2;
                serde_json::json!({"path": check::display(path), "error": e})
            }
        };
        files.push(value);
    }
    let _ = args.format;
    let out = serde_json::json!({"schema_version": 1, "files": files});
    print_stdout(&(serde_json::to_string_pretty(&out).expect("JSON values serialise") + "\n"));
    status
}

fn run_trace(args: TraceArgs) -> i32 {
    if !args.in_document {
        eprintln!(
            "error: say what to trace: --in-document (goals and criteria to the plan's scenarios)"
        );
        return 2;
    }
    let mut status = 0;
    let mut json_files = Vec::new();
    let mut text = String::new();
    for path in &args.files {
        let parsed = check::read_text(path, DEFAULT_MAX_FILE_SIZE)
            .and_then(|t| check::parse_text(t, check::path_facts(path)));
        let parsed = match parsed {
            Ok(p) => p,
            Err(e) => {
                eprintln!("{}: {e}", check::display(path));
                status = 2;
                continue;
            }
        };
        let trace = crate::trace::in_document(&parsed.stp);
        match args.format {
            ListFormat::Json => json_files.push(serde_json::json!({
                "path": check::display(path),
                "trace": trace,
            })),
            ListFormat::Text => text.push_str(&report::trace::render(
                &check::display(path),
                &parsed,
                &trace,
            )),
        }
    }
    match args.format {
        ListFormat::Json => {
            let out = serde_json::json!({"schema_version": 1, "files": json_files});
            print_stdout(
                &(serde_json::to_string_pretty(&out).expect("JSON values serialise") + "\n"),
            );
        }
        ListFormat::Text => print_stdout(&text),
    }
    status
}

fn run_rules(format: ListFormat) -> i32 {
    match format {
        ListFormat::Json => {
            let list: Vec<_> = rules::ALL
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "code": r.code, "name": r.name, "spec": r.spec,
                        "severity": r.severity, "fixable": r.fixable, "summary": r.summary(),
                    })
                })
                .collect();
            print_stdout(&(serde_json::to_string_pretty(&list).expect("serialises") + "\n"));
        }
        ListFormat::Text => {
            let mut s = String::new();
            for r in rules::ALL {
                s.push_str(&format!(
                    "{}  {:<26} {:<9} {:<8} {}{}\n",
                    r.code,
                    r.name,
                    r.spec.join(","),
                    r.severity.as_str(),
                    r.summary(),
                    if r.fixable { " (fixable)" } else { "" }
                ));
            }
            print_stdout(&s);
        }
    }
    0
}

fn run_config(path: Option<PathBuf>) -> i32 {
    let path = path.unwrap_or_else(|| PathBuf::from("."));
    let found = if path.is_dir() {
        crate::config::for_dir(&path)
    } else {
        crate::config::for_file(&path)
    };
    match found {
        Ok(Some(config)) => {
            print_stdout(&config.describe());
            0
        }
        Ok(None) => {
            print_stdout("# no stp.toml, .stp.toml or [tool.stp] in pyproject.toml found; defaults apply\nfail-on = \"HIGH\"\nstrict-layout = false\n");
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            2
        }
    }
}

fn run_rule(key: &str) -> i32 {
    let found = rules::find(key);
    if found.is_empty() {
        eprintln!("error: no rule `{key}`; `stp rules` lists them");
        return 2;
    }
    let mut s = String::new();
    for r in found {
        s.push_str(&format!(
            "{} {} [{}] default severity {}{}\n\n{}\n\n",
            r.code,
            r.name,
            r.spec.join(", "),
            r.severity.as_str(),
            if r.fixable { ", fixable" } else { "" },
            r.documentation()
        ));
    }
    print_stdout(s.trim_end());
    print_stdout("\n");
    0
}
