//! Creating temporary files and directories safely: `O_EXCL` with random
//! names, retried on collision, `O_NOFOLLOW` so a planted symlink is never
//! followed, files 0600 and directories 0700 (on Windows: `CREATE_NEW`, and
//! a directory private to its owner). What is created is owned by a guard
//! until the caller takes it, so a cancelled constructor leaves nothing
//! behind.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use afile_core::{Error, Result};

use crate::names::{TMP_MAX, candidate};
use crate::remove::rmtree;
use crate::sys::{self, Create};

/// A path removed when dropped, unless [`Guard::keep`] was called.
#[derive(Debug)]
pub(crate) struct Guard {
    path: Option<PathBuf>,
    dir: bool,
}

impl Guard {
    pub(crate) fn file(path: PathBuf) -> Self {
        Self { path: Some(path), dir: false }
    }

    pub(crate) fn path(&self) -> &Path {
        self.path.as_deref().unwrap_or(Path::new(""))
    }

    /// Disarms the guard and returns the path.
    pub(crate) fn keep(mut self) -> PathBuf {
        self.path.take().unwrap_or_default()
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(path) = self.path.take() {
            let _ = if self.dir { rmtree(&path, true).is_ok() } else { fs::remove_file(&path).is_ok() };
        }
    }
}

fn exhausted(dir: &Path) -> Error {
    Error::with_path(io::Error::new(io::ErrorKind::AlreadyExists, "No usable temporary file name found"), dir)
}

/// Creates `dir/prefix+random+suffix` as a new file, readable and writable
/// by its owner only.
pub(crate) fn file(dir: &Path, prefix: &str, suffix: &str) -> Result<(fs::File, Guard)> {
    file_as(dir, prefix, suffix, Create::Private)
}

/// Creates `dir/prefix+random+suffix` as a new file, created as `how` says.
pub(crate) fn file_as(dir: &Path, prefix: &str, suffix: &str, how: Create) -> Result<(fs::File, Guard)> {
    file_named(dir, how, || candidate(dir, prefix, suffix))
}

/// Creates a new file at the first name from `names` that is free, trying
/// at most [`TMP_MAX`] names. Never follows a symlink and never opens an
/// existing file.
fn file_named(
    dir: &Path,
    how: Create,
    mut names: impl FnMut() -> io::Result<PathBuf>,
) -> Result<(fs::File, Guard)> {
    for _ in 0..TMP_MAX {
        let path = names()?;
        match sys::create_new(&path, how) {
            Ok(f) => return Ok((f, Guard::file(path))),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Error::with_path(e, &path)),
        }
    }
    Err(exhausted(dir))
}

/// Creates `dir/prefix+random+suffix` as a new directory, mode 0700. The
/// path is returned normalised, as CPython's `mkdtemp` returns
/// `os.path.abspath(name)` (so `suffix="/"` gives a plain directory name).
pub(crate) fn directory(dir: &Path, prefix: &str, suffix: &str) -> Result<Guard> {
    for _ in 0..TMP_MAX {
        let path = candidate(dir, prefix, suffix)?;
        match sys::create_dir(&path) {
            Ok(()) => return Ok(Guard { path: Some(afile_core::normpath(&path)), dir: true }),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Error::with_path(e, &path)),
        }
    }
    Err(exhausted(dir))
}

/// `TemporaryFile`'s file in `dir`, and its name if it has one: on Linux
/// `O_TMPFILE` where the file system has it (never visible, so nothing can
/// be left even after `kill -9`); elsewhere on POSIX created and unlinked at
/// once; on Windows, as CPython there, a named file the system deletes when
/// it is closed.
pub(crate) fn unnamed(dir: &Path) -> Result<(fs::File, Option<PathBuf>)> {
    match sys::tmpfile(dir, 0o600) {
        Ok(file) => return Ok((file, None)),
        Err(e) if matches!(e.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory) => {
            return Err(Error::with_path(e, dir));
        }
        Err(_) => {}
    }
    if sys::TEMPORARY_FILE_IS_NAMED {
        let (file, guard) = file_as(dir, "tmp", "", Create::DeleteOnClose)?;
        return Ok((file, Some(guard.keep())));
    }
    let (file, guard) = file(dir, "tmp", "")?;
    drop(guard);
    Ok((file, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_planted_symlink_is_never_followed_and_collisions_retry() {
        let d = tempfile::tempdir().unwrap();
        let victim = d.path().join("victim");
        fs::write(&victim, b"untouched").unwrap();
        let planted = d.path().join("planted");
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        let taken = d.path().join("taken");
        fs::write(&taken, b"mine").unwrap();
        let mut names = vec![d.path().join("fresh"), taken.clone(), planted.clone()];
        let (mut f, guard) = file_named(d.path(), Create::Private, || Ok(names.pop().unwrap())).unwrap();
        std::io::Write::write_all(&mut f, b"new").unwrap();
        assert_eq!(guard.path(), d.path().join("fresh"));
        assert_eq!(fs::read(&victim).unwrap(), b"untouched");
        assert_eq!(fs::read(&taken).unwrap(), b"mine");
        drop(guard);
        assert!(!d.path().join("fresh").exists(), "the guard removes what it created");
    }

    #[test]
    fn gives_up_after_tmp_max_names() {
        let d = tempfile::tempdir().unwrap();
        let taken = d.path().join("taken");
        fs::write(&taken, b"").unwrap();
        let err = file_named(d.path(), Create::Private, || Ok(taken.clone())).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert!(err.to_string().contains("No usable temporary file name found"));
    }
}
