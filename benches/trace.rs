//! `cargo bench --bench trace`: `stp trace --tests` on the whole CNV tests repository
//! (RedHatQE/openshift-virtualization-tests) against the STP repository.
//!
//! Target: <= 0.3 s wall for the whole `stp trace` process. No network: the repositories are
//! taken from `STP_TRACE_TESTS` / `STP_TRACE_PLANS` (directories), or extracted with
//! `git archive` from local bare mirrors when present (`STP_TRACE_MIRRORS`, default
//! `/work/.mirror`), at the commits the README quotes. Without them the bench says so and
//! exits. Prints in-process time per stage (scan, plans, join) and the process wall time,
//! median of repeated runs. No assertions: targets are read by people.

#[global_allocator]
static GLOBAL: stp::allocator::Allocator = stp::allocator::Allocator;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const TESTS: (&str, &str) = (
    "RedHatQE+openshift-virtualization-tests",
    "a1310d7cc0e7cf5362aa211e87caf8639651bb6f",
);
const PLANS: (&str, &str) = (
    "RedHatQE+openshift-virtualization-tests-design-docs",
    "8a940f4334e9bd39975159c84653f53a762c7161",
);

/// A directory holding `repo` at `commit`, extracted from a local bare mirror once.
fn from_mirror(repo: &str, commit: &str) -> Option<PathBuf> {
    let mirrors =
        std::env::var("STP_TRACE_MIRRORS").unwrap_or_else(|_| "/work/.mirror".to_string());
    let git_dir = Path::new(&mirrors).join(repo).join("repo");
    if !git_dir.is_dir() {
        return None;
    }
    let out = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("trace-bench")
        .join(&commit[..12]);
    if out.join(".complete").exists() {
        return Some(out);
    }
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).ok()?;
    let archive = Command::new("git")
        .arg("--git-dir")
        .arg(&git_dir)
        .args(["archive", commit])
        .output()
        .ok()?;
    if !archive.status.success() {
        return None;
    }
    let mut tar = Command::new("tar")
        .arg("-x")
        .arg("-C")
        .arg(&out)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    use std::io::Write;
    tar.stdin.take()?.write_all(&archive.stdout).ok()?;
    if !tar.wait().ok()?.success() {
        return None;
    }
    std::fs::write(out.join(".complete"), commit).ok()?;
    Some(out)
}

fn input(var: &str, mirror: (&str, &str)) -> Option<PathBuf> {
    match std::env::var_os(var) {
        Some(dir) => Some(PathBuf::from(dir)),
        None => from_mirror(mirror.0, mirror.1),
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let (Some(tests), Some(plans)) = (
        input("STP_TRACE_TESTS", TESTS),
        input("STP_TRACE_PLANS", PLANS),
    ) else {
        eprintln!("note: the CNV tests and STP repositories are not available (set STP_TRACE_TESTS and STP_TRACE_PLANS, or provide the mirrors); skipping the trace bench");
        return;
    };
    let stps = plans.join("stps");
    let runs = 11;

    let mut scan = Vec::new();
    let mut read = Vec::new();
    let mut join = Vec::new();
    let mut inventory = None;
    for _ in 0..runs {
        let t = Instant::now();
        let inv = stp::inventory::scan(&tests);
        scan.push(t.elapsed());
        let t = Instant::now();
        let (loaded, repository, _) = stp::coverage::read_plans(std::slice::from_ref(&stps));
        read.push(t.elapsed());
        let t = Instant::now();
        let coverage = stp::coverage::join(&loaded, std::slice::from_ref(&inv), repository);
        join.push(t.elapsed());
        std::hint::black_box(&coverage);
        inventory = Some(inv);
    }
    let inv = inventory.expect("ran");
    println!(
        "trace: {} test files, {} tests, {} scan errors",
        inv.files,
        inv.tests.len(),
        inv.errors.len()
    );
    println!(
        "  in process (median of {runs}): scan {:.1} ms, plans {:.1} ms, join {:.1} ms",
        median(scan).as_secs_f64() * 1e3,
        median(read).as_secs_f64() * 1e3,
        median(join).as_secs_f64() * 1e3
    );

    let binary = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/stp");
    if !binary.is_file() {
        eprintln!("note: target/release/stp is absent (cargo build --release); skipping the process timing");
        return;
    }
    let mut wall = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let status = Command::new(&binary)
            .arg("trace")
            .arg("--tests")
            .arg(&tests)
            .arg("--format")
            .arg("json")
            .arg(&stps)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .expect("stp runs");
        wall.push(t.elapsed());
        assert!(status.code().is_some());
    }
    println!(
        "  stp trace --tests (whole process, median of {runs}): {:.0} ms wall (target <= 300 ms)",
        median(wall).as_secs_f64() * 1e3
    );
}
