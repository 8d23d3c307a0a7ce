use crate::diagnostic::Finding;
use crate::rules::Context;

declare_rule! {
    /// A reviewer's or approver's handle is not in the OWNERS files that govern the plan.
    ///
    /// Prow assigns and accepts reviews from the people in the nearest `OWNERS` file above the
    /// STP and in the repository root's `OWNERS`. A handle listed in the plan but in neither
    /// file cannot approve the pull request — often a typo (`@rnester` for `@rnetser`) or a
    /// reviewer from another SIG whose OWNERS entry is missing (a multi-SIG feature directory
    /// may carry its own OWNERS). The OWNERS files of the SIGs the metadata names (owning and
    /// participating) count too, so a multi-SIG plan may list reviewers from each of them.
    /// Compared case-insensitively. Silent when no OWNERS file is
    /// found, and for people listed without a handle.
    ///
    /// Fix: correct the handle, or add the person to the feature directory's OWNERS.
    code: "STP412",
    name: "owners-handles",
    spec: ["SIGN-3"],
    severity: Medium,
    fixable: false,
    check: check,
}

fn check(ctx: &Context) -> Vec<Finding> {
    let Some(owners) = &ctx.repo.owners else {
        return Vec::new();
    };
    let sign_off = &ctx.stp.sign_off;
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for person in sign_off.reviewers.iter().chain(&sign_off.approvers) {
        let Some(handle) = &person.handle else {
            continue;
        };
        let key = handle.to_lowercase();
        if owners.handles.contains(&key) || seen.contains(&key) {
            continue;
        }
        seen.push(key);
        out.push(
            Finding::new(
                person.span,
                format!(
                    "@{handle} is not a reviewer or approver in {}",
                    owners.files.join(" or ")
                ),
            )
            .help("fix the handle, or add the person to the OWNERS file of this directory"),
        );
    }
    out
}
