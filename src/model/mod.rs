//! The typed STP model: one shape for both layouts (template lists and legacy tables).
//!
//! Built once per file from the Markdown block tree (`build.rs`); rules, reporters and the
//! `parse` command read it and never look at Markdown again. Every node keeps its span.

mod build;
pub mod entries;
pub mod people;
pub mod sections;

pub use build::{build, is_none_statement, is_sign_off_key, known_section_kinds};
pub use entries::{Entry, Field, Label, LabelStyle, Mark};
pub use people::Person;
pub use sections::{Section, SectionKind};

use crate::source::Span;
use crate::text::Text;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    /// A parent or single-SIG STP.
    Parent,
    /// A per-SIG STP: inside a multi-SIG feature directory, or naming its parent STP in its
    /// metadata.
    Child,
    /// The template files themselves.
    Template,
    NotStp,
}

impl DocKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Parent => "parent",
            DocKind::Child => "child",
            DocKind::Template => "template",
            DocKind::NotStp => "not_stp",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// The current template: checklists, fields and scenarios as lists.
    List,
    /// The older template: metadata, checklists, strategy, risks and scenarios as tables.
    Table,
    /// Both: two sections or more in each form (a plan moved halfway to the current one).
    Mixed,
}

impl Layout {
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::List => "list",
            Layout::Table => "table",
            Layout::Mixed => "mixed",
        }
    }
}

/// What the file's location says about it (the builder cannot see the file system).
#[derive(Debug, Clone, Copy, Default)]
pub struct PathFacts {
    /// Under a `stp-template/` directory.
    pub in_template_dir: bool,
    /// A file other than `stp.md` in a feature directory (`stps/<sig>/<feature>/`), or next
    /// to a sibling `stp.md`.
    pub in_feature_dir: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Title {
    pub text: Text,
    pub span: Span,
}

/// A review checklist item (I.1, I.3, entry criteria): mark, name and fields.
#[derive(Debug, Clone, Serialize)]
pub struct ChecklistItem {
    pub span: Span,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mark: Option<Mark>,
    pub name: Text,
    /// Labelled fields (list layout) or the Details/Notes cell (table layout).
    pub fields: Vec<Field>,
    /// Unlabelled lines under the item.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comments: Option<Text>,
    /// Read from a table row (the older layout), where an empty Done cell means unchecked.
    #[serde(skip)]
    pub in_table: bool,
}

impl ChecklistItem {
    /// Every text under the item: field values, their list items and notes, unlabelled lines.
    pub fn texts(&self) -> impl Iterator<Item = &Text> {
        self.fields
            .iter()
            .flat_map(|f| std::iter::once(&f.value).chain(&f.items).chain(&f.note))
            .chain(&self.lines)
    }

    /// Whether the item's name (label key) contains any of `words`.
    pub fn is_named(&self, any_of: &[&str]) -> bool {
        let key = entries::label_key(&self.name.text);
        any_of.iter().any(|w| contains_short(&key, w))
    }

    /// The Review Requirements and the value / use-case items: where the plan states what it
    /// requires, in prose that must speak the user's language.
    pub fn states_requirements(&self) -> bool {
        self.is_named(&["review requirement", "use case", "customer", "value"])
    }

    /// Whether any field or line holds text.
    pub fn has_content(&self) -> bool {
        self.fields.iter().any(|f| !f.is_empty()) || self.lines.iter().any(|l| !l.is_blank())
    }
}

/// Feature limitations (I.2) or test limitations (II.1): items with sign-offs, or an
/// explicit statement that there are none.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Constraints {
    pub present: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub none: Option<NoneStatement>,
    pub items: Vec<Constraint>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NoneStatement {
    pub text: Text,
    pub span: Span,
    /// Fields written under the statement (`*Sign-off:*`, `*Rationale:*`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Constraint {
    pub span: Span,
    pub text: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sign_off: Option<Field>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Priority {
    pub level: u8,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Tier {
    pub level: u8,
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
pub struct Goal {
    pub span: Span,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    /// The goal without its priority tag.
    pub text: Text,
    /// Listed under "Regression Goals".
    pub regression: bool,
    /// Nested lines (variants, dimensions).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<Text>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct OutOfScope {
    pub present: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub none: Option<NoneStatement>,
    pub items: Vec<OutOfScopeItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutOfScopeItem {
    pub span: Span,
    pub title: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rationale: Option<Field>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agreement: Option<Field>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StrategyKind {
    Functional,
    Automation,
    Regression,
    Performance,
    Scale,
    Security,
    Usability,
    Monitoring,
    Compatibility,
    Upgrade,
    Dependencies,
    CrossIntegrations,
    Cloud,
    /// A row of the older template, folded into Compatibility by the current one.
    BackwardCompatibility,
    Other,
}

impl StrategyKind {
    /// The 13 testing types of the current template, in its order.
    pub const TEMPLATE: [StrategyKind; 13] = [
        StrategyKind::Functional,
        StrategyKind::Automation,
        StrategyKind::Regression,
        StrategyKind::Performance,
        StrategyKind::Scale,
        StrategyKind::Security,
        StrategyKind::Usability,
        StrategyKind::Monitoring,
        StrategyKind::Compatibility,
        StrategyKind::Upgrade,
        StrategyKind::Dependencies,
        StrategyKind::CrossIntegrations,
        StrategyKind::Cloud,
    ];

    /// Every type a name covers: `Performance/Scale Testing` and `Performance & Scale` name
    /// two.
    pub fn all_from_name(name: &str) -> Vec<StrategyKind> {
        let mut out: Vec<StrategyKind> = name
            .split(['/', '&', '+', ','])
            .flat_map(|part| part.split(" and "))
            .map(StrategyKind::from_name)
            .filter(|k| *k != StrategyKind::Other)
            .collect();
        out.dedup();
        if out.is_empty() {
            out.push(StrategyKind::from_name(name));
        }
        out
    }

    /// The testing type a row's name names, remembered on this thread (see [`Remembered`]):
    /// plans repeat the template's names, read at every row and by several rules.
    pub fn from_name(name: &str) -> StrategyKind {
        thread_local! {
            static KINDS: Remembered<StrategyKind> = Remembered::default();
        }
        KINDS.with(|kinds| kinds.get_or(name, StrategyKind::read_name))
    }

    fn read_name(name: &str) -> StrategyKind {
        let n = entries::label_key(name);
        let has = |w: &str| contains_short(&n, w);
        if has("backward") {
            StrategyKind::BackwardCompatibility
        } else if has("cross integration") || has("integrations") {
            StrategyKind::CrossIntegrations
        } else if has("compatib") {
            StrategyKind::Compatibility
        } else if has("automation") {
            StrategyKind::Automation
        } else if has("regression") {
            StrategyKind::Regression
        } else if has("performance") {
            StrategyKind::Performance
        } else if has("scale") || has("scalability") {
            StrategyKind::Scale
        } else if has("security") {
            StrategyKind::Security
        } else if has("usability") {
            StrategyKind::Usability
        } else if has("monitoring") {
            StrategyKind::Monitoring
        } else if has("upgrade") {
            StrategyKind::Upgrade
        } else if has("dependenc") {
            StrategyKind::Dependencies
        } else if has("cloud") {
            StrategyKind::Cloud
        } else if has("functional") {
            StrategyKind::Functional
        } else {
            StrategyKind::Other
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct StrategyItem {
    pub span: Span,
    pub kind: StrategyKind,
    pub name: Text,
    /// The checkbox (list layout).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mark: Option<Mark>,
    /// The "Applicable (Y/N or N/A)" cell (table layout).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applicable: Option<Text>,
    /// The text after the name (`— Validates ...`) or the Description cell.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// `*Details:*` (list layout) or the Comments cell (table layout).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<Field>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<Text>,
    /// Every type the name covers ([`StrategyKind::all_from_name`]), read once when the
    /// model is built.
    #[serde(skip)]
    pub covered: Vec<StrategyKind>,
}

impl StrategyItem {
    /// Whether the plan marks the testing type as applicable: a checked box or a `Y` cell.
    pub fn applies(&self) -> Option<bool> {
        if let Some(mark) = &self.mark {
            return Some(mark.checked);
        }
        let a = self.applicable.as_ref()?.trimmed().to_ascii_lowercase();
        match a.chars().next() {
            Some('y') => Some(true),
            Some('n') => Some(false),
            _ => None,
        }
    }

    /// Whether the item serves `kind`, alone or as part of a combined name.
    pub fn covers(&self, kind: StrategyKind) -> bool {
        self.kind == kind || self.covered.contains(&kind)
    }

    /// The details and the unlabelled lines under the item.
    pub fn detail_texts(&self) -> impl Iterator<Item = &Text> {
        self.details
            .iter()
            .flat_map(|d| d.texts())
            .chain(&self.lines)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskKind {
    Timeline,
    Coverage,
    Environment,
    Untestable,
    Resources,
    Dependencies,
    Other,
    /// A category the template does not have (e.g. "Upgrade").
    Custom,
}

impl RiskKind {
    pub const STANDARD: [RiskKind; 6] = [
        RiskKind::Timeline,
        RiskKind::Coverage,
        RiskKind::Environment,
        RiskKind::Untestable,
        RiskKind::Resources,
        RiskKind::Dependencies,
    ];

    /// Recognises a category name; `None` when the text is not a category at all.
    pub fn from_name(name: &str) -> Option<RiskKind> {
        let n = entries::label_key(name);
        let kind = match n.as_str() {
            s if s.starts_with("timeline") || s.starts_with("schedule") => RiskKind::Timeline,
            s if s.starts_with("test coverage") || s == "coverage" => RiskKind::Coverage,
            s if s.starts_with("test environment") || s == "environment" => RiskKind::Environment,
            s if s.starts_with("untestable") => RiskKind::Untestable,
            s if s.starts_with("resource") => RiskKind::Resources,
            s if s.starts_with("dependenc") => RiskKind::Dependencies,
            "other" | "others" | "other risks" => RiskKind::Other,
            _ => return None,
        };
        Some(kind)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RiskCategory {
    /// The category label.
    pub span: Span,
    pub name: Text,
    pub kind: RiskKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mark: Option<Mark>,
    pub risks: Vec<Risk>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Risk {
    pub span: Span,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk: Option<Field>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mitigation: Option<Field>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sign_off: Option<Field>,
    /// The category's own field (estimated impact, areas with reduced coverage, ...).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub supplemental: Vec<Field>,
    /// The Status cell (table layout).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Text>,
    /// Whether the risk field says there is none, found on first use: five rules ask.
    #[serde(skip)]
    pub(crate) no_risk: std::sync::OnceLock<bool>,
}

impl Risk {
    /// Whether the entry has a risk field that names a risk, rather than saying there is none
    /// ("None identified", "No risks"; see [`crate::recognise::is_no_risk`]).
    pub fn names_a_risk(&self) -> bool {
        self.risk.as_ref().is_some_and(|field| {
            !*self
                .no_risk
                .get_or_init(|| crate::recognise::is_no_risk(&field.full_text()))
        })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Scenario {
    pub span: Span,
    /// The requirement ID as written (`CNV-72112`, `CNV-28924 (epic)`), or the template prompt
    /// standing in its place, with its brackets (`[Jira-123]`, `[TBD]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requirement: Option<Text>,
    /// Listed under the previous requirement (blank ID cell, or a second scenario item).
    pub continuation: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<Text>,
    /// The scenario text without its tier tag.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tier: Option<Tier>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
}

impl Scenario {
    /// Whether the scenario cell only points to rows or details below it ("Multiple
    /// scenarios below", "See Acceptance 1 details below") rather than stating a scenario.
    pub fn points_below(&self) -> bool {
        self.pointer_below()
            .is_some_and(|lower| lower.starts_with("see ") || lower.contains("scenarios"))
    }

    /// Whether the row only groups the scenarios of the rows below it ("Multiple scenarios
    /// below"): a heading row, with no tier of its own. A row whose details are written
    /// below ("See Acceptance 1 details below") is still a scenario.
    pub fn groups_rows_below(&self) -> bool {
        self.pointer_below()
            .is_some_and(|lower| lower.contains("scenarios"))
    }

    /// The scenario text in lower case when it is a short pointer ending with "below".
    fn pointer_below(&self) -> Option<String> {
        let text = self.text.as_ref()?;
        let lower = text.text.trim().trim_end_matches('.').to_ascii_lowercase();
        (lower.ends_with(" below") && lower.split_whitespace().count() <= 6).then_some(lower)
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct SignOff {
    pub present: bool,
    pub reviewers: Vec<Person>,
    pub approvers: Vec<Person>,
    /// The lines under Reviewers/Approvers as written, one per list item.
    #[serde(skip)]
    pub reviewer_lines: Vec<Text>,
    #[serde(skip)]
    pub approver_lines: Vec<Text>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HtmlComment {
    /// From `<!--` to the first `-->` after it in its HTML block (for a comment that lost its
    /// own end, another comment's), or to the end of the block when there is none.
    pub span: Span,
    /// Whether it has a `-->` of its own: its HTML block holds one, and no other `<!--`
    /// comes before it.
    pub closed: bool,
    /// Where what a browser hides ends: the end of its span when that is a `-->`; else the
    /// end of the next comment that has one (comments do not nest, so another comment's end
    /// closes it), or the end of the file.
    pub hidden_until: usize,
}

/// An inline suppression comment.
#[derive(Debug, Clone, Serialize)]
pub struct Suppression {
    pub span: Span,
    pub kind: SuppressionKind,
    /// Rule codes, names or spec IDs as written; empty means every rule.
    pub rules: Vec<String>,
    /// The 0-based line the comment ends on.
    pub line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SuppressionKind {
    /// `stp-disable`: from here until `stp-enable` (or the end of the file).
    Disable,
    /// `stp-enable`: ends the disabled range for its rules (all, when none are named).
    Enable,
    /// `stp-disable-next-line`: the line after the comment.
    NextLine,
    /// `stp-disable-line`: the line the comment ends on; at the end of a table row's last
    /// cell it silences that row without splitting the table.
    Line,
}

#[derive(Debug, Clone, Serialize)]
pub struct CodeFence {
    pub span: Span,
    pub fenced: bool,
    pub info: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Image {
    pub span: Span,
    pub alt: String,
}

/// An STP, read.
#[derive(Debug, Clone, Serialize)]
pub struct Stp {
    pub kind: DocKind,
    pub layout: Layout,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<Title>,
    pub sections: Vec<Section>,
    pub metadata: Vec<Field>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conventions: Option<Field>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overview: Option<Text>,
    pub requirements: Vec<ChecklistItem>,
    pub acceptance_criteria: Vec<Text>,
    pub known_limitations: Constraints,
    pub design_review: Vec<ChecklistItem>,
    pub goals: Vec<Goal>,
    pub out_of_scope: OutOfScope,
    pub test_limitations: Constraints,
    pub strategy: Vec<StrategyItem>,
    pub environment: Vec<Field>,
    pub tools: Vec<Field>,
    pub entry_criteria: Vec<ChecklistItem>,
    pub risks: Vec<RiskCategory>,
    pub scenarios: Vec<Scenario>,
    pub sign_off: SignOff,
    /// Every checkbox-like mark in the file, wherever it is (lists and table cells).
    pub marks: Vec<Mark>,
    pub comments: Vec<HtmlComment>,
    pub code_blocks: Vec<CodeFence>,
    pub images: Vec<Image>,
    /// A moved-STP stub names its new location.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moved_to: Option<String>,
    /// `<!-- stp-disable ... -->` and friends, in document order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suppressions: Vec<Suppression>,
}

impl Stp {
    pub fn section(&self, kind: SectionKind) -> Option<&Section> {
        self.sections.iter().find(|s| s.kind == kind)
    }

    pub fn has_section(&self, kind: SectionKind) -> bool {
        self.section(kind).is_some()
    }

    /// The innermost section holding `span`, for reporting.
    pub fn section_at(&self, span: Span) -> Option<&Section> {
        if let Some(heading) = self.sections.iter().find(|s| s.span.contains(span)) {
            return Some(heading);
        }
        self.sections
            .iter()
            .filter(|s| s.body.start <= span.start && span.start < s.body.end)
            .min_by_key(|s| s.body.len())
    }

    /// A metadata field by label key words (`feature tracking`, `epic tracking`).
    pub fn metadata_field(&self, any_of: &[&str]) -> Option<&Field> {
        self.metadata
            .iter()
            .find(|f| any_of.iter().any(|k| f.key.contains(k)))
    }

    /// An I.1 review item by name key words (`acceptance criteria`).
    pub fn requirement_item(&self, any_of: &[&str]) -> Option<&ChecklistItem> {
        self.requirements.iter().find(|i| i.is_named(any_of))
    }

    /// The line of the NFR review item about a category (`scal`, `ui`): a line whose head
    /// (before `:` or a dash) names it.
    pub fn nfr_line(&self, head_words: &[&str]) -> Option<Text> {
        let item = self.requirement_item(&["non functional", "nfr"])?;
        let names_category = |line: &str| {
            let t = line.trim_start_matches(['*', '_', ' ']);
            let head_end = t
                .find([':', '—', '–'])
                .unwrap_or_else(|| crate::source::floor_char_boundary(t, 40));
            let head = entries::label_key(&t[..head_end]);
            head.split_whitespace().count() <= 4
                && head
                    .split_whitespace()
                    .any(|w| head_words.iter().any(|h| w.starts_with(h)))
        };
        // Each line judged on its text; only the line found is made a `Text` (the item's
        // lines are many, two rules ask).
        item.texts().find_map(|text| {
            text.line_ranges()
                .find(|range| names_category(text.text[range.clone()].trim()))
                .map(|range| text.slice_trimmed(range, &[]))
        })
    }

    /// An I.3 design review item by name key words (`api extension`).
    pub fn design_item(&self, any_of: &[&str]) -> Option<&ChecklistItem> {
        self.design_review.iter().find(|i| i.is_named(any_of))
    }

    /// A Test Environment field by label key words (`storage`).
    pub fn environment_field(&self, any_of: &[&str]) -> Option<&Field> {
        self.environment
            .iter()
            .find(|f| any_of.iter().any(|k| f.key.contains(k)))
    }

    /// The strategy item of a testing type; a combined row (`Performance/Scale Testing`)
    /// serves each type it names.
    pub fn strategy_item(&self, kind: StrategyKind) -> Option<&StrategyItem> {
        self.strategy
            .iter()
            .find(|s| s.kind == kind)
            .or_else(|| self.strategy.iter().find(|s| s.covers(kind)))
    }

    /// The prose that must speak the user's language (LANG-1): Feature Overview, the
    /// requirement and use-case details, acceptance criteria, testing goals, scenario
    /// summaries and scenarios.
    pub fn user_facing_texts(&self) -> Vec<&Text> {
        let mut out: Vec<&Text> = Vec::new();
        out.extend(&self.overview);
        for item in &self.requirements {
            if item.states_requirements() {
                out.extend(item.texts());
            }
        }
        out.extend(&self.acceptance_criteria);
        for goal in &self.goals {
            out.push(&goal.text);
            out.extend(&goal.details);
        }
        for s in &self.scenarios {
            out.extend(&s.summary);
            out.extend(&s.text);
        }
        out
    }

    /// Every text people wrote as prose, without the fields that hold names and dates
    /// (sign-offs, agreements, people, metadata): what spelling and acronym checks read.
    pub fn prose_texts(&self) -> Vec<&Text> {
        let mut out: Vec<&Text> = Vec::new();
        out.extend(self.title.as_ref().map(|t| &t.text));
        out.extend(self.conventions.iter().flat_map(|c| c.texts()));
        out.extend(&self.overview);
        for item in self
            .requirements
            .iter()
            .chain(&self.design_review)
            .chain(&self.entry_criteria)
        {
            out.push(&item.name);
            out.extend(item.texts());
        }
        out.extend(&self.acceptance_criteria);
        for c in self
            .known_limitations
            .items
            .iter()
            .chain(&self.test_limitations.items)
        {
            out.push(&c.text);
            out.extend(
                c.fields
                    .iter()
                    .filter(|f| !is_sign_off_key(&f.key))
                    .flat_map(|f| f.texts()),
            );
        }
        for goal in &self.goals {
            out.push(&goal.text);
            out.extend(&goal.details);
        }
        for item in &self.out_of_scope.items {
            out.push(&item.title);
            out.extend(item.rationale.iter().flat_map(|f| f.texts()));
        }
        for item in &self.strategy {
            out.push(&item.name);
            out.extend(&item.description);
            out.extend(item.detail_texts());
        }
        out.extend(self.environment.iter().flat_map(|f| f.texts()));
        out.extend(self.tools.iter().flat_map(|f| f.texts()));
        for risk in self.risks.iter().flat_map(|c| &c.risks) {
            out.extend(
                risk.risk
                    .iter()
                    .chain(&risk.mitigation)
                    .chain(&risk.supplemental)
                    .filter(|f| !is_sign_off_key(&f.key))
                    .flat_map(|f| f.texts()),
            );
        }
        for s in &self.scenarios {
            out.extend(&s.summary);
            out.extend(&s.text);
        }
        // A sign-off written as a nested line of another field is still names and dates.
        out.retain(|t| {
            let head = t.text.get(..t.text.len().min(12)).unwrap_or("");
            // Every sign-off key starts with an `s`: most texts need no key built.
            let may_sign = head
                .chars()
                .find(|c| c.is_alphanumeric())
                .is_some_and(|c| c.eq_ignore_ascii_case(&'s'));
            !(may_sign && is_sign_off_key(&entries::label_key(head)))
        });
        // Layouts where one line is read as two things (a field and a nested item) would
        // otherwise be reported twice.
        // (Mostly in order already: checked first, which costs less than the sort.)
        if !out.is_sorted_by_key(|t| (t.span.start, t.span.end)) {
            out.sort_by_key(|t| (t.span.start, t.span.end));
        }
        out.dedup_by_key(|t| t.span);
        out
    }

    /// The SIGs the metadata names (`sig-network`), owning and participating.
    pub fn named_sigs(&self) -> Vec<String> {
        let mut sigs: Vec<String> = self
            .metadata
            .iter()
            .filter(|f| f.key.contains("sig"))
            .flat_map(|f| {
                f.full_text()
                    .split(|c: char| !(c.is_alphanumeric() || c == '-'))
                    .filter(|w| w.starts_with("sig-") && w.len() > 4)
                    .map(str::to_lowercase)
                    .collect::<Vec<_>>()
            })
            .collect();
        sigs.sort();
        sigs.dedup();
        sigs
    }

    /// Relative link targets listed under the "Child STPs" metadata field.
    pub fn child_links(&self) -> Vec<String> {
        let Some(field) = self.metadata_field(&["child stp"]) else {
            return Vec::new();
        };
        std::iter::once(&field.value)
            .chain(&field.items)
            .flat_map(|t| &t.links)
            .map(|l| l.url.clone())
            .filter(|u| !u.contains("://") && !u.starts_with('#') && !u.starts_with("mailto:"))
            .collect()
    }

    pub fn counts(&self) -> Counts {
        Counts {
            acceptance_criteria: self.acceptance_criteria.len(),
            known_limitations: self.known_limitations.items.len(),
            goals: self.goals.len(),
            out_of_scope: self.out_of_scope.items.len(),
            test_limitations: self.test_limitations.items.len(),
            strategy_items: self.strategy.len(),
            environment_fields: self.environment.len(),
            risk_categories: self.risks.len(),
            scenarios: self.scenarios.len(),
            reviewers: self.sign_off.reviewers.len(),
            approvers: self.sign_off.approvers.len(),
        }
    }
}

/// Per-file counts, for checking the reading against hand counts (`output.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Counts {
    pub acceptance_criteria: usize,
    pub known_limitations: usize,
    pub goals: usize,
    pub out_of_scope: usize,
    pub test_limitations: usize,
    pub strategy_items: usize,
    pub environment_fields: usize,
    pub risk_categories: usize,
    pub scenarios: usize,
    pub reviewers: usize,
    pub approvers: usize,
}
/// What a pure function said of a short text (a heading's title, a strategy row's name),
/// for a per-thread cache: plans repeat the template's wording, and reading it costs
/// thousands of instructions where a look-up costs tens. Texts longer than [`Self::LONGEST`]
/// are read each time and not kept, and the memory is cleared when it holds
/// [`Self::LIMIT`] texts, which bounds it on hostile input.
pub(crate) struct Remembered<V>(
    std::cell::RefCell<std::collections::HashMap<Box<str>, V, crate::prose::FastHash>>,
);

impl<V> Default for Remembered<V> {
    fn default() -> Self {
        Remembered(Default::default())
    }
}

impl<V: Copy> Remembered<V> {
    const LIMIT: usize = 4096;
    const LONGEST: usize = 200;

    /// `read(text)`, remembered.
    pub(crate) fn get_or(&self, text: &str, read: impl FnOnce(&str) -> V) -> V {
        if text.len() > Self::LONGEST {
            return read(text);
        }
        if let Some(&value) = self.0.borrow().get(text) {
            return value;
        }
        // Read before borrowing the memory again: `read` may remember other texts.
        let value = read(text);
        let mut memory = self.0.borrow_mut();
        if memory.len() >= Self::LIMIT {
            memory.clear();
        }
        memory.insert(text.into(), value);
        value
    }
}

/// `haystack.contains(needle)` for the short names and keys the model classifies: a plain
/// scan, without the set-up of the standard library's two-way searcher, which pays off only
/// on long texts (a heading is classified with some thirty look-ups).
pub(crate) fn contains_short(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = n.split_first() else {
        return true;
    };
    h.len() >= n.len()
        && (0..=h.len() - n.len()).any(|i| h[i] == first && &h[i + 1..i + n.len()] == rest)
}

#[cfg(test)]
mod tests {
    use super::{contains_short, StrategyKind};

    #[test]
    fn remembered_answers_stay_bounded_and_right() {
        let memory = super::Remembered::<usize>::default();
        let reads = std::cell::Cell::new(0);
        let read = |t: &str| {
            reads.set(reads.get() + 1);
            t.len()
        };
        assert_eq!(memory.get_or("abc", read), 3);
        assert_eq!(memory.get_or("abc", read), 3);
        assert_eq!(reads.get(), 1, "the second answer is recalled");
        // Past the limit the memory starts over; answers stay right.
        for i in 0..super::Remembered::<usize>::LIMIT + 10 {
            assert_eq!(memory.get_or(&i.to_string(), read), i.to_string().len());
        }
        assert!(memory.0.borrow().len() <= super::Remembered::<usize>::LIMIT);
        // A long text is read every time and not kept.
        let long = "x".repeat(super::Remembered::<usize>::LONGEST + 1);
        let before = reads.get();
        assert_eq!(memory.get_or(&long, read), long.len());
        assert_eq!(memory.get_or(&long, read), long.len());
        assert_eq!(reads.get(), before + 2);
        assert!(!memory.0.borrow().contains_key(long.as_str()));
    }

    #[test]
    fn remembered_strategy_names_are_read_once_and_recalled_alike() {
        for (name, kind) in [
            ("Functional Testing", StrategyKind::Functional),
            (
                "Backward Compatibility",
                StrategyKind::BackwardCompatibility,
            ),
            ("Cross Integrations", StrategyKind::CrossIntegrations),
            ("Something else", StrategyKind::Other),
        ] {
            assert_eq!(StrategyKind::from_name(name), kind, "{name}");
            assert_eq!(StrategyKind::from_name(name), kind, "{name}");
        }
        assert_eq!(
            StrategyKind::all_from_name("Performance/Scale Testing"),
            vec![StrategyKind::Performance, StrategyKind::Scale]
        );
    }

    #[test]
    fn none_statements_are_told_from_other_text() {
        for text in [
            "None",
            "  **None** — nothing applies",
            "N/A",
            "No known limitations",
            "no limitations apply",
        ] {
            assert!(super::build::is_none_statement(text), "{text}");
        }
        for text in [
            "Nothing to add",
            "Some limitations",
            "",
            "The None field",
            "no tests",
        ] {
            assert!(!super::build::is_none_statement(text), "{text}");
        }
    }

    #[test]
    fn short_contains_agrees_with_str_contains() {
        for (h, n) in [
            ("risk assessment", "risk"),
            ("risk assessment", "assessment"),
            ("risk assessment", "assessments"),
            ("ab", "abc"),
            ("", ""),
            ("abc", ""),
            ("größe", "öß"),
            ("aab", "ab"),
        ] {
            assert_eq!(contains_short(h, n), h.contains(n), "{h:?} {n:?}");
        }
    }
}
