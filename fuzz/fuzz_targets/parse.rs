//! Bytes -> text -> Markdown tree -> STP model -> JSON (what `stp parse` does), with no
//! panic guard: any panic is a crash. The first byte picks the path facts.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((text, facts, _)) = stp_fuzz::plan_with_facts(data) else {
        return;
    };
    let source = stp::source::SourceFile::new(text);
    let doc = stp::markdown::parse(&source.text);
    let model = stp::model::build(&source.text, &doc, facts);
    let _ = serde_json::to_string(&model).expect("the model serialises");
});
