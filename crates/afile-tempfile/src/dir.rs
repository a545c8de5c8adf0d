//! `TemporaryDirectory`: a directory removed with everything in it.

use std::future::IntoFuture;
use std::path::{Path, PathBuf};

use afile_core::{Error, Executor, FaultOp, Result};

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
/// Removal never follows a symlink: every directory is opened with
/// `O_NOFOLLOW` relative to its parent's descriptor and every entry removed
/// relative to the descriptor that listed it, so a name swapped for a link
/// while the tree is removed is unlinked, and nothing outside the tree is
/// read, changed or removed. If the directory's own name holds a symlink at
/// cleanup, the link is left in place and cleanup reports CPython's
/// `Cannot call rmtree on a symbolic link` (silently with
/// `ignore_cleanup_errors`, and always silently for a dangling link).
///
/// # Resource leaking
///
/// Drop removes the tree synchronously, so it works outside a runtime and
/// after the runtime has shut down. A directory that refuses a removal is
/// made writable (0700, through its descriptor) and the removal retried,
/// as CPython does. `delete(false)` keeps the directory.
///
/// As CPython's, cleanup removes what is at the name each time it is
/// called: a directory created there again after [`cleanup`] is removed by
/// the next `cleanup()`, and by the drop (CPython's `with`-block exit)
/// unless `delete(false)`.
///
/// [`cleanup`]: TemporaryDirectory::cleanup
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
    state: State,
}

/// Where a [`TemporaryDirectory`] is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Created; nothing removed yet.
    Live,
    /// Cleaned up once: later cleanups remove whatever is at the name.
    CleanedUp,
    /// Given away with `keep`: nothing is ever removed.
    Kept,
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
        Self { path, delete, ignore_cleanup_errors, executor, state: State::Live }
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

    /// Removes the directory and everything in it. A directory already gone
    /// is fine. Calling it again removes whatever is at the name by then
    /// (nothing, usually), as CPython does. Errors are returned unless
    /// `ignore_cleanup_errors` was set; a symlink at the name is left, with
    /// CPython's `Cannot call rmtree on a symbolic link`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut dir = afile_tempfile::TemporaryDirectory::new().await?;
    /// std::fs::write(dir.path().join("f"), b"data")?;
    /// dir.cleanup().await?;
    /// assert!(!dir.path().exists());
    /// std::fs::create_dir(dir.path())?; // made again by someone
    /// dir.cleanup().await?;             // removed again, as in CPython
    /// assert!(!dir.path().exists());
    /// # Ok(()) }
    /// ```
    pub async fn cleanup(&mut self) -> Result<()> {
        if self.state == State::Kept {
            return Ok(());
        }
        let again = self.state == State::CleanedUp;
        self.state = State::CleanedUp;
        let (path, ignore) = (self.path.clone(), self.ignore_cleanup_errors);
        let ex = self.executor.clone();
        self.executor
            .run("cleanup", move || {
                ex.fault_point(FaultOp::Os).map_err(|e| Error::with_path(e, &path))?;
                // CPython's later cleanups check `os.path.exists` first.
                if again && !path.exists() {
                    return Ok(());
                }
                rmtree(&path, ignore)
            })
            .await
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
        self.state = State::Kept;
        std::mem::take(&mut self.path)
    }
}

impl Drop for TemporaryDirectory {
    /// CPython's `with`-block exit: with `delete`, removes the tree, or
    /// after a `cleanup()` whatever exists at the name again.
    fn drop(&mut self) {
        let remove = match self.state {
            State::Live => self.delete,
            State::CleanedUp => self.delete && self.path.exists(),
            State::Kept => false,
        };
        if remove {
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
