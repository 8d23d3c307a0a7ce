//! `cargo bench`: throughput of `stp check` on the real corpus and on a generated large one.
//!
//! Prints, for each input set: MB/s and files/s on one thread and on all cores (in-process:
//! read, parse, model, all rules), and the wall time of the whole `stp check` process (start-up,
//! directory walk, output), median of repeated runs. No assertions: targets are read by people
//! (see README, "Performance").

use rayon::prelude::*;

// The same allocator as the `stp` binary, so in-process figures match what users run.
#[global_allocator]
static GLOBAL: stp::allocator::Allocator = stp::allocator::Allocator;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use stp::check::{review_file, Options};

fn md_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n == "stp-template") {
                continue;
            }
            out.extend(md_files(&p));
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// The real STPs if the shared corpus is beside the checkout, else the bundled examples.
fn real_set(root: &Path) -> (String, PathBuf) {
    let corpus = root.join("../shared/corpus/stps");
    if corpus.is_dir() {
        ("corpus STPs".into(), corpus)
    } else {
        eprintln!("note: ../shared/corpus is absent; measuring the bundled examples instead");
        ("bundled examples".into(), root.join("examples"))
    }
}

/// Writes `count` STPs made by varying the real ones: renumbered Jira keys, retitled, some
/// checkboxes flipped, some placeholders and blank lines added, so the rules have work to do.
fn generate(real: &[PathBuf], dir: &Path, count: usize) -> Vec<PathBuf> {
    let _ = std::fs::remove_dir_all(dir);
    let texts: Vec<String> = real
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let base = &texts[i % texts.len()];
        let mut text = base.replace("CNV-", &format!("CNV-{}", i % 97));
        text = text.replacen(
            "Quality Engineering Plan",
            &format!("Quality Engineering Plan {i}"),
            1,
        );
        if i % 3 == 0 {
            text = text.replacen("- [x]", "- [X]", 2);
        }
        if i % 5 == 0 {
            text = text.replacen("*Sign-off:* ", "*Sign-off:* [Name/Date] ", 1);
        }
        if i % 7 == 0 {
            text.push_str("\n\n\ntrailing notes   \n");
        }
        let sub = dir
            .join(format!("sig-{}", i % 6))
            .join(format!("feature-{}", i / 6 % 40));
        std::fs::create_dir_all(&sub).unwrap();
        let path = sub.join(format!("plan-{i}.md"));
        std::fs::write(&path, text).unwrap();
        out.push(path);
    }
    out
}

fn best_of(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap()
}

fn median_process(dir: &Path, runs: usize) -> Duration {
    let bin = env!("CARGO_BIN_EXE_stp");
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            let out = Command::new(bin)
                .args(["check", "--format", "json"])
                .arg(dir)
                .output()
                .expect("stp runs");
            let elapsed = t.elapsed();
            assert!(
                out.status.code().is_some_and(|c| c <= 1),
                "stp failed: {out:?}"
            );
            elapsed
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn report(name: &str, files: &[PathBuf], dir: &Path, process_runs: usize) {
    let bytes: u64 = files.iter().map(|p| p.metadata().unwrap().len()).sum();
    let options = Options::default();
    let runs = if files.len() > 1000 { 3 } else { 30 };
    let single = best_of(runs, || {
        for f in files {
            std::hint::black_box(review_file(f, &options));
        }
    });
    let parallel = best_of(runs, || {
        files.par_iter().for_each(|f| {
            std::hint::black_box(review_file(f, &options));
        })
    });
    let process = median_process(dir, process_runs);
    let mb = bytes as f64 / 1_000_000.0;
    let line = |label: &str, d: Duration| {
        let s = d.as_secs_f64();
        println!(
            "  {label:<28} {:>9.2} ms  {:>8.1} MB/s  {:>9.0} files/s",
            s * 1000.0,
            mb / s,
            files.len() as f64 / s
        );
    };
    println!("{name}: {} files, {:.2} MB", files.len(), mb);
    line("in-process, 1 thread", single);
    line(
        &format!("in-process, {} threads", rayon::current_num_threads()),
        parallel,
    );
    line("whole `stp check` process", process);
}

/// A re-check of one plan in process, as the language server does on each edit: the plan
/// closest to 30 KB of the set, reviewed from memory (no file system), median of 200 runs.
fn recheck(real: &[PathBuf]) {
    let Some(plan) = real
        .iter()
        .min_by_key(|p| p.metadata().map_or(u64::MAX, |m| m.len().abs_diff(30_000)))
    else {
        return;
    };
    let text = std::fs::read_to_string(plan).unwrap();
    let mut times: Vec<Duration> = (0..200)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(stp::check::review_text(
                plan,
                text.clone(),
                stp::check::path_facts(plan),
                Default::default(),
            ));
            t.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "re-check in process: {} ({:.1} KB): median {:.3} ms, p90 {:.3} ms",
        plan.file_name().unwrap().to_string_lossy(),
        text.len() as f64 / 1000.0,
        times[times.len() / 2].as_secs_f64() * 1000.0,
        times[times.len() * 9 / 10].as_secs_f64() * 1000.0
    );
}

/// Start-up: the whole `stp check` process on an empty file (exec, loading, the word lists,
/// output), median of 41 runs.
fn startup() {
    let empty = Path::new(env!("CARGO_TARGET_TMPDIR")).join("empty.md");
    std::fs::write(&empty, "").unwrap();
    let bin = env!("CARGO_BIN_EXE_stp");
    let mut times: Vec<Duration> = (0..41)
        .map(|_| {
            let t = Instant::now();
            Command::new(bin)
                .arg("check")
                .arg(&empty)
                .output()
                .expect("stp runs");
            t.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "start-up (`stp check` on an empty file, whole process): median {:.2} ms",
        times[times.len() / 2].as_secs_f64() * 1000.0
    );
}

fn main() {
    // `cargo bench` passes flags such as `--bench`; there is nothing to filter.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (name, dir) = real_set(root);
    let real = md_files(&dir);
    startup();
    recheck(&real);
    report(&name, &real, &dir, 41);
    let generated_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-corpus");
    let count: usize = std::env::var("STP_BENCH_FILES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5000);
    let generated = generate(&real, &generated_dir, count);
    report("generated corpus", &generated, &generated_dir, 5);
}
