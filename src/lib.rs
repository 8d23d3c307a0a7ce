//! `stp`: review Software Test Plans against the OpenShift Virtualization QE checklist.
//!
//! Data flows one way: bytes ([`source`]) -> Markdown blocks with byte spans ([`markdown`])
//! -> the typed STP model ([`model`]) -> rules ([`rules`]) -> diagnostics
//! ([`diagnostic`]) -> reporters ([`report`]). See ARCHITECTURE.md.

/// A regex compiled once, on first use: recognisers run on every field of every plan.
macro_rules! regex {
    ($re:literal) => {{
        static RE: std::sync::LazyLock<regex::Regex> =
            std::sync::LazyLock::new(|| regex::Regex::new($re).expect("valid regex"));
        &*RE
    }};
}

pub mod check;
pub mod cli;
pub mod diagnostic;
pub mod markdown;
pub mod model;
pub mod recognise;
pub mod repo;
pub mod report;
pub mod rules;
pub mod source;
pub mod text;
