//! The snapshot file: the whole graph at a checkpoint.
//!
//! Layout: a 24-byte header — magic `EMBGSNAP`, format version (u32 LE),
//! content length (u64 LE), CRC-32 of the content (u32 LE) — then the
//! content: postcard of [`Image`], a record of the graph keyed by embargo's
//! own ids (never petgraph's indices, which are an in-memory detail).

use std::cell::Cell;
use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use serde::ser::{Error as _, SerializeSeq};
use serde::{Deserialize, Serialize, Serializer};

use super::{fail, sync_dir};
use crate::error::{Error, Result};
use crate::store::stored::symbol_props;
use crate::store::{Graph, NodeRecord, RelRecord, Symbol};
use crate::value::{NodeId, RelId, Value};

const MAGIC: &[u8; 8] = b"EMBGSNAP";
/// Bump on any change to [`Image`] or the records in it.
pub const VERSION: u32 = 1;
const HEADER: usize = 24;

/// The snapshot's content. `generation` counts checkpoints: the WAL names
/// the generation it follows, so a WAL that a checkpoint already folded
/// in is recognised and not replayed twice.
#[derive(Serialize, Deserialize)]
struct Image<N, R> {
    generation: u64,
    next_node: NodeId,
    next_rel: RelId,
    labels: Vec<Arc<str>>,
    types: Vec<Arc<str>>,
    keys: Vec<Arc<str>>,
    nodes: N,
    rels: R,
}

#[derive(Serialize)]
struct NodeOut<'a> {
    id: NodeId,
    labels: &'a [Symbol],
    #[serde(with = "symbol_props")]
    properties: &'a [(Symbol, Value)],
}

#[derive(Deserialize)]
struct NodeIn {
    id: NodeId,
    labels: Vec<Symbol>,
    #[serde(with = "symbol_props")]
    properties: Vec<(Symbol, Value)>,
}

#[derive(Serialize)]
struct RelOut<'a> {
    id: RelId,
    start: NodeId,
    end: NodeId,
    rel_type: Symbol,
    #[serde(with = "symbol_props")]
    properties: &'a [(Symbol, Value)],
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
    let nodes = graph.node_records().map(|n| NodeOut { id: n.id, labels: &n.labels, properties: &n.properties });
    let rels = graph.rel_records().map(|(r, start, end)| RelOut {
        id: r.id,
        start,
        end,
        rel_type: r.rel_type,
        properties: &r.properties,
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
    };
    let mut bytes = vec![0u8; HEADER];
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
    let mut file = File::create(&tmp).map_err(|e| io("create", e))?;
    file.write_all(&bytes).map_err(|e| io("write", e))?;
    file.sync_all().map_err(|e| io("fsync", e))?;
    drop(file);
    std::fs::rename(&tmp, &target).map_err(|e| io("rename", e))?;
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
    if version != VERSION {
        let msg = format!("snapshot format version {version} is not one this embargo reads (it reads {VERSION})");
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
    let image: Image<Vec<NodeIn>, Vec<RelIn>> =
        postcard::from_bytes(content).map_err(|e| fail(path, HEADER, format!("the content does not decode: {e}")))?;
    let generation = image.generation;
    let graph = rebuild(image).map_err(|e| fail(path, HEADER, format!("the content is inconsistent: {e}")))?;
    Ok((graph, generation))
}

fn rebuild(image: Image<Vec<NodeIn>, Vec<RelIn>>) -> Result<Graph, String> {
    let mut graph = Graph::new();
    // Symbols in the records are positions in these lists, so the
    // interners must hand out exactly those positions again.
    let tables = [(&image.labels, &mut graph.labels), (&image.types, &mut graph.types)];
    for (names, interner) in tables {
        intern_all(names, interner)?;
    }
    intern_all(&image.keys, &mut graph.keys)?;
    graph.advance_next_ids(image.next_node, image.next_rel)?;
    graph.reserve(image.nodes.len(), image.rels.len());
    for n in image.nodes {
        graph.restore_node(NodeRecord { id: n.id, labels: n.labels, properties: n.properties })?;
    }
    for r in image.rels {
        let record = RelRecord { id: r.id, rel_type: r.rel_type, properties: r.properties };
        graph.restore_rel(r.start, r.end, record)?;
    }
    Ok(graph)
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
}
