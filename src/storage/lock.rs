//! One writer at a time: an OS lock on `STORE/lock`, held for as long as
//! the store is open for writing (the lock goes with the file handle, so a
//! killed process never leaves a stale lock behind).

use std::fs::{File, TryLockError};
use std::path::Path;

use crate::error::{Error, Result};

pub struct Lock {
    _file: File,
}

pub fn acquire(dir: &Path) -> Result<Lock> {
    let path = dir.join(super::LOCK);
    let file = File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|e| Error::io(format!("cannot open {}: {e}", path.display())))?;
    match file.try_lock() {
        Ok(()) => Ok(Lock { _file: file }),
        Err(TryLockError::WouldBlock) => Err(Error::io(format!(
            "store {} is locked by another embargo process (open it with --read-only to query it meanwhile)",
            dir.display()
        ))),
        Err(TryLockError::Error(e)) => Err(Error::io(format!("cannot lock {}: {e}", path.display()))),
    }
}
