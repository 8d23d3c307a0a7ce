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
//! [spelling]
//! words = ["virtiofs", "hotplugging"]  # words the spelling rule accepts
//! words-file = "docs/words.txt"         # one word per line, relative to this file
//! ```

use crate::diagnostic::Severity;
use crate::rules::Rule;
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex};

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
    /// `[spelling]`: the project's own words (from `words` and `words-file`), lower case,
    /// sorted, for the spelling rule.
    pub spelling_words: Vec<String>,
    include_set: Option<GlobSet>,
    exclude_set: GlobSet,
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

    /// Whether a walked file is in scope (include/exclude, relative to the config's directory).
    pub fn in_scope(&self, file: &Path) -> bool {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        let abs = file.canonicalize().unwrap_or_else(|_| file.to_path_buf());
        let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        let rel = abs.strip_prefix(&dir).unwrap_or(&abs);
        if self.exclude_set.is_match(rel) {
            return false;
        }
        self.include_set.as_ref().is_none_or(|s| s.is_match(rel))
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
        Ok(Config {
            path: path.to_path_buf(),
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
        if !self.spelling_words.is_empty() {
            out.push_str(&format!(
                "[spelling]\nwords = {}\n",
                list(&self.spelling_words)
            ));
        }
        out
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

/// Directories already searched in this run. Configurations live for the whole process.
static CACHE: LazyLock<Mutex<HashMap<PathBuf, Found>>> = LazyLock::new(Default::default);

/// The configuration that governs files in `dir`.
pub fn for_dir(dir: &Path) -> Found {
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    if let Some(hit) = CACHE.lock().ok().and_then(|c| c.get(&dir).cloned()) {
        return hit;
    }
    let found = search(&dir);
    if let Ok(mut cache) = CACHE.lock() {
        cache.insert(dir, found.clone());
    }
    found
}

fn search(dir: &Path) -> Found {
    for d in dir.ancestors() {
        for name in ["stp.toml", ".stp.toml", "pyproject.toml"] {
            let candidate = d.join(name);
            if candidate.is_file() {
                if let Some(config) = read(&candidate)? {
                    return Ok(Some(Box::leak(Box::new(config))));
                }
            }
        }
        if d.join(".git").exists() {
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
