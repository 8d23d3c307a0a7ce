//! Upstream Ginkgo specs (Tier 1), read with tree-sitter's Go grammar.
//!
//! Containers (`Describe`, `Context`, `When`, `DescribeTable`, their focused and pending
//! forms) give the spec's full text; specs are `It`, `Specify`, `Entry` and their forms.
//! A spec is a stub when it is pending (`PIt`, `XIt`, `PendingIt`, the `Pending` decorator, a
//! pending container) or when its body skips unconditionally (`Skip(...)` as a top-level
//! statement); a `Skip` under a condition is gating, not a stub. Polarion test-case numbers
//! come from `[test_id:NNNN]` in the texts.

use super::{relative, ScanError, Std, Test, TestKind};
use std::path::Path;
use tree_sitter::{Node, Parser};

const CONTAINERS: &[&str] = &[
    "Describe",
    "Context",
    "When",
    "DescribeTable",
    "DescribeTableSubtree",
    "FDescribe",
    "FContext",
    "FWhen",
    "FDescribeTable",
    "PDescribe",
    "PContext",
    "PWhen",
    "PDescribeTable",
    "XDescribe",
    "XContext",
    "XWhen",
    "XDescribeTable",
];

const SPECS: &[&str] = &[
    "It",
    "Specify",
    "Entry",
    "FIt",
    "FSpecify",
    "FEntry",
    "PIt",
    "PSpecify",
    "PEntry",
    "PendingIt",
    "XIt",
    "XSpecify",
    "XEntry",
];

fn is_pending_name(name: &str) -> bool {
    name.starts_with('P') || name.starts_with('X')
}

/// The called name: `It` or `ginkgo.It` -> `It`.
fn callee<'t>(call: Node, src: &'t [u8]) -> Option<&'t str> {
    let f = call.child_by_field_name("function")?;
    let name = match f.kind() {
        "identifier" => f,
        "selector_expression" => f.child_by_field_name("field")?,
        _ => return None,
    };
    name.utf8_text(src).ok()
}

/// A Go string literal's value (interpreted strings unescaped for the common escapes).
fn string_value(node: Node, src: &[u8]) -> Option<String> {
    let raw = node.utf8_text(src).ok()?;
    match node.kind() {
        "raw_string_literal" => Some(raw.trim_matches('`').to_string()),
        "interpreted_string_literal" => {
            let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
            Some(
                inner
                    .replace("\\\"", "\"")
                    .replace("\\n", " ")
                    .replace("\\t", " ")
                    .replace("\\\\", "\\"),
            )
        }
        _ => None,
    }
}

fn arguments(call: Node) -> Vec<Node> {
    let Some(args) = call.child_by_field_name("arguments") else {
        return Vec::new();
    };
    let mut cursor = args.walk();
    args.named_children(&mut cursor).collect()
}

struct Frame {
    texts: Vec<String>,
    pending: bool,
    labels: Vec<String>,
}

struct Scan<'s> {
    src: &'s [u8],
    rel: String,
    out: Vec<Test>,
}

impl Scan<'_> {
    fn line(node: Node) -> usize {
        node.start_position().row + 1
    }

    /// Text, decorators and labels of a container or spec call.
    fn describe<'t>(&self, call: Node<'t>) -> (String, bool, Vec<String>, Option<Node<'t>>) {
        let args = arguments(call);
        let mut text = String::new();
        let mut pending = false;
        let mut labels = Vec::new();
        let mut body = None;
        for (i, a) in args.iter().enumerate() {
            match a.kind() {
                "interpreted_string_literal" | "raw_string_literal" if i == 0 => {
                    text = string_value(*a, self.src).unwrap_or_default();
                }
                "func_literal" => body = body.or(Some(*a)),
                "identifier" | "selector_expression" => {
                    let name = a.utf8_text(self.src).unwrap_or("");
                    let short = name.rsplit('.').next().unwrap_or(name);
                    if short == "Pending" {
                        pending = true;
                    } else if i > 0 {
                        labels.push(short.to_string());
                    } else {
                        text = name.to_string();
                    }
                }
                "call_expression" => {
                    if callee(*a, self.src) == Some("Label") {
                        for l in arguments(*a) {
                            if let Some(s) = string_value(l, self.src) {
                                labels.push(s);
                            }
                        }
                    } else if i == 0 {
                        text = a.utf8_text(self.src).unwrap_or("").to_string();
                    }
                }
                _ if i == 0 => text = a.utf8_text(self.src).unwrap_or("").to_string(),
                _ => {}
            }
        }
        (text, pending, labels, body)
    }

    fn walk(&mut self, node: Node, frame: &mut Frame) {
        if node.kind() == "call_expression" {
            if let Some(name) = callee(node, self.src) {
                if CONTAINERS.contains(&name) {
                    let (text, pending, labels, _) = self.describe(node);
                    frame.texts.push(text);
                    let was_pending = frame.pending;
                    frame.pending |= pending || is_pending_name(name);
                    let n_labels = frame.labels.len();
                    frame.labels.extend(labels);
                    self.children(node, frame);
                    frame.labels.truncate(n_labels);
                    frame.pending = was_pending;
                    frame.texts.pop();
                    return;
                }
                if SPECS.contains(&name) {
                    self.spec(node, name, frame);
                    return;
                }
            }
        }
        self.children(node, frame);
    }

    fn children(&mut self, node: Node, frame: &mut Frame) {
        let mut cursor = node.walk();
        let children: Vec<Node> = node.named_children(&mut cursor).collect();
        for child in children {
            self.walk(child, frame);
        }
    }

    fn spec(&mut self, call: Node, name: &str, frame: &Frame) {
        let (text, pending, labels, body) = self.describe(call);
        let (skipped, gating) = body.map(|b| self.skips(b)).unwrap_or_default();
        let full: Vec<&str> = frame
            .texts
            .iter()
            .map(String::as_str)
            .chain(std::iter::once(text.as_str()))
            .filter(|t| !t.is_empty())
            .collect();
        let full = full.join(" ");
        let mut polarion: Vec<String> = test_ids(&full);
        polarion.sort();
        polarion.dedup();
        let mut markers: Vec<String> = frame.labels.iter().cloned().chain(labels).collect();
        markers.sort();
        markers.dedup();
        let jira = crate::recognise::jira_keys(&full)
            .map(|r| full[r].to_string())
            .collect();
        self.out.push(Test {
            id: format!("{}: {full}", self.rel),
            path: self.rel.clone(),
            line: Self::line(call),
            kind: TestKind::Ginkgo,
            link: None,
            polarion,
            jira,
            markers,
            tier: Some(1),
            stub: frame.pending || pending || is_pending_name(name) || skipped,
            std: Std {
                summary: text,
                ..Std::default()
            },
            config_plan: None,
            gating,
        });
    }

    /// Whether a spec body skips unconditionally (a top-level `Skip(...)` statement), and
    /// the reasons of conditional skips.
    fn skips(&self, func: Node) -> (bool, Vec<String>) {
        let Some(block) = func.child_by_field_name("body") else {
            return (false, Vec::new());
        };
        let mut unconditional = false;
        let mut gating = Vec::new();
        // Newer grammars wrap a block's statements in a `statement_list`.
        let mut cursor = block.walk();
        let mut statements: Vec<Node> = Vec::new();
        for child in block.named_children(&mut cursor) {
            if child.kind() == "statement_list" {
                let mut inner = child.walk();
                statements.extend(child.named_children(&mut inner));
            } else {
                statements.push(child);
            }
        }
        for st in statements {
            let direct = st.kind() == "expression_statement"
                && st.named_child(0).is_some_and(|c| {
                    c.kind() == "call_expression" && callee(c, self.src) == Some("Skip")
                });
            if direct {
                unconditional = true;
                continue;
            }
            self.find_skips(st, &mut gating);
        }
        (unconditional, gating)
    }

    fn find_skips(&self, node: Node, out: &mut Vec<String>) {
        if node.kind() == "func_literal" {
            return;
        }
        if node.kind() == "call_expression" && callee(node, self.src) == Some("Skip") {
            let reason = arguments(node)
                .first()
                .map(|a| {
                    string_value(*a, self.src)
                        .unwrap_or_else(|| a.utf8_text(self.src).unwrap_or("").to_string())
                })
                .unwrap_or_default();
            out.push(format!("skip: {reason}"));
        }
        let mut cursor = node.walk();
        let children: Vec<Node> = node.named_children(&mut cursor).collect();
        for c in children {
            self.find_skips(c, out);
        }
    }
}

/// `[test_id:1234]` numbers in a spec text (also `[test_id:1234][test_id:5678]`).
fn test_ids(text: &str) -> Vec<String> {
    text.match_indices("test_id:")
        .map(|(i, m)| {
            text[i + m.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
        })
        .filter(|n| !n.is_empty())
        .collect()
}

/// The specs of Go source; `rel` names the file in ids.
pub fn scan_source(rel: &str, text: &str) -> Result<Vec<Test>, String> {
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_go::LANGUAGE.into())
        .map_err(|e| format!("cannot load the Go grammar: {e}"))?;
    let tree = parser
        .parse(text, None)
        .ok_or_else(|| format!("{rel}: cannot parse as Go"))?;
    let mut scan = Scan {
        src: text.as_bytes(),
        rel: rel.to_string(),
        out: Vec::new(),
    };
    let mut frame = Frame {
        texts: Vec::new(),
        pending: false,
        labels: Vec::new(),
    };
    scan.walk(tree.root_node(), &mut frame);
    Ok(scan.out)
}

pub fn scan_file(root: &Path, path: &Path) -> Result<Vec<Test>, ScanError> {
    let rel = relative(root, path);
    let fail = |message: String| ScanError {
        path: rel.clone(),
        message,
    };
    let text = super::read_source(path).map_err(fail)?;
    scan_source(&rel, &text).map_err(fail)
}
