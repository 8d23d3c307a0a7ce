//! The readers of `stp trace`'s test inventory: pytest modules and `conftest.py` files
//! (ruff's Python parser), Go test files (tree-sitter), and the config-driven migration
//! suites' `tests_params`. The first byte picks the reader. A panic anywhere is a crash; a
//! file a reader cannot take must come back as an error, and every test or migration plan
//! it finds must name a line of the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stp::inventory::{go, mtv, python};

fuzz_target!(|data: &[u8]| {
    let Some((&flags, bytes)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    // Any line break counts: a parser may take a lone `\r` as one.
    let lines = 1 + text.bytes().filter(|&b| b == b'\n' || b == b'\r').count();
    let tests = match flags % 4 {
        0 => python::scan_source("tests/test_fuzz.py", text, &Default::default()),
        1 => {
            // The same text as a conftest (its tier rule and parametrized fixtures), then
            // as a test module beside it.
            let mut context = python::RepoContext::default();
            if context.add_conftest_source("tests/conftest.py", text).is_err() {
                return;
            }
            python::scan_source("tests/test_fuzz.py", text, &context)
        }
        2 => go::scan_source("tests/fuzz_test.go", text),
        _ => {
            if let Ok(Some(config)) = mtv::read_config("tests/test_fuzz.py", text) {
                for plan in &config.plans {
                    assert!(plan.line >= 1 && plan.line <= lines, "line {}", plan.line);
                }
            }
            return;
        }
    };
    for test in tests.into_iter().flatten() {
        assert!(test.line >= 1 && test.line <= lines, "{test:?}");
    }
});
