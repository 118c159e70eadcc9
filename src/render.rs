//! Result formats for `--format` and the REPL's `:format`: one module per
//! format, each writing to any `impl Write`, and a [`Printer`] that sends a
//! statement's outcome to the right one.

pub mod csv;
pub mod error;
pub mod json;
pub mod jsonl;
pub mod table;
pub mod text;

use std::fmt;
use std::io::{self, Write};
use std::str::FromStr;

use crate::error::Error;
use crate::result::QueryResult;
pub use table::TableOptions;

/// A result format (the contract's `--format` values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Jsonl,
    Json,
    Csv,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Table, Format::Jsonl, Format::Json, Format::Csv];

    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Jsonl => "jsonl",
            Format::Json => "json",
            Format::Csv => "csv",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Format, String> {
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| format!("unknown format '{s}' (expected table, jsonl, json or csv)"))
    }
}

/// Prints statement outcomes in one format. Results go to `out`; in table
/// and csv errors go to `err` with a caret, while jsonl and json keep them
/// in the stream, where the contract puts them.
#[derive(Debug)]
pub struct Printer {
    pub format: Format,
    pub table: TableOptions,
    /// Collect json objects for one document at the end of the run (batch);
    /// when false each statement prints its own document (REPL).
    pub json_document: bool,
    /// Show at most this many rows of a result, with a notice of the cut.
    pub max_rows: Option<usize>,
    /// The uncut row count while a cut result is printed.
    total_rows: Option<usize>,
    json_objects: Vec<String>,
}

impl Printer {
    pub fn new(format: Format, table: TableOptions) -> Printer {
        Printer { format, table, json_document: true, max_rows: None, total_rows: None, json_objects: Vec::new() }
    }

    pub fn outcome<W: Write, E: Write>(
        &mut self,
        out: &mut W,
        err: &mut E,
        statement: &str,
        outcome: &Result<QueryResult, Error>,
    ) -> io::Result<()> {
        // EXPLAIN and PROFILE: the plan comes before the rows (on stderr for
        // csv, whose stdout must stay a CSV file; jsonl and json carry it).
        if let (Ok(QueryResult { plan: Some(plan), .. }), Format::Table | Format::Csv) = (outcome, self.format) {
            if self.format == Format::Table {
                out.write_all(plan.as_bytes())?;
            } else {
                err.write_all(plan.as_bytes())?;
            }
        }
        match (self.format, outcome) {
            (Format::Jsonl, _) => jsonl::write_outcome(out, statement, outcome),
            (Format::Json, _) => {
                let object = match outcome {
                    Ok(result) => jsonl::result_object(result),
                    Err(error) => jsonl::error_object(error, statement),
                };
                if self.json_document {
                    self.json_objects.push(object);
                    Ok(())
                } else {
                    json::write_document(out, &[object])
                }
            }
            (_, Err(error)) => {
                out.flush()?;
                error::write_error(err, statement, error)
            }
            (Format::Table, Ok(result)) => {
                table::write_result_of(out, result, self.total_rows.unwrap_or(result.rows.len()), &self.table)
            }
            (Format::Csv, Ok(result)) => csv::write_result(out, result),
        }
    }

    /// Prints an outcome, cutting a result to `max_rows`: the table says
    /// so in its footer, the other formats with a notice on the error
    /// stream, so that the data stream stays well-formed.
    pub fn show<W: Write, E: Write>(
        &mut self,
        out: &mut W,
        err: &mut E,
        statement: &str,
        outcome: &Result<QueryResult, Error>,
    ) -> io::Result<()> {
        let Some((max, result)) = self.max_rows.zip(outcome.as_ref().ok()).filter(|(max, r)| r.rows.len() > *max)
        else {
            return self.outcome(out, err, statement, outcome);
        };
        let cut = QueryResult { rows: result.rows[..max].to_vec(), ..result.clone() };
        self.total_rows = Some(result.rows.len());
        let shown = self.outcome(out, err, statement, &Ok(cut));
        self.total_rows = None;
        shown?;
        if self.format == Format::Table {
            return Ok(());
        }
        out.flush()?;
        writeln!(err, "(showing {max} of {} rows; :maxrows or --max-rows changes the limit)", result.rows.len())
    }

    /// An error that belongs to no statement (a file that cannot be read).
    pub fn failure<W: Write, E: Write>(&mut self, out: &mut W, err: &mut E, error: &Error) -> io::Result<()> {
        self.outcome(out, err, "", &Err(error.clone()))
    }

    /// Ends the run: the json format prints its document now.
    pub fn finish<W: Write>(&mut self, out: &mut W) -> io::Result<()> {
        if self.format == Format::Json && self.json_document {
            json::write_document(out, &std::mem::take(&mut self.json_objects))?;
        }
        out.flush()
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use std::sync::Arc;

    use crate::result::{Entities, NodeData, RelData};
    use crate::value::{Map, Value};

    pub fn node(label: &str, name: &str) -> NodeData {
        let mut properties = Map::new();
        properties.insert("name".into(), Value::string(name));
        NodeData { labels: vec![Arc::from(label)], properties }
    }

    /// (12:Country {name: 'Iran'})-[40:VIOLATED {category: 'military'}]->(7:Sanction {name: 'UN'})
    pub fn sample_entities() -> Entities {
        let mut entities = Entities::default();
        entities.nodes.insert(12, node("Country", "Iran"));
        entities.nodes.insert(7, node("Sanction", "UN"));
        let mut properties = Map::new();
        properties.insert("category".into(), Value::string("military"));
        entities.rels.insert(40, RelData { rel_type: Arc::from("VIOLATED"), start: 12, end: 7, properties });
        entities
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Value;

    fn one_row() -> Result<QueryResult, Error> {
        Ok(QueryResult { columns: vec!["x".into()], rows: vec![vec![Value::Int(1)]], ..QueryResult::default() })
    }

    #[test]
    fn formats_parse_by_name() {
        assert_eq!("JSONL".parse::<Format>(), Ok(Format::Jsonl));
        assert!("yaml".parse::<Format>().is_err());
    }

    #[test]
    fn json_collects_one_document_for_the_run() {
        let mut printer = Printer::new(Format::Json, TableOptions::default());
        let (mut out, mut err) = (Vec::new(), Vec::new());
        assert!(printer.outcome(&mut out, &mut err, "RETURN 1", &one_row()).is_ok());
        assert!(printer.outcome(&mut out, &mut err, "RETURN x", &Err(Error::semantic("x"))).is_ok());
        assert!(out.is_empty());
        assert!(printer.finish(&mut out).is_ok());
        let parsed: serde_json::Value = serde_json::from_slice(&out).unwrap_or_default();
        assert_eq!(parsed[0]["rows"][0][0], 1);
        assert_eq!(parsed[1]["error"]["kind"], "SemanticError");
        assert!(err.is_empty());
    }

    #[test]
    fn table_and_csv_send_errors_to_the_error_stream() {
        for format in [Format::Table, Format::Csv] {
            let mut printer = Printer::new(format, TableOptions { width: Some(40), ..TableOptions::default() });
            let (mut out, mut err) = (Vec::new(), Vec::new());
            assert!(printer.outcome(&mut out, &mut err, "RETURN x", &Err(Error::semantic("nope"))).is_ok());
            assert!(out.is_empty());
            assert_eq!(err, b"SemanticError: nope\n");
        }
    }

    #[test]
    fn results_over_the_row_limit_are_cut_with_a_notice() {
        let rows = (0..5).map(|i| vec![Value::Int(i)]).collect();
        let five = Ok(QueryResult { columns: vec!["i".into()], rows, ..QueryResult::default() });
        let options = TableOptions { width: Some(40), ..TableOptions::default() };
        let mut printer = Printer::new(Format::Table, options);
        printer.max_rows = Some(2);
        let (mut out, mut err) = (Vec::new(), Vec::new());
        assert!(printer.show(&mut out, &mut err, "", &five).is_ok());
        let text = String::from_utf8_lossy(&out);
        assert!(text.ends_with("5 rows (2 shown)\n"), "{text}");
        assert_eq!(text.matches("│ ").count(), 3, "{text}");

        printer.format = Format::Csv;
        let (mut out, mut err) = (Vec::new(), Vec::new());
        assert!(printer.show(&mut out, &mut err, "", &five).is_ok());
        assert_eq!(out, b"i\n0\n1\n");
        assert!(String::from_utf8_lossy(&err).starts_with("(showing 2 of 5 rows;"));
    }

    #[test]
    fn jsonl_writes_errors_in_the_stream() {
        let mut printer = Printer::new(Format::Jsonl, TableOptions::default());
        let (mut out, mut err) = (Vec::new(), Vec::new());
        assert!(printer.outcome(&mut out, &mut err, "RETURN x", &Err(Error::semantic("nope"))).is_ok());
        assert!(printer.outcome(&mut out, &mut err, "RETURN 1", &one_row()).is_ok());
        let text = String::from_utf8_lossy(&out);
        assert_eq!(text.lines().count(), 2);
        assert!(err.is_empty());
    }
}
