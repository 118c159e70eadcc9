//! The write-ahead log: committed statements' redo records since the last
//! checkpoint, one record per statement.
//!
//! Layout: a 24-byte header — magic `EMBGWAL\0`, format version (u32 LE),
//! the snapshot generation it follows (u64 LE), CRC-32 of those 20 bytes —
//! then records, each: content length (u32 LE), CRC-32 of the content, CRC-32
//! of those 8 bytes, then the content (postcard of the statement's
//! `Vec<Redo>`).
//!
//! Reading decides between a crash and damage:
//! - a record cut short (fewer bytes than its header or its length), or
//!   the last record whose content fails its checksum, or a tail of zero
//!   bytes, is a torn write: it is cut off with a warning;
//! - a record header that fails its checksum, or a record that fails its
//!   checksum and is followed by more records, is damage: an error.

use std::fs::File;
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::{fail, sync_dir};
use crate::error::{Error, Result};
use crate::store::Redo;

const MAGIC: &[u8; 8] = b"EMBGWAL\0";
pub const VERSION: u32 = 1;
pub const HEADER: u64 = 24;
const RECORD_HEADER: usize = 12;

/// A statement's records, and where its record starts in the file.
pub struct Entry {
    pub offset: u64,
    pub records: Vec<Redo>,
}

/// What reading a WAL found.
pub struct Contents {
    pub generation: u64,
    pub entries: Vec<Entry>,
    /// Where the intact records end.
    pub valid_len: u64,
    /// A torn tail: its offset and length.
    pub torn: Option<(u64, u64)>,
}

fn header(generation: u64) -> [u8; HEADER as usize] {
    let mut h = [0u8; HEADER as usize];
    h[0..8].copy_from_slice(MAGIC);
    h[8..12].copy_from_slice(&VERSION.to_le_bytes());
    h[12..20].copy_from_slice(&generation.to_le_bytes());
    let crc = crc32fast::hash(&h[0..20]);
    h[20..24].copy_from_slice(&crc.to_le_bytes());
    h
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

/// Reads and checks a whole WAL file.
pub fn read(path: &Path) -> Result<Contents> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(format!("cannot read {}: {e}", path.display())))?;
    decode(path, &bytes)
}

pub fn decode(path: &Path, bytes: &[u8]) -> Result<Contents> {
    let h = HEADER as usize;
    // The header is written whole, through a rename, so a short one is damage.
    if bytes.len() < h {
        return Err(fail(path, bytes.len(), format!("the header is cut short ({} of {h} bytes)", bytes.len())));
    }
    if &bytes[0..8] != MAGIC {
        return Err(fail(path, 0, "this is not an embargo write-ahead log (wrong magic number)".into()));
    }
    if crc32fast::hash(&bytes[0..20]) != u32_at(bytes, 20) {
        return Err(fail(path, 0, "the header fails its checksum".into()));
    }
    let version = u32_at(bytes, 8);
    if version != VERSION {
        return Err(fail(path, 8, format!("log format version {version} is not one this embargo reads ({VERSION})")));
    }
    let generation = u64::from(u32_at(bytes, 12)) | (u64::from(u32_at(bytes, 16)) << 32);
    let mut contents = Contents { generation, entries: Vec::new(), valid_len: HEADER, torn: None };
    let mut at = h;
    while at < bytes.len() {
        let rest = &bytes[at..];
        let torn = Some((at as u64, rest.len() as u64));
        if rest.len() < RECORD_HEADER {
            contents.torn = torn;
            break;
        }
        if crc32fast::hash(&rest[0..8]) != u32_at(rest, 8) {
            // A power loss can leave the file longer than what reached it,
            // filled with zeros; anything else is damage.
            if rest.iter().all(|b| *b == 0) {
                contents.torn = torn;
                break;
            }
            return Err(fail(path, at, "a record header fails its checksum".into()));
        }
        let len = u32_at(rest, 0) as usize;
        let Some(content) = rest.get(RECORD_HEADER..RECORD_HEADER + len) else {
            contents.torn = torn;
            break;
        };
        if crc32fast::hash(content) != u32_at(rest, 4) {
            if RECORD_HEADER + len == rest.len() {
                contents.torn = torn;
                break;
            }
            return Err(fail(path, at, "a record fails its checksum, and more records follow it".into()));
        }
        let records: Vec<Redo> = postcard::from_bytes(content)
            .map_err(|e| fail(path, at + RECORD_HEADER, format!("a record does not decode: {e}")))?;
        contents.entries.push(Entry { offset: at as u64, records });
        at += RECORD_HEADER + len;
        contents.valid_len = at as u64;
    }
    Ok(contents)
}

/// The WAL open for appending.
pub struct Wal {
    path: PathBuf,
    file: File,
    len: u64,
}

impl Wal {
    /// Opens an existing, already checked WAL whose intact part ends at
    /// `valid_len`; anything after it (a torn tail) is cut off.
    pub fn open(path: &Path, valid_len: u64) -> Result<Wal> {
        let io = |e: std::io::Error| Error::io(format!("cannot open {}: {e}", path.display()));
        let file = File::options().read(true).write(true).open(path).map_err(io)?;
        let on_disk = file.metadata().map_err(io)?.len();
        if on_disk != valid_len {
            file.set_len(valid_len).map_err(io)?;
            file.sync_all().map_err(io)?;
        }
        Ok(Wal { path: path.to_path_buf(), file, len: valid_len })
    }

    /// Replaces the WAL with an empty one that follows `generation`,
    /// atomically (a temporary file renamed over it).
    pub fn create(dir: &Path, generation: u64) -> Result<Wal> {
        let tmp = dir.join(super::WAL_TMP);
        let path = dir.join(super::WAL);
        let io = |what: &str, e: std::io::Error| Error::io(format!("cannot {what} {}: {e}", tmp.display()));
        let written: Result<File> = (|| {
            let mut file = File::create(&tmp).map_err(|e| io("create", e))?;
            file.write_all(&header(generation)).map_err(|e| io("write", e))?;
            file.sync_all().map_err(|e| io("fsync", e))?;
            std::fs::rename(&tmp, &path).map_err(|e| io("rename", e))?;
            Ok(file)
        })();
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        let file = written?;
        sync_dir(dir)?;
        Ok(Wal { path, file, len: HEADER })
    }

    /// The file's length: the header and every record appended.
    pub fn bytes(&self) -> u64 {
        self.len
    }

    /// Appends one statement's records and makes them durable. On failure
    /// the file is cut back, so a later append does not follow garbage.
    pub fn append(&mut self, records: &[Redo]) -> Result<()> {
        let mut buf = vec![0u8; RECORD_HEADER];
        buf = postcard::to_extend(records, buf).map_err(|e| Error::io(format!("cannot encode a WAL record: {e}")))?;
        let len = u32::try_from(buf.len() - RECORD_HEADER)
            .map_err(|_| Error::io("the statement's changes are too large for one WAL record (4 GiB)"))?;
        let crc = crc32fast::hash(&buf[RECORD_HEADER..]);
        buf[0..4].copy_from_slice(&len.to_le_bytes());
        buf[4..8].copy_from_slice(&crc.to_le_bytes());
        let head_crc = crc32fast::hash(&buf[0..8]);
        buf[8..12].copy_from_slice(&head_crc.to_le_bytes());
        let written = self
            .file
            .seek(SeekFrom::Start(self.len))
            .and_then(|_| self.file.write_all(&buf))
            .and_then(|_| self.file.sync_data());
        match written {
            Ok(()) => {
                self.len += buf.len() as u64;
                Ok(())
            }
            Err(e) => {
                let _ = self.file.set_len(self.len);
                Err(Error::io(format!("cannot write to {}: {e}; the statement was not applied", self.path.display())))
            }
        }
    }
}
