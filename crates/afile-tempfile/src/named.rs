//! `NamedTemporaryFile`: a temporary file with a name.

use std::future::IntoFuture;
use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};

use afile_core::{Error, File, Result, TextFile};

use crate::builder::{FileOptions, Place, TextOptions};
use crate::close::TempFileInner;
use crate::create::Guard;

/// A temporary file with a name in the file system, like Python's
/// `tempfile.NamedTemporaryFile`. Derefs to the file it holds (`F` is
/// [`File`] or, with `.text()`, [`TextFile`]).
///
/// # Security
///
/// Created with `O_EXCL | O_NOFOLLOW`, mode 0600, under a random name from
/// the kernel's CSPRNG, retried on collision; a symlink planted at the name
/// is never followed.
///
/// # Resource leaking
///
/// With `delete` (the default) the file is removed by
/// [`close`](NamedTemporaryFile::close) when `delete_on_close` (the
/// default), else when the object is dropped — CPython 3.12's rules; drop
/// always removes it then, synchronously, on panic and cancellation too.
/// With `delete(false)` it stays. [`keep`](NamedTemporaryFile::keep),
/// [`persist`](NamedTemporaryFile::persist) and
/// [`persist_noclobber`](NamedTemporaryFile::persist_noclobber) take it out
/// of cleanup.
///
/// # Examples
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// let mut f = afile_tempfile::NamedTemporaryFile::new().await?;
/// f.write(b"scratch").await?;          // derefs to afile::File
/// f.flush().await?;
/// assert_eq!(std::fs::read(f.path())?, b"scratch");
/// let path = f.path().to_path_buf();
/// f.close().await?;                     // delete_on_close: gone now
/// assert!(!path.exists());
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct NamedTemporaryFile<F = File> {
    file: F,
    path: PathBuf,
    /// Removes the file when dropped; `None` once removed or kept.
    guard: Option<Guard>,
    delete_on_close: bool,
}

impl NamedTemporaryFile {
    /// A new file with CPython's defaults (`w+b`, in
    /// [`gettempdir`](crate::gettempdir), deleted on close).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let f = afile_tempfile::NamedTemporaryFile::new().await?;
    /// assert!(f.path().exists());
    /// # Ok(()) }
    /// ```
    pub async fn new() -> Result<Self> {
        Self::builder().await
    }

    /// A builder with CPython's parameters (see [`FileOptions`]), plus
    /// [`delete`](FileOptions::delete) and
    /// [`delete_on_close`](FileOptions::delete_on_close).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let f = afile_tempfile::NamedTemporaryFile::builder().delete_on_close(false).await?;
    /// # drop(f); Ok(()) }
    /// ```
    pub fn builder() -> FileOptions<NamedTemporaryFile> {
        FileOptions::default()
    }
}

impl FileOptions<NamedTemporaryFile> {
    /// Whether the file is deleted at all (default `true`).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let f = afile_tempfile::NamedTemporaryFile::builder().delete(false).await?;
    /// let (_, path) = f.keep();
    /// # std::fs::remove_file(path)?;
    /// # Ok(()) }
    /// ```
    pub fn delete(mut self, delete: bool) -> Self {
        self.common.delete = delete;
        self
    }

    /// With `delete`: removed at `close` (default `true`) or only when the
    /// object is dropped (`false`).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::NamedTemporaryFile::builder().delete_on_close(false).await?;
    /// f.close().await?;
    /// assert!(f.path().exists()); // still there until `f` is dropped
    /// # Ok(()) }
    /// ```
    pub fn delete_on_close(mut self, delete_on_close: bool) -> Self {
        self.common.delete_on_close = delete_on_close;
        self
    }
}

impl<F> NamedTemporaryFile<F> {
    fn from_parts(file: F, guard: Option<Guard>, delete: bool, delete_on_close: bool) -> Result<Self> {
        let guard = guard.ok_or_else(|| Error::InvalidArgument("a named file without a name".into()))?;
        let path = guard.path().to_path_buf();
        let guard = if delete {
            Some(guard)
        } else {
            guard.keep();
            None
        };
        Ok(Self { file, path, guard, delete_on_close })
    }

    /// The file's absolute path (CPython's `name`).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let f = afile_tempfile::NamedTemporaryFile::new().await?;
    /// assert!(f.name().is_absolute());
    /// # Ok(()) }
    /// ```
    pub fn name(&self) -> &Path {
        &self.path
    }

    /// The same as [`name`](NamedTemporaryFile::name).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let f = afile_tempfile::NamedTemporaryFile::new().await?;
    /// assert_eq!(f.path(), f.name());
    /// # Ok(()) }
    /// ```
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Takes the file out of cleanup: returns it and its path; nothing will
    /// be removed.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let (file, path) = afile_tempfile::NamedTemporaryFile::new().await?.keep();
    /// drop(file);
    /// assert!(path.exists());
    /// std::fs::remove_file(path)?;
    /// # Ok(()) }
    /// ```
    pub fn keep(self) -> (F, PathBuf) {
        let Self { file, path, guard, .. } = self;
        if let Some(guard) = guard {
            guard.keep();
        }
        (file, path)
    }
}

impl<F: TempFileInner> NamedTemporaryFile<F> {
    /// Closes the file; with `delete` and `delete_on_close` (the defaults)
    /// also removes it. Calling it again does nothing more.
    ///
    /// # Errors
    ///
    /// What the file's `close` reports (a failed flush, or what `close(2)`
    /// reports); the file is removed all the same. Dropping cannot report them.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::NamedTemporaryFile::builder().text().await?;
    /// f.write("bye").await?;
    /// f.close().await?;
    /// assert!(!f.path().exists());
    /// # Ok(()) }
    /// ```
    pub async fn close(&mut self) -> Result<()> {
        match self.guard.take_if(|_| self.delete_on_close) {
            // The removal rides in the close's executor hop.
            Some(guard) => self.file.close_file_and(move || drop(guard)).await,
            None => self.file.close_file().await,
        }
    }
}

impl<F> Deref for NamedTemporaryFile<F> {
    type Target = F;
    fn deref(&self) -> &F {
        &self.file
    }
}

impl<F> DerefMut for NamedTemporaryFile<F> {
    fn deref_mut(&mut self) -> &mut F {
        &mut self.file
    }
}

impl IntoFuture for FileOptions<NamedTemporaryFile> {
    type Output = Result<NamedTemporaryFile<File>>;
    type IntoFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let (file, guard) = self.common.open(Place::Named, false).await?;
            NamedTemporaryFile::from_parts(file, guard, self.common.delete, self.common.delete_on_close)
        })
    }
}

impl IntoFuture for TextOptions<NamedTemporaryFile> {
    type Output = Result<NamedTemporaryFile<TextFile>>;
    type IntoFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let (file, guard) = self.open(Place::Named).await?;
            NamedTemporaryFile::from_parts(file, guard, self.common.delete, self.common.delete_on_close)
        })
    }
}
