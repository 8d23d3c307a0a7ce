//! Block tree -> `Stp`. One reader per section; each reads the list form of the current
//! template and the table form of the older one into the same nodes.

use super::entries::{cell_text, cell_value, label_key, Columns, Entry, Field, Mark};
use super::people::parse_people;
use super::sections::{self, leading_strong, Section, SectionKind};
use super::*;
use crate::markdown::{
    inline_runs, walk_blocks, walk_inlines, Block, Document, Inline, InlineKind, List, Paragraph,
    Table,
};
use crate::text::Text;

pub fn build(src: &str, doc: &Document, facts: PathFacts) -> Stp {
    let hoisted = hoist_nested_headings(&doc.blocks);
    let blocks: &[Block] = hoisted.as_deref().unwrap_or(&doc.blocks);
    let split = split_swallowed_headings(blocks);
    let blocks: &[Block] = split.as_deref().unwrap_or(blocks);
    let outline = sections::outline(blocks, src.len());
    let mut b = Reader { src, blocks };

    let mut stp = Stp {
        kind: DocKind::NotStp,
        layout: Layout::List,
        title: outline.title.map(|(text, span)| Title { text, span }),
        sections: outline.sections,
        metadata: Vec::new(),
        conventions: None,
        overview: None,
        requirements: Vec::new(),
        acceptance_criteria: Vec::new(),
        known_limitations: Constraints::default(),
        design_review: Vec::new(),
        goals: Vec::new(),
        out_of_scope: OutOfScope::default(),
        test_limitations: Constraints::default(),
        strategy: Vec::new(),
        environment: Vec::new(),
        tools: Vec::new(),
        entry_criteria: Vec::new(),
        risks: Vec::new(),
        scenarios: Vec::new(),
        sign_off: SignOff::default(),
        marks: Vec::new(),
        comments: Vec::new(),
        code_blocks: Vec::new(),
        images: Vec::new(),
        moved_to: None,
        suppressions: Vec::new(),
    };

    let (mut tables, mut lists) = (0usize, 0usize);
    for section in stp.sections.clone() {
        let body = b.body(&section);
        if shapes_layout(section.kind) {
            if body.iter().any(|blk| matches!(blk, Block::Table(_))) {
                tables += 1;
            } else if body.iter().any(|blk| matches!(blk, Block::List(_))) {
                lists += 1;
            }
        }
        match section.kind {
            SectionKind::Metadata => stp.metadata.extend(b.fields(body)),
            SectionKind::Conventions => stp.conventions = Some(b.conventions(&section)),
            SectionKind::Overview => stp.overview = b.prose(body),
            SectionKind::Requirements => stp.requirements.extend(b.checklist(body)),
            SectionKind::KnownLimitations => stp.known_limitations = b.limitations(body),
            SectionKind::DesignReview => stp.design_review.extend(b.checklist(body)),
            SectionKind::Goals => stp.goals.extend(b.goals(body, false)),
            SectionKind::RegressionGoals => stp.goals.extend(b.goals(body, true)),
            SectionKind::OutOfScope => stp.out_of_scope = b.out_of_scope(body),
            SectionKind::TestLimitations => stp.test_limitations = b.limitations(body),
            SectionKind::Strategy => stp.strategy.extend(b.strategy(body)),
            SectionKind::Environment => stp.environment.extend(b.fields(body)),
            SectionKind::Tools => stp.tools.extend(b.fields(body)),
            SectionKind::EntryCriteria => stp.entry_criteria.extend(b.entry_criteria(body)),
            SectionKind::Risks => stp.risks.extend(b.risks(body)),
            SectionKind::Scenarios => stp.scenarios.extend(b.scenarios(body)),
            SectionKind::SignOff => stp.sign_off = b.sign_off(body),
            SectionKind::PartOne | SectionKind::PartTwo | SectionKind::Scope => {}
        }
    }
    stp.known_limitations.present = stp.has_section(SectionKind::KnownLimitations);
    stp.test_limitations.present = stp.has_section(SectionKind::TestLimitations);
    stp.out_of_scope.present = stp.has_section(SectionKind::OutOfScope);
    stp.sign_off.present = stp.has_section(SectionKind::SignOff);
    stp.acceptance_criteria = acceptance_criteria(&stp.requirements);
    stp.layout = layout_of(tables, lists);

    b.scan_document(&mut stp);
    stp.kind = kind(&stp, facts);
    stp
}

/// The layout of a plan with `tables` sections in the older form and `lists` in the current
/// one. One section in the other form is the author's own (an "Out of Scope:" list inside
/// Scope of Testing, a table glued to a list item), not the other template: the plan is
/// `mixed` only when both forms hold two sections or more.
fn layout_of(tables: usize, lists: usize) -> Layout {
    match (tables, lists) {
        (t, l) if t > 0 && l <= 1 && t > l => Layout::Table,
        (t, l) if t >= 2 && l >= 2 => Layout::Mixed,
        _ => Layout::List,
    }
}

/// Sections whose form (table or list) tells the template version apart.
fn shapes_layout(kind: SectionKind) -> bool {
    matches!(
        kind,
        SectionKind::Metadata
            | SectionKind::Requirements
            | SectionKind::DesignReview
            | SectionKind::OutOfScope
            | SectionKind::Strategy
            | SectionKind::Environment
            | SectionKind::Tools
            | SectionKind::Risks
            | SectionKind::Scenarios
    )
}

fn kind(stp: &Stp, facts: PathFacts) -> DocKind {
    if facts.in_template_dir {
        return DocKind::Template;
    }
    if !is_recognisable(stp) {
        return DocKind::NotStp;
    }
    if facts.in_feature_dir || names_its_parent(stp) || overview_declares_a_child(stp) {
        DocKind::Child
    } else {
        DocKind::Parent
    }
}

/// Whether the metadata names the plan's parent STP (`**Parent STP:** [...](...)`): the
/// author says it is a child, wherever the file was put. An empty value or a template
/// prompt names nothing.
fn names_its_parent(stp: &Stp) -> bool {
    stp.metadata.iter().any(|f| {
        f.key.starts_with("parent stp")
            && !crate::recognise::is_empty_value(&f.value.text)
            && crate::recognise::find_placeholders(&f.value).is_empty()
    })
}

/// Whether the Feature Overview says the plan is a child ("This child STP covers ...", "This
/// is a child STP") or points to its parent (a link reading "parent STP" to another plan):
/// the author says it is a child, wherever the file was put. A parent speaks of "a child
/// STP" that others write, and links to its children, never to a parent.
fn overview_declares_a_child(stp: &Stp) -> bool {
    let Some(overview) = &stp.overview else {
        return false;
    };
    let links_to_parent = overview.links.iter().any(|link| {
        let shown = overview
            .text
            .get(link.text_range.clone())
            .unwrap_or("")
            .to_ascii_lowercase();
        let url = link.url.split('#').next().unwrap_or("");
        shown.contains("parent") && shown.contains("stp") && url.ends_with(".md")
    });
    links_to_parent
        || crate::prose::has_any_ignore_case(
            &overview.text,
            &["this child stp", "this is a child stp"],
        )
}

/// A title and at least three distinct template sections.
pub fn is_recognisable(stp: &Stp) -> bool {
    stp.title.is_some() && known_section_kinds(stp) >= 3
}

pub fn known_section_kinds(stp: &Stp) -> usize {
    let mut kinds: Vec<SectionKind> = stp
        .sections
        .iter()
        .map(|s| s.kind)
        .filter(|k| *k != SectionKind::Conventions)
        .collect();
    kinds.sort();
    kinds.dedup();
    kinds.len()
}

/// The top-level blocks with each list that `needs` holds of replaced by what `split` makes
/// of it; `None` (nothing copied) when no list needs it.
fn rewrite_lists<'a>(
    blocks: &[Block<'a>],
    needs: impl Fn(&List) -> bool,
    split: impl Fn(&List<'a>, &mut Vec<Block<'a>>),
) -> Option<Vec<Block<'a>>> {
    if !blocks
        .iter()
        .any(|b| matches!(b, Block::List(l) if needs(l)))
    {
        return None;
    }
    let mut out = Vec::with_capacity(blocks.len() + 4);
    for block in blocks {
        match block {
            Block::List(list) if needs(list) => split(list, &mut out),
            _ => out.push(block.clone()),
        }
    }
    Some(out)
}

/// A section heading indented under a list item (`  #### **4. Entry Criteria**` after the
/// goals' list) is, to a Markdown parser, part of that item, and so is everything after it
/// that is indented alike. GitHub still renders it as a heading, and readers of the plan mean
/// a new section: lift the heading and the rest of its item out of the list, so the list
/// ends before it and the section holds what follows. `None` when no list holds one.
fn hoist_nested_headings<'a>(blocks: &[Block<'a>]) -> Option<Vec<Block<'a>>> {
    /// The first item, and the block in it, that is a section heading (not the item's own
    /// line).
    fn heading_in(list: &List) -> Option<(usize, usize)> {
        list.items.iter().enumerate().find_map(|(i, item)| {
            let j = item
                .blocks
                .iter()
                .skip(1)
                .position(sections::is_section_heading)?;
            Some((i, j + 1))
        })
    }
    rewrite_lists(
        blocks,
        |list| heading_in(list).is_some(),
        |list, out| {
            let mut rest = list.clone();
            while let Some((i, j)) = heading_in(&rest) {
                let after = rest.items.split_off(i + 1);
                let item = rest.items.last_mut().expect("i is in range");
                let lifted = item.blocks.split_off(j);
                if let Some(last) = item.blocks.last() {
                    item.span.end = last.span().end;
                }
                rest.span.end = item.span.end;
                out.push(Block::List(rest));
                // What was lifted may hold lists with headings of their own.
                out.extend(hoist_nested_headings(&lifted).unwrap_or(lifted));
                let Some(first) = after.first() else { return };
                rest = List {
                    span: Span::new(first.span.start, list.span.end),
                    ordered: list.ordered,
                    items: after,
                };
            }
            out.push(Block::List(rest));
        },
    )
}

/// A bold line that names a section but follows a list item without a blank line is, to a
/// Markdown parser, part of that item (lazy continuation). GitHub renders it glued to the
/// item; readers of the plan still mean a new part, so split it back out.
fn split_swallowed_headings<'a>(blocks: &[Block<'a>]) -> Option<Vec<Block<'a>>> {
    fn position(list: &List) -> Option<usize> {
        list.items
            .iter()
            .position(|item| item.lead().and_then(|p| swallowed_at(&p.content)).is_some())
    }
    rewrite_lists(
        blocks,
        |list| position(list).is_some(),
        |list, out| {
            let mut rest = list.clone();
            while let Some(k) = position(&rest) {
                let mut head = rest.clone();
                head.items.truncate(k + 1);
                let item = head.items.last_mut().expect("k is in range");
                let Some(Block::Paragraph(lead)) = item.blocks.first_mut() else {
                    break;
                };
                let cut = swallowed_at(&lead.content).expect("found above");
                let heading: Vec<Inline> = lead.content.split_off(cut);
                if let Some(last) = lead.content.last() {
                    lead.span.end = last.span.end;
                }
                let strong: Vec<Inline> = heading
                    .into_iter()
                    .filter(|n| !matches!(n.kind, InlineKind::SoftBreak))
                    .collect();
                let strong_span = strong
                    .iter()
                    .map(|n| n.span)
                    .reduce(Span::cover)
                    .unwrap_or_default();
                item.span.end = item.span.end.min(strong_span.start);
                head.span.end = item.span.end;
                out.push(Block::List(head));
                out.push(Block::Paragraph(Paragraph {
                    span: strong_span,
                    content: strong,
                }));
                rest.items.drain(..=k);
                if let Some(first) = rest.items.first() {
                    rest.span.start = first.span.start;
                }
            }
            if !rest.items.is_empty() {
                out.push(Block::List(rest));
            }
        },
    )
}

/// Index of a soft break followed by bold text naming a sub-part, at the end of a paragraph.
fn swallowed_at(content: &[Inline]) -> Option<usize> {
    let n = content.len();
    if n < 2 {
        return None;
    }
    let (brk, last) = (&content[n - 2], &content[n - 1]);
    if !matches!(brk.kind, InlineKind::SoftBreak) {
        return None;
    }
    let InlineKind::Strong(_) = last.kind else {
        return None;
    };
    let title = Text::from_inlines(std::slice::from_ref(last)).text;
    let kind = sections::classify_title(&title)?;
    matches!(
        kind,
        SectionKind::Goals
            | SectionKind::RegressionGoals
            | SectionKind::OutOfScope
            | SectionKind::TestLimitations
    )
    .then_some(n - 2)
}

/// The column of a strategy table that names the testing type.
fn strategy_item_column(cols: &Columns) -> Option<usize> {
    cols.find(&["item", "type", "testing"]).or(Some(0))
}

/// A goal from a list item: its priority tag read off its text.
fn goal(entry: Entry, regression: bool) -> Goal {
    let (priority, text) = read_priority(&entry.text);
    Goal {
        span: entry.span,
        priority,
        text,
        regression,
        details: entry.nested_texts(),
    }
}

struct Reader<'a> {
    src: &'a str,
    blocks: &'a [Block<'a>],
}

impl<'a> Reader<'a> {
    /// The blocks of a section, without the pseudo-heading paragraph that opens it.
    fn body(&self, section: &Section) -> &'a [Block<'a>] {
        let range = section.blocks.clone();
        let range = if section.level == 0 {
            (range.start + 1).min(range.end)..range.end
        } else {
            range
        };
        &self.blocks[range]
    }

    fn entries(&self, body: &[Block]) -> Vec<Entry> {
        let mut out = Vec::new();
        for block in body {
            if let Block::List(list) = block {
                out.extend(list.items.iter().map(|i| Entry::from_item(i, self.src)));
            }
        }
        out
    }

    /// Whether the section holds a table with rows: where the older template's items are,
    /// so that the lists around it are the author's notes (see the readers that ask).
    fn has_table_rows(&self, body: &[Block]) -> bool {
        self.tables(body).any(|t| !t.rows.is_empty())
    }

    fn tables<'b>(&self, body: &'b [Block<'a>]) -> impl Iterator<Item = &'b Table<'a>> {
        body.iter().filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
    }

    /// Labelled fields: `- **Label:** value` items, or two-column tables.
    fn fields(&self, body: &[Block]) -> Vec<Field> {
        let mut out: Vec<Field> = self
            .entries(body)
            .iter()
            .filter(|e| e.field_key().is_some())
            .map(Entry::as_field)
            .collect();
        for table in self.tables(body) {
            let cols = Columns::new(table);
            let value_col = cols
                .find(&["configuration", "details", "tools", "value"])
                .unwrap_or(1);
            let note_col = cols.find(&["specification", "example", "comment", "note"]);
            for row in &table.rows {
                let Some((label, cell)) = cell_text(&row.cells, Some(0)) else {
                    continue;
                };
                let label = label.trim_matches(&[':']);
                let (value, value_span) = match cell_text(&row.cells, Some(value_col)) {
                    Some((t, c)) => (t, c.span),
                    None => (Text::default(), Span::empty(row.span.end)),
                };
                let note = cell_text(&row.cells, note_col)
                    .map(|(t, _)| t)
                    .filter(|t| !t.is_blank());
                out.push(Field {
                    key: label_key(&label.text),
                    label: label.text.clone(),
                    label_span: cell.span,
                    value: if value.is_blank() {
                        Text::empty_at(value_span.start)
                    } else {
                        value
                    },
                    span: row.span,
                    items: Vec::new(),
                    note,
                });
            }
        }
        out
    }

    fn conventions(&self, section: &Section) -> Field {
        // A bold pseudo-heading may carry the value on its own line
        // (`**Document Conventions:** N/A`); a real heading does not.
        let opener = match self.blocks.get(section.blocks.start) {
            Some(Block::Paragraph(p)) if section.level == 0 => Some(p),
            _ => None,
        };
        let mut field = Field {
            label: section.title.trim_end_matches(':').trim().to_string(),
            key: "document conventions".into(),
            label_span: section.span,
            value: Text::empty_at(section.span.end),
            span: Span::new(section.span.start, section.body.end),
            items: Vec::new(),
            note: None,
        };
        if let Some(p) = opener {
            let all = Text::from_inlines(&p.content);
            let label_len = Text::from_inlines(&p.content[..1]).text.len();
            field.value = all.slice_trimmed(label_len..all.text.len(), &[':']);
        }
        let body = self.body(section);
        field
            .items
            .extend(self.entries(body).into_iter().map(|e| e.text));
        for table in self.tables(body) {
            for row in &table.rows {
                let cells: Vec<Text> = row
                    .cells
                    .iter()
                    .map(|c| Text::from_inlines(&c.content).trim())
                    .collect();
                field.items.push(Text::join(&cells, " = "));
            }
        }
        field
    }

    /// Paragraph text of a section, joined.
    fn prose(&self, body: &[Block]) -> Option<Text> {
        let parts: Vec<Text> = body
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) => Some(Text::from_inlines(&p.content)),
                _ => None,
            })
            .filter(|t| !t.is_blank())
            .collect();
        (!parts.is_empty()).then(|| Text::join(&parts, "\n\n"))
    }

    fn checklist(&self, body: &[Block]) -> Vec<ChecklistItem> {
        // Beside a checklist table, a list without checkboxes is prose about the feature (a
        // numbered problem statement under "Background"), not items of the checklist.
        let has_table = self.has_table_rows(body);
        let mut out: Vec<ChecklistItem> = self
            .entries(body)
            .into_iter()
            .filter(|e| !has_table || e.mark.is_some())
            .filter(|e| !e.text.is_blank() || !e.children.is_empty())
            .map(|e| {
                let name = match &e.label {
                    Some(l) if !l.colon => e.label_text(),
                    _ => e.text.clone(),
                };
                let (fields, lines) = split_children(&e);
                let mut lines = lines;
                if e.label.as_ref().is_some_and(|l| !l.colon) && !e.value.is_blank() {
                    lines.insert(0, e.value.clone());
                }
                lines.extend(e.notes.iter().cloned());
                ChecklistItem {
                    span: e.span,
                    mark: e.mark,
                    name,
                    fields,
                    lines,
                    comments: None,
                    in_table: false,
                }
            })
            .collect();
        for table in self.tables(body) {
            let cols = Columns::new(table);
            let name_col = cols.find(&["check", "item", "review"]).or(Some(0));
            let done_col = cols.find(&["done", "status", "complete"]);
            let details_col = cols.find(&["details", "notes", "description"]);
            let comments_col = cols.find(&["comment"]);
            for row in &table.rows {
                let Some((name, _)) =
                    cell_text(&row.cells, name_col).filter(|(n, _)| !n.is_blank())
                else {
                    continue;
                };
                let mark = cell_text(&row.cells, done_col)
                    .and_then(|(t, _)| Mark::at_start(&t).or_else(|| Mark::from_word(&t)));
                let mut fields = Vec::new();
                if let (Some(col), Some(cell)) =
                    (details_col, details_col.and_then(|c| row.cells.get(c)))
                {
                    fields.push(Field::from_cell(&cols.header(col), cell));
                }
                let comments = cell_text(&row.cells, comments_col)
                    .map(|(t, _)| t)
                    .filter(|t| !t.is_blank());
                out.push(ChecklistItem {
                    span: row.span,
                    mark,
                    name,
                    fields,
                    lines: Vec::new(),
                    comments,
                    in_table: true,
                });
            }
        }
        out
    }

    fn constraints(&self, body: &[Block]) -> Constraints {
        let mut out = Constraints::default();
        // After a lead-in such as "**Important Notes:**", a list holds notes about the
        // section (an older template's guidance among them), not items of it, when the
        // section says what it holds elsewhere (a table, another list, a "None" statement).
        // Notes that are all the section holds are read as its items.
        let mut paragraphs: Vec<Option<Text>> = body
            .iter()
            .map(|b| match b {
                Block::Paragraph(p) => Some(Text::from_inlines(&p.content)),
                _ => None,
            })
            .collect();
        let lists_after_notes = lists_after(body, &paragraphs, is_notes_lead);
        // What the plan will test ("**In Scope:**" beside an Out of Scope table) is never an
        // exclusion or a limitation.
        let lists_in_scope = lists_after(body, &paragraphs, is_in_scope_lead);
        // Beside a table of items, a list after a lead-in of its own ("**Non-Functional
        // Requirements**:") says something else about the feature.
        let tabled = self.has_table_rows(body);
        let lists_after_lead = if tabled {
            lists_after(body, &paragraphs, is_lead_in)
        } else {
            Vec::new()
        };
        let items_elsewhere = body.iter().enumerate().any(|(i, b)| match b {
            Block::Table(_) => true,
            Block::List(_) => !lists_after_notes.contains(&i) && !lists_in_scope.contains(&i),
            Block::Paragraph(_) => paragraphs[i]
                .as_ref()
                .is_some_and(|t| is_none_statement(&t.text)),
            _ => false,
        });
        for (i, block) in body.iter().enumerate() {
            let not_items = (items_elsewhere && lists_after_notes.contains(&i))
                || lists_in_scope.contains(&i)
                || lists_after_lead.contains(&i);
            match block {
                Block::Paragraph(p) => {
                    let text = paragraphs[i].take().expect("read above");
                    if out.none.is_none() && is_none_statement(&text.text) {
                        out.none = Some(NoneStatement {
                            span: p.span,
                            text,
                            fields: fields_on_later_lines(p),
                        });
                    } else if let Some(none) = &mut out.none {
                        if let Some(field) = paragraph_field(p, &text) {
                            none.fields.push(field);
                        }
                    }
                }
                Block::List(_) if not_items => {}
                Block::List(list) => {
                    for item in &list.items {
                        let e = Entry::from_item(item, self.src);
                        if is_none_statement(&e.text.text) {
                            let (fields, _) = split_children(&e);
                            out.none = Some(NoneStatement {
                                span: e.span,
                                text: e.text.clone(),
                                fields,
                            });
                            continue;
                        }
                        if e.field_key().is_some() && e.children.is_empty() {
                            if let Some(none) = &mut out.none {
                                none.fields.push(e.as_field());
                                continue;
                            }
                            // `- Sign-off: ...` under a limitation, written as a sibling; a
                            // sibling with a label of its own ("Bare Metal Only: ...") is the
                            // next item.
                            if let Some(last) = out
                                .items
                                .last_mut()
                                .filter(|_| e.field_key().is_some_and(is_constraint_field_key))
                            {
                                attach_field(last, e.as_field());
                                continue;
                            }
                        }
                        let (fields, _) = split_children(&e);
                        let sign_off = fields.iter().find(|f| is_sign_off_key(&f.key)).cloned();
                        out.items.push(Constraint {
                            span: e.span,
                            text: e.text.clone(),
                            sign_off,
                            fields: fields
                                .into_iter()
                                .filter(|f| !is_sign_off_key(&f.key))
                                .collect(),
                        });
                    }
                }
                _ => {}
            }
        }
        out
    }

    fn goals(&self, body: &[Block], regression: bool) -> Vec<Goal> {
        // A short sub-heading such as "Already covered by the parent STP" opens a list of what
        // other plans test: not this plan's goals. The next short paragraph ends it.
        let mut lists: Vec<Vec<Goal>> = Vec::new();
        let mut covered_elsewhere = false;
        for block in body {
            match block {
                Block::Paragraph(p) => {
                    let text = Text::from_inlines(&p.content).text.to_ascii_lowercase();
                    if text.split_whitespace().count() <= 8 {
                        covered_elsewhere = text.contains("covered");
                    }
                }
                Block::List(list) if !covered_elsewhere => {
                    let items: Vec<Entry> = list
                        .items
                        .iter()
                        .map(|i| Entry::from_item(i, self.src))
                        .collect();
                    if !is_per_sig_list(&items) {
                        lists.push(items.into_iter().map(|e| goal(e, regression)).collect());
                    }
                }
                _ => {}
            }
        }
        // Where one list gives every goal a priority, a later list with none (under its own
        // label: "Storage Class Coverage", the combinations to test) details the goals
        // rather than adding to them.
        let prioritised = |list: &Vec<Goal>| list.iter().all(|g| g.priority.is_some());
        if let Some(first) = lists.iter().position(prioritised) {
            let mut at = 0;
            lists.retain(|list| {
                at += 1;
                at <= first + 1 || list.iter().any(|g| g.priority.is_some())
            });
        }
        lists.into_iter().flatten().collect()
    }

    /// Known or test limitations: the list form, and the table form of older plans (one
    /// limitation per row, its sign-off or agreement column read as the sign-off).
    fn limitations(&self, body: &[Block]) -> Constraints {
        let mut out = self.constraints(body);
        // With no list, no table and no "None", a limitation may be written as a sentence of
        // its own; the template's instructions ("Document any known limitations ...") and
        // lead-ins are not limitations.
        let tabled = self.has_table_rows(body);
        if out.items.is_empty() && out.none.is_none() && !tabled {
            for block in body {
                let Block::Paragraph(p) = block else { continue };
                let text = Text::from_inlines(&p.content);
                let t = text.trimmed();
                if t.split_whitespace().count() >= 5 && !t.ends_with(':') && !is_instruction(t) {
                    out.items.push(Constraint {
                        span: p.span,
                        text,
                        sign_off: None,
                        fields: Vec::new(),
                    });
                }
            }
        }
        for table in self.tables(body) {
            let cols = Columns::new(table);
            let item_col = cols.find(&["limitation", "item"]).or(Some(0));
            let sign_off_col = cols.find(&["agreement", "sign off", "sign-off", "approval"]);
            for row in &table.rows {
                let Some((text, _)) = cell_text(&row.cells, item_col) else {
                    continue;
                };
                let field = |col: usize| {
                    row.cells
                        .get(col)
                        .map(|cell| Field::from_cell(&cols.header(col), cell))
                };
                let fields = (0..row.cells.len())
                    .filter(|&c| Some(c) != item_col && Some(c) != sign_off_col)
                    .filter_map(field)
                    .collect();
                out.items.push(Constraint {
                    span: row.span,
                    text,
                    sign_off: sign_off_col.and_then(field),
                    fields,
                });
            }
        }
        out
    }

    fn out_of_scope(&self, body: &[Block]) -> OutOfScope {
        let constraints = self.constraints(body);
        let mut out = OutOfScope {
            present: true,
            none: constraints.none,
            items: Vec::new(),
        };
        for c in constraints.items {
            let mut rationale = None;
            let mut agreement = None;
            for f in c.fields.into_iter().chain(c.sign_off) {
                if f.key.contains("rationale") || f.key.contains("reason") {
                    rationale.get_or_insert(f);
                } else if f.key.contains("agreement") || is_sign_off_key(&f.key) {
                    agreement.get_or_insert(f);
                }
            }
            out.items.push(OutOfScopeItem {
                span: c.span,
                title: c.text,
                rationale,
                agreement,
            });
        }
        for table in self.tables(body) {
            let cols = Columns::new(table);
            let item_col = cols.find(&["scope", "item"]).or(Some(0));
            let rationale_col = cols.find(&["rationale", "reason"]);
            let agreement_col = cols.find(&["agreement", "sign off", "approval"]);
            for row in &table.rows {
                // A row with an empty item cell continues the rationale of the row above.
                let Some((title, _)) =
                    cell_text(&row.cells, item_col).filter(|(t, _)| !t.is_blank())
                else {
                    continue;
                };
                let cell_field = |col: Option<usize>| {
                    let col = col?;
                    row.cells
                        .get(col)
                        .map(|cell| Field::from_cell(&cols.header(col), cell))
                };
                out.items.push(OutOfScopeItem {
                    span: row.span,
                    title,
                    rationale: cell_field(rationale_col),
                    agreement: cell_field(agreement_col),
                });
            }
        }
        out
    }

    fn strategy(&self, body: &[Block]) -> Vec<StrategyItem> {
        let mut out = Vec::new();
        // Where the testing types are a table's rows, the lists around it are notes on them
        // (`- **Affected**: ...` under "Cross Integrations:"), not more types.
        let types_in_table = self.tables(body).any(|table| {
            let item_col = strategy_item_column(&Columns::new(table));
            table.rows.iter().any(|row| {
                cell_text(&row.cells, item_col).is_some_and(|(name, _)| {
                    StrategyKind::from_name(&name.text) != StrategyKind::Other
                })
            })
        });
        for e in self.entries(body) {
            let name = match &e.label {
                Some(_) => e.label_text(),
                None => {
                    let cut = e.text.text.find(" — ").unwrap_or(e.text.text.len());
                    e.text.slice_trimmed(0..cut, &[])
                }
            };
            let kind = StrategyKind::from_name(&name.text);
            if kind == StrategyKind::Other
                && e.mark.is_none()
                && (e.label.is_none() || types_in_table)
            {
                continue;
            }
            let details = e
                .find_field(&|k| {
                    k.contains("details") || k.contains("justification") || k.contains("comment")
                })
                .map(Entry::as_field);
            let details_span = details.as_ref().map(|d| d.span);
            let lines = e
                .nested_texts()
                .into_iter()
                .filter(|l| details_span.is_none_or(|s| !s.contains(l.span)))
                .collect();
            let description = (e.label.is_some() && !e.value.is_blank()).then(|| e.value.clone());
            out.push(StrategyItem {
                span: e.span,
                kind,
                covered: StrategyKind::all_from_name(&name.text),
                name,
                mark: e.mark.clone(),
                applicable: None,
                description,
                details,
                lines,
            });
        }
        for table in self.tables(body) {
            let cols = Columns::new(table);
            let item_col = strategy_item_column(&cols);
            let desc_col = cols.find(&["description"]);
            let applicable_col = cols.find(&["applicable"]);
            let comments_col = cols.find(&["comment", "details", "justification"]);
            for row in &table.rows {
                let Some((name, _)) = cell_text(&row.cells, item_col) else {
                    continue;
                };
                out.push(StrategyItem {
                    span: row.span,
                    kind: StrategyKind::from_name(&name.text),
                    covered: StrategyKind::all_from_name(&name.text),
                    name,
                    mark: None,
                    applicable: cell_text(&row.cells, applicable_col).map(|(t, _)| t),
                    description: cell_text(&row.cells, desc_col).map(|(t, _)| t),
                    details: comments_col.and_then(|c| {
                        row.cells
                            .get(c)
                            .map(|cell| Field::from_cell(&cols.header(c), cell))
                    }),
                    lines: Vec::new(),
                });
            }
        }
        out
    }

    fn entry_criteria(&self, body: &[Block]) -> Vec<ChecklistItem> {
        self.entries(body)
            .into_iter()
            .map(|e| ChecklistItem {
                span: e.span,
                mark: e.mark.clone(),
                name: e.text.clone(),
                fields: Vec::new(),
                lines: e.nested_texts(),
                comments: None,
                in_table: false,
            })
            .collect()
    }

    fn risks(&self, body: &[Block]) -> Vec<RiskCategory> {
        let mut out: Vec<RiskCategory> = Vec::new();
        for block in body {
            match block {
                Block::Paragraph(p) => {
                    if let Some(strong) = leading_strong(&p.content) {
                        let name =
                            Text::from_inlines(std::slice::from_ref(strong)).trim_matches(&[':']);
                        let rest = Text::from_inlines(&p.content[1..]);
                        if rest.is_blank() {
                            out.push(RiskCategory {
                                span: strong.span,
                                kind: RiskKind::from_name(&name.text).unwrap_or(RiskKind::Custom),
                                name,
                                mark: None,
                                risks: Vec::new(),
                            });
                        }
                    }
                }
                Block::List(list) => {
                    for item in &list.items {
                        let e = Entry::from_item(item, self.src);
                        self.risk_entry(&mut out, e);
                    }
                }
                Block::Table(table) => out.extend(self.risk_table(table)),
                _ => {}
            }
        }
        out
    }

    fn risk_entry(&self, out: &mut Vec<RiskCategory>, e: Entry) {
        let category_name = e
            .label
            .as_ref()
            .filter(|l| !l.colon)
            .and_then(|l| RiskKind::from_name(&l.text).map(|k| (k, l)));
        if let Some((kind, label)) = category_name {
            // `- [x] **Timeline/Schedule**` with the risk's fields nested under it.
            let name = e.label_text();
            let mut category = RiskCategory {
                span: label.span,
                name,
                kind,
                mark: e.mark.clone(),
                risks: Vec::new(),
            };
            let mut risk = empty_risk(e.span);
            for child in &e.children {
                add_risk_field(&mut risk, child);
            }
            category.risks.push(risk);
            out.push(category);
            return;
        }
        let Some(key) = e.field_key().map(str::to_string) else {
            return;
        };
        if out.is_empty() {
            out.push(RiskCategory {
                span: Span::empty(e.span.start),
                name: Text::default(),
                kind: RiskKind::Custom,
                mark: None,
                risks: Vec::new(),
            });
        }
        let category = out.last_mut().expect("pushed above");
        let starts_new = key == "risk"
            || category.risks.is_empty()
            || (key.starts_with("mitigation")
                && category
                    .risks
                    .last()
                    .is_some_and(|r| r.mitigation.is_some()));
        if starts_new {
            category.risks.push(empty_risk(e.span));
        }
        let risk = category.risks.last_mut().expect("pushed above");
        risk.span = risk.span.cover(e.span);
        add_risk_field(risk, &e);
        for child in &e.children {
            if child.field_key().is_some() {
                add_risk_field(risk, child);
            } else if let Some(field) = risk.risk.as_mut().filter(|_| key == "risk") {
                field.items.push(child.text.clone());
            } else if let Some(field) = risk.mitigation.as_mut() {
                field.items.push(child.text.clone());
            }
        }
    }

    fn risk_table(&self, table: &Table) -> Vec<RiskCategory> {
        let cols = Columns::new(table);
        let category_col = cols.find(&["category"]).or(Some(0));
        let risk_col = cols
            .find(&["specific risk", "risk for", "description"])
            .or_else(|| {
                (1..table.head.cells.len()).find(|c| {
                    cols.header(*c).to_lowercase().contains("risk") && Some(*c) != category_col
                })
            });
        let mitigation_col = cols.find(&["mitigation"]);
        let status_col = cols.find(&["status"]);
        let mut out = Vec::new();
        for row in &table.rows {
            let Some((name, cell)) = cell_text(&row.cells, category_col) else {
                continue;
            };
            let field = |col: Option<usize>| {
                let col = col?;
                row.cells
                    .get(col)
                    .map(|c| Field::from_cell(&cols.header(col), c))
            };
            out.push(RiskCategory {
                span: cell.span,
                kind: RiskKind::from_name(&name.text).unwrap_or(RiskKind::Custom),
                name,
                mark: None,
                risks: vec![Risk {
                    span: row.span,
                    risk: field(risk_col),
                    mitigation: field(mitigation_col),
                    sign_off: None,
                    supplemental: Vec::new(),
                    status: cell_text(&row.cells, status_col).map(|(t, _)| t),
                    no_risk: Default::default(),
                }],
            });
        }
        out
    }

    fn scenarios(&self, body: &[Block]) -> Vec<Scenario> {
        let mut out = Vec::new();
        // Where the scenarios are a table's rows, a list around it is notes on them (`3.
        // **Test: ...**` with its steps), unless an item says which scenario it is.
        let mut from_tables: Vec<Vec<Scenario>> = body
            .iter()
            .map(|b| match b {
                Block::Table(table) => scenario_table(table),
                _ => Vec::new(),
            })
            .collect();
        let in_table = from_tables.iter().any(|rows| !rows.is_empty());
        // A sub-heading that names a tier ("#### Tier 1 -- Functional Tests"), or a sentence
        // that gives one to all ("Everything will be tested in tier-2"), gives it to the
        // scenarios after it that name none.
        let mut heading_tier: Option<Tier> = None;
        for (i, block) in body.iter().enumerate() {
            let from = out.len();
            match block {
                Block::Heading(h) => {
                    heading_tier = read_tier(&Text::from_inlines(&h.content)).0;
                }
                Block::Paragraph(p) => {
                    let text = Text::from_inlines(&p.content);
                    heading_tier = section_wide_tier(&text).or(heading_tier);
                }
                Block::List(list) => {
                    for item in &list.items {
                        let e = Entry::from_item(item, self.src);
                        if in_table && !has_scenario_fields(&e) && !names_requirement(&e) {
                            continue;
                        }
                        scenario_entry(&mut out, &e);
                    }
                }
                Block::Table(_) => out.append(&mut from_tables[i]),
                _ => {}
            }
            for s in &mut out[from..] {
                s.tier = s.tier.or(heading_tier);
            }
        }
        out
    }

    fn sign_off(&self, body: &[Block]) -> SignOff {
        let mut out = SignOff::default();
        for e in self.entries(body) {
            let Some(key) = e.label.as_ref().map(|l| l.key.clone()) else {
                continue;
            };
            let mut lines: Vec<Text> = Vec::new();
            if !e.value.is_blank() {
                lines.push(e.value.clone());
            }
            lines.extend(e.children.iter().map(|c| c.text.clone()));
            let people = lines.iter().flat_map(parse_people);
            if key.starts_with("reviewer") {
                out.reviewers.extend(people);
                out.reviewer_lines.extend(lines);
            } else if key.starts_with("approver") {
                out.approvers.extend(people);
                out.approver_lines.extend(lines);
            }
        }
        out
    }

    /// Facts about the whole file: marks, comments, code fences, images, moved stubs.
    fn scan_document(&mut self, stp: &mut Stp) {
        let src = self.src;
        walk_blocks(self.blocks, &mut |block| match block {
            Block::List(list) => {
                for item in &list.items {
                    if let Some(task) = item.task {
                        stp.marks.push(Mark {
                            raw: src[task.span.range()].to_string(),
                            checked: task.checked,
                            span: task.span,
                        });
                    } else if let Some(lead) =
                        item.lead().filter(|p| starts_with_bracket(src, &p.content))
                    {
                        if let Some(mark) = Mark::at_start(&Text::from_inlines(&lead.content)) {
                            stp.marks.push(mark);
                        }
                    }
                }
            }
            Block::Table(table) => {
                for row in &table.rows {
                    for cell in row
                        .cells
                        .iter()
                        .filter(|c| starts_with_bracket(src, &c.content))
                    {
                        if let Some(mark) = Mark::at_start(&Text::from_inlines(&cell.content)) {
                            stp.marks.push(mark);
                        }
                    }
                }
            }
            Block::Html(html) => {
                let raw = &src[html.span.range()];
                let before = stp.comments.len();
                scan_comments(raw, html.span.start, &mut stp.comments);
                let comments: Vec<Span> = stp.comments[before..].iter().map(|c| c.span).collect();
                scan_img_tags(raw, html.span.start, &comments, &mut stp.images);
            }
            Block::Code(code) => stp.code_blocks.push(CodeFence {
                span: code.span,
                fenced: code.fenced,
                info: code.info.clone(),
            }),
            _ => {}
        });
        inline_runs(self.blocks, &mut |run| {
            walk_inlines(run, &mut |node| match &node.kind {
                InlineKind::Image { alt, .. } => stp.images.push(Image {
                    span: node.span,
                    alt: Text::from_inlines(alt).text,
                }),
                InlineKind::Html(tag) => {
                    if tag.starts_with("<!--") {
                        scan_comments(tag, node.span.start, &mut stp.comments);
                    } else {
                        scan_img_tags(tag, node.span.start, &[], &mut stp.images);
                    }
                }
                _ => {}
            })
        });
        stp.comments.sort_by_key(|c| c.span.start);
        // An unclosed comment hides up to the next `-->` a browser sees: the end of the next
        // comment that has one (a `-->` in code or prose is escaped, and closes nothing).
        let ends_closed = |c: &HtmlComment| src[c.span.range()].ends_with("-->");
        let mut closer = src.len();
        for comment in stp.comments.iter_mut().rev() {
            if ends_closed(comment) {
                closer = comment.span.end;
            } else {
                comment.hidden_until = closer;
            }
        }
        stp.marks.sort_by_key(|m| m.span.start);
        stp.marks.dedup_by_key(|m| m.span);
        // A moved-STP stub: the marker comment in a file that is not itself a plan.
        let stub = !is_recognisable(stp);
        stp.moved_to = stp.comments.iter().filter(|_| stub).find_map(|c| {
            let raw = &src[c.span.range()];
            let at = raw.find("STP-MOVED-TO:")?;
            let target = raw[at + "STP-MOVED-TO:".len()..]
                .trim_end_matches("-->")
                .trim();
            Some(target.to_string())
        });
        stp.suppressions = stp
            .comments
            .iter()
            .filter(|c| c.closed)
            .filter_map(|c| read_suppression(&src[c.span.range()], c.span, src))
            .collect();
    }
}

/// `<!-- stp-disable STP020, checkbox-mark -->`, `<!-- stp-enable -->`,
/// `<!-- stp-disable-next-line CHK-1 -->`, `<!-- stp-disable-line CHK-1 -->`.
fn read_suppression(raw: &str, span: Span, src: &str) -> Option<Suppression> {
    let body = raw
        .trim_start_matches("<!--")
        .trim_end_matches("-->")
        .trim();
    let (kind, rest) = if let Some(rest) = body.strip_prefix("stp-disable-next-line") {
        (SuppressionKind::NextLine, rest)
    } else if let Some(rest) = body.strip_prefix("stp-disable-line") {
        (SuppressionKind::Line, rest)
    } else if let Some(rest) = body.strip_prefix("stp-disable") {
        (SuppressionKind::Disable, rest)
    } else if let Some(rest) = body.strip_prefix("stp-enable") {
        (SuppressionKind::Enable, rest)
    } else {
        return None;
    };
    if rest.starts_with(|c: char| c.is_alphanumeric() || c == '-') {
        return None;
    }
    let rules = rest
        .split([',', ' '])
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_string)
        .collect();
    let line = src[..span.end].matches('\n').count();
    Some(Suppression {
        span,
        kind,
        rules,
        line,
    })
}

/// Whether inline content starts with `[` (a possible checkbox mark), without building text.
fn starts_with_bracket(src: &str, content: &[Inline]) -> bool {
    content.first().is_some_and(|n| {
        src[n.span.range()]
            .trim_start_matches(['*', '_', ' ', '\t'])
            .starts_with('[')
    })
}

fn empty_risk(span: Span) -> Risk {
    Risk {
        span,
        risk: None,
        mitigation: None,
        sign_off: None,
        supplemental: Vec::new(),
        status: None,
        no_risk: Default::default(),
    }
}

fn add_risk_field(risk: &mut Risk, entry: &Entry) {
    let Some(key) = entry.field_key() else { return };
    let key = key.to_string();
    let field = entry.as_field();
    if key == "risk" {
        risk.risk.get_or_insert(field);
    } else if key.starts_with("mitigation") {
        risk.mitigation.get_or_insert(field);
    } else if is_sign_off_key(&key) {
        risk.sign_off.get_or_insert(field);
    } else {
        risk.supplemental.push(field);
    }
}

/// A sign-off field's key: `sign off`, `signoff`, `signed off`, after up to two words of role
/// (`*PM Sign-off:*`, `*QE Lead sign-off:*`).
pub fn is_sign_off_key(key: &str) -> bool {
    let is_sign_off = |k: &str| {
        k.starts_with("sign off") || k.starts_with("signoff") || k.starts_with("signed off")
    };
    let mut rest = key;
    for _ in 0..3 {
        if is_sign_off(rest) {
            return true;
        }
        match rest.split_once(' ') {
            Some((_, after)) => rest = after,
            None => return false,
        }
    }
    false
}

/// "None", "N/A", "No known limitations", "None identified".
pub fn is_none_statement(text: &str) -> bool {
    let t = text.trim().trim_start_matches(['*', '_']);
    // Every statement below starts with an `n` (only `n` and `N` lower-case to one): most
    // texts are answered without lower-casing them.
    if !t.starts_with(['n', 'N']) {
        return false;
    }
    let t = t.to_lowercase();
    let first = t
        .split(|c: char| !c.is_alphanumeric() && c != '/')
        .next()
        .unwrap_or("");
    first == "none"
        || first == "n/a"
        || t.starts_with("no known")
        || (t.starts_with("no ") && t.contains("limitation"))
}

/// A paragraph that is only a field (`*Sign-off:* Name / date`).
fn paragraph_field(p: &Paragraph, text: &Text) -> Option<Field> {
    inline_field(&p.content, text, p.span)
}

/// The sign-off, agreement and like fields written on lines of their own after a paragraph's
/// first line: `None — reviewed ...` followed, after a line break inside the same paragraph,
/// by `*Sign-off:* [Name/Date]`.
fn fields_on_later_lines(p: &Paragraph) -> Vec<Field> {
    p.content
        .split(|n| matches!(n.kind, InlineKind::SoftBreak | InlineKind::HardBreak))
        .skip(1)
        .filter_map(|line| {
            let span = line.iter().map(|n| n.span).reduce(Span::cover)?;
            inline_field(line, &Text::from_inlines(line), span)
        })
        .filter(|f| is_constraint_field_key(&f.key))
        .collect()
}

/// A field written as inline content: an emphasised label ending with a colon, then its
/// value (`*Sign-off:* Jane Doe, 2026-05-01`).
fn inline_field(content: &[Inline], text: &Text, span: Span) -> Option<Field> {
    let first = content.first()?;
    let (InlineKind::Emphasis(c) | InlineKind::Strong(c)) = &first.kind else {
        return None;
    };
    let label = Text::from_inlines(c);
    let label_text = label.text.trim();
    if !label_text.ends_with(':') {
        return None;
    }
    let value = text.slice_trimmed(label.text.len()..text.text.len(), &[]);
    let label_text = label_text.trim_end_matches(':').trim().to_string();
    Some(Field {
        key: label_key(&label_text),
        label: label_text,
        label_span: first.span,
        value,
        span,
        items: Vec::new(),
        note: None,
    })
}

fn attach_field(c: &mut Constraint, field: Field) {
    if is_sign_off_key(&field.key) && c.sign_off.is_none() {
        c.sign_off = Some(field);
    } else {
        c.fields.push(field);
    }
}

/// The fields a limitation or an exclusion carries (`*Sign-off:*`, `*Rationale:*`,
/// `*PM/Lead Agreement:*`, ...), as opposed to a label that starts an item of its own.
fn is_constraint_field_key(key: &str) -> bool {
    is_sign_off_key(key)
        || [
            "agreement",
            "rationale",
            "reason",
            "constraint",
            "workaround",
            "approval",
        ]
        .iter()
        .any(|k| key.contains(k))
}

/// Children of an entry: labelled ones as fields (with their own children as items),
/// unlabelled ones as lines.
fn split_children(e: &Entry) -> (Vec<Field>, Vec<Text>) {
    let mut fields = Vec::new();
    let mut lines = Vec::new();
    for child in &e.children {
        if child.field_key().is_some() {
            fields.push(child.as_field());
        } else {
            lines.push(child.text.clone());
            lines.extend(child.nested_texts());
        }
    }
    (fields, lines)
}

/// The positions in `body` of the lists that directly follow a lead-in paragraph that `lead`
/// accepts (`paragraphs` holds each paragraph's text at its position).
fn lists_after(
    body: &[Block],
    paragraphs: &[Option<Text>],
    lead: impl Fn(&str) -> bool,
) -> Vec<usize> {
    (1..body.len())
        .filter(|&i| {
            matches!(body[i], Block::List(_))
                && paragraphs[i - 1].as_ref().is_some_and(|t| lead(&t.text))
        })
        .collect()
}

/// A sentence that tells the author what to write (a template's guidance left in): it opens
/// with an imperative such as "Document", "List" or "Describe".
fn is_instruction(text: &str) -> bool {
    const VERBS: &[&str] = &[
        "add",
        "capture",
        "define",
        "describe",
        "detail",
        "document",
        "enter",
        "explain",
        "fill",
        "identify",
        "include",
        "insert",
        "list",
        "mark",
        "note",
        "outline",
        "provide",
        "record",
        "replace",
        "specify",
        "state",
        "summarize",
        "use",
        "write",
    ];
    let first = text
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    VERBS.contains(&first.as_str())
}

/// The words of a paragraph that ends with a colon, before it: what a lead-in announces.
fn lead_in(text: &str) -> Option<&str> {
    text.trim().strip_suffix(':')
}

/// A paragraph that only introduces what follows: a few words ending with a colon.
fn is_lead_in(text: &str) -> bool {
    lead_in(text).is_some_and(|lead| lead.split_whitespace().count() <= 5)
}

/// A paragraph that announces what is in scope: "**In Scope:**", "In-scope items:" (a few
/// words ending with a colon, saying "in scope" and not "out").
fn is_in_scope_lead(text: &str) -> bool {
    lead_in(text).is_some_and(|lead| {
        let key = label_key(lead);
        key.split_whitespace().count() <= 4 && key.contains("in scope") && !key.contains("out")
    })
}

/// A paragraph that only announces notes: "Notes:", "**Important Notes:**" (a few words
/// ending with a colon, one of them a form of "note").
fn is_notes_lead(text: &str) -> bool {
    lead_in(text).is_some_and(|lead| {
        let words: Vec<&str> = lead.split_whitespace().collect();
        words.len() <= 3
            && words
                .iter()
                .any(|w| w.eq_ignore_ascii_case("note") || w.eq_ignore_ascii_case("notes"))
    })
}

/// A list that says which SIG does what: every item labelled with a SIG (`**sig-storage:**
/// ...`) and none with a priority. It names who tests, not what is tested, so its items are
/// not goals, even under a goals heading.
fn is_per_sig_list(items: &[Entry]) -> bool {
    !items.is_empty()
        && items.iter().all(|e| {
            e.label.as_ref().is_some_and(|l| {
                l.colon
                    && l.text
                        .get(..4)
                        .is_some_and(|p| p.eq_ignore_ascii_case("sig-"))
            }) && read_priority(&e.text).0.is_none()
        })
}

/// `[P0] text`, `**[P1]** text`, `P2: text` -> priority and the text after it.
fn read_priority(text: &Text) -> (Option<Priority>, Text) {
    let t = &text.text;
    let trimmed = t.trim_start();
    let lead = t.len() - trimmed.len();
    let bytes = trimmed.as_bytes();
    let (open, at) = match bytes.first() {
        Some(b'[') | Some(b'(') => (1, 1),
        _ => (0, 0),
    };
    if bytes.get(at) == Some(&b'P') && bytes.get(at + 1).is_some_and(u8::is_ascii_digit) {
        let level = bytes[at + 1] - b'0';
        let mut end = at + 2;
        if open == 1 {
            if !matches!(bytes.get(end), Some(b']') | Some(b')')) {
                return (None, text.clone());
            }
            end += 1;
        } else if !matches!(bytes.get(end), None | Some(b' ') | Some(b':') | Some(b'-')) {
            return (None, text.clone());
        }
        let span = text.source_span(lead..lead + end);
        let rest = text.slice_trimmed(lead + end..t.len(), &[':', '-', '—', '–']);
        return (Some(Priority { level, span }), rest);
    }
    (None, text.clone())
}

/// A priority closing the text: `... verify the error. **P1**`, `... (P2)`.
fn trailing_priority(text: &Text) -> Option<Priority> {
    let b = text
        .text
        .trim_end_matches([' ', '.', ')', ']', '*'])
        .as_bytes();
    let n = b.len();
    let closes = n >= 2 && b[n - 2] == b'P' && b[n - 1].is_ascii_digit();
    // `P1` as a word of its own, not the end of `VP1`.
    let own_word = n == 2 || (n > 2 && matches!(b[n - 3], b' ' | b'(' | b'[' | b'*'));
    (closes && own_word).then(|| Priority {
        level: b[n - 1] - b'0',
        span: text.source_span(n - 2..n),
    })
}

/// `P0`, `[P1]`, `P2 (nice to have)` anywhere at the start of a value.
fn priority_in(text: &Text) -> Option<Priority> {
    let t = &text.text;
    let at = t.find('P')?;
    let digit = t.as_bytes().get(at + 1).filter(|b| b.is_ascii_digit())?;
    if !t[..at]
        .trim_matches(|c: char| c.is_whitespace() || c == '[' || c == '(')
        .is_empty()
    {
        return None;
    }
    Some(Priority {
        level: digit - b'0',
        span: text.source_span(at..at + 2),
    })
}

/// Further tiers listed in lower-case `s` (` and tier 3`, `/3`, `, t3`): how many bytes they
/// take, and which they are (bit `n` for tier `n`).
fn more_tiers(s: &str) -> (usize, u16) {
    let mut rest = s;
    let mut listed = 0u16;
    loop {
        let after_joiner = rest.trim_start();
        let Some(after_joiner) = ["and", "or", "/", ",", "+", "&"]
            .iter()
            .find_map(|j| after_joiner.strip_prefix(j))
        else {
            break;
        };
        let tier = after_joiner.trim_start();
        let tier = tier
            .strip_prefix("tier")
            .map(|t| t.trim_start_matches([' ', '-', '_']))
            .or_else(|| tier.strip_prefix('t'))
            .unwrap_or(tier);
        let Some(&digit) = tier.as_bytes().first().filter(|b| b.is_ascii_digit()) else {
            break;
        };
        listed |= 1 << (digit - b'0');
        rest = &tier[1..];
    }
    (s.len() - rest.len(), listed)
}

/// A table cell's tier (see [`read_tier`]); when it names several (`Tier 1 (Functional),
/// Tier 2 (E2E)`), the highest: the scenario runs there too.
fn cell_tier(text: &Text) -> Option<Tier> {
    let mut tier = read_tier(text).0?;
    let lower = text.text.to_ascii_lowercase();
    let later = lower
        .match_indices("tier")
        .map(|(at, _)| at)
        .filter(|&at| at > 0 && !lower.as_bytes()[at - 1].is_ascii_alphanumeric());
    for at in later {
        if let Some(more) = read_tier(&text.slice_trimmed(at..text.text.len(), &[])).0 {
            if (1..=3).contains(&more.level)
                && (more.level > tier.level || !(1..=3).contains(&tier.level))
            {
                tier = more;
            }
        }
    }
    Some(tier)
}

/// `[Tier 2] text` -> tier and text after; `Tier 2`/`T2`/`tier2`/`2` as a whole value -> tier.
fn read_tier(text: &Text) -> (Option<Tier>, Text) {
    let t = &text.text;
    let lower = t.to_ascii_lowercase();
    let trimmed = lower.trim_start();
    let lead = t.len() - trimmed.len();
    let (open, at) = if trimmed.starts_with('[') {
        (1, 1)
    } else {
        (0, 0)
    };
    // `Tier 1`, `tier1`, `Tier-1`, and the short `T1`.
    let word = if trimmed[at..].starts_with("tier") {
        Some(4)
    } else if trimmed[at..].starts_with('t') {
        Some(1)
    } else {
        None
    };
    if let Some(word) = word {
        let after = &trimmed[at + word..];
        let gap = if word == 4 {
            after.len() - after.trim_start_matches([' ', '-', '_']).len()
        } else {
            0
        };
        let digit_at = at + word + gap;
        let bytes = trimmed.as_bytes();
        let ends_word = bytes
            .get(digit_at + 1)
            .is_none_or(|b| !b.is_ascii_alphanumeric());
        if let Some(d) = bytes
            .get(digit_at)
            .filter(|b| b.is_ascii_digit() && ends_word)
        {
            let mut end = digit_at + 1;
            let mut level = d - b'0';
            if open == 1 {
                // `[Tier 2 and Tier 3]`, `[Tier 2/3]`: the scenario runs in the highest too.
                // All three (`[Tier 1/2/3]`) is the template's prompt to pick one.
                let (more, others) = more_tiers(&trimmed[end..]);
                let listed = others | 1 << level;
                if listed & 0b1110 == 0b1110 {
                    return (None, text.clone());
                }
                // The highest of tiers 1-3, when there is one (`[Tier 2/4]` is Tier 2).
                let known = match listed & 0b1110 {
                    0 => listed,
                    known => known,
                };
                level = (15 - known.leading_zeros()) as u8;
                end += more;
                if trimmed.as_bytes().get(end) != Some(&b']') {
                    return (None, text.clone());
                }
                end += 1;
            }
            let span = text.source_span(lead..lead + end);
            let rest = text.slice_trimmed(lead + end..t.len(), &[':', '-', '—']);
            return (Some(Tier { level, span }), rest);
        }
    }
    let bare = t.trim();
    if bare.len() == 1 && bare.as_bytes()[0].is_ascii_digit() {
        let start = t.find(bare).unwrap_or(0);
        return (
            Some(Tier {
                level: bare.as_bytes()[0] - b'0',
                span: text.source_span(start..start + 1),
            }),
            Text::default(),
        );
    }
    (None, text.clone())
}

/// The tier a sentence gives every scenario: a word for all of them ("Everything", "All
/// scenarios") and, later in the same sentence, the first tier named ("... will be tested in
/// tier-2, as ... cannot test it in tier-1" is Tier 2).
fn section_wide_tier(text: &Text) -> Option<Tier> {
    const ALL: [&str; 6] = [
        "everything",
        "all scenarios",
        "all test scenarios",
        "all the scenarios",
        "all tests",
        "every scenario",
    ];
    let lower = text.text.to_ascii_lowercase();
    let after = ALL
        .iter()
        .filter_map(|p| crate::prose::find_phrase(&lower, p).map(|r| r.end))
        .min()?;
    let at = after + lower[after..].find("tier")?;
    if lower[after..at].contains(". ") {
        return None;
    }
    read_tier(&text.slice(at..text.text.len())).0
}

/// The requirement ID an item opens with: `[CNV-1] — summary`, `**CNV-1** — summary`.
fn read_requirement(e: &Entry) -> Option<(Text, Text)> {
    let t = &e.text.text;
    let trimmed = t.trim_start();
    let lead = t.len() - trimmed.len();
    let (id_range, rest_start) = if trimmed.starts_with('[') {
        let close = trimmed.find(']')?;
        // The template's prompt (`[Jira-123]`) keeps its brackets, as the table layout's
        // cell does: it is a placeholder standing where an ID belongs, not an ID.
        let inner = &trimmed[1..close];
        if crate::recognise::is_prompt(inner) {
            (lead..lead + close + 1, lead + close + 1)
        } else {
            (lead + 1..lead + close, lead + close + 1)
        }
    } else if let Some(label) = e
        .label
        .as_ref()
        .filter(|l| !l.colon && l.style != LabelStyle::Plain)
    {
        let at = t.find(&label.text)?;
        (at..at + label.text.len(), at + label.text.len())
    } else {
        let end = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
        let token = &trimmed[..end];
        if !crate::recognise::is_jira_key(token.trim_end_matches([':', ','])) {
            return None;
        }
        (lead..lead + end, lead + end)
    };
    let id = e.text.slice_trimmed(id_range, &[]);
    let summary = e
        .text
        .slice_trimmed(rest_start..t.len(), &['—', '–', '-', ':', '|']);
    Some((id, summary))
}

/// Whether a list item has scenario, priority or tier lines under it.
fn has_scenario_fields(e: &Entry) -> bool {
    e.children
        .iter()
        .filter_map(Entry::field_key)
        .any(|key| ScenarioLine::of(key).is_some())
}

/// The lines under a list-layout scenario entry, by their label.
enum ScenarioLine {
    Scenario,
    Priority,
    Tier,
}

impl ScenarioLine {
    fn of(key: &str) -> Option<ScenarioLine> {
        if key.contains("scenario") {
            Some(ScenarioLine::Scenario)
        } else if key.contains("priority") {
            Some(ScenarioLine::Priority)
        } else if key.contains("tier") {
            Some(ScenarioLine::Tier)
        } else {
            None
        }
    }
}

/// Whether a list item starts with a requirement ID: a Jira key (`**CNV-123**`), or anything
/// in the list layout's brackets (`[CNV-123]`, `[TBD]`).
fn names_requirement(e: &Entry) -> bool {
    e.text.text.trim_start().starts_with('[')
        || read_requirement(e).is_some_and(|(id, _)| crate::recognise::is_jira_key(id.text.trim()))
}

fn scenario_entry(out: &mut Vec<Scenario>, e: &Entry) {
    let requirement = read_requirement(e);
    let mut made: Vec<Scenario> = Vec::new();
    let new = |span: Span| Scenario {
        span,
        requirement: None,
        continuation: false,
        summary: None,
        text: None,
        tier: None,
        priority: None,
    };
    for child in &e.children {
        let Some(line) = child.field_key().and_then(ScenarioLine::of) else {
            continue;
        };
        if let ScenarioLine::Scenario = line {
            let (tier, text) = read_tier(&child.value);
            let mut s = new(child.span);
            s.tier = tier;
            s.text = Some(text);
            made.push(s);
            continue;
        }
        // A priority or tier line belongs to the scenario above it.
        if made.is_empty() {
            made.push(new(child.span));
        }
        let s = made.last_mut().expect("non-empty");
        match line {
            ScenarioLine::Priority => s.priority = s.priority.or(priority_in(&child.value)),
            _ => s.tier = s.tier.or(read_tier(&child.value).0),
        }
        s.span = s.span.cover(child.span);
    }
    // A requirement whose sub-items are its scenarios, each with its priority at the end
    // (`Concurrent restore rejection: ... **P1**`): when some sub-item says its priority or
    // tier (and none is a scenario field, above), every sub-item is a scenario.
    if made.is_empty() && requirement.is_some() {
        let marked =
            |c: &Entry| trailing_priority(&c.text).is_some() || read_tier(&c.text).0.is_some();
        if e.children.iter().any(marked) {
            for c in &e.children {
                let (tier, text) = read_tier(&c.text);
                let mut s = new(c.span);
                s.priority = trailing_priority(&c.text).or(priority_in(&c.text));
                s.tier = tier;
                s.text = Some(text);
                made.push(s);
            }
        }
    }
    if requirement.is_none() && made.is_empty() {
        return;
    }
    if made.is_empty() {
        made.push(new(e.span));
    }
    for (i, mut s) in made.into_iter().enumerate() {
        if i == 0 {
            s.span = e.span.cover(s.span);
            if let Some((id, summary)) = &requirement {
                s.requirement = Some(id.clone()).filter(|t| !t.is_blank());
                s.summary = Some(summary.clone()).filter(|t| !t.is_blank());
            }
        } else {
            s.continuation = true;
        }
        out.push(s);
    }
}

fn scenario_table(table: &Table) -> Vec<Scenario> {
    let cols = Columns::new(table);
    if !cols.has(&["requirement", "scenario", "tier"]) {
        return Vec::new();
    }
    let id_col = cols
        .find(&["requirement id", "requirement", "jira", "id"])
        .or(Some(0));
    let summary_col = cols.find(&["summary"]);
    let scenario_col = cols.find(&["scenario"]);
    let tier_col = cols.find(&["tier"]);
    // Older plans name the tier in a "Test Type(s)" column: `tier1 automation`.
    let type_col = cols.find(&["type"]);
    let priority_col = cols.find(&["priority"]);
    let mut out: Vec<Scenario> = Vec::new();
    // A row naming a requirement with no scenario, tier or priority of its own, before rows
    // with a blank ID: a heading for the scenarios under it, which take its ID.
    let mut heading: Option<Scenario> = None;
    for row in &table.rows {
        let cells: Vec<Text> = row.cells.iter().map(cell_value).collect();
        let cell = |col: Option<usize>| col.and_then(|c| cells.get(c));
        let filled = |col: Option<usize>| cell(col).filter(|t| !t.is_blank()).cloned();
        let id = filled(id_col);
        let (tier_from_text, text) = match cell(scenario_col) {
            Some(t) => {
                let (tier, rest) = read_tier(t);
                (tier, Some(rest).filter(|t| !t.is_blank()))
            }
            None => (None, None),
        };
        let mut scenario = Scenario {
            span: row.span,
            continuation: id.is_none() && (!out.is_empty() || heading.is_some()),
            requirement: id,
            summary: filled(summary_col),
            text,
            tier: cell(tier_col)
                .and_then(cell_tier)
                .or(tier_from_text)
                .or_else(|| cell(type_col).and_then(cell_tier)),
            priority: cell(priority_col).and_then(priority_in),
        };
        // A row with nothing but scenario text carries on the scenario above it (its text
        // wrapped onto a second row).
        let only_scenario_text = scenario.text.is_some()
            && cells
                .iter()
                .enumerate()
                .all(|(c, t)| Some(c) == scenario_col || t.is_blank());
        if only_scenario_text && heading.is_none() {
            if let Some(above) = out.last_mut().filter(|s| s.text.is_some()) {
                let (above_text, more) = (
                    above.text.take().expect("filtered"),
                    scenario.text.take().expect("checked"),
                );
                above.text = Some(Text::join(&[above_text, more], "\n"));
                above.span = above.span.cover(row.span);
                continue;
            }
        }
        if scenario.requirement.is_some()
            && scenario.text.is_none()
            && scenario.tier.is_none()
            && scenario.priority.is_none()
        {
            out.extend(heading.replace(scenario));
            continue;
        }
        if let Some(head) = heading.take() {
            if scenario.requirement.is_none() {
                scenario.requirement = head.requirement;
                scenario.summary = scenario.summary.or(head.summary);
                scenario.continuation = false;
            } else {
                out.push(head);
            }
        }
        out.push(scenario);
    }
    out.extend(heading);
    out
}

/// The individual acceptance criteria under the "Acceptance Criteria" review item.
fn acceptance_criteria(items: &[ChecklistItem]) -> Vec<Text> {
    let Some(item) = items
        .iter()
        .find(|i| label_key(&i.name.text).contains("acceptance criteria"))
    else {
        return Vec::new();
    };
    let field = item.fields.iter().find(|f| {
        f.key.contains("acceptance criteria")
            || f.key.contains("details")
            || f.key.contains("notes")
    });
    if let Some(f) = field {
        if !f.items.is_empty() {
            return f.items.clone();
        }
        if !f.value.is_blank() {
            return split_numbered(&f.value);
        }
    }
    item.lines
        .iter()
        .filter(|l| !l.is_blank())
        .cloned()
        .collect()
}

/// A table cell holding several criteria separated by `<br>` or numbering.
fn split_numbered(text: &Text) -> Vec<Text> {
    let mut out = Vec::new();
    for line in text.lines() {
        let t = &line.text;
        let mut starts = Vec::new();
        let bytes = t.as_bytes();
        for i in 0..bytes.len() {
            let at_boundary = i == 0 || bytes[i - 1] == b' ';
            if at_boundary && bytes[i].is_ascii_digit() {
                let mut j = i;
                while j < bytes.len() && bytes[j].is_ascii_digit() {
                    j += 1;
                }
                if matches!(bytes.get(j), Some(b'.') | Some(b')'))
                    && bytes.get(j + 1) == Some(&b' ')
                {
                    starts.push((i, j + 2));
                }
            }
        }
        if starts.len() < 2 {
            out.push(line);
            continue;
        }
        for (k, (_, content_start)) in starts.iter().enumerate() {
            let end = starts.get(k + 1).map(|s| s.0).unwrap_or(t.len());
            let piece = line.slice_trimmed(*content_start..end, &[]);
            if !piece.is_blank() {
                out.push(piece);
            }
        }
    }
    out
}

fn scan_comments(raw: &str, base: usize, out: &mut Vec<HtmlComment>) {
    let mut from = 0;
    while let Some(open) = raw[from..].find("<!--") {
        let start = from + open;
        match raw[start + 4..].find("-->") {
            Some(close) => {
                let end = start + 4 + close + 3;
                // Another `<!--` before the `-->`: this comment lost its own end, and the
                // next one's closes both, hiding what lies between.
                let lost_its_end = raw[start + 4..start + 4 + close].contains("<!--");
                out.push(HtmlComment {
                    span: Span::new(base + start, base + end),
                    closed: !lost_its_end,
                    hidden_until: base + end,
                });
                from = end;
            }
            None => {
                out.push(HtmlComment {
                    span: Span::new(base + start, base + raw.len()),
                    closed: false,
                    hidden_until: base + raw.len(),
                });
                return;
            }
        }
    }
}

/// `<img>` tags in raw HTML, except inside the given comment spans.
fn scan_img_tags(raw: &str, base: usize, comments: &[Span], out: &mut Vec<Image>) {
    let lower = raw.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find("<img") {
        let start = from + at;
        if comments
            .iter()
            .any(|c| c.start <= base + start && base + start < c.end)
        {
            from = start + 4;
            continue;
        }
        let end = lower[start..]
            .find('>')
            .map(|e| start + e + 1)
            .unwrap_or(raw.len());
        let tag = &raw[start..end];
        let alt = attribute(tag, "alt").unwrap_or_default();
        out.push(Image {
            span: Span::new(base + start, base + end),
            alt,
        });
        from = end;
    }
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let at = lower.find(&format!(" {name}="))?;
    let rest = &tag[at + name.len() + 2..];
    let quote = rest.chars().next()?;
    if quote == '"' || quote == '\'' {
        let end = rest[1..].find(quote)?;
        Some(rest[1..1 + end].to_string())
    } else {
        Some(rest.split([' ', '>', '/']).next().unwrap_or("").to_string())
    }
}
