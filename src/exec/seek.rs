//! Index seeks at run time: the plan's expressions evaluated into a store
//! lookup. Where a seek cannot answer exactly as the conditions would (a
//! list `IN` something that is not a list, a range over lists), the step
//! falls back to its label's nodes, and the kept conditions decide.

use std::sync::Arc;

use super::{Ctx, Row, eval};
use crate::error::Result;
use crate::plan::index::{IndexInfo, IndexSeek, SeekPlan};
use crate::schema::definition::{Entity, IndexType};
use crate::store::Graph;
use crate::store::indexes::Seek;
use crate::value::{NodeId, Value};

/// The node indexes the planner may seek in.
pub fn indexes(graph: &Graph) -> Vec<IndexInfo> {
    let defs = graph.schema().indexes.iter();
    defs.filter(|d| d.entity == Entity::Node && d.index_type.has_entries() && !d.labels.is_empty())
        .map(|d| IndexInfo {
            name: Arc::from(d.name.as_str()),
            label: Arc::from(d.labels[0].as_str()),
            properties: d.properties.iter().map(|p| Arc::from(p.as_str())).collect(),
            text: d.index_type == IndexType::Text,
        })
        .collect()
}

/// The candidate nodes of a seek (a superset of the matches).
pub fn candidates(seek: &IndexSeek, row: &Row, ctx: &Ctx<'_>) -> Result<Vec<NodeId>> {
    let graph: &Graph = &ctx.graph;
    let name = &seek.index.name;
    let found = match &seek.seek {
        SeekPlan::Exact(values) => {
            let values = values.iter().map(|v| eval(v, row, ctx)).collect::<Result<Vec<_>>>()?;
            graph.index_seek(name, &Seek::Exact(values))
        }
        SeekPlan::In(list) => match eval(list, row, ctx)? {
            Value::Null => Some(Vec::new()),
            Value::List(items) => {
                let mut ids = Vec::new();
                let mut missing = false;
                for item in items {
                    match graph.index_seek(name, &Seek::Exact(vec![item])) {
                        Some(found) => ids.extend(found),
                        None => missing = true,
                    }
                }
                ids.sort_unstable();
                ids.dedup();
                (!missing).then_some(ids)
            }
            _ => None,
        },
        SeekPlan::Prefix(prefix) => match eval(prefix, row, ctx)? {
            Value::String(s) => graph.index_seek(name, &Seek::Prefix(s)),
            // STARTS WITH anything but a string is null: nothing matches.
            _ => Some(Vec::new()),
        },
        SeekPlan::Range { lower, upper } => {
            let bound = |b: &Option<(crate::plan::Expr, bool)>| -> Result<Option<(Value, bool)>> {
                b.as_ref().map(|(e, inclusive)| Ok((eval(e, row, ctx)?, *inclusive))).transpose()
            };
            let (lower, upper) = (bound(lower)?, bound(upper)?);
            if lower.iter().chain(upper.iter()).any(|(v, _)| v.is_null()) {
                Some(Vec::new())
            } else {
                graph.index_seek(name, &Seek::Range { lower, upper })
            }
        }
    };
    Ok(match found {
        Some(ids) => ids,
        None => match graph.labels.get(&seek.index.label) {
            Some(label) => graph.nodes_with_label(label).collect(),
            None => Vec::new(),
        },
    })
}
