//! Rendering the files `stp` writes (plans, test stubs) from the templates in `templates/`,
//! embedded at build time, with minijinja; and the text shaping those files share.

/// Renders `source` (registered as `name`) with block tags on their own lines trimmed, and an
/// error for any variable the context lacks.
pub fn render(name: &str, source: &str, context: minijinja::Value) -> Result<String, String> {
    let mut env = minijinja::Environment::new();
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .map_err(|e| e.to_string())?,
    );
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.add_template(name, source)
        .map_err(|e| format!("template {name}: {e}"))?;
    env.get_template(name)
        .and_then(|t| t.render(context))
        .map_err(|e| format!("template {name}: {e}"))
}

/// A serialisable value as a template context.
pub fn context<T: serde::Serialize>(value: &T) -> minijinja::Value {
    minijinja::Value::from(minijinja::value::Serde(value))
}

/// "Deploy a VM" -> "deploy a VM", for a clause after "that"; acronyms and names (`VMs`,
/// `OpenShift`) stay as written.
pub fn lower_first(text: &str) -> String {
    let first_word = text.split_whitespace().next().unwrap_or("");
    let mut chars = first_word.chars();
    let plain = chars.next().is_some_and(char::is_uppercase) && chars.all(char::is_lowercase);
    if !plain {
        return text.to_string();
    }
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_first_keeps_acronyms() {
        assert_eq!(lower_first("Deploy a VM"), "deploy a VM");
        assert_eq!(lower_first("A node"), "a node");
        assert_eq!(lower_first("VMs keep running"), "VMs keep running");
        assert_eq!(lower_first("OpenShift nodes"), "OpenShift nodes");
    }

    #[test]
    fn missing_variables_are_errors() {
        let err = render("t.md", "{{ nothing }}", context(&serde_json::json!({}))).unwrap_err();
        assert!(err.contains("t.md"), "{err}");
    }
}
