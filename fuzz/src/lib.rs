//! What the fuzz targets share: how an input's bytes become a plan and where it lives.

use stp::model::PathFacts;

/// A fuzz input read as `flags byte + plan bytes`: the plan's text (`None` when the bytes are
/// not text `stp` reads), the path facts picked by flag bits 0 (template directory) and 1
/// (feature directory), and the flags byte itself for target-specific bits.
pub fn plan_with_facts(data: &[u8]) -> Option<(String, PathFacts, u8)> {
    let (&flags, rest) = data.split_first()?;
    let text = stp::source::decode(rest.to_vec()).ok()?;
    let facts = PathFacts {
        in_template_dir: flags & 1 != 0,
        in_feature_dir: flags & 2 != 0,
    };
    Some((text, facts, flags))
}
