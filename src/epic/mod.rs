//! Jira epics as input to `stp new --from-epic`: every accepted shape (REST JSON v2 and v3, a
//! search result holding one issue, the "Export XML" RSS item, the page text a person copies
//! from the browser, and Markdown) is read into one typed [`Epic`].
//!
//! Each reader turns its description into a flat list of [`Block`]s (headings, list items,
//! paragraphs); [`Epic::fill_sections`] then sorts them under the epic template's headings
//! ("Epic Goal", "Why is this important?", "Scenarios", ...), dropping the template's own prompts
//! ("...", `<link to ...>`, questions left from the template) so they never become content.
//! The writer (`plan`) renders the STP template from the model; nothing downstream re-reads the
//! input.

mod adf;
mod html;
mod jira_json;
mod page;
pub mod plan;
mod wiki;
mod xml;

/// The shape the input was recognised as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// REST API v2: the description is wiki markup.
    JiraJsonV2,
    /// REST API v3: the description is an Atlassian Document Format tree.
    JiraJsonV3,
    /// A search result (`issues: [...]`) holding one issue.
    JiraSearch,
    /// "Export XML": an RSS item whose description is escaped HTML.
    JiraXml,
    /// The epic's page as copied from the browser.
    PageText,
    Markdown,
}

impl Format {
    pub fn describe(self) -> &'static str {
        match self {
            Format::JiraJsonV2 => "Jira REST JSON (API v2, wiki markup)",
            Format::JiraJsonV3 => "Jira REST JSON (API v3, Atlassian Document Format)",
            Format::JiraSearch => "Jira search result (one issue)",
            Format::JiraXml => "Jira Export XML",
            Format::PageText => "page text",
            Format::Markdown => "Markdown",
        }
    }
}

/// A Jira epic: its fields and the sections of its description.
#[derive(Debug, Clone, Default)]
pub struct Epic {
    /// `CNV-74120`.
    pub key: Option<String>,
    /// The issue's page (`https://<host>/browse/<key>`), when the input names its host.
    pub url: Option<String>,
    pub summary: Option<String>,
    pub epic_name: Option<String>,
    /// The parent issue (a feature or a `VIRTSTRAT` initiative).
    pub parent: Option<String>,
    pub labels: Vec<String>,
    pub components: Vec<String>,
    pub fix_versions: Vec<String>,
    pub goal: Vec<String>,
    pub why: Vec<String>,
    pub scenarios: Vec<String>,
    pub acceptance_criteria: Vec<String>,
    pub dependencies: Vec<String>,
    pub previous_work: Vec<String>,
    pub open_questions: Vec<String>,
    pub done_checklist: Vec<String>,
    /// Links found anywhere in the description.
    pub links: Vec<String>,
}

/// One block of an epic's description, as every reader produces it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading(String),
    Item(String),
    Text(String),
}

/// The epic template's sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Goal,
    Why,
    Scenarios,
    Acceptance,
    Dependencies,
    PreviousWork,
    OpenQuestions,
    Done,
    /// A heading the template does not have: its content is not mapped.
    Other,
}

/// Reads an epic from bytes, recognising its shape by content. `name` is used in errors.
pub fn read(bytes: &[u8], name: &str) -> Result<(Epic, Format), String> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "{name}: not UTF-8 text (invalid byte at offset {})",
            e.valid_up_to()
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\0') {
        return Err(format!("{name}: binary data, not a Jira epic"));
    }
    let start = text.trim_start();
    let result = if start.starts_with('{') || start.starts_with('[') {
        jira_json::read(text)
    } else if start.starts_with('<') && !start.starts_with("<!--") {
        xml::read(text)
    } else if start.is_empty() {
        Err("the file is empty".to_string())
    } else {
        Ok(page::read(text))
    };
    let (epic, format) = result.map_err(|e| format!("{name}: {e}"))?;
    if epic.key.is_none() && epic.summary.is_none() && epic.is_empty() {
        return Err(format!(
            "{name}: no epic found (no key, summary or template section such as \"Epic Goal\")"
        ));
    }
    Ok((epic, format))
}

impl Epic {
    /// Whether the description held nothing the plan can use.
    pub fn is_empty(&self) -> bool {
        self.goal.is_empty()
            && self.why.is_empty()
            && self.scenarios.is_empty()
            && self.acceptance_criteria.is_empty()
            && self.dependencies.is_empty()
            && self.open_questions.is_empty()
    }

    /// Sorts description blocks under the template's sections.
    pub(crate) fn fill_sections(&mut self, blocks: Vec<Block>) {
        let mut part: Option<Part> = None;
        for block in blocks {
            let (text, is_heading) = match block {
                Block::Heading(t) => (t, true),
                Block::Item(t) | Block::Text(t) => (t, false),
            };
            let text = clean(&text);
            if let Some(found) = heading_part(&text) {
                part = Some(found);
                continue;
            }
            if is_heading {
                part = Some(Part::Other);
                continue;
            }
            let Some(current) = part else { continue };
            for link in links_in(&text) {
                if !self.links.contains(&link) {
                    self.links.push(link);
                }
            }
            let Some(text) = content(&text, current) else {
                continue;
            };
            let list = match current {
                Part::Goal => &mut self.goal,
                Part::Why => &mut self.why,
                Part::Scenarios => &mut self.scenarios,
                Part::Acceptance => &mut self.acceptance_criteria,
                Part::Dependencies => &mut self.dependencies,
                Part::PreviousWork => &mut self.previous_work,
                Part::OpenQuestions => &mut self.open_questions,
                Part::Done => &mut self.done_checklist,
                Part::Other => continue,
            };
            if !list.contains(&text) {
                list.push(text);
            }
        }
    }

    /// Jira keys the description names other than the epic's own and its parent's.
    pub fn related_keys(&self, text: &str) -> Vec<String> {
        let mut keys: Vec<String> = Vec::new();
        for range in crate::recognise::jira_keys(text) {
            let key = &text[range];
            if Some(key) != self.key.as_deref() && Some(key) != self.parent.as_deref() {
                Self::add_unique(&mut keys, key);
            }
        }
        keys
    }

    pub(crate) fn add_unique(list: &mut Vec<String>, value: &str) {
        let value = value.trim();
        if !value.is_empty() && !list.iter().any(|v| v == value) {
            list.push(value.to_string());
        }
    }
}

/// Which template section a heading opens, if any. Live pages add `*`, "(mandatory)" and
/// colons to the headings.
fn heading_part(text: &str) -> Option<Part> {
    if text.chars().count() > 60 {
        return None;
    }
    let mut key = text.to_lowercase();
    for noise in ["(mandatory)", "(optional)", "(required)"] {
        key = key.replace(noise, " ");
    }
    let key: String = key
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '?' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let key = key.split_whitespace().collect::<Vec<_>>().join(" ");
    let key = key.trim_end_matches('?').trim();
    let part = match key {
        "epic goal" | "goal" | "goals" | "feature goal" => Part::Goal,
        k if k.starts_with("why is this important") || k == "why" => Part::Why,
        "scenarios" | "user scenarios" | "user stories" | "use cases" => Part::Scenarios,
        "acceptance criteria" => Part::Acceptance,
        k if k.starts_with("dependencies") => Part::Dependencies,
        k if k.starts_with("previous work") => Part::PreviousWork,
        k if k.starts_with("open questions") => Part::OpenQuestions,
        "done checklist" | "definition of done" => Part::Done,
        // What follows the description on a copied page.
        "attachments" | "issue links" | "activity" | "comments" | "people" | "dates" => Part::Other,
        _ => return None,
    };
    Some(part)
}

/// Normalises a line of epic text: TeX from the page (`$\text{virt-launcher}$`), list and
/// emphasis markers, runs of white space.
fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find('\\') {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        let command_len = after
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(after.len());
        let tail = &after[command_len..];
        if command_len > 0 && tail.starts_with('{') {
            if let Some(close) = tail.find('}') {
                out.push_str(&tail[1..close]);
                rest = &tail[close + 1..];
                continue;
            }
        }
        out.push('\\');
        rest = after;
    }
    out.push_str(rest);
    // `$virt-launcher$` after the commands are gone: TeX delimiters around a word.
    let out = strip_tex_dollars(&out);
    let trimmed = out
        .trim()
        .trim_start_matches(['*', '#', '-', '•', '+', ' '])
        .trim();
    trimmed.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn strip_tex_dollars(text: &str) -> String {
    let dollars = text.matches('$').count();
    if dollars < 2 || dollars % 2 != 0 {
        return text.to_string();
    }
    // Only pairs that enclose a short token without spaces, never money (`$5`).
    let mut out = String::new();
    let mut parts = text.split('$');
    out.push_str(parts.next().unwrap_or(""));
    let rest: Vec<&str> = parts.collect();
    for pair in rest.chunks(2) {
        let inner = pair[0];
        let after = pair.get(1).copied().unwrap_or("");
        if !inner.is_empty()
            && !inner.contains(' ')
            && !inner.starts_with(|c: char| c.is_ascii_digit())
        {
            out.push_str(inner);
        } else {
            out.push('$');
            out.push_str(inner);
            out.push('$');
        }
        out.push_str(after);
    }
    out
}

/// The content of a line, or `None` for the template's prompts: "...", `<link to ...>`,
/// a bracketed or parenthesised instruction, and outside "Open questions" a question (the
/// template asks its sections as questions).
fn content(text: &str, part: Part) -> Option<String> {
    let mut text = remove_angle_prompts(text);
    text = text.trim().to_string();
    if part == Part::Done {
        // "QE - Test plans in Polarion: <link ...>": the item without its empty value.
        text = text.trim_end_matches([':', ' ']).to_string();
    }
    let bare = text.trim_matches(|c: char| c.is_whitespace() || c == '.' || c == '…');
    if bare.is_empty() {
        return None;
    }
    let wrapped = |open: char, close: char| text.starts_with(open) && text.ends_with(close);
    if wrapped('(', ')') || wrapped('[', ']') || wrapped('<', '>') {
        return None;
    }
    if part != Part::OpenQuestions && part != Part::Done && text.ends_with('?') {
        return None;
    }
    Some(text)
}

/// Drops `<...>` prompts (`<link to the PR>`, `<your text here>`) but keeps text in angle
/// brackets that is not a prompt, such as a URL (`<https://...>`).
fn remove_angle_prompts(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let inner = &rest[open + 1..open + close];
        out.push_str(&rest[..open]);
        if inner.contains("://") {
            out.push_str(inner);
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// `http(s)://` links in a text.
fn links_in(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (start, _) in text.match_indices("http") {
        let rest = &text[start..];
        if !(rest.starts_with("http://") || rest.starts_with("https://")) {
            continue;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | ']' | '>' | '|' | '"' | '\''))
            .unwrap_or(rest.len());
        let link = rest[..end].trim_end_matches(['.', ',', ';']);
        out.push(link.to_string());
    }
    out
}

/// `https://host/browse/KEY` from any URL on the Jira host (the REST `self` link, the XML
/// item's link).
fn browse_url(any_url: &str, key: &str) -> Option<String> {
    let scheme_end = any_url.find("://")? + 3;
    let host_end = any_url[scheme_end..]
        .find('/')
        .map_or(any_url.len(), |i| scheme_end + i);
    Some(format!("{}/browse/{key}", &any_url[..host_end]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tex_and_markers_are_cleaned() {
        assert_eq!(
            clean(r"# The $\text{virt-launcher}$ pod  keeps   running"),
            "The virt-launcher pod keeps running"
        );
        assert_eq!(
            clean("- costs $5 and $10 a month"),
            "costs $5 and $10 a month"
        );
    }

    #[test]
    fn headings_of_live_pages_are_recognised() {
        assert_eq!(heading_part("Epic Goal *"), Some(Part::Goal));
        assert_eq!(
            heading_part("Why is this important? (mandatory)"),
            Some(Part::Why)
        );
        assert_eq!(
            heading_part("Dependencies (internal and external)"),
            Some(Part::Dependencies)
        );
        assert_eq!(heading_part("Open questions::"), Some(Part::OpenQuestions));
        assert_eq!(heading_part("The goal of this release is speed"), None);
    }

    #[test]
    fn template_prompts_are_not_content() {
        assert_eq!(content("...", Part::Goal), None);
        assert_eq!(content("<link to the design>", Part::Dependencies), None);
        assert_eq!(
            content("What are we trying to solve here?", Part::Goal),
            None
        );
        assert_eq!(
            content("Should drains wait for it?", Part::OpenQuestions).as_deref(),
            Some("Should drains wait for it?")
        );
        assert_eq!(
            content(
                "QE - Test plans in Polarion: <link or reference>",
                Part::Done
            )
            .as_deref(),
            Some("QE - Test plans in Polarion")
        );
        assert_eq!(
            content("See <https://example.com/x> for details", Part::Why).as_deref(),
            Some("See https://example.com/x for details")
        );
    }

    #[test]
    fn browse_url_keeps_the_host() {
        assert_eq!(
            browse_url("https://issues.redhat.com/rest/api/2/issue/1", "CNV-1").as_deref(),
            Some("https://issues.redhat.com/browse/CNV-1")
        );
    }
}
