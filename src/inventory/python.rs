//! pytest suites, read with ruff's Python parser.
//!
//! For each test function (module level, or in a `Test*` class, nested classes included) it
//! collects what pytest would attach at collection: markers from decorators, from the class
//! (decorators and a `pytestmark` attribute) and from the module's `pytestmark`; one test per
//! parametrize case, with the id pytest prints (explicit `ids=` / `pytest.param(id=)`, else
//! derived from literal values the way pytest does, else `argname` + index) and the case's
//! own `marks=`; fixtures with `params=` (in the module or in a `conftest.py` above it) expand
//! a test the same way. Polarion IDs come from `polarion` markers wherever they are.
//!
//! The implicit tier rule is read from the repository's `conftest.py`: the function that adds
//! the `tier2` marker at collection names the list of markers that exclude a test from it, and
//! a function that adds team markers by directory names the directory → marker table. Both are
//! evaluated as literals, never executed.

use super::docstring::{self, Docstring};
use super::mtv::MtvConfig;
use super::{relative, ScanError, Std, Test, TestKind};
use ruff_python_ast::visitor::{walk_expr, walk_stmt, Visitor};
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::Ranged;
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// How the repository decides a test's tier when it has no tier marker.
#[derive(Debug, Clone, Serialize)]
pub struct TierRule {
    /// Markers that keep a test out of the implicit `tier2`.
    pub exclusions: Vec<String>,
    /// `file:line` of the list.
    pub source: String,
    /// Markers added by the test's directory (the second path component, `tests/<dir>/`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub directory_markers: Vec<(String, Vec<String>)>,
}

/// One parametrize case (or fixture param): its id and its marks.
#[derive(Debug, Clone, Default)]
struct Case {
    id: String,
    marks: Vec<Mark>,
}

/// A fixture with `params=`, as its cases.
#[derive(Debug, Clone)]
struct ParamFixture {
    cases: Vec<Case>,
}

/// What the scan of every file shares: the tier rule and the parametrized fixtures of each
/// `conftest.py`, keyed by the conftest's directory relative to the root.
#[derive(Debug, Default)]
pub struct RepoContext {
    pub tier_rule: Option<TierRule>,
    fixtures: HashMap<String, HashMap<String, ParamFixture>>,
}

/// A marker application: `pytest.mark.NAME(args)`.
#[derive(Debug, Clone)]
struct Mark {
    name: String,
    /// The first positional argument when it is a string literal.
    first_string: Option<String>,
    /// Source of a `skipif` condition and reason, for gating.
    gate: Option<String>,
}

/// Byte offset → 1-based line.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Lines(starts)
    }
    fn line(&self, offset: usize) -> usize {
        match self.0.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

fn parse(path: &Path, text: &str) -> Result<ast::ModModule, String> {
    ruff_python_parser::parse_module(text)
        .map(|p| p.into_syntax())
        .map_err(|e| {
            format!(
                "{}: cannot parse as Python: {e}",
                crate::check::display(path)
            )
        })
}

fn string(expr: &Expr) -> Option<String> {
    match expr {
        Expr::StringLiteral(s) => Some(s.value.to_str().to_string()),
        _ => None,
    }
}

fn strings(expr: &Expr) -> Option<Vec<String>> {
    match expr {
        Expr::List(l) => l.elts.iter().map(string).collect(),
        Expr::Tuple(t) => t.elts.iter().map(string).collect(),
        Expr::Set(s) => s.elts.iter().map(string).collect(),
        _ => None,
    }
}

fn elements(expr: &Expr) -> Option<&[Expr]> {
    match expr {
        Expr::List(l) => Some(&l.elts),
        Expr::Tuple(t) => Some(&t.elts),
        _ => None,
    }
}

/// `pytest.mark.NAME`, `mark.NAME`: the NAME.
fn mark_name(expr: &Expr) -> Option<&str> {
    let Expr::Attribute(attr) = expr else {
        return None;
    };
    let is_mark = match attr.value.as_ref() {
        Expr::Attribute(inner) => {
            inner.attr.as_str() == "mark"
                && matches!(inner.value.as_ref(), Expr::Name(n) if n.id.as_str() == "pytest")
        }
        Expr::Name(n) => n.id.as_str() == "mark",
        _ => false,
    };
    is_mark.then(|| attr.attr.as_str())
}

fn keyword<'e>(call: &'e ast::ExprCall, name: &str) -> Option<&'e Expr> {
    call.arguments
        .keywords
        .iter()
        .find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == name))
        .map(|k| &k.value)
}

/// `pytest.X(...)` calls (`pytest.param`, `pytest.fixture`, `pytest.skip`).
fn is_pytest_call(call: &ast::ExprCall, what: &str) -> bool {
    match call.func.as_ref() {
        Expr::Attribute(a) => {
            a.attr.as_str() == what
                && matches!(a.value.as_ref(), Expr::Name(n) if n.id.as_str() == "pytest")
        }
        Expr::Name(n) => n.id.as_str() == what,
        _ => false,
    }
}

fn one_line(src: &str) -> String {
    src.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The per-file reading context.
struct File<'s> {
    text: &'s str,
    lines: Lines,
    /// Module-level `NAME = <expr>` assignments, for resolving parametrize values.
    assigns: HashMap<&'s str, &'s Expr>,
}

impl<'s> File<'s> {
    fn src(&self, expr: &impl Ranged) -> &'s str {
        let r = expr.range();
        &self.text[r.start().to_usize()..r.end().to_usize()]
    }

    fn resolve<'e>(&self, expr: &'e Expr) -> &'e Expr
    where
        's: 'e,
    {
        if let Expr::Name(n) = expr {
            if let Some(v) = self.assigns.get(n.id.as_str()) {
                return v;
            }
        }
        expr
    }

    /// Marker applications in an expression: one mark, a list or tuple of them.
    fn marks(&self, expr: &Expr, out: &mut Vec<Mark>) {
        let expr = self.resolve(expr);
        if let Some(items) = elements(expr) {
            for e in items {
                self.marks(e, out);
            }
            return;
        }
        let (target, call) = match expr {
            Expr::Call(c) => (c.func.as_ref(), Some(c)),
            other => (other, None),
        };
        let Some(name) = mark_name(target) else {
            return;
        };
        let first_string = call.and_then(|c| c.arguments.args.first().and_then(string));
        let gate = call.and_then(|c| {
            if name != "skipif" && name != "skip" {
                return None;
            }
            let condition = c.arguments.args.first().map(|a| one_line(self.src(a)));
            let reason = keyword(c, "reason").map(|r| match string(r) {
                Some(s) => s,
                None => one_line(self.src(r)),
            });
            Some(match (condition, reason) {
                (Some(c), Some(r)) => format!("{name}({c}): {r}"),
                (Some(c), None) => format!("{name}({c})"),
                (None, Some(r)) => format!("{name}: {r}"),
                (None, None) => name.to_string(),
            })
        });
        out.push(Mark {
            name: name.to_string(),
            first_string,
            gate,
        });
    }

    /// The cases of one `parametrize` call, ids made unique the way pytest does.
    fn parametrize(&self, call: &ast::ExprCall) -> Vec<Case> {
        let args = &call.arguments.args;
        let names: Vec<String> = match args.first().map(|a| self.resolve(a)) {
            Some(Expr::StringLiteral(s)) => s
                .value
                .to_str()
                .split(',')
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty())
                .collect(),
            Some(e) => strings(e).unwrap_or_default(),
            None => Vec::new(),
        };
        let values = args
            .get(1)
            .or_else(|| keyword(call, "argvalues"))
            .map(|v| self.resolve(v));
        let explicit_ids: Option<Vec<Option<String>>> = keyword(call, "ids")
            .map(|i| self.resolve(i))
            .and_then(elements)
            .map(|ids| ids.iter().map(string).collect());
        let Some(values) = values.and_then(elements) else {
            // Values computed at import time: one test whose id pytest decides at run time.
            return vec![Case {
                id: names.join("-"),
                marks: Vec::new(),
            }];
        };
        let mut cases: Vec<Case> = values
            .iter()
            .enumerate()
            .map(|(index, value)| {
                let mut marks = Vec::new();
                let mut id = None;
                let mut parts: Vec<&Expr> = Vec::new();
                match value {
                    Expr::Call(c) if is_pytest_call(c, "param") => {
                        if let Some(m) = keyword(c, "marks") {
                            self.marks(m, &mut marks);
                        }
                        id = keyword(c, "id").and_then(string);
                        parts.extend(c.arguments.args.iter());
                    }
                    Expr::Tuple(t) if names.len() > 1 => parts.extend(t.elts.iter()),
                    Expr::List(l) if names.len() > 1 => parts.extend(l.elts.iter()),
                    other => parts.push(other),
                }
                let explicit = explicit_ids
                    .as_ref()
                    .and_then(|ids| ids.get(index).cloned().flatten());
                let id = id.or(explicit).unwrap_or_else(|| {
                    parts
                        .iter()
                        .enumerate()
                        .map(|(i, v)| {
                            let name = names.get(i).map(String::as_str).unwrap_or("arg");
                            self.auto_id(v, name, index)
                        })
                        .collect::<Vec<_>>()
                        .join("-")
                });
                Case { id, marks }
            })
            .collect();
        unique_ids(&mut cases);
        cases
    }

    /// pytest's id for a value it cannot name otherwise: literals print as themselves,
    /// anything else as `argname` + index.
    fn auto_id(&self, value: &Expr, argname: &str, index: usize) -> String {
        let value = self.resolve(value);
        match value {
            Expr::StringLiteral(s) => escape_id(s.value.to_str()),
            Expr::NumberLiteral(_) => self.src(value).replace('_', ""),
            Expr::BooleanLiteral(b) => if b.value { "True" } else { "False" }.to_string(),
            Expr::NoneLiteral(_) => "None".to_string(),
            Expr::UnaryOp(u) if matches!(u.operand.as_ref(), Expr::NumberLiteral(_)) => {
                self.src(value).replace(' ', "")
            }
            _ => format!("{argname}{index}"),
        }
    }
}

/// pytest escapes non-ASCII and non-printable characters in string ids.
fn escape_id(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
            c if (c as u32) <= 0xff => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) <= 0xffff => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out
}

/// Duplicate ids get a counter suffix (`_` first when the id ends with a digit), as pytest 8.
fn unique_ids(cases: &mut [Case]) {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for c in cases.iter() {
        *counts.entry(c.id.clone()).or_default() += 1;
    }
    if counts.values().all(|&n| n == 1) {
        return;
    }
    let mut taken: std::collections::HashSet<String> = cases.iter().map(|c| c.id.clone()).collect();
    let mut next: HashMap<String, usize> = HashMap::new();
    for c in cases.iter_mut() {
        if counts[&c.id] < 2 {
            continue;
        }
        let base = c.id.clone();
        let sep = if base.ends_with(|ch: char| ch.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        let n = next.entry(base.clone()).or_default();
        let mut id = format!("{base}{sep}{n}");
        while taken.contains(&id) && id != base {
            *n += 1;
            id = format!("{base}{sep}{n}");
        }
        *n += 1;
        taken.insert(id.clone());
        c.id = id;
    }
}

/// Cross product of parametrize case lists, in pytest's order: the first list applied is the
/// outer loop and its id comes first.
fn combine(lists: &[Vec<Case>]) -> Vec<Case> {
    let mut out = vec![Case::default()];
    // An empty parameter set still yields one (skipped) test in pytest.
    for list in lists.iter().filter(|l| !l.is_empty()) {
        let mut next = Vec::with_capacity(out.len() * list.len());
        for prev in &out {
            for case in list {
                let id = if prev.id.is_empty() {
                    case.id.clone()
                } else {
                    format!("{}-{}", prev.id, case.id)
                };
                let mut marks = prev.marks.clone();
                marks.extend(case.marks.iter().cloned());
                next.push(Case { id, marks });
            }
        }
        out = next;
    }
    out
}

fn docstring_of(body: &[Stmt]) -> Option<&ast::ExprStringLiteral> {
    match body.first()? {
        Stmt::Expr(e) => match e.value.as_ref() {
            Expr::StringLiteral(s) => Some(s),
            _ => None,
        },
        _ => None,
    }
}

/// `__test__ = False` in a body.
fn not_collected(body: &[Stmt]) -> bool {
    body.iter().any(|s| match s {
        Stmt::Assign(a) => {
            a.targets
                .iter()
                .any(|t| matches!(t, Expr::Name(n) if n.id.as_str() == "__test__"))
                && matches!(a.value.as_ref(), Expr::BooleanLiteral(b) if !b.value)
        }
        _ => false,
    })
}

/// `name.__test__ = False` statements in a body: the functions they switch off.
fn switched_off(body: &[Stmt]) -> Vec<&str> {
    body.iter()
        .filter_map(|s| match s {
            Stmt::Assign(a) if matches!(a.value.as_ref(), Expr::BooleanLiteral(b) if !b.value) => {
                a.targets.iter().find_map(|t| match t {
                    Expr::Attribute(attr) if attr.attr.as_str() == "__test__" => {
                        match attr.value.as_ref() {
                            Expr::Name(n) => Some(n.id.as_str()),
                            _ => None,
                        }
                    }
                    _ => None,
                })
            }
            _ => None,
        })
        .collect()
}

/// A body with nothing but a docstring (and `pass` / `...`): an STD stub.
fn docstring_only(body: &[Stmt]) -> bool {
    docstring_of(body).is_some()
        && body[1..].iter().all(|s| match s {
            Stmt::Pass(_) => true,
            Stmt::Expr(e) => matches!(e.value.as_ref(), Expr::EllipsisLiteral(_)),
            _ => false,
        })
}

/// `pytestmark = ...` in a body (module or class).
fn pytestmark(body: &[Stmt]) -> Vec<&Expr> {
    body.iter()
        .filter_map(|s| match s {
            Stmt::Assign(a)
                if a.targets
                    .iter()
                    .any(|t| matches!(t, Expr::Name(n) if n.id.as_str() == "pytestmark")) =>
            {
                Some(a.value.as_ref())
            }
            Stmt::AnnAssign(a)
                if matches!(a.target.as_ref(), Expr::Name(n) if n.id.as_str() == "pytestmark") =>
            {
                a.value.as_deref()
            }
            _ => None,
        })
        .collect()
}

/// `pytest.skip(...)` calls anywhere in a test's body: gating decided at run time.
struct SkipCalls<'f, 's> {
    file: &'f File<'s>,
    found: Vec<String>,
}

impl<'a> Visitor<'a> for SkipCalls<'_, '_> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Call(c) = expr {
            if is_pytest_call(c, "skip") {
                let reason = c
                    .arguments
                    .args
                    .first()
                    .or_else(|| keyword(c, "reason"))
                    .map(|r| string(r).unwrap_or_else(|| one_line(self.file.src(r))))
                    .unwrap_or_default();
                self.found.push(format!("skip: {reason}"));
            }
        }
        walk_expr(self, expr);
    }
}

/// What an enclosing scope (module, class) contributes to its tests.
#[derive(Clone, Default)]
struct Scope {
    node: String,
    marks: Vec<Mark>,
    /// Parametrize case lists of the enclosing scopes, innermost first.
    params: Vec<Vec<Case>>,
    doc: Docstring,
    stub: bool,
    off: Vec<String>,
}

/// The tests of one file.
pub fn scan_file(
    root: &Path,
    path: &Path,
    context: &RepoContext,
    config: Option<&MtvConfig>,
) -> Result<Vec<Test>, ScanError> {
    let rel = relative(root, path);
    let fail = |message: String| ScanError {
        path: rel.clone(),
        message,
    };
    let text = super::read_source(path).map_err(fail)?;
    let module = parse(path, &text).map_err(fail)?;
    Ok(scan_module(&rel, &text, &module, context, config))
}

/// The tests of parsed source; `rel` is the path relative to the repository root.
pub fn scan_source(rel: &str, text: &str, context: &RepoContext) -> Result<Vec<Test>, String> {
    let module = parse(Path::new(rel), text)?;
    Ok(scan_module(rel, text, &module, context, None))
}

fn module_assigns(body: &[Stmt]) -> HashMap<&str, &Expr> {
    let mut out = HashMap::new();
    for s in body {
        match s {
            Stmt::Assign(a) => {
                for t in &a.targets {
                    if let Expr::Name(n) = t {
                        out.insert(n.id.as_str(), a.value.as_ref());
                    }
                }
            }
            Stmt::AnnAssign(a) => {
                if let (Expr::Name(n), Some(v)) = (a.target.as_ref(), a.value.as_deref()) {
                    out.insert(n.id.as_str(), v);
                }
            }
            _ => {}
        }
    }
    out
}

fn scan_module(
    rel: &str,
    text: &str,
    module: &ast::ModModule,
    context: &RepoContext,
    config: Option<&MtvConfig>,
) -> Vec<Test> {
    let file = File {
        text,
        lines: Lines::new(text),
        assigns: module_assigns(&module.body),
    };
    let mut scope = Scope {
        node: rel.to_string(),
        ..Default::default()
    };
    for m in pytestmark(&module.body) {
        file.marks(m, &mut scope.marks);
    }
    // `if CONDITION: pytestmark.append(mark)`: a mark under a condition is gating.
    let mut gating = Vec::new();
    for s in &module.body {
        if let Stmt::If(i) = s {
            let mut found = Vec::new();
            for inner in &i.body {
                if let Stmt::Expr(e) = inner {
                    if let Expr::Call(c) = e.value.as_ref() {
                        if matches!(c.func.as_ref(), Expr::Attribute(a) if a.attr.as_str() == "append" && matches!(a.value.as_ref(), Expr::Name(n) if n.id.as_str() == "pytestmark"))
                        {
                            for a in c.arguments.args.iter() {
                                found.push(one_line(file.src(a)));
                            }
                        }
                    }
                }
            }
            for f in found {
                gating.push(format!("if {}: {f}", one_line(file.src(i.test.as_ref()))));
            }
        }
    }
    scope.doc = docstring_of(&module.body)
        .map(|d| {
            docstring::read(
                d.value.to_str(),
                file.lines.line(d.range().start().to_usize()),
            )
        })
        .unwrap_or_default();
    scope.stub = not_collected(&module.body);
    scope.off = switched_off(&module.body)
        .into_iter()
        .map(str::to_string)
        .collect();
    // Fixtures with params defined in this module, then in the conftests above it.
    let own_fixtures = param_fixtures(&file, &module.body);
    let fixtures = |name: &str| -> Option<ParamFixture> {
        if let Some(f) = own_fixtures.get(name) {
            return Some(f.clone());
        }
        let mut dir = Path::new(rel).parent();
        while let Some(d) = dir {
            let key = relative(Path::new(""), d);
            if let Some(f) = context.fixtures.get(&key).and_then(|m| m.get(name)) {
                return Some(f.clone());
            }
            dir = d.parent();
        }
        None
    };
    scope.params = parametrize_calls(pytestmark(&module.body).into_iter(), &file);
    let mut out = Vec::new();
    walk_body(
        &file,
        &module.body,
        &scope,
        rel,
        context,
        config,
        &fixtures,
        &gating,
        &mut out,
    );
    out
}

/// Parametrize calls among decorators or `pytestmark` values, bottom decorator first.
fn parametrize_calls<'e>(exprs: impl Iterator<Item = &'e Expr>, file: &File) -> Vec<Vec<Case>> {
    let mut out = Vec::new();
    for e in exprs {
        let e = file.resolve(e);
        let items: Vec<&Expr> = match elements(e) {
            Some(items) => items.iter().collect(),
            None => vec![e],
        };
        for item in items {
            if let Expr::Call(c) = item {
                if mark_name(&c.func) == Some("parametrize") {
                    out.push(file.parametrize(c));
                }
            }
        }
    }
    out
}

/// The argument names of the parametrize calls among decorators.
fn parametrized_names<'e>(exprs: impl Iterator<Item = &'e Expr>, file: &File) -> Vec<String> {
    let mut out = Vec::new();
    for e in exprs {
        if let Expr::Call(c) = file.resolve(e) {
            if mark_name(&c.func) == Some("parametrize") {
                match c.arguments.args.first().map(|a| file.resolve(a)) {
                    Some(Expr::StringLiteral(s)) => {
                        out.extend(s.value.to_str().split(',').map(|n| n.trim().to_string()))
                    }
                    Some(e) => out.extend(strings(e).unwrap_or_default()),
                    None => {}
                }
            }
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn walk_body(
    file: &File,
    body: &[Stmt],
    scope: &Scope,
    rel: &str,
    context: &RepoContext,
    config: Option<&MtvConfig>,
    fixtures: &dyn Fn(&str) -> Option<ParamFixture>,
    gating: &[String],
    out: &mut Vec<Test>,
) {
    // Scope-level parametrize (class decorators, `pytestmark`) applies to every test below.
    for stmt in body {
        match stmt {
            Stmt::ClassDef(class) if class.name.as_str().starts_with("Test") => {
                let mut inner = scope.clone();
                inner.node = format!("{}::{}", scope.node, class.name.as_str());
                let decorators: Vec<&Expr> = class
                    .decorator_list
                    .iter()
                    .rev()
                    .map(|d| &d.expression)
                    .collect();
                let class_marks_exprs: Vec<&Expr> = decorators
                    .iter()
                    .copied()
                    .chain(pytestmark(&class.body))
                    .collect();
                for e in &class_marks_exprs {
                    file.marks(e, &mut inner.marks);
                }
                let mut params = parametrize_calls(class_marks_exprs.into_iter(), file);
                params.extend(scope.params.iter().cloned());
                inner.params = params;
                if let Some(d) = docstring_of(&class.body) {
                    let doc = docstring::read(
                        d.value.to_str(),
                        file.lines.line(d.range().start().to_usize()),
                    );
                    inner.doc = merge_docs(&scope.doc, doc);
                }
                inner.stub = scope.stub || not_collected(&class.body);
                inner.off = switched_off(&class.body)
                    .into_iter()
                    .map(str::to_string)
                    .collect();
                walk_body(
                    file,
                    &class.body,
                    &inner,
                    rel,
                    context,
                    config,
                    fixtures,
                    gating,
                    out,
                );
            }
            Stmt::FunctionDef(func) if func.name.as_str().starts_with("test") => {
                out.extend(test_function(
                    file, func, scope, rel, context, config, fixtures, gating,
                ));
            }
            _ => {}
        }
    }
}

/// The class or test docstring over its enclosing one: its own link wins, Jira keys and
/// declared markers add up; the STD parts are the inner docstring's.
fn merge_docs(outer: &Docstring, inner: Docstring) -> Docstring {
    let mut jira = outer.jira.clone();
    jira.extend(inner.jira);
    jira.sort();
    jira.dedup();
    let mut markers = outer.std.markers.clone();
    markers.extend(inner.std.markers.iter().cloned());
    Docstring {
        link: inner.link.or_else(|| outer.link.clone()),
        jira,
        std: Std {
            markers,
            scenario: inner.std.scenario.or(outer.std.scenario),
            ..inner.std
        },
    }
}

#[allow(clippy::too_many_arguments)]
fn test_function(
    file: &File,
    func: &ast::StmtFunctionDef,
    scope: &Scope,
    rel: &str,
    context: &RepoContext,
    config: Option<&MtvConfig>,
    fixtures: &dyn Fn(&str) -> Option<ParamFixture>,
    gating: &[String],
) -> Vec<Test> {
    let name = func.name.as_str();
    // Decorators apply bottom first; pytest lists the function's marks before the class's.
    let decorators: Vec<&Expr> = func
        .decorator_list
        .iter()
        .rev()
        .map(|d| &d.expression)
        .collect();
    let mut marks = Vec::new();
    for d in &decorators {
        file.marks(d, &mut marks);
    }
    marks.extend(scope.marks.iter().cloned());
    let mut params = parametrize_calls(decorators.iter().copied(), file);
    params.extend(scope.params.iter().cloned());
    // Fixtures with params expand the test after its parametrize marks, unless the test
    // parametrizes the same name directly.
    let direct = parametrized_names(decorators.iter().copied(), file);
    for arg in func
        .parameters
        .posonlyargs
        .iter()
        .chain(&func.parameters.args)
        .chain(&func.parameters.kwonlyargs)
    {
        let arg_name = arg.parameter.name.as_str();
        if direct.iter().any(|d| d == arg_name) {
            continue;
        }
        if let Some(f) = fixtures(arg_name) {
            params.push(f.cases);
        }
    }
    let doc = match docstring_of(&func.body) {
        Some(d) => merge_docs(
            &scope.doc,
            docstring::read(
                d.value.to_str(),
                file.lines.line(d.range().start().to_usize()),
            ),
        ),
        None => Docstring {
            std: Std {
                markers: scope.doc.std.markers.clone(),
                scenario: scope.doc.std.scenario,
                ..Std::default()
            },
            ..scope.doc.clone()
        },
    };
    let stub = scope.stub
        || scope.off.iter().any(|o| o == name)
        || not_collected(&func.body)
        || docstring_only(&func.body);
    let mut skips = SkipCalls {
        file,
        found: Vec::new(),
    };
    for s in &func.body {
        skips.visit_stmt(s);
    }
    // MTV: the config plan the test reads (`py_config["tests_params"]["NAME"]`).
    let config_plan = config.and_then(|_| {
        decorators
            .iter()
            .find_map(|d| tests_params_key(d))
            .map(str::to_string)
    });
    // The `def` line, as pytest reports it (decorators above it are not the test).
    let line = file.lines.line(func.name.range().start().to_usize());
    let cases = combine(&params);
    cases
        .into_iter()
        .map(|case| {
            let mut all_marks: Vec<&Mark> = marks.iter().collect();
            all_marks.extend(case.marks.iter());
            let mut polarion: Vec<String> = all_marks
                .iter()
                .filter(|m| m.name == "polarion")
                .filter_map(|m| m.first_string.clone())
                .collect();
            polarion.sort();
            polarion.dedup();
            let mut markers: Vec<String> = all_marks
                .iter()
                .map(|m| m.name.clone())
                .filter(|n| !BOOKKEEPING.contains(&n.as_str()))
                .chain(doc.std.markers.iter().cloned())
                .collect();
            if let Some(rule) = &context.tier_rule {
                let dir = rel.split('/').nth(1).unwrap_or("");
                for (marker, dirs) in &rule.directory_markers {
                    if dirs.iter().any(|d| d == dir) {
                        markers.push(marker.clone());
                    }
                }
            }
            markers.sort();
            markers.dedup();
            let kind = if config_plan.is_some() {
                TestKind::Mtv
            } else {
                TestKind::Pytest
            };
            let tier = resolve_tier(&mut markers, context.tier_rule.as_ref(), kind);
            let mut jira = doc.jira.clone();
            if kind == TestKind::Mtv {
                jira.extend(crate::recognise::jira_keys(&case.id).map(|r| case.id[r].to_string()));
                jira.sort();
                jira.dedup();
            }
            let mut test_gating: Vec<String> = all_marks
                .iter()
                .filter_map(|m| m.gate.clone())
                .chain(gating.iter().cloned())
                .chain(skips.found.iter().cloned())
                .collect();
            test_gating.dedup();
            let id = if case.id.is_empty() {
                format!("{}::{name}", scope.node)
            } else {
                format!("{}::{name}[{}]", scope.node, case.id)
            };
            Test {
                id,
                path: rel.to_string(),
                line,
                kind,
                link: doc.link.clone(),
                polarion,
                jira,
                markers,
                tier,
                stub,
                std: doc.std.clone(),
                config_plan: config_plan.clone(),
                gating: test_gating,
            }
        })
        .collect()
}

/// Markers that steer pytest rather than describe the test.
const BOOKKEEPING: &[&str] = &[
    "filterwarnings",
    "jira",
    "parametrize",
    "polarion",
    "skip",
    "skipif",
    "usefixtures",
    "xfail",
];

/// The test's tier under the repository's rule; adds the implicit `tier2` marker.
fn resolve_tier(markers: &mut Vec<String>, rule: Option<&TierRule>, kind: TestKind) -> Option<u8> {
    let explicit = |m: &[String]| {
        m.iter()
            .filter_map(|m| m.strip_prefix("tier").and_then(|n| n.parse::<u8>().ok()))
            .max()
    };
    if kind == TestKind::Mtv {
        return explicit(markers);
    }
    if markers.iter().any(|m| m == "tier3") {
        return Some(3);
    }
    let Some(rule) = rule else {
        return explicit(markers);
    };
    if markers.iter().any(|m| rule.exclusions.contains(m)) {
        return None;
    }
    if !markers.iter().any(|m| m == "tier2") {
        markers.push("tier2".to_string());
        markers.sort();
    }
    Some(2)
}

/// `py_config["tests_params"]["NAME"]` anywhere in an expression: NAME.
fn tests_params_key(expr: &Expr) -> Option<&str> {
    struct Find<'a>(Option<&'a str>);
    impl<'a> Visitor<'a> for Find<'a> {
        fn visit_expr(&mut self, expr: &'a Expr) {
            if self.0.is_some() {
                return;
            }
            if let Expr::Subscript(outer) = expr {
                if let (Expr::Subscript(inner), Expr::StringLiteral(key)) =
                    (outer.value.as_ref(), outer.slice.as_ref())
                {
                    if matches!(inner.slice.as_ref(), Expr::StringLiteral(s) if s.value.to_str() == "tests_params")
                    {
                        self.0 = Some(key.value.to_str());
                        return;
                    }
                }
            }
            walk_expr(self, expr);
        }
    }
    let mut find = Find(None);
    find.visit_expr(expr);
    find.0
}

/// `@pytest.fixture(params=[...], ids=[...])` functions in a body.
fn param_fixtures(file: &File, body: &[Stmt]) -> HashMap<String, ParamFixture> {
    let mut out = HashMap::new();
    for s in body {
        let Stmt::FunctionDef(func) = s else {
            continue;
        };
        for d in &func.decorator_list {
            let Expr::Call(call) = &d.expression else {
                continue;
            };
            let is_fixture = match call.func.as_ref() {
                Expr::Attribute(a) => a.attr.as_str() == "fixture",
                Expr::Name(n) => n.id.as_str() == "fixture",
                _ => false,
            };
            let Some(values) = is_fixture.then(|| keyword(call, "params")).flatten() else {
                continue;
            };
            let name = keyword(call, "name")
                .and_then(string)
                .unwrap_or_else(|| func.name.as_str().to_string());
            // The same reading as parametrize: one argument named after the fixture.
            let synthetic = ParamsCall {
                values: file.resolve(values),
                ids: keyword(call, "ids"),
            };
            out.insert(
                name.clone(),
                ParamFixture {
                    cases: synthetic.cases(file, &name),
                },
            );
        }
    }
    out
}

struct ParamsCall<'e> {
    values: &'e Expr,
    ids: Option<&'e Expr>,
}

impl ParamsCall<'_> {
    fn cases(&self, file: &File, name: &str) -> Vec<Case> {
        let Some(values) = elements(self.values) else {
            return vec![Case {
                id: name.to_string(),
                marks: Vec::new(),
            }];
        };
        let ids: Option<Vec<Option<String>>> = self
            .ids
            .map(|i| file.resolve(i))
            .and_then(elements)
            .map(|ids| ids.iter().map(string).collect());
        let mut cases: Vec<Case> = values
            .iter()
            .enumerate()
            .map(|(index, v)| {
                let mut marks = Vec::new();
                let mut id = ids.as_ref().and_then(|i| i.get(index).cloned().flatten());
                let value = match v {
                    Expr::Call(c) if is_pytest_call(c, "param") => {
                        if let Some(m) = keyword(c, "marks") {
                            file.marks(m, &mut marks);
                        }
                        id = keyword(c, "id").and_then(string).or(id);
                        c.arguments.args.first().unwrap_or(v)
                    }
                    other => other,
                };
                let id = id.unwrap_or_else(|| file.auto_id(value, name, index));
                Case { id, marks }
            })
            .collect();
        unique_ids(&mut cases);
        cases
    }
}

impl RepoContext {
    /// Reads every `conftest.py`: parametrized fixtures, and the tier rule from the first one
    /// (outermost first) that adds `tier2` at collection.
    pub fn read(root: &Path, conftests: &[PathBuf], errors: &mut Vec<ScanError>) -> RepoContext {
        let mut context = RepoContext::default();
        let mut ordered: Vec<&PathBuf> = conftests.iter().collect();
        ordered.sort_by_key(|p| (p.components().count(), p.to_path_buf()));
        for path in ordered {
            let rel = relative(root, path);
            let text = match super::read_source(path) {
                Ok(t) => t,
                Err(e) => {
                    errors.push(ScanError {
                        path: rel,
                        message: e,
                    });
                    continue;
                }
            };
            match parse(path, &text) {
                Ok(module) => context.add_conftest(&rel, &text, &module),
                Err(e) => errors.push(ScanError {
                    path: rel,
                    message: e,
                }),
            }
        }
        context
    }

    /// Reads one conftest (given as source, for tests and benches).
    pub fn add_conftest_source(&mut self, rel: &str, text: &str) -> Result<(), String> {
        let module = parse(Path::new(rel), text)?;
        self.add_conftest(rel, text, &module);
        Ok(())
    }

    fn add_conftest(&mut self, rel: &str, text: &str, module: &ast::ModModule) {
        let file = File {
            text,
            lines: Lines::new(text),
            assigns: module_assigns(&module.body),
        };
        let dir = Path::new(rel)
            .parent()
            .map(|d| relative(Path::new(""), d))
            .unwrap_or_default();
        let fixtures = param_fixtures(&file, &module.body);
        if !fixtures.is_empty() {
            self.fixtures.entry(dir).or_default().extend(fixtures);
        }
        if self.tier_rule.is_none() {
            self.tier_rule = tier_rule(&file, rel, &module.body);
        }
    }
}

/// Names loaded in a function, and whether it adds a marker (`add_marker("tier2")` literally,
/// or a computed one).
struct MarkerFunction<'a> {
    names: Vec<&'a str>,
    adds_tier2: bool,
    adds_computed: bool,
}

impl<'a> Visitor<'a> for MarkerFunction<'a> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        match expr {
            Expr::Name(n) => self.names.push(n.id.as_str()),
            Expr::Call(c) => {
                if matches!(c.func.as_ref(), Expr::Attribute(a) if a.attr.as_str() == "add_marker")
                {
                    let arg = c.arguments.args.first().or_else(|| keyword(c, "marker"));
                    match arg {
                        Some(Expr::StringLiteral(s)) if s.value.to_str() == "tier2" => {
                            self.adds_tier2 = true
                        }
                        Some(Expr::Name(_)) => self.adds_computed = true,
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        walk_expr(self, expr);
    }
}

/// The implicit tier rule of a conftest: the string lists read by the function that adds
/// `tier2`, and the `{marker: [directories]}` table read by a function that adds computed
/// markers.
fn tier_rule(file: &File, rel: &str, body: &[Stmt]) -> Option<TierRule> {
    let mut exclusions: Option<(Vec<String>, usize)> = None;
    let mut directory_markers = Vec::new();
    for s in body {
        let Stmt::FunctionDef(func) = s else {
            continue;
        };
        let mut visit = MarkerFunction {
            names: Vec::new(),
            adds_tier2: false,
            adds_computed: false,
        };
        for st in &func.body {
            walk_stmt(&mut visit, st);
        }
        for name in &visit.names {
            let Some(value) = file.assigns.get(name) else {
                continue;
            };
            if visit.adds_tier2 {
                if let Some(list) = strings(value) {
                    let line = file.lines.line(value.range().start().to_usize());
                    let entry = exclusions.get_or_insert((Vec::new(), line));
                    entry.0.extend(list);
                }
            } else if visit.adds_computed {
                if let Expr::Dict(d) = value {
                    for item in &d.items {
                        if let (Some(k), Some(v)) =
                            (item.key.as_ref().and_then(string), strings(&item.value))
                        {
                            directory_markers.push((k, v));
                        }
                    }
                }
            }
        }
    }
    let (mut exclusions, line) = exclusions?;
    exclusions.sort();
    exclusions.dedup();
    directory_markers.sort();
    directory_markers.dedup();
    Some(TierRule {
        exclusions,
        source: format!("{rel}:{line}"),
        directory_markers,
    })
}
