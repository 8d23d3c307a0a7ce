//! Facts about the files around an STP that cross-file rules need: the OWNERS files that govern
//! it, its feature directory, its SIG directory. Gathered by `check` (the only place that does
//! I/O) before the rules run, so rules stay pure functions of their context.

use crate::dirs::PathMemo;
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Default)]
pub struct RepoFacts {
    /// `stps/<sig>/...`: the SIG directory the file sits in.
    pub sig_dir: Option<String>,
    /// In a feature directory, `stps/<sig>/<feature>/`, where the SIG directory is the owning
    /// SIG's and a child plan covers another SIG.
    pub in_feature_dir: bool,
    /// Handles (lower case) listed as reviewers or approvers in the nearest OWNERS file above the
    /// STP and in the repository root's OWNERS; `None` when there are no OWNERS files.
    pub owners: Option<Owners>,
    /// For `stp.md` in a feature directory: the other Markdown files beside it.
    pub feature_children: Option<Vec<String>>,
    /// Relative links of the file that point at files which do not exist (checked by MULTI-1).
    pub missing_links: Vec<String>,
    /// For a child STP: what its parent (`stp.md` beside it) says, to catch repetition.
    pub parent: Option<ParentProse>,
    /// Codes of the formatting rules the repository's markdownlint configuration turns off.
    pub markdownlint_off: Vec<&'static str>,
}

/// The parts of a parent STP a child must not repeat, as plain text.
#[derive(Debug, Clone, Default)]
pub struct ParentProse {
    pub overview: Option<String>,
    /// The requirement and use-case details, one string per line.
    pub requirements: Vec<String>,
    pub acceptance_criteria: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Owners {
    pub handles: Vec<String>,
    /// Every handle of every OWNERS file of the repository (the root's and those under
    /// `stps/`, two levels deep), lower case, sorted: the people the repository knows, used
    /// to recognise a misspelled handle.
    pub known: Vec<String>,
    /// The OWNERS files read, relative to the repository root, for messages.
    pub files: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
struct OwnersFile {
    #[serde(default)]
    approvers: Vec<String>,
    #[serde(default)]
    reviewers: Vec<String>,
}

/// The repository root: the nearest ancestor with `.git`, else the parent of `stps/`.
fn repo_root(dir: &Path) -> Option<PathBuf> {
    let mut stps_parent = None;
    for d in dir.ancestors() {
        if crate::dirs::exists(&d.join(".git")) {
            return Some(d.to_path_buf());
        }
        if d.file_name().is_some_and(|n| n == "stps") {
            stps_parent = d.parent().map(Path::to_path_buf);
        }
    }
    stps_parent
}

/// OWNERS files read so far in this run: every STP of a SIG shares the same two files.
static OWNERS_CACHE: PathMemo<Option<Vec<String>>> = PathMemo::new();

fn read_owners(path: &Path) -> Option<Vec<String>> {
    OWNERS_CACHE.get_or(path, || parse_owners(path))
}

fn parse_owners(path: &Path) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(path).ok()?;
    let parsed: OwnersFile = crate::markdownlint::parse_yaml(&text)?;
    Some(
        parsed
            .approvers
            .into_iter()
            .chain(parsed.reviewers)
            .map(|h| h.trim().trim_start_matches('@').to_lowercase())
            .collect(),
    )
}

/// The handles of the root's OWNERS and of every OWNERS file under `stps/` up to two levels
/// deep (`stps/<sig>/OWNERS`, `stps/<sig>/<feature>/OWNERS`).
fn all_owners_handles(root: &Path) -> Vec<String> {
    let mut files = vec![root.join("OWNERS")];
    let subdirs = |d: &Path| -> Vec<PathBuf> {
        std::fs::read_dir(d)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| crate::dirs::is_dir(p))
            .collect()
    };
    for sig in subdirs(&root.join("stps")) {
        files.push(sig.join("OWNERS"));
        files.extend(subdirs(&sig).into_iter().map(|f| f.join("OWNERS")));
    }
    files
        .iter()
        .filter(|f| crate::dirs::is_file(f))
        .filter_map(|f| read_owners(f))
        .flatten()
        .collect()
}

/// What every plan in one directory shares: where the directory sits in the repository, the
/// OWNERS files that govern it, the repository's known handles and the markdownlint switches.
/// Computed once per directory and run (the plans of a SIG share it), so the cost of the
/// file-system walk does not grow with the number of plans.
#[derive(Debug, Clone, Default)]
struct DirFacts {
    root: Option<PathBuf>,
    /// The absolute directory's components.
    components: Vec<String>,
    stps_at: Option<usize>,
    sig_dir: Option<String>,
    /// The nearest OWNERS file above the directory and the root's: handles and files.
    owners: Owners,
    nearest_found: bool,
    /// Every handle of the repository's OWNERS files (see [`all_owners_handles`]).
    known: std::sync::Arc<Vec<String>>,
    markdownlint_off: Vec<&'static str>,
}

/// Per directory (as the walk or the user named it): its shared facts.
static DIR_CACHE: PathMemo<std::sync::Arc<DirFacts>> = PathMemo::new();

/// Forgets every fact about the file system read so far (OWNERS files, directory facts,
/// the repository's handles, markdownlint configurations), so the next review reads them
/// again: the language server calls it when such a file changes.
pub fn forget_cached() {
    OWNERS_CACHE.clear();
    DIR_CACHE.clear();
    KNOWN_CACHE.clear();
    crate::markdownlint::forget_cached();
    crate::dirs::forget();
}

/// Per repository root: [`all_owners_handles`], sorted and deduplicated.
static KNOWN_CACHE: PathMemo<std::sync::Arc<Vec<String>>> = PathMemo::new();

fn known_handles(root: Option<&Path>) -> std::sync::Arc<Vec<String>> {
    let Some(root) = root else {
        return Default::default();
    };
    KNOWN_CACHE.get_or(root, || {
        let mut known = all_owners_handles(root);
        known.sort();
        known.dedup();
        std::sync::Arc::new(known)
    })
}

fn dir_facts(dir: &Path) -> std::sync::Arc<DirFacts> {
    DIR_CACHE.get_or(dir, || std::sync::Arc::new(read_dir_facts(dir)))
}

fn read_dir_facts(dir: &Path) -> DirFacts {
    let abs_dir = crate::dirs::real_dir(dir);
    let root = repo_root(&abs_dir);
    let components: Vec<String> = abs_dir
        .components()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .collect();
    let stps_at = components.iter().rposition(|c| c == "stps");
    let sig_dir = stps_at.and_then(|i| components.get(i + 1).cloned());

    let mut owners = Owners::default();
    let mut nearest_found = false;
    for d in abs_dir.ancestors() {
        let inside = root.as_ref().is_none_or(|r| d.starts_with(r));
        if !inside {
            break;
        }
        let is_root = root.as_ref().is_some_and(|r| d == r.as_path());
        let file = d.join("OWNERS");
        if (!nearest_found || is_root) && crate::dirs::is_file(&file) {
            if let Some(handles) = read_owners(&file) {
                owners.handles.extend(handles);
                let shown = root
                    .as_ref()
                    .and_then(|r| file.strip_prefix(r).ok())
                    .unwrap_or(&file);
                owners.files.push(shown.to_string_lossy().to_string());
                nearest_found = true;
            }
        }
        if is_root {
            break;
        }
    }
    DirFacts {
        known: known_handles(root.as_deref()),
        markdownlint_off: crate::markdownlint::disabled_for(&abs_dir, root.as_deref()),
        root,
        components,
        stps_at,
        sig_dir,
        owners,
        nearest_found,
    }
}

/// Gathers the facts for the STP at `path`.
pub fn facts_for(path: &Path, link_targets: &[String], sigs: &[String]) -> RepoFacts {
    let Some(dir) = path.parent() else {
        return RepoFacts::default();
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let shared = dir_facts(dir);
    let DirFacts {
        root,
        components,
        stps_at,
        ..
    } = &*shared;
    let mut owners = shared.owners.clone();
    // Reviewers from the participating SIGs of a multi-SIG plan are governed by their own SIG's
    // OWNERS file.
    if let (Some(i), true) = (*stps_at, shared.nearest_found) {
        let stps_root: PathBuf = components[..=i].iter().collect();
        for sig in sigs {
            let file = stps_root.join(sig).join("OWNERS");
            if let Some(handles) = crate::dirs::is_file(&file)
                .then(|| read_owners(&file))
                .flatten()
            {
                owners.handles.extend(handles);
                let shown = root
                    .as_ref()
                    .and_then(|r| file.strip_prefix(r).ok())
                    .unwrap_or(&file);
                let shown = shown.to_string_lossy().to_string();
                if !owners.files.contains(&shown) {
                    owners.files.push(shown);
                }
            }
        }
    }
    owners.handles.sort();
    owners.handles.dedup();
    owners.known = merge_sorted(&shared.known, &owners.handles);

    let file_name = path.file_name().map(|f| f.to_string_lossy().to_string());
    let in_feature_dir = stps_at.is_some_and(|i| components.len() - i == 3);
    let feature_children = (file_name.as_deref() == Some("stp.md") && in_feature_dir).then(|| {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|n| n.ends_with(".md") && n != "stp.md")
            .collect();
        names.sort();
        names
    });
    let missing_links = link_targets
        .iter()
        .filter(|t| {
            let target = t.split('#').next().unwrap_or("");
            !target.is_empty() && !crate::dirs::exists(&dir.join(target))
        })
        .cloned()
        .collect();

    RepoFacts {
        sig_dir: shared.sig_dir.clone(),
        in_feature_dir,
        owners: (!owners.files.is_empty()).then_some(owners),
        feature_children,
        missing_links,
        parent: None,
        markdownlint_off: shared.markdownlint_off.clone(),
    }
}

/// The union of two sorted, deduplicated lists, sorted and deduplicated.
fn merge_sorted(a: &[String], b: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => {
                out.push(a[i].clone());
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b[j].clone());
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push(a[i].clone());
                i += 1;
                j += 1;
            }
        }
    }
    out.extend(a[i..].iter().cloned());
    out.extend(b[j..].iter().cloned());
    out
}
