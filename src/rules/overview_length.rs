use crate::diagnostic::Finding;
use crate::model::SectionKind;
use crate::rules::Context;

declare_rule! {
    /// The Feature Overview is shorter than 2 or longer than 8 sentences.
    ///
    /// The overview says what the feature does for users and why it matters, in 2 to 8
    /// sentences; anything longer belongs in the design document. Sentences are counted at
    /// `.`, `!` and `?` followed by a space and a capital letter (or the end), so version
    /// numbers (`4.22`) and abbreviations (`e.g.`, `i.e.`, `vs.`) do not split sentences.
    ///
    /// Fix: shorten or extend the overview to 2–8 sentences.
    code: "STP110",
    name: "overview-length",
    spec: ["OVW-1"],
    severity: Medium,
    fixable: false,
    check: check,
}

/// Counts sentences in prose.
pub fn count_sentences(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let mut count = 0;
    let mut has_words = false;
    for (i, c) in chars.iter().enumerate() {
        if c.is_alphanumeric() {
            has_words = true;
        }
        if !matches!(c, '.' | '!' | '?') || !has_words {
            continue;
        }
        let next = chars.get(i + 1);
        let after = chars[i + 1..]
            .iter()
            .find(|c| !c.is_whitespace() && !matches!(c, '*' | '_' | '"' | ')'));
        let ends = match next {
            None => true,
            Some(n) if n.is_whitespace() || matches!(n, '*' | '_' | '"' | ')') => {
                after.is_none_or(|a| a.is_uppercase() || a.is_ascii_digit())
            }
            _ => false,
        };
        let word: String = chars[..i]
            .iter()
            .rev()
            .take_while(|c| c.is_alphanumeric() || **c == '.')
            .collect();
        let word: String = word.chars().rev().collect::<String>().to_lowercase();
        let abbreviation = matches!(
            word.as_str(),
            "e.g" | "i.e" | "vs" | "etc" | "approx" | "incl" | "e" | "i" | "cf" | "no"
        );
        if ends && !abbreviation {
            count += 1;
            has_words = false;
        }
    }
    count + usize::from(has_words)
}

fn check(ctx: &Context) -> Vec<Finding> {
    let Some(overview) = &ctx.stp.overview else {
        return Vec::new();
    };
    let n = count_sentences(&overview.text);
    if (2..=8).contains(&n) {
        return Vec::new();
    }
    let what = if n < 2 { "too short" } else { "too long" };
    let span = ctx
        .stp
        .section(SectionKind::Overview)
        .map(|s| s.span)
        .unwrap_or(overview.span);
    vec![Finding::new(
        span,
        format!(
            "Feature Overview has {n} sentence{}; {what} for 2 to 8",
            if n == 1 { "" } else { "s" }
        ),
    )
    .help("describe what the feature does for users and why it matters, in 2 to 8 sentences")]
}

#[cfg(test)]
mod tests {
    use super::count_sentences;

    #[test]
    fn counts_sentences_not_versions_or_abbreviations() {
        assert_eq!(
            count_sentences("Starting with OCP 4.22, it works. RHCOS 9.8 remains the default."),
            2
        );
        assert_eq!(
            count_sentences("Tools, e.g. virtctl, help. Another one! A third?"),
            3
        );
        assert_eq!(count_sentences("One sentence without a stop"), 1);
        assert_eq!(count_sentences(""), 0);
    }
}
