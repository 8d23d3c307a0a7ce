//! What the directories around the plans hold, read once per run.
//!
//! Every plan asks the same questions of the directories above it: is there an `OWNERS` file,
//! a configuration file (`stp.toml`, `pyproject.toml`, eight markdownlint names), a `.git`,
//! a parent `stp.md`; and where does the directory really live (for `stps/<sig>/...` and
//! template directories). Asked with one `stat` per name and one `canonicalize` per file, a
//! check of 23 plans made about 700 system calls before reading a single plan. Here each
//! directory is listed once (`read_dir`, a few system calls) and resolved once, and the
//! questions are answered from memory (a name missing from a listing is still asked of the
//! file system where names may ignore case, as on macOS and Windows; a directory of more than
//! 256 entries is not listed but asked name by name).
//!
//! The answers can go stale while a process lives: the language server calls [`forget`]
//! (through `repo::forget_cached`) whenever a watched file changes.

use std::collections::HashMap;
use std::ffi::OsString;
use std::fs::FileType;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex, OnceLock};

/// The crate's fast hash for short keys (as `prose::FastHash`; this module depends on no
/// other).
type FastHash = foldhash::fast::FixedState;

/// The entries of one directory, by name. `None` when the directory cannot be listed: then
/// every question about it goes to the file system.
type Listing = Option<Arc<HashMap<OsString, FileType, FastHash>>>;

/// Directories with more entries than this are not listed.
const MAX_LISTED: usize = 256;

/// A per-run memo keyed by path: looked up under a lock, each value computed once, outside
/// it (a thread that asks for a value another thread is computing waits for it rather than
/// computing it again: two threads often meet a repository's OWNERS files or markdownlint
/// configuration at once). Every per-run cache of file-system facts (here,
/// `repo`, `config`, `markdownlint`) is one. A value's computation must not ask this memo
/// for the same path.
///
/// Keys are the paths' bytes (`Path`'s own hash reads them component by component, several
/// times the cost): two spellings of one path (`a/b`, `a//b`) are two keys, so at worst
/// their value is computed twice.
pub struct PathMemo<V>(LazyLock<Mutex<MemoTable<V>>>);

/// A path's bytes -> the cell its value is computed in, once.
type MemoTable<V> = HashMap<OsString, Arc<OnceLock<V>>, FastHash>;

impl<V: Clone> Default for PathMemo<V> {
    fn default() -> PathMemo<V> {
        PathMemo::new()
    }
}

impl<V: Clone> PathMemo<V> {
    pub const fn new() -> PathMemo<V> {
        PathMemo(LazyLock::new(Default::default))
    }

    /// The value remembered for `key`, or `compute()`'s, remembered.
    pub fn get_or(&self, key: &Path, compute: impl FnOnce() -> V) -> V {
        let cell = {
            let Ok(mut memo) = self.0.lock() else {
                return compute();
            };
            match memo.get(key.as_os_str()) {
                Some(cell) => match cell.get() {
                    Some(value) => return value.clone(),
                    None => cell.clone(),
                },
                None => {
                    let cell = Arc::new(OnceLock::new());
                    memo.insert(key.as_os_str().to_owned(), cell.clone());
                    cell
                }
            }
        };
        cell.get_or_init(compute).clone()
    }

    pub fn clear(&self) {
        if let Ok(mut memo) = self.0.lock() {
            memo.clear();
        }
    }
}

static LISTINGS: PathMemo<Listing> = PathMemo::new();
static REAL_DIRS: PathMemo<PathBuf> = PathMemo::new();

/// Forgets every listing and real path read so far.
pub fn forget() {
    LISTINGS.clear();
    REAL_DIRS.clear();
}

/// `dir`, or `.` for the empty parent of a bare file name.
fn or_here(dir: &Path) -> &Path {
    if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    }
}

fn listing(dir: &Path) -> Listing {
    let dir = or_here(dir);
    LISTINGS.get_or(dir, || read_listing(dir))
}

fn read_listing(dir: &Path) -> Listing {
    std::fs::read_dir(dir).ok().and_then(|entries| {
        let mut listed = HashMap::default();
        for entry in entries.flatten() {
            // A crowded directory (a downloads folder holding one plan) costs more to list
            // than the dozen names asked of it: the file system answers for it instead.
            if listed.len() == MAX_LISTED {
                return None;
            }
            if let Ok(file_type) = entry.file_type() {
                listed.insert(entry.file_name(), file_type);
            }
        }
        Some(Arc::new(listed))
    })
}

/// The type of `path`'s own entry, from its directory's listing: `Some(None)` when the listing
/// says there is no such entry, `None` when the listing cannot answer (no listing, or a path
/// without a file name).
fn entry_type(path: &Path) -> Option<Option<FileType>> {
    let name = path.file_name()?;
    let entries = listing(path.parent()?)?;
    match entries.get(name) {
        Some(t) => Some(Some(*t)),
        // Where file names may ignore case (macOS, Windows), `OWNERS` may be listed as
        // `owners`: only the file system can say it is absent.
        None if cfg!(target_os = "linux") => Some(None),
        None => None,
    }
}

/// Whether `path` is a file (following a symbolic link), like [`Path::is_file`].
pub fn is_file(path: &Path) -> bool {
    match entry_type(path) {
        Some(None) => false,
        Some(Some(t)) if !t.is_symlink() => t.is_file(),
        _ => path.is_file(),
    }
}

/// Whether `path` is a directory (following a symbolic link), like [`Path::is_dir`].
pub fn is_dir(path: &Path) -> bool {
    match entry_type(path) {
        Some(None) => false,
        Some(Some(t)) if !t.is_symlink() => t.is_dir(),
        _ => path.is_dir(),
    }
}

/// Whether anything is at `path`, like [`Path::exists`].
pub fn exists(path: &Path) -> bool {
    match entry_type(path) {
        Some(None) => false,
        Some(Some(t)) if !t.is_symlink() => true,
        _ => path.exists(),
    }
}

/// The directory's canonical path (`canonicalize`, resolved once per run), or the path as
/// given when it cannot be resolved.
pub fn real_dir(dir: &Path) -> PathBuf {
    let dir = or_here(dir);
    REAL_DIRS.get_or(dir, || {
        dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf())
    })
}

/// Remembers that `dir` really is `real` (a directory a walk found below a directory whose
/// real path is known), so [`real_dir`] need not ask the file system.
pub fn remember_real_dir(dir: &Path, real: PathBuf) {
    REAL_DIRS.get_or(or_here(dir), || real);
}

/// The file's canonical path, like `canonicalize`: its directory's real path and its name,
/// unless the file itself is a symbolic link (then the file system resolves it). `None` when
/// nothing is at `path`.
pub fn real_path(path: &Path) -> Option<PathBuf> {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return path.canonicalize().ok();
    };
    match entry_type(path) {
        Some(None) => None,
        Some(Some(t)) if !t.is_symlink() => Some(real_dir(dir).join(name)),
        _ => path.canonicalize().ok(),
    }
}

/// `ignore`'s directory walker with its defaults, reading the user's global git excludes file
/// only when there may be one (see [`global_excludes_may_apply`]).
pub fn walker(root: &Path) -> ignore::WalkBuilder {
    // Decided per walk, as `ignore` reads the configuration per walk: the language server
    // lives longer than a configuration.
    let may_apply = global_excludes_may_apply(
        git_config_files()
            .iter()
            .filter_map(|f| std::fs::read(f).ok()),
        default_global_excludes().is_some_and(|f| f.is_file()),
    );
    let mut builder = ignore::WalkBuilder::new(root);
    builder.git_global(may_apply);
    builder
}

/// Whether the global excludes file that `ignore` looks for may exist: some git configuration
/// mentions `excludesFile`, or the default file is there. When neither holds, `ignore` would
/// find no global excludes, but only after compiling a regular expression to search the
/// configuration (a third of the instructions before the first plan is read); the walk skips
/// that search instead.
fn global_excludes_may_apply(
    mut configs: impl Iterator<Item = Vec<u8>>,
    default_is_file: bool,
) -> bool {
    const KEY: &[u8] = b"excludesfile";
    default_is_file || configs.any(|c| c.windows(KEY.len()).any(|w| w.eq_ignore_ascii_case(KEY)))
}

/// The git configuration files `ignore` (0.4.34) reads for `core.excludesFile` (see the note
/// on `ignore` in Cargo.toml).
fn git_config_files() -> Vec<PathBuf> {
    let non_empty = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let mut files: Vec<PathBuf> = non_empty("GIT_CONFIG_GLOBAL").into_iter().collect();
    files.extend(home().map(|h| h.join(".gitconfig")));
    files.extend(xdg_config_home().map(|x| x.join("git/config")));
    files.push(non_empty("GIT_CONFIG_SYSTEM").unwrap_or_else(|| PathBuf::from("/etc/gitconfig")));
    files
}

/// Where `ignore` looks for the global excludes file when no configuration names one.
fn default_global_excludes() -> Option<PathBuf> {
    xdg_config_home().map(|x| x.join("git/ignore"))
}

fn xdg_config_home() -> Option<PathBuf> {
    std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| home().map(|h| h.join(".config")))
}

/// The home directory as `ignore` finds it.
fn home() -> Option<PathBuf> {
    #[allow(deprecated)]
    std::env::home_dir()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_like_the_file_system() {
        // The directory under test sits one level below a directory of its own: other tests
        // in this process list the temporary directory itself, and a listing taken before
        // `tmp` was made would rightly not show it.
        let base = std::env::temp_dir().join(format!("stp-dirs-{}", std::process::id()));
        let tmp = base.join("case");
        let sub = tmp.join("sub");
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(tmp.join("OWNERS"), "approvers: [a]\n").unwrap();
        let file = tmp.join("OWNERS");
        let absent = tmp.join("stp.toml");
        for p in [&tmp, &sub, &file, &absent, &tmp.join("sub/none/x")] {
            assert_eq!(is_file(p), p.is_file(), "{}", p.display());
            assert_eq!(is_dir(p), p.is_dir(), "{}", p.display());
            assert_eq!(exists(p), p.exists(), "{}", p.display());
            assert_eq!(real_path(p), p.canonicalize().ok(), "{}", p.display());
        }
        assert_eq!(real_dir(&sub), sub.canonicalize().unwrap());
        #[cfg(unix)]
        {
            let link = tmp.join("link.md");
            std::os::unix::fs::symlink(sub.join("target.md"), &link).unwrap();
            std::fs::write(sub.join("target.md"), "# t\n").unwrap();
            // A link resolves to its target, as `canonicalize` says (not beside the link).
            forget();
            assert_eq!(real_path(&link), link.canonicalize().ok());
            assert!(is_file(&link));
        }
        std::fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn a_crowded_directory_is_asked_name_by_name() {
        let tmp = std::env::temp_dir().join(format!("stp-dirs-crowded-{}", std::process::id()));
        std::fs::create_dir_all(&tmp).unwrap();
        for i in 0..=MAX_LISTED {
            std::fs::write(tmp.join(format!("{i}.md")), "").unwrap();
        }
        assert!(listing(&tmp).is_none());
        assert!(is_file(&tmp.join("0.md")));
        assert!(!is_file(&tmp.join("OWNERS")));
        std::fs::remove_dir_all(&tmp).unwrap();
    }

    #[test]
    fn forgets_what_it_read() {
        let tmp = std::env::temp_dir().join(format!("stp-dirs-forget-{}", std::process::id()));
        std::fs::create_dir_all(&tmp).unwrap();
        let owners = tmp.join("OWNERS");
        assert!(!is_file(&owners));
        std::fs::write(&owners, "").unwrap();
        // A file written after its directory was listed is seen once the memory is cleared.
        forget();
        assert!(is_file(&owners));
        std::fs::remove_dir_all(&tmp).unwrap();
    }

    #[test]
    fn global_excludes_are_searched_only_when_a_configuration_may_name_them() {
        let configs = |texts: &[&str]| {
            texts
                .iter()
                .map(|t| t.as_bytes().to_vec())
                .collect::<Vec<_>>()
                .into_iter()
        };
        assert!(!global_excludes_may_apply(configs(&[]), false));
        assert!(!global_excludes_may_apply(
            configs(&["[user]\n\tname = A\n", "[core]\n\teditor = vi\n"]),
            false
        ));
        assert!(global_excludes_may_apply(
            configs(&["[user]\n", "[core]\n\texcludesFile = ~/.gitignore_global\n"]),
            false
        ));
        assert!(global_excludes_may_apply(
            configs(&["[core]\n\tEXCLUDESFILE=x\n"]),
            false
        ));
        assert!(global_excludes_may_apply(configs(&[]), true));
    }
}
