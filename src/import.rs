//! `embargo import`: bulk-load CSV files with neo4j-admin headers, embargo's
//! own documents, and the sanctions lists (UN, OFAC, EU, FtM) into a store.
//!
//! Everything is added to the store's graph in memory; only when every file
//! has been read does a checkpoint write the new snapshot, atomically. A
//! failed import therefore leaves the store's files exactly as they were.

mod apply;
pub mod countries;
pub mod eu_csv;
pub mod ftm;
mod header;
mod ids;
pub(crate) mod json_integers;
pub mod listing;
pub mod lists;
mod load;
pub mod ofac_csv;
mod ofac_dates;
mod ofac_fields;
pub mod ofac_xml;
mod parse;
pub(crate) mod quoting;
pub mod report;
mod rows;
pub mod un_xml;
pub(crate) mod xml;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use crate::error::{MESSAGE_MAX, shortened};
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

    /// An embargo JSON export to load (`embargo export --format json`)
    #[arg(long = "json", value_name = "FILE")]
    pub json: Vec<PathBuf>,

    /// A GraphML file to load (embargo's own, or Gephi's, yEd's, networkx's)
    #[arg(long = "graphml", value_name = "FILE")]
    pub graphml: Vec<PathBuf>,

    /// A UN Security Council consolidated list (XML, any vintage)
    #[arg(long = "un-xml", value_name = "FILE")]
    pub un_xml: Vec<PathBuf>,

    /// OFAC's SDN list in its legacy CSV form (add.csv and alt.csv beside it are read too)
    #[arg(long = "ofac-csv", value_name = "SDN.CSV")]
    pub ofac_csv: Vec<PathBuf>,

    /// An OFAC sdnList XML (the SDN list or the consolidated non-SDN list)
    #[arg(long = "ofac-xml", value_name = "FILE")]
    pub ofac_xml: Vec<PathBuf>,

    /// An EU restrictive-measures table with FtM-aligned columns (CSV)
    #[arg(long = "eu-csv", value_name = "FILE")]
    pub eu_csv: Vec<PathBuf>,

    /// FollowTheMoney entities as JSON lines, plain or delta (OpenSanctions exports)
    #[arg(long = "ftm", value_name = "FILE")]
    pub ftm: Vec<PathBuf>,

    /// The version date of lists that carry none (OFAC CSV, EU table); default: the file's date
    #[arg(long = "as-of", value_name = "YYYY-MM-DD", value_parser = parse_as_of)]
    pub as_of: Option<crate::value::Date>,

    /// The field delimiter: one character, or TAB
    #[arg(long, value_name = "C", default_value = ",", value_parser = parse_delimiter)]
    pub delimiter: char,

    /// The delimiter of array elements and of labels
    #[arg(long = "array-delimiter", value_name = "C", default_value = ";", value_parser = parse_array_delimiter)]
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

fn parse_as_of(text: &str) -> Result<crate::value::Date, String> {
    crate::value::Date::parse_iso(text).ok_or_else(|| format!("'{text}' is not a date (YYYY-MM-DD)"))
}

impl ImportArgs {
    /// The sanctions-list files, format by format, each in the order given.
    pub fn list_files(&self) -> Vec<(lists::Format, PathBuf)> {
        use lists::Format::*;
        let groups = [
            (UnXml, &self.un_xml),
            (OfacCsv, &self.ofac_csv),
            (OfacXml, &self.ofac_xml),
            (EuCsv, &self.eu_csv),
            (Ftm, &self.ftm),
        ];
        groups.into_iter().flat_map(|(format, files)| files.iter().map(move |f| (format, f.clone()))).collect()
    }
}

fn parse_array_delimiter(text: &str) -> Result<char, String> {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Ok(c),
        _ => parse_delimiter(text),
    }
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
    /// What the sanctions lists added, when any were given.
    pub lists: Option<report::Report>,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let seconds = self.elapsed.as_secs_f64();
        if let Some(lists) = &self.lists {
            write!(f, "imported {lists} in {seconds:.2} s ({})", lists.breakdown())?;
            if self.nodes + self.relationships > 0 {
                write!(
                    f,
                    ", and {} nodes and {} relationships from CSV and documents",
                    self.nodes, self.relationships
                )?;
            }
            return Ok(());
        }
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
    let documents = !args.json.is_empty() || !args.graphml.is_empty();
    let list_files = args.list_files();
    if args.nodes.is_empty() && args.relationships.is_empty() && !documents && list_files.is_empty() {
        return Err("nothing to import: give --nodes FILE and --relationships FILE, --json FILE, --graphml FILE, \
             or a list (--un-xml, --ofac-csv, --ofac-xml, --eu-csv, --ftm)"
            .into());
    }
    let mut opened = Storage::open(&args.store, false).map_err(|e| e.message)?;
    for w in &opened.warnings {
        notes(w);
    }
    let mut from_documents = (0, 0, 0);
    for (file, graphml) in args.json.iter().map(|f| (f, false)).chain(args.graphml.iter().map(|f| (f, true))) {
        let counts = load_document(file, graphml, &mut opened.graph).map_err(|e| shortened(&e, MESSAGE_MAX))?;
        from_documents = (from_documents.0 + counts.0, from_documents.1 + counts.1, from_documents.2 + counts.2);
    }
    let files = args.nodes.iter().map(|f| (f, FileKind::Nodes));
    let files: Vec<_> = files.chain(args.relationships.iter().map(|f| (f, FileKind::Relationships))).collect();
    let size = |f: &PathBuf| std::fs::metadata(f).map_or(0, |m| m.len());
    let total: u64 = files.iter().map(|(f, _)| size(f)).chain(list_files.iter().map(|(_, f)| size(f))).sum();
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
        loader.load(file, kind).map_err(|e| shortened(&e, MESSAGE_MAX))?;
    }
    let mut bad_rows = std::mem::take(&mut loader.bad_rows);
    let (csv_nodes, csv_rels, csv_props) = (loader.nodes, loader.relationships, loader.properties);
    // Its id spaces (tens of MB at a million nodes) must not sit beside
    // the checkpoint.
    drop(loader);
    let lists = if list_files.is_empty() {
        None
    } else {
        let options = lists::ListOptions { skip_bad_rows: args.skip_bad_rows, as_of: args.as_of };
        let mut reading = |file: &std::path::Path| {
            if let Some(bar) = &progress {
                bar.set_message(file.display().to_string());
                bar.inc(std::fs::metadata(file).map_or(0, |m| m.len()));
            }
        };
        let report = lists::import(&mut opened.graph, &list_files, &options, &mut reading)?;
        opened.graph.commit();
        bad_rows.extend(report.skipped.iter().cloned());
        for line in report.notes() {
            notes(&line);
        }
        Some(report)
    };
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    let (nodes, relationships, properties) =
        (csv_nodes + from_documents.0, csv_rels + from_documents.1, csv_props + from_documents.2);
    if !bad_rows.is_empty() {
        let mut text = bad_rows.join("\n");
        text.push('\n');
        std::fs::write(&args.report, text)
            .map_err(|e| format!("cannot write the report {}: {e}", args.report.display()))?;
        notes(&format!("skipped {} bad rows; they are listed in {}", bad_rows.len(), args.report.display()));
    }
    // Nothing is on disk before the checkpoint: data that breaks a
    // constraint of the store leaves it as it was.
    opened.graph.check_all_constraints().map_err(|e| format!("{}: {}", e.kind.name(), e.message))?;
    opened.storage.checkpoint(&opened.graph).map_err(|e| e.message)?;
    let bad_rows = bad_rows.len();
    let summary = Summary { nodes, relationships, properties, bad_rows, elapsed: started.elapsed(), lists };
    Ok((summary, opened.graph))
}

/// Adds a JSON or GraphML document's nodes and relationships to `graph`;
/// the counts of nodes, relationships and properties it added. The whole
/// document is checked before anything is added.
fn load_document(file: &std::path::Path, graphml: bool, graph: &mut Graph) -> Result<(u64, u64, u64), String> {
    let fail = |reason: String| format!("{}: {reason}", file.display());
    let input = std::fs::File::open(file).map_err(|e| fail(e.to_string()))?;
    let dump =
        if graphml { crate::export::graphml::parse_graphml(input) } else { crate::export::json::parse_json(input) }
            .map_err(|e| fail(e.message))?;
    let properties = dump.nodes.iter().map(|n| n.properties.len()).sum::<usize>()
        + dump.relationships.iter().map(|r| r.properties.len()).sum::<usize>();
    let (nodes, rels) = dump.load_into(graph).map_err(|e| fail(e.message))?;
    Ok((nodes.len() as u64, rels.len() as u64, properties as u64))
}
