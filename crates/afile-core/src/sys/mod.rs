//! The platform seam: every operating-system call afile-core makes, behind
//! one function set that is the same on every platform.
//!
//! * `unix/` — what Linux, macOS and the BSDs share (through rustix), and
//!   on macOS and the BSDs the answers for what only Linux has (no in-task
//!   reads or opens: everything takes the executor path);
//! * `linux/` — Linux's fast paths: `preadv2(RWF_NOWAIT)` reads,
//!   `openat2(RESOLVE_CACHED)` + `statx(AT_STATX_DONT_SYNC)` opens in the
//!   task, the `/proc/self/mountinfo` local-file-system rule, memory files;
//! * `windows/` — the same function set over the Win32 API (windows-sys),
//!   with CPython's Windows error texts and errno mapping.
//!
//! Code above this module has no `cfg` for the platform: a feature a
//! platform lacks is a function here that says "unsupported" or "would
//! block". The per-platform public items (the descriptor or handle traits
//! on [`File`](crate::File), the Unix-only `seek_data`/`seek_hole`) live in
//! each family's `handles.rs`, as std keeps them in `std::os`.

#[cfg(not(target_os = "linux"))]
mod disk_memfile;
#[cfg(target_os = "linux")]
mod linux;
#[cfg(unix)]
mod unix;
#[cfg(windows)]
mod windows;

#[cfg(target_os = "linux")]
use linux as imp;
#[cfg(all(unix, not(target_os = "linux")))]
use unix as imp;
#[cfg(windows)]
use windows as imp;

pub use imp::Fileno;
/// For the `testing` feature: the in-memory file system's files, fault
/// plans' errors, and errno values as this platform numbers them (the
/// Microsoft C runtime's on Windows, as CPython's `errno` module).
#[cfg_attr(not(feature = "testing"), allow(unused_imports))]
pub(crate) use imp::{MemFile, errno, errno_error};
pub(crate) use imp::{
    close, closes_in_task, describe, dup_stdio, errno_of, fileno, is_directory, no_nowait_reads, open_cached,
    open_error, open_flags, path_code_points, posix_error, pread_nowait, probe, read, read_at, reads_in_task,
    seek_sparse, write, write_at,
};

/// What the engine needs to know about an open file (or a path) to decide
/// where its I/O runs.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Probe {
    /// A regular file (not a directory, FIFO, socket or device).
    pub(crate) regular: bool,
    /// `st_dev` (0 where the platform has none).
    pub(crate) dev: u64,
    /// `st_blksize`, the default buffer size (0 where the platform has none:
    /// CPython's `io.DEFAULT_BUFFER_SIZE` applies).
    pub(crate) blksize: u64,
    /// `st_size` (as far as the inode in memory knows).
    pub(crate) size: u64,
    /// `st_ino` (0 where the platform has none).
    #[cfg_attr(not(target_os = "linux"), allow(dead_code))]
    pub(crate) ino: u64,
}

/// What a read tried in the task came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
pub(crate) enum NowaitRead {
    /// This many bytes came from the page cache (0 at end of file).
    Read(usize),
    /// The kernel would have blocked, or cannot say: the executor reads.
    WouldBlock,
    /// This file system (or platform) cannot read in the task at all.
    Unsupported,
}

/// What an attempt to open a path in the task came to.
#[derive(Debug)]
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
pub(crate) enum Cached {
    /// Opened read-only without blocking; a local regular file.
    Opened(std::fs::File, Probe),
    /// Not possible without blocking (or not on this platform): open on the
    /// executor.
    Declined,
    /// Opened, but it turned out not to be a local regular file (renamed
    /// over meanwhile): close it on the executor and open there afresh.
    Mistaken(std::fs::File),
}

/// The POSIX errors afile-core raises itself (not from a failed call).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Posix {
    /// `EINVAL`: a negative seek position.
    Inval,
    /// `ESPIPE`: `tell`/`seek` of a pipe.
    Spipe,
    /// `EISDIR`: a directory opened as a file.
    IsDir,
    /// `EEXIST`.
    Exist,
    /// `ENOENT`.
    #[cfg_attr(not(feature = "testing"), allow(dead_code))]
    NoEnt,
    /// `ENOTDIR`: a path's parent that is not a directory.
    NotDir,
    /// `EBADF`: a descriptor not open for the operation.
    BadF,
    /// `ENOMEM`: memory for a buffer could not be had (what a failing
    /// `malloc` sets; CPython's `MemoryError`).
    NoMem,
}

/// Where a sparse-file seek looks.
#[derive(Clone, Copy, Debug)]
#[cfg_attr(windows, allow(dead_code))]
pub(crate) enum Sparse {
    /// `SEEK_DATA` from this offset.
    Data(u64),
    /// `SEEK_HOLE` from this offset.
    Hole(u64),
}

/// The access a descriptor was opened with (for `File::from_std`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Access {
    pub(crate) read: bool,
    pub(crate) write: bool,
    pub(crate) append: bool,
}

/// One of the process's standard streams.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Stdio {
    In,
    Out,
    Err,
}

/// How CPython prints an OS error: `[Errno N] text` or, on Windows, for
/// the calls CPython makes through the Win32 API, `[WinError N] text`.
#[derive(Debug)]
pub(crate) enum Described {
    Errno(i32, String),
    #[cfg_attr(unix, allow(dead_code))]
    WinError(i32, String),
}
