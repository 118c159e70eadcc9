//! embargo: an embedded knowledge-graph store for sanctions networks,
//! queried in openCypher.
//!
//! A statement flows one way: parse → analyse → plan → execute, over the
//! store. [`Database::execute`] is the entry point.

pub mod analyse;
pub mod ast;
pub mod cli;
pub mod database;
pub mod error;
pub mod exec;
pub mod export;
pub mod fulltext;
pub mod import;
pub mod link;
pub mod memory;
pub mod names;
pub mod parser;
pub mod plan;
pub mod render;
pub mod repl;
pub mod result;
pub mod schema;
pub mod screen;
pub mod script;
pub mod server;
pub mod session;
pub mod storage;
pub mod store;
pub mod temporal;
pub mod value;
pub mod value_type;

/// Counts what each thread holds, for the statements' memory budgets.
#[global_allocator]
static ALLOCATOR: memory::Counting = memory::Counting;

pub use database::{Database, Params, parse_literal};
pub use error::{Error, ErrorKind, Result};
pub use result::{QueryResult, Stats};
pub use value::Value;
