//! Async versions of Python's `os` and `os.path` file functions (the
//! `aiofiles.os` and `aiofiles.ospath` set, and then some), for tokio.
//!
//! Each function is the async twin of its Python namesake: required Python
//! parameters are positional, a single optional one takes
//! `impl Into<Option<T>>`, and results use Rust's types ([`Metadata`],
//! [`PathBuf`], [`OsString`]). Each runs as one closure on afile's
//! [`Executor`]; directory listings fetch many entries per hop. Errors keep
//! their [`std::io::ErrorKind`] and print as CPython prints them, paths
//! included: `[Errno 2] No such file or directory: 'x'`.
//!
//! ```
//! # #[tokio::main] async fn main() -> afile_core::Result<()> {
//! # let dir = tempfile::tempdir()?; let root = dir.path();
//! use afile_os as os;
//! os::makedirs(root.join("a/b"), None, false).await?;
//! os::rename(root.join("a/b"), root.join("a/c")).await?;
//! assert_eq!(os::listdir(root.join("a")).await?, ["c"]);
//! assert!(os::path::isdir(root.join("a/c")).await);
//! # Ok(()) }
//! ```
//!
//! [`Metadata`]: std::fs::Metadata
//! [`PathBuf`]: std::path::PathBuf
//! [`OsString`]: std::ffi::OsString
//! [`Executor`]: afile_core::Executor

mod access;
mod copy;
mod dirs;
#[cfg(test)]
mod flavour_cases;
mod genericpath;
// The lexical `os.path` rules of this platform, as CPython's `os.path`:
// `posixpath` on Unix, `ntpath` on Windows. (Chosen here, at the crate's
// wiring, so that the platform seam below names no module above it.)
#[cfg(windows)]
use ntpath as flavour;
#[cfg(unix)]
use posixpath as flavour;
mod links;
pub mod ntpath;
mod nul;
pub mod path;
pub mod posixpath;
mod pystr;
mod scandir;
mod stat;
mod sync;
mod sys;
mod walk;

pub use access::{AccessMode, F_OK, R_OK, W_OK, X_OK, access};
pub use copy::copyfile;
pub use dirs::{getcwd, listdir, makedirs, mkdir, removedirs, rmdir};
pub use links::{link, readlink, remove, rename, renames, replace, symlink, unlink};
pub use scandir::{DirEntry, ScanDir, scandir};
pub use stat::{chmod, lstat, stat, utime};
pub use sync::{SyncTarget, fsync};
#[allow(unused_imports)] // on some platforms it holds trait impls only
pub use sys::api::*;
pub use walk::{Walk, WalkEntry, walk};

use afile_core::{Executor, FaultOp, Result};

/// Runs one blocking call on the default executor, after its fault point
/// (`Rename` for the rename family, `Os` for the rest; see
/// `afile_core::testing`).
pub(crate) async fn blocking<T, F>(name: &'static str, work: F) -> Result<T>
where
    F: FnOnce() -> Result<T> + Send + 'static,
    T: Send + 'static,
{
    let executor = Executor::default();
    let point = match name {
        "rename" | "renames" | "replace" => FaultOp::Rename,
        _ => FaultOp::Os,
    };
    let hook = executor.clone();
    executor
        .run(name, move || {
            hook.fault_point(point)?;
            work()
        })
        .await
}

/// The README's example, compiled by `cargo test --doc`.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
