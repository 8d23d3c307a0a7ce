//! `--format review`: a Markdown review, grouped by file, section and severity, the way a
//! reviewer writes one — ready to paste into a pull request comment.

use super::positions;
use crate::check::{by_severity, FileReport};
use crate::diagnostic::Diagnostic;
use std::fmt::Write;

/// Text quoted from a plan or a rule, made inert for GitHub's Markdown: outside code spans,
/// characters that would start markup (`<role>` as an HTML tag, `![..](..)` as an image,
/// `*`, `_`, `[`) are escaped, and `@handle` becomes code so nobody is notified.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let text = quiet_mentions(text);
    // An unpaired backtick opens no code span: escape it and everything else.
    let paired = text.matches('`').count() % 2 == 0;
    for (i, part) in text.split('`').enumerate() {
        if i > 0 {
            out.push_str(if paired { "`" } else { "\\`" });
        }
        if paired && i % 2 == 1 {
            // Inside a code span: literal already.
            out.push_str(part);
            continue;
        }
        for c in part.chars() {
            match c {
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '\\' | '*' | '_' | '[' | ']' | '!' | '|' | '~' | '#' => {
                    out.push('\\');
                    out.push(c);
                }
                '\n' => out.push(' '),
                c => out.push(c),
            }
        }
    }
    out
}

/// `@handle` would notify that person when the review is pasted; show it as code instead.
fn quiet_mentions(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut in_code = false;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '`' {
            in_code = !in_code;
        }
        let at_word_start = i == 0 || !text[..i].ends_with(|p: char| p.is_alphanumeric());
        if c == '@'
            && !in_code
            && at_word_start
            && chars.peek().is_some_and(|(_, n)| n.is_alphanumeric())
        {
            let end = text[i + 1..]
                .find(|n: char| !(n.is_alphanumeric() || n == '-' || n == '_'))
                .map_or(text.len(), |e| i + 1 + e);
            out.push('`');
            out.push_str(&text[i..end]);
            out.push('`');
            while chars.peek().is_some_and(|(j, _)| *j < end) {
                chars.next();
            }
            continue;
        }
        out.push(c);
    }
    out
}

pub fn report(reports: &[FileReport]) -> String {
    let mut out = String::new();
    let total: usize = reports.iter().map(|r| r.diagnostics.len()).sum();
    let _ = writeln!(out, "## STP review\n");
    if total == 0 && reports.iter().all(|r| r.error.is_none()) {
        let _ = writeln!(
            out,
            "No findings in {} file(s). :white_check_mark:",
            reports.len()
        );
        return out;
    }
    let counts: Vec<String> = by_severity(reports)
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| format!("{n} {s}"))
        .collect();
    let _ = writeln!(
        out,
        "{} finding(s) in {} file(s): {}.\n",
        total,
        reports.len(),
        counts.join(", ")
    );
    let _ = writeln!(
        out,
        "CRITICAL and HIGH block approval; MEDIUM should be fixed; LOW is a suggestion.\n"
    );
    for r in reports {
        if let Some(err) = &r.error {
            let _ = writeln!(
                out,
                "### `{}`\n\nCould not be read: {}\n",
                r.path,
                escape(err)
            );
            continue;
        }
        if r.diagnostics.is_empty() {
            continue;
        }
        let Some(source) = &r.source else { continue };
        let _ = writeln!(out, "### `{}`\n", r.path);
        // Sections in document order (first finding), findings by severity then line.
        let mut groups: Vec<(String, usize, Vec<&Diagnostic>)> = Vec::new();
        for d in &r.diagnostics {
            let name = d
                .section
                .map(|s| s.display().to_string())
                .unwrap_or_else(|| "Whole document".into());
            match groups.iter_mut().find(|g| g.0 == name) {
                Some(g) => g.2.push(d),
                None => groups.push((name, d.span.start, vec![d])),
            }
        }
        groups.sort_by_key(|g| g.1);
        for (name, _, mut diags) in groups {
            diags.sort_by_key(|d| (std::cmp::Reverse(d.severity), d.span.start));
            let _ = writeln!(out, "#### {}\n", escape(&name));
            for d in diags {
                let (s, _) = positions(source, d.span);
                let _ = write!(
                    out,
                    "- **{}** {} (line {}, `{}`)",
                    d.severity,
                    escape(&d.message),
                    s.line,
                    d.rule.code
                );
                if let Some(help) = &d.help {
                    let _ = write!(out, " — {}", escape(help));
                }
                out.push('\n');
            }
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn quoted_markup_is_inert_outside_code_spans() {
        assert_eq!(
            super::escape("sign as <role>, <date> ![logo](x.png) *a* `<ok> *b*` @jdoe"),
            "sign as &lt;role&gt;, &lt;date&gt; \\!\\[logo\\](x.png) \\*a\\* `<ok> *b*` `@jdoe`"
        );
        assert_eq!(super::escape("a ` b <c>"), "a \\` b &lt;c&gt;");
        assert_eq!(super::escape("Risks & Scope"), "Risks & Scope");
    }
}
