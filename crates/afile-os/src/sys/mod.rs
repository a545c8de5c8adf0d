//! The platform seam of afile-os: every operating-system call the `os` and
//! `os.path` functions make, behind one function set (the same names on
//! every platform), and the public items that exist on one platform only.
//!
//! * `unix/` — Linux, macOS and the BSDs (POSIX calls through rustix and
//!   std), with macOS's `fcopyfile` and the BSDs' `sendfile`;
//! * `linux/` — Linux's own: `sendfile(2)` between any descriptors, and
//!   copies handed to the kernel (`copy_file_range`);
//! * `windows/` — the Win32 calls CPython makes (`MoveFileExW`,
//!   `GetFileAttributesW`, file ids).
//!
//! Paths are also turned into Python's code points here (`decode_path`,
//! `encode_path`: `surrogateescape` bytes on Unix, UTF-16 on Windows), for
//! [`posixpath`](crate::posixpath) and [`ntpath`](crate::ntpath).
//!
//! [`api`] holds the public items CPython has on one platform only (on
//! Unix `sendfile`, `statvfs`, `fdatasync`, and descriptors for
//! `sameopenfile` and `fsync`; on Windows handles for those), so the crate
//! root re-exports it without a `cfg`.

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

#[cfg(unix)]
pub(crate) use imp::sendfile_once;
pub(crate) use imp::{
    access, chmod, copy_contents, ctime, current_uid, decode_path, encode_path, entry_ino, file_id,
    is_a_directory, is_fifo, ismount, mkdir, realpath, rename, replace, symlink, utime,
};

/// The public items that exist on this platform only (re-exported at the
/// crate root).
pub mod api {
    #[cfg(unix)]
    pub use super::unix::api::*;
    #[cfg(windows)]
    #[allow(unused_imports)] // Windows's holds trait impls only, for now
    pub use super::windows::api::*;
}

/// The public `os.path` items whose types differ by platform (re-exported
/// from [`path`](crate::path)).
pub mod path_api {
    #[cfg(unix)]
    pub use super::unix::path_api::*;
    #[cfg(windows)]
    pub use super::windows::path_api::*;
}

/// What identifies a file: `(st_dev, st_ino)` on Unix, the volume serial
/// number and file index on Windows (CPython's `st_dev`/`st_ino` there).
pub(crate) type FileId = (u64, u64);
