//! An open document: the editor's text, and the review of it.
//!
//! The editor's buffer, not the file on disk, is what gets reviewed; the files around it
//! (OWNERS, sibling plans, a child's parent, `stp.toml`) are read from disk, as `stp check`
//! reads them, and kept until something on disk may have changed them.

use super::position::{offset, Encoding};
use crate::check::{self, FileReport, Reviewed};
use crate::model::{DocKind, Stp};
use crate::repo::RepoFacts;
use crate::source::LineIndex;
use lsp_types::{TextDocumentContentChangeEvent, Uri};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What decides which neighbouring files a plan's cross-file facts come from: the plan's
/// place and kind, and the children and SIGs it names. While these stay the same, an edit
/// cannot change the facts, so they are not read again.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FactsKey {
    kind: DocKind,
    child_links: Vec<String>,
    sigs: Vec<String>,
}

/// Cross-file facts of one document, kept between edits.
#[derive(Debug, Default)]
pub struct FactsCache {
    entry: Option<(FactsKey, RepoFacts)>,
}

impl FactsCache {
    /// Forgets the facts: files on disk may have changed.
    pub fn clear(&mut self) {
        self.entry = None;
    }

    fn facts(&mut self, path: &Path, stp: &Stp) -> RepoFacts {
        let key = FactsKey {
            kind: stp.kind,
            child_links: stp.child_links(),
            sigs: stp.named_sigs(),
        };
        match &self.entry {
            Some((cached, facts)) if *cached == key => facts.clone(),
            _ => {
                let facts = check::neighbour_facts(path, stp);
                self.entry = Some((key, facts.clone()));
                facts
            }
        }
    }
}

/// Reviews an editor buffer in process: the configuration found upward from `path` (as the
/// CLI finds it), the neighbouring files' facts from `cache` (read from disk when `on_disk`
/// and not cached yet). This is what the server runs after every edit.
pub fn check_buffer(path: &Path, text: String, on_disk: bool, cache: &mut FactsCache) -> Reviewed {
    let settings = match check::settings_for(path, &check::Options::default()) {
        Ok(settings) => settings,
        Err(e) => {
            return Reviewed {
                report: FileReport::failed(path, e),
                stp: None,
            }
        }
    };
    let facts = if on_disk {
        check::path_facts(path)
    } else {
        Default::default()
    };
    check::review_keeping_model(path, text, facts, settings, |stp| {
        if on_disk {
            cache.facts(path, stp)
        } else {
            RepoFacts::default()
        }
    })
}

pub struct Document {
    pub uri: Uri,
    /// The file the buffer belongs to, or a name for an unsaved buffer.
    pub path: PathBuf,
    /// Whether `path` is a real file whose neighbours can be read.
    pub on_disk: bool,
    pub text: String,
    pub version: i32,
    /// The review of `text`, or `None` while an edit waits for its debounced re-check.
    pub reviewed: Option<Reviewed>,
    /// When the text changed without being re-checked since.
    pub changed_at: Option<Instant>,
    pub facts: FactsCache,
}

impl Document {
    pub fn new(uri: Uri, text: String, version: i32) -> Document {
        let (path, on_disk) = match super::position::uri_to_path(&uri) {
            Some(path) => (path, true),
            None => (PathBuf::from(uri.as_str()), false),
        };
        Document {
            uri,
            path,
            on_disk,
            text,
            version,
            reviewed: None,
            changed_at: None,
            facts: FactsCache::default(),
        }
    }

    /// Applies the editor's changes in order (ranges, or the whole text).
    pub fn apply(&mut self, changes: Vec<TextDocumentContentChangeEvent>, enc: Encoding) {
        for change in changes {
            match change.range {
                None => self.text = change.text,
                Some(range) => {
                    let lines = LineIndex::new(&self.text);
                    let start = offset(&self.text, &lines, range.start, enc);
                    let end = offset(&self.text, &lines, range.end, enc).max(start);
                    self.text.replace_range(start..end, &change.text);
                }
            }
        }
        self.reviewed = None;
        self.changed_at = Some(Instant::now());
    }

    /// Reviews the text if it changed since the last review.
    pub fn check(&mut self) -> &Reviewed {
        if self.reviewed.is_none() {
            self.changed_at = None;
            let reviewed =
                check_buffer(&self.path, self.text.clone(), self.on_disk, &mut self.facts);
            self.reviewed = Some(reviewed);
        }
        self.reviewed.as_ref().expect("just reviewed")
    }
}
