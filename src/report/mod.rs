//! Reporters: turn file reports into what people and machines read. They only format; every
//! fact they print comes from the diagnostics and the source they carry.

pub mod coverage;
pub mod github;
pub mod gitlab;
pub mod html;
pub mod json;
pub mod junit;
pub mod review;
pub mod sarif;
pub mod text;
pub mod trace;

use crate::source::{LineCol, SourceFile, Span};

/// `text` on one line (whitespace runs as one space), cut to `max` characters with `…`.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        return one_line;
    }
    let cut: String = one_line.chars().take(max - 1).collect();
    format!("{cut}…")
}

/// Start and end positions of a span (end exclusive).
pub fn positions(source: &SourceFile, span: Span) -> (LineCol, LineCol) {
    (source.line_col(span.start), source.line_col(span.end))
}

/// The root of the repository around the working directory (the nearest directory with a
/// `.git`), else the working directory: what SARIF and GitLab paths are relative to.
pub fn repository_root() -> &'static std::path::Path {
    static ROOT: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    ROOT.get_or_init(|| {
        let cwd = std::env::current_dir().unwrap_or_default();
        let cwd = cwd.canonicalize().unwrap_or(cwd);
        cwd.ancestors()
            .find(|d| d.join(".git").exists())
            .unwrap_or(&cwd)
            .to_path_buf()
    })
}

/// A report's path relative to the repository root, with `/` separators.
pub fn repository_path(path: &str) -> String {
    let p = std::path::Path::new(path);
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let abs = abs.canonicalize().unwrap_or(abs);
    crate::check::relative_to(&abs, repository_root())
        .filter(|r| !r.starts_with(".."))
        .unwrap_or(abs)
        .to_string_lossy()
        .replace('\\', "/")
}
