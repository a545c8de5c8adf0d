//! The public `os` items CPython marks "Availability: Unix": `sendfile`,
//! `statvfs`, `fdatasync` (not on macOS, where CPython has none), and
//! descriptors as [`SyncTarget`]s.

use std::future::Future;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::path::Path;

use afile_core::{Error, Result};

use crate::SyncTarget;
use crate::blocking;

/// File-system statistics: every field of POSIX `statvfs`, named as Python's
/// `os.statvfs_result`.
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// let st = afile_os::statvfs("/").await?;
/// assert!(st.f_bsize > 0 && st.f_blocks >= st.f_bfree);
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatVfs {
    /// File system block size.
    pub f_bsize: u64,
    /// Fragment size.
    pub f_frsize: u64,
    /// Size of the file system in `f_frsize` units.
    pub f_blocks: u64,
    /// Free blocks.
    pub f_bfree: u64,
    /// Free blocks for unprivileged users.
    pub f_bavail: u64,
    /// Inodes.
    pub f_files: u64,
    /// Free inodes.
    pub f_ffree: u64,
    /// Free inodes for unprivileged users.
    pub f_favail: u64,
    /// File system ID.
    pub f_fsid: u64,
    /// Mount flags (`ST_RDONLY`, `ST_NOSUID`, …).
    pub f_flag: u64,
    /// Maximum file name length.
    pub f_namemax: u64,
}

/// Statistics of the file system holding `path` (`os.statvfs`).
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// let st = afile_os::statvfs("/").await?;
/// println!("{} bytes free", st.f_bavail * st.f_frsize);
/// # Ok(()) }
/// ```
pub async fn statvfs(path: impl AsRef<Path>) -> Result<StatVfs> {
    let path = path.as_ref().to_path_buf();
    crate::nul::check(&path)?;
    blocking("statvfs", move || {
        let s = rustix::fs::statvfs(&path).map_err(|e| Error::with_path(e.into(), &path))?;
        Ok(StatVfs {
            f_bsize: s.f_bsize,
            f_frsize: s.f_frsize,
            f_blocks: s.f_blocks,
            f_bfree: s.f_bfree,
            f_bavail: s.f_bavail,
            f_files: s.f_files,
            f_ffree: s.f_ffree,
            f_favail: s.f_favail,
            f_fsid: s.f_fsid,
            f_flag: s.f_flag.bits(),
            f_namemax: s.f_namemax,
        })
    })
    .await
}

/// Puts the file's data, and only the metadata needed to read it back, on
/// storage, like `os.fdatasync(fd)`; see [`SyncTarget`] and
/// [`fsync`](crate::fsync). Not on Windows or macOS, as CPython has none
/// there.
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let p = dir.path().join("log");
/// let log = std::fs::File::create(&p)?;
/// std::io::Write::write_all(&mut &log, b"entry\n")?;
/// afile_os::fdatasync(&log).await?;
/// # Ok(()) }
/// ```
#[cfg(not(target_vendor = "apple"))]
pub async fn fdatasync(fd: impl SyncTarget) -> Result<()> {
    fd.sync(true).await
}

/// Any open descriptor by reference (`&std::fs::File`, `&tokio::fs::File`,
/// `&OwnedFd`, anything [`AsFd`]): duplicated, and the duplicate synced on
/// the executor.
impl<T: AsFd + ?Sized> SyncTarget for &T {
    fn sync(self, data_only: bool) -> impl Future<Output = Result<()>> + Send {
        sync_fd(self.as_fd(), data_only)
    }
}

/// A borrowed descriptor (`f.as_fd()?` of an afile file).
impl SyncTarget for BorrowedFd<'_> {
    fn sync(self, data_only: bool) -> impl Future<Output = Result<()>> + Send {
        sync_fd(self, data_only)
    }
}

/// Duplicates `fd` in the task (`fcntl` never waits on a disk), then syncs
/// the duplicate on the executor: the same open file, so the same effect.
fn sync_fd(fd: BorrowedFd<'_>, data_only: bool) -> impl Future<Output = Result<()>> + Send + use<> {
    let dup: Result<OwnedFd> = rustix::io::fcntl_dupfd_cloexec(fd, 0).map_err(Into::into);
    async move {
        let dup = dup?;
        blocking(if data_only { "fdatasync" } else { "fsync" }, move || {
            #[cfg(not(target_vendor = "apple"))]
            if data_only {
                return rustix::fs::fdatasync(&dup).map_err(Into::into);
            }
            // CPython's `os.fsync` is plain `fsync(2)`, on macOS too (not
            // `F_FULLFSYNC`, which `File::sync_all` uses, as std's does).
            rustix::fs::fsync(&dup).map_err(Into::into)
        })
        .await
    }
}

/// Copies up to `count` bytes from `input` to `output` inside the kernel
/// (`sendfile(2)`, as `os.sendfile`), returning how many were sent. On
/// Linux `output` may be any descriptor; on macOS and the BSDs it must be a
/// socket, as there (`ENOTSOCK` otherwise). Unix only, as in CPython.
///
/// With `offset = Some(n)` it reads from byte `n` of `input` and leaves
/// `input`'s position alone; with `None` it reads from, and advances, the
/// descriptor's position. The descriptors are duplicated for the call, so
/// they may be any open files or sockets (for an afile `File`, pass an
/// explicit offset: its position lives in the `File`, not the descriptor).
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let (a, b) = (dir.path().join("a"), dir.path().join("b"));
/// std::fs::write(&a, b"0123456789")?;
/// let input = std::fs::File::open(&a)?;
/// let output = std::fs::File::create(&b)?;
/// assert_eq!(afile_os::sendfile(&output, &input, Some(2), 5).await?, 5);
/// assert_eq!(std::fs::read(&b)?, b"23456");
/// # Ok(()) }
/// ```
pub async fn sendfile(
    output: &impl AsFd,
    input: &impl AsFd,
    offset: Option<u64>,
    count: usize,
) -> Result<usize> {
    let out = rustix::io::fcntl_dupfd_cloexec(output, 0).map_err(Error::from)?;
    let inp = rustix::io::fcntl_dupfd_cloexec(input, 0).map_err(Error::from)?;
    blocking("sendfile", move || {
        let mut offset = offset;
        loop {
            match crate::sys::sendfile_once(&out, &inp, offset.as_mut(), count) {
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                other => return other.map_err(Error::from),
            }
        }
    })
    .await
}
