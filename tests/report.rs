//! `stp report`: the pages it writes, read as text and in a real browser (headless
//! Chromium, when installed): plans listed, counts shown, and plan text that looks like
//! markup (`<script>`, `<img onerror=...>`) shown as text, never run.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

const HOSTILE_SCRIPT: &str = "<script>document.title='pwned'</script>";
const HOSTILE_IMG: &str = "<img src=x onerror=\"document.body.setAttribute('data-pwned','yes')\">";

/// A report of two plans, one of them hostile; returns the output directory.
fn write_report(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("stp-report-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let plans = dir.join("stps/sig-network");
    std::fs::create_dir_all(&plans).unwrap();
    std::fs::write(plans.join("mtu.md"), common::TABLE).unwrap();
    let hostile = common::TABLE
        .replace(
            "Bridge MTU Override",
            &format!("Hostile {HOSTILE_SCRIPT} plan"),
        )
        .replace(
            "Robin Example (robin@example.com)",
            &format!("Eve {HOSTILE_IMG}"),
        )
        .replace(
            "Verify the guest sees the configured MTU  |",
            &format!("Verify {HOSTILE_SCRIPT}{HOSTILE_IMG} |"),
        );
    std::fs::write(plans.join("hostile.md"), hostile).unwrap();
    report_of(&dir)
}

/// Runs `stp report` on `dir/stps` into `dir/report`; returns the output directory.
fn report_of(dir: &Path) -> PathBuf {
    let out = dir.join("report");
    let status = Command::new(env!("CARGO_BIN_EXE_stp"))
        .arg("report")
        .arg(dir.join("stps"))
        .arg("--out")
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success(), "{status}");
    out
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn pages_escape_plan_text_and_load_nothing() {
    let out = write_report("text");
    let index = read(&out.join("index.html"));
    let page = read(&out.join("sig-network-hostile.html"));
    for html in [&index, &page] {
        assert!(!html.contains(HOSTILE_SCRIPT), "raw script in the page");
        assert!(!html.contains("<img"), "raw image in the page");
        assert!(
            !html.contains("src=\"http") && !html.contains("href=\"http"),
            "nothing loaded"
        );
        assert!(!html.contains("<link"), "no external stylesheet");
    }
    assert!(
        page.contains("&#60;script&#62;document.title="),
        "the text is shown, escaped"
    );
    assert!(
        page.contains("&#60;img src=x onerror="),
        "the text is shown, escaped"
    );
    // The model's title leaves inline HTML out; the page's source view shows it as text.
    assert!(
        index.contains("Hostile document.title=&#39;pwned&#39; plan"),
        "{index}"
    );
    assert_eq!(index.matches("<tr class=\"plan\">").count(), 2);
    // The plan page shows each finding next to its line: the TODO at line 58.
    let mtu = read(&out.join("sig-network-mtu.html"));
    let line = mtu
        .find("<tr id=\"L58\" class=\"hit\">")
        .expect("line 58 is marked");
    let next_line = mtu.find("<tr id=\"L59\"").unwrap();
    assert!(
        mtu[line..next_line].contains("STP010"),
        "the finding follows its line"
    );
}

#[test]
fn a_plan_too_large_to_trace_says_so() {
    // 330 goals and 330 scenarios: more pairs than the in-document trace scores.
    let goal = "- [P1] Verify jumbo frames pass between two VMs\n";
    let row = "| CNV-91000      | As a VM owner, I want a custom MTU      | Verify the guest sees the configured MTU  | Tier 2 | P0       |\n";
    assert!(common::TABLE.contains(goal) && common::TABLE.contains(row));
    let goals: String = (0..330)
        .map(|i| format!("- [P1] Verify MTU setting {i} reaches interface {i}\n"))
        .collect();
    let rows: String = (0..330)
        .map(|i| format!("| CNV-91000 | As a VM owner, I want MTU {i} | Verify MTU case {i} on the guest | Tier 2 | P1 |\n"))
        .collect();
    let plan = common::TABLE
        .replace(goal, &format!("{goal}{goals}"))
        .replace(row, &format!("{row}{rows}"));
    let dir = std::env::temp_dir().join(format!("stp-report-large-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let plans = dir.join("stps/sig-network");
    std::fs::create_dir_all(&plans).unwrap();
    std::fs::write(plans.join("large.md"), plan).unwrap();
    std::fs::write(plans.join("mtu.md"), common::TABLE).unwrap();
    let out = report_of(&dir);
    let large = read(&out.join("sig-network-large.html"));
    assert!(
        large.contains("Not traced: the plan has more than 100000 pairs"),
        "the page says why there is no trace"
    );
    // A plan of ordinary size is traced, without the note.
    let mtu = read(&out.join("sig-network-mtu.html"));
    assert!(mtu.contains("Scenarios that cover it") && !mtu.contains("Not traced"));
    let _ = std::fs::remove_dir_all(&dir);
}

fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("STP_CHROMIUM") {
        return Some(path.into());
    }
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH")?
                .to_str()?
                .split(':')
                .map(|dir| Path::new(dir).join(name))
                .find(|p| p.is_file())
        })
}

/// The DOM after the page loaded and its scripts (if any) ran.
fn dump_dom(browser: &Path, page: &Path) -> String {
    let profile = page.parent().unwrap().join(".chromium-profile");
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn browser_renders_the_report_and_runs_no_plan_script() {
    let Some(browser) = chromium() else {
        println!("SKIPPED: no chromium on PATH (apt-get install chromium, or set STP_CHROMIUM)");
        return;
    };
    let out = write_report("browser");
    let expected = stp::report::html::review(&[
        out.parent().unwrap().join("stps/sig-network/hostile.md"),
        out.parent().unwrap().join("stps/sig-network/mtu.md"),
    ]);
    let critical: usize = expected
        .iter()
        .flat_map(|(_, r)| &r.report.diagnostics)
        .filter(|d| d.severity == stp::diagnostic::Severity::Critical)
        .count();
    assert!(critical > 0);

    let index = dump_dom(&browser, &out.join("index.html"));
    println!("index.html as rendered ({} bytes):", index.len());
    for line in index
        .lines()
        .filter(|l| l.contains("id=\"total-") || l.contains("<title>"))
    {
        println!("  {}", line.trim());
    }
    assert!(index.contains("<title>STP report</title>"));
    assert_eq!(
        index.matches("<tr class=\"plan\">").count(),
        2,
        "both plans listed"
    );
    assert!(index.contains("<b id=\"total-plans\">2</b>"));
    assert!(
        index.contains(&format!("<b id=\"total-CRITICAL\">{critical}</b>")),
        "CRITICAL count shown"
    );
    assert!(
        index.contains("data-sort-ready=\"yes\""),
        "the page's own sort script ran"
    );
    assert!(index.contains("Hostile document.title='pwned' plan"));

    let page = dump_dom(&browser, &out.join("sig-network-hostile.html"));
    let title = page
        .split("<title>")
        .nth(1)
        .and_then(|t| t.split("</title>").next())
        .unwrap_or_default();
    println!("hostile plan page as rendered: <title>{title}</title>");
    println!(
        "  data-pwned=\"yes\" attribute set: {}; <img> elements: {}; <script> elements: {}; escaped script text shown: {}",
        page.contains("data-pwned=\"yes\""),
        page.matches("<img").count(),
        page.matches("<script").count(),
        page.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;")
    );
    // The hostile script would have set the title to `pwned`.
    assert_eq!(title, "Hostile document.title='pwned' plan - STP report");
    assert!(
        page.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"),
        "shown as text"
    );
    // The handler would have set `data-pwned="yes"` on the body; the page has only the text.
    assert!(
        !page.contains("data-pwned=\"yes\""),
        "the onerror handler did not run"
    );
    assert_eq!(
        page.matches("<img").count(),
        0,
        "no image element was created"
    );
    assert_eq!(
        page.matches("<script").count(),
        0,
        "no script element was created"
    );
    assert!(
        page.contains("&lt;img src=x onerror="),
        "the text is shown as text"
    );
    let _ = std::fs::remove_dir_all(out.parent().unwrap());
}
