//! `--format github`: GitHub Actions workflow commands, so findings show up as annotations on
//! the pull request's diff.

use super::positions;
use crate::check::FileReport;
use crate::diagnostic::Severity;
use std::fmt::Write;

fn command(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "notice",
    }
}

/// Escapes a message (data) for a workflow command.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (file, title) for a workflow command.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn report(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for r in reports {
        if let Some(err) = &r.error {
            let _ = writeln!(out, "::error file={}::{}", property(&r.path), data(err));
            continue;
        }
        let Some(source) = &r.source else { continue };
        for d in &r.diagnostics {
            let (s, e) = positions(source, d.span);
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str(&format!("\nhelp: {help}"));
            }
            let _ = writeln!(
                out,
                "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                command(d.severity),
                property(&r.path),
                s.line,
                s.column,
                e.line,
                e.column,
                property(&format!("{} {} ({})", d.rule.code, d.rule.name, d.severity)),
                data(&message)
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_as_github_expects() {
        assert_eq!(super::data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(super::property("a:b,c"), "a%3Ab%2Cc");
    }
}
