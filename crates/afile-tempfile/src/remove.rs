//! Removing a tree, resetting permissions that stand in the way.

use std::fs;
use std::io;
use std::path::Path;

/// Removes `path` and everything below it. On failure the tree is made
/// writable (directories 0700, files 0600, symlinks untouched; on Windows
/// read-only attributes cleared) and removal tried again; a tree already
/// gone is fine.
pub(crate) fn rmtree(path: &Path, ignore_errors: bool) -> io::Result<()> {
    match fs::remove_dir_all(path) {
        Ok(()) => return Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(_) => {}
    }
    make_writable(path);
    match fs::remove_dir_all(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound || ignore_errors => Ok(()),
        Err(e) => Err(e),
    }
}

fn make_writable(path: &Path) {
    let Ok(meta) = fs::symlink_metadata(path) else { return };
    crate::sys::make_writable(path, &meta);
    if meta.is_dir()
        && let Ok(entries) = fs::read_dir(path)
    {
        for entry in entries.flatten() {
            make_writable(&entry.path());
        }
    }
}
