//! Where the history file lives, and keeping it private: statements may
//! hold names and secrets (cypher-shell makes its history 0600 too).

use std::fs::{self, OpenOptions};
use std::io;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// `$EMBARGO_HISTORY` (`in-memory` keeps none), else
/// `$XDG_STATE_HOME/embargo/history`, else `~/.embargo_history`.
pub fn path_from(
    embargo_history: Option<String>,
    xdg_state_home: Option<String>,
    home: Option<String>,
) -> Option<PathBuf> {
    let set = |v: Option<String>| v.filter(|s| !s.is_empty());
    if let Some(path) = set(embargo_history) {
        return (path != "in-memory").then(|| PathBuf::from(path));
    }
    if let Some(state) = set(xdg_state_home) {
        return Some(Path::new(&state).join("embargo").join("history"));
    }
    set(home).map(|home| Path::new(&home).join(".embargo_history"))
}

pub fn path() -> Option<PathBuf> {
    let var = |name| std::env::var(name).ok();
    path_from(var("EMBARGO_HISTORY"), var("XDG_STATE_HOME"), var("HOME"))
}

/// Creates the file (and its folder) readable by the owner only, before
/// anything is written to it, and tightens an existing one.
pub fn prepare(path: &Path) -> io::Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty() && !p.exists()) {
        fs::DirBuilder::new().recursive(true).mode(0o700).create(parent)?;
    }
    OpenOptions::new().create(true).append(true).mode(0o600).open(path)?;
    fs::set_permissions(path, fs::Permissions::from_mode(0o600))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_history_file_is_chosen_in_order() {
        let s = |v: &str| Some(v.to_string());
        assert_eq!(path_from(s("/tmp/h"), s("/state"), s("/home/a")), Some(PathBuf::from("/tmp/h")));
        assert_eq!(path_from(s("in-memory"), None, s("/home/a")), None);
        assert_eq!(path_from(None, s("/state"), s("/home/a")), Some(PathBuf::from("/state/embargo/history")));
        assert_eq!(path_from(s(""), s(""), s("/home/a")), Some(PathBuf::from("/home/a/.embargo_history")));
        assert_eq!(path_from(None, None, None), None);
    }

    #[test]
    fn the_file_is_private() {
        let dir = tempfile::tempdir().ok();
        let Some(dir) = dir else { return };
        let path = dir.path().join("state").join("embargo").join("history");
        assert!(prepare(&path).is_ok());
        let mode = fs::metadata(&path).map(|m| m.permissions().mode() & 0o777).unwrap_or_default();
        assert_eq!(mode, 0o600);
    }
}
