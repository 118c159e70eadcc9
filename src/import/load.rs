//! Reading node and relationship files into the graph, row by row, with
//! one reused record and no undo or redo bookkeeping.

use std::path::Path;

use csv::ByteRecord;
use indicatif::ProgressBar;

use super::header::{Column, Field, parse_field};
use super::ids::IdSpace;
use super::quoting;
use super::rows::{excerpt, text, value};
use crate::store::{Graph, Symbol};
use crate::value::Value;

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

/// The last label or type field seen, and what it interned to: files
/// usually repeat one value on every row.
#[derive(Default)]
struct Cache {
    field: Vec<u8>,
    symbols: Vec<Symbol>,
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

    /// A bad row: an error, or with `--skip-bad-rows` a line of the report.
    fn bad(&mut self, at: &str, reason: String) -> Result<(), String> {
        let line = format!("{at}: {reason}");
        if self.options.skip_bad_rows {
            self.bad_rows.push(line);
            Ok(())
        } else {
            Err(line)
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

    /// Reads one file. Errors are about the file as a whole (unreadable,
    /// bad header) or, without `--skip-bad-rows`, its first bad row.
    pub fn load(&mut self, path: &Path, kind: FileKind) -> Result<(), String> {
        let file = std::fs::File::open(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let mut reader = quoting::reader(file, self.options.delimiter);
        let mut record = ByteRecord::new();
        let read_error = |e: csv::Error| match quoting::quote_error(&e) {
            Some(quote) => format!("{}:{quote}", path.display()),
            None => format!("cannot read {}: {e}", path.display()),
        };
        if !reader.read_byte_record(&mut record).map_err(read_error)? {
            return Ok(());
        }
        let columns = self.header(path, &record, kind)?;
        let (mut labels, mut types) = (Cache::default(), Cache::default());
        let mut rows: u64 = 0;
        while reader.read_byte_record(&mut record).map_err(read_error)? {
            let line = record.position().map_or(0, |p| p.line());
            let outcome = if record.len() != columns.len() {
                Err(format!("the row has {} fields, the header {}", record.len(), columns.len()))
            } else if kind == FileKind::Nodes {
                self.node(&columns, &record, &mut labels)
            } else {
                self.relationship(&columns, &record, &mut types)
            };
            if let Err(reason) = outcome {
                self.bad(&format!("{}:{line}", path.display()), reason)?;
            }
            rows += 1;
            if rows.is_multiple_of(16_384)
                && let Some((bar, done)) = &self.progress
            {
                bar.set_position(*done + record.position().map_or(0, |p| p.byte()));
            }
        }
        if let Some((bar, done)) = &mut self.progress {
            *done += std::fs::metadata(path).map_or(0, |m| m.len());
            bar.set_position(*done);
        }
        Ok(())
    }

    fn properties(
        &mut self,
        columns: &[Column],
        record: &ByteRecord,
        out: &mut Vec<(Symbol, Value)>,
    ) -> Result<(), String> {
        for (i, (column, raw)) in columns.iter().zip(record).enumerate() {
            let Column::Property { key, kind, array } = column else { continue };
            if raw.is_empty() {
                continue;
            }
            let what = || format!("field {} ({})", i + 1, self.graph.keys.name(*key));
            let field = text(raw, &what)?;
            out.push((*key, value(*kind, *array, field, self.options.array_delimiter, &what)?));
        }
        Ok(())
    }

    fn node(&mut self, columns: &[Column], record: &ByteRecord, cache: &mut Cache) -> Result<(), String> {
        let mut properties = Vec::with_capacity(columns.len());
        self.properties(columns, record, &mut properties)?;
        let mut labels = Vec::new();
        let mut id = None;
        for (i, (column, raw)) in columns.iter().zip(record).enumerate() {
            match column {
                Column::Label => {
                    if cache.field != raw {
                        let field = text(raw, &|| format!("field {} (:LABEL)", i + 1))?;
                        cache.symbols.clear();
                        for l in field.split(self.options.array_delimiter).filter(|l| !l.is_empty()) {
                            let symbol = self.graph.labels.intern(l);
                            if !cache.symbols.contains(&symbol) {
                                cache.symbols.push(symbol);
                            }
                        }
                        cache.field.clear();
                        cache.field.extend_from_slice(raw);
                    }
                    for s in &cache.symbols {
                        if !labels.contains(s) {
                            labels.push(*s);
                        }
                    }
                }
                Column::Id { space, key } => {
                    if raw.is_empty() {
                        return Err(format!("field {} (the node's id) is empty", i + 1));
                    }
                    let text = text(raw, &|| format!("field {} (the node's id)", i + 1))?;
                    if let Some(key) = key {
                        properties.push((*key, Value::string(text)));
                    }
                    id = Some((*space, raw));
                }
                _ => {}
            }
        }
        let next = self.graph.next_ids().0;
        if let Some((space, raw)) = id {
            let (name, ids) = &mut self.spaces[space];
            if !ids.insert(raw, next) {
                let text = excerpt(&String::from_utf8_lossy(raw));
                let space = if name.is_empty() { String::new() } else { format!(" in id space {name}") };
                return Err(format!("duplicate node id '{text}'{space}"));
            }
        }
        self.properties += properties.len() as u64;
        self.nodes += 1;
        self.graph.bulk_node(labels, properties);
        Ok(())
    }

    fn relationship(&mut self, columns: &[Column], record: &ByteRecord, cache: &mut Cache) -> Result<(), String> {
        let (mut start, mut end, mut rel_type) = (None, None, None);
        for (column, raw) in columns.iter().zip(record) {
            match column {
                Column::StartId(space) | Column::EndId(space) => {
                    let is_start = matches!(column, Column::StartId(_));
                    let (name, ids) = &self.spaces[*space];
                    let Some(node) = ids.get(raw) else {
                        let which = if is_start { "start" } else { "end" };
                        let space = if name.is_empty() { String::new() } else { format!(" in id space {name}") };
                        let id = excerpt(&String::from_utf8_lossy(raw));
                        return Err(format!("unknown {which} node id '{id}'{space}"));
                    };
                    if is_start { start = Some(node) } else { end = Some(node) }
                }
                Column::Type => {
                    if raw.is_empty() {
                        return Err("the relationship type is empty".into());
                    }
                    if cache.field != raw {
                        let name = text(raw, &|| "the relationship type".to_string())?;
                        cache.symbols = vec![self.graph.types.intern(name)];
                        cache.field.clear();
                        cache.field.extend_from_slice(raw);
                    }
                    rel_type = cache.symbols.first().copied();
                }
                _ => {}
            }
        }
        let mut properties = Vec::new();
        self.properties(columns, record, &mut properties)?;
        let (Some(start), Some(end), Some(rel_type)) = (start, end, rel_type) else {
            return Err("the row lacks a start, an end or a type".into());
        };
        self.properties += properties.len() as u64;
        self.graph.bulk_rel(start, end, rel_type, properties).ok_or("a node of the relationship is missing")?;
        self.relationships += 1;
        Ok(())
    }
}
