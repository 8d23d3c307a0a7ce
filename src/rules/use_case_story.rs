use crate::diagnostic::Finding;
use crate::model::entries::label_key;
use crate::recognise::{find_placeholders, is_empty_value, is_user_story};
use crate::rules::Context;
use crate::text::Text;

declare_rule! {
    /// A customer use case is not written as a user story.
    ///
    /// Use cases under "Understand Value and Customer Use Cases" (or the "Customer Use Cases"
    /// row of the older table) read "As a <role>, I want <action> [so that <benefit>]" — the
    /// form that keeps the plan on what users experience. A label before the story (`UC1:`)
    /// or quotation marks around it are fine. Each use case that does not start that way is
    /// reported; in the older table, a row whose Comments hold a story is fine.
    ///
    /// Fix: rewrite it as "As a cluster admin, I want ..., so that ...".
    code: "STP202",
    name: "use-case-user-story",
    spec: ["REQ-3"],
    severity: High,
    fixable: false,
    check: check,
}

fn use_cases(ctx: &Context) -> Vec<Text> {
    let mut out = Vec::new();
    for item in &ctx.stp.requirements {
        let name = label_key(&item.name.text);
        if !name.contains("use case") {
            continue;
        }
        if item.in_table {
            // A row whose author column holds a story is done: its other column is the
            // older template's guidance.
            let lines: Vec<Text> = item
                .fields
                .iter()
                .flat_map(|f| f.value.lines())
                .chain(item.comments.iter().flat_map(Text::lines))
                .collect();
            if !lines.iter().any(|t| is_user_story(&t.text)) {
                out.extend(item.fields.iter().flat_map(|f| f.value.lines()));
            }
            continue;
        }
        for f in item.fields.iter().filter(|f| f.key.contains("use case")) {
            if f.items.is_empty() {
                out.push(f.value.clone());
            } else {
                out.extend(f.items.iter().cloned());
            }
        }
    }
    out
}

fn check(ctx: &Context) -> Vec<Finding> {
    use_cases(ctx)
        .into_iter()
        .filter(|t| !t.is_blank() && !is_empty_value(&t.text) && find_placeholders(t).is_empty())
        .filter(|t| !is_user_story(&t.text))
        .map(|t| {
            Finding::new(t.span, "customer use case is not a user story")
                .help("write it as \"As a <role>, I want <action>\", with \"so that <benefit>\" if it helps")
        })
        .collect()
}
