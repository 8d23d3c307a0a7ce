use crate::diagnostic::Finding;
use crate::lexicon::{API_FIELDS, API_KINDS};
use crate::prose::{is_camel_case, text_tokens};
use crate::rules::Context;

declare_rule! {
    /// API Extensions lists many API fields: that belongs in the design document.
    ///
    /// The item names the user-facing APIs the feature adds or changes, briefly; a long
    /// inventory of fields and internal types hides the ones users touch. The rule counts
    /// distinct API identifiers in the item: inline code spans, dotted paths
    /// (`spec.template.spec`), camelCase words, and words the API lexicon knows as kinds or
    /// fields (`data/lexicon/`). Ten or more fire.
    ///
    /// Blind spots: identifiers written as plain words ("run strategy") are not counted; a
    /// list of ten user-facing kinds would be flagged although it may be fine.
    ///
    /// Fix: keep the user-facing APIs (typically a few kinds and their key fields) and link
    /// the design document for the rest.
    code: "STP223",
    name: "api-extensions-list",
    spec: ["TDR-3"],
    severity: Medium,
    fixable: false,
    check: check,
}

/// How many identifiers make a list too long.
const TOO_MANY: usize = 10;

fn check(ctx: &Context) -> Vec<Finding> {
    let Some(item) = ctx.stp.design_item(&["api"]) else {
        return Vec::new();
    };
    let mut identifiers: Vec<String> = Vec::new();
    for text in item.texts() {
        for code in &text.code {
            identifiers.push(text.text[code.clone()].trim().to_string());
        }
        for token in text_tokens(text) {
            if text.in_code(&token.range()) {
                continue;
            }
            let t = token.text;
            let dotted = t.contains('.')
                && t.split('.')
                    .all(|p| p.chars().next().is_some_and(char::is_alphabetic));
            if dotted || is_camel_case(t) || API_KINDS.contains(t) || API_FIELDS.contains(t) {
                identifiers.push(t.to_string());
            }
        }
    }
    identifiers.sort();
    identifiers.dedup();
    if identifiers.len() < TOO_MANY {
        return Vec::new();
    }
    vec![Finding::new(
        item.name.span,
        format!(
            "API Extensions lists {} API identifiers; keep the user-facing ones",
            identifiers.len()
        ),
    )
    .help("name the user-facing APIs briefly and link the design document for the field list")]
}
