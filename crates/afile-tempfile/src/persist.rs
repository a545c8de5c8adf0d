//! `persist` and `persist_noclobber`: give a named temporary file its final
//! name, and [`PersistError`], which hands the file back when that fails.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use afile_core::{Error, File};

use crate::close::TempFileInner;
use crate::named::NamedTemporaryFile;

/// The error of [`persist`](NamedTemporaryFile::persist) and
/// [`persist_noclobber`](NamedTemporaryFile::persist_noclobber): what went
/// wrong, and the temporary file, still whole and still cleaned up on drop
/// (the `tempfile` crate's `PersistError`).
///
/// It converts into [`afile_core::Error`] and [`std::io::Error`], so
/// `persist(..).await?` works in a function returning either; the file is
/// then dropped (and removed).
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let d = tempfile::tempdir()?;
/// let f = afile_tempfile::NamedTemporaryFile::builder().dir(d.path()).await?;
/// let err = f.persist(d.path().join("no/such/dir/x")).await.unwrap_err();
/// assert_eq!(err.error.kind(), std::io::ErrorKind::NotFound);
/// let f = err.file; // back, and still there
/// assert!(f.path().exists());
/// # Ok(()) }
/// ```
pub struct PersistError<F = File> {
    /// What went wrong.
    pub error: Error,
    /// The temporary file, unchanged.
    pub file: NamedTemporaryFile<F>,
}

impl<F> PersistError<F> {
    /// The temporary file back, dropping the error.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let d = tempfile::tempdir()?;
    /// let f = afile_tempfile::NamedTemporaryFile::builder().dir(d.path()).await?;
    /// let f = f.persist(d.path().join("missing/x")).await.unwrap_err().into_file();
    /// assert!(f.path().exists());
    /// # Ok(()) }
    /// ```
    pub fn into_file(self) -> NamedTemporaryFile<F> {
        self.file
    }
}

impl<F> fmt::Debug for PersistError<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PersistError").field("error", &self.error).field("path", &self.file.path()).finish()
    }
}

impl<F> fmt::Display for PersistError<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.error, f)
    }
}

impl<F> std::error::Error for PersistError<F> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

impl<F> From<PersistError<F>> for Error {
    fn from(err: PersistError<F>) -> Self {
        err.error
    }
}

impl<F> From<PersistError<F>> for io::Error {
    fn from(err: PersistError<F>) -> Self {
        err.error.into()
    }
}

impl<F: TempFileInner> NamedTemporaryFile<F> {
    /// Renames the file to `new_path`, replacing what is there, and takes it
    /// out of cleanup (the `tempfile` crate's `persist`); returns the file.
    /// Runs on the file's executor. Bytes still buffered are written to the
    /// file under its new name (call `flush` first to be sure they are
    /// there). On error the object comes back inside the [`PersistError`],
    /// its cleanup intact.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let d = tempfile::tempdir()?; let target = d.path().join("final.bin");
    /// let mut f = afile_tempfile::NamedTemporaryFile::builder().dir(d.path()).await?;
    /// f.write(b"done").await?;
    /// f.flush().await?;
    /// let file = f.persist(&target).await?;
    /// # drop(file);
    /// assert_eq!(std::fs::read(&target)?, b"done");
    /// # Ok(()) }
    /// ```
    pub async fn persist(self, new_path: impl AsRef<Path>) -> Result<F, PersistError<F>> {
        self.rename(new_path.as_ref(), "persist", |from, to| std::fs::rename(from, to)).await
    }

    /// As [`persist`](NamedTemporaryFile::persist), but fails with
    /// `FileExistsError` (`EEXIST`, [`io::ErrorKind::AlreadyExists`]) if
    /// `new_path` exists, atomically: `renameat2(RENAME_NOREPLACE)`, or
    /// `link` + `unlink` where the file system lacks it.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let d = tempfile::tempdir()?; let target = d.path().join("taken");
    /// std::fs::write(&target, b"mine")?;
    /// let f = afile_tempfile::NamedTemporaryFile::builder().dir(d.path()).await?;
    /// let err = f.persist_noclobber(&target).await.unwrap_err();
    /// assert_eq!(err.error.kind(), std::io::ErrorKind::AlreadyExists);
    /// assert_eq!(std::fs::read(&target)?, b"mine");
    /// # Ok(()) }
    /// ```
    pub async fn persist_noclobber(self, new_path: impl AsRef<Path>) -> Result<F, PersistError<F>> {
        self.rename(new_path.as_ref(), "persist_noclobber", crate::sys::rename_noreplace).await
    }

    async fn rename(
        self,
        to: &Path,
        name: &'static str,
        how: fn(&Path, &Path) -> io::Result<()>,
    ) -> Result<F, PersistError<F>> {
        let (from, to): (PathBuf, PathBuf) = (self.path().to_path_buf(), to.to_path_buf());
        let renamed = self
            .executor()
            .run(name, move || how(&from, &to).map_err(|e| Error::with_paths(e, &from, &to)))
            .await;
        match renamed {
            Ok(()) => Ok(self.keep().0),
            Err(error) => Err(PersistError { error, file: self }),
        }
    }
}
