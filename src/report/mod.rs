//! Reporters: turn file reports into what people and machines read. They only format; every
//! fact they print comes from the diagnostics and the source they carry.

pub mod coverage;
pub mod github;
pub mod json;
pub mod review;
pub mod sarif;
pub mod text;
pub mod trace;

use crate::source::{LineCol, SourceFile, Span};

/// Start and end positions of a span (end exclusive).
pub fn positions(source: &SourceFile, span: Span) -> (LineCol, LineCol) {
    (source.line_col(span.start), source.line_col(span.end))
}
