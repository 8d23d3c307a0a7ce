//! What a test's docstring says: the STD parts (summary, `Preconditions:`, `Steps:`,
//! `Expected:`, `Markers:`), the plan link (`STP:` / `STP Reference:` with a URL or a
//! repository path on the same or the next line), `Jira:` keys, and the opt-in scenario token
//! `STP Scenario: N`.
//!
//! Docstrings are prose, read line by line after the parser has extracted the string; the
//! MTV schema (`Test plan:`, `Test Workflow:`, `Expected result:`) is read into the same parts.

use super::{PlanLink, Std};
use crate::recognise::jira_keys;

/// A section heading line of a docstring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Preconditions,
    Steps,
    Expected,
    Markers,
    /// A heading we read past (`Parametrize:`, `Requirements:`, `Args:` ...).
    Other,
}

fn heading(line: &str) -> Option<(Part, &str)> {
    let (head, rest) = line.split_once(':')?;
    let head = head.trim();
    if head.is_empty() || head.len() > 30 || head.contains("://") {
        return None;
    }
    let part = match head {
        "Preconditions" | "Prerequisites" => Part::Preconditions,
        "Steps" | "Test plan" | "Test Plan" | "Test Workflow" | "Test steps" => Part::Steps,
        "Expected" | "Expected result" | "Expected results" | "Expected Result" => Part::Expected,
        "Markers" => Part::Markers,
        "Parametrize" | "Requirements" | "Args" | "Returns" | "Note" | "Notes" | "Purpose"
        | "Regression" => Part::Other,
        _ => return None,
    };
    Some((part, rest.trim()))
}

/// A list item without its bullet or number.
fn item_text(line: &str) -> &str {
    let t = line.trim();
    if let Some(rest) = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")) {
        return rest.trim();
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 {
        let rest = &t[digits..];
        if let Some(r) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return r.trim();
        }
    }
    t
}

fn is_item(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("- ") || t.starts_with("* ") || {
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        digits > 0 && (t[digits..].starts_with(". ") || t[digits..].starts_with(") "))
    }
}

/// The plan path a link names: `stps/...` from a URL or a repository path, without an anchor.
pub fn plan_path(target: &str) -> Option<String> {
    let cut = target
        .split(['#', '?'])
        .next()
        .unwrap_or(target)
        .trim_end_matches(['.', ',', ')', '>']);
    // The last `stps/` component: a repository or branch may itself be named `stps`.
    let from = if cut.starts_with("stps/") {
        0
    } else {
        cut.rfind("/stps/")? + 1
    };
    let path = &cut[from..];
    path.ends_with(".md").then(|| path.to_string())
}

fn link_target(text: &str) -> Option<&str> {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c| c == '<' || c == '>' || c == '(' || c == ')'))
        .find(|w| w.contains("://") || w.ends_with(".md") || w.contains(".md#"))
}

/// Everything a docstring says, with lines relative to the docstring's first line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Docstring {
    pub std: Std,
    pub link: Option<PlanLink>,
    pub jira: Vec<String>,
}

/// Reads a docstring. `first_line` is the 1-based line of the string in its file, so links
/// carry file lines.
pub fn read(text: &str, first_line: usize) -> Docstring {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Docstring::default();
    let mut summary: Vec<&str> = Vec::new();
    let mut summary_done = false;
    let mut part: Option<Part> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim();
        let file_line = first_line + i;
        i += 1;
        if let Some(rest) = line
            .strip_prefix("STP Reference:")
            .or_else(|| line.strip_prefix("STP:"))
        {
            summary_done = true;
            part = None;
            let mut target = link_target(rest);
            let mut at = file_line;
            if target.is_none() && rest.trim().is_empty() {
                if let Some(next) = lines.get(i) {
                    target = link_target(next);
                    at = file_line + 1;
                    if target.is_some() {
                        i += 1;
                    }
                }
            }
            if let (Some(t), None) = (target, &out.link) {
                out.link = Some(PlanLink {
                    target: t.to_string(),
                    path: plan_path(t),
                    line: at,
                });
            }
            continue;
        }
        if let Some(rest) = line.strip_prefix("STP Scenario:") {
            summary_done = true;
            out.std.scenario = rest.trim().trim_start_matches('#').parse().ok();
            continue;
        }
        if let Some(rest) = line.strip_prefix("Jira:") {
            summary_done = true;
            part = None;
            let rest = rest.split('#').next().unwrap_or(rest);
            let rest = if rest.trim().is_empty() {
                lines.get(i).copied().unwrap_or("")
            } else {
                rest
            };
            out.jira
                .extend(jira_keys(rest).map(|r| rest[r].to_string()));
            continue;
        }
        if let Some((p, rest)) = heading(line) {
            summary_done = true;
            part = Some(p);
            if !rest.is_empty() {
                push_part(&mut out.std, p, rest);
            }
            continue;
        }
        if line.is_empty() {
            if !summary.is_empty() {
                summary_done = true;
            }
            continue;
        }
        match part {
            Some(p) => {
                let text = item_text(line);
                // Continuation lines of a wrapped item join the item.
                let list = part_list(&mut out.std, p);
                match list {
                    Some(list) if !is_item(lines[i - 1]) && !list.is_empty() => {
                        let last = list.last_mut().expect("not empty");
                        last.push(' ');
                        last.push_str(text);
                    }
                    _ => push_part(&mut out.std, p, text),
                }
            }
            None if !summary_done => summary.push(line),
            None => {}
        }
    }
    // MTV module docstrings open with the Jira key: `MTV-5663: ...`.
    if let Some(first) = summary.first() {
        if let Some(r) = jira_keys(first).next() {
            if r.start == 0 && first[r.end..].starts_with(':') {
                out.jira.push(first[r.clone()].to_string());
            }
        }
    }
    out.std.summary = summary.join(" ");
    out.jira.sort();
    out.jira.dedup();
    out
}

fn part_list(std: &mut Std, part: Part) -> Option<&mut Vec<String>> {
    match part {
        Part::Preconditions => Some(&mut std.preconditions),
        Part::Steps => Some(&mut std.steps),
        Part::Expected => Some(&mut std.expected),
        Part::Markers => Some(&mut std.markers),
        Part::Other => None,
    }
}

fn push_part(std: &mut Std, part: Part, text: &str) {
    if part == Part::Markers {
        // `Markers: tier3, gating` or one per line.
        std.markers.extend(
            text.split([',', ' '])
                .map(|m| m.trim().trim_start_matches("pytest.mark."))
                .filter(|m| !m.is_empty())
                .map(str::to_string),
        );
        return;
    }
    if let Some(list) = part_list(std, part) {
        list.push(text.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_std_parts_link_and_jira() {
        let doc = "\n    [NEGATIVE] Test that a VM without the capability\n    is rejected.\n\n    STP:\n    https://github.com/o/r/blob/main/stps/sig-x/plan.md#scenarios\n    Jira: https://issues.example.com/browse/CNV-123 # <skip-jira-utils-check>\n\n    Markers:\n        - tier3\n\n    Preconditions:\n        - A cluster\n\n    Steps:\n        1. Create the VM\n           with a long name\n        2. Start it\n\n    Expected:\n        - The VM is rejected\n    ";
        let d = read(doc, 10);
        assert_eq!(
            d.std.summary,
            "[NEGATIVE] Test that a VM without the capability is rejected."
        );
        let link = d.link.unwrap();
        assert_eq!(link.path.as_deref(), Some("stps/sig-x/plan.md"));
        assert_eq!(link.line, 15);
        assert_eq!(d.jira, vec!["CNV-123"]);
        assert_eq!(d.std.markers, vec!["tier3"]);
        assert_eq!(d.std.preconditions, vec!["A cluster"]);
        assert_eq!(
            d.std.steps,
            vec!["Create the VM with a long name", "Start it"]
        );
        assert_eq!(d.std.expected, vec!["The VM is rejected"]);
    }

    #[test]
    fn repository_paths_and_mtv_keys() {
        let d = read(
            "MTV-5663: warm migration\n\nSTP Reference: stps/sig-mtv/warm.md\nSTP Scenario: 4",
            1,
        );
        assert_eq!(d.jira, vec!["MTV-5663"]);
        assert_eq!(
            d.link.unwrap().path.as_deref(),
            Some("stps/sig-mtv/warm.md")
        );
        assert_eq!(d.std.scenario, Some(4));
        // Prose that mentions an STP is not a link.
        let none = read(
            "No STP exists for this scenario - tracked via Jira: CNV-9",
            1,
        );
        assert!(none.link.is_none());
        assert_eq!(plan_path("https://x/y/blob/main/README.md"), None);
        assert_eq!(
            plan_path("https://github.com/org/stps/blob/main/stps/sig-x/plan.md#scope").as_deref(),
            Some("stps/sig-x/plan.md"),
            "the last stps/ component, when the repository is named stps"
        );
    }
}
