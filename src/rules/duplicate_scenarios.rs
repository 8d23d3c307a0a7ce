use crate::diagnostic::Finding;
use crate::rules::Context;

declare_rule! {
    /// Two scenarios are the same test split by guest OS.
    ///
    /// When two scenarios differ only by the guest operating system (or its version), the OS
    /// belongs inside one scenario as a parameter. The rule compares the words of every pair
    /// of scenario texts (at least 5 words each): when they are the same, in the same order,
    /// except for one or two words that name a guest OS or a version on each side ("RHEL 9"
    /// / "Windows 11"), it reports the later scenario.
    ///
    /// Blind spots: only the guest-OS dimension is judged, because splits by network type,
    /// direction or role usually change what can fail (reviewers keep those separate);
    /// duplicates reworded beyond two words are missed.
    ///
    /// Fix: merge them into one scenario that names the dimension's values, or say in each
    /// why the split matters.
    code: "STP408",
    name: "duplicate-scenarios",
    spec: ["SCN-8"],
    severity: Low,
    fixable: false,
    check: check,
}

/// Guest operating systems and their versions: the dimension a test parametrises instead of
/// repeating itself. Other dimensions (network type, direction, role) usually change what can
/// fail, so they are not judged.
const GUEST_OS: &[&str] = &[
    "rhel", "fedora", "centos", "windows", "win", "ubuntu", "debian", "cirros", "suse", "sles",
    "alpine", "linux", "server", "guest", "os", "stream",
];

/// The words where two texts differ, on each side, after removing the longest common prefix
/// and suffix.
fn difference<'w>(a: &'w [String], b: &'w [String]) -> (&'w [String], &'w [String]) {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix])
}

fn is_guest_os(words: &[String]) -> bool {
    !words.is_empty()
        && words
            .iter()
            .all(|w| GUEST_OS.contains(&w.as_str()) || w.chars().all(|c| c.is_ascii_digit()))
}

fn check(ctx: &Context) -> Vec<Finding> {
    let scenarios: Vec<(usize, Vec<String>)> = ctx
        .stp
        .scenarios
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let t = s.text.as_ref()?;
            let w: Vec<String> = crate::prose::tokens(&t.text)
                .map(|w| w.text.to_lowercase())
                .collect();
            (w.len() >= 5).then_some((i, w))
        })
        .collect();
    let mut out = Vec::new();
    let mut reported = vec![false; ctx.stp.scenarios.len()];
    for (n, (i, a)) in scenarios.iter().enumerate() {
        for (j, b) in &scenarios[..n] {
            if reported[*i] || a == b {
                continue;
            }
            let (da, db) = difference(a, b);
            let diff = da.len().max(db.len());
            if diff == 0 || diff > 2 || !is_guest_os(da) || !is_guest_os(db) {
                continue;
            }
            reported[*i] = true;
            let other = &ctx.stp.scenarios[*j];
            let line = ctx.source.line_col(other.span.start).line;
            let text = ctx.stp.scenarios[*i].text.as_ref().expect("filtered above");
            out.push(
                Finding::new(
                    text.span,
                    format!("scenario repeats the one on line {line} for another guest OS"),
                )
                .help("merge them into one scenario that lists the values, or say why they must be separate"),
            );
        }
    }
    out
}
