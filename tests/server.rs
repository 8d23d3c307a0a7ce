//! `stp server`, driven as an editor drives it: a scripted LSP session over the binary's
//! stdin/stdout (initialize, didOpen, didChange, codeAction, executeCommand, hover,
//! shutdown, exit), printing every message exchanged. Plus the "suppress" action checked
//! against the review itself: applying it silences exactly that finding.

mod common;

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

struct Session {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    next_id: i64,
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Session {
    fn start() -> Session {
        let mut child = Command::new(env!("CARGO_BIN_EXE_stp"))
            .args(["server", "--debounce-ms", "20"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("stp server starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if tx.send(message).is_err() {
                    break;
                }
            }
        });
        Session {
            child,
            stdin,
            incoming,
            next_id: 0,
        }
    }

    fn send(&mut self, message: Value) {
        println!("--> {message}");
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn request(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The next message that satisfies `wanted`; the ones before it are printed and skipped.
    fn expect(&mut self, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        loop {
            let message = self
                .incoming
                .recv_timeout(Duration::from_secs(30))
                .unwrap_or_else(|_| panic!("no message: {what}"));
            println!("<-- {message}");
            if wanted(&message) {
                return message;
            }
        }
    }

    fn response(&mut self, id: i64) -> Value {
        let message = self.expect(&format!("response {id}"), |m| {
            m["id"] == id && m.get("method").is_none()
        });
        assert!(message.get("error").is_none(), "{message}");
        message["result"].clone()
    }

    fn diagnostics(&mut self, version: i64) -> Vec<Value> {
        let message = self.expect(&format!("diagnostics of version {version}"), |m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == version
        });
        message["params"]["diagnostics"].as_array().unwrap().clone()
    }
}

fn at(diagnostics: &[Value], code: &str, line: u64) -> Option<Value> {
    diagnostics
        .iter()
        .find(|d| d["code"] == code && d["range"]["start"]["line"] == line)
        .cloned()
}

#[test]
fn scripted_session() {
    let dir = std::env::temp_dir().join(format!("stp-server-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("plan.md");
    std::fs::write(&path, common::TABLE).unwrap();
    let uri = format!("file://{}", path.display());
    let todo_line = common::line_of(common::TABLE, "| TODO ") as u64 - 1;
    let mark_line = common::line_of(common::TABLE, "[X]") as u64 - 1;

    let mut s = Session::start();
    let id = s.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {
            "general": {"positionEncodings": ["utf-16"]}}}),
    );
    let init = s.response(id);
    let caps = &init["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(caps["hoverProvider"], true);
    assert!(caps["codeActionProvider"]["codeActionKinds"]
        .as_array()
        .unwrap()
        .contains(&json!("source.fixAll.stp")));
    assert_eq!(init["serverInfo"]["name"], "stp");
    s.notify("initialized", json!({}));

    // didOpen: the plan's problems arrive with codes, severities and documentation links.
    s.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": common::TABLE}}),
    );
    let opened = s.diagnostics(1);
    let todo = at(&opened, "STP010", todo_line).expect("the TODO is reported");
    assert_eq!(todo["severity"], 1, "CRITICAL is an error");
    assert_eq!(todo["source"], "stp");
    assert!(todo["message"].as_str().unwrap().contains("`TODO`"));
    assert!(todo["codeDescription"]["href"]
        .as_str()
        .unwrap()
        .ends_with("STP010.md"));
    let mark = at(&opened, "STP020", mark_line).expect("the [X] mark is reported");
    assert_eq!(mark["severity"], 2, "MEDIUM is a warning");

    // didChange (incremental): the sign-off is written where the TODO was.
    let start = todo["range"]["start"].clone();
    let end = todo["range"]["end"].clone();
    s.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": {"start": start, "end": end}, "text": "Jane Doe, 2026-05-01"}]}),
    );
    let changed = s.diagnostics(2);
    assert!(
        at(&changed, "STP010", todo_line).is_none(),
        "the fixed TODO is gone"
    );
    assert!(
        at(&changed, "STP020", mark_line).is_some(),
        "the mark is still there"
    );
    assert_eq!(changed.len(), opened.len() - 1);

    // codeAction on the mark's line: its quick fix, a suppression, and fix-all.
    let id = s.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri},
               "range": {"start": {"line": mark_line, "character": 0}, "end": {"line": mark_line, "character": 0}},
               "context": {"diagnostics": []}}),
    );
    let found = s.response(id);
    let found = found.as_array().unwrap();
    let quick = found
        .iter()
        .find(|a| a["kind"] == "quickfix" && a["isPreferred"] == true)
        .expect("the mark's quick fix");
    let edit = &quick["edit"]["changes"][&uri][0];
    assert_eq!(edit["newText"], "[x]");
    assert_eq!(edit["range"]["start"]["line"], mark_line);
    let suppress = found
        .iter()
        .find(|a| a["title"] == "Suppress STP020 on this line")
        .expect("a suppression");
    let insert = &suppress["edit"]["changes"][&uri][0];
    assert_eq!(
        insert["range"]["start"],
        json!({"line": mark_line, "character": 0})
    );
    assert!(insert["newText"]
        .as_str()
        .unwrap()
        .contains("<!-- stp-disable-next-line STP020 -->"));
    assert!(found.iter().any(|a| a["kind"] == "source.fixAll.stp"));

    // executeCommand: the server asks the editor to apply every safe fix.
    let id = s.request(
        "workspace/executeCommand",
        json!({"command": "stp.applyAllFixes", "arguments": [uri]}),
    );
    let apply = s.expect("workspace/applyEdit", |m| {
        m["method"] == "workspace/applyEdit"
    });
    let edits = apply["params"]["edit"]["changes"][&uri]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(edits.len(), 1);
    // The smallest edit that fixes the plan: `[X]` becomes `[x]`, nothing else moves.
    assert_eq!(edits[0]["newText"], "x");
    assert_eq!(
        edits[0]["range"]["start"],
        json!({"line": mark_line, "character": 3})
    );
    s.send(json!({"jsonrpc": "2.0", "id": apply["id"], "result": {"applied": true}}));
    assert_eq!(s.response(id), Value::Null);

    // hover on a finding: the rule's documentation.
    let id_line = common::line_of(common::TABLE, "| MTU-oversize") as u64 - 1;
    let id = s.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": id_line, "character": 4}}),
    );
    let hover = s.response(id);
    let text = hover["contents"]["value"].as_str().unwrap();
    assert_eq!(hover["contents"]["kind"], "markdown");
    assert!(
        text.contains("**STP401** `scenario-requirement-id`"),
        "{text}"
    );
    assert!(
        !text.contains("**STP010**"),
        "only the findings under the cursor: {text}"
    );
    let doc = stp::rules::find("STP401")[0].documentation();
    assert!(text.contains(&doc), "the rule's documentation is shown");

    // The configuration changes on disk: the editor's file watcher says so, the server reads
    // stp.toml again and re-publishes.
    std::fs::write(dir.join("stp.toml"), "ignore = [\"STP020\"]\n").unwrap();
    s.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": format!("file://{}/stp.toml", dir.display()), "type": 1}]}),
    );
    let reloaded = s.diagnostics(2);
    assert!(
        at(&reloaded, "STP020", mark_line).is_none(),
        "STP020 is ignored now"
    );
    assert_eq!(reloaded.len(), changed.len() - 1);

    // shutdown, exit: the process ends cleanly.
    let id = s.request("shutdown", Value::Null);
    assert_eq!(s.response(id), Value::Null);
    s.notify("exit", Value::Null);
    let status = s.child.wait().unwrap();
    assert!(status.success(), "{status}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every finding of the example plans, suppressed with the action the server offers,
/// disappears, and the suppression it wrote is not itself reported as unused.
#[test]
fn suppress_action_silences_the_finding() {
    use stp::server::{actions, check_buffer, FactsCache};
    let mut tried = 0;
    let mut texts = vec![common::TABLE.to_string(), common::EXAMPLE.to_string()];
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/stps");
    match std::fs::read_dir(&corpus) {
        Err(_) => println!("SKIPPED the corpus plans: ../shared/corpus is absent"),
        Ok(sigs) => {
            for sig in sigs.flatten().filter(|e| e.file_name() != "stp-template") {
                for plan in std::fs::read_dir(sig.path())
                    .into_iter()
                    .flatten()
                    .flatten()
                {
                    if plan.path().extension().is_some_and(|e| e == "md") {
                        texts.push(std::fs::read_to_string(plan.path()).unwrap());
                    }
                }
            }
        }
    }
    for text in &texts {
        let text = text.as_str();
        let path = std::path::Path::new("plan.md");
        let reviewed = check_buffer(path, text.to_string(), false, &mut FactsCache::default());
        let source = reviewed.report.source.clone().unwrap();
        let stp = reviewed.stp.as_ref().unwrap();
        // One finding per rule and plan: the places rules report at differ by rule.
        let mut seen_rules = std::collections::HashSet::new();
        for d in &reviewed.report.diagnostics {
            if !seen_rules.insert(d.rule.code) {
                continue;
            }
            let (title, mut inserts) = actions::suppression(d, &source, stp);
            inserts.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
            let mut edited = text.to_string();
            for (at, insert) in &inserts {
                edited.insert_str(*at, insert);
            }
            let again = check_buffer(path, edited.clone(), false, &mut FactsCache::default());
            let line = |t: &str, at: usize| t[..at].matches('\n').count();
            let original_line = line(text, d.span.start);
            // The same words may be reported elsewhere in the plan: one fewer is the test.
            let same = |r: &stp::check::Reviewed| {
                r.report
                    .diagnostics
                    .iter()
                    .filter(|e| e.rule.code == d.rule.code && e.message == d.message)
                    .count()
            };
            let still = same(&again) >= same(&reviewed);
            assert!(
                !still,
                "{title} did not silence {} `{}` (line {})\n{edited}",
                d.rule.code,
                d.message,
                original_line + 1
            );
            assert!(
                !again
                    .report
                    .diagnostics
                    .iter()
                    .any(|e| e.rule.code == "STP036"),
                "{title} left an unused suppression"
            );
            tried += 1;
        }
    }
    assert!(tried > 3, "the plans have findings to suppress");
}

/// A Markdown file that is not a plan (a README beside the plans) gets no diagnostics in the
/// editor, and `only: ["source.fixAll"]` returns the fix-all action alone.
#[test]
fn readmes_stay_quiet_and_only_filters_actions() {
    use stp::server::actions::{code_actions, diagnostics, DocLinks};
    use stp::server::position::Encoding;
    use stp::server::{check_buffer, FactsCache};
    let uri: lsp_types::Uri = "untitled:README.md".parse().unwrap();
    let path = std::path::Path::new("README.md");
    let readme = check_buffer(
        path,
        "# Notes\n\nSome text.\n".into(),
        false,
        &mut FactsCache::default(),
    );
    assert!(
        !readme.report.diagnostics.is_empty(),
        "the CLI would report it (DOC-1)"
    );
    assert!(diagnostics(&readme, &uri, Encoding::Utf16, &DocLinks::default()).is_empty());

    let plan = check_buffer(
        path,
        common::TABLE.into(),
        false,
        &mut FactsCache::default(),
    );
    let all = code_actions(
        &plan,
        0,
        common::TABLE.len(),
        &uri,
        Encoding::Utf16,
        &DocLinks::default(),
        None,
    );
    assert!(all.len() > 2);
    let only = [lsp_types::CodeActionKind::from("source.fixAll")];
    let fix_all = code_actions(
        &plan,
        0,
        common::TABLE.len(),
        &uri,
        Encoding::Utf16,
        &DocLinks::default(),
        Some(&only),
    );
    assert_eq!(fix_all.len(), 1);
    assert_eq!(
        fix_all[0].kind.as_ref().unwrap().as_str(),
        "source.fixAll.stp"
    );
}

#[test]
fn hover_shows_every_finding_under_the_cursor() {
    use stp::server::{actions, document, position::Encoding};
    // `TODO-oversize`: a marker (STP010) inside an ID that is no Jira key (STP401).
    let text = common::TABLE.replace("| MTU-oversize   |", "| TODO-oversize  |");
    let dir = std::env::temp_dir().join(format!("stp-hover-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let reviewed = document::check_buffer(
        &dir.join("plan.md"),
        text.clone(),
        false,
        &mut document::FactsCache::default(),
    );
    let at = text.find("TODO-oversize").unwrap() + 1;
    let hover = actions::hover(&reviewed, at, Encoding::Utf16).expect("findings here");
    let lsp_types::HoverContents::Markup(markup) = hover.contents else {
        panic!("markdown hover expected")
    };
    let value = markup.value;
    assert!(
        value.contains("**STP401** `scenario-requirement-id`"),
        "{value}"
    );
    assert!(
        value.contains("**STP010** `template-placeholder`"),
        "{value}"
    );
    assert_eq!(
        value.matches("\n\n---\n\n").count(),
        1,
        "one separator between two"
    );
    for code in ["STP401", "STP010"] {
        let doc = stp::rules::find(code)[0].documentation();
        assert_eq!(
            value.matches(doc.as_str()).count(),
            1,
            "{code}'s documentation once"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
