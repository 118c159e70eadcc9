//! The built-in procedures that `CALL` runs: each returns records, one
//! value per output field.

use std::collections::HashSet;

use super::{Ctx, Row, eval};
use crate::error::{Error, Result};
use crate::plan::{Expr, Procedure, Slot};
use crate::schema::definition::Entity;
use crate::store::Graph;
use crate::value::Value;

pub fn call(procedure: Procedure, args: &[Value], ctx: &Ctx<'_>) -> Result<Vec<Vec<Value>>> {
    let graph: &Graph = &ctx.graph;
    let names = |names: Vec<String>| names.into_iter().map(|n| vec![Value::string(&n)]).collect();
    Ok(match procedure {
        Procedure::Labels => {
            names(graph.labels.names().filter(|(s, _)| graph.label_count(*s) > 0).map(|(_, n)| n.to_string()).collect())
        }
        Procedure::RelationshipTypes => {
            let used: HashSet<u32> = graph.rel_ids().filter_map(|r| graph.rel_type(r)).collect();
            names(graph.types.names().filter(|(s, _)| used.contains(s)).map(|(_, n)| n.to_string()).collect())
        }
        Procedure::PropertyKeys => names(graph.keys.names().map(|(_, n)| n.to_string()).collect()),
        Procedure::Subgraph => {
            let starts = crate::export::start_nodes(args.first().unwrap_or(&Value::Null))?;
            let config = crate::export::ExpandConfig::from_value(args.get(1).unwrap_or(&Value::Null))?;
            let (nodes, relationships) = crate::export::expand(graph, &starts, &config)?.to_values();
            vec![vec![nodes, relationships]]
        }
        Procedure::Search => super::search::search(graph, args)?,
        Procedure::Match => super::search::match_entity(graph, args)?,
        Procedure::FulltextNodes => super::fulltext::query(graph, args, Entity::Node)?,
        Procedure::FulltextRelationships => super::fulltext::query(graph, args, Entity::Relationship)?,
        Procedure::Show(what) => crate::schema::show::rows(what, graph.schema()),
        Procedure::Link => return Err(Error::semantic("internal: embargo.link writes and runs as an update")),
        Procedure::SchemaVisualization => super::listing::schema_visualization(graph),
        Procedure::ShowProcedures => super::listing::procedures(),
        Procedure::ShowFunctions => super::listing::functions(),
        Procedure::Checkpoint => {
            // The database writes the snapshot once the statement commits.
            ctx.checkpoint.set(true);
            vec![Vec::new()]
        }
    })
}

/// Runs a procedure that writes, once per row, where updates run: after
/// every row before it has been read.
pub fn call_writing(
    procedure: Procedure,
    args: &[Expr],
    yields: &[(usize, Slot)],
    rows: Vec<Row>,
    ctx: &mut Ctx<'_>,
) -> Result<Vec<Row>> {
    let mut out = Vec::with_capacity(rows.len());
    for mut row in rows {
        let args = args.iter().map(|a| eval(a, &row, ctx)).collect::<Result<Vec<_>>>()?;
        let record = match procedure {
            Procedure::Link => link(&args, ctx)?,
            other => return Err(Error::semantic(format!("internal: {other:?} does not write"))),
        };
        for (field, slot) in yields {
            row[*slot] = record.get(*field).cloned().unwrap_or(Value::Null);
        }
        out.push(row);
    }
    Ok(out)
}

/// `CALL embargo.link([{min_score: 0.7}]) YIELD pairs, added, updated, removed, parties, lists`.
fn link(args: &[Value], ctx: &mut Ctx<'_>) -> Result<Vec<Value>> {
    let bad = |what: String| Error::argument(format!("embargo.link: {what}"));
    let mut min_score = crate::link::DEFAULT_MIN_SCORE;
    match args.first() {
        None | Some(Value::Null) => {}
        Some(Value::Map(options)) => {
            for (key, value) in options {
                min_score = match (&**key, value) {
                    (_, Value::Null) => continue,
                    ("min_score", Value::Int(n)) => *n as f64,
                    ("min_score", Value::Float(f)) if f.is_finite() => *f,
                    ("min_score", other) => {
                        return Err(bad(format!("min_score must be a number, not {}", other.type_name())));
                    }
                    _ => return Err(bad(format!("unknown option '{key}' (min_score)"))),
                };
            }
        }
        Some(other) => return Err(bad(format!("the options must be a map, not {}", other.type_name()))),
    }
    let report = crate::link::link(ctx.graph.write()?, min_score);
    ctx.stats.relationships_created += report.added as u64;
    ctx.stats.relationships_deleted += report.removed as u64;
    // A new link sets its four properties; an updated one its score and features.
    ctx.stats.properties_set += (report.added * 4 + report.updated * 2) as u64;
    let count = |n: usize| Value::Int(i64::try_from(n).unwrap_or(i64::MAX));
    Ok([report.pairs, report.added, report.updated, report.removed, report.parties, report.lists].map(count).to_vec())
}
