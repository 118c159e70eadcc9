//! The interactive shell: `embargo> ` prompts, `   ...> ` until a statement
//! ends with `;`, meta-commands, history, and Ctrl-C that clears the line
//! while typing and cancels the statement while one runs.

pub mod commands;
pub mod helper;
pub mod history;
mod meta;

use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::atomic::Ordering;

use rustyline::error::ReadlineError;
use rustyline::history::DefaultHistory;
use rustyline::{Config, Editor};

use crate::schema::Schema;
use crate::script::is_blank;
use crate::session::{Session, is_complete};
use commands::is_command;
use helper::ReplHelper;
pub use meta::{Flow, run_command};

const PROMPT: &str = "embargo> ";
const CONTINUATION: &str = "   ...> ";

/// Runs the shell until `:quit` or Ctrl-D. Returns whether every statement
/// succeeded (the shell itself exits 0 either way).
pub fn run(mut session: Session, no_history: bool) -> io::Result<bool> {
    // No end of run in a shell: each json result is its own document.
    session.printer.json_document = false;
    let cancel = session.db.cancel_flag();
    // The terminal is in raw mode while rustyline reads, so this only fires
    // while a statement runs: it cancels the statement, not the shell.
    if let Err(e) = ctrlc::set_handler(move || cancel.store(true, Ordering::Relaxed)) {
        eprintln!("embargo: Ctrl-C will not cancel statements: {e}");
    }
    let config = Config::builder().auto_add_history(false).history_ignore_dups(true).map_err(to_io)?.build();
    let mut editor: Editor<ReplHelper, DefaultHistory> = Editor::with_config(config).map_err(to_io)?;
    editor.set_helper(Some(ReplHelper::default()));
    learn_names(&mut editor, &session);
    let history = if no_history { None } else { history::path() };
    if let Some(path) = &history {
        // A missing or unreadable history is not worth stopping for.
        let _ = history::prepare(path).and_then(|()| editor.load_history(path).map_err(to_io));
    }

    let (stdout, stderr) = (io::stdout(), io::stderr());
    greet(&mut stdout.lock(), &session)?;
    let mut buffer = String::new();
    loop {
        let prompt = if buffer.is_empty() { PROMPT } else { CONTINUATION };
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
        if buffer.is_empty() && is_command(&line) {
            remember(&mut editor, history.as_ref(), line.trim());
            let flow = run_command(&mut session, &line, &mut out, &mut err)?;
            learn_names(&mut editor, &session);
            if flow == Flow::Quit {
                break;
            }
            continue;
        }
        buffer.push_str(&line);
        buffer.push('\n');
        if is_blank(&buffer) && !crate::script::is_open(&buffer) {
            buffer.clear();
        } else if is_complete(&buffer) {
            // A multi-line statement is one history entry.
            remember(&mut editor, history.as_ref(), buffer.trim());
            session.run_script(&buffer, &mut out, &mut err)?;
            buffer.clear();
            learn_names(&mut editor, &session);
        }
    }
    Ok(!session.failed)
}

fn greet<W: Write>(out: &mut W, session: &Session) -> io::Result<()> {
    let graph = session.db.graph();
    writeln!(
        out,
        "embargo {} — {} nodes, {} relationships in memory.\nEnd statements with ;  :help lists commands, :quit or Ctrl-D leaves.",
        env!("CARGO_PKG_VERSION"),
        graph.node_count(),
        graph.relationship_count()
    )
}

fn remember(editor: &mut Editor<ReplHelper, DefaultHistory>, path: Option<&PathBuf>, entry: &str) {
    if editor.add_history_entry(entry).unwrap_or(false)
        && let Some(path) = path
    {
        // Appending after each entry keeps history across a crash.
        let _ = editor.append_history(path);
    }
}

fn learn_names(editor: &mut Editor<ReplHelper, DefaultHistory>, session: &Session) {
    if let Some(helper) = editor.helper_mut() {
        helper.learn(&Schema::of(session.db.graph()));
    }
}

fn to_io(e: ReadlineError) -> io::Error {
    match e {
        ReadlineError::Io(e) => e,
        other => io::Error::other(other.to_string()),
    }
}
