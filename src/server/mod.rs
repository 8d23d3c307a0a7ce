//! `stp server`: a language server over stdio. Editors get the review as diagnostics while
//! the plan is written, each safe fix as a quick fix, `source.fixAll.stp`, "suppress on this
//! line", and the rule's documentation on hover.
//!
//! Synchronous, on `lsp-server` (the crate rust-analyzer and ruff use): a review of a plan
//! takes about a millisecond, so one thread that reviews between messages answers faster
//! than an async runtime would, and every request sees the latest text. Edits are debounced:
//! a change is reviewed when the editor has been quiet for `--debounce-ms`, or at once when
//! a request about the document arrives, or on save.

pub mod actions;
pub mod document;
pub mod position;

pub use document::{check_buffer, FactsCache};

use actions::{DocLinks, FIX_ALL};
use crossbeam_channel::RecvTimeoutError;
use document::Document;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{
    notification, request, CodeActionKind, CodeActionOptions, CodeActionProviderCapability,
    DidChangeWatchedFilesRegistrationOptions, ExecuteCommandOptions, FileSystemWatcher,
    GlobPattern, HoverProviderCapability, InitializeParams, InitializeResult,
    PublishDiagnosticsParams, Registration, RegistrationParams, SaveOptions, ServerCapabilities,
    ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Uri,
};
use position::Encoding;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// The command behind "apply every safe fix" for editors that prefer commands to actions.
pub const APPLY_ALL_FIXES: &str = "stp.applyAllFixes";

#[derive(clap::Args, Debug)]
pub struct ServerArgs {
    /// Milliseconds of quiet after an edit before the plan is reviewed again.
    #[arg(long, value_name = "MS", default_value_t = 150)]
    debounce_ms: u64,
    /// Accepted for editors that pass it; stdio is the only transport.
    #[arg(long, hide = true)]
    stdio: bool,
}

/// Runs the server until the editor says `exit`. Exit code 0 after a clean shutdown.
pub fn run(args: ServerArgs) -> i32 {
    let _ = args.stdio;
    let (connection, io_threads) = Connection::stdio();
    let result = serve(&connection, Duration::from_millis(args.debounce_ms));
    drop(connection);
    let joined = io_threads.join();
    match (result, joined) {
        (Ok(()), Ok(())) => 0,
        (Err(e), _) => {
            eprintln!("error: stp server: {e}");
            2
        }
        (_, Err(e)) => {
            eprintln!("error: stp server: {e}");
            2
        }
    }
}

type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

fn serve(connection: &Connection, debounce: Duration) -> Result<()> {
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = serde_json::from_value(params)?;
    let encoding = Encoding::negotiate(
        params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref()),
    );
    let result = InitializeResult {
        capabilities: capabilities(encoding),
        server_info: Some(ServerInfo {
            name: "stp".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    };
    connection.initialize_finish(id, serde_json::to_value(result)?)?;
    let links = DocLinks::new(doc_link_template(params.initialization_options.as_ref()));
    let mut server = Server {
        documents: HashMap::new(),
        encoding,
        links,
        debounce,
        next_id: 0,
    };
    let can_watch = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files)
        .and_then(|w| w.dynamic_registration)
        .unwrap_or(false);
    if can_watch {
        server.watch_configuration(connection)?;
    }
    loop {
        let message = match server.next_deadline() {
            Some(deadline) => {
                match connection
                    .receiver
                    .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                {
                    Ok(message) => Some(message),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => return Ok(()),
                }
            }
            None => match connection.receiver.recv() {
                Ok(message) => Some(message),
                Err(_) => return Ok(()),
            },
        };
        match message {
            None => {}
            Some(Message::Request(req)) => {
                if connection.handle_shutdown(&req)? {
                    return Ok(());
                }
                server.request(connection, req)?;
            }
            Some(Message::Notification(n)) => server.notification(connection, n)?,
            // Answers to our own requests (registration, applyEdit) need no follow-up.
            Some(Message::Response(_)) => {}
        }
        server.publish_quiet(connection)?;
    }
}

fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..Default::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::from(FIX_ALL),
            ]),
            resolve_provider: Some(false),
            ..Default::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: vec![APPLY_ALL_FIXES.into()],
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// `initializationOptions.ruleDocsUrl` (`https://.../rules#{code}`), else files holding each
/// rule's documentation, written once under the temporary directory so links work offline.
fn doc_link_template(options: Option<&serde_json::Value>) -> Option<String> {
    if let Some(url) = options
        .and_then(|o| o.get("ruleDocsUrl"))
        .and_then(|u| u.as_str())
    {
        return Some(url.to_string());
    }
    let dir = std::env::temp_dir().join(format!("stp-{}-rules", env!("CARGO_PKG_VERSION")));
    std::fs::create_dir_all(&dir).ok()?;
    for rule in crate::rules::ALL {
        let page = format!(
            "# {} {}\n\nSpec: {}. Default severity: {}.\n\n{}\n",
            rule.code,
            rule.name,
            rule.spec.join(", "),
            rule.severity,
            rule.documentation()
        );
        let file = dir.join(format!("{}.md", rule.code));
        if std::fs::read_to_string(&file).ok().as_deref() != Some(page.as_str()) {
            std::fs::write(&file, page).ok()?;
        }
    }
    let base = position::path_to_uri(&dir.canonicalize().unwrap_or(dir))?;
    Some(format!("{}/{{code}}.md", base.as_str()))
}

struct Server {
    documents: HashMap<Uri, Document>,
    encoding: Encoding,
    links: DocLinks,
    debounce: Duration,
    next_id: i32,
}

fn params<P: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<P> {
    Ok(serde_json::from_value(value)?)
}

impl Server {
    /// When the earliest debounced document is due for review.
    fn next_deadline(&self) -> Option<Instant> {
        self.documents
            .values()
            .filter_map(|d| d.changed_at)
            .min()
            .map(|t| t + self.debounce)
    }

    fn send(&self, connection: &Connection, message: Message) -> Result<()> {
        connection.sender.send(message)?;
        Ok(())
    }

    /// Answers request `id` with an error.
    fn reply_error(
        &self,
        connection: &Connection,
        id: RequestId,
        code: ErrorCode,
        message: String,
    ) -> Result<()> {
        let response = Response::new_err(id, code as i32, message);
        self.send(connection, Message::Response(response))
    }

    /// Reviews the document (if it changed) and publishes its diagnostics.
    fn publish(&mut self, connection: &Connection, uri: &Uri) -> Result<()> {
        let (encoding, links) = (self.encoding, self.links.clone());
        let Some(doc) = self.documents.get_mut(uri) else {
            return Ok(());
        };
        let version = doc.version;
        let diagnostics = actions::diagnostics(doc.check(), uri, encoding, &links);
        let params = PublishDiagnosticsParams::new(uri.clone(), diagnostics, Some(version));
        self.send(
            connection,
            Message::Notification(Notification::new(
                notification::PublishDiagnostics::METHOD.into(),
                params,
            )),
        )
    }

    /// Publishes the documents whose last edit is older than the debounce delay.
    fn publish_quiet(&mut self, connection: &Connection) -> Result<()> {
        let now = Instant::now();
        let due: Vec<Uri> = self
            .documents
            .values()
            .filter(|d| d.changed_at.is_some_and(|t| now >= t + self.debounce))
            .map(|d| d.uri.clone())
            .collect();
        for uri in due {
            self.publish(connection, &uri)?;
        }
        Ok(())
    }

    /// Something on disk changed (a save, a configuration or OWNERS file): read the
    /// configuration and neighbouring files again and re-review every open document.
    fn reload(&mut self, connection: &Connection) -> Result<()> {
        crate::config::forget_cached();
        crate::repo::forget_cached();
        for doc in self.documents.values_mut() {
            doc.facts.clear();
            doc.reviewed = None;
        }
        let uris: Vec<Uri> = self.documents.keys().cloned().collect();
        for uri in uris {
            self.publish(connection, &uri)?;
        }
        Ok(())
    }

    fn watch_configuration(&mut self, connection: &Connection) -> Result<()> {
        let watchers = [
            "stp.toml",
            ".stp.toml",
            "pyproject.toml",
            "OWNERS",
            ".markdownlint*",
            "*.md",
        ]
        .iter()
        .map(|name| FileSystemWatcher {
            glob_pattern: GlobPattern::String(format!("**/{name}")),
            kind: None,
        })
        .collect();
        let registration = Registration {
            id: "stp-watch-configuration".into(),
            method: notification::DidChangeWatchedFiles::METHOD.into(),
            register_options: Some(serde_json::to_value(
                DidChangeWatchedFilesRegistrationOptions { watchers },
            )?),
        };
        self.next_id += 1;
        let req = Request::new(
            RequestId::from(format!("stp-{}", self.next_id)),
            request::RegisterCapability::METHOD.into(),
            RegistrationParams {
                registrations: vec![registration],
            },
        );
        self.send(connection, Message::Request(req))
    }

    fn notification(&mut self, connection: &Connection, n: Notification) -> Result<()> {
        match n.method.as_str() {
            notification::DidOpenTextDocument::METHOD => {
                let p: lsp_types::DidOpenTextDocumentParams = params(n.params)?;
                let doc = Document::new(
                    p.text_document.uri.clone(),
                    p.text_document.text,
                    p.text_document.version,
                );
                self.documents.insert(p.text_document.uri.clone(), doc);
                self.publish(connection, &p.text_document.uri)?;
            }
            notification::DidChangeTextDocument::METHOD => {
                let p: lsp_types::DidChangeTextDocumentParams = params(n.params)?;
                if let Some(doc) = self.documents.get_mut(&p.text_document.uri) {
                    doc.version = p.text_document.version;
                    doc.apply(p.content_changes, self.encoding);
                }
            }
            notification::DidSaveTextDocument::METHOD => self.reload(connection)?,
            notification::DidChangeWatchedFiles::METHOD => self.reload(connection)?,
            notification::DidCloseTextDocument::METHOD => {
                let p: lsp_types::DidCloseTextDocumentParams = params(n.params)?;
                if self.documents.remove(&p.text_document.uri).is_some() {
                    let params =
                        PublishDiagnosticsParams::new(p.text_document.uri, Vec::new(), None);
                    self.send(
                        connection,
                        Message::Notification(Notification::new(
                            notification::PublishDiagnostics::METHOD.into(),
                            params,
                        )),
                    )?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Brings a document's review up to date before answering about it, publishing the new
    /// diagnostics first if an edit was still waiting.
    fn fresh(&mut self, connection: &Connection, uri: &Uri) -> Result<bool> {
        match self.documents.get(uri) {
            None => Ok(false),
            Some(doc) if doc.reviewed.is_none() => {
                self.publish(connection, uri)?;
                Ok(true)
            }
            Some(_) => Ok(true),
        }
    }

    fn request(&mut self, connection: &Connection, req: Request) -> Result<()> {
        let id = req.id.clone();
        let result = match req.method.as_str() {
            request::CodeActionRequest::METHOD => {
                let p: lsp_types::CodeActionParams = params(req.params)?;
                let uri = p.text_document.uri;
                if self.fresh(connection, &uri)? {
                    let reviewed = self.documents[&uri].reviewed.as_ref().expect("fresh");
                    let start =
                        actions::offset_in(reviewed, p.range.start, self.encoding).unwrap_or(0);
                    let end =
                        actions::offset_in(reviewed, p.range.end, self.encoding).unwrap_or(start);
                    let found = actions::code_actions(
                        reviewed,
                        start,
                        end,
                        &uri,
                        self.encoding,
                        &self.links,
                        p.context.only.as_deref(),
                    );
                    serde_json::to_value(found)?
                } else {
                    serde_json::Value::Null
                }
            }
            request::HoverRequest::METHOD => {
                let p: lsp_types::HoverParams = params(req.params)?;
                let uri = p.text_document_position_params.text_document.uri;
                let pos = p.text_document_position_params.position;
                if self.fresh(connection, &uri)? {
                    let reviewed = self.documents[&uri].reviewed.as_ref().expect("fresh");
                    let at = actions::offset_in(reviewed, pos, self.encoding);
                    serde_json::to_value(
                        at.and_then(|at| actions::hover(reviewed, at, self.encoding)),
                    )?
                } else {
                    serde_json::Value::Null
                }
            }
            request::ExecuteCommand::METHOD => {
                let p: lsp_types::ExecuteCommandParams = params(req.params)?;
                if p.command != APPLY_ALL_FIXES {
                    let message = format!("unknown command `{}`", p.command);
                    return self.reply_error(connection, id, ErrorCode::InvalidParams, message);
                }
                let uri: Option<Uri> = p
                    .arguments
                    .first()
                    .and_then(|a| serde_json::from_value(a.clone()).ok());
                let Some(uri) = uri.filter(|u| self.documents.contains_key(u)) else {
                    let message = format!("{APPLY_ALL_FIXES} takes the URI of an open document");
                    return self.reply_error(connection, id, ErrorCode::InvalidParams, message);
                };
                self.fresh(connection, &uri)?;
                let reviewed = self.documents[&uri].reviewed.as_ref().expect("fresh");
                if let Some(edit) = actions::fix_all_edit(reviewed, &uri, self.encoding) {
                    self.next_id += 1;
                    let apply = lsp_types::ApplyWorkspaceEditParams {
                        label: Some("Apply every safe stp fix".into()),
                        edit: lsp_types::WorkspaceEdit {
                            changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                            ..Default::default()
                        },
                    };
                    let req = Request::new(
                        RequestId::from(format!("stp-{}", self.next_id)),
                        request::ApplyWorkspaceEdit::METHOD.into(),
                        apply,
                    );
                    self.send(connection, Message::Request(req))?;
                }
                serde_json::Value::Null
            }
            _ => {
                let message = format!("stp server does not handle `{}`", req.method);
                return self.reply_error(connection, id, ErrorCode::MethodNotFound, message);
            }
        };
        self.send(connection, Message::Response(Response::new_ok(id, result)))
    }
}
