//! The review pipeline for a set of paths: find files, read each one, build its model, run
//! the rules. Files are independent, so they are reviewed in parallel; one bad file (binary,
//! not UTF-8, too large, or one that trips a parser bug) becomes an error entry and the run
//! goes on.

use crate::diagnostic::{Diagnostic, Severity};
use crate::markdown;
use crate::model::{self, DocKind, Layout, PathFacts, Stp};
use crate::repo::{self, RepoFacts};
use crate::rules::{self, Context, Settings};
use crate::source::{decode, SourceFile};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Files above this size are not STPs; refuse them instead of spending memory on them.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 16 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct Options {
    pub include_templates: bool,
    /// Apply the configuration's `exclude` (and skip files that are not plans by name) for
    /// files named on the command line too, as for walked ones.
    pub force_exclude: bool,
    pub max_file_size: u64,
    pub settings: Settings,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            include_templates: false,
            force_exclude: false,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            settings: Settings::default(),
        }
    }
}

/// The outcome for one file.
#[derive(Debug)]
pub struct FileReport {
    /// The path as the user gave or the walk found it.
    pub path: String,
    pub kind: Option<DocKind>,
    pub layout: Option<Layout>,
    pub error: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
    pub source: Option<Arc<SourceFile>>,
    /// The failing severity the file's configuration asks for.
    pub fail_on: Option<Severity>,
}

impl FileReport {
    pub fn failed(path: &Path, error: String) -> FileReport {
        FileReport {
            path: display(path),
            kind: None,
            layout: None,
            error: Some(error),
            diagnostics: Vec::new(),
            source: None,
            fail_on: None,
        }
    }
}

/// A path as reports show it: relative to the working directory when it lies under it (an
/// absolute path given or found by a search is shortened too), with `/` separators kept.
pub fn display(path: &Path) -> String {
    let climbs = path
        .components()
        .any(|c| c == std::path::Component::ParentDir);
    let relative = if path.is_absolute() || climbs {
        // `../sig-x/plan.md` from inside `sig-x` is `plan.md`.
        std::env::current_dir()
            .ok()
            .and_then(|cwd| relative_to(&lexically_normal(&cwd.join(path)), &cwd))
    } else {
        None
    };
    let shown = relative.as_deref().unwrap_or(path);
    let s = shown.to_string_lossy();
    s.strip_prefix("./").unwrap_or(&s).to_string()
}

/// `a/b/../c` as `a/c`, without asking the file system (the path may not exist).
fn lexically_normal(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c.as_os_str()),
        }
    }
    out
}

/// `path` relative to `base` (both absolute), climbing with `..` when it lies beside it.
pub fn relative_to(path: &Path, base: &Path) -> Option<PathBuf> {
    use std::path::Component;
    let path: Vec<Component> = path.components().collect();
    let base: Vec<Component> = base.components().collect();
    // Different roots (another drive on Windows): no relative form.
    if path.first() != base.first() {
        return None;
    }
    let common = path.iter().zip(&base).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..base.len() {
        out.push("..");
    }
    for c in &path[common..] {
        out.push(c.as_os_str());
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    Some(out)
}

/// Markdown files that are documentation about a repository, not test plans: skipped when a
/// directory is walked (reported only when named), by file name or a `docs/` directory.
pub fn is_not_a_plan_by_name(path: &Path) -> bool {
    const NAMES: &[&str] = &[
        "README",
        "AGENTS",
        "CLAUDE",
        "CHANGELOG",
        "CONTRIBUTING",
        "CODE_OF_CONDUCT",
        "SECURITY",
        "LICENSE",
        "GOVERNANCE",
        "OWNERS",
    ];
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_ascii_uppercase())
        .unwrap_or_default();
    let in_docs = path
        .parent()
        .is_some_and(|d| d.components().any(|c| c.as_os_str() == "docs"));
    NAMES.contains(&stem.as_str()) || in_docs
}

/// A parsed file: its source and model. (The Markdown tree borrows the source and lives
/// only while a file is being reviewed.)
pub struct Parsed {
    pub source: SourceFile,
    pub stp: Stp,
}

fn internal_error(panic: Box<dyn std::any::Any + Send>) -> String {
    let what = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    format!("internal error while reading the file ({what}); please report it with the file")
}

/// Parses text into the model. Panics inside the parser are caught and reported as errors,
/// never allowed to take the run down.
pub fn parse_text(text: String, facts: PathFacts) -> Result<Parsed, String> {
    std::panic::catch_unwind(move || {
        let source = SourceFile::new(text);
        let doc = markdown::parse(&source.text);
        let stp = model::build(&source.text, &doc, facts);
        drop(doc);
        Parsed { source, stp }
    })
    .map_err(internal_error)
}

/// Reviews text that is already in memory, without looking at neighbouring files.
pub fn review_text(path: &Path, text: String, facts: PathFacts, settings: Settings) -> FileReport {
    review_with_neighbours(path, text, facts, settings, false)
}

/// Reviews text for the file at `path`; with `on_disk`, the files around it (OWNERS, the
/// feature directory) are read for the cross-file rules.
pub fn review_with_neighbours(
    path: &Path,
    text: String,
    facts: PathFacts,
    settings: Settings,
    on_disk: bool,
) -> FileReport {
    review_keeping_model(path, text, facts, settings, |stp| {
        if on_disk {
            neighbour_facts(path, stp)
        } else {
            RepoFacts::default()
        }
    })
    .report
}

/// A review that keeps the model, for reporters that show more than diagnostics (the HTML
/// report, the language server).
pub struct Reviewed {
    pub report: FileReport,
    /// `None` when the file could not be reviewed (see `report.error`).
    pub stp: Option<Stp>,
}

/// Reviews in-memory text; `neighbours` supplies the cross-file facts for the model (read
/// from disk with [`neighbour_facts`], or from a cache the caller keeps).
pub fn review_keeping_model(
    path: &Path,
    text: String,
    facts: PathFacts,
    settings: Settings,
    neighbours: impl FnOnce(&Stp) -> RepoFacts,
) -> Reviewed {
    let reviewed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
        let source = SourceFile::new(text);
        let doc = markdown::parse(&source.text);
        let stp = model::build(&source.text, &doc, facts);
        let repo = neighbours(&stp);
        let ctx = Context {
            path,
            source: &source,
            doc: &doc,
            stp: &stp,
            settings,
            repo: &repo,
            trace: Default::default(),
        };
        let diagnostics = rules::run(&ctx);
        drop(ctx);
        drop(doc);
        (source, stp, diagnostics)
    }));
    match reviewed {
        Ok((source, stp, mut diagnostics)) => {
            if let Some(config) = settings.config {
                diagnostics.retain(|d| !config.ignored_in(path, d.rule));
            }
            Reviewed {
                report: FileReport {
                    path: display(path),
                    kind: Some(stp.kind),
                    layout: Some(stp.layout),
                    error: None,
                    diagnostics,
                    source: Some(Arc::new(source)),
                    fail_on: settings.config.and_then(|c| c.fail_on),
                },
                stp: Some(stp),
            }
        }
        Err(panic) => Reviewed {
            report: FileReport::failed(path, internal_error(panic)),
            stp: None,
        },
    }
}

/// The cross-file facts for the plan at `path`: OWNERS, the feature directory and, for a
/// child, what its parent says. What the plan links and names decides what is read.
pub fn neighbour_facts(path: &Path, stp: &Stp) -> RepoFacts {
    let mut facts = repo::facts_for(path, &stp.child_links(), &stp.named_sigs());
    if stp.kind == model::DocKind::Child {
        facts.parent = cached_parent(path);
    }
    facts
}

/// The parents already read in this process, by path, with the size and modification time
/// they had: the children of a feature directory share one parent, which is then parsed
/// once per run instead of once per child (and again when it changes on disk). Two threads
/// that need the same parent at once parse it once: the second waits for the first.
type ParentCache = std::collections::HashMap<PathBuf, std::sync::Arc<ParentEntry>>;

/// A file's modification time and size.
type ParentStamp = (Option<std::time::SystemTime>, u64);

/// A parent as read at one size and modification time.
struct ParentEntry {
    stamp: ParentStamp,
    prose: std::sync::OnceLock<Option<repo::ParentProse>>,
}

static PARENTS: std::sync::LazyLock<std::sync::Mutex<ParentCache>> =
    std::sync::LazyLock::new(Default::default);

/// [`read_parent`], cached per run.
fn cached_parent(child: &Path) -> Option<repo::ParentProse> {
    let parent_path = child.parent()?.join("stp.md");
    let stamp = stamp_of(&parent_path)?;
    let entry = {
        let mut cache = PARENTS.lock().ok()?;
        match cache.get(&parent_path) {
            Some(entry) if entry.stamp == stamp => entry.clone(),
            _ => {
                let entry = std::sync::Arc::new(ParentEntry {
                    stamp,
                    prose: std::sync::OnceLock::new(),
                });
                cache.insert(parent_path, entry.clone());
                entry
            }
        }
    };
    entry.prose.get_or_init(|| read_parent(child)).clone()
}

/// What the parent `stp.md` beside a child STP says (overview, requirements, criteria).
fn read_parent(child: &Path) -> Option<repo::ParentProse> {
    let parent_path = child.parent()?.join("stp.md");
    let text = read_text(&parent_path, DEFAULT_MAX_FILE_SIZE).ok()?;
    let parent = parse_text(text, path_facts(&parent_path)).ok()?.stp;
    Some(parent_prose(&parent))
}

/// The parts of a parent plan its children must not repeat.
fn parent_prose(parent: &Stp) -> repo::ParentProse {
    let requirements = parent
        .requirements
        .iter()
        .filter(|i| i.states_requirements())
        .flat_map(|i| i.texts())
        .flat_map(crate::text::Text::lines)
        .map(|t| t.text)
        .collect();
    repo::ParentProse {
        overview: parent.overview.as_ref().map(|o| o.text.clone()),
        requirements,
        acceptance_criteria: parent
            .acceptance_criteria
            .iter()
            .map(|c| c.text.clone())
            .collect(),
    }
}

/// A file's modification time and size, `None` when it cannot be read.
fn stamp_of(path: &Path) -> Option<ParentStamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok(), meta.len()))
}

/// The stamp of a `stp.md`, taken before it is read for its own review (see
/// [`remember_as_parent`]); `None` for other files and past the default size limit.
fn stamp_as_parent(path: &Path) -> Option<ParentStamp> {
    if path.file_name().is_none_or(|n| n != "stp.md") {
        return None;
    }
    stamp_of(path).filter(|(_, len)| *len <= DEFAULT_MAX_FILE_SIZE)
}

/// Keeps what a `stp.md` just read from disk and parsed for its own review says as a parent,
/// so that its children (the other plans of its directory, reviewed after it since it is
/// usually the largest) need not read and parse it again. Kept only as [`read_parent`]
/// would read it, within the default size limit, under the stamp taken before the read (a
/// file saved meanwhile then has a newer stamp, and its children read it again); a child
/// that comes first parses it as before.
fn remember_as_parent(path: &Path, stamp: ParentStamp, plan: &Stp) {
    let Ok(mut cache) = PARENTS.lock() else {
        return;
    };
    if cache.get(path).is_some_and(|entry| entry.stamp == stamp) {
        return;
    }
    cache.insert(
        path.to_path_buf(),
        std::sync::Arc::new(ParentEntry {
            stamp,
            prose: std::sync::OnceLock::from(Some(parent_prose(plan))),
        }),
    );
}

/// Reads a file's text, refusing what cannot be an STP.
pub fn read_text(path: &Path, max_size: u64) -> Result<String, String> {
    use std::io::Read;
    // One open, one `fstat`, the reads: no separate `stat` of the path.
    let mut file = std::fs::File::open(path).map_err(|e| io_message(path, &e))?;
    let meta = file.metadata().map_err(|e| io_message(path, &e))?;
    if meta.len() > max_size {
        return Err(format!(
            "file is {} MB; files over {} MB are not checked (see --max-file-size)",
            meta.len() / (1024 * 1024),
            max_size / (1024 * 1024)
        ));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    file.read_to_end(&mut bytes)
        .map_err(|e| io_message(path, &e))?;
    decode(bytes).map_err(|e| e.to_string())
}

fn io_message(path: &Path, e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => format!("{} does not exist", display(path)),
        std::io::ErrorKind::PermissionDenied => {
            format!("permission denied reading {}", display(path))
        }
        _ => format!("cannot read {}: {e}", display(path)),
    }
}

/// The settings for one file: the run's, plus its configuration file.
pub fn settings_for(path: &Path, options: &Options) -> Result<Settings, String> {
    let config = crate::config::for_file(path)?;
    Ok(Settings {
        strict_layout: options.settings.strict_layout
            || config.and_then(|c| c.strict_layout).unwrap_or(false),
        config,
    })
}

pub fn review_file(path: &Path, options: &Options) -> FileReport {
    let settings = match settings_for(path, options) {
        Ok(s) => s,
        Err(e) => return FileReport::failed(path, e),
    };
    let parent_stamp = stamp_as_parent(path);
    match read_text(path, options.max_file_size) {
        Ok(text) => {
            review_keeping_model(path, text, path_facts(path), settings, |stp| {
                // Just read from disk: as a parent, the plan is what its children would read.
                if let Some(stamp) = parent_stamp {
                    remember_as_parent(path, stamp, stp);
                }
                neighbour_facts(path, stp)
            })
            .report
        }
        Err(e) => FileReport::failed(path, e),
    }
}

/// What the location of a file says about it.
pub fn path_facts(path: &Path) -> PathFacts {
    // `stp check .` inside a directory still knows where that directory is.
    let resolved = crate::dirs::real_path(path).unwrap_or_else(|| path.to_path_buf());
    let path = resolved.as_path();
    let components: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .collect();
    let in_template_dir = is_template_dir(path);
    let file_name = path
        .file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_default();
    let under_stps = components
        .iter()
        .rposition(|c| c == "stps")
        .is_some_and(|i| components.len() - i == 4);
    let sibling_parent = path
        .parent()
        .map(|dir| dir.join("stp.md"))
        .is_some_and(|p| crate::dirs::is_file(&p));
    PathFacts {
        in_template_dir,
        in_feature_dir: file_name != "stp.md" && (under_stps || sibling_parent),
    }
}

/// The files to review, and the paths that could not be found.
pub struct Discovery {
    pub files: Vec<PathBuf>,
    pub missing: Vec<String>,
    pub skipped_templates: Vec<PathBuf>,
}

/// Expands paths: directories are walked for `*.md` (respecting `.gitignore`), files are
/// taken as given. Templates are skipped unless asked for; walked files that are not plans by
/// name (README, docs) are skipped; `force_exclude` treats named files like walked ones.
pub fn discover(paths: &[PathBuf], include_templates: bool, force_exclude: bool) -> Discovery {
    let mut found = Discovery {
        files: Vec::new(),
        missing: Vec::new(),
        skipped_templates: Vec::new(),
    };
    let excluded = |p: &Path| {
        is_not_a_plan_by_name(p)
            || crate::config::for_file(p)
                .ok()
                .flatten()
                .is_some_and(|c| c.excludes(p))
    };
    for path in paths {
        if path.is_file() {
            if force_exclude && excluded(path) {
                continue;
            }
            if !include_templates && path_facts(path).in_template_dir {
                found.skipped_templates.push(path.clone());
            } else {
                found.files.push(path.clone());
            }
            continue;
        }
        if !path.is_dir() {
            found.missing.push(display(path));
            continue;
        }
        let walk = PlanWalk::new(path);
        let mut walked: Vec<PathBuf> = walk.entries().map(|e| e.into_path()).collect();
        walked.sort();
        // Configuration include/exclude globs apply to files found by walking. Finding each
        // directory's configuration lists the directories above it: done in parallel, on
        // the threads that will review the files.
        let walked: Vec<PathBuf> = walked.into_par_iter().filter(|p| in_scope(p)).collect();
        for p in walked {
            if !include_templates && walk.in_template_dir(&p) {
                found.skipped_templates.push(p);
            } else {
                found.files.push(p);
            }
        }
    }
    // The same file named twice (`p.md ./p.md /abs/p.md`) is reviewed (and fixed) once. (One
    // path yields each file once: a walk visits each file once.)
    if paths.len() > 1 {
        let mut seen = std::collections::HashSet::new();
        found
            .files
            .retain(|f| seen.insert(crate::dirs::real_path(f).unwrap_or_else(|| f.clone())));
    }
    found
}

/// Whether the configuration governing a walked file keeps it in scope (its include and
/// exclude globs).
fn in_scope(walked: &Path) -> bool {
    crate::config::for_file(walked)
        .ok()
        .flatten()
        .is_none_or(|c| c.in_scope(walked))
}

/// A walk of one directory for the Markdown files that may be plans (`.gitignore` and hidden
/// files respected; READMEs and docs skipped by name).
struct PlanWalk<'a> {
    root: &'a Path,
    real_root: PathBuf,
    root_in_template_dir: bool,
}

impl<'a> PlanWalk<'a> {
    fn new(root: &'a Path) -> PlanWalk<'a> {
        let real_root = crate::dirs::real_dir(root);
        PlanWalk {
            root,
            root_in_template_dir: is_template_dir(&real_root),
            real_root,
        }
    }

    fn entries(&self) -> impl Iterator<Item = ignore::DirEntry> + '_ {
        crate::dirs::walker(self.root)
            .hidden(true)
            .require_git(false)
            .build()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
            .filter(|e| {
                e.path().extension().is_some_and(|x| {
                    x.eq_ignore_ascii_case("md") || x.eq_ignore_ascii_case("markdown")
                })
            })
            .filter(|e| {
                !is_not_a_plan_by_name(e.path().strip_prefix(self.root).unwrap_or(e.path()))
            })
            .inspect(|e| self.remember_real_dir(e.path()))
    }

    /// The walk follows no symbolic link, so a walked file's directory really is the walked
    /// directory's real path plus the path below it: remembered, it spares later questions
    /// about the directory a `canonicalize` (a `readlink` per component) per directory.
    fn remember_real_dir(&self, walked: &Path) {
        let Some(dir) = walked.parent() else { return };
        match dir.strip_prefix(self.root) {
            Ok(below) if !below.as_os_str().is_empty() => {
                crate::dirs::remember_real_dir(dir, self.real_root.join(below));
            }
            _ => {}
        }
    }

    /// Whether a walked file lies in a template directory: the walk follows no symbolic link,
    /// so the walked directory's real path and the file's path below it tell.
    fn in_template_dir(&self, walked: &Path) -> bool {
        self.root_in_template_dir
            || is_template_dir(walked.strip_prefix(self.root).unwrap_or(walked))
    }
}

/// Walks the directory `root` (as [`discover`] does) and reviews its plans while the walk
/// goes on: the walk costs a few system calls per directory, and the threads review the
/// plans found so far meanwhile. The plans still waiting when the walk ends are reviewed
/// largest first, so that the threads finish together (see [`map_largest_first`]). The
/// files and their reports come in path order, as from [`discover`] and [`review_all`].
pub fn walk_and_review(
    root: &Path,
    include_templates: bool,
    options: &Options,
) -> (Discovery, Vec<FileReport>) {
    use std::sync::{Condvar, Mutex, MutexGuard};
    /// The plans found and not yet taken, with their sizes.
    #[derive(Default)]
    struct Queue {
        waiting: std::collections::VecDeque<(u64, PathBuf)>,
        walk_done: bool,
    }
    fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
        m.lock().unwrap_or_else(|e| e.into_inner())
    }
    /// Tells the threads that the walk is over, also when it panics (else they would wait
    /// for more plans, and the scope for them, forever).
    struct WalkOver<'q>(&'q Mutex<Queue>, &'q Condvar);
    impl Drop for WalkOver<'_> {
        fn drop(&mut self) {
            lock(self.0).walk_done = true;
            self.1.notify_all();
        }
    }
    let queue = Mutex::new(Queue::default());
    let more = Condvar::new();
    let reviewed: Mutex<Vec<(PathBuf, FileReport)>> = Mutex::new(Vec::new());
    let walk = PlanWalk::new(root);
    let mut skipped_templates = Vec::new();
    rayon::in_place_scope(|scope| {
        scope.spawn_broadcast(|_, _| loop {
            let next = {
                let mut q = lock(&queue);
                loop {
                    if let Some((_, p)) = q.waiting.pop_front() {
                        break Some(p);
                    }
                    if q.walk_done {
                        break None;
                    }
                    q = more.wait(q).unwrap_or_else(|e| e.into_inner());
                }
            };
            let Some(path) = next else { break };
            if in_scope(&path) {
                let report = review_file(&path, options);
                lock(&reviewed).push((path, report));
            }
        });
        let walk_over = WalkOver(&queue, &more);
        for entry in walk.entries() {
            if !include_templates && walk.in_template_dir(entry.path()) {
                // As `discover`: a template the configuration excludes is not mentioned.
                if in_scope(entry.path()) {
                    skipped_templates.push(entry.into_path());
                }
                continue;
            }
            // A file that cannot be read goes last; its review reports why.
            let size = entry.metadata().map_or(0, |m| m.len());
            lock(&queue).waiting.push_back((size, entry.into_path()));
            more.notify_one();
        }
        lock(&queue)
            .waiting
            .make_contiguous()
            .sort_by_key(|(size, _)| std::cmp::Reverse(*size));
        drop(walk_over);
    });
    let mut reviewed = reviewed.into_inner().unwrap_or_else(|e| e.into_inner());
    reviewed.sort_by(|a, b| a.0.cmp(&b.0));
    skipped_templates.sort();
    let (files, reports) = reviewed.into_iter().unzip();
    let found = Discovery {
        files,
        missing: Vec::new(),
        skipped_templates,
    };
    (found, reports)
}

/// Whether a path has a template directory (`stp-template`) among its components.
fn is_template_dir(path: &Path) -> bool {
    path.components().any(|c| c.as_os_str() == "stp-template")
}

/// Reviews files in parallel, returning reports in the order of `files`.
pub fn review_all(files: &[PathBuf], options: &Options) -> Vec<FileReport> {
    // A file that cannot be read goes last; its review reports why.
    let size = |p: &PathBuf| std::fs::metadata(p).map_or(0, |m| m.len());
    map_largest_first(files, size, |p| review_file(p, options))
}

/// `f` over each of `items` on every thread of the pool, the largest (by `size`) first,
/// results in the order of `items`. Each thread takes the next item of one list sorted by
/// size, so the last to start are the smallest and the threads finish close together
/// (rayon's halving of the list would leave a large item to whichever thread reaches it).
/// One item (a pre-commit hook on one plan) is mapped in place: no size, no thread pool.
pub fn map_largest_first<T: Sync, R: Send>(
    items: &[T],
    size: impl Fn(&T) -> u64 + Sync + Send,
    f: impl Fn(&T) -> R + Sync + Send,
) -> Vec<R> {
    if items.len() < 2 {
        return items.iter().map(f).collect();
    }
    // One `stat` per file: in parallel, as the files themselves will be.
    let sizes: Vec<u64> = items.par_iter().map(size).collect();
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(sizes[i]));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let slots: Vec<std::sync::Mutex<Option<R>>> =
        items.iter().map(|_| Default::default()).collect();
    rayon::broadcast(|_| loop {
        let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let Some(&i) = order.get(k) else { break };
        let result = f(&items[i]);
        *slots[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
    });
    slots
        .into_iter()
        .map(|s| {
            s.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .expect("every item was mapped")
        })
        .collect()
}

/// `f` over each of `items`, in parallel when there are several, results in order. One item
/// (a pre-commit hook on one plan) starts no thread pool: its threads cost more than the file.
pub fn map_files<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    if items.len() < 2 {
        return items.iter().map(f).collect();
    }
    items.par_iter().map(f).collect()
}

/// The `stps/` directory of the repository around `dir`, for `stp check` without paths.
pub fn default_stps_dir(dir: &Path) -> Option<PathBuf> {
    let mut at = Some(dir);
    while let Some(d) = at {
        let candidate = d.join("stps");
        if crate::dirs::is_dir(&candidate) {
            return Some(candidate);
        }
        if crate::dirs::exists(&d.join(".git")) {
            return None;
        }
        at = d.parent();
    }
    None
}

/// Counts by severity, for summaries and the exit code.
pub fn by_severity(reports: &[FileReport]) -> [(Severity, usize); 4] {
    Severity::ALL.map(|s| {
        (
            s,
            reports
                .iter()
                .flat_map(|r| &r.diagnostics)
                .filter(|d| d.severity == s)
                .count(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parent_reviewed_first_gives_its_children_what_reading_it_gives() {
        let root = std::env::temp_dir().join(format!("stp-parent-{}", std::process::id()));
        let feature = root.join("stps/sig-a/feature");
        std::fs::create_dir_all(&feature).unwrap();
        let parent = feature.join("stp.md");
        let child = feature.join("network.md");
        std::fs::write(
            &parent,
            include_str!("../examples/stps/sig-storage/snapshot-retention.md"),
        )
        .unwrap();
        std::fs::write(&child, "# Network\n").unwrap();
        let read = read_parent(&child).expect("the parent reads");
        assert!(read.overview.is_some() && !read.requirements.is_empty());

        review_file(&parent, &Options::default());
        let entry = PARENTS.lock().unwrap().get(&parent).cloned();
        let kept = entry
            .and_then(|e| e.prose.get().cloned().flatten())
            .expect("the parent's review kept its prose");
        let from_cache = cached_parent(&child).expect("the child finds its parent");
        for got in [&kept, &from_cache] {
            assert_eq!(got.overview, read.overview);
            assert_eq!(got.requirements, read.requirements);
            assert_eq!(got.acceptance_criteria, read.acceptance_criteria);
        }
        // A parent changed on disk since is read again, not taken from the cache.
        std::fs::write(&parent, "# Other\n\n## Feature Overview\n\nChanged.\n").unwrap();
        let changed = cached_parent(&child).expect("the changed parent reads");
        assert_ne!(changed.overview, read.overview);
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn walking_and_reviewing_together_gives_what_discovery_then_review_gives() {
        let root = std::env::temp_dir().join(format!("stp-walk-review-{}", std::process::id()));
        let plan = include_str!("../examples/stps/sig-storage/snapshot-retention.md");
        let files = [
            ("stps/sig-a/plan.md", plan.to_string()),
            ("stps/sig-a/short.md", "# Feature\n\nTODO\n".to_string()),
            ("stps/sig-b/long.md", plan.repeat(3)),
            ("stps/sig-b/README.md", "# About\n".to_string()),
            ("stps/stp-template/stp.md", plan.to_string()),
            ("stps/sig-b/stp-template/old.md", plan.to_string()),
            ("b.md", "not a plan\n".to_string()),
            // An excluded template is neither reviewed nor reported as skipped.
            (
                "stp.toml",
                "exclude = [\"stps/sig-b/stp-template/**\"]\n".to_string(),
            ),
        ];
        for (path, text) in &files {
            let p = root.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let options = Options::default();
        for include_templates in [false, true] {
            let (streamed, reports) = walk_and_review(&root, include_templates, &options);
            let found = discover(std::slice::from_ref(&root), include_templates, false);
            assert_eq!(streamed.files, found.files);
            assert_eq!(streamed.skipped_templates, found.skipped_templates);
            assert_eq!(streamed.files.len(), if include_templates { 5 } else { 4 });
            assert_eq!(
                streamed.skipped_templates.len(),
                usize::from(!include_templates)
            );
            let codes = |reports: &[FileReport]| -> Vec<(String, Vec<&str>)> {
                reports
                    .iter()
                    .map(|r| {
                        (
                            r.path.clone(),
                            r.diagnostics.iter().map(|d| d.rule.code).collect(),
                        )
                    })
                    .collect()
            };
            assert_eq!(codes(&reports), codes(&review_all(&found.files, &options)));
        }
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn largest_first_keeps_the_order_of_the_items() {
        let items: Vec<u64> = (0..50).map(|i| (i * 37) % 11).collect();
        let calls = std::sync::atomic::AtomicUsize::new(0);
        let doubled = map_largest_first(
            &items,
            |&x| x,
            |&x| {
                calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                x * 2
            },
        );
        assert_eq!(doubled, items.iter().map(|x| x * 2).collect::<Vec<_>>());
        assert_eq!(calls.into_inner(), items.len());
        assert_eq!(map_largest_first(&[7u64], |_| 0, |&x| x), vec![7]);
        assert!(map_largest_first(&[] as &[u64], |_| 0, |&x| x).is_empty());
    }

    #[test]
    fn largest_items_start_first() {
        let sizes = [3u64, 9, 1, 9, 5];
        let items: Vec<usize> = (0..sizes.len()).collect();
        let started = std::sync::Mutex::new(Vec::new());
        // One thread: the order items start in is the order they are handed out.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .expect("a pool of one thread");
        pool.install(|| {
            map_largest_first(&items, |&i| sizes[i], |&i| started.lock().unwrap().push(i))
        });
        // Sizes 9, 9, 5, 3, 1; equal sizes keep their order (items 1 then 3).
        assert_eq!(started.into_inner().unwrap(), vec![1, 3, 4, 0, 2]);
    }
}
