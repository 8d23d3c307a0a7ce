use super::reviewers_listed::{incomplete_people, with_owners_handles};
use crate::diagnostic::{Finding, Severity};
use crate::model::SectionKind;
use crate::rules::Context;

declare_rule! {
    /// Approvers do not include a QE lead, a product manager and a development lead, or lack
    /// names and handles.
    ///
    /// Roles are read from the text before the names (`QE Lead: ...`, `PM / ...`):
    /// - QE lead: "QE Lead", "QE Architect", "QE Manager";
    /// - product: "PM", "Product Manager", "Product Owner";
    /// - development: "Dev Lead", "Development Lead", "Principal Developer", "Developer",
    ///   "Engineering Lead".
    ///
    /// Approvers listed without a role cannot be counted for any of them; when none states a
    /// role, the message says so rather than that the roles are absent. When every approver
    /// line is still the template's prompt, that is `template-placeholder`'s finding, not a
    /// missing role. Approvers missing a name or a handle are reported together, at MEDIUM:
    /// the checklist asks the approvers' roles, and handles of the reviewers.
    ///
    /// Fix: add the missing approvers as `- <Role>: Name (@github-handle)`.
    code: "STP411",
    name: "approver-roles",
    spec: ["SIGN-2"],
    severity: High,
    fixable: false,
    check: check,
}

fn check(ctx: &Context) -> Vec<Finding> {
    let sign_off = &ctx.stp.sign_off;
    if !sign_off.present {
        return Vec::new();
    }
    let anchor = ctx.anchor(SectionKind::SignOff);
    if sign_off.approvers.is_empty() {
        return vec![Finding::new(anchor, "no approvers are listed")
            .help("list the QE lead, PM and development lead under `* **Approvers:**`")];
    }
    if crate::recognise::all_prompts(&sign_off.approver_lines) {
        return Vec::new();
    }
    let roles: Vec<String> = sign_off
        .approvers
        .iter()
        .filter_map(|p| p.role.as_ref())
        .map(|r| format!(" {} ", crate::model::entries::label_key(r)))
        .collect();
    let has = |pred: &dyn Fn(&str) -> bool| roles.iter().any(|r| pred(r));
    let mut missing = Vec::new();
    if !has(&|r| {
        r.contains(" qe ")
            && (r.contains(" lead ") || r.contains(" architect ") || r.contains(" manager "))
    }) {
        missing.push("QE lead");
    }
    if !has(&|r| r.contains(" pm ") || r.contains(" product ")) {
        missing.push("product manager");
    }
    if !has(&|r| {
        !r.contains(" qe ")
            && [
                " dev ",
                " developer ",
                " development ",
                " engineering ",
                " principal ",
            ]
            .iter()
            .any(|w| r.contains(w))
    }) {
        missing.push("development lead");
    }
    let mut out = Vec::new();
    if !missing.is_empty() {
        let span = ctx
            .stp
            .sign_off
            .approver_lines
            .first()
            .map(|l| l.span)
            .unwrap_or(anchor);
        // With no role written at all the approvers may well hold them: say what is unknown.
        let message = if roles.is_empty() {
            format!(
                "no approver's role is stated, so the {} cannot be found",
                and_list(&missing)
            )
        } else {
            format!("the approvers include no {}", or_list(&missing))
        };
        out.push(Finding::new(span, message).help(
            "approvers are at least the QE lead, the PM and the development lead, each with \
             the role stated, e.g. `Dev Lead: Name (@handle)`",
        ));
    }
    // The checklist asks reviewers for handles; of approvers it asks the roles, so a name
    // without a handle is a smaller gap here.
    out.extend(
        incomplete_people(&with_owners_handles(ctx, &sign_off.approvers), "approvers")
            .map(|f| f.severity(Severity::Medium)),
    );
    out
}

/// `a`, `a or b`, `a, b or c`.
fn or_list(items: &[&str]) -> String {
    joined(items, "or")
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[&str]) -> String {
    joined(items, "and")
}

fn joined(items: &[&str], word: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} {word} {last}", rest.join(", ")),
    }
}
