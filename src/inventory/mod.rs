//! The test inventory: the automated tests of one or more test repositories, read with real
//! parsers (Python with ruff's parser, Go with tree-sitter), never executed and never matched
//! with regular expressions over code.
//!
//! Three scanners feed one typed list of [`Test`]s:
//! - [`python`]: pytest suites in the style of the CNV repository (markers from decorators,
//!   classes, module `pytestmark` and `pytest.param(marks=)`, Polarion IDs, parametrize ids,
//!   STD stubs, `STP:` links in docstrings, the repository's implicit tier rule);
//! - [`mtv`]: config-driven suites (a `tests_params` dict evaluated as a Python literal; each
//!   test names the config plan it consumes);
//! - [`go`]: upstream Ginkgo specs (`It("[test_id:NNNN] ...")`, pending specs, `Skip`).
//!
//! `coverage` joins the inventory with the plans' scenarios; this module knows nothing about
//! plans beyond the link a test declares.

pub mod docstring;
pub mod go;
pub mod mtv;
pub mod python;

use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TestKind {
    Pytest,
    Mtv,
    Ginkgo,
}

/// Where a test says its plan is, as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanLink {
    /// The URL or path as written.
    pub target: String,
    /// The repository-relative plan path (`stps/sig-x/plan.md`) when the target names one.
    pub path: Option<String>,
    /// 1-based line of the link in the test file.
    pub line: usize,
}

/// The parts of an STD docstring (software test description).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Std {
    /// The first paragraph ("Test that ...").
    pub summary: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub preconditions: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub expected: Vec<String>,
    /// `Markers:` listed in the docstring (stubs declare their markers there).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub markers: Vec<String>,
    /// An explicit `STP Scenario: N` token (0-based index as `stp parse` counts scenarios).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario: Option<usize>,
}

impl Std {
    /// Summary, steps and expected result: what similarity matching reads.
    pub fn matching_text(&self) -> String {
        let mut s = self.summary.clone();
        for part in self.steps.iter().chain(&self.expected) {
            s.push(' ');
            s.push_str(part);
        }
        s
    }
}

/// One test as the runner would collect it (one per parametrize id).
#[derive(Debug, Clone, Serialize)]
pub struct Test {
    /// pytest node id (`tests/a/test_b.py::TestC::test_d[param]`), or the Ginkgo spec's full
    /// text prefixed by its file.
    pub id: String,
    /// Path relative to the test repository's root.
    pub path: String,
    /// 1-based line of the test's definition.
    pub line: usize,
    pub kind: TestKind,
    /// The plan link that applies (test docstring, else class, else module).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<PlanLink>,
    pub polarion: Vec<String>,
    /// Jira keys the test names for traceability (docstring `Jira:` lines, MTV ids and module
    /// docstrings); `pytest.mark.jira` gates are not traceability and are not listed.
    pub jira: Vec<String>,
    /// Every marker that applies, sorted (implicit ones such as `tier2` included).
    pub markers: Vec<String>,
    /// 1, 2 or 3 for CNV and Ginkgo tests; `None` when the repository's rule excludes the
    /// test from tier 2 without marking it tier 3, or for suites without such a rule.
    pub tier: Option<u8>,
    /// An STD stub (not collected, or a docstring-only body) or a pending/skipped spec.
    pub stub: bool,
    pub std: Std,
    /// MTV: the `tests_params` key the test consumes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config_plan: Option<String>,
    /// Conditions under which the test skips itself (provider gating, missing clusters).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub gating: Vec<String>,
}

/// A file that could not be read or parsed; the scan goes on.
#[derive(Debug, Clone, Serialize)]
pub struct ScanError {
    pub path: String,
    pub message: String,
}

/// The tests of one repository.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Inventory {
    /// The directory given (`--tests DIR`).
    pub root: String,
    pub tests: Vec<Test>,
    /// MTV: the config-driven plans read from `tests_params`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub config_plans: Vec<mtv::ConfigPlan>,
    /// Markers that keep a test out of the implicit tier 2, and where they were read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tier_rule: Option<python::TierRule>,
    pub files: usize,
    pub errors: Vec<ScanError>,
}

/// Files the walk hands to the scanners, sorted.
struct Walk {
    python_tests: Vec<PathBuf>,
    conftests: Vec<PathBuf>,
    python_other: Vec<PathBuf>,
    go_tests: Vec<PathBuf>,
}

fn walk(root: &Path) -> Walk {
    let mut out = Walk {
        python_tests: Vec::new(),
        conftests: Vec::new(),
        python_other: Vec::new(),
        go_tests: Vec::new(),
    };
    let entries = crate::dirs::walker(root)
        .hidden(true)
        .require_git(false)
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()));
    for e in entries {
        let path = e.into_path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if name == "conftest.py" {
            out.conftests.push(path);
        } else if name.ends_with(".py") {
            // pytest's default `python_files`: test_*.py and *_test.py.
            if name.starts_with("test_") || name.ends_with("_test.py") {
                out.python_tests.push(path);
            } else {
                out.python_other.push(path);
            }
        } else if name.ends_with("_test.go") {
            out.go_tests.push(path);
        }
    }
    out.python_tests.sort();
    out.conftests.sort();
    out.python_other.sort();
    out.go_tests.sort();
    out
}

/// The path of `path` relative to `root`, with `/` separators.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Reads a source file for scanning; refuses what is not text.
pub fn read_source(path: &Path) -> Result<String, String> {
    crate::check::read_text(path, crate::check::DEFAULT_MAX_FILE_SIZE)
}

/// Scans a test repository (or a subdirectory of one): every pytest and Ginkgo test in it.
pub fn scan(root: &Path) -> Inventory {
    use rayon::prelude::*;
    let files = walk(root);
    let mut inventory = Inventory {
        root: crate::check::display(root),
        files: files.python_tests.len() + files.go_tests.len(),
        ..Default::default()
    };
    let context = python::RepoContext::read(root, &files.conftests, &mut inventory.errors);
    let config = mtv::find_config(root, &files.python_other, &mut inventory.errors);
    inventory.tier_rule = context.tier_rule.clone();

    let python: Vec<Result<Vec<Test>, ScanError>> = files
        .python_tests
        .par_iter()
        .map(|path| python::scan_file(root, path, &context, config.as_ref()))
        .collect();
    let go: Vec<Result<Vec<Test>, ScanError>> = files
        .go_tests
        .par_iter()
        .map(|path| go::scan_file(root, path))
        .collect();
    for result in python.into_iter().chain(go) {
        match result {
            Ok(tests) => inventory.tests.extend(tests),
            Err(e) => inventory.errors.push(e),
        }
    }
    if let Some(config) = config {
        inventory.config_plans = config.plans;
    }
    inventory
}
