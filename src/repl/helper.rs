//! The rustyline helper: it joins the pure pieces (completion, colours) to
//! the editor, and adds hints from history.
//!
//! Multi-line input is not a rustyline `Validator`: rustyline draws its
//! prompt on the first line of a buffer only, so the REPL reads line by line
//! and asks [`crate::session::is_complete`] whether to show `   ...> `. The
//! lines read so far are the helper's `pending` text, so that completion and
//! colours know the statement's context.

use std::borrow::Cow;

use rustyline::completion::{Completer, FilenameCompleter, Pair};
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::{Hinter, HistoryHinter};
use rustyline::{Context, Helper, Validator};

use super::complete::{Completion, Vocabulary, complete};
use super::highlight::{dim, highlight};
use super::lex::{Open, lex};

#[derive(Helper, Validator, Default)]
pub struct ReplHelper {
    files: FilenameCompleter,
    history: HistoryHinter,
    /// The graph's names and the bound parameters.
    pub vocabulary: Vocabulary,
    /// Earlier lines of the statement being typed.
    pending: String,
    /// What those lines leave open (a string, a comment).
    pending_open: Open,
    /// Colours and hints; off for `--no-color`, `NO_COLOR` or no terminal.
    pub color: bool,
}

impl ReplHelper {
    pub fn new(color: bool) -> ReplHelper {
        ReplHelper { color, ..ReplHelper::default() }
    }

    pub fn set_pending(&mut self, text: &str) {
        self.pending = text.to_string();
        self.pending_open = lex(text, Open::Nothing).1;
    }
}

impl Completer for ReplHelper {
    type Candidate = Pair;

    fn complete(&self, line: &str, pos: usize, _ctx: &Context<'_>) -> rustyline::Result<(usize, Vec<Pair>)> {
        match complete(&self.pending, line, pos, &self.vocabulary) {
            Completion::Path => self.files.complete_path(line, pos),
            Completion::Words { start, words } => {
                Ok((start, words.into_iter().map(|w| Pair { display: w.clone(), replacement: w }).collect()))
            }
        }
    }
}

impl Hinter for ReplHelper {
    type Hint = String;

    fn hint(&self, line: &str, pos: usize, ctx: &Context<'_>) -> Option<String> {
        // Without colour a hint would look like typed text; a multi-line
        // entry would not fit after the cursor.
        if !self.color || !self.pending.is_empty() {
            return None;
        }
        self.history.hint(line, pos, ctx).filter(|hint| !hint.contains('\n'))
    }
}

impl Highlighter for ReplHelper {
    fn highlight<'l>(&self, line: &'l str, _pos: usize) -> Cow<'l, str> {
        if self.color {
            Cow::Owned(highlight(line, self.pending_open, self.pending.is_empty()))
        } else {
            Cow::Borrowed(line)
        }
    }

    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        if self.color { Cow::Owned(dim(hint)) } else { Cow::Borrowed(hint) }
    }

    fn highlight_char(&self, _line: &str, _pos: usize, _kind: CmdKind) -> bool {
        self.color
    }
}
