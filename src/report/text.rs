//! `--format text`: `path:line:col: SEVERITY CODE message`, the source line with the span
//! underlined, and a help line, the way compilers show errors.

use super::positions;
use crate::check::{by_severity, FileReport};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{ceil_char_boundary, floor_char_boundary, SourceFile};
use std::fmt::Write;
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    fn severity(&self, s: Severity) -> String {
        self.paint(severity_color(s), s.as_str())
    }
}

pub fn diagnostic(out: &mut String, path: &str, d: &Diagnostic, source: &SourceFile, style: Style) {
    let (start, end) = positions(source, d.span);
    let _ = writeln!(
        out,
        "{}:{}:{}: {} {} {}",
        style.paint("1", path),
        start.line,
        start.column,
        style.severity(d.severity),
        style.paint("1", d.rule.code),
        d.message
    );
    let text = &source.text;
    let line_idx = start.line - 1;
    let line_span = source.lines.line_span(text, line_idx);
    let line = &text[line_span.range()];
    let gutter = start.line.to_string().len();
    let pad = " ".repeat(gutter);
    let bar = style.paint("34", "|");
    let _ = writeln!(out, "{pad} {bar}");
    let shown = line.replace('\t', "    ");
    let _ = writeln!(
        out,
        "{} {bar} {}",
        style.paint("34", &start.line.to_string()),
        shown
    );
    let from = floor_char_boundary(line, d.span.start.saturating_sub(line_span.start));
    let to = if end.line == start.line {
        ceil_char_boundary(line, d.span.end.saturating_sub(line_span.start))
    } else {
        line.len()
    };
    let lead = UnicodeWidthStr::width(line[..from].replace('\t', "    ").as_str());
    let width =
        UnicodeWidthStr::width(line[from..to.max(from)].replace('\t', "    ").as_str()).max(1);
    let _ = writeln!(
        out,
        "{pad} {bar} {}{}",
        " ".repeat(lead),
        style.paint(severity_color(d.severity), &"^".repeat(width))
    );
    if let Some(help) = &d.help {
        let _ = writeln!(
            out,
            "{pad} {} {}",
            style.paint("34", "="),
            style.paint("1", "help:") + " " + help
        );
    }
    if let Some(section) = d.section {
        let _ = writeln!(
            out,
            "{pad} {} in {}",
            style.paint("34", "="),
            section.display()
        );
    }
    out.push('\n');
}

fn severity_color(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "1;35",
        Severity::High => "1;31",
        Severity::Medium => "1;33",
        Severity::Low => "1;36",
    }
}

pub fn report(reports: &[FileReport], style: Style) -> String {
    let mut out = String::new();
    for r in reports {
        if let Some(err) = &r.error {
            let _ = writeln!(
                out,
                "{}: {} {}\n",
                style.paint("1", &r.path),
                style.paint("1;31", "error:"),
                err
            );
            continue;
        }
        if let Some(source) = &r.source {
            for d in &r.diagnostics {
                diagnostic(&mut out, &r.path, d, source, style);
            }
        }
    }
    out.push_str(&summary(reports));
    out
}

pub fn summary(reports: &[FileReport]) -> String {
    let total: usize = reports.iter().map(|r| r.diagnostics.len()).sum();
    let errors = reports.iter().filter(|r| r.error.is_some()).count();
    let files = reports.len();
    let plural = |n: usize, w: &str| {
        if n == 1 {
            format!("{n} {w}")
        } else {
            format!("{n} {w}s")
        }
    };
    let mut s = if total == 0 {
        format!("No findings in {}.", plural(files, "file"))
    } else {
        let parts: Vec<String> = by_severity(reports)
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(sev, n)| format!("{n} {sev}"))
            .collect();
        format!(
            "Found {} ({}) in {}.",
            plural(total, "finding"),
            parts.join(", "),
            plural(files, "file")
        )
    };
    if errors > 0 {
        let _ = write!(s, " {} could not be read.", plural(errors, "file"));
    }
    s.push('\n');
    s
}
