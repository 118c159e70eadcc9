//! `embargo import`: bulk-load CSV files with neo4j-admin headers into a
//! store.
//!
//! The rows are added to the store's graph in memory; only when every file
//! has been read does a checkpoint write the new snapshot, atomically. A
//! failed import therefore leaves the store's files exactly as they were.

mod header;
mod ids;
mod load;
mod rows;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use crate::storage::Storage;
use crate::store::Graph;
use load::{FileKind, Loader, Options};

/// Bulk-load CSV files with neo4j-admin import headers into STORE
#[derive(clap::Args, Debug, Clone)]
pub struct ImportArgs {
    /// A node file (repeat the flag for each file)
    #[arg(long = "nodes", value_name = "FILE")]
    pub nodes: Vec<PathBuf>,

    /// A relationship file (repeat the flag for each file)
    #[arg(long = "relationships", value_name = "FILE")]
    pub relationships: Vec<PathBuf>,

    /// The field delimiter: one character, or TAB
    #[arg(long, value_name = "C", default_value = ",", value_parser = parse_delimiter)]
    pub delimiter: char,

    /// The delimiter of array elements and of labels
    #[arg(long = "array-delimiter", value_name = "C", default_value = ";", value_parser = parse_delimiter)]
    pub array_delimiter: char,

    /// Skip rows that cannot be imported, listing them in the report file
    #[arg(long)]
    pub skip_bad_rows: bool,

    /// Where --skip-bad-rows lists the rows it skipped
    #[arg(long, value_name = "PATH", default_value = "import.report")]
    pub report: PathBuf,

    /// The store directory (made if missing)
    #[arg(value_name = "STORE")]
    pub store: PathBuf,
}

fn parse_delimiter(text: &str) -> Result<char, String> {
    match text {
        "TAB" | "\\t" | "\t" => Ok('\t'),
        t if t.len() == 1 && t.is_ascii() => t.chars().next().ok_or_else(|| "empty".into()),
        t => Err(format!("'{t}' is not one ASCII character")),
    }
}

/// What an import did.
#[derive(Debug)]
pub struct Summary {
    pub nodes: u64,
    pub relationships: u64,
    pub properties: u64,
    pub bad_rows: usize,
    pub elapsed: Duration,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let seconds = self.elapsed.as_secs_f64();
        let rate = (self.nodes + self.relationships) as f64 / seconds.max(1e-9);
        write!(
            f,
            "imported {} nodes, {} relationships and {} properties in {seconds:.2} s ({rate:.0} entities/s)",
            self.nodes, self.relationships, self.properties
        )
    }
}

/// Runs an import; messages for the user go to `notes` as they happen.
/// An error is one line: the file, the line and the reason. The graph as
/// stored comes back too, for a caller that wants to look at it (or, about
/// to exit, to skip freeing it record by record).
pub fn run(args: &ImportArgs, notes: &mut dyn FnMut(&str)) -> Result<(Summary, Graph), String> {
    let started = Instant::now();
    if args.nodes.is_empty() && args.relationships.is_empty() {
        return Err("nothing to import: give --nodes FILE and --relationships FILE".into());
    }
    let mut opened = Storage::open(&args.store, false).map_err(|e| e.message)?;
    for w in &opened.warnings {
        notes(w);
    }
    let files = args.nodes.iter().map(|f| (f, FileKind::Nodes));
    let files: Vec<_> = files.chain(args.relationships.iter().map(|f| (f, FileKind::Relationships))).collect();
    let total: u64 = files.iter().map(|(f, _)| std::fs::metadata(f).map_or(0, |m| m.len())).sum();
    let progress = std::io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::new(total);
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {eta} {msg}") {
            bar.set_style(style);
        }
        bar
    });
    // A rough size guess (about 60 bytes a row) saves regrowing the graph.
    opened.graph.reserve((total / 300) as usize, (total / 60) as usize);
    let options = Options {
        delimiter: args.delimiter as u8,
        array_delimiter: args.array_delimiter,
        skip_bad_rows: args.skip_bad_rows,
    };
    let mut loader = Loader::new(&mut opened.graph, options, progress.clone());
    for (file, kind) in files {
        if let Some(bar) = &progress {
            bar.set_message(file.display().to_string());
        }
        loader.load(file, kind)?;
    }
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    let bad_rows = std::mem::take(&mut loader.bad_rows);
    let (nodes, relationships, properties) = (loader.nodes, loader.relationships, loader.properties);
    if !bad_rows.is_empty() {
        let mut text = bad_rows.join("\n");
        text.push('\n');
        std::fs::write(&args.report, text)
            .map_err(|e| format!("cannot write the report {}: {e}", args.report.display()))?;
        notes(&format!("skipped {} bad rows; they are listed in {}", bad_rows.len(), args.report.display()));
    }
    opened.storage.checkpoint(&opened.graph).map_err(|e| e.message)?;
    let bad_rows = bad_rows.len();
    let summary = Summary { nodes, relationships, properties, bad_rows, elapsed: started.elapsed() };
    Ok((summary, opened.graph))
}
