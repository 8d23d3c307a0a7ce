//! The whole review of one file (parse, model, every rule, JSON and text reports). A panic anywhere
//! is a crash (libFuzzer's panic hook aborts before `check`'s guard can catch it); every
//! diagnostic must point at a range of the text on character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stp::rules::Settings;

fuzz_target!(|data: &[u8]| {
    let Some((text, facts, flags)) = stp_fuzz::plan_with_facts(data) else {
        return;
    };
    let settings = Settings {
        strict_layout: flags & 4 != 0,
        config: None,
    };
    let report = stp::check::review_text(
        std::path::Path::new("plan.md"),
        text.clone(),
        facts,
        settings,
    );
    assert!(report.error.is_none(), "{:?}", report.error);
    for d in &report.diagnostics {
        let r = d.span.range();
        assert!(r.start <= r.end && r.end <= text.len(), "{d:?}");
        assert!(
            text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
            "{d:?}"
        );
    }
    let _ = stp::report::json::render(std::slice::from_ref(&report));
    let style = stp::report::text::Style {
        color: flags & 8 != 0,
        show_fixes: flags & 16 != 0,
    };
    let _ = stp::report::text::report(std::slice::from_ref(&report), style);
});
