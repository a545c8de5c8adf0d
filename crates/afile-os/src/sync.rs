//! `fsync` and `fdatasync`: put a file's data on storage.

use std::future::Future;

use afile_core::{File, Result, TextFile};

/// What [`fsync`] and `fdatasync` (Unix) accept: what a program ported from
/// `os.fsync(f.fileno())` has in hand.
///
/// * `&mut afile::File` or `&mut afile::TextFile`: the file's buffered bytes
///   are written out first (aiofiles programs call `await f.flush()` before
///   `os.fsync`; here one call does both), and a closed file fails as
///   `f.fileno()` does in Python ("I/O operation on closed file", with a
///   final `.` for a text file). The same as [`File::sync_all`] /
///   [`File::sync_data`].
/// * any open descriptor by reference (`&std::fs::File`,
///   `&tokio::fs::File`, `&OwnedFd`, anything `AsFd`), or a `BorrowedFd`
///   (`f.as_fd()?` of an afile file); on Windows anything `AsHandle`, or a
///   `BorrowedHandle` (`f.as_handle()?`): it is duplicated and the
///   duplicate synced on the executor, so nothing is borrowed across the
///   hop.
///
/// A raw `RawFd` (`f.fileno()?`) is not accepted: a bare number may name a
/// descriptor that was closed and reused meanwhile (Rust's I/O safety), so
/// pass the file itself, or `f.as_fd()?`.
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let p = dir.path().join("x");
/// let mut f = afile_core::open(&p, "wb").await?;
/// f.write(b"data").await?;
/// afile_os::fsync(&mut f).await?;        // flushes, then fsync
/// afile_os::fsync(&std::fs::File::open(&p)?).await?;
/// # Ok(()) }
/// ```
pub trait SyncTarget {
    /// Syncs: data and metadata, or with `data_only` what `fdatasync` syncs
    /// (on Windows, where there is no `fdatasync`, both).
    fn sync(self, data_only: bool) -> impl Future<Output = Result<()>> + Send;
}

impl SyncTarget for &mut File {
    async fn sync(self, data_only: bool) -> Result<()> {
        match data_only {
            true => self.sync_data().await,
            false => self.sync_all().await,
        }
    }
}

impl SyncTarget for &mut TextFile {
    async fn sync(self, data_only: bool) -> Result<()> {
        match data_only {
            true => self.sync_data().await,
            false => self.sync_all().await,
        }
    }
}

/// Puts the file's data and metadata on storage, like `os.fsync(fd)`; see
/// [`SyncTarget`] for what it takes. Runs on the executor.
///
/// # Errors
///
/// The OS error (`EINVAL` for a pipe or socket, `EIO` for a failed write
/// back), or "I/O operation on closed file" for a closed afile file.
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let p = dir.path().join("notes.txt");
/// let mut f = afile_core::open_text(&p, "w").await?;
/// f.write("kept\n").await?;
/// afile_os::fsync(&mut f).await?; // os.fsync(f.fileno()), flushing first
/// assert_eq!(std::fs::read_to_string(&p)?, "kept\n");
/// # Ok(()) }
/// ```
pub async fn fsync(fd: impl SyncTarget) -> Result<()> {
    fd.sync(false).await
}
