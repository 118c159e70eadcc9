//! The built-in procedures that `CALL` runs: each returns records, one
//! value per output field.

use std::collections::HashSet;

use super::Ctx;
use crate::error::Result;
use crate::plan::Procedure;
use crate::store::Graph;
use crate::value::Value;

pub fn call(procedure: Procedure, args: &[Value], ctx: &Ctx<'_>) -> Result<Vec<Vec<Value>>> {
    let graph: &Graph = ctx.graph;
    let names = |names: Vec<String>| names.into_iter().map(|n| vec![Value::string(&n)]).collect();
    Ok(match procedure {
        Procedure::Labels => {
            names(graph.labels.names().filter(|(s, _)| graph.label_count(*s) > 0).map(|(_, n)| n.to_string()).collect())
        }
        Procedure::RelationshipTypes => {
            let used: HashSet<u32> = graph.rel_ids().filter_map(|r| graph.rel(r).map(|r| r.rel_type)).collect();
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
        Procedure::Show(what) => crate::schema::show::rows(what, graph.schema()),
        Procedure::Checkpoint => {
            // The database writes the snapshot once the statement commits.
            ctx.checkpoint.set(true);
            vec![Vec::new()]
        }
    })
}
