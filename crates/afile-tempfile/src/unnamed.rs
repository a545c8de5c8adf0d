//! `TemporaryFile`: a temporary file that never has a name.

use std::future::IntoFuture;
use std::ops::{Deref, DerefMut};

use afile_core::{File, Result, TextFile};

use crate::builder::{FileOptions, Place, TextOptions};

/// A temporary file with no name in the file system, like Python's
/// `tempfile.TemporaryFile`. Derefs to the file it holds.
///
/// # Security and resource leaking
///
/// Opened with `O_TMPFILE` where the kernel has it: the file is never
/// visible by name, so nothing can be left behind, even after `kill -9`.
/// Elsewhere it is created 0600 with `O_EXCL` and unlinked at once. Its
/// storage is freed when the file is closed or dropped.
///
/// # Speed
///
/// After the first one in a directory, a few unnamed files are opened there
/// in the background, so that later constructors take one without waiting
/// for the executor (at most 8 per directory, 4 directories; each file is
/// handed out once). A directory removed since gets its error back as soon
/// as a refill notices.
///
/// # Examples
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// let mut f = afile_tempfile::TemporaryFile::new().await?;
/// f.write(b"spill").await?;
/// f.seek(std::io::SeekFrom::Start(0)).await?;
/// assert_eq!(f.read(None).await?, "spill");
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct TemporaryFile<F = File> {
    file: F,
}

impl TemporaryFile {
    /// A new file with CPython's defaults (`w+b`, in
    /// [`gettempdir`](crate::gettempdir)).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let f = afile_tempfile::TemporaryFile::new().await?;
    /// assert!(f.name().is_none());
    /// # Ok(()) }
    /// ```
    pub async fn new() -> Result<Self> {
        Self::builder().await
    }

    /// A builder with CPython's parameters (see [`FileOptions`]).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let f = afile_tempfile::TemporaryFile::builder().buffering(64 * 1024).await?;
    /// # drop(f); Ok(()) }
    /// ```
    pub fn builder() -> FileOptions<TemporaryFile> {
        FileOptions::default()
    }
}

impl<F> TemporaryFile<F> {
    /// The file, out of its wrapper (nothing else to clean up).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let file: afile_core::File = afile_tempfile::TemporaryFile::new().await?.into_inner();
    /// # drop(file); Ok(()) }
    /// ```
    pub fn into_inner(self) -> F {
        self.file
    }
}

impl<F> Deref for TemporaryFile<F> {
    type Target = F;
    fn deref(&self) -> &F {
        &self.file
    }
}

impl<F> DerefMut for TemporaryFile<F> {
    fn deref_mut(&mut self) -> &mut F {
        &mut self.file
    }
}

impl IntoFuture for FileOptions<TemporaryFile> {
    type Output = Result<TemporaryFile<File>>;
    type IntoFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { Ok(TemporaryFile { file: self.common.open(Place::Unnamed, false).await?.0 }) })
    }
}

impl IntoFuture for TextOptions<TemporaryFile> {
    type Output = Result<TemporaryFile<TextFile>>;
    type IntoFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { Ok(TemporaryFile { file: self.open(Place::Unnamed).await?.0 }) })
    }
}
