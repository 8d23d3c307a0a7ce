//! The repository's markdownlint configuration, read so that `stp` stays silent on the
//! formatting rules the repository turned off (the review checklist defers to that file).
//!
//! Looked up from the plan's directory upward to the repository root, nearest first; the
//! first of these names found wins, as markdownlint-cli2 does: `.markdownlint-cli2.jsonc`,
//! `.markdownlint-cli2.yaml`, `.markdownlint-cli2.yml`, `.markdownlint-cli2.json` (their
//! `config` object), `.markdownlint.jsonc`, `.markdownlint.json`, `.markdownlint.yaml`,
//! `.markdownlint.yml`. Keys are applied in file order like markdownlint does: `default`
//! first, then each rule by code (`MD012`) or alias (`no-multiple-blanks`), a later key
//! overriding an earlier one for the same rule. `false` turns a rule off; `true` or an
//! options object turns it on. A file that cannot be read or parsed is ignored (the run
//! goes on with every rule on).

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// markdownlint rules that `stp` also checks: code, alias, and the `stp` rule.
const EQUIVALENTS: &[(&str, &str, &str)] = &[
    ("MD009", "no-trailing-spaces", "STP032"),
    ("MD012", "no-multiple-blanks", "STP033"),
    ("MD018", "no-missing-space-atx", "STP037"),
    ("MD040", "fenced-code-language", "STP030"),
    ("MD045", "no-alt-text", "STP031"),
    ("MD047", "single-trailing-newline", "STP034"),
];

const FILE_NAMES: &[&str] = &[
    ".markdownlint-cli2.jsonc",
    ".markdownlint-cli2.yaml",
    ".markdownlint-cli2.yml",
    ".markdownlint-cli2.json",
    ".markdownlint.jsonc",
    ".markdownlint.json",
    ".markdownlint.yaml",
    ".markdownlint.yml",
];

/// A map that keeps its keys in file order (markdownlint applies them in that order).
struct Ordered(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Ordered;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, Value>()? {
                    out.push((k, v));
                }
                Ok(Ordered(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// The wrapper of a markdownlint-cli2 file: the rule settings sit under `config`.
struct Cli2(Option<Ordered>);

impl<'de> Deserialize<'de> for Cli2 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Cli2;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Cli2, A::Error> {
                let mut config = None;
                while let Some(k) = map.next_key::<String>()? {
                    if k == "config" {
                        config = Some(map.next_value::<Ordered>()?);
                    } else {
                        map.next_value::<serde::de::IgnoredAny>()?;
                    }
                }
                Ok(Cli2(config))
            }
        }
        d.deserialize_map(V)
    }
}

/// Drops `//` line comments of JSONC (outside strings) so the YAML reader takes it.
fn without_line_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut in_string = false;
        let mut escaped = false;
        let mut cut = line.len();
        let b = line.as_bytes();
        for (i, &c) in b.iter().enumerate() {
            match c {
                _ if escaped => escaped = false,
                b'\\' if in_string => escaped = true,
                b'"' => in_string = !in_string,
                b'/' if !in_string && b.get(i + 1) == Some(&b'/') => {
                    cut = i;
                    break;
                }
                _ => {}
            }
        }
        out.push_str(&line[..cut]);
        out.push('\n');
    }
    out
}

/// Parses a repository's YAML (or JSON) file with serde-saphyr's defaults (its budget against
/// hostile input included), except that comments are not kept: nothing reads them, and a
/// commented configuration parses a seventh faster without (callgrind, the STP repository's
/// `.markdownlint.yaml`). Comments not kept are not counted either: a long block of them
/// (more than the 32 the parser buffers by default) no longer makes the file read as
/// malformed and ignored; markdownlint reads such a file.
pub(crate) fn parse_yaml<'de, T: Deserialize<'de>>(text: &'de str) -> Option<T> {
    serde_saphyr::from_str_with_options(text, serde_saphyr::options! { emit_comments: false }).ok()
}

/// The settings of one configuration file, in order; `None` when unreadable or malformed.
fn read(path: &Path) -> Option<Vec<(String, Value)>> {
    let text = std::fs::read_to_string(path).ok()?;
    let name = path.file_name()?.to_string_lossy();
    let text = if name.ends_with(".jsonc") || name.ends_with(".json") {
        without_line_comments(&text)
    } else {
        text
    };
    if name.starts_with(".markdownlint-cli2") {
        let cli2: Cli2 = parse_yaml(&text)?;
        Some(cli2.0.map(|o| o.0).unwrap_or_default())
    } else {
        let ordered: Ordered = parse_yaml(&text)?;
        Some(ordered.0)
    }
}

/// The `stp` rule codes a configuration turns off.
pub fn disabled_rules(settings: &[(String, Value)]) -> Vec<&'static str> {
    let on = |v: &Value| !matches!(v, Value::Bool(false));
    let mut enabled: Vec<bool> = vec![true; EQUIVALENTS.len()];
    if let Some((_, v)) = settings.iter().find(|(k, _)| k == "default") {
        enabled.fill(on(v));
    }
    for (key, value) in settings {
        for (i, (code, alias, _)) in EQUIVALENTS.iter().enumerate() {
            if key.eq_ignore_ascii_case(code) || key.eq_ignore_ascii_case(alias) {
                enabled[i] = on(value);
            }
        }
    }
    EQUIVALENTS
        .iter()
        .zip(enabled)
        .filter(|(_, on)| !on)
        .map(|((_, _, rule), _)| *rule)
        .collect()
}

/// The nearest markdownlint configuration at or above `dir`, not above `root`.
pub fn find(dir: &Path, root: Option<&Path>) -> Option<PathBuf> {
    for d in dir.ancestors() {
        if root.is_some_and(|r| !d.starts_with(r)) {
            break;
        }
        if let Some(found) = FILE_NAMES
            .iter()
            .map(|n| d.join(n))
            .find(|p| crate::dirs::is_file(p))
        {
            return Some(found);
        }
        if root.is_some_and(|r| d == r) {
            break;
        }
    }
    None
}

/// Configurations read so far in this run, by path: every plan of a repository shares one.
static CACHE: crate::dirs::PathMemo<Vec<&'static str>> = crate::dirs::PathMemo::new();

/// Forgets the configurations read so far (see [`crate::repo::forget_cached`]).
pub fn forget_cached() {
    CACHE.clear();
}

/// The `stp` rules turned off by the markdownlint configuration governing `dir`.
pub fn disabled_for(dir: &Path, root: Option<&Path>) -> Vec<&'static str> {
    let Some(path) = find(dir, root) else {
        return Vec::new();
    };
    CACHE.get_or(&path, || {
        read(&path).map(|s| disabled_rules(&s)).unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(yaml: &str) -> Vec<(String, Value)> {
        serde_saphyr::from_str::<Ordered>(yaml).unwrap().0
    }

    #[test]
    fn comments_do_not_change_the_settings_read() {
        let yaml = "# the repository's choices\ndefault: true # every rule\n\n# blank lines\nMD012: false  # allowed\nno-alt-text: false\n";
        let read: Ordered = parse_yaml(yaml).unwrap();
        assert_eq!(read.0, settings(yaml));
        assert_eq!(disabled_rules(&read.0), vec!["STP033", "STP031"]);
        assert!(parse_yaml::<Ordered>("MD012: [unclosed").is_none());
        // A long block of comments between a key and its value is read past.
        let long = format!("MD012:\n{}  false\nMD047: false\n", "  # why\n".repeat(40));
        let read: Ordered = parse_yaml(&long).unwrap();
        assert_eq!(disabled_rules(&read.0), vec!["STP033", "STP034"]);
    }

    #[test]
    fn later_alias_overrides_earlier_code() {
        let s = settings("default: true\nMD012: true\nMD040: true\nno-multiple-blanks: false\n");
        assert_eq!(disabled_rules(&s), vec!["STP033"]);
        let s = settings("MD018: true\nno-missing-space-atx: false\n");
        assert_eq!(disabled_rules(&s), vec!["STP037"]);
    }

    #[test]
    fn default_false_turns_everything_off_but_what_is_named() {
        let s = settings("default: false\nMD045: {}\n");
        assert_eq!(
            disabled_rules(&s),
            vec!["STP032", "STP033", "STP037", "STP030", "STP034"]
        );
    }

    #[test]
    fn jsonc_comments_and_cli2_config() {
        let text = without_line_comments(
            "{\n  // the repository's choice\n  \"config\": {\"MD047\": false, \"url\": \"http://x\"}\n}\n",
        );
        let cli2: Cli2 = serde_saphyr::from_str(&text).unwrap();
        assert_eq!(disabled_rules(&cli2.0.unwrap().0), vec!["STP034"]);
    }
}
