//! `cargo bench --bench server`: what the language server does after an edit of a 30 KB plan
//! (apply the editor's incremental change, review the buffer in process with the cached
//! configuration and neighbour facts). Target: <= 2 ms. Prints median and 90th percentile
//! over repeated edits; no assertions (targets are read by people, see README).
//! `STP_BENCH_EDITS=N` sets the number of edits (400 by default; fewer for a profiler run,
//! e.g. `valgrind --tool=callgrind --toggle-collect='*Document::check'`).

#[global_allocator]
static GLOBAL: stp::allocator::Allocator = stp::allocator::Allocator;

use lsp_types::{Position, Range, TextDocumentContentChangeEvent};
use std::time::{Duration, Instant};
use stp::server::document::Document;
use stp::server::position::{path_to_uri, Encoding};

/// The bundled example plan grown to `size` bytes with more scenarios, as plans grow.
fn plan_of_size(size: usize) -> String {
    let base = include_str!("../examples/stps/sig-storage/snapshot-retention.md");
    let at = base
        .find("### **IV.")
        .expect("the example has a sign-off section");
    let mut extra = String::new();
    let mut i = 0;
    while base.len() + extra.len() < size {
        extra.push_str(&format!(
            "- **[CNV-{}]** — As a VM owner, I want snapshot {i} kept while it is in use\n  - *Test Scenario:* [Tier 2] Verify snapshot {i} survives the retention pass while a restore reads it\n  - *Priority:* P{}\n\n",
            91000 + i,
            i % 3
        ));
        i += 1;
    }
    format!("{}{extra}{}", &base[..at], &base[at..])
}

fn report(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
    println!(
        "{name}: median {:.3} ms, p90 {:.3} ms, min {:.3} ms over {} edits",
        at(0.5).as_secs_f64() * 1e3,
        at(0.9).as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times.len()
    );
}

/// Times `edits` re-checks of `text`, each after a one-character edit of the line holding
/// `anchor`, through the server's own document type.
fn measure(name: &str, text: String, anchor: &str, edits: usize) {
    let dir = std::env::temp_dir().join(format!("stp-bench-server-{}", std::process::id()));
    let file = dir.join("stps/sig-storage/plan.md");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, &text).unwrap();
    let line = text[..text.find(anchor).expect("anchor")]
        .matches('\n')
        .count() as u32;
    let uri = path_to_uri(&file).unwrap();
    let mut doc = Document::new(uri, text.clone(), 1);
    let cold = Instant::now();
    doc.check();
    let cold = cold.elapsed();
    let mut times = Vec::with_capacity(edits);
    for i in 0..edits {
        // Type a character, then delete it: the text alternates between two versions.
        let change = if i % 2 == 0 {
            TextDocumentContentChangeEvent {
                range: Some(Range::new(Position::new(line, 0), Position::new(line, 0))),
                range_length: None,
                text: "x".into(),
            }
        } else {
            TextDocumentContentChangeEvent {
                range: Some(Range::new(Position::new(line, 0), Position::new(line, 1))),
                range_length: None,
                text: String::new(),
            }
        };
        let t = Instant::now();
        doc.apply(vec![change], Encoding::Utf16);
        let reviewed = doc.check();
        std::hint::black_box(reviewed.report.diagnostics.len());
        times.push(t.elapsed());
    }
    println!(
        "{name}: {} bytes, {} diagnostics, first review (reads stp.toml, OWNERS) {:.3} ms",
        text.len(),
        doc.check().report.diagnostics.len(),
        cold.as_secs_f64() * 1e3
    );
    report(&format!("{name}: edit + re-check"), times);
    let _ = std::fs::remove_dir_all(&dir);
}

fn main() {
    let edits = std::env::var("STP_BENCH_EDITS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(400);
    let plan = plan_of_size(30 * 1024);
    measure(
        "example plan grown to 30 KB",
        plan,
        "VM owners can set how many",
        edits,
    );
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus/stps/sig-network/ip-request.md");
    match std::fs::read_to_string(&corpus) {
        Ok(text) => measure(
            "corpus ip-request.md",
            text,
            "Customers migrating to OpenShift",
            edits,
        ),
        Err(_) => println!("note: ../shared/corpus is absent; measured the example plan only"),
    }
}
