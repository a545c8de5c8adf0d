//! `mkdir`, `makedirs`, `rmdir`, `removedirs`, `listdir`, `getcwd`.

use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use afile_core::{Error, Result};

use crate::flavour::split_chars;
use crate::pystr;
use crate::{blocking, nul};

/// Creates the directory `path` with `mode` (default `0o777`, less the
/// umask), like `os.mkdir`. On Windows the mode is ignored, as CPython 3.12
/// ignores it there.
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let d = dir.path().join("d");
/// afile_os::mkdir(&d, None).await?;
/// let err = afile_os::mkdir(&d, 0o700).await.unwrap_err();
/// assert_eq!(err.errno(), Some(17)); // File exists
/// # Ok(()) }
/// ```
pub async fn mkdir(path: impl AsRef<Path>, mode: impl Into<Option<u32>>) -> Result<()> {
    let path = path.as_ref().to_path_buf();
    nul::check(&path)?;
    let mode = mode.into().unwrap_or(0o777);
    blocking("mkdir", move || mkdir_blocking(&path, mode)).await
}

fn mkdir_blocking(path: &Path, mode: u32) -> Result<()> {
    crate::sys::mkdir(path, mode).map_err(|e| Error::with_path(e, path))
}

/// Creates `path` and any missing parents, like `os.makedirs(path, mode,
/// exist_ok)`: with `exist_ok` an existing *directory* is fine; an existing
/// file is still `FileExistsError`. As in CPython, `mode` applies to the
/// last directory only (the parents get `0o777` less the umask), and the
/// path is split as written: `makedirs("x/../y")` creates `x`, then `y`.
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let d = dir.path().join("a/b/c");
/// afile_os::makedirs(&d, None, false).await?;
/// afile_os::makedirs(&d, None, true).await?; // already there: fine
/// # Ok(()) }
/// ```
pub async fn makedirs(path: impl AsRef<Path>, mode: impl Into<Option<u32>>, exist_ok: bool) -> Result<()> {
    let path = path.as_ref().to_path_buf();
    nul::check(&path)?;
    let mode = mode.into().unwrap_or(0o777);
    blocking("makedirs", move || makedirs_blocking(&path, mode, exist_ok)).await
}

/// `os.path.split` as CPython's `makedirs`, `removedirs` and `renames` use
/// it: a trailing slash is skipped by splitting the head again.
fn split_skipping_slash(name: &[u32]) -> (&[u32], &[u32]) {
    let (head, tail) = split_chars(name);
    if tail.is_empty() { split_chars(head) } else { (head, tail) }
}

/// CPython's `os.makedirs`, step for step.
pub(crate) fn makedirs_blocking(name: &Path, mode: u32, exist_ok: bool) -> Result<()> {
    let chars = pystr::of(&name);
    let (head, tail) = split_skipping_slash(&chars);
    if !head.is_empty() && !tail.is_empty() && !pystr::path(head).exists() {
        // The parents get the default mode, as in CPython since 3.7.
        match makedirs_blocking(&pystr::path(head), 0o777, exist_ok) {
            // Another thread or process made it meanwhile: fine.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            other => other?,
        }
        // `xxx/newdir/.` exists once `xxx/newdir` does.
        if tail == [u32::from(b'.')] {
            return Ok(());
        }
    }
    match mkdir_blocking(name, mode) {
        // Not EEXIST alone: the system may report EACCES or EROFS first.
        Err(_) if exist_ok && fs::metadata(name).is_ok_and(|m| m.is_dir()) => Ok(()),
        other => other,
    }
}

/// Removes the empty directory `path` (`os.rmdir`).
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let d = dir.path().join("d");
/// afile_os::mkdir(&d, None).await?;
/// afile_os::rmdir(&d).await?;
/// assert!(!afile_os::path::exists(&d).await);
/// # Ok(()) }
/// ```
pub async fn rmdir(path: impl AsRef<Path>) -> Result<()> {
    let path = path.as_ref().to_path_buf();
    nul::check(&path)?;
    blocking("rmdir", move || fs::remove_dir(&path).map_err(|e| Error::with_path(e, &path))).await
}

/// Removes `path`, then each parent that becomes empty (`os.removedirs`).
/// Stops quietly at the first parent that cannot be removed.
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let root = dir.path();
/// afile_os::makedirs(root.join("a/b/c"), None, false).await?;
/// std::fs::write(root.join("a/keep"), b"")?;
/// afile_os::removedirs(root.join("a/b/c")).await?;
/// assert!(!afile_os::path::exists(root.join("a/b")).await);
/// assert!(afile_os::path::exists(root.join("a")).await);
/// # Ok(()) }
/// ```
pub async fn removedirs(path: impl AsRef<Path>) -> Result<()> {
    let path = path.as_ref().to_path_buf();
    nul::check(&path)?;
    blocking("removedirs", move || removedirs_blocking(&path)).await
}

/// CPython's `os.removedirs`: the path, then each head of its
/// `os.path.split` in turn, as written (`a/./b` tries `a/.`, which fails).
pub(crate) fn removedirs_blocking(name: &Path) -> Result<()> {
    fs::remove_dir(name).map_err(|e| Error::with_path(e, name))?;
    let chars = pystr::of(&name);
    let (mut head, mut tail) = split_skipping_slash(&chars);
    while !head.is_empty() && !tail.is_empty() {
        if fs::remove_dir(pystr::path(head)).is_err() {
            break;
        }
        (head, tail) = split_chars(head);
    }
    Ok(())
}

/// CPython's `os.renames`: makes the new name's parents, renames, then
/// prunes the old name's parents that ended up empty.
pub(crate) fn renames_blocking(old: &Path, new: &Path) -> Result<()> {
    let new_chars = pystr::of(&new);
    let (head, tail) = split_chars(&new_chars);
    if !head.is_empty() && !tail.is_empty() && !pystr::path(head).exists() {
        makedirs_blocking(&pystr::path(head), 0o777, false)?;
    }
    crate::sys::rename(old, new).map_err(|e| Error::with_paths(e, old, new))?;
    let old_chars = pystr::of(&old);
    let (head, tail) = split_chars(&old_chars);
    if !head.is_empty() && !tail.is_empty() {
        // Parents that are not empty stay: that is not an error.
        let _ = removedirs_blocking(&pystr::path(head));
    }
    Ok(())
}

/// The names in directory `path`, in directory order, without `.` and `..`
/// (`os.listdir`).
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?;
/// std::fs::write(dir.path().join("only"), b"")?;
/// assert_eq!(afile_os::listdir(dir.path()).await?, ["only"]);
/// # Ok(()) }
/// ```
pub async fn listdir(path: impl AsRef<Path>) -> Result<Vec<OsString>> {
    let path = path.as_ref().to_path_buf();
    nul::check(&path)?;
    blocking("listdir", move || {
        let with_path = |e| Error::with_path(e, &path);
        fs::read_dir(&path).map_err(with_path)?.map(|e| e.map(|e| e.file_name()).map_err(with_path)).collect()
    })
    .await
}

/// The current working directory (`os.getcwd`).
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// assert!(afile_os::getcwd().await?.is_absolute());
/// # Ok(()) }
/// ```
pub async fn getcwd() -> Result<PathBuf> {
    blocking("getcwd", || std::env::current_dir().map_err(Error::from)).await
}
