use crate::diagnostic::Finding;
use crate::model::entries::label_key;
use crate::recognise::{find_placeholders, is_empty_value};
use crate::rules::Context;

declare_rule! {
    /// Topology Considerations does not state the cluster requirement and its impact on the
    /// test design.
    ///
    /// The item has two parts: the topology the tests need (standard multi-node, SNO,
    /// compact, multi-cluster, a network layout) and what that means for the tests. In the
    /// list layout the requirement must say more than "None"/"N/A" and the impact must be
    /// answered ("None" is an answer there); in the table layout the details cell must not be
    /// empty.
    ///
    /// Fix: write e.g. "Requirements: any multi-node cluster; Impact: migration tests need two
    /// workers".
    code: "STP221",
    name: "topology-impact",
    spec: ["TDR-4"],
    severity: Medium,
    fixable: false,
    check: check,
}

fn check(ctx: &Context) -> Vec<Finding> {
    let Some(item) = ctx
        .stp
        .design_review
        .iter()
        .find(|i| label_key(&i.name.text).contains("topology"))
    else {
        return Vec::new();
    };
    let empty = |f: &crate::model::Field| {
        let t = f.full_text();
        is_empty_value(&t) && find_placeholders(&f.value).is_empty()
    };
    let mut missing = Vec::new();
    if item.in_table {
        if item.fields.iter().all(empty) && item.comments.is_none() {
            missing.push("its details");
        }
    } else {
        let requirement = item
            .fields
            .iter()
            .find(|f| f.key.contains("topology") || f.key.contains("requirement"));
        let impact = item.fields.iter().find(|f| f.key.contains("impact"));
        if requirement.is_none_or(empty) && item.lines.iter().all(|l| is_empty_value(&l.text)) {
            missing.push("the cluster requirement");
        }
        // "Impact: None" is an answer; only a missing or blank impact is reported.
        if impact.is_none_or(|f| f.value.is_blank() && f.items.is_empty()) {
            missing.push("the impact on test design");
        }
    }
    if missing.is_empty() {
        return Vec::new();
    }
    let span = item.mark.as_ref().map(|m| m.span).unwrap_or(item.name.span);
    vec![Finding::new(
        span,
        format!(
            "Topology Considerations does not state {}",
            missing.join(" or ")
        ),
    )
    .help("name the cluster topology the tests need and how it shapes the tests")]
}
