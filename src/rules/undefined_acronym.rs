use crate::diagnostic::Finding;
use crate::lexicon::KNOWN_ACRONYMS;
use crate::prose::{tokens, Token};
use crate::rules::Context;
use crate::text::Text;

declare_rule! {
    /// A feature-specific acronym is used but not defined in Document Conventions.
    ///
    /// Readers outside the feature team meet acronyms such as FG or CCLM for the first time in
    /// the plan. The rule collects words of 2 to 6 capital letters (not Roman numerals, not
    /// English words in capitals, not names with digits such as lab sites) from the plan's
    /// prose (overview, requirements, limitations, design review, goals, scope, strategy,
    /// risks, scenarios), leaves out Jira keys, code
    /// and links, and the acronyms every reader knows (`data/lexicon/known-acronyms.txt`),
    /// and fires once per acronym, at its first use, when neither Document Conventions nor
    /// the text itself expands it (an expansion is the acronym in parentheses after its
    /// words, or the words in parentheses after it).
    ///
    /// Blind spots: the known-acronym list is a judgement; an acronym defined in a linked
    /// document still fires.
    ///
    /// Fix: add `**ACR**: what it stands for` to Document Conventions.
    code: "STP121",
    name: "undefined-acronym",
    spec: ["META-6"],
    severity: Low,
    fixable: false,
    check: check,
}

/// Two to six capital letters, not a Roman numeral (`II`, `IV`) and not an English word
/// written in capitals for emphasis (`NOT`, `FOR`).
fn is_acronym(word: &str) -> bool {
    let b = word.as_bytes();
    (2..=6).contains(&b.len())
        && b.iter().all(|c| c.is_ascii_uppercase())
        && !b.iter().all(|c| matches!(c, b'I' | b'V' | b'X'))
        && !crate::lexicon::ENGLISH.contains_lowercase(word)
}

/// Where two ASCII capitals first stand side by side in `text`: the first one's offset.
fn first_capital_pair(text: &str) -> Option<usize> {
    // Eight bytes at once: most texts (the whole prose of a plan is scanned) have no
    // capital pair at all.
    let capitals = |x: u64| crate::prose::ascii_bytes_in(x, b'A', b'Z');
    let bytes = text.as_bytes();
    let mut chunks = bytes.chunks_exact(8);
    let mut last_was_capital = false;
    for (k, chunk) in (&mut chunks).enumerate() {
        let caps = capitals(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
        // The previous chunk's last byte and this one's first, else byte `i` and `i + 1`
        // (the next higher one, little-endian).
        if last_was_capital && caps & 0x80 != 0 {
            return Some(8 * k - 1);
        }
        let pairs = caps & (caps >> 8);
        if pairs != 0 {
            return Some(8 * k + pairs.trailing_zeros() as usize / 8);
        }
        last_was_capital = caps >> 63 != 0;
    }
    let rest = bytes.len() - chunks.remainder().len();
    for (i, &b) in chunks.remainder().iter().enumerate() {
        let capital = b.is_ascii_uppercase();
        if capital && last_was_capital {
            return Some(rest + i - 1);
        }
        last_was_capital = capital;
    }
    None
}

/// The tokens of `text` (as `prose::text_tokens` finds them) that hold two capitals side by
/// side, found from the capitals rather than by reading every token: white space never
/// stands inside a token, and a token ends where the scan would start again, so tokenising
/// from the last white space before a pair (or the last such token's end) finds the same
/// token as reading the whole text.
fn tokens_with_capital_pairs(text: &str) -> impl Iterator<Item = Token<'_>> {
    let mut from = 0;
    std::iter::from_fn(move || {
        let pair = from + first_capital_pair(&text[from..])?;
        let restart = text[from..pair]
            .rfind(|c: char| c.is_ascii_whitespace())
            .map_or(from, |i| from + i + 1);
        let token = tokens(&text[restart..])
            .map(|t| Token {
                start: restart + t.start,
                text: t.text,
            })
            .find(|t| t.start + t.text.len() > pair)?;
        from = token.start + token.text.len();
        Some(token)
    })
}

fn prose(stp: &crate::model::Stp) -> Vec<&Text> {
    let mut out = stp.user_facing_texts();
    for item in stp.requirements.iter().chain(&stp.design_review) {
        out.extend(item.texts());
    }
    for c in stp
        .known_limitations
        .items
        .iter()
        .chain(&stp.test_limitations.items)
    {
        out.push(&c.text);
    }
    for item in &stp.out_of_scope.items {
        out.push(&item.title);
        out.extend(item.rationale.iter().flat_map(|f| f.texts()));
    }
    for item in &stp.strategy {
        out.extend(item.detail_texts());
    }
    for risk in stp.risks.iter().flat_map(|c| &c.risks) {
        out.extend(
            risk.risk
                .iter()
                .chain(&risk.mitigation)
                .flat_map(|f| f.texts()),
        );
    }
    out
}

fn check(ctx: &Context) -> Vec<Finding> {
    let stp = ctx.stp;
    let defined = stp
        .conventions
        .as_ref()
        .map(|c| c.full_text())
        .unwrap_or_default();
    let texts = prose(stp);
    // Joined only when an acronym needs looking up in it.
    let everything = std::cell::OnceCell::new();
    let everything = || {
        everything.get_or_init(|| {
            texts
                .iter()
                .map(|t| t.text.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        })
    };
    let mut seen: std::collections::HashSet<&str, crate::prose::FastHash> = Default::default();
    let mut out = Vec::new();
    for &text in &texts {
        // An acronym is two capitals in a row at least: most texts and words have none.
        for token in tokens_with_capital_pairs(&text.text) {
            // `SR-IOV`, `IPv6`: parts of joined tokens are judged as written.
            for part in token.text.split(['-', '.', '_', '\'', '’']) {
                if seen.contains(part) || !is_acronym(part) {
                    continue;
                }
                seen.insert(part);
                let range = {
                    let offset = part.as_ptr() as usize - text.text.as_ptr() as usize;
                    offset..offset + part.len()
                };
                if text.in_code(&range)
                    || text.links.iter().any(|l| {
                        l.text_range.start <= range.start
                            && range.end <= l.text_range.end
                            && crate::recognise::is_jira_key(&text.text[l.text_range.clone()])
                    })
                    || crate::recognise::is_jira_key(token.text)
                    || KNOWN_ACRONYMS.contains(part)
                    || KNOWN_ACRONYMS.contains(part.trim_end_matches('S'))
                    || crate::prose::find_phrase(&defined, part).is_some()
                    || everything().contains(&format!("({part})"))
                    || everything().contains(&format!("{part} ("))
                {
                    continue;
                }
                out.push(
                    Finding::new(
                        text.source_span(range),
                        format!("acronym '{part}' is not defined in Document Conventions"),
                    )
                    .help(format!(
                        "add `**{part}**: <what it stands for>` to Document Conventions"
                    )),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{first_capital_pair, tokens_with_capital_pairs};

    fn has_capital_pair(text: &str) -> bool {
        let found = first_capital_pair(text);
        assert_eq!(found, reference_pair(text), "{text:?}");
        found.is_some()
    }

    fn reference_pair(text: &str) -> Option<usize> {
        text.as_bytes()
            .windows(2)
            .position(|w| w[0].is_ascii_uppercase() && w[1].is_ascii_uppercase())
    }

    fn reference(text: &str) -> bool {
        reference_pair(text).is_some()
    }

    #[test]
    fn tokens_with_capital_pairs_are_those_of_the_whole_text() {
        let texts = [
            "the VM and the SR-IOV NIC (see CNV-1234) run KubeVirt's VMIs",
            "ABC",
            "a.B.CD e'FG ’HI’ x-YZ-w q_RS_t end",
            "long-run-of-JOINED.words_AND.MORE then A B C, then éÉAB and ÀBCD",
            "VMs\nNICs\tGPUs  PCIe",
            "",
            "no pairs here",
        ];
        for text in texts {
            let expected: Vec<_> = crate::prose::tokens(text)
                .filter(|t| reference(t.text))
                .collect();
            let found: Vec<_> = tokens_with_capital_pairs(text).collect();
            assert_eq!(found, expected, "{text:?}");
        }
    }

    #[test]
    fn capital_pairs_are_found_at_every_position() {
        // Pairs at each offset across the eight-byte chunks, single capitals beside bytes
        // just outside A-Z (`@`, `[`), and non-ASCII letters that are not capitals.
        let fillers = ["a", "@", "[", "é", "Ä", "z", " "];
        for len in 0..20 {
            for filler in fillers {
                let base: String = filler.repeat(len);
                assert_eq!(has_capital_pair(&base), reference(&base), "{base:?}");
                for at in 0..=base.len() {
                    for insert in ["AB", "A", "Z@", "@Z", "ZA"] {
                        if !base.is_char_boundary(at) {
                            continue;
                        }
                        let text = format!("{}{insert}{}", &base[..at], &base[at..]);
                        assert_eq!(has_capital_pair(&text), reference(&text), "{text:?}");
                    }
                }
            }
        }
        assert!(has_capital_pair("the VM runs"));
        assert!(!has_capital_pair("The Vm runs"));
    }
}
