//! Renders an STP from an [`Epic`] with the templates in `templates/` (minijinja).
//!
//! The mapping (issue 13): key -> Epic Tracking and the scenarios' requirement IDs; parent ->
//! Feature Tracking; goal and why -> Feature Overview and value; scenarios -> use cases and
//! candidate testing goals; acceptance criteria -> acceptance criteria and one scenario
//! skeleton each; dependencies -> the Dependencies strategy item and risk; open questions ->
//! Testability; related work naming other keys -> Out of Scope candidates. Tiers, priorities,
//! names, sign-offs, agreements and environment values stay for a person to supply: each is a
//! placeholder or an empty field that `stp check` reports once.

use super::Epic;
use serde::Serialize;

const PLAN_TEMPLATE: &str = include_str!("../../templates/stp.md.jinja");
const CHILD_TEMPLATE: &str = include_str!("../../templates/child-stp.md.jinja");

/// Where the plan links Jira keys when the input does not name its host.
pub const DEFAULT_JIRA_BROWSE: &str = "https://issues.redhat.com/browse/";

/// The NFR categories the review checklist asks about, one line each for the author.
const NFR_CATEGORIES: [&str; 6] = [
    "Performance",
    "Security",
    "Usability and UI",
    "Monitoring and observability (metrics, alerts)",
    "Scalability",
    "Documentation",
];

/// What a child plan needs from its parent.
#[derive(Debug, Clone)]
pub struct ParentPlan {
    pub title: String,
    /// Relative link from the child to the parent.
    pub link: String,
    pub feature_tracking: Option<String>,
    /// The parent's requirements and acceptance criteria, normalised: a child does not
    /// repeat them.
    pub stated: Vec<String>,
}

/// Lower case, single spaces, no final full stop: for comparing sentences across plans.
pub fn normalise(text: &str) -> String {
    one_line(text)
        .to_lowercase()
        .trim_end_matches(['.', ' '])
        .to_string()
}

#[derive(Debug, Clone)]
pub struct Options {
    /// `sig-network`: the owning SIG (parent) or the SIG the child covers.
    pub sig: Option<String>,
    pub parent: Option<ParentPlan>,
}

#[derive(Serialize)]
struct OutOfScope {
    title: String,
    rationale: String,
}

#[derive(Serialize)]
struct StrategyItem {
    name: &'static str,
    details: Option<String>,
}

#[derive(Serialize)]
struct StrategyGroup {
    name: &'static str,
    items: Vec<StrategyItem>,
}

#[derive(Serialize)]
struct RiskEntry {
    category: &'static str,
    text: Option<String>,
    field: &'static str,
    field_value: Option<String>,
}

#[derive(Serialize)]
struct ScenarioSkeleton {
    requirement: String,
    story: String,
    text: String,
}

#[derive(Serialize)]
struct Context {
    title: String,
    key: Option<String>,
    enhancements: Vec<String>,
    feature_tracking: Option<String>,
    epic_tracking: Option<String>,
    sig: Option<String>,
    sig_scope: String,
    overview: Option<String>,
    requirements: Vec<String>,
    value: Option<String>,
    use_cases: Vec<String>,
    open_questions: Vec<String>,
    acceptance_criteria: Vec<String>,
    nfr_categories: &'static [&'static str],
    goals: Vec<String>,
    out_of_scope: Vec<OutOfScope>,
    strategy: Vec<StrategyGroup>,
    fix_versions: Vec<String>,
    risks: Vec<RiskEntry>,
    scenarios: Vec<ScenarioSkeleton>,
    parent_title: String,
    parent_link: String,
}

/// The plan's Markdown.
pub fn render(epic: &Epic, options: &Options) -> Result<String, String> {
    let context = context(epic, options);
    let (name, source) = if options.parent.is_some() {
        ("child-stp.md", CHILD_TEMPLATE)
    } else {
        ("stp.md", PLAN_TEMPLATE)
    };
    let text = crate::templates::render(name, source, crate::templates::context(&context))?;
    Ok(tidy(&text))
}

/// One blank line at most between blocks, no trailing spaces, one final newline.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 || out.is_empty() {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn context(epic: &Epic, options: &Options) -> Context {
    let browse = epic
        .url
        .as_deref()
        .and_then(|u| u.rfind("/browse/").map(|i| &u[..i + "/browse/".len()]))
        .unwrap_or(DEFAULT_JIRA_BROWSE);
    let link = |key: &str| format!("[{key}]({browse}{key})");
    let title = epic
        .summary
        .clone()
        .or_else(|| epic.epic_name.clone())
        .map(|t| one_line(&t))
        .unwrap_or_else(|| "[Feature Title/Name]".to_string());
    let requirement = epic.key.clone().unwrap_or_else(|| "Jira-ID".to_string());
    // A child lists only what its parent does not already state.
    let new_to_parent = |text: &&String| {
        let t = normalise(text);
        options
            .parent
            .as_ref()
            .is_none_or(|p| !p.stated.iter().any(|s| s.contains(&t)))
    };
    let criteria: Vec<&String> = epic
        .acceptance_criteria
        .iter()
        .filter(new_to_parent)
        .collect();
    let scenarios = epic
        .acceptance_criteria
        .iter()
        .map(|criterion| ScenarioSkeleton {
            requirement: requirement.clone(),
            story: best_story(criterion, &epic.scenarios).unwrap_or_else(|| {
                "[Describe the user story: As a ..., I want ... so that ...]".to_string()
            }),
            text: as_verification(criterion),
        })
        .collect();
    let dependencies = (!epic.dependencies.is_empty()).then(|| sentence_list(&epic.dependencies));
    let strategy = strategy(dependencies.clone());
    let risks = risks(epic, dependencies.clone());
    let parent_feature = options
        .parent
        .as_ref()
        .and_then(|p| p.feature_tracking.clone());
    Context {
        title,
        key: epic.key.clone(),
        enhancements: epic
            .links
            .iter()
            .filter(|l| is_design_link(l))
            .cloned()
            .collect(),
        feature_tracking: parent_feature.or_else(|| epic.parent.as_deref().map(link)),
        epic_tracking: epic.key.as_deref().map(link),
        sig: options.sig.clone(),
        sig_scope: options
            .sig
            .clone()
            .unwrap_or_else(|| "[SIG-specific scope]".to_string()),
        overview: overview(epic),
        requirements: criteria
            .iter()
            .map(|c| match &epic.key {
                Some(key) => format!("{key}: {}", one_line(c)),
                None => one_line(c),
            })
            .collect(),
        value: (!epic.why.is_empty()).then(|| sentence_list(&epic.why)),
        use_cases: epic.scenarios.iter().map(|s| one_line(s)).collect(),
        open_questions: epic.open_questions.iter().map(|s| one_line(s)).collect(),
        acceptance_criteria: criteria.iter().map(|s| one_line(s)).collect(),
        nfr_categories: &NFR_CATEGORIES,
        goals: epic.scenarios.iter().map(|s| goal_from_story(s)).collect(),
        out_of_scope: out_of_scope(epic),
        strategy,
        fix_versions: epic.fix_versions.clone(),
        risks,
        scenarios,
        parent_title: options
            .parent
            .as_ref()
            .map(|p| p.title.clone())
            .unwrap_or_default(),
        parent_link: options
            .parent
            .as_ref()
            .map(|p| p.link.clone())
            .unwrap_or_default(),
    }
}

/// A line of Markdown: no newlines, and nothing that would open an HTML comment.
fn one_line(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("<!--", "< !--")
}

fn with_full_stop(text: &str) -> String {
    let t = one_line(text);
    if t.ends_with(['.', '!', '?', ':']) {
        t
    } else {
        format!("{t}.")
    }
}

fn sentence_list(items: &[String]) -> String {
    items
        .iter()
        .map(|i| with_full_stop(i))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The goal and the reasons, as sentences: what the feature does and why it matters.
fn overview(epic: &Epic) -> Option<String> {
    let sentences: Vec<String> = epic
        .goal
        .iter()
        .chain(&epic.why)
        .take(8)
        .map(|s| with_full_stop(s))
        .collect();
    (!sentences.is_empty()).then(|| sentences.join(" "))
}

/// Links to an enhancement proposal or a design document.
fn is_design_link(url: &str) -> bool {
    let u = url.to_lowercase();
    u.contains("/enhancements")
        || u.contains("/veps/")
        || u.contains("/design")
        || u.contains("docs.google.com")
}

/// "Verify that ..." for a criterion stated as a fact.
fn as_verification(criterion: &str) -> String {
    let c = one_line(criterion);
    let lower = c.to_lowercase();
    if lower.starts_with("verify") || lower.starts_with("validate") || lower.starts_with("check") {
        return c;
    }
    format!("Verify that {}", crate::templates::lower_first(&c))
}

/// The scenario as a testing goal, without a priority (the author sets it): a user story
/// "As a cluster admin, I want to set X so that Y" becomes "Verify that a cluster admin can
/// set X"; anything else "Verify that ...".
fn goal_from_story(story: &str) -> String {
    let s = one_line(story);
    let lower = s.to_ascii_lowercase();
    if let Some(rest) = lower
        .strip_prefix("as an ")
        .or_else(|| lower.strip_prefix("as a "))
    {
        let article = if lower.starts_with("as an ") {
            "an"
        } else {
            "a"
        };
        let offset = s.len() - rest.len();
        if let Some(comma) = rest.find(',') {
            let role = &s[offset..offset + comma];
            let after = s[offset + comma + 1..].trim();
            let after_lower = after.to_ascii_lowercase();
            for want in ["i want to ", "i want ", "i need to ", "i can "] {
                if let Some(action) = after_lower.strip_prefix(want) {
                    let action = &after[after.len() - action.len()..];
                    let action = action
                        .to_ascii_lowercase()
                        .find(" so that ")
                        .map_or(action, |i| &action[..i]);
                    let action = action.trim_end_matches(['.', ' ']);
                    return format!("Verify that {article} {role} can {action}");
                }
            }
        }
    }
    as_verification(&s)
}

/// The epic scenario that shares the most words with a criterion (at least two), as the
/// scenario's user story.
fn best_story(criterion: &str, stories: &[String]) -> Option<String> {
    let words = |t: &str| -> std::collections::HashSet<String> {
        t.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() > 3)
            .map(str::to_lowercase)
            .collect()
    };
    let wanted = words(criterion);
    stories
        .iter()
        .map(|s| (wanted.intersection(&words(s)).count(), s))
        .filter(|(n, _)| *n >= 2)
        .max_by_key(|(n, _)| *n)
        .map(|(_, s)| one_line(s))
        .or_else(|| (stories.len() == 1).then(|| one_line(&stories[0])))
}

/// Related work the epic names (other Jira keys, "hard"/"soft" dependencies) as Out of Scope
/// candidates; the PM/Lead agreement stays empty for a person to give.
fn out_of_scope(epic: &Epic) -> Vec<OutOfScope> {
    let mut out = Vec::new();
    for (section, items) in [
        ("Dependencies", &epic.dependencies),
        ("Previous Work", &epic.previous_work),
    ] {
        for item in items {
            let lower = item.to_lowercase();
            let related = epic.related_keys(item);
            let hard_or_soft = ["hard", "soft"].iter().any(|w| {
                lower
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|word| word == *w)
            });
            if related.is_empty() && !hard_or_soft {
                continue;
            }
            out.push(OutOfScope {
                title: one_line(item.trim_end_matches('.')),
                rationale: format!(
                    "Candidate: named as related work under \"{section}\" in the epic{}.",
                    if related.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", related.join(", "))
                    }
                ),
            });
        }
    }
    out
}

fn strategy(dependencies: Option<String>) -> Vec<StrategyGroup> {
    let item = |name| StrategyItem {
        name,
        details: None,
    };
    vec![
        StrategyGroup {
            name: "Functional",
            items: vec![
                item("Functional Testing"),
                item("Automation Testing"),
                item("Regression Testing"),
            ],
        },
        StrategyGroup {
            name: "Non-Functional",
            items: vec![
                item("Performance Testing"),
                item("Scale Testing"),
                item("Security Testing"),
                item("Usability Testing"),
                item("Monitoring"),
            ],
        },
        StrategyGroup {
            name: "Integration & Compatibility",
            items: vec![
                item("Compatibility Testing"),
                item("Upgrade Testing"),
                StrategyItem {
                    name: "Dependencies",
                    details: dependencies,
                },
                item("Cross Integrations"),
            ],
        },
        StrategyGroup {
            name: "Infrastructure",
            items: vec![item("Cloud Testing")],
        },
    ]
}

fn risks(epic: &Epic, dependencies: Option<String>) -> Vec<RiskEntry> {
    let entry = |category, field| RiskEntry {
        category,
        text: None,
        field,
        field_value: None,
    };
    let dependent: Vec<String> = epic
        .dependencies
        .iter()
        .map(|d| one_line(d.trim_end_matches('.')))
        .collect();
    vec![
        entry("Timeline/Schedule", "Estimated impact on schedule"),
        entry("Test Coverage", "Areas with reduced coverage"),
        entry("Test Environment", "Missing resources or infrastructure"),
        entry("Untestable Aspects", "Alternative validation approach"),
        entry("Resource Constraints", "Current capacity gaps"),
        RiskEntry {
            category: "Dependencies",
            text: dependencies.map(|d| format!("Testing depends on deliverables from others: {d}")),
            field: "Dependent teams or components",
            field_value: (!dependent.is_empty()).then(|| dependent.join("; ")),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stories_become_goals() {
        assert_eq!(
            goal_from_story(
                "As a cluster admin, I want to cap migrations per node so that drains stay fast."
            ),
            "Verify that a cluster admin can cap migrations per node"
        );
        assert_eq!(
            goal_from_story("Drains finish within the window"),
            "Verify that drains finish within the window"
        );
        assert_eq!(
            as_verification("VMs keep running"),
            "Verify that VMs keep running"
        );
        assert_eq!(
            as_verification("A node drains"),
            "Verify that a node drains"
        );
    }

    #[test]
    fn tidy_collapses_blank_lines() {
        assert_eq!(tidy("\na  \n\n\n\nb\n\n"), "a\n\nb\n");
    }
}
