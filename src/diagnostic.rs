//! Diagnostics: what a rule found, where, how bad, and how to fix it.

use crate::model::SectionKind;
use crate::rules::Rule;
use crate::source::Span;
use serde::Serialize;
use std::fmt;

/// The review checklist's own scale, lowest first so that `>=` means "at least as bad".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "LOW",
            Severity::Medium => "MEDIUM",
            Severity::High => "HIGH",
            Severity::Critical => "CRITICAL",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_uppercase().as_str() {
            "LOW" => Ok(Severity::Low),
            "MEDIUM" => Ok(Severity::Medium),
            "HIGH" => Ok(Severity::High),
            "CRITICAL" => Ok(Severity::Critical),
            _ => Err(format!(
                "unknown severity `{s}`: use one of CRITICAL, HIGH, MEDIUM, LOW"
            )),
        }
    }
}

/// A replacement of a byte range of the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub new_text: String,
}

/// Whether applying a fix can change what the document means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Only form changes (a checkbox spelled `[x]`, trailing blanks removed).
    Safe,
    /// The text says something different afterwards; needs `--unsafe-fixes`.
    Unsafe,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
}

impl Fix {
    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix {
            title: title.into(),
            edits,
            applicability: Applicability::Safe,
        }
    }
}

/// What a rule reports, before the registry stamps its code and severity on it.
#[derive(Debug, Clone)]
pub struct Finding {
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
    pub fix: Option<Fix>,
    /// Set when a rule grades its findings (PLH-1 is CRITICAL in sign-off fields).
    pub severity: Option<Severity>,
    /// Other places with the same problem (the other rows of a table), reported once.
    pub related: Vec<Span>,
}

impl Finding {
    pub fn new(span: Span, message: impl Into<String>) -> Finding {
        Finding {
            span,
            message: message.into(),
            help: None,
            fix: None,
            severity: None,
            related: Vec::new(),
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }

    pub fn fix(mut self, fix: Fix) -> Finding {
        self.fix = Some(fix);
        self
    }

    pub fn severity(mut self, severity: Severity) -> Finding {
        self.severity = Some(severity);
        self
    }

    /// Other places with the same problem, named in the message and reported as related
    /// locations in JSON and SARIF.
    pub fn related(mut self, spans: Vec<Span>) -> Finding {
        self.related = spans;
        self
    }
}

/// A finding with its rule, final severity and section.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub rule: &'static Rule,
    pub severity: Severity,
    pub span: Span,
    pub message: String,
    pub help: Option<String>,
    pub fix: Option<Fix>,
    pub section: Option<SectionKind>,
    /// Other places with the same problem (see [`Finding::related`]).
    pub related: Vec<Span>,
}
