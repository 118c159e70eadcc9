//! The interactive shell: `embargo> ` prompts, `   ...> ` until a statement
//! ends with `;`, meta-commands, history, completion from the live graph,
//! colours, hints, and Ctrl-C that clears the line while typing and cancels
//! the statement while one runs.

pub mod commands;
pub mod complete;
pub mod helper;
pub mod highlight;
pub mod hints;
pub mod history;
pub mod lex;
mod lists;
mod meta;
pub mod pager;

use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use rustyline::error::ReadlineError;
use rustyline::history::DefaultHistory;
use rustyline::{Config, Editor};

use crate::schema::Schema;
use crate::script::{is_blank, is_open, split_statements};
use crate::session::{Session, is_complete};
use commands::is_command;
use complete::Vocabulary;
use helper::ReplHelper;
pub use meta::{Flow, Shell, run_command};

const PROMPT: &str = "embargo> ";
const CONTINUATION: &str = "   ...> ";

/// How the shell starts.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Neither read nor write the history file.
    pub no_history: bool,
    /// Colour the line being edited and show hints from history.
    pub color: bool,
}

type LineEditor = Editor<ReplHelper, DefaultHistory>;

/// Runs the shell until `:quit` or Ctrl-D. Returns whether every statement
/// succeeded (the shell itself exits 0 either way).
pub fn run(mut session: Session, options: Options) -> io::Result<bool> {
    // No end of run in a shell: each json result is its own document.
    session.printer.json_document = false;
    let stop = Arc::new(AtomicBool::new(false));
    session.stop = Some(stop.clone());
    let cancel = session.db.cancel_flag();
    let interrupted = stop.clone();
    // The terminal is in raw mode while rustyline reads, so this only fires
    // while a statement runs: it cancels the statement (the executor polls
    // the flag) and the rest of its input, not the shell.
    let handler = move || {
        cancel.store(true, Ordering::Relaxed);
        interrupted.store(true, Ordering::Relaxed);
    };
    if let Err(e) = ctrlc::set_handler(handler) {
        eprintln!("embargo: Ctrl-C will not cancel statements: {e}");
    }
    let config = Config::builder().auto_add_history(false).history_ignore_dups(true).map_err(to_io)?.build();
    let mut editor: LineEditor = Editor::with_config(config).map_err(to_io)?;
    editor.set_helper(Some(ReplHelper::new(options.color)));
    let history = if options.no_history { None } else { history::path() };
    if let Some(path) = &history {
        // A missing or unreadable history is not worth stopping for.
        let _ = history::prepare(path).and_then(|()| editor.load_history(path).map_err(to_io));
    }

    let mut shell = Shell { session, pager: false };
    let mut schema = Schema::of(shell.session.db.graph());
    learn(&mut editor, &schema, &shell.session);
    let (stdout, stderr) = (io::stdout(), io::stderr());
    greet(&mut stdout.lock(), &shell.session)?;
    let mut buffer = String::new();
    loop {
        let prompt = if buffer.is_empty() { PROMPT } else { CONTINUATION };
        if let Some(helper) = editor.helper_mut() {
            helper.set_pending(&buffer);
        }
        let line = match editor.readline(prompt) {
            Ok(line) => line,
            Err(ReadlineError::Interrupted) => {
                buffer.clear();
                continue;
            }
            Err(ReadlineError::Eof) => break,
            Err(e) => return Err(to_io(e)),
        };
        let (mut out, mut err) = (stdout.lock(), stderr.lock());
        stop.store(false, Ordering::Relaxed);
        if buffer.is_empty() && is_command(&line) {
            remember(&mut editor, history.as_ref(), line.trim());
            let flow = run_command(&mut shell, &line, &mut out, &mut err)?;
            refresh(&mut shell.session, &mut schema);
            learn(&mut editor, &schema, &shell.session);
            if flow == Flow::Quit {
                break;
            }
            continue;
        }
        buffer.push_str(&line);
        buffer.push('\n');
        if is_blank(&buffer) && !is_open(&buffer) {
            buffer.clear();
        } else if is_complete(&buffer) {
            // A multi-line statement is one history entry.
            remember(&mut editor, history.as_ref(), buffer.trim());
            run_input(&mut shell, &buffer, &mut schema, &stop, &mut out, &mut err)?;
            buffer.clear();
            learn(&mut editor, &schema, &shell.session);
        }
    }
    Ok(!shell.session.failed)
}

/// Runs the statements of one input, each followed by its hints.
fn run_input<W: Write, E: Write>(
    shell: &mut Shell,
    input: &str,
    schema: &mut Schema,
    stop: &AtomicBool,
    out: &mut W,
    err: &mut E,
) -> io::Result<()> {
    for piece in split_statements(input) {
        if stop.load(Ordering::Relaxed) {
            break;
        }
        let statement = piece.text.trim_start();
        let session = &mut shell.session;
        let ran = if shell.pager {
            let mut page = Vec::new();
            let ran = session.run_statement(statement, &mut page, err)?;
            pager::show(&page, out, err)?;
            ran
        } else {
            session.run_statement(statement, out, err)?
        };
        refresh(session, schema);
        out.flush()?;
        for hint in hints::hints(statement, schema, ran.ok && ran.rows == 0) {
            writeln!(err, "{hint}")?;
        }
    }
    Ok(())
}

/// Recounts the schema after a statement changed the graph.
fn refresh(session: &mut Session, schema: &mut Schema) {
    if session.changed {
        *schema = Schema::of(session.db.graph());
        session.changed = false;
    }
}

fn greet<W: Write>(out: &mut W, session: &Session) -> io::Result<()> {
    let graph = session.db.graph();
    let (nodes, rels) = (graph.node_count(), graph.relationship_count());
    writeln!(out, "embargo {} — {nodes} nodes, {rels} relationships in memory.", env!("CARGO_PKG_VERSION"))?;
    writeln!(out, "End statements with ;  Tab completes, :help lists commands, :quit or Ctrl-D leaves.")
}

fn remember(editor: &mut LineEditor, path: Option<&PathBuf>, entry: &str) {
    if editor.add_history_entry(entry).unwrap_or(false)
        && let Some(path) = path
    {
        // Appending after each entry keeps history across a crash.
        let _ = editor.append_history(path);
    }
}

fn learn(editor: &mut LineEditor, schema: &Schema, session: &Session) {
    if let Some(helper) = editor.helper_mut() {
        helper.vocabulary = Vocabulary::new(schema, &session.params);
    }
}

fn to_io(e: ReadlineError) -> io::Error {
    match e {
        ReadlineError::Io(e) => e,
        other => io::Error::other(other.to_string()),
    }
}
