//! `--format junit`: JUnit XML, which most CI systems (Jenkins, GitLab, Azure Pipelines,
//! CircleCI) read as test results: one test suite per file, one failing test case per finding
//! (an `error` for a file that could not be read), and one passing case for a clean file.

use super::positions;
use crate::check::FileReport;
use std::fmt::Write;

/// Escapes text for XML attribute values and character data, dropping characters XML 1.0
/// cannot carry.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

pub fn report(reports: &[FileReport]) -> String {
    let failures: usize = reports.iter().map(|r| r.diagnostics.len()).sum();
    let errors = reports.iter().filter(|r| r.error.is_some()).count();
    let tests: usize = reports.iter().map(|r| r.diagnostics.len().max(1)).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"stp check\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">"
    );
    for r in reports {
        let path = xml(&r.path);
        let n = r.diagnostics.len();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{n}\" errors=\"{}\" skipped=\"0\">",
            n.max(1),
            usize::from(r.error.is_some())
        );
        if let Some(err) = &r.error {
            let _ = writeln!(
                out,
                "    <testcase name=\"read\" classname=\"{path}\" file=\"{path}\">\n      <error message=\"{}\">{}</error>\n    </testcase>",
                xml(err),
                xml(err)
            );
        } else if n == 0 {
            let _ = writeln!(
                out,
                "    <testcase name=\"no findings\" classname=\"{path}\" file=\"{path}\"/>"
            );
        }
        if let Some(source) = &r.source {
            for d in &r.diagnostics {
                let (s, _) = positions(source, d.span);
                let mut body = format!(
                    "{}:{}:{}: {} {}",
                    r.path, s.line, s.column, d.severity, d.message
                );
                if let Some(help) = &d.help {
                    body.push_str(&format!("\nhelp: {help}"));
                }
                if let Some(section) = d.section {
                    body.push_str(&format!("\nin {}", section.display()));
                }
                let _ = writeln!(
                    out,
                    "    <testcase name=\"{} {} (line {})\" classname=\"{path}\" file=\"{path}\" line=\"{}\">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>",
                    d.rule.code,
                    d.rule.name,
                    s.line,
                    s.line,
                    xml(&d.message),
                    d.severity,
                    xml(&body)
                );
            }
        }
        let _ = writeln!(out, "  </testsuite>");
    }
    out.push_str("</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_and_drops_control_characters() {
        assert_eq!(
            super::xml("<a href=\"x\">&'\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;"
        );
    }
}
