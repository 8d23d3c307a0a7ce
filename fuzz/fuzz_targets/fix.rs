//! `--fix --unsafe-fixes` on one file: no panic, every fix applies within the text, and
//! the line endings the file used are kept (no `\r` appears in a file that had none).
#![no_main]

use libfuzzer_sys::fuzz_target;
use stp::model::PathFacts;
use stp::rules::Settings;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = stp::source::decode(data.to_vec()) else {
        return;
    };
    let had_cr = text.contains('\r');
    let fixed = stp::fix::fix_text(
        std::path::Path::new("plan.md"),
        text,
        PathFacts::default(),
        Settings::default(),
        true,
        false,
    );
    assert!(fixed.report.error.is_none(), "{:?}", fixed.report.error);
    assert!(
        had_cr || !fixed.text.contains('\r'),
        "a fix added a carriage return"
    );
});
