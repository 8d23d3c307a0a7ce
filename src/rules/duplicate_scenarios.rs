use std::collections::HashMap;

use crate::diagnostic::Finding;
use crate::prose::FastHash;
use crate::rules::Context;

declare_rule! {
    /// Two scenarios are the same test split by guest OS.
    ///
    /// When two scenarios differ only by the guest operating system (or its version), the OS
    /// belongs inside one scenario as a parameter. The rule compares the words of scenario
    /// texts (at least 5 words each): when they are the same, in the same order,
    /// except for one or two words that name a guest OS or a version on each side ("RHEL 9"
    /// / "Windows 11"), it reports the later scenario.
    ///
    /// Blind spots: only the guest-OS dimension is judged, because splits by network type,
    /// direction or role usually change what can fail (reviewers keep those separate);
    /// duplicates reworded beyond two words are missed; of scenarios whose words are the same
    /// apart from guest-OS words, only the first 256 different texts are compared.
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
    !words.is_empty() && words.iter().all(|w| is_guest_os_word(w))
}

fn is_guest_os_word(word: &str) -> bool {
    GUEST_OS.contains(&word) || word.chars().all(|c| c.is_ascii_digit())
}

fn check(ctx: &Context) -> Vec<Finding> {
    let scenarios: Vec<(usize, Vec<String>)> = ctx
        .stp
        .scenarios
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let t = s.text.as_ref()?;
            let w: Vec<String> = crate::prose::text_tokens(t)
                .map(|w| w.text.to_lowercase())
                .collect();
            (w.len() >= 5).then_some((i, w))
        })
        .collect();
    // Two texts that differ only by guest-OS words are equal without them, so only texts
    // with the same remainder are compared, and each distinct text once: comparing every
    // pair would grow with the square of the number of scenarios.
    let mut variants: Vec<Variant> = Vec::new();
    let mut variant_of: HashMap<&[String], usize, FastHash> = HashMap::default();
    for (n, (_, words)) in scenarios.iter().enumerate() {
        let v = *variant_of.entry(words.as_slice()).or_insert_with(|| {
            variants.push(Variant {
                first: n,
                members: Vec::new(),
            });
            variants.len() - 1
        });
        variants[v].members.push(n);
    }
    // Findings come out in scenario order, whatever the order of the groups.
    let mut groups: HashMap<Vec<&str>, Vec<&Variant>, FastHash> = HashMap::default();
    for v in &variants {
        let remainder: Vec<&str> = scenarios[v.first]
            .1
            .iter()
            .map(String::as_str)
            .filter(|w| !is_guest_os_word(w))
            .collect();
        groups.entry(remainder).or_default().push(v);
    }
    let mut earlier_twin: Vec<Option<usize>> = vec![None; scenarios.len()];
    for variants in groups.values() {
        // Real plans have a handful of variants per text; a generated one with thousands
        // is compared on its first ones only, to keep the rule linear.
        let variants = &variants[..variants.len().min(MAX_VARIANTS)];
        for a in variants {
            // The first scenario, in plan order, whose text differs from this one by guest
            // OS (a group's variants are in plan order), if it comes before one of this
            // text's scenarios.
            let last = *a.members.last().expect("a variant has a scenario");
            let twin = variants
                .iter()
                .take_while(|b| b.first < last)
                .find(|b| {
                    let (da, db) = difference(&scenarios[a.first].1, &scenarios[b.first].1);
                    let diff = da.len().max(db.len());
                    diff > 0 && diff <= 2 && is_guest_os(da) && is_guest_os(db)
                })
                .map(|b| b.first);
            if let Some(twin) = twin {
                for &n in a.members.iter().filter(|&&n| n > twin) {
                    earlier_twin[n] = Some(twin);
                }
            }
        }
    }
    let mut out = Vec::new();
    for (n, twin) in earlier_twin.iter().enumerate() {
        let Some(j) = twin else { continue };
        let (i, j) = (scenarios[n].0, scenarios[*j].0);
        let other = &ctx.stp.scenarios[j];
        let line = ctx.source.line_col(other.span.start).line;
        let text = ctx.stp.scenarios[i].text.as_ref().expect("filtered above");
        out.push(
            Finding::new(
                text.span,
                format!("scenario repeats the one on line {line} for another guest OS"),
            )
            .help("merge them into one scenario that lists the values, or say why they must be separate"),
        );
    }
    out
}

const MAX_VARIANTS: usize = 256;

/// Scenarios with the same words: the first one's position and every one's.
struct Variant {
    first: usize,
    members: Vec<usize>,
}
