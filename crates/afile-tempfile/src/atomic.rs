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

mod commit;
mod text;

use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};

use afile_core::{Error, Executor, File, Result};

use commit::{Commit, Place, Staged, stage};
pub use text::{AtomicTextFile, AtomicTextWrite};

/// Writes `data` to `path` atomically: into a new file in `path`'s
/// directory, `fsync`, renamed over `path`, then the directory `fsync`ed,
/// all in one executor hop. A reader sees the old contents or the new,
/// never a mix. The target's permissions are kept (see [`AtomicWrite`] for
/// the options).
///
/// This is the idiom Python programs write by hand with
/// `NamedTemporaryFile(dir=…, delete=False)`, `os.fsync` and `os.replace`.
///
/// # Errors
///
/// [`Error::Committed`] if the new contents are in place and only the
/// directory `fsync` after the rename failed (a crash may then still bring
/// back the old file). Any other error (and a cancellation before the hop
/// starts) means `path` is untouched and nothing is left behind.
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let d = tempfile::tempdir()?; let path = d.path().join("settings.json");
/// afile_tempfile::atomic_write(&path, br#"{"theme": "dark"}"#).await?;
/// assert_eq!(std::fs::read(&path)?, br#"{"theme": "dark"}"#);
/// # Ok(()) }
/// ```
pub async fn atomic_write(path: impl AsRef<Path>, data: impl AsRef<[u8]>) -> Result<()> {
    AtomicWrite::new(path).save(data).await
}

/// The builder of an atomic write: [`save`](AtomicWrite::save) writes bytes
/// in hand in one step; [`open`](AtomicWrite::open) gives an [`AtomicFile`]
/// to stream into (it is a [`File`] and tokio's `AsyncWrite`), and
/// [`text`](AtomicWrite::text) the text form. [`commit`](AtomicFile::commit)
/// puts the file in place.
///
/// Defaults: the target's permissions (and, where allowed, owner) are kept
/// if it is a regular file; a new target gets `0666` less the umask, as
/// `open(path, "w")` would give it; an existing target is replaced.
///
/// # The target: a symlink is replaced, not followed
///
/// The new file takes the target's *name*. A symlink there is replaced by
/// the new file (the file it pointed to is untouched), as Python's
/// `os.replace` idiom and the `tempfile` crate's `persist` do; its target's
/// permissions are not copied. Mode and owner are copied only from a
/// regular file at the name itself (`lstat`), and set-user-ID and
/// set-group-ID bits only when its owner (group) could be kept too, so a
/// save never makes a set-ID file of someone else's.
///
/// # The hidden name, and when `overwrite(false)` is better
///
/// With `overwrite(true)` (the default) the new file is linked under a
/// hidden name `.NAME.XXXXXXXX.tmp` in the target's directory just before
/// it is renamed over the target: for those two system calls a directory
/// listing can show it. With `overwrite(false)` it is linked straight to a
/// free target name, so nothing else ever appears (and nothing is left even
/// by `kill -9`): prefer it for new files in a directory that other
/// programs list, such as a queue.
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let d = tempfile::tempdir()?; let path = d.path().join("report.csv");
/// use afile_tempfile::AtomicWrite;
///
/// let mut out = AtomicWrite::new(&path).keep_permissions(true).overwrite(false).open().await?;
/// out.write(b"id,total\n").await?;
/// out.write(b"1,42\n").await?;
/// out.commit().await?; // fsync, link into place, fsync the directory
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
    /// owner) of the regular file it replaces (default `true`). With
    /// `false`, or with no regular file there, it gets `0666` less the umask.
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

    /// The text form: [`open`](AtomicTextWrite::open) gives an
    /// [`AtomicTextFile`] (a [`TextFile`](afile_core::TextFile) with the
    /// same commit), with `encoding`, `errors` and `newline` as
    /// `open_text` takes them.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let d = tempfile::tempdir()?; let path = d.path().join("notes.txt");
    /// let mut f = afile_tempfile::AtomicWrite::new(&path).text().encoding("latin-1").open().await?;
    /// f.write("café\n").await?;
    /// f.commit().await?;
    /// assert_eq!(std::fs::read(&path)?, b"caf\xe9\n");
    /// # Ok(()) }
    /// ```
    pub fn text(self) -> AtomicTextWrite {
        AtomicTextWrite::new(self)
    }

    /// The absolute target.
    fn absolute(&self) -> Result<PathBuf> {
        std::path::absolute(&self.target).map_err(|e| Error::with_path(e, &self.target))
    }

    /// Writes `data` as the whole new file and puts it in place, all in one
    /// executor hop (what [`atomic_write`] does, with this builder's
    /// options). Errors as [`atomic_write`]'s.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let d = tempfile::tempdir()?; let path = d.path().join("new.json");
    /// use afile_tempfile::AtomicWrite;
    /// AtomicWrite::new(&path).overwrite(false).save(b"{}").await?;
    /// let err = AtomicWrite::new(&path).overwrite(false).save(b"[]").await.unwrap_err();
    /// assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
    /// assert_eq!(std::fs::read(&path)?, b"{}");
    /// # Ok(()) }
    /// ```
    pub async fn save(self, data: impl AsRef<[u8]>) -> Result<()> {
        let target = self.absolute()?;
        let data = data.as_ref().to_vec();
        let ex = self.executor.clone();
        let Self { keep_permissions, overwrite, .. } = self;
        self.executor
            .run("atomic_write", move || {
                let place = Place::new(target)?;
                if !overwrite {
                    place.check_free()?;
                }
                let private = |place: &Place| keep_permissions && overwrite && place.taken();
                let (mut file, staged) = stage(place, private, &ex)?;
                commit::write_all(&mut file, &data, &ex, staged.target())?;
                Commit { file, staged, keep_permissions, overwrite, executor: ex }.run()
            })
            .await
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
        let target = self.absolute()?;
        let (ex, overwrite, keep) = (self.executor.clone(), self.overwrite, self.keep_permissions);
        let (std_file, staged) = self
            .executor
            .run("atomic open", move || {
                let place = Place::new(target)?;
                if !overwrite {
                    place.check_free()?;
                }
                stage(place, |place: &Place| keep && overwrite && place.taken(), &ex)
            })
            .await?;
        let name = Some(staged.target().to_path_buf());
        let file = File::wrap(std_file, "w+b", -1, name)?.with_executor(self.executor.clone());
        Ok(AtomicFile { file, staged, options: self })
    }
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
/// system calls in a row; only a crash between them leaves that file, and
/// a directory listing between them shows it). With `overwrite(false)` it
/// is linked straight to the target, so nothing is ever left or shown.
/// Where the file system lacks `O_TMPFILE` (or an unprivileged process has
/// no `/proc` to link it through) the hidden file exists from `open` on,
/// and a `kill -9` leaves it (removed on drop otherwise).
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
    staged: Staged,
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
        self.staged.target()
    }

    /// Puts the file in place: writes out what is buffered, `fsync`s it,
    /// sets its permissions, renames it over the target (or, with
    /// `overwrite(false)`, links it there unless something exists) and
    /// `fsync`s the directory. Once the last step has started on the
    /// executor it runs to the end even if this future is dropped: the
    /// target is then the new file, whole.
    ///
    /// # Errors
    ///
    /// [`Error::Committed`] when the new file is in place and a step after
    /// it failed (the directory `fsync`, or with `overwrite(false)` the
    /// file's `close`); any other error means the target is untouched and
    /// nothing is left behind.
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
    pub async fn commit(self) -> Result<()> {
        let Self { file, staged, options } = self;
        commit_file(file, staged, &options).await
    }
}

/// Flushes `file` and runs the commit of `staged` on the executor.
async fn commit_file(file: File, staged: Staged, options: &AtomicWrite) -> Result<()> {
    let file = file.into_std().await?;
    let ex = options.executor.clone();
    let job = Commit {
        file,
        staged,
        keep_permissions: options.keep_permissions,
        overwrite: options.overwrite,
        executor: ex,
    };
    options.executor.run("atomic commit", move || job.run()).await
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
