//! The snapshot file: the whole graph at a checkpoint, written and read as
//! a stream, so that the file's bytes never sit in memory beside the graph.
//!
//! Layout: a 24-byte header — magic `EMBGSNAP`, format version (u32 LE),
//! content length (u64 LE), CRC-32 of the content (u32 LE) — then the
//! content as checksummed blocks ([`blocks`]): the head ([`HeadOut`]), the
//! nodes in id order, the relationships grouped by start node, and the
//! index and constraint definitions, each section starting a block of its
//! own. Records are keyed by embargo's own ids (never petgraph's indices,
//! which are an in-memory detail). Formats 1 and 2 are read by [`legacy`].
//!
//! Reading, a second thread reads, checks and decodes each block while the
//! graph takes in the records of the one before. Damage anywhere stops the
//! read and drops the graph built so far: an open never sees part of a
//! snapshot.

mod blocks;
mod legacy;
mod records;

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use serde::{Deserialize, Serialize};

use super::{fail, sync_dir};
use crate::error::{Error, Result};
use crate::schema::definition::SchemaDefs;
use crate::store::{Graph, Interner, NodeRecord, RelRecord};
use crate::value::{NodeId, RelId};
use blocks::{BlockReader, BlockWriter};
use records::{NodeIn, NodeOut, RelIn, RelOut};

const MAGIC: &[u8; 8] = b"EMBGSNAP";
/// Bump on any change to the layout or the records. Version 2 added the
/// index and constraint definitions; version 3 streams in blocks.
pub const VERSION: u32 = 3;
const OLDEST_VERSION: u32 = 1;
const HEADER: usize = 24;
/// Where the header keeps the content's checksum.
const HEADER_CRC: usize = 20;
/// The file is read and written in pieces this large.
const IO_BUFFER: usize = 1 << 20;

/// The first block. `generation` counts checkpoints: the WAL names the
/// generation it follows, so a WAL that a checkpoint already folded in is
/// recognised and not replayed twice. Symbols in the records are
/// positions in the three lists of names.
#[derive(Serialize)]
struct HeadOut<'a> {
    generation: u64,
    next_node: NodeId,
    next_rel: RelId,
    labels: Vec<&'a str>,
    types: Vec<&'a str>,
    keys: Vec<&'a str>,
    nodes: u64,
    rels: u64,
}

#[derive(Deserialize)]
struct HeadIn {
    generation: u64,
    next_node: NodeId,
    next_rel: RelId,
    labels: Vec<Arc<str>>,
    types: Vec<Arc<str>>,
    keys: Vec<Arc<str>>,
    nodes: u64,
    rels: u64,
}

/// Writes the snapshot atomically: a temporary file, fsync'ed, renamed
/// over the old one, then the directory fsync'ed so the rename is durable.
/// A crash at any point leaves either the old snapshot or the new one.
/// Returns the file's length.
pub fn write(dir: &Path, graph: &Graph, generation: u64) -> Result<u64> {
    let tmp = dir.join(super::SNAPSHOT_TMP);
    let target = dir.join(super::SNAPSHOT);
    let io = |what: &str, e: io::Error| Error::io(format!("cannot {what} {}: {e}", tmp.display()));
    let written: Result<u64> = (|| {
        let file = File::create(&tmp).map_err(|e| io("create", e))?;
        let out = BufWriter::with_capacity(IO_BUFFER, file);
        let (out, len) = encode_into(out, graph, generation).map_err(|e| io("write", e))?;
        let file = out.into_inner().map_err(|e| io("write", e.into_error()))?;
        file.sync_all().map_err(|e| io("fsync", e))?;
        drop(file);
        std::fs::rename(&tmp, &target).map_err(|e| io("rename", e))?;
        Ok(len)
    })();
    if written.is_err() {
        // A full disk must not keep a half snapshot's space taken.
        let _ = std::fs::remove_file(&tmp);
    }
    let len = written?;
    sync_dir(dir)?;
    Ok(len)
}

/// Writes the snapshot of `graph` to `out`: a blank header, the content,
/// then the header over the blank one. Returns `out` and the length.
fn encode_into<W: Write + Seek>(mut out: W, graph: &Graph, generation: u64) -> io::Result<(W, u64)> {
    out.write_all(&[0u8; HEADER])?;
    let mut w = BlockWriter::new(out);
    let (next_node, next_rel) = graph.next_ids();
    fn names(i: &Interner) -> Vec<&str> {
        i.names().map(|(_, n)| &**n).collect()
    }
    w.record(&HeadOut {
        generation,
        next_node,
        next_rel,
        labels: names(&graph.labels),
        types: names(&graph.types),
        keys: names(&graph.keys),
        nodes: graph.node_count() as u64,
        rels: graph.relationship_count() as u64,
    })?;
    w.close()?;
    // The relationships' order is sorted out beside the nodes' writing.
    let (nodes, rels) = std::thread::scope(|scope| {
        let by_start = scope.spawn(|| graph.rel_records_by_start());
        let mut nodes = 0;
        for n in graph.node_records() {
            w.record(&NodeOut { id: n.id, labels: &n.labels, properties: &n.properties })?;
            nodes += 1;
        }
        w.close()?;
        let by_start = by_start.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        let mut rels = 0;
        for (r, start, end) in by_start {
            w.record(&RelOut { id: r.id, start, end, rel_type: r.rel_type, properties: &r.properties })?;
            rels += 1;
        }
        io::Result::Ok((nodes, rels))
    })?;
    w.close()?;
    if nodes != graph.node_count() || rels != graph.relationship_count() {
        return Err(io::Error::other("the graph's counts disagree with its records"));
    }
    w.record(graph.schema())?;
    let (mut out, len, crc) = w.finish()?;
    out.seek(SeekFrom::Start(0))?;
    out.write_all(&header(VERSION, len, crc))?;
    Ok((out, HEADER as u64 + len))
}

fn header(version: u32, len: u64, crc: u32) -> [u8; HEADER] {
    let mut h = [0u8; HEADER];
    h[0..8].copy_from_slice(MAGIC);
    h[8..12].copy_from_slice(&version.to_le_bytes());
    h[12..20].copy_from_slice(&len.to_le_bytes());
    h[HEADER_CRC..].copy_from_slice(&crc.to_le_bytes());
    h
}

/// A graph read back from a snapshot, with its generation.
pub fn read(path: &Path) -> Result<(Graph, u64)> {
    let cannot = |e: io::Error| Error::io(format!("cannot read {}: {e}", path.display()));
    let file = File::open(path).map_err(cannot)?;
    let size = file.metadata().map_err(cannot)?.len();
    decode(path, BufReader::with_capacity(IO_BUFFER, file), size)
}

/// What the header says, checked against the file's size.
struct Header {
    version: u32,
    len: u64,
    crc: u32,
}

fn decode<R: Read + Send>(path: &Path, mut input: R, size: u64) -> Result<(Graph, u64)> {
    let mut bytes = [0u8; HEADER];
    let got = fill(&mut input, &mut bytes).map_err(|e| Error::io(format!("cannot read {}: {e}", path.display())))?;
    let header = check_header(path, &bytes[..got], size)?;
    if header.version >= 3 {
        return stream(path, input, header);
    }
    let mut content = Vec::with_capacity(header.len as usize);
    input.read_to_end(&mut content).map_err(|e| Error::io(format!("cannot read {}: {e}", path.display())))?;
    if crc32fast::hash(&content) != header.crc {
        let msg = format!("the content (bytes {HEADER}..{size}) fails its checksum");
        return Err(fail(path, HEADER, msg));
    }
    legacy::decode(path, header.version, &content, HEADER)
}

/// Reads into `buf` until it is full or the input ends; how much was read.
fn fill(input: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match input.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

fn check_header(path: &Path, bytes: &[u8], size: u64) -> Result<Header> {
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
    let held = size.saturating_sub(HEADER as u64);
    if len != held {
        let msg = format!("the header promises {len} bytes of content, the file holds {held}");
        return Err(fail(path, HEADER + held.min(len) as usize, msg));
    }
    Ok(Header { version, len, crc: word(HEADER_CRC) })
}

/// What the reading thread hands the building one, in file order.
enum Part {
    Head(HeadIn),
    Nodes(u64, Vec<NodeRecord>),
    Rels(u64, Vec<(NodeId, NodeId, RelRecord)>),
    Schema(SchemaDefs),
    /// Every block read, and the whole content checked.
    End,
}

fn stream<R: Read + Send>(path: &Path, input: R, header: Header) -> Result<(Graph, u64)> {
    // A few blocks in flight: enough to keep both threads busy.
    let (parts, received) = sync_channel(4);
    let len = header.len;
    std::thread::scope(|scope| {
        scope.spawn(move || {
            if let Err(e) = read_parts(path, input, header, &parts) {
                // Unless the building thread has failed and gone already.
                let _ = parts.send(Err(e));
            }
        });
        build(path, received, len)
    })
}

/// Reads, checks and decodes the blocks, sending them on as parts. Stops
/// quietly when the building thread has hung up (it failed).
fn read_parts<R: Read>(path: &Path, input: R, header: Header, parts: &SyncSender<Result<Part>>) -> Result<()> {
    let mut blocks = BlockReader::new(input, path, HEADER as u64, header.len);
    let mut buf = Vec::new();
    let next = |blocks: &mut BlockReader<R>, buf: &mut Vec<u8>, what: &str| match blocks.next(buf)? {
        Some(at) => Ok(at),
        None => Err(fail(path, blocks.at() as usize, format!("the content ends before {what}"))),
    };
    let at = next(&mut blocks, &mut buf, "its head")?;
    let head: HeadIn = whole(path, at, &buf)?;
    let (mut nodes, mut rels) = (head.nodes, head.rels);
    if parts.send(Ok(Part::Head(head))).is_err() {
        return Ok(());
    }
    while nodes > 0 {
        let at = next(&mut blocks, &mut buf, "its last node")?;
        let records = records(path, at, &buf, &mut nodes, |n: NodeIn| n.into())?;
        if parts.send(Ok(Part::Nodes(at, records))).is_err() {
            return Ok(());
        }
    }
    while rels > 0 {
        let at = next(&mut blocks, &mut buf, "its last relationship")?;
        let records = records(path, at, &buf, &mut rels, RelIn::into_parts)?;
        if parts.send(Ok(Part::Rels(at, records))).is_err() {
            return Ok(());
        }
    }
    let at = next(&mut blocks, &mut buf, "its indexes and constraints")?;
    let schema: SchemaDefs = whole(path, at, &buf)?;
    blocks.finish(header.crc, HEADER_CRC)?;
    // The order matters: nothing is whole before the last check.
    let _ = parts.send(Ok(Part::Schema(schema))).and_then(|()| parts.send(Ok(Part::End)));
    Ok(())
}

/// A block that holds exactly one value.
fn whole<'a, T: Deserialize<'a>>(path: &Path, at: u64, bytes: &'a [u8]) -> Result<T> {
    match postcard::take_from_bytes(bytes) {
        Ok((value, [])) => Ok(value),
        Ok(_) => Err(fail(path, at as usize, "a block has bytes after its value".into())),
        Err(e) => Err(fail(path, at as usize, format!("a block does not decode: {e}"))),
    }
}

/// The records of a block, at most `left` of them (which counts down).
fn records<'a, In: Deserialize<'a>, Out>(
    path: &Path,
    at: u64,
    mut bytes: &'a [u8],
    left: &mut u64,
    convert: impl Fn(In) -> Out,
) -> Result<Vec<Out>> {
    let mut out = Vec::new();
    while !bytes.is_empty() {
        if *left == 0 {
            return Err(fail(path, at as usize, "a block holds more records than the head counts".into()));
        }
        let (record, rest) = postcard::take_from_bytes::<In>(bytes)
            .map_err(|e| fail(path, at as usize, format!("a record does not decode: {e}")))?;
        out.push(convert(record));
        bytes = rest;
        *left -= 1;
    }
    Ok(out)
}

/// Builds the graph from the parts as they arrive; only a snapshot read
/// to its end and checked whole gives a graph.
fn build(path: &Path, parts: Receiver<Result<Part>>, len: u64) -> Result<(Graph, u64)> {
    let inconsistent =
        |at: u64, problem: String| fail(path, at as usize, format!("the content is inconsistent: {problem}"));
    let mut graph = Graph::new();
    let mut generation = 0;
    for part in parts {
        match part? {
            Part::Head(head) => {
                let at = HEADER as u64;
                intern_all(&mut graph, [&head.labels, &head.types, &head.keys]).map_err(|e| inconsistent(at, e))?;
                graph.advance_next_ids(head.next_node, head.next_rel).map_err(|e| inconsistent(at, e))?;
                // A node takes at least 3 bytes, a relationship 5: a
                // damaged count cannot reserve more than the file holds.
                let cap = |n: u64, size: u64| n.min(len / size) as usize;
                graph.reserve(cap(head.nodes, 3), cap(head.rels, 5));
                generation = head.generation;
            }
            Part::Nodes(at, nodes) => {
                for n in nodes {
                    graph.restore_node(n).map_err(|e| inconsistent(at, e))?;
                }
            }
            Part::Rels(at, rels) => {
                for (start, end, r) in rels {
                    graph.restore_rel(start, end, r).map_err(|e| inconsistent(at, e))?;
                }
            }
            Part::Schema(schema) => graph.restore_schema(schema),
            Part::End => return Ok((graph, generation)),
        }
    }
    Err(fail(path, HEADER, "the snapshot could not be read to its end".into()))
}

/// Interns the snapshot's labels, types and keys, which must come out at
/// the positions the records refer to.
fn intern_all(graph: &mut Graph, [labels, types, keys]: [&Vec<Arc<str>>; 3]) -> Result<(), String> {
    for (names, interner) in [(labels, &mut graph.labels), (types, &mut graph.types), (keys, &mut graph.keys)] {
        for (i, name) in names.iter().enumerate() {
            if interner.intern(name) as usize != i {
                return Err(format!("the name '{name}' is listed out of place"));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Value;

    fn encode(graph: &Graph, generation: u64) -> Vec<u8> {
        encode_into(io::Cursor::new(Vec::new()), graph, generation).unwrap().0.into_inner()
    }

    fn decoded(bytes: &[u8]) -> Result<(Graph, u64)> {
        decode(Path::new("snapshot"), bytes, bytes.len() as u64)
    }

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
        let (back, generation) = decoded(&encode(&g, 7)).unwrap();
        assert_eq!(generation, 7);
        assert_eq!(back.canonical(), g.canonical());
        assert_eq!(back.next_ids(), (3, 1));
    }

    /// Enough records for dozens of blocks.
    fn big() -> Graph {
        let mut g = Graph::new();
        let (l, k, t) = (g.labels.intern("Person"), g.keys.intern("name"), g.types.intern("OWNS"));
        let ids: Vec<_> = (0..20_000)
            .map(|i| g.create_node(&[l], vec![(k, Value::string(&format!("person number {i} of many")))]))
            .collect();
        for (i, a) in ids.iter().enumerate() {
            g.create_rel(*a, ids[(i * 7919) % ids.len()], t, vec![(k, Value::Int(i as i64))]);
        }
        g.commit();
        g
    }

    #[test]
    fn a_graph_of_many_blocks_survives_encoding() {
        let g = big();
        let bytes = encode(&g, 2);
        assert!(bytes.len() > 3 * blocks::BLOCK, "{} bytes", bytes.len());
        let (back, _) = decoded(&bytes).unwrap();
        assert_eq!(back.canonical(), g.canonical());
    }

    #[test]
    fn damage_late_in_the_file_fails_the_whole_read() {
        let bytes = encode(&big(), 2);
        for at in [bytes.len() / 2, bytes.len() - 3] {
            let mut damaged = bytes.clone();
            damaged[at] ^= 0x10;
            let message = decoded(&damaged).err().unwrap().message;
            assert!(message.contains("snapshot is damaged at byte offset"), "{message}");
        }
        let message = decoded(&bytes[..bytes.len() - 1]).err().unwrap().message;
        assert!(message.contains("the header promises"), "{message}");
    }

    /// A version 1 or 2 file around `content`.
    fn legacy_file(version: u32, content: &[u8]) -> Vec<u8> {
        let mut bytes = header(version, content.len() as u64, crc32fast::hash(content)).to_vec();
        bytes.extend_from_slice(content);
        bytes
    }

    #[test]
    fn version_1_and_2_snapshots_still_open() {
        let mut g = Graph::new();
        let l = g.labels.intern("Country");
        let k = g.keys.intern("name");
        let a = g.create_node(&[l], vec![(k, Value::string("Iran"))]);
        let t = g.types.intern("T");
        g.create_rel(a, a, t, vec![]);
        g.commit();
        let v2 = legacy::encode(&g, 3);
        let (back, generation) = decoded(&legacy_file(2, &v2)).unwrap();
        assert_eq!((generation, back.canonical()), (3, g.canonical()));
        // Version 1 is version 2 without the schema at the end.
        let empty_schema = postcard::to_allocvec(&SchemaDefs::default()).unwrap();
        let v1 = &v2[..v2.len() - empty_schema.len()];
        let (back, generation) = decoded(&legacy_file(1, v1)).unwrap();
        assert_eq!((generation, back.canonical()), (3, g.canonical()));
        assert!(back.schema().is_empty());
        let mut damaged = legacy_file(2, &v2);
        damaged[30] ^= 1;
        assert!(decoded(&damaged).err().unwrap().message.contains("byte offset 24"));
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
        let (back, _) = decoded(&encode(&g, 1)).unwrap();
        assert_eq!(back.schema(), &defs);
        let seek = crate::store::indexes::Seek::Exact(vec![Value::Int(7)]);
        assert_eq!(back.index_seek("pid", &seek), Some(vec![n]));
    }
}
