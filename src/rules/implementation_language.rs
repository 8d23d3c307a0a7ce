use crate::diagnostic::Finding;
use crate::lexicon::{API_FIELDS, API_KINDS, COMPONENTS, FEATURE_GATES, KIND_WORDING, MECHANISMS};
use crate::prose::{find_phrase, is_camel_case, mentioned, text_tokens};
use crate::rules::Context;
use crate::source::Span;
use crate::text::Text;

declare_rule! {
    /// User-facing text uses implementation terms: API kinds or fields, internal component
    /// names, feature gates or implementation mechanisms.
    ///
    /// A plan describes what users experience; "verify the DataImportCron creates a
    /// DataSource" tells a reviewer how the product works inside, not what a user sees. The
    /// rule reads the Feature Overview, requirement and use-case details, acceptance
    /// criteria, testing goals (GOAL-3's language half), scenario summaries and scenarios.
    /// It fires on words found in the lexicon shipped in `data/lexicon/` (derived from the
    /// public KubeVirt, CDI, HCO, Forklift, network and Kubernetes API schemas and the
    /// projects' component names): resource kinds with two or more capitalised parts
    /// (`VirtualMachineInstance`), camelCase field names (`runStrategy`; any camelCase word
    /// counts), dotted API paths (`spec.running`), feature gates, internal components
    /// (`virt-launcher`, `virt-handler`), and mechanism words (webhook, controller,
    /// reconcile, finalizer, CRD). Plain words that are also user vocabulary ("VM",
    /// "snapshot", "migration", "template", "network") are not in the lexicon and never fire.
    /// API terms are fine in Document Conventions, API Extensions, Test Environment, Tools
    /// and Sign-off, which the rule does not read. Each term is reported once per text, with
    /// user-level wording when the lexicon has one.
    ///
    /// Blind spots: implementation described in plain words ("the pod is recreated") is
    /// missed; a kind named in a user story because users really edit it is flagged.
    ///
    /// Fix: say what the user does or sees, e.g. "the VM keeps running" rather than "the
    /// VirtualMachineInstance is not recreated".
    code: "STP501",
    name: "implementation-language",
    spec: ["LANG-1", "GOAL-3"],
    severity: Medium,
    fixable: false,
    check: check,
}

struct Hit {
    span: Span,
    term: String,
    what: &'static str,
    wording: Option<&'static str>,
}

/// A dotted API path such as `spec.template.spec.domain`: two or more identifier parts.
fn is_api_path(token: &str) -> bool {
    if !token.as_bytes().contains(&b'.') {
        return false;
    }
    let parts: Vec<&str> = token.split('.').collect();
    parts.len() >= 2
        && parts.iter().all(|p| {
            p.len() >= 2
                && p.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && p.chars().all(|c| c.is_ascii_alphanumeric())
        })
        && parts.iter().any(|p| {
            matches!(*p, "spec" | "status" | "metadata")
                || is_camel_case(p)
                || API_FIELDS.contains(p)
        })
}

/// A token with no dot, no hyphen and no capital after its first letter: no API path, kind,
/// field, gate or component (each needs one of them), and most of the words of prose. One
/// pass over its bytes tells, where the questions one by one would search it three times.
fn is_plain_word(token: &str) -> bool {
    token
        .bytes()
        .skip(1)
        .all(|b| !matches!(b, b'.' | b'-' | b'A'..=b'Z'))
}

fn word_hit(word: &str) -> Option<(&'static str, Option<&'static str>)> {
    // Kinds, fields and gates all have a capital after the first letter; components a hyphen.
    let inner_capital = word.bytes().skip(1).any(|b| b.is_ascii_uppercase());
    if !inner_capital {
        return (word.as_bytes().contains(&b'-'))
            .then(|| COMPONENTS.get_lowercase(word))
            .flatten()
            .map(|wording| {
                (
                    "an internal component",
                    (!wording.is_empty()).then_some(wording),
                )
            });
    }
    if API_KINDS.contains(word) {
        let wording = KIND_WORDING.get(word).filter(|w| !w.is_empty());
        return Some(("an API kind", wording));
    }
    if FEATURE_GATES.contains(word) {
        return Some(("a feature gate", Some("the feature being enabled")));
    }
    (API_FIELDS.contains(word) || is_camel_case(word)).then_some(("an API field", None))
}

/// The phrases of [`MECHANISMS`], as one list (its searchers set up once).
static MECHANISM_PHRASES: std::sync::LazyLock<Vec<&'static str>> =
    std::sync::LazyLock::new(|| MECHANISMS.iter().map(|(phrase, _)| phrase).collect());

fn hits(text: &Text) -> Vec<Hit> {
    let mut out: Vec<Hit> = Vec::new();
    for token in text_tokens(text) {
        // A token ends with a letter or digit (joiners stand only between them).
        let t = token.text;
        if is_plain_word(t) {
            continue;
        }
        let found = if is_api_path(t) {
            Some((t, "an API path", None))
        } else {
            // Words joined by dots are judged whole, then part by part (a token has no
            // `/`; without a dot, its one part is the token).
            let whole = word_hit(t).map(|(what, wording)| (t, what, wording));
            whole.or_else(|| {
                t.as_bytes()
                    .contains(&b'.')
                    .then(|| {
                        t.split('.')
                            .find_map(|w| word_hit(w).map(|(what, wording)| (w, what, wording)))
                    })
                    .flatten()
            })
        };
        if let Some((term, what, wording)) = found {
            let offset = term.as_ptr() as usize - text.text.as_ptr() as usize;
            out.push(Hit {
                span: text.source_span(offset..offset + term.len()),
                term: term.to_string(),
                what,
                wording,
            });
        }
    }
    // Most texts name no mechanism: one search of the whole list says so.
    if !mentioned([text], &MECHANISM_PHRASES) {
        return sorted_first_uses(out);
    }
    let lower = text.text.to_ascii_lowercase();
    for (phrase, wording) in MECHANISMS.iter() {
        if let Some(range) = find_phrase(&lower, phrase) {
            let span = text.source_span(range.clone());
            // `virt-controller` is already reported as a component.
            if out.iter().any(|h| h.span.contains(span)) {
                continue;
            }
            out.push(Hit {
                span,
                term: text.text[range].to_string(),
                what: "an implementation mechanism",
                wording: (!wording.is_empty()).then_some(wording),
            });
        }
    }
    sorted_first_uses(out)
}

/// The hits in text order, each term only at its first use.
fn sorted_first_uses(mut out: Vec<Hit>) -> Vec<Hit> {
    out.sort_by_key(|h| h.span.start);
    let mut seen: Vec<String> = Vec::new();
    out.retain(|h| {
        let fresh = !seen.contains(&h.term);
        seen.push(h.term.clone());
        fresh
    });
    out
}

fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for text in ctx.stp.user_facing_texts() {
        for hit in hits(text) {
            let help = match hit.wording {
                Some(w) => format!("say what the user sees, e.g. \"{w}\""),
                None => "say what the user does or sees instead".to_string(),
            };
            out.push(
                Finding::new(
                    hit.span,
                    format!("'{}' is {} in user-facing text", hit.term, hit.what),
                )
                .help(help),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_words_are_never_hits() {
        for token in [
            "virtual", "Machine", "webhook", "über", "Ärger", "v2", "CNV", "Pod", "launcher",
        ] {
            let plain = is_plain_word(token);
            let hit = is_api_path(token) || word_hit(token).is_some();
            assert!(!(plain && hit), "{token}");
        }
        for token in [
            "VirtualMachine",
            "spec.running",
            "virt-launcher",
            "runStrategy",
            "e.g",
        ] {
            assert!(!is_plain_word(token), "{token}");
        }
        assert!(is_plain_word("Machine") && is_plain_word("über"));
    }
}
