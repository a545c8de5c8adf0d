//! Removing a tree on Windows, as CPython's `TemporaryDirectory` cleanup
//! does there (`shutil.rmtree` without descriptor functions): a link or
//! junction at the name is refused and left; otherwise the tree is removed,
//! and after a failure the read-only attributes are cleared and removal
//! tried again.

use std::fs;
use std::io;
use std::path::Path;

use afile_core::{Error, Result};

/// Removes `path` and everything below it; a tree already gone is fine. A
/// symlink at `path` is left, with CPython's `Cannot call rmtree on a
/// symbolic link`. With `ignore_errors` nothing is reported.
pub(crate) fn rmtree(path: &Path, ignore_errors: bool) -> Result<()> {
    let fail = |e: Error| if ignore_errors { Ok(()) } else { Err(e) };
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return fail(Error::with_path(e, path)),
        Ok(meta) if meta.file_type().is_symlink() => {
            return fail(Error::from(io::Error::other("Cannot call rmtree on a symbolic link")));
        }
        Ok(_) => {}
    }
    match fs::remove_dir_all(path) {
        Ok(()) => return Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(_) => {}
    }
    reset(path);
    match fs::remove_dir_all(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => fail(Error::with_path(e, path)),
    }
}

/// Clears the read-only attribute of everything in the tree (links are
/// not followed: `symlink_metadata`, and `read_dir` only of directories).
fn reset(path: &Path) {
    let Ok(meta) = fs::symlink_metadata(path) else { return };
    super::make_writable(path, &meta);
    if meta.is_dir()
        && let Ok(entries) = fs::read_dir(path)
    {
        for entry in entries.flatten() {
            reset(&entry.path());
        }
    }
}
