//! Reading node and relationship files into the graph, with no undo or
//! redo bookkeeping: the rows of a file are parsed on a second thread
//! ([`super::parse`]) while this one adds them.

use std::path::Path;
use std::sync::mpsc::{Receiver, sync_channel};

use csv::ByteRecord;
use indicatif::ProgressBar;

use super::header::{Column, Field, parse_field};
use super::ids::IdSpace;
use super::parse::{Parser, Row};
use super::quoting;
use super::rows::text;
use crate::store::{Graph, Symbol};

/// Which kind of file is being read.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Nodes,
    Relationships,
}

pub struct Options {
    pub delimiter: u8,
    pub array_delimiter: char,
    pub skip_bad_rows: bool,
}

/// A whole import: the graph it adds to, the id spaces, counts, and the
/// rows skipped (with `--skip-bad-rows`).
pub struct Loader<'g> {
    graph: &'g mut Graph,
    options: Options,
    spaces: Vec<(String, IdSpace)>,
    pub nodes: u64,
    pub relationships: u64,
    pub properties: u64,
    pub bad_rows: Vec<String>,
    progress: Option<(ProgressBar, u64)>,
}

impl<'g> Loader<'g> {
    pub fn new(graph: &'g mut Graph, options: Options, progress: Option<ProgressBar>) -> Loader<'g> {
        Loader {
            graph,
            options,
            spaces: Vec::new(),
            nodes: 0,
            relationships: 0,
            properties: 0,
            bad_rows: Vec::new(),
            progress: progress.map(|p| (p, 0)),
        }
    }

    fn space(&mut self, name: &str) -> usize {
        match self.spaces.iter().position(|(n, _)| n == name) {
            Some(i) => i,
            None => {
                self.spaces.push((name.to_string(), IdSpace::default()));
                self.spaces.len() - 1
            }
        }
    }

    fn header(&mut self, path: &Path, record: &ByteRecord, kind: FileKind) -> Result<Vec<Column>, String> {
        let at = format!("{}:1", path.display());
        let mut columns = Vec::with_capacity(record.len());
        for raw in record {
            let field = text(raw, &|| "the header".to_string()).map_err(|e| format!("{at}: {e}"))?;
            let field = parse_field(field).map_err(|e| format!("{at}: header field {e}"))?;
            let column = match (field, kind) {
                (Field::Id { space, name }, FileKind::Nodes) => {
                    Column::Id { space: self.space(space), key: name.map(|n| self.graph.keys.intern(n)) }
                }
                (Field::Label, FileKind::Nodes) => Column::Label,
                (Field::StartId(space), FileKind::Relationships) => Column::StartId(self.space(space)),
                (Field::EndId(space), FileKind::Relationships) => Column::EndId(self.space(space)),
                (Field::Type, FileKind::Relationships) => Column::Type,
                (Field::Ignore, _) => Column::Ignore,
                (Field::Property { name, kind, array }, _) => {
                    Column::Property { key: self.graph.keys.intern(name), kind, array }
                }
                (field, _) => {
                    let file = if kind == FileKind::Nodes { "a node" } else { "a relationship" };
                    return Err(format!("{at}: {file} file cannot have a {field:?} column"));
                }
            };
            columns.push(column);
        }
        let mut keys: Vec<Symbol> = columns
            .iter()
            .filter_map(|c| match c {
                Column::Property { key, .. } => Some(*key),
                Column::Id { key: Some(key), .. } => Some(*key),
                _ => None,
            })
            .collect();
        keys.sort_unstable();
        if let Some(pair) = keys.windows(2).find(|w| w[0] == w[1]) {
            return Err(format!("{at}: the header names the property '{}' twice", self.graph.keys.name(pair[0])));
        }
        let count = |f: &dyn Fn(&Column) -> bool| columns.iter().filter(|c| f(c)).count();
        let ids = count(&|c| matches!(c, Column::Id { .. }));
        let (starts, ends) = (count(&|c| matches!(c, Column::StartId(_))), count(&|c| matches!(c, Column::EndId(_))));
        let types = count(&|c| matches!(c, Column::Type));
        if ids > 1 {
            return Err(format!("{at}: the header has more than one ID column"));
        }
        if kind == FileKind::Relationships && (starts != 1 || ends != 1 || types != 1) {
            return Err(format!("{at}: a relationship file needs one :START_ID, one :END_ID and one :TYPE column"));
        }
        Ok(columns)
    }

    /// Reads one file: a second thread parses and checks its rows while
    /// this one adds them to the graph. Errors are about the file as a
    /// whole (unreadable, bad header) or, without `--skip-bad-rows`, its
    /// first bad row.
    pub fn load(&mut self, path: &Path, kind: FileKind) -> Result<(), String> {
        let file = std::fs::File::open(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let mut reader = quoting::reader(file, self.options.delimiter);
        let mut record = ByteRecord::new();
        if !reader.read_byte_record(&mut record).map_err(|e| read_error(path, e))? {
            return Ok(());
        }
        let columns = self.header(path, &record, kind)?;
        let column_names = columns
            .iter()
            .map(|c| match c {
                Column::Property { key, .. } => self.graph.keys.name(*key).to_string(),
                _ => String::new(),
            })
            .collect();
        let Loader { graph, options, spaces, progress, .. } = self;
        let options = &*options;
        let parser = Parser {
            kind,
            columns: &columns,
            column_names,
            options,
            spaces,
            next_node: graph.next_ids().0,
            last: None,
            scratch: Vec::with_capacity(columns.len()),
        };
        let (rows, received) = sync_channel(4);
        let progress_now = progress.clone();
        let mut counts = Counts::default();
        let (parsed, added) = std::thread::scope(|scope| {
            let parsing = scope.spawn(move || parser.run(path, reader, &rows, progress_now));
            // Returning early drops `received`, which stops the parser.
            let added = counts.add(graph, received, options.array_delimiter);
            (parsing.join(), added)
        });
        let parsed = parsed.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        // The parser's error is the earlier one: its row came first.
        self.bad_rows.extend(parsed?);
        added?;
        (self.nodes, self.relationships, self.properties) =
            (self.nodes + counts.nodes, self.relationships + counts.relationships, self.properties + counts.properties);
        if let Some((bar, done)) = &mut self.progress {
            *done += std::fs::metadata(path).map_or(0, |m| m.len());
            bar.set_position(*done);
        }
        Ok(())
    }
}

pub(super) fn read_error(path: &Path, e: csv::Error) -> String {
    match quoting::quote_error(&e) {
        Some(quote) => format!("{}:{quote}", path.display()),
        None => format!("cannot read {}: {e}", path.display()),
    }
}

/// What one file added to the graph.
#[derive(Default)]
struct Counts {
    nodes: u64,
    relationships: u64,
    properties: u64,
}

impl Counts {
    /// Adds the parsed rows to the graph as they arrive.
    fn add(&mut self, graph: &mut Graph, received: Receiver<Vec<Row>>, array_delimiter: char) -> Result<(), String> {
        let (mut labels, mut rel_type) = (Vec::new(), None);
        for batch in received {
            for row in batch {
                match row {
                    Row::Node { names, properties } => {
                        if let Some(names) = names {
                            labels.clear();
                            for l in names.split(array_delimiter).filter(|l| !l.is_empty()) {
                                let symbol = graph.labels.intern(l);
                                if !labels.contains(&symbol) {
                                    labels.push(symbol);
                                }
                            }
                        }
                        self.properties += properties.len() as u64;
                        self.nodes += 1;
                        graph.bulk_node(labels.clone(), properties);
                    }
                    Row::Rel { name, start, end, properties } => {
                        if let Some(name) = name {
                            rel_type = Some(graph.types.intern(&name));
                        }
                        let rel_type = rel_type.ok_or("the row lacks a type")?;
                        self.properties += properties.len() as u64;
                        graph
                            .bulk_rel(start, end, rel_type, properties)
                            .ok_or("a node of the relationship is missing")?;
                        self.relationships += 1;
                    }
                }
            }
        }
        Ok(())
    }
}
