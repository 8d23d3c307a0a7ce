//! `stp`: review Software Test Plans against the OpenShift Virtualization QE checklist.
//!
//! Data flows one way: bytes ([`source`]) -> Markdown blocks with byte spans ([`markdown`])
//! -> the typed STP model ([`model`]) -> rules ([`rules`]) -> diagnostics
//! ([`diagnostic`]) -> reporters ([`report`]). See ARCHITECTURE.md.

pub mod allocator;
pub mod baseline;
pub mod check;
pub mod cli;
pub mod config;
pub mod coverage;
pub mod diagnostic;
pub mod dirs;
pub mod epic;
pub mod fix;
pub mod inventory;
pub mod lexicon;
pub mod markdown;
pub mod markdownlint;
pub mod model;
pub mod new;
pub mod prose;
pub mod recognise;
pub mod repo;
pub mod report;
pub mod rules;
pub mod server;
pub mod source;
pub mod spelling;
pub mod stubs;
pub mod suppress;
pub mod templates;
pub mod text;
pub mod trace;
pub mod word_map;
