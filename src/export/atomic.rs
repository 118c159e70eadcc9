//! Atomic writes: everything is written under a temporary name beside the
//! target and renamed into place only once complete, so a failed export
//! (a full disk, an SVG with too many nodes, a bad value) leaves no half
//! file, and an earlier export at the same path stays as it was.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Writes the file at `path` through `fill`, atomically.
pub fn write_file(path: &Path, fill: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    if path.is_dir() {
        return Err(Error::io(format!("cannot write {}: it is a folder", path.display())));
    }
    let temp = temp_path(path)?;
    let outcome = (|| {
        let file = File::create(&temp).map_err(|e| io_error("cannot create", &temp, e))?;
        let mut out = BufWriter::new(Watched { file, failed: None });
        let filled = fill(&mut out);
        if let Err(e) = filled {
            // The writers see only a stream: name the file when it was the
            // file that failed (a full disk, a file-size limit).
            return Err(match out.get_mut().failed.take() {
                Some(reason) => Error::io(format!("cannot write {}: {reason}", path.display())),
                None => e,
            });
        }
        let file = out.into_inner().map_err(|e| io_error("cannot write", path, e.into_error()))?.file;
        file.sync_all().map_err(|e| io_error("cannot write", path, e))?;
        fs::rename(&temp, path).map_err(|e| io_error("cannot write", path, e))
    })();
    if outcome.is_err() {
        let _ = fs::remove_file(&temp);
    }
    outcome
}

/// Builds the folder at `path` through `fill` (given a fresh temporary
/// folder to fill), then renames it into place. An existing target is
/// replaced only if it is empty or an earlier export (nothing in it but
/// `nodes/` and `relationships/`): a user's other folder is never removed.
pub fn write_dir(path: &Path, fill: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    if path.exists() && !replaceable(path) {
        return Err(Error::io(format!(
            "cannot write {}: it exists and is not an earlier csv export; choose a new folder",
            path.display()
        )));
    }
    let temp = temp_path(path)?;
    let outcome = (|| {
        fs::create_dir(&temp).map_err(|e| io_error("cannot create", &temp, e))?;
        fill(&temp)?;
        if path.exists() {
            // A rename cannot replace a non-empty folder: move the old one
            // aside first, and put it back if the swap fails.
            let old = temp_path(path)?.with_extension("old");
            fs::rename(path, &old).map_err(|e| io_error("cannot replace", path, e))?;
            if let Err(e) = fs::rename(&temp, path) {
                let _ = fs::rename(&old, path);
                return Err(io_error("cannot write", path, e));
            }
            let _ = fs::remove_dir_all(&old);
            return Ok(());
        }
        fs::rename(&temp, path).map_err(|e| io_error("cannot write", path, e))
    })();
    if outcome.is_err() {
        let _ = fs::remove_dir_all(&temp);
    }
    outcome
}

/// A file that remembers why a write to it failed.
struct Watched {
    file: File,
    failed: Option<String>,
}

impl Write for Watched {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.write(buf).inspect_err(|e| self.failed = Some(e.to_string()))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush().inspect_err(|e| self.failed = Some(e.to_string()))
    }
}

fn replaceable(path: &Path) -> bool {
    let Ok(entries) = fs::read_dir(path) else { return false };
    entries.flatten().all(|e| {
        let name = e.file_name();
        (name == "nodes" || name == "relationships") && e.path().is_dir()
    })
}

/// `.NAME.embargo-PID.tmp` in the target's folder, so the rename stays on
/// one file system.
fn temp_path(path: &Path) -> Result<PathBuf> {
    let name = path
        .file_name()
        .ok_or_else(|| Error::io(format!("cannot write {}: not a file name", path.display())))?
        .to_string_lossy();
    // Name a missing folder rather than the temporary file inside it.
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty() && !p.is_dir()) {
        return Err(Error::io(format!(
            "cannot write {}: the folder {} does not exist",
            path.display(),
            parent.display()
        )));
    }
    Ok(path.with_file_name(format!(".{name}.embargo-{}.tmp", std::process::id())))
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> Error {
    Error::io(format!("{what} {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_folder_is_named() {
        let missing = std::env::temp_dir().join("embargo-no-such-folder").join("graph.json");
        let e = write_file(&missing, |_| Ok(())).err().map(|e| e.message).unwrap_or_default();
        assert!(e.contains("embargo-no-such-folder does not exist"), "{e}");
    }

    #[test]
    fn a_failed_write_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.json");
        let r = write_file(&target, |out| {
            out.write_all(b"half")?;
            Err(Error::argument("boom"))
        });
        assert!(r.is_err());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn an_earlier_file_survives_a_failed_write() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.json");
        fs::write(&target, "old").unwrap();
        let _ = write_file(&target, |_| Err(Error::argument("boom")));
        assert_eq!(fs::read_to_string(&target).unwrap(), "old");
        write_file(&target, |out| Ok(out.write_all(b"new")?)).unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
    }

    #[test]
    fn folders_are_replaced_only_when_they_are_exports() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("csv");
        let fill = |d: &Path| -> Result<()> { Ok(fs::create_dir(d.join("nodes"))?) };
        write_dir(&target, fill).unwrap();
        write_dir(&target, fill).unwrap();
        assert!(target.join("nodes").is_dir());
        let other = dir.path().join("documents");
        fs::create_dir(&other).unwrap();
        fs::write(other.join("letter.txt"), "keep").unwrap();
        assert!(write_dir(&other, fill).is_err());
        assert!(other.join("letter.txt").exists());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
    }
}
