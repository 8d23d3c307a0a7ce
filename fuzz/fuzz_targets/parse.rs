//! Bytes -> text -> Markdown tree -> STP model -> JSON (what `stp parse` does), with no
//! panic guard: any panic is a crash. The first byte picks the path facts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use stp::model::PathFacts;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = stp::source::decode(rest.to_vec()) else {
        return;
    };
    let facts = PathFacts {
        in_template_dir: flags & 1 != 0,
        in_feature_dir: flags & 2 != 0,
    };
    let source = stp::source::SourceFile::new(text);
    let doc = stp::markdown::parse(&source.text);
    let model = stp::model::build(&source.text, &doc, facts);
    let _ = serde_json::to_string(&model).expect("the model serialises");
});
