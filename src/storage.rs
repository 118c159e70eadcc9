//! A store on disk: the directory `STORE` holds
//!
//! - `snapshot`: the graph at the last checkpoint ([`snapshot`]),
//! - `wal`: the statements committed since, one record each ([`wal`]),
//! - `lock`: locked by the process that has the store open for writing.
//!
//! A statement's WAL record is written and fsync'ed before its result is
//! returned. A checkpoint writes a new snapshot (atomically, by rename) and
//! then starts an empty WAL; the generation number in both tells, after a
//! crash between the two steps, that the old WAL is already folded in.

mod lock;
pub mod snapshot;
pub mod wal;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::store::{Graph, Redo};

pub const SNAPSHOT: &str = "snapshot";
pub const SNAPSHOT_TMP: &str = "snapshot.tmp";
pub const WAL: &str = "wal";
pub const WAL_TMP: &str = "wal.tmp";
pub const LOCK: &str = "lock";

/// The WAL size past which a commit triggers a checkpoint, unless the
/// environment variable `EMBARGO_CHECKPOINT_BYTES` says otherwise.
pub const DEFAULT_CHECKPOINT_BYTES: u64 = 64 << 20;

/// An error about a store file, at a byte offset in it.
pub(crate) fn fail(path: &Path, offset: usize, what: String) -> Error {
    Error::io(format!("{} is damaged at byte offset {offset}: {what}", path.display()))
}

/// Makes a rename in `dir` durable.
pub(crate) fn sync_dir(dir: &Path) -> Result<()> {
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| Error::io(format!("cannot fsync the directory {}: {e}", dir.display())))
}

/// An open store. Read-only stores hold neither the lock nor the WAL.
pub struct Storage {
    dir: PathBuf,
    writer: Option<Writer>,
    /// For a new store: the outermost directory this process made for it
    /// (see `Drop`).
    created: Option<PathBuf>,
    generation: u64,
    checkpoint_bytes: u64,
}

struct Writer {
    _lock: lock::Lock,
    /// `None` in a new store that has no snapshot yet, and after a
    /// checkpoint whose new snapshot is in place but whose WAL reset
    /// failed (the old WAL must not take more records: the next open would
    /// skip it as folded in). Either way the next commit checkpoints.
    wal: Option<wal::Wal>,
}

/// What opening found.
pub struct Opened {
    pub storage: Storage,
    pub graph: Graph,
    /// Things the user should know (a torn WAL tail that was cut off).
    pub warnings: Vec<String>,
}

impl Storage {
    /// Opens the store in `dir`, creating it if `dir` is missing or empty
    /// (unless read-only). Nothing is changed on disk unless the whole
    /// store reads back correctly.
    pub fn open(dir: &Path, read_only: bool) -> Result<Opened> {
        let checkpoint_bytes = std::env::var("EMBARGO_CHECKPOINT_BYTES")
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(DEFAULT_CHECKPOINT_BYTES);
        if !dir.join(SNAPSHOT).is_file() {
            check_new(dir, read_only)?;
        }
        let created = (!read_only).then(|| missing_ancestor(dir)).flatten();
        let lock = if read_only {
            None
        } else {
            std::fs::create_dir_all(dir)
                .map_err(|e| Error::io(format!("cannot create the store directory {}: {e}", dir.display())))?;
            Some(lock::acquire(dir)?)
        };
        // Asked again under the lock: another process may have made the
        // store between the first look and taking the lock.
        let exists = dir.join(SNAPSHOT).is_file();
        let mut storage = Storage { dir: dir.to_path_buf(), writer: None, created, generation: 0, checkpoint_bytes };
        if !exists {
            // A new store: nothing is written until something is committed
            // (then a first checkpoint makes the snapshot), so a failed
            // import or a read leaves no half-made store behind.
            storage.writer = lock.map(|lock| Writer { _lock: lock, wal: None });
            return Ok(Opened { storage, graph: Graph::new(), warnings: Vec::new() });
        }
        let (graph, generation, log, mut warnings) = load(dir)?;
        storage.generation = generation;
        if let Some(lock) = lock {
            let stale = log.as_ref().is_none_or(|l| l.generation != generation);
            let wal = match &log {
                Some(l) if !stale => wal::Wal::open(&dir.join(WAL), l.valid_len)?,
                _ => wal::Wal::create(dir, generation)?,
            };
            for leftover in [SNAPSHOT_TMP, WAL_TMP] {
                // Left by a crash during a checkpoint; harmless, never read.
                let _ = std::fs::remove_file(dir.join(leftover));
            }
            storage.writer = Some(Writer { _lock: lock, wal: Some(wal) });
        } else if log.as_ref().is_some_and(|l| l.torn.is_some()) {
            warnings.push("(opened read-only: the torn record stays until the store is opened for writing)".into());
        }
        Ok(Opened { storage, graph, warnings })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn is_read_only(&self) -> bool {
        self.writer.is_none()
    }

    /// Makes a committed statement's changes durable. Called before the
    /// statement's result is returned; an error means it must roll back.
    pub fn commit(&mut self, graph: &Graph, records: &[Redo]) -> Result<()> {
        if records.is_empty() {
            return Ok(());
        }
        let Some(writer) = &mut self.writer else {
            return Err(Error::io(format!(
                "store {} is open read-only: this statement would change it, so it was not run",
                self.dir.display()
            )));
        };
        let Some(log) = &mut writer.wal else {
            // The snapshot then holds this statement: as durable as a record.
            return self.checkpoint(graph);
        };
        log.append(records)?;
        if log.bytes() > self.checkpoint_bytes {
            // The statement is durable already; a failed checkpoint only
            // leaves the WAL longer, and the next commit tries again.
            let _ = self.checkpoint(graph);
        }
        Ok(())
    }

    /// Whether the WAL holds statements that a checkpoint would fold in.
    pub fn is_dirty(&self) -> bool {
        self.writer.as_ref().and_then(|w| w.wal.as_ref()).is_some_and(|l| l.bytes() > wal::HEADER)
    }

    /// Writes `graph` as the new snapshot and empties the WAL. Succeeds
    /// once the snapshot is in place: if only emptying the WAL fails, the
    /// next commit checkpoints again instead of appending.
    pub fn checkpoint(&mut self, graph: &Graph) -> Result<()> {
        let Some(writer) = &mut self.writer else {
            return Err(Error::io(format!("store {} is open read-only: nothing to checkpoint", self.dir.display())));
        };
        let generation = self.generation + 1;
        if writer.wal.is_none() && self.generation == 0 && !self.dir.join(WAL).exists() {
            // A new store's first snapshot: an empty log it follows goes
            // first, so a crash right after the snapshot still finds one.
            wal::Wal::create(&self.dir, 0)?;
        }
        snapshot::write(&self.dir, graph, generation)?;
        // From here the new snapshot is the truth, and the old WAL is folded in.
        self.generation = generation;
        writer.wal = wal::Wal::create(&self.dir, generation).ok();
        Ok(())
    }
}

/// The outermost of `dir` and its ancestors that does not exist yet.
fn missing_ancestor(dir: &Path) -> Option<PathBuf> {
    dir.ancestors().take_while(|a| !a.as_os_str().is_empty() && !a.exists()).last().map(Path::to_path_buf)
}

impl Drop for Storage {
    /// A new store that never got its first snapshot (a failed import, or
    /// a session that only read) leaves nothing behind: not its lock, not
    /// a temporary file, not the directories made for it.
    fn drop(&mut self) {
        let Some(writer) = self.writer.take() else { return };
        if self.dir.join(SNAPSHOT).exists() || writer.wal.is_some() {
            return;
        }
        for leftover in [SNAPSHOT_TMP, WAL_TMP, WAL, LOCK] {
            // The lock file goes while it is still locked (see lock.rs).
            let _ = std::fs::remove_file(self.dir.join(leftover));
        }
        drop(writer);
        let Some(outermost) = &self.created else { return };
        for made in self.dir.ancestors() {
            // Only empty directories go: whatever else was put there stays.
            if std::fs::remove_dir(made).is_err() || made == outermost.as_path() {
                break;
            }
        }
    }
}

/// A directory that holds no snapshot may become a new store only if it
/// holds nothing else of value.
fn check_new(dir: &Path, read_only: bool) -> Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !read_only => return Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Error::io(format!(
                "there is no store at {} (and --read-only cannot create one)",
                dir.display()
            )));
        }
        Err(e) if dir.exists() && !dir.is_dir() => {
            return Err(Error::io(format!("{} is not a directory: {e}", dir.display())));
        }
        Err(e) => return Err(Error::io(format!("cannot read the directory {}: {e}", dir.display()))),
    };
    let harmless = [LOCK, SNAPSHOT_TMP, WAL_TMP];
    // The empty log a first checkpoint writes before its snapshot.
    let first_log = |name: &std::ffi::OsStr| {
        name == WAL && wal::read(&dir.join(WAL)).is_ok_and(|l| l.generation == 0 && l.entries.is_empty())
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !harmless.iter().any(|h| name == *h) && !first_log(&name) {
            return Err(Error::io(format!(
                "{} is not an embargo store: it has no {SNAPSHOT} file but holds other files ({})",
                dir.display(),
                name.to_string_lossy()
            )));
        }
    }
    if read_only {
        return Err(Error::io(format!("there is no store at {} (and --read-only cannot create one)", dir.display())));
    }
    Ok(())
}

type Loaded = (Graph, u64, Option<wal::Contents>, Vec<String>);

/// Reads the snapshot and replays the WAL over it.
fn load(dir: &Path) -> Result<Loaded> {
    let snapshot_path = dir.join(SNAPSHOT);
    let wal_path = dir.join(WAL);
    let (mut graph, generation, log) = read_pair(&snapshot_path, &wal_path)?;
    let mut warnings = Vec::new();
    if let Some(log) = &log {
        if log.generation == generation {
            for entry in &log.entries {
                for record in &entry.records {
                    graph.apply(record).map_err(|e| {
                        fail(&wal_path, entry.offset as usize, format!("a record does not fit the snapshot: {e}"))
                    })?;
                }
            }
            if let Some((offset, len)) = log.torn {
                warnings.push(format!(
                    "{}: a torn record at byte offset {offset} ({len} bytes, from a crash while writing) was cut off; every statement before it is kept",
                    wal_path.display()
                ));
            }
        } else if log.generation + 1 != generation {
            return Err(fail(
                &wal_path,
                12,
                format!("the log follows checkpoint {}, the snapshot is checkpoint {generation}", log.generation),
            ));
        }
    }
    Ok((graph, generation, log, warnings))
}

/// Reads the snapshot, then the WAL. A reader without the lock can see a
/// writer's checkpoint land between the two reads (a WAL newer than the
/// snapshot); it then reads both again.
fn read_pair(snapshot_path: &Path, wal_path: &Path) -> Result<(Graph, u64, Option<wal::Contents>)> {
    let mut tries = 0;
    loop {
        let (graph, generation) = snapshot::read(snapshot_path)?;
        let log = match wal_path.exists() {
            true => Some(wal::read(wal_path)?),
            false if generation == 0 => None,
            false => {
                return Err(Error::io(format!(
                    "{} is missing: the store's recent changes are lost",
                    wal_path.display()
                )));
            }
        };
        tries += 1;
        if tries < 5 && log.as_ref().is_some_and(|l| l.generation > generation) {
            continue;
        }
        return Ok((graph, generation, log));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Value;

    fn store_with_one_node(dir: &Path) -> Storage {
        let mut opened = Storage::open(dir, false).unwrap();
        let mut graph = Graph::new();
        let label = graph.labels.intern("A");
        let key = graph.keys.intern("name");
        graph.create_node(&[label], vec![(key, Value::string("a"))]);
        opened.storage.checkpoint(&graph).unwrap();
        opened.storage
    }

    #[test]
    fn a_first_checkpoint_writes_a_log_before_its_snapshot() {
        let dir = tempfile::tempdir().unwrap();
        let mut opened = Storage::open(dir.path(), false).unwrap();
        // A directory where the snapshot's temporary file goes: the
        // snapshot cannot be written, what came before it stays.
        std::fs::create_dir(dir.path().join(SNAPSHOT_TMP)).unwrap();
        assert!(opened.storage.checkpoint(&Graph::new()).is_err());
        assert!(dir.path().join(WAL).exists());
        std::fs::remove_dir(dir.path().join(SNAPSHOT_TMP)).unwrap();
        drop(opened);
        assert!(!dir.path().join(WAL).exists(), "a store that never got a snapshot leaves nothing");
    }

    #[test]
    fn a_crash_between_the_first_snapshot_and_its_log_loses_nothing() {
        let dir = tempfile::tempdir().unwrap();
        drop(store_with_one_node(dir.path()));
        // The state a kill -9 leaves right after the first snapshot: the
        // empty log written before it, not yet replaced by the next one.
        wal::Wal::create(dir.path(), 0).unwrap();
        let opened = Storage::open(dir.path(), false).unwrap();
        assert_eq!(opened.graph.node_count(), 1);
        assert!(opened.warnings.is_empty());
    }

    #[test]
    fn a_new_store_may_hold_the_first_empty_log_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        wal::Wal::create(dir.path(), 0).unwrap();
        let opened = Storage::open(dir.path(), false).unwrap();
        assert_eq!(opened.graph.node_count(), 0);
        // A session that wrote nothing leaves nothing behind.
        drop(opened);
        assert!(!dir.path().join(WAL).exists());
    }

    #[test]
    fn a_missing_log_after_later_checkpoints_is_still_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let mut storage = store_with_one_node(dir.path());
        storage.checkpoint(&Graph::new()).unwrap();
        drop(storage);
        std::fs::remove_file(dir.path().join(WAL)).unwrap();
        let err = Storage::open(dir.path(), false).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("is missing"), "{err}");
    }
}
