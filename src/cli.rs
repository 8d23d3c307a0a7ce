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
    Check(Box<CheckArgs>),
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
    /// Trace plans' scenarios to automated tests (--tests DIR), or goals and acceptance
    /// criteria to scenarios inside a plan (--in-document).
    Trace(TraceArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Write a new plan from a Jira epic (`--from-epic`), in the template's layout.
    New(crate::new::NewArgs),
    /// Write STD test stubs (pytest, or Ginkgo for Tier 1) for a plan's scenarios.
    Stubs(crate::stubs::StubsArgs),
    /// Run the language server on stdio (diagnostics, quick fixes and rule docs in editors).
    Server(crate::server::ServerArgs),
    /// Write an HTML dashboard of the plans: an index and one page per plan.
    Report(crate::report::html::ReportArgs),
}

#[derive(clap::Args, Debug)]
struct TraceArgs {
    /// STP files or directories (default: the repository's `stps/` directory).
    files: Vec<PathBuf>,
    /// Match goals and acceptance criteria to the plan's own scenarios.
    #[arg(long, conflicts_with = "tests")]
    in_document: bool,
    /// A test repository (pytest, MTV config-driven or Ginkgo) to trace the scenarios to.
    #[arg(long, value_name = "DIR")]
    tests: Vec<PathBuf>,
    #[arg(long, alias = "output-format", value_enum, default_value_t = crate::coverage::TraceFormat::Text)]
    format: crate::coverage::TraceFormat,
    /// Exit with 1 when a scenario is missing or has a tier mismatch (with --tests).
    #[arg(long, value_enum, value_name = "WHAT")]
    fail_on: Vec<crate::coverage::FailOn>,
}

#[derive(clap::Args, Debug)]
struct CheckArgs {
    /// Files or directories; directories are searched for `*.md`, honouring .gitignore.
    /// `-` reads one plan from standard input (name it with --stdin-filename).
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, alias = "output-format", value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Exit with 1 when a finding reaches this severity [default: the configuration's, else HIGH].
    #[arg(long, value_name = "SEVERITY", value_parser = parse_severity)]
    fail_on: Option<Severity>,
    /// Show only findings at or above this severity (they alone count for the exit code).
    #[arg(long, value_name = "SEVERITY", value_parser = parse_severity)]
    min_severity: Option<Severity>,
    /// Exit with 0 even when findings reach the failing severity (errors still exit 2).
    #[arg(long)]
    exit_zero: bool,
    /// Rules to run, replacing the configuration's `select` (codes, code prefixes, names or
    /// spec IDs, comma-separated).
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    select: Option<Vec<String>>,
    /// Rules to run in addition to the selected ones.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    extend_select: Vec<String>,
    /// Rules not to run, in addition to the configuration's `ignore`.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    ignore: Vec<String>,
    /// Use this configuration file for every checked file instead of searching for one.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    config: Option<PathBuf>,
    /// Ignore every configuration file.
    #[arg(long)]
    isolated: bool,
    /// Apply the configuration's `exclude` (and skip README/docs files) also to files named
    /// on the command line, as pre-commit names them.
    #[arg(long)]
    force_exclude: bool,
    /// The path of the plan read from standard input (for configuration, rules that look at
    /// the location, and reports).
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,
    /// Report only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    baseline: Option<PathBuf>,
    /// Write every current finding to this baseline file and exit 0.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Insert a suppression comment for every current finding (`stp-disable-line`, inside the
    /// last cell of a table row).
    #[arg(long, conflicts_with_all = ["fix", "diff", "write_baseline"])]
    add_suppressions: bool,
    /// Print a count per rule instead of the findings.
    #[arg(long)]
    statistics: bool,
    /// Show the fix each finding offers; with --fix, list the fixes applied per file.
    #[arg(long)]
    show_fixes: bool,
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
    /// Each finding with its source line underlined.
    Text,
    /// One line per finding.
    Concise,
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions annotations.
    Github,
    /// A Markdown review to paste into a pull request.
    Review,
    /// GitLab Code Quality (`artifacts: reports: codequality`).
    Gitlab,
    /// JUnit XML, for CI systems that show test results.
    Junit,
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
        Command::Check(args) => run_check(*args),
        Command::Parse(args) => run_parse(args),
        Command::Rules { format } => run_rules(format),
        Command::Rule { key } => run_rule(&key),
        Command::Config { path } => run_config(path),
        Command::Trace(args) => run_trace(args),
        Command::Completions { shell } => run_completions(shell),
        Command::New(args) => exit_or_usage_error(crate::new::run(&args)),
        Command::Stubs(args) => exit_or_usage_error(crate::stubs::run(&args)),
        Command::Server(args) => crate::server::run(args),
        Command::Report(args) => crate::report::html::run(args),
    }
}

/// 0 for success; an error printed to stderr and 2 (usage or I/O error) otherwise.
fn exit_or_usage_error(result: Result<(), String>) -> i32 {
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e}");
            2
        }
    }
}

fn run_completions(shell: clap_complete::Shell) -> i32 {
    use clap::CommandFactory;
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "stp", &mut out);
    print_stdout(&String::from_utf8_lossy(&out));
    0
}

fn print_stdout(s: &str) {
    let mut out = std::io::stdout().lock();
    // A closed pipe (`stp check | head`) is not an error worth a panic.
    let _ = out.write_all(s.as_bytes());
    let _ = out.flush();
}

fn run_check(args: CheckArgs) -> i32 {
    let command_line = crate::config::CommandLine {
        config_file: args.config.clone(),
        isolated: args.isolated,
        select: args.select.clone(),
        extend_select: args.extend_select.clone(),
        ignore: args.ignore.clone(),
    };
    if let Err(e) = crate::config::set_command_line(command_line) {
        eprintln!("error: {e}");
        return 2;
    }
    let from_stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    if from_stdin && args.paths.len() > 1 {
        eprintln!("error: `-` (standard input) cannot be combined with other paths");
        return 2;
    }
    let paths = if from_stdin {
        Vec::new()
    } else if args.paths.is_empty() {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        match check::default_stps_dir(&cwd) {
            Some(dir) => vec![check::relative_to(&dir, &cwd).unwrap_or(dir)],
            None => {
                eprintln!("error: no paths given and no stps/ directory found here or above; pass the STP files or directories to check");
                return 2;
            }
        }
    } else {
        args.paths.clone()
    };
    // Several files will be reviewed in parallel: start the pool's threads now, so that they
    // set up (their stacks, thread-local heaps and first heap pages) while the files are
    // found instead of after.
    // (A `stat` per path: `dirs::is_dir` would list each path's parent, `/tmp` say.)
    let one_dir = paths.len() == 1 && paths[0].is_dir();
    if paths.len() > 1 || one_dir {
        rayon::spawn_broadcast(|_| drop(std::hint::black_box(Vec::<u8>::with_capacity(64))));
    }
    let options_with = |strict_layout| Options {
        include_templates: args.include_templates,
        force_exclude: args.force_exclude,
        max_file_size: args.max_file_size,
        settings: Settings {
            strict_layout,
            config: None,
        },
    };
    // One directory to review as it is (the usual run): its plans are reviewed while the walk
    // finds the others.
    let streamed = one_dir && !args.fix && !args.diff && args.changed_since.is_none();
    let (mut found, streamed_reports) = if streamed {
        let (found, reports) = check::walk_and_review(
            &paths[0],
            args.include_templates,
            &options_with(args.strict_layout),
        );
        (found, Some(reports))
    } else {
        let found = check::discover(&paths, args.include_templates, args.force_exclude);
        (found, None)
    };
    let mut strict_layout = args.strict_layout;
    if let Some(base) = &args.changed_since {
        match changed_files(base, paths.first().map_or(Path::new("."), |p| p.as_path())) {
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
    for template in &found.skipped_templates {
        if paths.iter().any(|p| p == template) {
            eprintln!(
                "note: {} is a template and was skipped (use --include-templates to check it)",
                check::display(template)
            );
        }
    }
    // A configuration error is the run's, not each file's: print it once and stop.
    let stdin_path = args
        .stdin_filename
        .clone()
        .unwrap_or_else(|| PathBuf::from("-"));
    let config_targets: Vec<&Path> = if from_stdin {
        vec![stdin_path.as_path()]
    } else {
        found.files.iter().map(PathBuf::as_path).collect()
    };
    if let Some(errors) = config_errors(&config_targets) {
        for e in errors {
            eprintln!("error: {e}");
        }
        return 2;
    }
    let options = options_with(strict_layout);
    let mut reports = if let Some(reports) = streamed_reports {
        reports
    } else if from_stdin {
        match check_stdin(&stdin_path, &options, &args) {
            Ok(StdinOutcome::Fixed(code)) => return code,
            Ok(StdinOutcome::Report(report)) => vec![report],
            Err(e) => {
                eprintln!("error: cannot read standard input: {e}");
                return 2;
            }
        }
    } else if args.fix || args.diff {
        fix_files(&found.files, &options, &args)
    } else {
        check::review_all(&found.files, &options)
    };
    // A path that does not exist is an error entry, reported like an unreadable file.
    reports.extend(
        found
            .missing
            .iter()
            .map(|m| check::FileReport::failed(Path::new(m), format!("{m} does not exist"))),
    );
    if let Some(min) = args.min_severity {
        for r in &mut reports {
            r.diagnostics.retain(|d| d.severity >= min);
        }
    }
    // The configuration's `baseline` applies when no baseline is given or being written.
    let configured_baseline = || {
        let here = std::env::current_dir().ok()?;
        crate::config::for_dir(&here).ok()??.baseline.clone()
    };
    let baseline = match (&args.baseline, &args.write_baseline) {
        (Some(file), _) => Some(file.clone()),
        (None, None) => configured_baseline(),
        (None, Some(_)) => None,
    };
    if let Some(file) = &baseline {
        match crate::baseline::Baseline::read(file) {
            Ok(mut baseline) => {
                let hidden = baseline.filter(&mut reports);
                if hidden > 0 {
                    eprintln!(
                        "note: {hidden} finding(s) in the baseline {} are not shown",
                        check::display(file)
                    );
                }
            }
            Err(e) => {
                eprintln!("error: {e}");
                return 2;
            }
        }
    }
    if let Some(file) = &args.write_baseline {
        return match crate::baseline::write(file, &reports) {
            Ok(n) => {
                eprintln!("Wrote {n} finding(s) to the baseline {}", file.display());
                i32::from(reports.iter().any(|r| r.error.is_some())) * 2
            }
            Err(e) => {
                eprintln!("error: {e}");
                2
            }
        };
    }
    if args.add_suppressions {
        reports = add_suppressions(reports, &options);
    }
    if args.diff {
        let io_error = reports.iter().any(|r| r.error.is_some());
        let changed = DIFF_CHANGED.load(std::sync::atomic::Ordering::Relaxed);
        return if io_error { 2 } else { i32::from(changed) };
    }
    print_reports(&reports, &args);
    if reports.is_empty() {
        eprintln!("warning: no Markdown files found");
    }
    exit_code(&reports, &args)
}

/// Writes the reports in the format asked for.
fn print_reports(reports: &[check::FileReport], args: &CheckArgs) {
    let json = |value: serde_json::Value| {
        print_stdout(
            &(serde_json::to_string_pretty(&value).expect("JSON values serialise") + "\n"),
        );
    };
    let style = report::text::Style {
        color: match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        },
        show_fixes: args.show_fixes,
    };
    if args.statistics && matches!(args.format, Format::Text | Format::Concise) {
        print_stdout(&report::text::statistics(reports));
        return;
    }
    match args.format {
        Format::Json => print_stdout(&report::json::render(reports)),
        Format::Sarif => json(report::sarif::report(reports)),
        Format::Gitlab => json(report::gitlab::report(reports)),
        Format::Junit => print_stdout(&report::junit::report(reports)),
        Format::Github => print_stdout(&report::github::report(reports)),
        Format::Review => print_stdout(&report::review::report(reports)),
        Format::Concise => print_stdout(&report::text::concise(reports, style)),
        Format::Text => print_stdout(&report::text::report(reports, style)),
    }
}

/// 2 for I/O errors, else 1 when a finding reaches the failing severity (unless --exit-zero).
fn exit_code(reports: &[check::FileReport], args: &CheckArgs) -> i32 {
    let io_error = reports.iter().any(|r| r.error.is_some());
    let failing = reports.iter().any(|r| {
        let threshold = args.fail_on.or(r.fail_on).unwrap_or(Severity::High);
        r.diagnostics.iter().any(|d| d.severity >= threshold)
    });
    if io_error {
        2
    } else if failing && !args.exit_zero {
        1
    } else {
        0
    }
}

/// The distinct configuration errors for these files, if any.
fn config_errors(files: &[&Path]) -> Option<Vec<String>> {
    let mut errors: Vec<String> = Vec::new();
    for f in files {
        if let Err(e) = crate::config::for_file(f) {
            if !errors.contains(&e) {
                errors.push(e);
            }
        }
    }
    (!errors.is_empty()).then_some(errors)
}

enum StdinOutcome {
    Report(check::FileReport),
    /// `--fix` on standard input printed the fixed text; the exit code.
    Fixed(i32),
}

/// `stp check -`: the plan on standard input, named by `--stdin-filename`. With `--fix`, the
/// fixed text goes to standard output (as editors expect) and findings left to standard error.
fn check_stdin(path: &Path, options: &Options, args: &CheckArgs) -> std::io::Result<StdinOutcome> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::io::stdin().lock().read_to_end(&mut bytes)?;
    let failed = |e: String| Ok(StdinOutcome::Report(check::FileReport::failed(path, e)));
    if bytes.len() as u64 > options.max_file_size {
        return failed(format!(
            "standard input is over {} MB (see --max-file-size)",
            options.max_file_size / (1024 * 1024)
        ));
    }
    let text = match crate::source::decode(bytes) {
        Ok(t) => t,
        Err(e) => return failed(e.to_string()),
    };
    let settings = match check::settings_for(path, options) {
        Ok(s) => s,
        Err(e) => return failed(e),
    };
    let on_disk = path
        .parent()
        .is_some_and(|d| d.as_os_str().is_empty() || d.is_dir());
    if args.fix {
        let fixed = crate::fix::fix_text(
            path,
            text,
            check::path_facts(path),
            settings,
            args.unsafe_fixes,
            on_disk,
        );
        print_stdout(&fixed.text);
        let reports = vec![fixed.report];
        eprint!(
            "{}",
            report::text::concise(&reports, report::text::Style::default())
        );
        return Ok(StdinOutcome::Fixed(exit_code(&reports, args)));
    }
    Ok(StdinOutcome::Report(check::review_with_neighbours(
        path,
        text,
        check::path_facts(path),
        settings,
        on_disk,
    )))
}

/// `--add-suppressions`: a suppression comment for every finding shown, written in place;
/// returns the reviews of the files afterwards.
fn add_suppressions(reports: Vec<check::FileReport>, options: &Options) -> Vec<check::FileReport> {
    let mut added_total = 0;
    let mut files_changed = 0;
    let mut after = Vec::with_capacity(reports.len());
    for r in reports {
        let (Some(source), false) = (&r.source, r.diagnostics.is_empty()) else {
            after.push(r);
            continue;
        };
        let path = PathBuf::from(&r.path);
        let parsed = match check::parse_text(source.text.clone(), check::path_facts(&path)) {
            Ok(p) => p,
            Err(e) => {
                after.push(check::FileReport::failed(&path, e));
                continue;
            }
        };
        let (text, added) = crate::suppress::add(&parsed.source, &parsed.stp, &r.diagnostics);
        if let Err(e) = crate::fix::write_atomically(&path, &text) {
            after.push(check::FileReport::failed(
                &path,
                format!("cannot write the file: {e}"),
            ));
            continue;
        }
        added_total += added;
        files_changed += 1;
        after.push(check::review_file(&path, options));
    }
    eprintln!("Added {added_total} suppression comment(s) to {files_changed} file(s)");
    after
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
fn fix_files(files: &[PathBuf], options: &Options, args: &CheckArgs) -> Vec<check::FileReport> {
    use rayon::prelude::*;
    let (unsafe_fixes, diff_only) = (args.unsafe_fixes, args.diff);
    let results: Vec<(check::FileReport, Option<String>, Vec<&'static str>)> = files
        .par_iter()
        .map(|path| match check::read_text(path, options.max_file_size) {
            Err(e) => (check::FileReport::failed(path, e), None, Vec::new()),
            Ok(text) => {
                let settings = match check::settings_for(path, options) {
                    Ok(s) => s,
                    Err(e) => return (check::FileReport::failed(path, e), None, Vec::new()),
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
                    return (fixed.report, None, Vec::new());
                }
                if diff_only {
                    // Paths relative to the repository root, as `git apply` reads them.
                    let shown = report::repository_path(&check::display(path));
                    let diff = crate::fix::unified_diff(&shown, &text, &fixed.text);
                    return (check::review_file(path, options), Some(diff), fixed.codes);
                }
                match crate::fix::write_atomically(path, &fixed.text) {
                    Ok(()) => (fixed.report, None, fixed.codes),
                    Err(e) => (
                        check::FileReport::failed(
                            path,
                            format!("cannot write the fixed file: {e}"),
                        ),
                        None,
                        Vec::new(),
                    ),
                }
            }
        })
        .collect();
    let mut total = 0;
    let mut changed_files = 0;
    let mut reports = Vec::with_capacity(results.len());
    let mut shown = String::new();
    for (report, diff, codes) in results {
        if let Some(diff) = diff {
            print_stdout(&diff);
            DIFF_CHANGED.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        if !codes.is_empty() {
            total += codes.len();
            changed_files += 1;
            if args.show_fixes {
                shown.push_str(&applied_fixes(&report.path, &codes));
            }
        }
        reports.push(report);
    }
    eprint!("{shown}");
    if diff_only {
        eprintln!("{total} fix(es) would change {changed_files} file(s)");
    } else {
        eprintln!("Fixed {total} finding(s) in {changed_files} file(s)");
    }
    reports
}

/// `--show-fixes` with `--fix`: `path: 2 × STP032 (trailing-whitespace)`, per rule.
fn applied_fixes(path: &str, codes: &[&'static str]) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for code in codes {
        match counts.iter_mut().find(|(c, _)| c == code) {
            Some(entry) => entry.1 += 1,
            None => counts.push((code, 1)),
        }
    }
    counts.sort();
    let mut out = String::new();
    for (code, n) in counts {
        let name = rules::find(code).first().map_or("", |r| r.name);
        out.push_str(&format!("{path}: {n} × {code} ({name})\n"));
    }
    out
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
        if args.tests.is_empty() {
            eprintln!("error: say what to trace: --tests DIR (scenarios to automated tests) or --in-document (goals and criteria to the plan's scenarios)");
            return 2;
        }
        return crate::coverage::run(&args.tests, &args.files, args.format, &args.fail_on);
    }
    // Files and directories as `--tests` takes them: directories walked, templates and
    // Markdown that is not a plan left out.
    let Some(paths) = crate::coverage::plan_paths(&args.files) else {
        return 2;
    };
    let format = match args.format {
        crate::coverage::TraceFormat::Json => ListFormat::Json,
        _ => ListFormat::Text,
    };
    let (plans, _, errors) = crate::coverage::read_plans(&paths);
    for e in &errors {
        eprintln!("error: {e}");
    }
    let status = if errors.is_empty() { 0 } else { 2 };
    let mut json_files = Vec::new();
    let mut text = String::new();
    // A stub left where a plan moved away has nothing to trace.
    for plan in plans.iter().filter(|p| p.parsed.stp.moved_to.is_none()) {
        let trace = crate::trace::in_document(&plan.parsed.stp);
        match format {
            ListFormat::Json => json_files.push(serde_json::json!({
                "path": plan.display,
                "trace": trace,
            })),
            ListFormat::Text => {
                text.push_str(&report::trace::render(&plan.display, &plan.parsed, &trace))
            }
        }
    }
    match format {
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
