//! The snapshot file: the whole graph at a checkpoint.
//!
//! Layout: a 24-byte header — magic `EMBGSNAP`, format version (u32 LE),
//! content length (u64 LE), CRC-32 of the content (u32 LE) — then the
//! content: postcard of [`Image`], a record of the graph keyed by embargo's
//! own ids (never petgraph's indices, which are an in-memory detail).

use std::cell::{Cell, RefCell};
use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use serde::de::{DeserializeSeed, Error as _, SeqAccess, Visitor};
use serde::ser::{Error as _, SerializeSeq};
use serde::{Deserialize, Serialize, Serializer};

use super::{fail, sync_dir};
use crate::error::{Error, Result};
use crate::schema::definition::SchemaDefs;
use crate::store::stored::symbol_props;
use crate::store::{Graph, NodeRecord, RelRecord, Symbol};
use crate::value::{NodeId, RelId, Value};

const MAGIC: &[u8; 8] = b"EMBGSNAP";
/// Bump on any change to [`Image`] or the records in it. Version 2 added
/// the index and constraint definitions at the end; version 1 files, which
/// have none, are still read.
pub const VERSION: u32 = 2;
const OLDEST_VERSION: u32 = 1;
const HEADER: usize = 24;

/// The snapshot's content (decoded field by field by [`ImageVisitor`], in
/// this order). `generation` counts checkpoints: the WAL names
/// the generation it follows, so a WAL that a checkpoint already folded
/// in is recognised and not replayed twice.
#[derive(Serialize)]
struct Image<'a, N, R> {
    generation: u64,
    next_node: NodeId,
    next_rel: RelId,
    labels: Vec<Arc<str>>,
    types: Vec<Arc<str>>,
    keys: Vec<Arc<str>>,
    nodes: N,
    rels: R,
    schema: &'a SchemaDefs,
}

#[derive(Serialize)]
struct NodeOut {
    id: NodeId,
    labels: Vec<Symbol>,
    #[serde(with = "symbol_props")]
    properties: Vec<(Symbol, Value)>,
}

#[derive(Deserialize)]
struct NodeIn {
    id: NodeId,
    labels: Vec<Symbol>,
    #[serde(with = "symbol_props")]
    properties: Vec<(Symbol, Value)>,
}

#[derive(Serialize)]
struct RelOut {
    id: RelId,
    start: NodeId,
    end: NodeId,
    rel_type: Symbol,
    #[serde(with = "symbol_props")]
    properties: Vec<(Symbol, Value)>,
}

#[derive(Deserialize)]
struct RelIn {
    id: RelId,
    start: NodeId,
    end: NodeId,
    rel_type: Symbol,
    #[serde(with = "symbol_props")]
    properties: Vec<(Symbol, Value)>,
}

/// Serializes an iterator of known length without collecting it first
/// (postcard writes the length before the elements).
struct Seq<I>(Cell<Option<I>>, usize);

impl<T: Serialize, I: Iterator<Item = T>> Serialize for Seq<I> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.1))?;
        let mut n = 0;
        for item in self.0.take().into_iter().flatten() {
            seq.serialize_element(&item)?;
            n += 1;
        }
        if n != self.1 {
            return Err(S::Error::custom("the graph's counts disagree with its records"));
        }
        seq.end()
    }
}

/// The snapshot file's bytes for `graph`.
pub fn encode(graph: &Graph, generation: u64) -> Result<Vec<u8>> {
    let (next_node, next_rel) = graph.next_ids();
    let names = |i: &crate::store::Interner| i.names().map(|(_, n)| n.clone()).collect();
    let nodes = graph.node_records().map(|n| NodeOut { id: n.id, labels: n.labels, properties: n.properties });
    let rels = graph.rel_records_by_start().map(|(r, start, end)| RelOut {
        id: r.id,
        start,
        end,
        rel_type: r.rel_type,
        properties: r.properties,
    });
    let image = Image {
        generation,
        next_node,
        next_rel,
        labels: names(&graph.labels),
        types: names(&graph.types),
        keys: names(&graph.keys),
        nodes: Seq(Cell::new(Some(nodes)), graph.node_count()),
        rels: Seq(Cell::new(Some(rels)), graph.relationship_count()),
        schema: graph.schema(),
    };
    // About 32 bytes a relationship and 100 a node: one allocation, not a
    // dozen doublings of a buffer of tens of megabytes.
    let mut bytes = Vec::with_capacity(HEADER + graph.relationship_count() * 32 + graph.node_count() * 100);
    bytes.resize(HEADER, 0u8);
    bytes = postcard::to_extend(&image, bytes).map_err(|e| Error::io(format!("cannot encode the snapshot: {e}")))?;
    let content = &bytes[HEADER..];
    let (len, crc) = (content.len() as u64, crc32fast::hash(content));
    bytes[0..8].copy_from_slice(MAGIC);
    bytes[8..12].copy_from_slice(&VERSION.to_le_bytes());
    bytes[12..20].copy_from_slice(&len.to_le_bytes());
    bytes[20..24].copy_from_slice(&crc.to_le_bytes());
    Ok(bytes)
}

/// Writes the snapshot atomically: a temporary file, fsync'ed, renamed
/// over the old one, then the directory fsync'ed so the rename is durable.
/// A crash at any point leaves either the old snapshot or the new one.
pub fn write(dir: &Path, graph: &Graph, generation: u64) -> Result<u64> {
    let bytes = encode(graph, generation)?;
    let tmp = dir.join(super::SNAPSHOT_TMP);
    let target = dir.join(super::SNAPSHOT);
    let io = |what: &str, e: std::io::Error| Error::io(format!("cannot {what} {}: {e}", tmp.display()));
    let written: Result<()> = (|| {
        let mut file = File::create(&tmp).map_err(|e| io("create", e))?;
        file.write_all(&bytes).map_err(|e| io("write", e))?;
        file.sync_all().map_err(|e| io("fsync", e))?;
        drop(file);
        std::fs::rename(&tmp, &target).map_err(|e| io("rename", e))
    })();
    if written.is_err() {
        // A full disk must not keep a half snapshot's space taken.
        let _ = std::fs::remove_file(&tmp);
    }
    written?;
    sync_dir(dir)?;
    Ok(bytes.len() as u64)
}

/// A graph read back from a snapshot, with its generation.
pub fn read(path: &Path) -> Result<(Graph, u64)> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(format!("cannot read {}: {e}", path.display())))?;
    decode(path, &bytes)
}

fn decode(path: &Path, bytes: &[u8]) -> Result<(Graph, u64)> {
    if bytes.len() < HEADER {
        return Err(fail(path, bytes.len(), format!("the header is cut short ({} of {HEADER} bytes)", bytes.len())));
    }
    if &bytes[0..8] != MAGIC {
        return Err(fail(path, 0, "this is not an embargo snapshot (wrong magic number)".into()));
    }
    let word = |at: usize| u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    let version = word(8);
    if !(OLDEST_VERSION..=VERSION).contains(&version) {
        let msg = format!(
            "snapshot format version {version} is not one this embargo reads (it reads {OLDEST_VERSION} to {VERSION})"
        );
        return Err(fail(path, 8, msg));
    }
    let len = u64::from(word(12)) | (u64::from(word(16)) << 32);
    let content = &bytes[HEADER..];
    if len != content.len() as u64 {
        let msg = format!("the header promises {len} bytes of content, the file holds {}", content.len());
        return Err(fail(path, HEADER + content.len().min(len as usize), msg));
    }
    if crc32fast::hash(content) != word(20) {
        return Err(fail(path, HEADER, format!("the content (bytes {HEADER}..{}) fails its checksum", bytes.len())));
    }
    let problem = RefCell::new(None);
    let mut de = postcard::Deserializer::from_bytes(content);
    let fields = if version >= 2 { 9 } else { 8 };
    let decoded = serde::Deserializer::deserialize_tuple(&mut de, fields, ImageVisitor { problem: &problem, version });
    if let Some(problem) = problem.into_inner() {
        return Err(fail(path, HEADER, format!("the content is inconsistent: {problem}")));
    }
    let (graph, generation) = decoded.map_err(|e| fail(path, HEADER, format!("the content does not decode: {e}")))?;
    match de.finalize() {
        Ok([]) => Ok((graph, generation)),
        _ => Err(fail(path, bytes.len(), "the content has bytes after its end".into())),
    }
}

/// Decodes an [`Image`] straight into a graph, node by node, with no
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
        // Symbols in the records are positions in these lists, so the
        // interners must hand out exactly those positions again.
        intern_all(&labels, &mut graph.labels).map_err(|e| self.fail(e))?;
        intern_all(&types, &mut graph.types).map_err(|e| self.fail(e))?;
        intern_all(&keys, &mut graph.keys).map_err(|e| self.fail(e))?;
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
                let record = RelRecord { id: r.id, rel_type: r.rel_type, properties: r.properties };
                self.graph.restore_rel(r.start, r.end, record).map_err(|e| self.visitor.fail(e))?;
            }
        } else {
            self.graph.reserve(n, 0);
            while let Some(n) = seq.next_element::<NodeIn>()? {
                let record = NodeRecord { id: n.id, labels: n.labels, properties: n.properties };
                self.graph.restore_node(record).map_err(|e| self.visitor.fail(e))?;
            }
        }
        Ok(())
    }
}

fn intern_all(names: &[Arc<str>], interner: &mut crate::store::Interner) -> Result<(), String> {
    for (i, name) in names.iter().enumerate() {
        if interner.intern(name) as usize != i {
            return Err(format!("the name '{name}' is listed out of place"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_graph_survives_encoding() {
        let mut g = Graph::new();
        let l = g.labels.intern("Country");
        let k = g.keys.intern("name");
        let t = g.types.intern("T");
        let a = g.create_node(&[l], vec![(k, Value::string("Iran"))]);
        let b = g.create_node(&[], vec![(k, Value::List(vec![Value::Int(1)]))]);
        let gone = g.create_node(&[], vec![]);
        g.create_rel(a, b, t, vec![(k, Value::Float(0.5))]);
        g.delete_node(gone);
        g.commit();
        let bytes = encode(&g, 7).unwrap();
        let (back, generation) = decode(Path::new("snapshot"), &bytes).unwrap();
        assert_eq!(generation, 7);
        assert_eq!(back.canonical(), g.canonical());
        assert_eq!(back.next_ids(), (3, 1));
    }

    /// Version 1 is version 2 without the schema at the end.
    fn as_version_1(mut bytes: Vec<u8>) -> Vec<u8> {
        let empty_schema = postcard::to_allocvec(&SchemaDefs::default()).unwrap();
        bytes.truncate(bytes.len() - empty_schema.len());
        let content = &bytes[HEADER..];
        let (len, crc) = (content.len() as u64, crc32fast::hash(content));
        bytes[8..12].copy_from_slice(&1u32.to_le_bytes());
        bytes[12..20].copy_from_slice(&len.to_le_bytes());
        bytes[20..24].copy_from_slice(&crc.to_le_bytes());
        bytes
    }

    #[test]
    fn a_version_1_snapshot_still_opens() {
        let mut g = Graph::new();
        let l = g.labels.intern("Country");
        g.create_node(&[l], vec![]);
        g.commit();
        let old = as_version_1(encode(&g, 3).unwrap());
        let (back, generation) = decode(Path::new("snapshot"), &old).unwrap();
        assert_eq!((generation, back.canonical()), (3, g.canonical()));
        assert!(back.schema().is_empty());
    }

    #[test]
    fn indexes_and_constraints_survive_encoding() {
        use crate::schema::definition::{ConstraintKind, Entity, NewConstraint};
        let mut g = Graph::new();
        let mut defs = SchemaDefs::default();
        let unique = NewConstraint {
            name: Some("pid".into()),
            kind: ConstraintKind::Unique,
            entity: Entity::Node,
            label: "Person".into(),
            properties: vec!["id".into()],
        };
        defs.create_constraint(unique, false).unwrap();
        g.set_schema(defs.clone());
        let p = g.labels.intern("Person");
        let id = g.keys.intern("id");
        let n = g.create_node(&[p], vec![(id, Value::Int(7))]);
        g.commit();
        let (back, _) = decode(Path::new("snapshot"), &encode(&g, 1).unwrap()).unwrap();
        assert_eq!(back.schema(), &defs);
        let seek = crate::store::indexes::Seek::Exact(vec![Value::Int(7)]);
        assert_eq!(back.index_seek("pid", &seek), Some(vec![n]));
    }
}
