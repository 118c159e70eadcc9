//! A run of statements against one database with the batch rules: each
//! statement's outcome is printed as soon as it is done, a failing statement
//! does not stop the run, and the run remembers whether any failed.

use std::io::{self, BufRead, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::database::{Database, Params};
use crate::error::Error;
use crate::render::Printer;
use crate::result::QueryResult;
use crate::script::{is_blank, is_open, split_statements};

pub struct Session {
    pub db: Database,
    pub params: Params,
    pub printer: Printer,
    /// Whether any statement of the run has failed.
    pub failed: bool,
    /// Whether a statement changed the graph since this was last cleared
    /// (the shell then refreshes the names it completes).
    pub changed: bool,
    /// Once set, a script stops before its next statement (the shell's
    /// Ctrl-C during `:source`).
    pub stop: Option<Arc<AtomicBool>>,
}

/// What became of one statement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ran {
    pub ok: bool,
    /// Rows returned (0 when it failed).
    pub rows: usize,
}

impl Session {
    pub fn new(db: Database, params: Params, printer: Printer) -> Session {
        Session { db, params, printer, failed: false, changed: false, stop: None }
    }

    /// Runs one statement (without its `;`) and prints its outcome.
    pub fn run_statement<W: Write, E: Write>(&mut self, text: &str, out: &mut W, err: &mut E) -> io::Result<Ran> {
        // Positions are reported within the statement, so leading blank
        // lines left over from splitting must not count.
        let statement = text.trim_start();
        let was_in_transaction = self.db.in_transaction();
        let outcome = match transaction_command(statement) {
            Some(command) => self.transaction(command).map(|()| QueryResult::default()),
            None => self.db.execute(statement, &self.params),
        };
        let outcome = outcome.map_err(|mut e| {
            if was_in_transaction && !self.db.in_transaction() && transaction_command(statement).is_none() {
                e.message.push_str(" (the open transaction was rolled back)");
            }
            e
        });
        self.printer.show(out, err, statement, &outcome)?;
        self.failed |= outcome.is_err();
        self.changed |= outcome.as_ref().is_ok_and(|r| !r.stats.is_empty());
        Ok(Ran { ok: outcome.is_ok(), rows: outcome.as_ref().map_or(0, |r| r.rows.len()) })
    }

    /// `BEGIN`, `COMMIT` or `ROLLBACK` (and the shell's `:begin`, …).
    pub fn transaction(&mut self, command: TransactionCommand) -> Result<(), Error> {
        match command {
            TransactionCommand::Begin => self.db.begin(),
            TransactionCommand::Commit => self.db.commit(),
            TransactionCommand::Rollback if !self.db.in_transaction() => {
                Err(Error::semantic("there is no open transaction to roll back"))
            }
            TransactionCommand::Rollback => {
                self.db.rollback();
                Ok(())
            }
        }
    }

    /// Runs every statement of a script, going on after failures.
    pub fn run_script<W: Write, E: Write>(&mut self, script: &str, out: &mut W, err: &mut E) -> io::Result<()> {
        for piece in split_statements(script) {
            if self.stop.as_ref().is_some_and(|stop| stop.load(Ordering::Relaxed)) {
                writeln!(err, "interrupted: the rest of the script was not run")?;
                break;
            }
            self.run_statement(piece.text, out, err)?;
        }
        Ok(())
    }

    /// Runs statements from a stream as each one's `;` arrives, so a
    /// program feeding embargo through a pipe gets each answer in turn.
    pub fn run_reader<R: BufRead, W: Write, E: Write>(
        &mut self,
        mut input: R,
        out: &mut W,
        err: &mut E,
    ) -> io::Result<()> {
        let mut buffer = String::new();
        loop {
            let mut line = String::new();
            if input.read_line(&mut line)? == 0 {
                break;
            }
            buffer.push_str(&line);
            let done = terminated_len(&buffer);
            if done > 0 {
                let complete: String = buffer.drain(..done).collect();
                self.run_script(&complete, out, err)?;
            }
        }
        // The last statement may go without its `;`.
        self.run_script(&buffer, out, err)
    }

    /// Reports an error that belongs to no statement, and counts it.
    pub fn fail<W: Write, E: Write>(&mut self, out: &mut W, err: &mut E, error: &Error) -> io::Result<()> {
        self.failed = true;
        self.printer.failure(out, err, error)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransactionCommand {
    Begin,
    Commit,
    Rollback,
}

/// A statement that is one of `BEGIN`, `COMMIT`, `ROLLBACK` (any case).
pub fn transaction_command(statement: &str) -> Option<TransactionCommand> {
    match statement.trim().to_ascii_uppercase().as_str() {
        "BEGIN" => Some(TransactionCommand::Begin),
        "COMMIT" => Some(TransactionCommand::Commit),
        "ROLLBACK" => Some(TransactionCommand::Rollback),
        _ => None,
    }
}

/// The length of the prefix of `buffer` made of statements that have their
/// terminating `;` (0 when there are none yet).
pub fn terminated_len(buffer: &str) -> usize {
    let pieces = split_statements(buffer);
    // Pieces end at a `;` or at the end of the text: a piece that stops
    // short of the end was ended by a `;`.
    pieces.iter().rev().map(|p| p.offset + p.text.len()).find(|end| *end < buffer.len()).map_or(0, |end| end + 1)
}

/// Whether the REPL has a whole input to run: nothing open (a string, a
/// comment, a bracket) and the last statement ended by `;`.
pub fn is_complete(buffer: &str) -> bool {
    if is_blank(buffer) || is_open(buffer) {
        return false;
    }
    let done = terminated_len(buffer);
    done > 0 && split_statements(&buffer[done..]).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stopped_script_runs_no_further_statement() {
        use crate::render::{Format, TableOptions};
        let printer = crate::render::Printer::new(Format::Csv, TableOptions::default());
        let mut session = Session::new(Database::empty(), Params::new(), printer);
        let stop = Arc::new(AtomicBool::new(false));
        session.stop = Some(stop.clone());
        let (mut out, mut err) = (Vec::new(), Vec::new());
        assert!(session.run_script("CREATE ();", &mut out, &mut err).is_ok());
        assert!(session.changed);
        stop.store(true, Ordering::Relaxed);
        assert!(session.run_script("CREATE (); CREATE ();", &mut out, &mut err).is_ok());
        assert_eq!(session.db.graph().node_count(), 1);
        assert!(String::from_utf8_lossy(&err).starts_with("interrupted"));
    }

    #[test]
    fn begin_commit_and_rollback_group_statements() {
        use crate::render::{Format, TableOptions};
        let printer = crate::render::Printer::new(Format::Jsonl, TableOptions::default());
        let mut session = Session::new(Database::empty(), Params::new(), printer);
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let script = "BEGIN; CREATE (); CREATE (); ROLLBACK; begin; CREATE (); COMMIT; \
                      BEGIN; CREATE (); RETURN 1/0; COMMIT; ROLLBACK; CREATE ()";
        assert!(session.run_script(script, &mut out, &mut err).is_ok());
        assert_eq!(session.db.graph().node_count(), 2);
        assert!(!session.db.in_transaction());
        let text = String::from_utf8_lossy(&out);
        assert!(text.contains("the open transaction was rolled back"), "{text}");
        assert!(text.contains("no open transaction to commit"), "{text}");
        assert!(text.contains("no open transaction to roll back"), "{text}");
    }

    #[test]
    fn terminated_prefixes_stop_after_the_last_semicolon() {
        assert_eq!(terminated_len("RETURN 1"), 0);
        assert_eq!(terminated_len("RETURN 1;"), 9);
        assert_eq!(terminated_len("RETURN 1; RETURN 2"), 9);
        assert_eq!(terminated_len("RETURN ';'"), 0);
        assert_eq!(terminated_len("RETURN 1; RETURN 2;\n"), 19);
        assert_eq!(terminated_len("RETURN 1 // ;"), 0);
    }

    #[test]
    fn input_is_complete_at_a_final_semicolon_with_nothing_open() {
        assert!(is_complete("RETURN 1;"));
        assert!(is_complete("MATCH (n)\nRETURN n;  // done"));
        assert!(is_complete("RETURN 1; RETURN 2;"));
        assert!(!is_complete("RETURN 1"));
        assert!(!is_complete("RETURN 1; RETURN 2"));
        assert!(!is_complete("RETURN 'a;"));
        assert!(!is_complete("MATCH (n;"));
        assert!(!is_complete(""));
        assert!(!is_complete("  // just a comment"));
    }
}
