//! `embargo export`: the whole graph, or the subgraph of a query's result,
//! written as json, graphml, dot, svg, csv or cypher.

use std::path::PathBuf;

use clap::Parser;

use super::{RunError, Status, UsageError, parse_params};
use crate::database::Database;

/// `embargo export`: write the whole graph, or the subgraph of a query's
/// result, as json, graphml, dot, svg, csv or cypher.
#[derive(Parser, Debug)]
#[command(name = "embargo export")]
pub struct ExportArgs {
    /// Output format
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: crate::export::Format,

    /// File to write (a folder for csv); `-` writes to standard output
    #[arg(short = 'o', long, value_name = "PATH")]
    pub output: PathBuf,

    /// Export what this query returns (nodes, relationships, paths) instead of the whole graph
    #[arg(short = 'q', long, value_name = "TEXT")]
    pub query: Option<String>,

    /// Bind $NAME for the query (repeatable), e.g. -p name='Iran'
    #[arg(short = 'p', long = "param", value_name = "NAME=LITERAL")]
    pub params: Vec<String>,

    /// With --query, leave out relationships between returned nodes that the query did not return
    #[arg(long)]
    pub only_returned: bool,

    /// Persistent store directory; without it, the bundled graph
    #[arg(value_name = "STORE")]
    pub store: Option<PathBuf>,
}

/// Runs `embargo export`; the summary (or the error) goes to stderr.
pub fn run_export(args: ExportArgs) -> Status {
    let params = match parse_params(&args.params) {
        Ok(params) => params,
        Err(UsageError(message)) => {
            eprintln!("embargo export: {message}");
            return Status::Usage;
        }
    };
    let mut db = match open_for_export(args.store.as_deref()) {
        Ok(db) => db,
        Err(RunError::Usage(UsageError(message)) | RunError::Start(message)) => {
            eprintln!("embargo export: {message}");
            return if args.store.is_some() { Status::Usage } else { Status::StatementFailed };
        }
        Err(RunError::Io(e)) => {
            eprintln!("embargo export: {e}");
            return Status::StatementFailed;
        }
    };
    let options = crate::export::Options {
        relationships_between: !args.only_returned,
        params,
        ..crate::export::Options::default()
    };
    match crate::export::run(&mut db, args.format, &args.output, args.query.as_deref(), &options) {
        Ok(summary) => {
            eprintln!("{summary}");
            Status::Success
        }
        Err(e) => {
            eprintln!("embargo export: {e}");
            Status::StatementFailed
        }
    }
}

/// The graph to export: the bundled one, or (once stores exist) `STORE`.
fn open_for_export(store: Option<&std::path::Path>) -> Result<Database, RunError> {
    match store {
        // Exporting only reads: the store is opened without the writer's lock.
        Some(store) => {
            if !store.is_dir() {
                return Err(RunError::Usage(UsageError(format!("'{}' is not a store directory", store.display()))));
            }
            let (db, warnings) = Database::open(store, true).map_err(|e| RunError::Usage(UsageError(e.message)))?;
            for warning in warnings {
                eprintln!("embargo: warning: {warning}");
            }
            Ok(db)
        }
        None => Database::bundled().map_err(|e| RunError::Start(format!("cannot load the bundled graph: {e}"))),
    }
}
