//! Facts about the target test repository and the plan's home that the stubs need: the
//! markers `pytest.ini` registers, the stubs already written for a plan, the plan's URL, the
//! Polarion map.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The directory holding `pytest.ini`, searched from `dir` upward.
pub fn pytest_root(dir: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(dir).ok()?;
    abs.ancestors()
        .find(|d| d.join("pytest.ini").is_file())
        .map(Path::to_path_buf)
}

/// Marker names registered under `markers =` in a `pytest.ini` (`name: description` or
/// `name(args): description`, one per continuation line; comments skipped).
pub fn registered_markers(ini: &str) -> BTreeSet<String> {
    let mut markers = BTreeSet::new();
    let mut in_pytest = false;
    let mut in_markers = false;
    for line in ini.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            in_pytest = trimmed == "[pytest]" || trimmed == "[tool:pytest]";
            in_markers = false;
            continue;
        }
        if !in_pytest || trimmed.is_empty() || trimmed.starts_with(['#', ';']) {
            continue;
        }
        let continuation = line.starts_with([' ', '\t']);
        if !continuation {
            in_markers = false;
            if let Some((key, value)) = trimmed.split_once('=') {
                if key.trim() == "markers" {
                    in_markers = true;
                    add_marker(value, &mut markers);
                }
            }
            continue;
        }
        if in_markers {
            add_marker(trimmed, &mut markers);
        }
    }
    markers
}

fn add_marker(entry: &str, markers: &mut BTreeSet<String>) {
    let name: String = entry
        .trim()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    if !name.is_empty() {
        markers.insert(name);
    }
}

/// A Python file under the tests directory that already points at the plan.
pub struct ExistingFile {
    pub path: PathBuf,
    /// The file's text with runs of white space collapsed, for matching wrapped docstrings.
    pub flat: String,
}

/// Python files under `dir` whose text names the plan's file in an `STP` reference.
pub fn files_for_plan(dir: &Path, plan_file: &str) -> Vec<ExistingFile> {
    let mut out = Vec::new();
    let walk = crate::dirs::walker(dir)
        .hidden(false)
        .git_ignore(true)
        .build();
    for entry in walk.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "py") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        if !text.contains("STP") || !text.contains(plan_file) {
            continue;
        }
        out.push(ExistingFile {
            path: path.to_path_buf(),
            flat: flatten(&text),
        });
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

pub fn flatten(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The plan's URL: `base_url` + the path inside its repository, or the repository's `origin`
/// remote on GitHub (`.../blob/main/<path>`), or the repository-relative path when neither is
/// known (the second element says so).
pub fn plan_url(plan: &Path, base_url: Option<&str>) -> (String, bool) {
    let abs = std::path::absolute(plan).unwrap_or_else(|_| plan.to_path_buf());
    let dir = abs.parent().unwrap_or(Path::new("."));
    let git = |args: &[&str]| -> Option<String> {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let top = git(&["rev-parse", "--show-toplevel"]).map(PathBuf::from);
    let relative = top
        .as_ref()
        .and_then(|t| {
            let t = t.canonicalize().ok()?;
            let a = abs.canonicalize().ok()?;
            a.strip_prefix(t).ok().map(Path::to_path_buf)
        })
        .or_else(|| from_stps_dir(&abs))
        .unwrap_or_else(|| PathBuf::from(plan.file_name().unwrap_or_default()));
    let relative = relative.to_string_lossy().replace('\\', "/");
    if let Some(base) = base_url {
        return (format!("{}/{relative}", base.trim_end_matches('/')), true);
    }
    if let Some(remote) = top.and(git(&["remote", "get-url", "origin"])) {
        if let Some(web) = web_url(&remote) {
            return (format!("{web}/blob/main/{relative}"), true);
        }
    }
    (relative, false)
}

/// `stps/<sig>/<file>.md` from the last `stps` directory on the path.
fn from_stps_dir(path: &Path) -> Option<PathBuf> {
    let parts: Vec<_> = path.components().collect();
    let at = parts.iter().rposition(|c| c.as_os_str() == "stps")?;
    Some(parts[at..].iter().collect())
}

/// `git@github.com:Org/Repo.git` or `https://github.com/Org/Repo.git` -> `https://github.com/Org/Repo`.
pub fn web_url(remote: &str) -> Option<String> {
    let remote = remote.trim().trim_end_matches('/');
    let remote = remote.strip_suffix(".git").unwrap_or(remote);
    if let Some(rest) = remote.strip_prefix("git@") {
        let (host, path) = rest.split_once(':')?;
        return Some(format!("https://{host}/{path}"));
    }
    if let Some(rest) = remote.strip_prefix("ssh://git@") {
        return Some(format!("https://{rest}"));
    }
    if remote.starts_with("https://") || remote.starts_with("http://") {
        // Drop credentials a remote URL may carry (`https://user:token@host/...`).
        let (scheme, rest) = remote.split_once("://")?;
        let rest = rest.split_once('@').map_or(rest, |(_, r)| r);
        return Some(format!("{scheme}://{rest}"));
    }
    None
}

/// Polarion IDs by scenario: rows of `<requirement ID or scenario text>,<Polarion ID>`; a
/// header row is allowed. Rows for the same requirement ID are used in the plan's order.
pub struct PolarionMap {
    rows: Vec<(String, String, bool)>,
}

impl PolarionMap {
    pub fn read(path: &Path) -> Result<PolarionMap, String> {
        let shown = crate::check::display(path);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .comment(Some(b'#'))
            .from_path(path)
            .map_err(|e| format!("{shown}: {e}"))?;
        let mut rows = Vec::new();
        for (i, record) in reader.records().enumerate() {
            let record = record.map_err(|e| format!("{shown}: {e}"))?;
            let (Some(what), Some(id)) = (record.get(0), record.get(1)) else {
                return Err(format!(
                    "{shown}:{}: expected two columns: the requirement ID or scenario text, then the Polarion ID",
                    i + 1
                ));
            };
            if !is_polarion_id(id) {
                if i == 0 {
                    continue; // a header row
                }
                return Err(format!(
                    "{shown}:{}: `{id}` is not a Polarion ID such as CNV-12345",
                    i + 1
                ));
            }
            rows.push((what.to_string(), id.to_string(), false));
        }
        Ok(PolarionMap { rows })
    }

    /// The ID for a scenario: a row naming its text, else the next unused row for its
    /// requirement ID.
    pub fn take(&mut self, requirement: Option<&str>, text: &str) -> Option<String> {
        let flat = flatten(text).to_lowercase();
        let by_text = self
            .rows
            .iter()
            .position(|(what, _, used)| !used && flatten(what).to_lowercase() == flat);
        let by_key = || {
            self.rows
                .iter()
                .position(|(what, _, used)| !used && Some(what.as_str()) == requirement)
        };
        let at = by_text.or_else(by_key)?;
        self.rows[at].2 = true;
        Some(self.rows[at].1.clone())
    }
}

/// `CNV-12345`: a project prefix and digits (the marker's required form).
pub fn is_polarion_id(id: &str) -> bool {
    crate::recognise::is_jira_key(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_come_from_the_markers_option() {
        let ini = "[pytest]\ntestpaths = tests\nmarkers =\n    # General\n    polarion: Store polarion test ID\n    tier3: Mark tests as tier3\n    order(n): ordering\naddopts = -p no:logging\n    --strict-markers\n";
        let got: Vec<String> = registered_markers(ini).into_iter().collect();
        assert_eq!(got, ["order", "polarion", "tier3"]);
    }

    #[test]
    fn remotes_become_web_urls() {
        assert_eq!(
            web_url("git@github.com:RedHatQE/stps.git").as_deref(),
            Some("https://github.com/RedHatQE/stps")
        );
        assert_eq!(
            web_url("https://user:secret@github.com/RedHatQE/stps.git").as_deref(),
            Some("https://github.com/RedHatQE/stps")
        );
        assert_eq!(web_url("/srv/git/stps"), None);
    }
}
