//! `embargo link` and `embargo screen`: the command-line side of linking
//! listings across lists and of screening a file of names.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Instant;

use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};

use super::Status;
use crate::database::Database;

/// `embargo link STORE`: add `SAME_AS` between the listings of one party
/// in different lists.
#[derive(Parser, Debug)]
#[command(name = "embargo link", bin_name = "embargo link")]
pub struct LinkArgs {
    /// The least score of a link (0.7: very likely the same party)
    #[arg(long, value_name = "S", default_value_t = crate::link::DEFAULT_MIN_SCORE)]
    pub min_score: f64,

    /// The store directory
    #[arg(value_name = "STORE")]
    pub store: PathBuf,
}

/// `embargo screen FILE STORE`: check a CSV of names against the lists.
#[derive(Parser, Debug)]
#[command(name = "embargo screen", bin_name = "embargo screen")]
pub struct ScreenArgs {
    /// Output format: one CSV line per match, or one JSON object per row
    #[arg(long, value_name = "FMT", default_value = "csv", value_parser = ["csv", "jsonl"])]
    pub format: String,

    /// The least score of a match
    #[arg(long, value_name = "S", default_value_t = 0.7)]
    pub min_score: f64,

    /// At most this many matches per row
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub limit: usize,

    /// A CSV with a header: `name`, and optionally `birth_date`, `country`, `schema`, `id`
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// The store directory (opened read-only)
    #[arg(value_name = "STORE")]
    pub store: PathBuf,
}

/// Opens the store a command works on.
fn open(store: &std::path::Path, read_only: bool, command: &str) -> Result<Database, Status> {
    // Both commands work on lists already imported: a missing directory
    // is a mistake, not a new empty store.
    if !store.is_dir() {
        eprintln!("embargo {command}: '{}' is not a store directory", store.display());
        return Err(Status::Usage);
    }
    match Database::open(store, read_only) {
        Ok((db, warnings)) => {
            for warning in warnings {
                eprintln!("embargo {command}: warning: {warning}");
            }
            Ok(db)
        }
        Err(e) => {
            eprintln!("embargo {command}: {}", e.message);
            Err(Status::Usage)
        }
    }
}

/// Runs `embargo link`; the summary goes to stderr.
pub fn run_link(args: LinkArgs) -> Status {
    let started = Instant::now();
    let mut db = match open(&args.store, false, "link") {
        Ok(db) => db,
        Err(status) => return status,
    };
    match db.link(args.min_score) {
        Ok(report) => {
            eprintln!("embargo link: {report} in {:.2} s", started.elapsed().as_secs_f64());
            Status::Success
        }
        Err(e) => {
            eprintln!("embargo link: {}; the store was left as it was", e.message);
            Status::StatementFailed
        }
    }
}

/// Runs `embargo screen`: matches on stdout, progress and bad rows on
/// stderr. A row that cannot be read is reported and the rest go on.
pub fn run_screen(args: ScreenArgs) -> Status {
    let started = Instant::now();
    let db = match open(&args.store, true, "screen") {
        Ok(db) => db,
        Err(status) => return status,
    };
    let rows = match crate::screen::read_rows(&args.file) {
        Ok(rows) => rows,
        Err(message) => {
            eprintln!("embargo screen: {message}");
            return Status::StatementFailed;
        }
    };
    let progress = std::io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::new(rows.len() as u64);
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} names {eta}") {
            bar.set_style(style);
        }
        bar
    });
    let graph = db.graph();
    let stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let mut out = if args.format == "csv" {
        Output::Csv(Box::new(csv::Writer::from_writer(stdout)))
    } else {
        Output::Jsonl(stdout)
    };
    let (mut screened, mut bad, mut matched) = (0usize, 0usize, 0usize);
    let mut written = out.header();
    for row in &rows {
        if written.is_err() {
            break;
        }
        if let Some(bar) = &progress {
            bar.inc(1);
        }
        let row = match row {
            Ok(row) => row,
            Err(message) => {
                bad += 1;
                eprintln!("embargo screen: {message}");
                continue;
            }
        };
        let found = crate::screen::screen(graph, row, args.min_score, args.limit);
        screened += 1;
        matched += usize::from(!found.is_empty());
        written = out.row(graph, row, &found);
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    if let Err(e) = written.and_then(|()| out.flush()) {
        eprintln!("embargo screen: cannot write the results: {e}");
        return Status::StatementFailed;
    }
    let seconds = started.elapsed().as_secs_f64();
    eprintln!(
        "embargo screen: {screened} names, {matched} with a match at {:.2} or more, {bad} rows not read, in {seconds:.2} s ({:.0} names/s)",
        args.min_score,
        screened as f64 / seconds.max(1e-9)
    );
    if bad > 0 { Status::StatementFailed } else { Status::Success }
}

/// Where screening results go.
enum Output<W: Write> {
    Csv(Box<csv::Writer<W>>),
    Jsonl(W),
}

impl<W: Write> Output<W> {
    fn header(&mut self) -> Result<(), String> {
        match self {
            Output::Csv(out) => out.write_record(crate::screen::CSV_HEADER).map_err(|e| e.to_string()),
            Output::Jsonl(_) => Ok(()),
        }
    }

    fn row(
        &mut self,
        graph: &crate::store::Graph,
        row: &crate::screen::Row,
        found: &[crate::store::names::Candidate],
    ) -> Result<(), String> {
        match self {
            Output::Csv(out) => crate::screen::write_csv(out, graph, row, found).map_err(|e| e.to_string()),
            Output::Jsonl(out) => {
                writeln!(out, "{}", crate::screen::to_json(graph, row, found)).map_err(|e| e.to_string())
            }
        }
    }

    fn flush(&mut self) -> Result<(), String> {
        match self {
            Output::Csv(out) => out.flush(),
            Output::Jsonl(out) => out.flush(),
        }
        .map_err(|e| e.to_string())
    }
}
