//! Configuration: `stp.toml`, `.stp.toml`, or `[tool.stp]` in `pyproject.toml`, found upward
//! from each checked file (the nearest wins; the search stops at the repository root).
//!
//! ```toml
//! select = ["STP0", "PLH-1"]        # codes (or code prefixes), rule names, spec IDs
//! ignore = ["STP033"]
//! fail-on = "CRITICAL"
//! strict-layout = true
//! include = ["stps/**/*.md"]        # globs relative to the configuration file
//! exclude = ["stps/archive/**"]
//! [severity]
//! checkbox-mark = "LOW"
//! baseline = ".stp-baseline.json"  # what --baseline reads when not given
//! [per-file-ignores]
//! "stps/sig-net/legacy-*.md" = ["STP3", "STP401"]
//! [spelling]
//! words = ["virtiofs", "hotplugging"]  # words the spelling rule accepts
//! words-file = "docs/words.txt"         # one word per line, relative to this file
//! ```
//!
//! The command line can replace the search (`--config FILE`, `--isolated`) and adjust the rule
//! selection of every configuration (`--select`, `--extend-select`, `--ignore`); see
//! [`set_command_line`].

use crate::diagnostic::Severity;
use crate::rules::Rule;
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigFile {
    select: Option<Vec<String>>,
    #[serde(default)]
    ignore: Vec<String>,
    fail_on: Option<String>,
    strict_layout: Option<bool>,
    #[serde(default)]
    include: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    severity: HashMap<String, String>,
    #[serde(default)]
    per_file_ignores: HashMap<String, Vec<String>>,
    baseline: Option<PathBuf>,
    #[serde(default)]
    spelling: SpellingSection,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct SpellingSection {
    #[serde(default)]
    words: Vec<String>,
    words_file: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct PyProject {
    tool: Option<PyTool>,
}

#[derive(Debug, Default, Deserialize)]
struct PyTool {
    stp: Option<toml::Value>,
}

/// A configuration file, read and checked.
#[derive(Debug)]
pub struct Config {
    pub path: PathBuf,
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    pub fail_on: Option<Severity>,
    pub strict_layout: Option<bool>,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    /// Rule key (code, name or spec ID) -> severity, as written.
    pub severity: Vec<(String, Severity)>,
    /// Glob (relative to the configuration file) -> rules not reported for matching files.
    pub per_file_ignores: Vec<(String, Vec<String>)>,
    /// The baseline file (`--baseline` when none is given), relative to the configuration.
    pub baseline: Option<PathBuf>,
    /// `[spelling]`: the project's own words (from `words` and `words-file`), lower case,
    /// sorted, for the spelling rule.
    pub spelling_words: Vec<String>,
    include_set: Option<GlobSet>,
    exclude_set: GlobSet,
    per_file_sets: Vec<GlobSet>,
}

/// Whether `key` names `rule`: its code, a prefix of its code (`STP0`), its name or a spec ID.
pub fn names_rule(key: &str, rule: &Rule) -> bool {
    let upper = key.to_ascii_uppercase();
    rule.is_named(key) || (upper.starts_with("STP") && rule.code.starts_with(&upper))
}

impl Config {
    /// Whether the rule runs under this configuration.
    pub fn enabled(&self, rule: &Rule) -> bool {
        let selected = self
            .select
            .as_ref()
            .is_none_or(|s| s.iter().any(|k| names_rule(k, rule)));
        selected && !self.ignore.iter().any(|k| names_rule(k, rule))
    }

    /// The severity the configuration gives the rule, if it changes it. When several keys
    /// name the rule, the most specific wins: its code, then its name, then a spec ID, then
    /// the longest code prefix.
    pub fn severity_of(&self, rule: &Rule) -> Option<Severity> {
        let specificity = |k: &str| {
            if k.eq_ignore_ascii_case(rule.code) {
                300
            } else if k.eq_ignore_ascii_case(rule.name) {
                200
            } else if rule.spec.iter().any(|s| s.eq_ignore_ascii_case(k)) {
                100
            } else {
                k.len()
            }
        };
        self.severity
            .iter()
            .filter(|(k, _)| names_rule(k, rule))
            .max_by_key(|(k, _)| specificity(k))
            .map(|(_, s)| *s)
    }

    /// The file's path relative to the configuration's directory, for glob matching.
    fn relative(&self, file: &Path) -> PathBuf {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        let abs = crate::dirs::real_path(file).unwrap_or_else(|| file.to_path_buf());
        let dir = crate::dirs::real_dir(dir);
        abs.strip_prefix(&dir).unwrap_or(&abs).to_path_buf()
    }

    /// Whether a walked file is in scope (include/exclude, relative to the config's directory).
    pub fn in_scope(&self, file: &Path) -> bool {
        let rel = self.relative(file);
        if self.exclude_set.is_match(&rel) {
            return false;
        }
        self.include_set.as_ref().is_none_or(|s| s.is_match(&rel))
    }

    /// Whether `exclude` names the file (`--force-exclude` applies it to named files too).
    pub fn excludes(&self, file: &Path) -> bool {
        self.exclude_set.is_match(self.relative(file))
    }

    /// Whether `per-file-ignores` turns the rule off for this file.
    pub fn ignored_in(&self, file: &Path, rule: &Rule) -> bool {
        if self.per_file_ignores.is_empty() {
            return false;
        }
        let rel = self.relative(file);
        self.per_file_ignores
            .iter()
            .zip(&self.per_file_sets)
            .any(|((_, keys), set)| set.is_match(&rel) && keys.iter().any(|k| names_rule(k, rule)))
    }

    fn from_file(path: &Path, raw: ConfigFile) -> Result<Config, String> {
        let bad = |what: String| format!("{}: {what}", path.display());
        let check_key = |k: &String| {
            if crate::rules::ALL.iter().any(|r| names_rule(k, r)) {
                Ok(())
            } else {
                Err(bad(format!("`{k}` names no rule (see `stp rules`)")))
            }
        };
        for k in raw
            .select
            .iter()
            .flatten()
            .chain(&raw.ignore)
            .chain(raw.severity.keys())
            .chain(raw.per_file_ignores.values().flatten())
        {
            check_key(k)?;
        }
        let severity = raw
            .severity
            .iter()
            .map(|(k, v)| v.parse().map(|s| (k.clone(), s)).map_err(bad))
            .collect::<Result<Vec<_>, _>>()?;
        let fail_on = raw
            .fail_on
            .as_deref()
            .map(str::parse)
            .transpose()
            .map_err(bad)?;
        let globs = |patterns: &[String]| -> Result<GlobSet, String> {
            let mut b = GlobSetBuilder::new();
            for p in patterns {
                b.add(Glob::new(p).map_err(|e| bad(format!("bad glob `{p}`: {e}")))?);
            }
            b.build().map_err(|e| bad(e.to_string()))
        };
        let mut spelling_words: Vec<String> = raw.spelling.words.clone();
        if let Some(file) = &raw.spelling.words_file {
            let words_path = path.parent().unwrap_or(Path::new(".")).join(file);
            let text = std::fs::read_to_string(&words_path).map_err(|e| {
                bad(format!(
                    "[spelling] words-file `{}`: {e}",
                    words_path.display()
                ))
            })?;
            spelling_words.extend(
                text.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .map(str::to_string),
            );
        }
        for w in &mut spelling_words {
            w.make_ascii_lowercase();
        }
        spelling_words.sort_unstable();
        spelling_words.dedup();
        let mut per_file_ignores: Vec<(String, Vec<String>)> =
            raw.per_file_ignores.into_iter().collect();
        per_file_ignores.sort();
        let per_file_sets = per_file_ignores
            .iter()
            .map(|(glob, _)| globs(std::slice::from_ref(glob)))
            .collect::<Result<Vec<_>, _>>()?;
        let dir = path.parent().unwrap_or(Path::new("."));
        Ok(Config {
            path: path.to_path_buf(),
            baseline: raw.baseline.map(|b| dir.join(b)),
            per_file_ignores,
            per_file_sets,
            spelling_words,
            include_set: (!raw.include.is_empty())
                .then(|| globs(&raw.include))
                .transpose()?,
            exclude_set: globs(&raw.exclude)?,
            select: raw.select,
            ignore: raw.ignore,
            fail_on,
            strict_layout: raw.strict_layout,
            include: raw.include,
            exclude: raw.exclude,
            severity,
        })
    }

    /// The configuration as TOML, for `stp config`.
    pub fn describe(&self) -> String {
        let list = |v: &[String]| {
            format!(
                "[{}]",
                v.iter()
                    .map(|s| format!("{s:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let mut out = format!("# from {}\n", self.path.display());
        match &self.select {
            Some(s) => out.push_str(&format!("select = {}\n", list(s))),
            None => out.push_str("# select: every rule\n"),
        }
        out.push_str(&format!("ignore = {}\n", list(&self.ignore)));
        out.push_str(&format!(
            "fail-on = \"{}\"\n",
            self.fail_on.unwrap_or(Severity::High)
        ));
        out.push_str(&format!(
            "strict-layout = {}\n",
            self.strict_layout.unwrap_or(false)
        ));
        out.push_str(&format!("include = {}\n", list(&self.include)));
        out.push_str(&format!("exclude = {}\n", list(&self.exclude)));
        out.push_str("[severity]\n");
        for (k, s) in &self.severity {
            out.push_str(&format!("{k:?} = \"{s}\"\n"));
        }
        if let Some(baseline) = &self.baseline {
            out.push_str(&format!(
                "baseline = {:?}\n",
                baseline.display().to_string()
            ));
        }
        if !self.per_file_ignores.is_empty() {
            out.push_str("[per-file-ignores]\n");
            for (glob, keys) in &self.per_file_ignores {
                out.push_str(&format!("{glob:?} = {}\n", list(keys)));
            }
        }
        if !self.spelling_words.is_empty() {
            out.push_str(&format!(
                "[spelling]\nwords = {}\n",
                list(&self.spelling_words)
            ));
        }
        out
    }

    /// This configuration with the command line's rule selection applied, as ruff does:
    /// `--select` replaces `select`, `--extend-select` adds to it, `--ignore` adds to `ignore`.
    fn with_command_line(mut self, cli: &CommandLine) -> Config {
        if let Some(select) = &cli.select {
            self.select = Some(select.clone());
        }
        if !cli.extend_select.is_empty() {
            // Extending "every rule" changes nothing.
            if let Some(select) = &mut self.select {
                select.extend(cli.extend_select.iter().cloned());
            }
        }
        self.ignore.extend(cli.ignore.iter().cloned());
        self
    }
}

/// Reads one candidate file; `Ok(None)` when it holds no stp configuration.
fn read(path: &Path) -> Result<Option<Config>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let raw: ConfigFile = if path.file_name().is_some_and(|n| n == "pyproject.toml") {
        let py: PyProject =
            toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        match py.tool.and_then(|t| t.stp) {
            None => return Ok(None),
            Some(v) => v
                .try_into()
                .map_err(|e| format!("{}: [tool.stp]: {e}", path.display()))?,
        }
    } else {
        toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?
    };
    Config::from_file(path, raw).map(Some)
}

type Found = Result<Option<&'static Config>, String>;

/// Where configuration comes from, and the rule selection given on the command line.
#[derive(Debug, Default, Clone)]
pub struct CommandLine {
    /// `--config FILE`: this file governs every checked file; no search.
    pub config_file: Option<PathBuf>,
    /// `--isolated`: no configuration file at all.
    pub isolated: bool,
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
}

impl CommandLine {
    fn selects(&self) -> bool {
        self.select.is_some() || !self.extend_select.is_empty() || !self.ignore.is_empty()
    }
}

static COMMAND_LINE: std::sync::OnceLock<CommandLine> = std::sync::OnceLock::new();

/// Sets the command line's configuration options for this process (once, before the first
/// lookup). Rule keys are checked here so that a typo is one error, not one per file.
pub fn set_command_line(cli: CommandLine) -> Result<(), String> {
    for k in cli
        .select
        .iter()
        .flatten()
        .chain(&cli.extend_select)
        .chain(&cli.ignore)
    {
        if !crate::rules::ALL.iter().any(|r| names_rule(k, r)) {
            return Err(format!("`{k}` names no rule (see `stp rules`)"));
        }
    }
    if let Some(file) = &cli.config_file {
        if !file.is_file() {
            return Err(format!("--config {}: no such file", file.display()));
        }
    }
    COMMAND_LINE
        .set(cli)
        .map_err(|_| "the command line configuration is set twice".to_string())
}

fn command_line() -> Option<&'static CommandLine> {
    COMMAND_LINE.get()
}

/// The configuration the command line stands for when no file is read (`--isolated`, or no
/// file found) but it selects rules.
fn command_line_only(cli: &CommandLine, dir: &Path) -> Config {
    let raw = ConfigFile::default();
    let config = Config::from_file(&dir.join("(command line)"), raw)
        .expect("an empty configuration is valid");
    config.with_command_line(cli)
}

/// Directories already searched in this run. Configurations live for the whole process.
static CACHE: crate::dirs::PathMemo<Found> = crate::dirs::PathMemo::new();

/// The configuration that governs files in `dir`.
pub fn for_dir(dir: &Path) -> Found {
    let dir = crate::dirs::real_dir(dir);
    CACHE.get_or(&dir, || search(&dir))
}

fn search(dir: &Path) -> Found {
    let cli = command_line();
    let leak = |c: Config| -> &'static Config { Box::leak(Box::new(c)) };
    let found = if cli.is_some_and(|c| c.isolated) {
        None
    } else if let Some(file) = cli.and_then(|c| c.config_file.as_ref()) {
        let config = match read(file)? {
            Some(c) => c,
            // A pyproject.toml without [tool.stp] given explicitly: the defaults, from there.
            None => Config::from_file(file, ConfigFile::default())?,
        };
        Some(config)
    } else {
        search_files(dir)?
    };
    Ok(match (found, cli) {
        (Some(config), Some(cli)) => Some(leak(config.with_command_line(cli))),
        (Some(config), None) => Some(leak(config)),
        (None, Some(cli)) if cli.selects() => Some(leak(command_line_only(cli, dir))),
        (None, _) => None,
    })
}

fn search_files(dir: &Path) -> Result<Option<Config>, String> {
    for d in dir.ancestors() {
        for name in ["stp.toml", ".stp.toml", "pyproject.toml"] {
            let candidate = d.join(name);
            if crate::dirs::is_file(&candidate) {
                if let Some(config) = read(&candidate)? {
                    return Ok(Some(config));
                }
            }
        }
        if crate::dirs::exists(&d.join(".git")) {
            break;
        }
    }
    Ok(None)
}

/// The configuration for a file.
pub fn for_file(file: &Path) -> Found {
    let dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    for_dir(dir)
}

/// Forgets every configuration read so far, so the next lookup reads the files again (the
/// language server calls it when a configuration file changes). Configurations already handed
/// out stay valid: they are never freed.
pub fn forget_cached() {
    CACHE.clear();
}
