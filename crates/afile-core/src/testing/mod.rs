//! Files that fail on purpose, for testing programs' error handling (the
//! `testing` feature; off by default).
//!
//! aiofiles users test their error paths by patching
//! `aiofiles.threadpool.sync_open` to return a file that misbehaves. afile
//! patches nothing global: a [`Faults`] plan says which operation fails and
//! how, and it reaches afile's system calls through the [`Executor`] a file
//! is opened with:
//!
//! * [`Faults::scope`] runs a future with the plan: every executor made
//!   inside it ([`Executor::default`], which every builder uses unless told
//!   otherwise) carries the plan, so `open`, `open_text`, the temp
//!   constructors and the `afile-os` functions called in that future get it;
//! * [`Executor::with_faults`] gives one executor a plan, for the builders'
//!   `.executor(ex)`.
//!
//! A file keeps the plan it was opened with for its whole life, including
//! its write-behind on the executor and its drop. [`MemFs`] is an in-memory
//! file system with the same [`File`](crate::File)/[`TextFile`](crate::TextFile)
//! API, for tests that should not touch the disk.
//!
//! ```
//! # #[tokio::main] async fn main() -> afile_core::Result<()> {
//! # let dir = tempfile::tempdir()?; let path = dir.path().join("out");
//! use afile_core::testing::{errno, Faults};
//! use afile_core::FaultOp;
//! let plan = Faults::new().fail(FaultOp::Write, 1, errno::ENOSPC);
//! let result = plan.scope(async {
//!     let mut f = afile_core::open(&path, "wb").await?;
//!     f.write(b"hello").await?;
//!     f.close().await
//! }).await;
//! assert_eq!(result.unwrap_err().errno(), Some(errno::ENOSPC));
//! assert_eq!(plan.count(FaultOp::Write), 1);
//! # Ok(()) }
//! ```

mod faults;
mod memfs;
pub mod work;

pub use faults::{At, Faults};
pub use memfs::MemFs;

#[cfg(doc)]
use crate::Executor;

/// A few errno values for [`Faults`], so tests need not depend on `libc`:
/// the numbers of the platform the program runs on (macOS and the BSDs
/// number `EAGAIN` and `EDQUOT` differently from Linux; on Windows they are
/// the C runtime's, as CPython's `errno` module has them).
///
/// ```
/// assert_eq!(afile_core::testing::errno::ENOSPC, 28);
/// ```
pub mod errno {
    use crate::sys::errno as sys;

    /// Operation not permitted.
    pub const EPERM: i32 = sys::EPERM;
    /// No such file or directory.
    pub const ENOENT: i32 = sys::ENOENT;
    /// Interrupted system call (afile retries it, as CPython does).
    pub const EINTR: i32 = sys::EINTR;
    /// Input/output error.
    pub const EIO: i32 = sys::EIO;
    /// Bad file descriptor.
    pub const EBADF: i32 = sys::EBADF;
    /// Resource temporarily unavailable.
    pub const EAGAIN: i32 = sys::EAGAIN;
    /// Permission denied.
    pub const EACCES: i32 = sys::EACCES;
    /// File exists.
    pub const EEXIST: i32 = sys::EEXIST;
    /// No space left on device.
    pub const ENOSPC: i32 = sys::ENOSPC;
    /// Read-only file system.
    pub const EROFS: i32 = sys::EROFS;
    /// Disk quota exceeded.
    pub const EDQUOT: i32 = sys::EDQUOT;
}
