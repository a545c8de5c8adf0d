//! `TemporaryDirectory`: a directory removed with everything in it.

use std::future::IntoFuture;
use std::path::{Path, PathBuf};

use afile_core::{Error, Executor, Result};

use crate::builder::DirOptions;
use crate::remove::rmtree;

/// A directory removed, with everything in it, when dropped or on
/// [`cleanup`](TemporaryDirectory::cleanup), like Python's
/// `tempfile.TemporaryDirectory`.
///
/// # Security
///
/// Created with a random name (from the kernel's CSPRNG) and mode 0700,
/// never over an existing path.
///
/// # Resource leaking
///
/// Drop removes the tree synchronously, so it works outside a runtime and
/// after the runtime has shut down. Read-only files and subdirectories are
/// made writable and removal retried, as CPython does. `delete(false)`
/// keeps the directory.
///
/// # Examples
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// let mut dir = afile_tempfile::TemporaryDirectory::new().await?;
/// std::fs::write(dir.path().join("f"), b"data")?;
/// let path = dir.path().to_path_buf();
/// dir.cleanup().await?;
/// assert!(!path.exists());
/// dir.cleanup().await?; // again: nothing to do
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct TemporaryDirectory {
    path: PathBuf,
    delete: bool,
    ignore_cleanup_errors: bool,
    executor: Executor,
    done: bool,
}

impl TemporaryDirectory {
    /// A new directory in [`gettempdir`](crate::gettempdir), CPython's defaults.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let dir = afile_tempfile::TemporaryDirectory::new().await?;
    /// assert!(dir.path().is_dir());
    /// # Ok(()) }
    /// ```
    pub async fn new() -> Result<Self> {
        Self::builder().await
    }

    /// A builder with CPython's parameters: `suffix`, `prefix`, `dir`,
    /// `delete`, `ignore_cleanup_errors`, and `executor`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let dir = afile_tempfile::TemporaryDirectory::builder().prefix("work-").await?;
    /// assert!(dir.name().file_name().unwrap().to_str().unwrap().starts_with("work-"));
    /// # Ok(()) }
    /// ```
    pub fn builder() -> DirOptions<TemporaryDirectory> {
        DirOptions::default()
    }

    pub(crate) fn from_parts(
        path: PathBuf,
        delete: bool,
        ignore_cleanup_errors: bool,
        executor: Executor,
    ) -> Self {
        Self { path, delete, ignore_cleanup_errors, executor, done: false }
    }

    /// The directory's absolute path.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let dir = afile_tempfile::TemporaryDirectory::new().await?;
    /// assert!(dir.path().is_absolute());
    /// # Ok(()) }
    /// ```
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The same as [`path`](TemporaryDirectory::path) (CPython's `name`).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let dir = afile_tempfile::TemporaryDirectory::new().await?;
    /// assert_eq!(dir.name(), dir.path());
    /// # Ok(()) }
    /// ```
    pub fn name(&self) -> &Path {
        &self.path
    }

    /// Removes the directory and everything in it; calling it again does
    /// nothing. A directory already gone is fine. Errors are returned unless
    /// `ignore_cleanup_errors` was set.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut dir = afile_tempfile::TemporaryDirectory::new().await?;
    /// dir.cleanup().await?;
    /// # Ok(()) }
    /// ```
    pub async fn cleanup(&mut self) -> Result<()> {
        if self.done {
            return Ok(());
        }
        let (path, ignore) = (self.path.clone(), self.ignore_cleanup_errors);
        self.executor
            .run("cleanup", move || rmtree(&path, ignore).map_err(|e| Error::with_path(e, &path)))
            .await?;
        self.done = true;
        Ok(())
    }

    /// Keeps the directory: returns its path and removes nothing.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let kept = afile_tempfile::TemporaryDirectory::new().await?.keep();
    /// assert!(kept.is_dir());
    /// std::fs::remove_dir(&kept)?;
    /// # Ok(()) }
    /// ```
    pub fn keep(mut self) -> PathBuf {
        self.done = true;
        std::mem::take(&mut self.path)
    }
}

impl Drop for TemporaryDirectory {
    fn drop(&mut self) {
        if self.delete && !self.done {
            let _ = rmtree(&self.path, true);
        }
    }
}

impl IntoFuture for DirOptions<TemporaryDirectory> {
    type Output = Result<TemporaryDirectory>;
    type IntoFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let guard = self.create().await?;
            Ok(TemporaryDirectory::from_parts(
                guard.keep(),
                self.common.delete,
                self.ignore_cleanup_errors,
                self.common.executor,
            ))
        })
    }
}
