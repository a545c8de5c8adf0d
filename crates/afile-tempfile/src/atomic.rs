//! Atomic writes: the new contents go to a file no one can see, which then
//! replaces the target in one step, so a reader sees the old file or the new
//! one, never a half-written one.
//!
//! On Linux the file is an `O_TMPFILE` file in the target's directory (no
//! name at all while it is written), given the target's name on
//! [`commit`](AtomicFile::commit) with `linkat`. Where the file system (or
//! the platform) lacks `O_TMPFILE`, a hidden `.NAME.XXXXXXXX.tmp` file
//! (`O_EXCL`) stands in and is renamed.
//!
//! A new target gets `0666` less the umask with no umask read anywhere: the
//! file is created with `0666` and the kernel applies the umask. When it is
//! to take an existing target's permissions instead, a named stand-in is
//! created `0600` (no one else may read it meanwhile) and given the
//! target's mode at the commit.

use std::fs;
use std::io;
use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};

use afile_core::{Error, Executor, File, Result};

use crate::create::{self, Guard};
use crate::names::{TMP_MAX, candidate};
use crate::sys::{self, Create, Linked, Posix};

/// Writes `data` to `path` atomically: into a new file in `path`'s
/// directory, `fsync`, renamed over `path`, then the directory `fsync`ed.
/// A reader sees the old contents or the new, never a mix; on any error
/// (and on cancellation before the commit starts) `path` is untouched and
/// nothing is left behind. The target's permissions are kept (see
/// [`AtomicWrite`] for the options).
///
/// This is the idiom Python programs write by hand with
/// `NamedTemporaryFile(dir=…, delete=False)`, `os.fsync` and `os.replace`.
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let d = tempfile::tempdir()?; let path = d.path().join("settings.json");
/// afile_tempfile::atomic_write(&path, br#"{"theme": "dark"}"#).await?;
/// assert_eq!(std::fs::read(&path)?, br#"{"theme": "dark"}"#);
/// # Ok(()) }
/// ```
pub async fn atomic_write(path: impl AsRef<Path>, data: impl AsRef<[u8]>) -> Result<()> {
    let mut file = AtomicWrite::new(path).open().await?;
    file.write(data.as_ref()).await?;
    file.commit().await
}

/// The builder of an atomic write that is streamed:
/// `AtomicWrite::new(path)…open().await?` gives an [`AtomicFile`] to write
/// (it is a [`File`] and tokio's `AsyncWrite`), and
/// [`commit`](AtomicFile::commit) puts it in place.
///
/// Defaults: the target's permissions (and, where allowed, owner) are kept;
/// a new target gets `0666` less the umask, as `open(path, "w")` would give
/// it; an existing target is replaced.
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let d = tempfile::tempdir()?; let path = d.path().join("report.csv");
/// use afile_tempfile::AtomicWrite;
///
/// let mut out = AtomicWrite::new(&path).keep_permissions(true).overwrite(false).open().await?;
/// out.write(b"id,total\n").await?;
/// out.write(b"1,42\n").await?;
/// out.commit().await?; // fsync, rename into place, fsync the directory
/// assert_eq!(std::fs::read(&path)?, b"id,total\n1,42\n");
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
#[must_use = "an AtomicWrite does nothing until opened"]
pub struct AtomicWrite {
    target: PathBuf,
    keep_permissions: bool,
    overwrite: bool,
    executor: Executor,
}

impl AtomicWrite {
    /// An atomic write to `path`, with the defaults above.
    ///
    /// ```
    /// let write = afile_tempfile::AtomicWrite::new("out.txt");
    /// # drop(write);
    /// ```
    pub fn new(path: impl AsRef<Path>) -> Self {
        Self {
            target: path.as_ref().to_path_buf(),
            keep_permissions: true,
            overwrite: true,
            executor: Executor::default(),
        }
    }

    /// Whether the new file takes the mode bits (and, where allowed, the
    /// owner) of the file it replaces (default `true`). With `false`, or
    /// with no file there, it gets `0666` less the umask.
    ///
    /// ```
    /// let write = afile_tempfile::AtomicWrite::new("out.txt").keep_permissions(false);
    /// # drop(write);
    /// ```
    pub fn keep_permissions(mut self, keep: bool) -> Self {
        self.keep_permissions = keep;
        self
    }

    /// Whether an existing target is replaced (default `true`). With
    /// `false`, `open` fails with `FileExistsError` (`EEXIST`) if it exists,
    /// and so does `commit` if it appeared meanwhile (checked atomically).
    ///
    /// ```
    /// let write = afile_tempfile::AtomicWrite::new("out.txt").overwrite(false);
    /// # drop(write);
    /// ```
    pub fn overwrite(mut self, overwrite: bool) -> Self {
        self.overwrite = overwrite;
        self
    }

    /// Runs the blocking work (and the file's) on `executor`.
    ///
    /// ```
    /// let write = afile_tempfile::AtomicWrite::new("out.txt").executor(afile_core::Executor::dedicated(1));
    /// # drop(write);
    /// ```
    pub fn executor(mut self, executor: Executor) -> Self {
        self.executor = executor;
        self
    }

    /// Creates the file to write, in the target's directory. Nothing is
    /// visible there until [`commit`](AtomicFile::commit).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let d = tempfile::tempdir()?; let path = d.path().join("a.txt");
    /// let mut f = afile_tempfile::AtomicWrite::new(&path).open().await?;
    /// f.write(b"not yet").await?;
    /// assert!(!path.exists());
    /// f.commit().await?;
    /// assert!(path.exists());
    /// # Ok(()) }
    /// ```
    pub async fn open(self) -> Result<AtomicFile> {
        let target = std::path::absolute(&self.target).map_err(|e| Error::with_path(e, &self.target))?;
        let (dir, name) = match (target.parent(), target.file_name()) {
            (Some(dir), Some(name)) => (dir.to_path_buf(), name.to_string_lossy().into_owned()),
            _ => return Err(Error::with_path(sys::posix_error(Posix::IsDir), &target)),
        };
        let (overwrite, keep) = (self.overwrite, self.keep_permissions);
        let (check, place) = (target.clone(), dir.clone());
        let (std_file, staged) = self
            .executor
            .run("atomic_write", move || -> Result<(fs::File, Staged)> {
                let exists = fs::symlink_metadata(&check).is_ok();
                if !overwrite && exists {
                    return Err(Error::with_path(sys::posix_error(Posix::Exist), &check));
                }
                stage(&place, &name, keep && exists)
            })
            .await?;
        let file =
            File::wrap(std_file, "w+b", -1, Some(target.clone()))?.with_executor(self.executor.clone());
        Ok(AtomicFile { file, staged: Some(staged), target, dir, options: self })
    }
}

/// How the new contents wait for their name.
#[derive(Debug)]
enum Staged {
    /// An `O_TMPFILE` file: no name until it is linked.
    Unnamed,
    /// A hidden named file, removed by its guard unless renamed.
    Named(Guard),
}

/// Creates the file to write in `dir`: `O_TMPFILE` (mode `0666`, the
/// umask applied by the kernel), else a hidden named one, `0600` when it
/// will take the target's permissions (`private`), `0666` less the umask
/// otherwise.
fn stage(dir: &Path, name: &str, private: bool) -> Result<(fs::File, Staged)> {
    if sys::can_link_unnamed() {
        match sys::tmpfile(dir, 0o666) {
            Ok(file) => return Ok((file, Staged::Unnamed)),
            Err(e) if is_missing_or_denied(&e) => return Err(Error::with_path(e, dir)),
            Err(_) => {}
        }
    }
    staged_named(dir, name, private)
}

/// A hidden named stand-in in `dir` (see [`stage`]).
fn staged_named(dir: &Path, name: &str, private: bool) -> Result<(fs::File, Staged)> {
    let mode = if private { 0o600 } else { 0o666 };
    let (file, guard) = create::file_as(dir, &format!(".{name}."), ".tmp", Create::Staging { mode })?;
    Ok((file, Staged::Named(guard)))
}

fn is_missing_or_denied(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory | io::ErrorKind::PermissionDenied
    )
}

/// A file being written for an [`AtomicWrite`]: a [`File`] (it derefs to
/// one) and tokio's `AsyncWrite`. [`commit`](AtomicFile::commit) puts it in
/// place; dropping it instead (or an error, a panic, a cancelled task)
/// leaves the target as it was and nothing behind.
///
/// # Resource leaking
///
/// While it is written the file has no name (`O_TMPFILE`), so even
/// `kill -9` leaves nothing. During `commit` it is linked under a hidden
/// name `.NAME.XXXXXXXX.tmp` and renamed over the target at once (two
/// system calls in a row; only a crash between them leaves that file). With
/// `overwrite(false)` it is linked straight to the target, so nothing is
/// ever left. Where the file system lacks `O_TMPFILE` the hidden file exists
/// from `open` on, and a `kill -9` leaves it (removed on drop otherwise).
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let d = tempfile::tempdir()?; let path = d.path().join("a.txt");
/// std::fs::write(&path, b"old")?;
/// let mut f = afile_tempfile::AtomicWrite::new(&path).open().await?;
/// f.write(b"half of it").await?;
/// drop(f); // not committed
/// assert_eq!(std::fs::read(&path)?, b"old");
/// assert_eq!(std::fs::read_dir(d.path())?.count(), 1);
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct AtomicFile {
    file: File,
    staged: Option<Staged>,
    target: PathBuf,
    dir: PathBuf,
    options: AtomicWrite,
}

impl AtomicFile {
    /// The path the file will have once committed.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let d = tempfile::tempdir()?; let path = d.path().join("a.txt");
    /// let f = afile_tempfile::AtomicWrite::new(&path).open().await?;
    /// assert_eq!(f.target(), path);
    /// # Ok(()) }
    /// ```
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Puts the file in place: writes out what is buffered, `fsync`s it,
    /// sets its permissions, renames it over the target (or, with
    /// `overwrite(false)`, links it there unless something exists) and
    /// `fsync`s the directory. On error the target is untouched and nothing
    /// is left behind. Once the last step has started on the executor it
    /// runs to the end even if this future is dropped: the target is then
    /// the new file, whole.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let d = tempfile::tempdir()?; let path = d.path().join("a.txt");
    /// let mut f = afile_tempfile::AtomicWrite::new(&path).open().await?;
    /// f.write(b"all at once").await?;
    /// f.commit().await?;
    /// assert_eq!(std::fs::read(&path)?, b"all at once");
    /// # Ok(()) }
    /// ```
    pub async fn commit(mut self) -> Result<()> {
        self.file.flush().await?;
        let file = self.file.try_clone_std()?;
        let staged = self.staged.take().ok_or_else(|| Error::InvalidArgument("already committed".into()))?;
        let job = Commit {
            file,
            staged,
            target: self.target.clone(),
            dir: self.dir.clone(),
            keep_permissions: self.options.keep_permissions,
            overwrite: self.options.overwrite,
        };
        self.options.executor.run("atomic commit", move || job.run()).await?;
        self.file.close().await
    }
}

/// The blocking part of a commit, as one job.
struct Commit {
    /// The file's descriptor, duplicated.
    file: fs::File,
    staged: Staged,
    target: PathBuf,
    dir: PathBuf,
    keep_permissions: bool,
    overwrite: bool,
}

impl Commit {
    fn run(mut self) -> Result<()> {
        let file = &self.file;
        file.sync_all().map_err(|e| Error::with_path(e, &self.target))?;
        self.set_permissions(file)?;
        let staged = match std::mem::replace(&mut self.staged, Staged::Unnamed) {
            Staged::Unnamed => match self.link_in_place(file)? {
                Some(()) => return self.sync_dir(),
                // No way to name it here: copied into a named stand-in.
                None => Staged::Named(self.copy_to_named(file)?),
            },
            named => named,
        };
        if let Staged::Named(guard) = staged {
            let how = if self.overwrite { fs::rename } else { sys::rename_noreplace };
            how(guard.path(), &self.target).map_err(|e| Error::with_paths(e, guard.path(), &self.target))?;
            guard.keep();
        }
        self.sync_dir()
    }

    /// Names the unnamed file: straight as the target with `overwrite(false)`,
    /// else under a hidden name renamed over the target. `None` if it
    /// cannot be named here.
    fn link_in_place(&self, file: &fs::File) -> Result<Option<()>> {
        if !self.overwrite {
            return match sys::link_unnamed(file, &self.target)
                .map_err(|e| Error::with_path(e, &self.target))?
            {
                Linked::Linked => Ok(Some(())),
                Linked::Unlinkable => Ok(None),
            };
        }
        let Some(hidden) = link_hidden(file, &self.dir, &self.target)? else { return Ok(None) };
        // Removes the hidden name if the rename fails.
        let guard = Guard::file(hidden);
        fs::rename(guard.path(), &self.target)
            .map_err(|e| Error::with_paths(e, guard.path(), &self.target))?;
        guard.keep();
        Ok(Some(()))
    }

    /// Copies the unnamed file into a hidden named one, synced, with the
    /// permissions already decided.
    fn copy_to_named(&self, file: &fs::File) -> Result<Guard> {
        let name = self.target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let (mut named, Staged::Named(guard)) = staged_named(&self.dir, &name, true)? else {
            return Err(Error::InvalidArgument("a named stand-in without a name".into()));
        };
        let mut source = file.try_clone().map_err(|e| Error::with_path(e, &self.target))?;
        io::Seek::seek(&mut source, io::SeekFrom::Start(0)).map_err(|e| Error::with_path(e, &self.target))?;
        io::copy(&mut source, &mut named).map_err(|e| Error::with_path(e, guard.path()))?;
        let perms =
            file.metadata().map(|m| m.permissions()).map_err(|e| Error::with_path(e, guard.path()))?;
        named.set_permissions(perms).map_err(|e| Error::with_path(e, guard.path()))?;
        named.sync_all().map_err(|e| Error::with_path(e, guard.path()))?;
        Ok(guard)
    }

    fn sync_dir(&self) -> Result<()> {
        sys::sync_dir(&self.dir).map_err(|e| Error::with_path(e, &self.dir))
    }

    /// The target's permissions (and owner, where allowed) if kept and it
    /// exists; otherwise the file keeps the `0666` less the umask it was
    /// created with.
    fn set_permissions(&self, file: &fs::File) -> Result<()> {
        let existing = if self.keep_permissions { fs::metadata(&self.target).ok() } else { None };
        match existing {
            Some(meta) => sys::copy_permissions(file, &meta).map_err(|e| Error::with_path(e, &self.target)),
            None => Ok(()),
        }
    }
}

/// Links the unnamed `file` under a free hidden name next to `target`;
/// `None` if it cannot be named here.
fn link_hidden(file: &fs::File, dir: &Path, target: &Path) -> Result<Option<PathBuf>> {
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    for _ in 0..TMP_MAX {
        let hidden = candidate(dir, &format!(".{name}."), ".tmp")?;
        match sys::link_unnamed(file, &hidden) {
            Ok(Linked::Linked) => return Ok(Some(hidden)),
            Ok(Linked::Unlinkable) => return Ok(None),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Error::with_path(e, &hidden)),
        }
    }
    Err(Error::with_path(
        io::Error::new(io::ErrorKind::AlreadyExists, "No usable temporary file name found"),
        dir,
    ))
}

impl Deref for AtomicFile {
    type Target = File;
    fn deref(&self) -> &File {
        &self.file
    }
}

impl DerefMut for AtomicFile {
    fn deref_mut(&mut self) -> &mut File {
        &mut self.file
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The path taken where the file system has no `O_TMPFILE`: a hidden
    /// named file, renamed into place or removed.
    fn named_commit(dir: &Path, target: &Path, overwrite: bool) -> Result<()> {
        let (mut file, guard) = create::file_as(dir, ".t.", ".tmp", Create::Staging { mode: 0o600 }).unwrap();
        std::io::Write::write_all(&mut file, b"new").unwrap();
        let job = Commit {
            file,
            staged: Staged::Named(guard),
            target: target.to_path_buf(),
            dir: dir.to_path_buf(),
            keep_permissions: true,
            overwrite,
        };
        job.run()
    }

    #[test]
    fn without_o_tmpfile_a_hidden_file_is_renamed_or_removed() {
        let d = tempfile::tempdir().unwrap();
        let target = d.path().join("t");
        fs::write(&target, b"old").unwrap();
        let err = named_commit(d.path(), &target, false).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&target).unwrap(), b"old");
        assert_eq!(fs::read_dir(d.path()).unwrap().count(), 1, "the hidden file is removed");
        named_commit(d.path(), &target, true).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"new");
        assert_eq!(fs::read_dir(d.path()).unwrap().count(), 1);
    }
}
