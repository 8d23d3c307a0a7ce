//! `--format text`: `path:line:col: SEVERITY CODE message`, the source line with the span
//! underlined, and a help line, the way compilers show errors.

use super::positions;
use crate::check::{by_severity, FileReport};
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::source::{ceil_char_boundary, floor_char_boundary, LineCol, SourceFile};
use std::fmt::Write;
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    pub color: bool,
    /// Under each finding, the fix it offers (`--show-fixes`).
    pub show_fixes: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        let mut out = String::with_capacity(s.len() + 12);
        self.push(&mut out, code, s);
        out
    }

    /// Appends `s` to `out` as [`Style::paint`] shows it, without a string of its own.
    fn push(&self, out: &mut String, code: &str, s: &str) {
        if self.color {
            out.push_str("\x1b[");
            out.push_str(code);
            out.push('m');
            out.push_str(s);
            out.push_str("\x1b[0m");
        } else {
            out.push_str(s);
        }
    }
}

/// Whether `--fix` fixes the finding (ruff marks it `[*]`).
fn fixable(d: &Diagnostic) -> bool {
    d.fix
        .as_ref()
        .is_some_and(|f| f.applicability == Applicability::Safe)
}

/// The first line of a finding: `path:line:col: SEVERITY CODE [*] message`.
fn headline(path: &str, d: &Diagnostic, source: &SourceFile, style: Style) -> String {
    let mut out = String::new();
    push_headline(&mut out, path, d, positions(source, d.span).0, style);
    out
}

fn push_headline(out: &mut String, path: &str, d: &Diagnostic, start: LineCol, style: Style) {
    style.push(out, "1", path);
    let _ = write!(out, ":{}:{}: ", start.line, start.column);
    style.push(out, severity_color(d.severity), d.severity.as_str());
    out.push(' ');
    style.push(out, "1", d.rule.code);
    out.push(' ');
    if fixable(d) {
        style.push(out, "36", "[*]");
        out.push(' ');
    }
    out.push_str(&d.message);
}

/// The columns `s` takes on a terminal, a tab counting four.
fn display_width(s: &str) -> usize {
    // Printable ASCII, nearly every line of a plan, is one column a byte.
    if s.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        s.len()
    } else {
        UnicodeWidthStr::width(s.replace('\t', "    ").as_str())
    }
}

fn push_repeated(out: &mut String, c: char, n: usize) {
    out.extend(std::iter::repeat_n(c, n));
}

/// A finding as compilers show errors: the headline, the source line with the span
/// underlined, and the help, section and fix lines.
pub fn diagnostic(out: &mut String, path: &str, d: &Diagnostic, source: &SourceFile, style: Style) {
    let (start, end) = positions(source, d.span);
    push_headline(out, path, d, start, style);
    out.push('\n');
    let text = &source.text;
    let line_span = source.lines.line_span(text, start.line - 1);
    let line = &text[line_span.range()];
    let line_number = start.line.to_string();
    // The gutter: as wide as the line number, then a space.
    let pad = |out: &mut String| {
        push_repeated(out, ' ', line_number.len());
        out.push(' ');
    };
    pad(out);
    style.push(out, "34", "|");
    out.push('\n');
    style.push(out, "34", &line_number);
    out.push(' ');
    style.push(out, "34", "|");
    out.push(' ');
    if line.contains('\t') {
        out.push_str(&line.replace('\t', "    "));
    } else {
        out.push_str(line);
    }
    out.push('\n');
    let from = floor_char_boundary(line, d.span.start.saturating_sub(line_span.start));
    let to = if end.line == start.line {
        ceil_char_boundary(line, d.span.end.saturating_sub(line_span.start))
    } else {
        line.len()
    };
    pad(out);
    style.push(out, "34", "|");
    out.push(' ');
    push_repeated(out, ' ', display_width(&line[..from]));
    let carets = "^".repeat(display_width(&line[from..to.max(from)]).max(1));
    style.push(out, severity_color(d.severity), &carets);
    out.push('\n');
    if let Some(help) = &d.help {
        pad(out);
        style.push(out, "34", "=");
        out.push(' ');
        style.push(out, "1", "help:");
        out.push(' ');
        out.push_str(help);
        out.push('\n');
    }
    if let Some(section) = d.section {
        pad(out);
        style.push(out, "34", "=");
        let _ = writeln!(out, " in {}", section.display());
    }
    if let (true, Some(fix)) = (style.show_fixes, &d.fix) {
        let unsafe_note = match fix.applicability {
            Applicability::Safe => "",
            Applicability::Unsafe => " (unsafe: needs --unsafe-fixes)",
        };
        pad(out);
        style.push(out, "34", "=");
        out.push(' ');
        style.push(out, "1", "fix:");
        let _ = writeln!(out, " {}{unsafe_note}", fix.title);
    }
    out.push('\n');
}

/// `--output-format concise`: one line per finding.
pub fn concise(reports: &[FileReport], style: Style) -> String {
    let mut out = String::new();
    for r in reports {
        if let Some(err) = &r.error {
            let _ = writeln!(
                out,
                "{}: {} {err}",
                style.paint("1", &r.path),
                style.paint("1;31", "error:")
            );
            continue;
        }
        if let Some(source) = &r.source {
            for d in &r.diagnostics {
                let _ = writeln!(out, "{}", headline(&r.path, d, source, style));
            }
        }
    }
    out.push_str(&summary(reports));
    out.extend(fix_hint(reports));
    out
}

/// `--statistics`: findings per rule, most frequent first, with how many `--fix` fixes.
pub fn statistics(reports: &[FileReport]) -> String {
    let mut rows: Vec<(usize, usize, &'static crate::rules::Rule, Severity)> = Vec::new();
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        let fixable = fixable(d);
        match rows.iter_mut().find(|r| r.2.code == d.rule.code) {
            Some(row) => {
                row.0 += 1;
                row.1 += usize::from(fixable);
                row.3 = row.3.max(d.severity);
            }
            None => rows.push((1, usize::from(fixable), d.rule, d.severity)),
        }
    }
    rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.2.code.cmp(b.2.code)));
    let width = rows
        .iter()
        .map(|r| r.0.to_string().len())
        .max()
        .unwrap_or(1);
    let mut out = String::new();
    for (n, fixable, rule, severity) in &rows {
        let marker = if *fixable == *n {
            "[*]"
        } else if *fixable > 0 {
            "[-]"
        } else {
            "   "
        };
        let _ = writeln!(
            out,
            "{n:>width$}  {}  {marker} {:<8} {}",
            rule.code,
            severity.as_str(),
            rule.name
        );
    }
    let fixable: usize = rows.iter().map(|r| r.1).sum();
    let total: usize = rows.iter().map(|r| r.0).sum();
    let _ = writeln!(
        out,
        "{total} finding(s) from {} rule(s); {fixable} fixable with `--fix` ([*] all, [-] some).",
        rows.len()
    );
    out
}

/// "N fixable with the `--fix` option." after the summary, when any are.
pub fn fix_hint(reports: &[FileReport]) -> Option<String> {
    let (mut safe, mut unsafe_) = (0, 0);
    for f in reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .filter_map(|d| d.fix.as_ref())
    {
        match f.applicability {
            Applicability::Safe => safe += 1,
            Applicability::Unsafe => unsafe_ += 1,
        }
    }
    match (safe, unsafe_) {
        (0, 0) => None,
        (s, 0) => Some(format!("[*] {s} fixable with the `--fix` option.\n")),
        (0, u) => Some(format!(
            "{u} fix(es) available with `--fix --unsafe-fixes` (they change what the text says).\n"
        )),
        (s, u) => Some(format!(
            "[*] {s} fixable with the `--fix` option ({u} more with `--unsafe-fixes`).\n"
        )),
    }
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
    // Files are rendered in parallel (positions and underlines are per file), then joined in
    // order.
    let parts: Vec<String> = crate::check::map_files(reports, |r| {
        let mut out = String::new();
        if let Some(err) = &r.error {
            let _ = writeln!(
                out,
                "{}: {} {}\n",
                style.paint("1", &r.path),
                style.paint("1;31", "error:"),
                err
            );
        } else if let Some(source) = &r.source {
            for d in &r.diagnostics {
                diagnostic(&mut out, &r.path, d, source, style);
            }
        }
        out
    });
    let mut out = String::with_capacity(parts.iter().map(String::len).sum::<usize>() + 256);
    for part in parts {
        out.push_str(&part);
    }
    out.push_str(&summary(reports));
    out.extend(fix_hint(reports));
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
