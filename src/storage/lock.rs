//! One writer at a time: an OS lock on `STORE/lock`, held for as long as
//! the store is open for writing (the lock goes with the file handle, so a
//! killed process never leaves a stale lock behind).

use std::fs::{File, TryLockError};
use std::path::Path;
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

pub struct Lock {
    _file: File,
}

pub fn acquire(dir: &Path) -> Result<Lock> {
    let path = dir.join(super::LOCK);
    let open = || {
        File::options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| Error::io(format!("cannot open {}: {e}", path.display())))
    };
    let mut file = open()?;
    // A writer that is just closing (or a process forking while it held
    // the handle) lets go within moments: wait that long before refusing.
    let deadline = Instant::now() + PATIENCE;
    loop {
        match file.try_lock() {
            // A new store that is given up removes its lock file while
            // holding it: a lock taken on that removed file guards nothing.
            Ok(()) if !is_file_at(&file, &path) => file = open()?,
            Ok(()) => return Ok(Lock { _file: file }),
            Err(TryLockError::WouldBlock) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
            Err(TryLockError::WouldBlock) => {
                return Err(Error::io(format!(
                    "store {} is locked by another embargo process (open it with --read-only to query it meanwhile)",
                    dir.display()
                )));
            }
            Err(TryLockError::Error(e)) => return Err(Error::io(format!("cannot lock {}: {e}", path.display()))),
        }
    }
}

/// Whether the open `file` is the one now at `path`.
#[cfg(unix)]
fn is_file_at(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(open), Ok(named)) => open.dev() == named.dev() && open.ino() == named.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn is_file_at(_file: &File, path: &Path) -> bool {
    path.is_file()
}

/// How long a second writer waits for the lock before it is refused.
const PATIENCE: Duration = Duration::from_millis(500);
