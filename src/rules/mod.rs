//! The rule registry. One rule per file; each file declares its rule with [`declare_rule!`],
//! whose doc comment is the rule's documentation (`stp rule CODE` prints it).
//!
//! Codes are grouped by area: STP0xx document and format, STP1xx metadata and overview,
//! STP2xx section I, STP3xx section II, STP4xx scenarios and sign-off, STP5xx language.
//! A code, once released, is never reused for another check.

use crate::diagnostic::{Diagnostic, Finding, Severity};
use crate::markdown::Document;
use crate::model::{DocKind, Stp};
use crate::repo::RepoFacts;
use crate::source::SourceFile;
use std::path::Path;

/// A check with its identity. `check` is a pure function of the context.
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    /// IDs of `rules.md` this rule implements.
    pub spec: &'static [&'static str],
    pub severity: Severity,
    /// Whether the rule offers fixes.
    pub fixable: bool,
    /// The rule's doc comment.
    pub doc: &'static str,
    pub check: fn(&Context) -> Vec<Finding>,
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.code, self.name)
    }
}

impl Rule {
    /// The first paragraph of the documentation, on one line.
    pub fn summary(&self) -> String {
        self.doc
            .lines()
            .map(str::trim)
            .skip_while(|l| l.is_empty())
            .take_while(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Whether `key` names this rule: its code, its name or one of its spec IDs (any case).
    pub fn is_named(&self, key: &str) -> bool {
        key.eq_ignore_ascii_case(self.code)
            || key.eq_ignore_ascii_case(self.name)
            || self.spec.iter().any(|s| s.eq_ignore_ascii_case(key))
    }

    /// The documentation with the doc-comment indentation removed.
    pub fn documentation(&self) -> String {
        self.doc
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_string()
    }
}

/// Declares a rule constant `RULE` whose documentation is its doc comment.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        code: $code:literal,
        name: $name:literal,
        spec: [$($spec:literal),+ $(,)?],
        severity: $severity:ident,
        fixable: $fixable:literal,
        check: $check:path $(,)?
    ) => {
        pub const RULE: $crate::rules::Rule = $crate::rules::Rule {
            code: $code,
            name: $name,
            spec: &[$($spec),+],
            severity: $crate::diagnostic::Severity::$severity,
            fixable: $fixable,
            doc: concat!($($doc, "\n"),*),
            check: $check,
        };
    };
}

mod all_risks_empty;
mod api_extensions_list;
mod approver_roles;
mod checkbox_mark;
mod checklist_state;
mod child_repeats_parent;
mod child_stps_listed;
mod child_template;
mod code_block_language;
mod consecutive_blank_lines;
mod continuity_evidence;
mod criterion_scenario;
mod cross_reference;
mod decision_as_risk;
mod design_review_items;
mod duplicate_scenarios;
mod enhancement_link;
mod entry_criteria;
mod environment_fields;
mod environment_versions;
mod feature_maturity;
mod final_newline;
mod goal_dimensions;
mod goal_order;
mod goal_priority;
mod goal_scenario;
mod handoff_takeaways;
mod heading_space;
mod image_alt_text;
mod implementation_language;
mod limitation_misfiled;
mod limitation_sign_off;
mod limitations_stated;
mod migration_storage;
mod missing_section;
mod monitoring_decision;
mod negative_coverage;
mod nfr_coverage;
mod no_risk_justified;
mod not_an_stp;
mod out_of_scope_agreement;
mod out_of_scope_covered;
mod out_of_scope_stated;
mod over_claiming;
mod overview_length;
mod overview_phase;
mod owners_handles;
mod ownership_fields;
mod performance_scale_plan;
mod platform_topology;
mod regression_goals;
mod regression_scenario;
mod required_operators;
mod requirements_restate_overview;
mod review_items;
mod reviewers_listed;
mod risk_categories;
mod risk_entry_complete;
mod scalability_dismissed;
mod scenario_outcome;
mod scenario_requirement_id;
mod scenario_tier_priority;
mod scenario_user_story;
mod section_order;
mod spelling;
mod standard_term_defined;
mod standard_tools;
mod storage_platform_named;
mod strategy_details;
mod strategy_types;
mod template_guidance;
mod template_placeholder;
mod test_limitation_sign_off;
mod tier_fit;
mod topology_impact;
mod tracking_links;
mod trailing_whitespace;
mod ui_dismissed;
mod unclosed_comment;
mod undefined_acronym;
mod unused_suppression;
mod upgrade_path;
mod usability_owner;
mod use_case_story;
mod vague_acceptance_criterion;
mod vague_mitigation;

/// Every rule, in code order.
pub static ALL: &[&Rule] = &[
    &not_an_stp::RULE,
    &missing_section::RULE,
    &section_order::RULE,
    &cross_reference::RULE,
    &template_placeholder::RULE,
    &template_guidance::RULE,
    &checkbox_mark::RULE,
    &checklist_state::RULE,
    &code_block_language::RULE,
    &image_alt_text::RULE,
    &trailing_whitespace::RULE,
    &consecutive_blank_lines::RULE,
    &final_newline::RULE,
    &unclosed_comment::RULE,
    &unused_suppression::RULE,
    &heading_space::RULE,
    &enhancement_link::RULE,
    &tracking_links::RULE,
    &feature_maturity::RULE,
    &ownership_fields::RULE,
    &overview_length::RULE,
    &overview_phase::RULE,
    &standard_term_defined::RULE,
    &undefined_acronym::RULE,
    &review_items::RULE,
    &use_case_story::RULE,
    &nfr_coverage::RULE,
    &requirements_restate_overview::RULE,
    &vague_acceptance_criterion::RULE,
    &continuity_evidence::RULE,
    &scalability_dismissed::RULE,
    &ui_dismissed::RULE,
    &limitation_sign_off::RULE,
    &limitations_stated::RULE,
    &limitation_misfiled::RULE,
    &design_review_items::RULE,
    &topology_impact::RULE,
    &handoff_takeaways::RULE,
    &api_extensions_list::RULE,
    &goal_priority::RULE,
    &goal_order::RULE,
    &goal_dimensions::RULE,
    &regression_goals::RULE,
    &negative_coverage::RULE,
    &out_of_scope_agreement::RULE,
    &out_of_scope_stated::RULE,
    &test_limitation_sign_off::RULE,
    &out_of_scope_covered::RULE,
    &strategy_types::RULE,
    &strategy_details::RULE,
    &usability_owner::RULE,
    &monitoring_decision::RULE,
    &upgrade_path::RULE,
    &performance_scale_plan::RULE,
    &environment_fields::RULE,
    &environment_versions::RULE,
    &storage_platform_named::RULE,
    &platform_topology::RULE,
    &required_operators::RULE,
    &migration_storage::RULE,
    &standard_tools::RULE,
    &entry_criteria::RULE,
    &risk_categories::RULE,
    &risk_entry_complete::RULE,
    &no_risk_justified::RULE,
    &all_risks_empty::RULE,
    &vague_mitigation::RULE,
    &decision_as_risk::RULE,
    &scenario_requirement_id::RULE,
    &scenario_user_story::RULE,
    &scenario_tier_priority::RULE,
    &goal_scenario::RULE,
    &criterion_scenario::RULE,
    &regression_scenario::RULE,
    &tier_fit::RULE,
    &duplicate_scenarios::RULE,
    &scenario_outcome::RULE,
    &reviewers_listed::RULE,
    &approver_roles::RULE,
    &owners_handles::RULE,
    &child_stps_listed::RULE,
    &child_template::RULE,
    &child_repeats_parent::RULE,
    &implementation_language::RULE,
    &spelling::RULE,
    &over_claiming::RULE,
];

/// Looks a rule up by code (`STP020`), name (`checkbox-mark`) or spec ID (`CHK-1`).
pub fn find(key: &str) -> Vec<&'static Rule> {
    ALL.iter().copied().filter(|r| r.is_named(key)).collect()
}

/// How the run was asked to review.
#[derive(Debug, Clone, Copy, Default)]
pub struct Settings {
    /// Hold legacy (table layout) STPs to the current template's structure.
    pub strict_layout: bool,
    /// The configuration file that governs the file (rule selection, severities).
    pub config: Option<&'static crate::config::Config>,
}

/// What a rule sees: the file, its Markdown tree and its model.
pub struct Context<'a> {
    pub path: &'a Path,
    pub source: &'a SourceFile,
    pub doc: &'a Document<'a>,
    pub stp: &'a Stp,
    pub settings: Settings,
    /// Facts about neighbouring files (OWNERS, the feature directory), read before the rules.
    pub repo: &'a RepoFacts,
    /// The goal/criterion-to-scenario matching, computed once for the rules that need it.
    pub trace: std::sync::OnceLock<crate::trace::Trace>,
}

impl Context<'_> {
    /// Whether the configuration runs `rule` on this file: a rule that leaves a defect to
    /// another reports it itself when that one is switched off.
    pub fn runs(&self, rule: &Rule) -> bool {
        self.settings.config.is_none_or(|c| c.enabled(rule))
    }

    /// Which scenarios cover each goal and acceptance criterion (`stp trace --in-document`).
    pub fn trace(&self) -> &crate::trace::Trace {
        self.trace
            .get_or_init(|| crate::trace::in_document(self.stp))
    }

    pub fn text(&self) -> &str {
        &self.source.text
    }

    /// Where to report something about a whole section: its heading, else the title, else
    /// the first line.
    pub fn anchor(&self, kind: crate::model::SectionKind) -> crate::source::Span {
        self.stp
            .section(kind)
            .map(|s| s.span)
            .or(self.stp.title.as_ref().map(|t| t.span))
            .unwrap_or_else(|| self.source.lines.line_span(self.text(), 0))
    }

    /// Whether structure rules apply in full: the current template, or `--strict-layout`.
    pub fn current_layout(&self) -> bool {
        self.stp.layout != crate::model::Layout::Table || self.settings.strict_layout
    }
}

/// Runs every rule on a file. A file that is not an STP gets DOC-1 only.
pub fn run(ctx: &Context) -> Vec<Diagnostic> {
    let rules: Vec<&'static Rule> = match ctx.stp.kind {
        DocKind::NotStp => vec![&not_an_stp::RULE],
        _ => ALL.to_vec(),
    };
    let config = ctx.settings.config;
    let mut out = Vec::new();
    for rule in rules
        .into_iter()
        .filter(|r| config.is_none_or(|c| c.enabled(r)))
        // The repository's markdownlint configuration governs formatting.
        .filter(|r| !ctx.repo.markdownlint_off.contains(&r.code))
    {
        let configured = config.and_then(|c| c.severity_of(rule));
        for finding in (rule.check)(ctx) {
            out.push(Diagnostic {
                rule,
                severity: configured.or(finding.severity).unwrap_or(rule.severity),
                section: ctx.stp.section_at(finding.span).map(|s| s.kind),
                span: finding.span,
                message: finding.message,
                help: finding.help,
                fix: finding.fix,
                related: finding.related,
            });
        }
    }
    let mut out = apply_suppressions(ctx, out);
    out.sort_by(|a, b| {
        (a.span.start, a.rule.code, a.span.end).cmp(&(b.span.start, b.rule.code, b.span.end))
    });
    // A passage the model reaches by two paths (a nested line that is also a field) is
    // reported once.
    out.dedup_by(|a, b| a.rule.code == b.rule.code && a.span == b.span && a.message == b.message);
    group_repeats(ctx, out)
}

/// How many identical findings in one section make one grouped diagnostic.
const GROUP_AT: usize = 3;

/// One diagnostic for a problem that repeats on every row of a table or item of a list: the
/// same rule, message and severity, [`GROUP_AT`] times or more in one section, becomes the
/// first occurrence with the others named by line and attached as related locations. Findings
/// with fixes stay separate, since each fix edits its own span.
fn group_repeats(ctx: &Context, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    use std::collections::HashMap;
    // The severity is part of the problem: a placeholder where an approver belongs (CRITICAL)
    // is not folded into the same placeholder on a reviewer's line (HIGH).
    let key = |d: &Diagnostic| (d.rule.code, d.message.clone(), d.section, d.severity);
    type Key<'d> = (
        &'d str,
        String,
        Option<crate::model::SectionKind>,
        crate::diagnostic::Severity,
    );
    let mut counts: HashMap<Key, usize, crate::prose::FastHash> = HashMap::default();
    for d in diagnostics.iter().filter(|d| d.fix.is_none()) {
        *counts.entry(key(d)).or_default() += 1;
    }
    if counts.values().all(|&n| n < GROUP_AT) {
        return diagnostics;
    }
    let mut first_of: HashMap<Key, usize, crate::prose::FastHash> = HashMap::default();
    let mut out: Vec<Diagnostic> = Vec::with_capacity(diagnostics.len());
    for d in diagnostics {
        let k = key(&d);
        if d.fix.is_some() || counts.get(&k).is_none_or(|&n| n < GROUP_AT) {
            out.push(d);
            continue;
        }
        match first_of.get(&k) {
            Some(&i) => out[i].related.push(d.span),
            None => {
                first_of.insert(k, out.len());
                out.push(d);
            }
        }
    }
    for &i in first_of.values() {
        let d = &mut out[i];
        let lines: Vec<String> = std::iter::once(d.span)
            .chain(d.related.iter().copied())
            .map(|s| ctx.source.line_col(s.start).line.to_string())
            .collect();
        d.message = format!(
            "{} ({} times: lines {})",
            d.message,
            lines.len(),
            lines.join(", ")
        );
    }
    out
}

/// Whether a suppression's rule list covers `rule` (an empty list covers every rule).
fn names(rules: &[String], rule: &Rule) -> bool {
    rules.is_empty() || rules.iter().any(|r| rule.is_named(r))
}

/// Drops suppressed diagnostics and reports suppressions that silenced nothing.
fn apply_suppressions(ctx: &Context, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    use crate::model::SuppressionKind;
    let sups = &ctx.stp.suppressions;
    if sups.is_empty() {
        return diagnostics;
    }
    let mut used = vec![false; sups.len()];
    let mut kept = Vec::with_capacity(diagnostics.len());
    for d in diagnostics {
        let line = ctx.source.lines.line_of(d.span.start);
        // A disable covers the rule from its comment until an enable that names the rule (or
        // names none), per rule: `stp-enable STP020` re-enables STP020 only.
        let open = |s: &crate::model::Suppression| {
            d.span.start >= s.span.end
                && !sups.iter().any(|e| {
                    e.kind == SuppressionKind::Enable
                        && e.span.start > s.span.start
                        && e.span.start <= d.span.start
                        && names(&e.rules, d.rule)
                })
        };
        let by = sups.iter().position(|s| {
            names(&s.rules, d.rule)
                && match s.kind {
                    SuppressionKind::NextLine => line == s.line + 1,
                    SuppressionKind::Line => line == s.line,
                    SuppressionKind::Disable => open(s),
                    SuppressionKind::Enable => false,
                }
        });
        match by {
            Some(i) => used[i] = true,
            None => kept.push(d),
        }
    }
    let config = ctx.settings.config;
    let report_unused = config.is_none_or(|c| c.enabled(&unused_suppression::RULE));
    // A suppression of rules the configuration turned off has nothing to silence by design.
    let all_disabled = |s: &crate::model::Suppression| {
        !s.rules.is_empty()
            && config.is_some_and(|c| {
                ALL.iter()
                    .filter(|r| names(&s.rules, r))
                    .all(|r| !c.enabled(r))
            })
    };
    for (s, was_used) in sups.iter().zip(used) {
        if was_used || s.kind == SuppressionKind::Enable || !report_unused || all_disabled(s) {
            continue;
        }
        let what = if s.rules.is_empty() {
            "any rule".to_string()
        } else {
            s.rules.join(", ")
        };
        kept.push(Diagnostic {
            rule: &unused_suppression::RULE,
            severity: unused_suppression::RULE.severity,
            span: s.span,
            message: format!("suppression of {what} silences nothing here"),
            help: Some("delete the comment, or correct the rule name".into()),
            fix: None,
            section: ctx.stp.section_at(s.span).map(|x| x.kind),
            related: Vec::new(),
        });
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_documented() {
        let mut codes: Vec<_> = ALL.iter().map(|r| r.code).collect();
        let mut names: Vec<_> = ALL.iter().map(|r| r.name).collect();
        codes.sort();
        names.sort();
        let n = ALL.len();
        codes.dedup();
        names.dedup();
        assert_eq!(codes.len(), n);
        assert_eq!(names.len(), n);
        for rule in ALL {
            assert!(
                rule.code.starts_with("STP") && rule.code.len() == 6,
                "{rule:?}"
            );
            assert!(
                rule.documentation().len() > 80,
                "{rule:?} needs documentation"
            );
            assert!(!rule.spec.is_empty());
        }
    }

    #[test]
    fn find_by_code_name_or_spec() {
        assert_eq!(find("CHK-1")[0].name, "checkbox-mark");
        assert_eq!(find("checkbox-mark")[0].spec, ["CHK-1"]);
        assert!(find("nope").is_empty());
    }
}
