//! The epic reader and the plan writer of `stp new --from-epic`: bytes in any of the shapes
//! it recognises (Jira REST JSON, v2 or v3 with ADF, search results, the XML export, a page
//! of text) become an epic, and an epic becomes a plan. A panic anywhere is a crash; a plan
//! written from an epic must be one `stp check` reviews without an internal error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stp::epic::plan::{Options, ParentPlan};

fuzz_target!(|data: &[u8]| {
    let Some((&flags, bytes)) = data.split_first() else {
        return;
    };
    let Ok((epic, _format)) = stp::epic::read(bytes, "epic") else {
        return;
    };
    // Flag bit 0: a child plan of a parent; bit 1: a SIG given on the command line.
    let options = Options {
        sig: (flags & 2 != 0).then(|| "sig-network".to_string()),
        parent: (flags & 1 != 0).then(|| ParentPlan {
            title: "Parent feature".to_string(),
            link: "stp.md".to_string(),
            feature_tracking: Some("CNV-1".to_string()),
            stated: vec!["the parent states this".to_string()],
        }),
    };
    let Ok(plan) = stp::epic::plan::render(&epic, &options) else {
        return;
    };
    let report = stp::check::review_text(
        std::path::Path::new("stp.md"),
        plan,
        Default::default(),
        Default::default(),
    );
    // The review's own guard turns a panic into `error`; under libFuzzer the panic aborts
    // first, so this holds for any other error a written plan could get.
    assert!(report.error.is_none(), "{:?}", report.error);
});
