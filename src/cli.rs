//! The command line of `shared/docs/interface.md`: options, where the
//! statements come from, and the exit status.

use std::io::{self, BufReader, IsTerminal, Write};
use std::path::PathBuf;
use std::time::Duration;

use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser};

use crate::database::{Database, Params, parse_param};
use crate::render::{Format, Printer, TableOptions};
use crate::script::read_file;
use crate::session::Session;

/// embargo: a knowledge graph of sanctions networks, queried in openCypher.
///
/// Without -c or -f, statements are read from standard input when it is
/// not a terminal; otherwise an interactive shell starts.
#[derive(Parser, Debug)]
#[command(name = "embargo", version, args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Open (or create) the persistent store in directory STORE
    #[arg(value_name = "STORE")]
    pub store: Option<PathBuf>,

    /// Open STORE without the writer's lock, refusing statements that change it
    #[arg(long, requires = "store")]
    pub read_only: bool,

    /// Start from an empty in-memory graph instead of the bundled one
    #[arg(long, conflicts_with = "store")]
    pub empty: bool,

    /// Run the statements in TEXT and exit (repeatable)
    #[arg(short = 'c', long = "command", value_name = "TEXT")]
    pub commands: Vec<String>,

    /// Run the statements in PATH and exit; `-` reads standard input (repeatable)
    #[arg(short = 'f', long = "file", value_name = "PATH")]
    pub files: Vec<PathBuf>,

    /// Result format [default: table on a terminal, csv otherwise]
    #[arg(long, value_enum, value_name = "FMT")]
    pub format: Option<Format>,

    /// Bind $NAME to a Cypher literal for every statement (repeatable),
    /// e.g. -p name='Iran' -p ids=[1,2]
    #[arg(short = 'p', long = "param", value_name = "NAME=LITERAL")]
    pub params: Vec<String>,

    /// Do not read or write the shell's history file
    #[arg(long)]
    pub no_history: bool,

    /// Do not colour the output
    #[arg(long)]
    pub no_color: bool,

    /// End any statement that runs longer than SECONDS
    #[arg(long, value_name = "SECONDS")]
    pub timeout: Option<f64>,

    /// End any statement that holds more than SIZE of memory (512M, 2G, or
    /// off) [default: a quarter of the machine's memory]
    #[arg(long, value_name = "SIZE")]
    pub max_memory: Option<String>,

    /// Show at most N rows of a result, with a notice of the cut
    /// [default: 1000 in the shell, no limit otherwise; 0 for no limit]
    #[arg(long, value_name = "N")]
    pub max_rows: Option<usize>,

    /// -c and -f in the order given on the command line.
    #[arg(skip)]
    pub inputs: Vec<Input>,
}

mod export;
pub use export::{ExportArgs, run_export};
mod matching;
pub use matching::{LinkArgs, ScreenArgs, run_link, run_screen};
mod serve;
pub use serve::{ServeArgs, run_serve};

/// The subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum Command {
    Import(crate::import::ImportArgs),
}

/// Where a batch run's statements come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Text(String),
    File(PathBuf),
}

/// A problem with the invocation itself: the run does not start.
#[derive(Debug)]
pub struct UsageError(pub String);

/// What a finished run tells the shell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Success,
    /// At least one statement failed (exit status 1).
    StatementFailed,
    /// The invocation was wrong (exit status 2).
    Usage,
}

impl Args {
    /// Parses the arguments, keeping the order of `-c` and `-f`.
    pub fn try_parse_from<I, T>(args: I) -> Result<Args, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        let matches = Args::command().try_get_matches_from(args)?;
        let mut parsed = Args::from_arg_matches(&matches)?;
        parsed.inputs = ordered_inputs(&matches, &parsed);
        Ok(parsed)
    }
}

fn ordered_inputs(matches: &ArgMatches, args: &Args) -> Vec<Input> {
    let indices = |id: &str| matches.indices_of(id).map(|i| i.collect::<Vec<_>>()).unwrap_or_default();
    let texts = indices("commands").into_iter().zip(args.commands.iter().cloned().map(Input::Text));
    let files = indices("files").into_iter().zip(args.files.iter().cloned().map(Input::File));
    let mut inputs: Vec<(usize, Input)> = texts.chain(files).collect();
    inputs.sort_by_key(|(index, _)| *index);
    inputs.into_iter().map(|(_, input)| input).collect()
}

/// Runs embargo as the arguments ask, printing to stdout and stderr.
pub fn run(args: Args) -> Status {
    match try_run(args) {
        Ok(true) => Status::Success,
        Ok(false) => Status::StatementFailed,
        Err(RunError::Usage(UsageError(message))) => {
            eprintln!("embargo: {message}");
            Status::Usage
        }
        Err(RunError::Start(message)) => {
            eprintln!("embargo: {message}");
            Status::StatementFailed
        }
        // The reader went away (`embargo ... | head`): nothing more to say.
        Err(RunError::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => Status::Success,
        Err(RunError::Io(e)) => {
            eprintln!("embargo: {e}");
            Status::StatementFailed
        }
    }
}

enum RunError {
    Usage(UsageError),
    Start(String),
    Io(io::Error),
}

impl From<io::Error> for RunError {
    fn from(e: io::Error) -> RunError {
        RunError::Io(e)
    }
}

/// The shell's row limit when `--max-rows` is not given.
pub const SHELL_MAX_ROWS: usize = 1000;

/// `embargo import`: the summary or the error on stderr.
fn run_import(args: &crate::import::ImportArgs) -> Result<bool, RunError> {
    let mut note = |text: &str| eprintln!("embargo import: {text}");
    match crate::import::run(args, &mut note) {
        Ok((summary, graph)) => {
            eprintln!("{summary}");
            // The process ends now: freeing millions of records one by
            // one would only delay the exit (a fifth of a large import).
            std::mem::forget(graph);
            Ok(true)
        }
        Err(message) => Err(RunError::Start(format!("import: {message}; the store was left as it was"))),
    }
}

/// Ok(whether every statement succeeded).
fn try_run(args: Args) -> Result<bool, RunError> {
    if let Some(Command::Import(import)) = &args.command {
        return run_import(import);
    }
    let params = parse_params(&args.params).map_err(RunError::Usage)?;
    let timeout = parse_timeout(args.timeout).map_err(RunError::Usage)?;
    let max_memory = parse_max_memory(args.max_memory.as_deref()).map_err(RunError::Usage)?;
    let stdout_tty = io::stdout().is_terminal();
    let interactive = args.inputs.is_empty() && io::stdin().is_terminal();
    let format = args.format.unwrap_or(if stdout_tty { Format::Table } else { Format::Csv });
    let color = stdout_tty && !args.no_color && std::env::var_os("NO_COLOR").is_none();
    let table = TableOptions { width: None, color, timer: true };

    let mut db = if let Some(store) = &args.store {
        // A store that cannot be opened is a failed start (status 2), and
        // opening changes nothing until the store has read back whole.
        let (db, warnings) =
            Database::open(store, args.read_only).map_err(|e| RunError::Usage(UsageError(e.message)))?;
        for warning in warnings {
            eprintln!("embargo: warning: {warning}");
        }
        db
    } else if args.empty {
        Database::empty()
    } else {
        Database::bundled().map_err(|e| RunError::Start(format!("cannot load the bundled graph: {e}")))?
    };
    db.limits.timeout = timeout;
    if let Some(max_memory) = max_memory {
        db.limits.max_memory = max_memory;
    }
    let mut session = Session::new(db, params, Printer::new(format, table));
    // A shell shows a screenful, not a million rows, unless asked.
    let max_rows = args.max_rows.or(interactive.then_some(SHELL_MAX_ROWS));
    session.printer.max_rows = max_rows.filter(|n| *n > 0);

    if interactive {
        let options = crate::repl::Options { no_history: args.no_history, color };
        return Ok(crate::repl::run(session, options)?);
    }
    let (stdout, stderr) = (io::stdout(), io::stderr());
    let (mut out, mut err) = (stdout.lock(), stderr.lock());
    if args.inputs.is_empty() {
        session.run_reader(BufReader::new(io::stdin().lock()), &mut out, &mut err)?;
    }
    for input in &args.inputs {
        match input {
            Input::Text(text) => session.run_script(text, &mut out, &mut err)?,
            Input::File(path) if path.as_os_str() == "-" => {
                session.run_reader(BufReader::new(io::stdin().lock()), &mut out, &mut err)?
            }
            Input::File(path) => match read_file(path) {
                Ok(script) => session.run_script(&script, &mut out, &mut err)?,
                Err(error) => session.fail(&mut out, &mut err, &error)?,
            },
        }
    }
    session.printer.finish(&mut out)?;
    out.flush()?;
    if let Err(e) = session.db.close() {
        // Every statement is in the WAL already: only the checkpoint failed.
        eprintln!("embargo: warning: {}", e.message);
    }
    let ok = !session.failed;
    // The process ends now and the store is closed: freeing a large graph
    // record by record would only delay the exit.
    std::mem::forget(session);
    Ok(ok)
}

/// `NAME=LITERAL` pairs into parameters.
pub fn parse_params(pairs: &[String]) -> Result<Params, UsageError> {
    let mut params = Params::new();
    for pair in pairs {
        let (name, literal) = pair
            .split_once('=')
            .ok_or_else(|| UsageError(format!("-p {pair}: expected NAME=LITERAL, e.g. -p name='Iran'")))?;
        let name = name.trim();
        let (value, name) = parse_param(name, literal).map_err(|e| UsageError(format!("-p {name}: {e}")))?;
        params.insert(name, value);
    }
    Ok(params)
}

/// `--max-memory`: `None` when not given, `Some(None)` for `off`.
fn parse_max_memory(text: Option<&str>) -> Result<Option<Option<usize>>, UsageError> {
    text.map(|t| crate::memory::parse_budget(t).map_err(|e| UsageError(format!("--max-memory: {e}")))).transpose()
}

fn parse_timeout(seconds: Option<f64>) -> Result<Option<Duration>, UsageError> {
    seconds
        .map(|s| {
            Duration::try_from_secs_f64(s)
                .ok()
                .filter(|d| !d.is_zero())
                .ok_or_else(|| UsageError(format!("--timeout {s}: expected a positive number of seconds")))
        })
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Option<Args> {
        Args::try_parse_from(std::iter::once("embargo").chain(args.iter().copied())).ok()
    }

    #[test]
    fn commands_and_files_keep_their_order() {
        let args = parse(&["-f", "a.cypher", "-c", "RETURN 1", "--file", "-", "--command=RETURN 2"]);
        let inputs = args.map(|a| a.inputs).unwrap_or_default();
        assert_eq!(
            inputs,
            [
                Input::File("a.cypher".into()),
                Input::Text("RETURN 1".into()),
                Input::File("-".into()),
                Input::Text("RETURN 2".into())
            ]
        );
    }

    #[test]
    fn options_parse() {
        let args = parse(&["--empty", "--format", "jsonl", "--timeout", "1.5", "--no-history", "--no-color"]);
        assert_eq!(parse(&["--max-rows", "20"]).and_then(|a| a.max_rows), Some(20));
        assert!(parse(&["--max-rows", "-1"]).is_none());
        assert!(args.as_ref().is_some_and(|a| a.empty && a.no_history && a.no_color));
        assert_eq!(args.as_ref().and_then(|a| a.format), Some(Format::Jsonl));
        assert!(parse(&["--format", "yaml"]).is_none());
        assert!(parse(&["--empty", "store"]).is_none());
    }

    #[test]
    fn bad_parameters_and_timeouts_are_usage_errors() {
        assert!(parse_params(&["novalue".into()]).is_err());
        assert!(parse_params(&["1x=1".into()]).is_err());
        assert!(parse_params(&["1=1".into()]).is_ok());
        assert!(parse_timeout(Some(-1.0)).is_err());
        assert!(parse_timeout(Some(f64::NAN)).is_err());
        assert!(parse_timeout(Some(0.0)).is_err());
        assert!(parse_max_memory(Some("lots")).is_err());
        assert_eq!(parse_max_memory(Some("64M")).ok(), Some(Some(Some(64 << 20))));
        assert_eq!(parse_max_memory(None).ok(), Some(None));
        assert_eq!(parse_timeout(Some(2.0)).ok().flatten(), Some(Duration::from_secs(2)));
    }
}
