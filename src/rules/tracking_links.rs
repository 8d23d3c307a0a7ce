use crate::diagnostic::Finding;
use crate::model::SectionKind;
use crate::recognise::{find_placeholders, jira_keys};
use crate::rules::Context;

declare_rule! {
    /// Feature Tracking or Epic Tracking does not link a Jira issue.
    ///
    /// Feature Tracking names the feature-level Jira (older plans call it "Feature in Jira");
    /// Epic Tracking names the feature's epic ("Jira Tracking" in older plans). Reviewers follow
    /// both to compare the plan with the requested feature, so each must hold a Jira key or a
    /// link to one (`CNV-12345`, `VIRTSTRAT-480`, a `/browse/` URL). A missing field is reported
    /// at the metadata heading.
    ///
    /// Feature Tracking may instead explain why there is no feature issue ("N/A - not a new
    /// feature; work is tracked under the epic"); Epic Tracking has no such exception.
    ///
    /// Blind spot: a key of the wrong kind (the QE task instead of the epic) cannot be told
    /// apart from the right one.
    ///
    /// Fix: link the issue, e.g. `[CNV-12345](https://issues.redhat.com/browse/CNV-12345)`.
    code: "STP102",
    name: "tracking-links",
    spec: ["META-2"],
    severity: High,
    fixable: false,
    check: check,
}

fn check(ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for (name, keys) in [
        (
            "Feature Tracking",
            &["feature tracking", "feature in jira"][..],
        ),
        ("Epic Tracking", &["epic tracking", "jira tracking"][..]),
    ] {
        match ctx.stp.metadata_field(keys) {
            None => out.push(
                Finding::new(
                    ctx.anchor(SectionKind::Metadata),
                    format!("Metadata has no {name} field"),
                )
                .help(format!("add `- **{name}:**` with a link to the Jira issue")),
            ),
            Some(field) => {
                let text = field.full_text();
                let urls = field.value.links.iter().map(|l| l.url.as_str());
                let has_key = jira_keys(&text).next().is_some()
                    || urls.clone().any(|u| jira_keys(u).next().is_some());
                // "N/A - not a new feature; tracked under the epic" explains a missing feature
                // issue; the epic itself is always needed.
                let justified = name == "Feature Tracking"
                    && text.to_lowercase().starts_with("n/a")
                    && text.split_whitespace().count() >= 5;
                if !has_key && !justified && find_placeholders(&field.value).is_empty() {
                    out.push(
                        Finding::new(field.span, format!("{name} does not link a Jira issue"))
                            .help("write the Jira key or link, e.g. [CNV-12345](https://issues.redhat.com/browse/CNV-12345)"),
                    );
                }
            }
        }
    }
    out
}
