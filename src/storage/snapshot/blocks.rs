//! A snapshot's content as checksummed blocks, written and read as a
//! stream: neither side ever holds more than a block of the file.
//!
//! A block is its length (u32 LE), the CRC-32 of its bytes (u32 LE), then
//! its bytes: postcard records back to back, a block ending at a record
//! boundary. Damage is found in the block it hits, before a byte of it is
//! decoded.

use std::io::{self, Read, Write};
use std::path::Path;

use serde::Serialize;

use crate::error::Result;
use crate::storage::fail;

/// A block is closed once it holds this much: big enough that the framing
/// is noise, small enough to stay in cache while it is checksummed.
pub(super) const BLOCK: usize = 256 << 10;
const FRAME: u64 = 8;

pub struct BlockWriter<W> {
    out: W,
    block: Vec<u8>,
    /// The CRC-32 and length of everything written, frames included.
    content: crc32fast::Hasher,
    len: u64,
}

impl<W: Write> BlockWriter<W> {
    pub fn new(out: W) -> BlockWriter<W> {
        BlockWriter { out, block: Vec::with_capacity(BLOCK + BLOCK / 4), content: crc32fast::Hasher::new(), len: 0 }
    }

    /// Appends a record to the current block, closing the block when full.
    pub fn record<T: Serialize + ?Sized>(&mut self, record: &T) -> io::Result<()> {
        let block = std::mem::take(&mut self.block);
        self.block = postcard::to_extend(record, block).map_err(|e| io::Error::other(format!("cannot encode: {e}")))?;
        if self.block.len() >= BLOCK { self.close() } else { Ok(()) }
    }

    /// Closes the current block, if it holds anything: the next record
    /// starts a new one.
    pub fn close(&mut self) -> io::Result<()> {
        if self.block.is_empty() {
            return Ok(());
        }
        let len = u32::try_from(self.block.len()).map_err(|_| io::Error::other("a record is larger than 4 GiB"))?;
        let mut frame = [0u8; FRAME as usize];
        frame[0..4].copy_from_slice(&len.to_le_bytes());
        frame[4..8].copy_from_slice(&crc32fast::hash(&self.block).to_le_bytes());
        self.out.write_all(&frame)?;
        self.out.write_all(&self.block)?;
        self.content.update(&frame);
        self.content.update(&self.block);
        self.len += FRAME + u64::from(len);
        self.block.clear();
        Ok(())
    }

    /// Closes the last block; the output, and the content's length and CRC-32.
    pub fn finish(mut self) -> io::Result<(W, u64, u32)> {
        self.close()?;
        Ok((self.out, self.len, self.content.finalize()))
    }
}

pub struct BlockReader<'p, R> {
    input: R,
    path: &'p Path,
    /// The file offset of the next frame, and of the content's end.
    at: u64,
    end: u64,
    content: crc32fast::Hasher,
}

impl<'p, R: Read> BlockReader<'p, R> {
    /// Reads `len` bytes of content from `input`, which starts at file
    /// offset `start`.
    pub fn new(input: R, path: &'p Path, start: u64, len: u64) -> BlockReader<'p, R> {
        BlockReader { input, path, at: start, end: start + len, content: crc32fast::Hasher::new() }
    }

    /// Reads the next block into `buf`, checked against its checksum;
    /// its file offset, or `None` at the end of the content.
    pub fn next(&mut self, buf: &mut Vec<u8>) -> Result<Option<u64>> {
        let at = self.at;
        if at == self.end {
            return Ok(None);
        }
        if self.end - at < FRAME {
            return Err(fail(self.path, at as usize, "a block's frame is cut short".into()));
        }
        let mut frame = [0u8; FRAME as usize];
        self.read(at, &mut frame)?;
        let len = u32::from_le_bytes([frame[0], frame[1], frame[2], frame[3]]);
        let crc = u32::from_le_bytes([frame[4], frame[5], frame[6], frame[7]]);
        let left = self.end - at - FRAME;
        if u64::from(len) > left {
            let msg = format!("a block claims {len} bytes, the content has {left} left");
            return Err(fail(self.path, at as usize, msg));
        }
        buf.clear();
        buf.resize(len as usize, 0);
        self.read(at, buf)?;
        if crc32fast::hash(buf) != crc {
            return Err(fail(self.path, at as usize, "the block here fails its checksum".into()));
        }
        self.content.update(&frame);
        self.content.update(buf);
        self.at = at + FRAME + u64::from(len);
        Ok(Some(at))
    }

    fn read(&mut self, at: u64, buf: &mut [u8]) -> Result<()> {
        self.input.read_exact(buf).map_err(|e| fail(self.path, at as usize, format!("cannot read the block: {e}")))
    }

    /// The offset of the next block (or of the end).
    pub fn at(&self) -> u64 {
        self.at
    }

    /// Checks, at the end, the whole content's CRC-32 against `expected`.
    pub fn finish(self, expected: u32, header_at: usize) -> Result<()> {
        if self.at != self.end {
            return Err(fail(self.path, self.at as usize, "the content has bytes after its end".into()));
        }
        if self.content.finalize() != expected {
            return Err(fail(self.path, header_at, "the content fails the header's checksum".into()));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(records: &[&str]) -> (Vec<u8>, u64, u32) {
        let mut w = BlockWriter::new(Vec::new());
        for r in records {
            w.record(r).unwrap();
            w.close().unwrap();
        }
        w.finish().unwrap()
    }

    #[test]
    fn blocks_read_back_in_order() {
        let (bytes, len, crc) = blocks(&["sanctions", "", "lists"]);
        assert_eq!(len, bytes.len() as u64);
        let mut r = BlockReader::new(&bytes[..], Path::new("f"), 24, len);
        let mut buf = Vec::new();
        let mut seen = Vec::new();
        while let Some(at) = r.next(&mut buf).unwrap() {
            seen.push((at, postcard::from_bytes::<String>(&buf).unwrap()));
        }
        assert_eq!(seen, [(24, "sanctions".to_string()), (42, String::new()), (51, "lists".to_string())]);
        r.finish(crc, 20).unwrap();
    }

    #[test]
    fn damage_is_found_in_the_block_it_hits() {
        let (mut bytes, len, crc) = blocks(&["sanctions", "lists"]);
        bytes[27] ^= 1;
        let mut r = BlockReader::new(&bytes[..], Path::new("f"), 0, len);
        let mut buf = Vec::new();
        assert_eq!(r.next(&mut buf).unwrap(), Some(0));
        let e = r.next(&mut buf).unwrap_err();
        assert!(e.message.contains("byte offset 18") && e.message.contains("checksum"), "{}", e.message);
        let (bytes, len, _) = blocks(&["sanctions"]);
        let mut r = BlockReader::new(&bytes[..], Path::new("f"), 0, len);
        r.next(&mut buf).unwrap();
        assert!(r.finish(crc, 20).unwrap_err().message.contains("byte offset 20"));
    }
}
