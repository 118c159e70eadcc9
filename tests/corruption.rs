//! Damaged store files: every flipped byte and every truncation of the
//! snapshot and of the WAL gives the documented outcome — an error naming
//! the file and the byte offset, or (at the WAL's tail only) a warning that
//! a torn record was cut off with every statement before it kept — and
//! never a panic, and a failed open changes nothing.

mod common;

use std::path::{Path, PathBuf};

use common::stores::{copy_store, exec, files, int, open};
use common::{embargo, run};
use embargo::Database;

/// A store whose snapshot holds statements 1..=3 and whose WAL holds
/// statements 4..=8, each creating one node `(:S {i})`. Returns the
/// directory of a crash-time copy and the WAL's record boundaries.
fn sample(root: &Path) -> (PathBuf, Vec<u64>) {
    let live = root.join("live");
    let mut db = open(&live);
    for i in 1..=3 {
        exec(&mut db, &format!("CREATE (:S {{i: {i}, name: 'snapshot {i}', tags: ['a', 'b']}})"));
    }
    db.checkpoint().unwrap();
    for i in 4..=8 {
        exec(&mut db, &format!("CREATE (:S {{i: {i}}})"));
    }
    let copy = root.join("sample");
    copy_store(&live, &copy);
    drop(db);
    let wal = std::fs::read(copy.join("wal")).unwrap();
    // Walk the records: 24-byte header, then length-prefixed records with
    // 12-byte headers.
    let mut bounds = vec![24u64];
    let mut at = 24usize;
    while at < wal.len() {
        let len = u32::from_le_bytes(wal[at..at + 4].try_into().unwrap()) as usize;
        at += 12 + len;
        bounds.push(at as u64);
    }
    assert_eq!(bounds.len(), 6, "five records");
    (copy, bounds)
}

/// Opens a damaged copy of `sample` (writable), returning the count of
/// nodes and the warnings, or the error message. A failed open must leave
/// the files as they were.
fn open_damaged(dir: &Path) -> Result<(i64, Vec<String>), String> {
    let before = files(dir);
    match Database::open(dir, false) {
        Ok((mut db, warnings)) => Ok((int(&mut db, "MATCH (n:S) RETURN count(n)"), warnings)),
        Err(e) => {
            let mut after = files(dir);
            after.retain(|(name, _)| name != "lock");
            let mut before = before;
            before.retain(|(name, _)| name != "lock");
            assert_eq!(after, before, "a failed open changed the files: {}", e.message);
            Err(e.message)
        }
    }
}

fn damaged_copy(root: &Path, sample: &Path, n: usize) -> PathBuf {
    let dir = root.join(format!("case{n}"));
    copy_store(sample, &dir);
    dir
}

#[test]
fn every_flipped_byte_of_the_snapshot_is_an_error_naming_file_and_offset() {
    let root = tempfile::tempdir().unwrap();
    let (sample, _) = sample(root.path());
    let len = std::fs::metadata(sample.join("snapshot")).unwrap().len() as usize;
    for offset in 0..len {
        let dir = damaged_copy(root.path(), &sample, offset);
        let path = dir.join("snapshot");
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[offset] ^= 0x5a;
        std::fs::write(&path, bytes).unwrap();
        let message = open_damaged(&dir).err().unwrap_or_else(|| panic!("flip at {offset} went unnoticed"));
        assert!(message.contains(&path.display().to_string()), "{message}");
        assert!(message.contains("byte offset"), "{message}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

#[test]
fn every_truncation_of_the_snapshot_is_an_error() {
    let root = tempfile::tempdir().unwrap();
    let (sample, _) = sample(root.path());
    let len = std::fs::metadata(sample.join("snapshot")).unwrap().len();
    for cut in 0..len {
        let dir = damaged_copy(root.path(), &sample, cut as usize);
        let path = dir.join("snapshot");
        std::fs::File::options().write(true).open(&path).unwrap().set_len(cut).unwrap();
        let message = open_damaged(&dir).err().unwrap_or_else(|| panic!("a cut at {cut} went unnoticed"));
        assert!(message.contains("snapshot is damaged at byte offset"), "{message}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

#[test]
fn flipped_wal_bytes_are_errors_except_in_the_last_record() {
    let root = tempfile::tempdir().unwrap();
    let (sample, bounds) = sample(root.path());
    let len = *bounds.last().unwrap() as usize;
    let last = bounds[bounds.len() - 2] as usize;
    for offset in 0..len {
        let dir = damaged_copy(root.path(), &sample, offset);
        let path = dir.join("wal");
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[offset] ^= 0xff;
        std::fs::write(&path, bytes).unwrap();
        let outcome = open_damaged(&dir);
        if offset >= last + 12 {
            // The last record's content: as a crash mid-write would leave it.
            let (count, warnings) = outcome.unwrap_or_else(|e| panic!("flip at {offset}: {e}"));
            assert_eq!(count, 7, "flip at {offset}: every earlier statement is kept");
            assert!(warnings.len() == 1 && warnings[0].contains("torn record"), "{warnings:?}");
            assert!(warnings[0].contains(&format!("byte offset {last}")), "{warnings:?}");
            // The torn record was cut off: the next open is clean.
            let (mut db, warnings) = Database::open(&dir, false).unwrap();
            assert!(warnings.is_empty(), "{warnings:?}");
            assert_eq!(int(&mut db, "MATCH (n:S) RETURN count(n)"), 7);
        } else {
            let message = outcome.err().unwrap_or_else(|| panic!("flip at {offset} went unnoticed"));
            assert!(message.contains(&path.display().to_string()), "{message}");
            let record = bounds.iter().rev().find(|b| **b as usize <= offset).copied().unwrap_or(0);
            // The header's damage is reported at its start; a record's at the record's.
            let expected = if offset < 24 { "byte offset ".to_string() } else { format!("byte offset {record}:") };
            assert!(message.contains(&expected), "flip at {offset}: {message}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

#[test]
fn a_truncated_wal_keeps_every_whole_record() {
    let root = tempfile::tempdir().unwrap();
    let (sample, bounds) = sample(root.path());
    let len = *bounds.last().unwrap();
    for cut in 0..len {
        let dir = damaged_copy(root.path(), &sample, cut as usize);
        let path = dir.join("wal");
        std::fs::File::options().write(true).open(&path).unwrap().set_len(cut).unwrap();
        let outcome = open_damaged(&dir);
        if cut < 24 {
            let message = outcome.err().unwrap_or_else(|| panic!("a cut header at {cut} went unnoticed"));
            assert!(message.contains("wal is damaged at byte offset"), "{message}");
        } else {
            let (count, warnings) = outcome.unwrap_or_else(|e| panic!("cut at {cut}: {e}"));
            let whole = bounds.iter().filter(|b| **b <= cut).count() - 1;
            assert_eq!(count, 3 + whole as i64, "cut at {cut}");
            assert_eq!(warnings.is_empty(), bounds.contains(&cut), "cut at {cut}: {warnings:?}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

#[test]
fn a_zero_filled_tail_is_a_torn_write() {
    let root = tempfile::tempdir().unwrap();
    let (sample, _) = sample(root.path());
    let path = sample.join("wal");
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend([0u8; 100]);
    std::fs::write(&path, bytes).unwrap();
    let (count, warnings) = open_damaged(&sample).unwrap();
    assert_eq!(count, 8);
    assert_eq!(warnings.len(), 1);
}

#[test]
fn a_foreign_or_future_snapshot_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let (sample, _) = sample(root.path());
    let path = sample.join("snapshot");
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[8] = 99;
    std::fs::write(&path, &bytes).unwrap();
    let message = open_damaged(&sample).err().unwrap();
    assert!(message.contains("byte offset 8") && message.contains("version 99"), "{message}");
    std::fs::write(&path, b"PK\x03\x04 a zip file, not a store, long enough for a header").unwrap();
    let message = open_damaged(&sample).err().unwrap();
    assert!(message.contains("byte offset 0") && message.contains("not an embargo snapshot"), "{message}");
}

#[test]
fn the_command_line_reports_damage_and_torn_tails() {
    let root = tempfile::tempdir().unwrap();
    let (sample, bounds) = sample(root.path());
    let wal = sample.join("wal");
    std::fs::File::options().write(true).open(&wal).unwrap().set_len(bounds[5] - 3).unwrap();
    let mut cmd = embargo();
    cmd.arg(&sample).args(["--format", "jsonl", "-c", "MATCH (n:S) RETURN count(n)"]);
    let out = run(cmd);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(out.value(), 7);
    assert!(out.stderr.contains("warning") && out.stderr.contains("torn record"), "{}", out.stderr);

    let snapshot = sample.join("snapshot");
    let mut bytes = std::fs::read(&snapshot).unwrap();
    bytes[40] ^= 1;
    std::fs::write(&snapshot, bytes).unwrap();
    let mut cmd = embargo();
    cmd.arg(&sample).args(["--format", "jsonl", "-c", "MATCH (n) RETURN count(n)"]);
    let out = run(cmd);
    assert_eq!(out.code, Some(2));
    assert!(out.stdout.is_empty());
    assert!(out.stderr.contains("snapshot is damaged at byte offset 24"), "{}", out.stderr);
}
