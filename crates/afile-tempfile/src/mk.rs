//! `mkstemp` and `mkdtemp`: create, and leave the cleanup to the caller.

use std::future::IntoFuture;
use std::path::PathBuf;

use afile_core::{File, Result, TextFile};

use crate::builder::{DirOptions, FileOptions, Place, TextOptions};

/// The kind marker of [`mkstemp`]'s builder.
#[derive(Debug)]
pub struct Mkstemp;

/// The kind marker of [`mkdtemp`]'s builder.
#[derive(Debug)]
pub struct Mkdtemp;

/// Creates a file securely (0600, `O_EXCL`, random name) and returns it
/// open with its absolute path, like Python's `tempfile.mkstemp`. The file
/// is not removed automatically. A builder: `.suffix() .prefix() .dir()`,
/// and `.text()` for a [`TextFile`].
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// let (mut file, path) = afile_tempfile::mkstemp().suffix(".dat").await?;
/// file.write(b"mine to delete").await?;
/// file.close().await?;
/// assert!(path.is_absolute() && path.exists());
/// std::fs::remove_file(path)?;
/// # Ok(()) }
/// ```
pub fn mkstemp() -> FileOptions<Mkstemp> {
    FileOptions::default()
}

/// Creates a directory securely (0700, random name) and returns its absolute
/// path, like Python's `tempfile.mkdtemp`. Not removed automatically.
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// let path = afile_tempfile::mkdtemp().prefix("work-").await?;
/// assert!(path.is_dir());
/// std::fs::remove_dir(path)?;
/// # Ok(()) }
/// ```
pub fn mkdtemp() -> DirOptions<Mkdtemp> {
    DirOptions::default()
}

impl IntoFuture for FileOptions<Mkstemp> {
    type Output = Result<(File, PathBuf)>;
    type IntoFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let (file, guard) = self.common.open(Place::Kept, false).await?;
            Ok((file, guard.map(|g| g.keep()).unwrap_or_default()))
        })
    }
}

impl IntoFuture for TextOptions<Mkstemp> {
    type Output = Result<(TextFile, PathBuf)>;
    type IntoFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let (file, guard) = self.open(Place::Kept).await?;
            Ok((file, guard.map(|g| g.keep()).unwrap_or_default()))
        })
    }
}

impl IntoFuture for DirOptions<Mkdtemp> {
    type Output = Result<PathBuf>;
    type IntoFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { Ok(self.create().await?.keep()) })
    }
}
