//! The rule registry. One rule per file; each file declares its rule with [`declare_rule!`],
//! whose doc comment is the rule's documentation (`stp rule CODE` prints it).
//!
//! Codes are grouped by area: STP0xx document and format, STP1xx metadata and overview,
//! STP2xx section I, STP3xx section II, STP4xx scenarios and sign-off, STP5xx language.
//! A code, once released, is never reused for another check.

use crate::diagnostic::{Diagnostic, Finding, Severity};
use crate::markdown::Document;
use crate::model::{DocKind, Stp};
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
    /// The first line of the documentation.
    pub fn summary(&self) -> &'static str {
        self.doc
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("")
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

mod checkbox_mark;
mod checklist_state;
mod code_block_language;
mod consecutive_blank_lines;
mod final_newline;
mod image_alt_text;
mod missing_section;
mod not_an_stp;
mod section_order;
mod template_placeholder;
mod trailing_whitespace;
mod unclosed_comment;

/// Every rule, in code order.
pub static ALL: &[&Rule] = &[
    &not_an_stp::RULE,
    &missing_section::RULE,
    &section_order::RULE,
    &template_placeholder::RULE,
    &checkbox_mark::RULE,
    &checklist_state::RULE,
    &code_block_language::RULE,
    &image_alt_text::RULE,
    &trailing_whitespace::RULE,
    &consecutive_blank_lines::RULE,
    &final_newline::RULE,
    &unclosed_comment::RULE,
];

/// Looks a rule up by code (`STP020`), name (`checkbox-mark`) or spec ID (`CHK-1`).
pub fn find(key: &str) -> Vec<&'static Rule> {
    let upper = key.to_ascii_uppercase();
    ALL.iter()
        .copied()
        .filter(|r| {
            r.code == upper
                || r.name.eq_ignore_ascii_case(key)
                || r.spec.iter().any(|s| *s == upper)
        })
        .collect()
}

/// How the run was asked to review.
#[derive(Debug, Clone, Copy, Default)]
pub struct Settings {
    /// Hold legacy (table layout) STPs to the current template's structure.
    pub strict_layout: bool,
}

/// What a rule sees: the file, its Markdown tree and its model.
pub struct Context<'a> {
    pub path: &'a Path,
    pub source: &'a SourceFile,
    pub doc: &'a Document<'a>,
    pub stp: &'a Stp,
    pub settings: Settings,
}

impl Context<'_> {
    pub fn text(&self) -> &str {
        &self.source.text
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
    let mut out = Vec::new();
    for rule in rules {
        for finding in (rule.check)(ctx) {
            out.push(Diagnostic {
                rule,
                severity: finding.severity.unwrap_or(rule.severity),
                section: ctx.stp.section_at(finding.span).map(|s| s.kind),
                span: finding.span,
                message: finding.message,
                help: finding.help,
                fix: finding.fix,
            });
        }
    }
    out.sort_by(|a, b| {
        (a.span.start, a.rule.code, a.span.end).cmp(&(b.span.start, b.rule.code, b.span.end))
    });
    out
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
