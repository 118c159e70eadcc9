//! Snapshot formats 1 and 2: the content is one postcard image of the
//! graph under the header's single checksum, so the whole file is read
//! and checked before a byte of it is decoded. Stores written before
//! format 3 open as they are; they are rewritten in format 3 at their next
//! checkpoint.

use std::cell::RefCell;
use std::path::Path;
use std::sync::Arc;

use serde::de::{DeserializeSeed, Error as _, SeqAccess, Visitor};

use super::intern_all;
use super::records::{NodeIn, RelIn};
use crate::error::Result;
use crate::schema::definition::SchemaDefs;
use crate::storage::fail;
use crate::store::Graph;
use crate::value::{NodeId, RelId};

/// Decodes `content` (its checksum already checked), which starts at
/// file offset `at`: fields in this order, `generation`, `next_node`,
/// `next_rel`, `labels`, `types`, `keys`, the nodes, the relationships,
/// and from version 2 the index and constraint definitions.
pub fn decode(path: &Path, version: u32, content: &[u8], at: usize) -> Result<(Graph, u64)> {
    let problem = RefCell::new(None);
    let mut de = postcard::Deserializer::from_bytes(content);
    let fields = if version >= 2 { 9 } else { 8 };
    let decoded = serde::Deserializer::deserialize_tuple(&mut de, fields, ImageVisitor { problem: &problem, version });
    if let Some(problem) = problem.into_inner() {
        return Err(fail(path, at, format!("the content is inconsistent: {problem}")));
    }
    let (graph, generation) = decoded.map_err(|e| fail(path, at, format!("the content does not decode: {e}")))?;
    match de.finalize() {
        Ok([]) => Ok((graph, generation)),
        _ => Err(fail(path, at + content.len(), "the content has bytes after its end".into())),
    }
}

/// Decodes the image straight into a graph, node by node, with no
/// intermediate list of records (which would double a load's memory).
/// postcard drops the text of custom errors, so inconsistencies are kept
/// in `problem` instead.
struct ImageVisitor<'p> {
    problem: &'p RefCell<Option<String>>,
    version: u32,
}

impl ImageVisitor<'_> {
    fn fail<E: serde::de::Error>(&self, problem: String) -> E {
        *self.problem.borrow_mut() = Some(problem);
        E::custom("inconsistent")
    }
}

impl<'de> Visitor<'de> for ImageVisitor<'_> {
    type Value = (Graph, u64);

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a snapshot")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(Graph, u64), A::Error> {
        let short = || A::Error::custom("the content ends early");
        let generation: u64 = seq.next_element()?.ok_or_else(short)?;
        let next_node: NodeId = seq.next_element()?.ok_or_else(short)?;
        let next_rel: RelId = seq.next_element()?.ok_or_else(short)?;
        let labels: Vec<Arc<str>> = seq.next_element()?.ok_or_else(short)?;
        let types: Vec<Arc<str>> = seq.next_element()?.ok_or_else(short)?;
        let keys: Vec<Arc<str>> = seq.next_element()?.ok_or_else(short)?;
        let mut graph = Graph::new();
        intern_all(&mut graph, [&labels, &types, &keys]).map_err(|e| self.fail(e))?;
        graph.advance_next_ids(next_node, next_rel).map_err(|e| self.fail(e))?;
        let into = Into { graph: &mut graph, visitor: &self, rels: false };
        seq.next_element_seed(into)?.ok_or_else(short)?;
        let into = Into { graph: &mut graph, visitor: &self, rels: true };
        seq.next_element_seed(into)?.ok_or_else(short)?;
        if self.version >= 2 {
            let schema: SchemaDefs = seq.next_element()?.ok_or_else(short)?;
            graph.restore_schema(schema);
        }
        Ok((graph, generation))
    }
}

/// The nodes (or relationships) of an image, added to the graph as read.
struct Into<'a, 'p> {
    graph: &'a mut Graph,
    visitor: &'a ImageVisitor<'p>,
    rels: bool,
}

impl<'de> DeserializeSeed<'de> for Into<'_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Into<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a list of records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        // Capped: a damaged count must not reserve without bound.
        let n = seq.size_hint().unwrap_or(0).min(1 << 22);
        if self.rels {
            self.graph.reserve(0, n);
            while let Some(r) = seq.next_element::<RelIn>()? {
                let (start, end, record) = r.into_parts();
                self.graph.restore_rel(start, end, record).map_err(|e| self.visitor.fail(e))?;
            }
        } else {
            self.graph.reserve(n, 0);
            while let Some(n) = seq.next_element::<NodeIn>()? {
                self.graph.restore_node(n.into()).map_err(|e| self.visitor.fail(e))?;
            }
        }
        Ok(())
    }
}

/// The format-2 content for `graph`, for tests that open old stores.
#[cfg(test)]
pub fn encode(graph: &Graph, generation: u64) -> Vec<u8> {
    use super::records::{NodeOut, RelOut};
    #[derive(serde::Serialize)]
    struct Image<'a> {
        generation: u64,
        next_node: NodeId,
        next_rel: RelId,
        labels: Vec<&'a str>,
        types: Vec<&'a str>,
        keys: Vec<&'a str>,
        nodes: Vec<NodeOut<'a>>,
        rels: Vec<RelOut<'a>>,
        schema: &'a SchemaDefs,
    }
    let (next_node, next_rel) = graph.next_ids();
    // The store hands out owned records; the image borrows from these.
    let node_records: Vec<_> = graph.node_records().collect();
    let rel_records: Vec<_> = graph.rel_records().collect();
    fn names(i: &crate::store::Interner) -> Vec<&str> {
        i.names().map(|(_, n)| &**n).collect()
    }
    let image = Image {
        generation,
        next_node,
        next_rel,
        labels: names(&graph.labels),
        types: names(&graph.types),
        keys: names(&graph.keys),
        nodes: node_records
            .iter()
            .map(|n| NodeOut { id: n.id, labels: &n.labels, properties: &n.properties })
            .collect(),
        rels: rel_records
            .iter()
            .map(|(r, start, end)| RelOut {
                id: r.id,
                start: *start,
                end: *end,
                rel_type: r.rel_type,
                properties: &r.properties,
            })
            .collect(),
        schema: graph.schema(),
    };
    postcard::to_allocvec(&image).unwrap()
}
