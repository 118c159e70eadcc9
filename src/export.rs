//! Export a subgraph so that other tools can read it: a picture (`svg`,
//! `dot`), GraphML for Gephi, yEd, Cytoscape and networkx, embargo's own
//! JSON document, neo4j-admin CSV files, or a Cypher script.
//!
//! What goes out is a [`Subgraph`]: the whole graph, what a query returned
//! ([`Subgraph::from_result`]), or a neighbourhood ([`expand`], the APOC
//! `subgraphAll` semantics). Each format has its own module with a writer
//! over a [`Dump`] (the subgraph's data, read out of the store once); the
//! formats that come back in (`json`, `graphml`) have readers too.
//!
//! [`run`] is the entry point of `embargo export` and of the REPL's
//! `:export`. Files are written atomically: a failed export leaves nothing
//! behind (see [`atomic`]).

pub mod atomic;
pub mod csv;
pub mod cypher;
pub mod dot;
pub mod dump;
pub mod expand;
pub mod graphml;
pub mod json;
mod layout;
mod style;
pub mod subgraph;
pub mod svg;

use std::fmt;
use std::io::{self, Write};
use std::path::Path;

pub use dump::{Dump, DumpNode, DumpRel, Imported};
pub use expand::{ExpandConfig, expand, start_nodes};
pub use subgraph::Subgraph;

use crate::database::{Database, Params};
use crate::error::{Error, Result};
use crate::store::Graph;

/// The export formats, by the names the command line and `:export` use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Graphml,
    Dot,
    Svg,
    Csv,
    Cypher,
}

impl Format {
    pub const ALL: [Format; 6] = [Format::Json, Format::Graphml, Format::Dot, Format::Svg, Format::Csv, Format::Cypher];

    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Graphml => "graphml",
            Format::Dot => "dot",
            Format::Svg => "svg",
            Format::Csv => "csv",
            Format::Cypher => "cypher",
        }
    }

    /// The format called `name` (case-insensitive), or an `ArgumentError`
    /// that lists the formats.
    pub fn parse(name: &str) -> Result<Format> {
        Format::ALL.into_iter().find(|f| f.name().eq_ignore_ascii_case(name.trim())).ok_or_else(|| {
            let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
            Error::argument(format!("unknown export format '{name}'; expected one of {}", names.join(", ")))
        })
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How an export is made.
#[derive(Clone, Debug)]
pub struct Options {
    /// With a query: also export the relationships between the nodes it
    /// returned, not only those it returned (APOC's `.query` does the same).
    pub relationships_between: bool,
    /// Parameters for the query's `$name`s.
    pub params: Params,
    /// The most nodes an SVG picture may hold; past it the export fails
    /// with a message, since the picture would be unreadable.
    pub svg_max_nodes: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options { relationships_between: true, params: Params::new(), svg_max_nodes: svg::MAX_NODES }
    }
}

/// What an export wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub format: Format,
    pub nodes: usize,
    pub relationships: usize,
    /// The file or folder written, or `standard output`.
    pub target: String,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        write!(
            f,
            "exported {} and {} as {} to {}",
            plural(self.nodes, "node"),
            plural(self.relationships, "relationship"),
            self.format,
            self.target
        )
    }
}

/// Exports the whole graph (no query) or the subgraph of what `query`
/// returned, in `format`, to `path` (`-` is standard output, except for
/// `csv`, which writes a folder).
pub fn run(db: &mut Database, format: Format, path: &Path, query: Option<&str>, options: &Options) -> Result<Summary> {
    let subgraph = match query {
        Some(query) => {
            let result = db.execute(query, &options.params)?;
            Subgraph::from_result(db.graph(), &result, options.relationships_between)
        }
        None => Subgraph::all(db.graph()),
    };
    export(db.graph(), &subgraph, format, path, options)
}

/// Exports `subgraph` of `graph` to `path` (`-` = standard output).
pub fn export(graph: &Graph, subgraph: &Subgraph, format: Format, path: &Path, options: &Options) -> Result<Summary> {
    let dump = Dump::of(graph, subgraph);
    let summary =
        |target: String| Summary { format, nodes: dump.nodes.len(), relationships: dump.relationships.len(), target };
    if path.as_os_str() == "-" {
        if format == Format::Csv {
            return Err(Error::argument(
                "csv export writes a folder (nodes/ and relationships/); give a folder path instead of -",
            ));
        }
        let stdout = io::stdout();
        let mut out = stdout.lock();
        let named = |e: Error| match e.kind {
            crate::error::ErrorKind::IoError => Error::io(format!("cannot write to standard output: {}", e.message)),
            _ => e,
        };
        write(&dump, format, &mut out, options).map_err(named)?;
        out.flush().map_err(|e| named(e.into()))?;
        return Ok(summary("standard output".into()));
    }
    if format == Format::Csv {
        atomic::write_dir(path, |dir| csv::write_dir(&dump, dir))?;
    } else {
        atomic::write_file(path, |out| write(&dump, format, out, options))?;
    }
    Ok(summary(path.display().to_string()))
}

/// Writes `dump` in a one-file `format` (every format but `csv`).
pub fn write(dump: &Dump, format: Format, out: &mut dyn Write, options: &Options) -> Result<()> {
    match format {
        Format::Json => json::write_json(dump, out),
        Format::Graphml => graphml::write_graphml(dump, out),
        Format::Dot => dot::write_dot(dump, out),
        Format::Svg => svg::write_svg(dump, out, options.svg_max_nodes),
        Format::Cypher => cypher::write_cypher(dump, out),
        Format::Csv => Err(Error::argument("csv export writes a folder, not a single stream")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_parse_by_name() {
        assert_eq!(Format::parse("GraphML").ok(), Some(Format::Graphml));
        let e = Format::parse("png").err().map(|e| e.message).unwrap_or_default();
        assert!(e.contains("json, graphml, dot, svg, csv, cypher"), "{e}");
    }

    #[test]
    fn summaries_count_in_words() {
        let s = Summary { format: Format::Svg, nodes: 1, relationships: 2, target: "nk.svg".into() };
        assert_eq!(s.to_string(), "exported 1 node and 2 relationships as svg to nk.svg");
    }
}
