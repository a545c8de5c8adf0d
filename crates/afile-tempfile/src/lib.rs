//! Temporary files and directories for tokio, with the surface of Python's
//! `tempfile`: [`TemporaryFile`], [`NamedTemporaryFile`],
//! [`SpooledTemporaryFile`], [`TemporaryDirectory`], [`mkstemp`],
//! [`mkdtemp`], [`gettempdir`], [`gettempdirb`] and [`gettempprefix`].
//!
//! Each constructor has `X::new().await` (CPython's defaults) and
//! `X::builder()` (CPython's parameters); `.await` gives the binary form, a
//! [`File`](afile_core::File) inside, and `.text()` the text form, a
//! [`TextFile`](afile_core::TextFile) inside. A temp object derefs to the
//! file it holds and owns its cleanup. (A [`SpooledTemporaryFile`] derefs
//! read-only, so that no write skips its size check.) The binary forms are
//! tokio's `AsyncRead`, `AsyncBufRead`, `AsyncWrite` and `AsyncSeek`.
//!
//! [`atomic_write`] and [`AtomicWrite`] replace a file atomically: written
//! to a nameless (`O_TMPFILE`) file in the target's directory, `fsync`ed,
//! renamed over the target, the directory `fsync`ed.
//!
//! # Security
//!
//! Files are created 0600 and directories 0700, with `O_EXCL` under random
//! names from the kernel's CSPRNG (`getrandom(2)`), retried on collision up
//! to CPython's `TMP_MAX`; `O_NOFOLLOW` means a symlink planted at a would-be
//! name is never followed. `TemporaryFile` uses `O_TMPFILE` where the kernel
//! has it, so it never has a name at all. A `prefix` or `suffix` containing
//! NUL is refused before anything is created.
//!
//! A `/` in `prefix` or `suffix` works as in CPython: `prefix("logs/app-")`
//! creates `logs/app-XXXXXXXX` inside `dir` (0600, and a missing `logs`
//! is `[Errno 2] No such file or directory`), and `mkdtemp().suffix("/")`
//! gives a plain directory name. It is also how a name escapes `dir`:
//! `prefix("../x")` creates in the parent of `dir`, and `prefix("/etc/x")`
//! ignores `dir` altogether (CPython joins with `os.path.join`, which
//! does the same). Never build a prefix or suffix from untrusted input.
//!
//! ```
//! # #[tokio::main] async fn main() -> afile_core::Result<()> {
//! let dir = afile_tempfile::TemporaryDirectory::new().await?;
//! std::fs::create_dir(dir.path().join("logs"))?;
//! let (_f, path) = afile_tempfile::mkstemp().dir(dir.path()).prefix("logs/app-").await?;
//! assert_eq!(path.parent(), Some(dir.path().join("logs").as_path()));
//! let escaped = afile_tempfile::mkdtemp().dir(dir.path().join("logs")).prefix("../up-").await?;
//! assert_eq!(escaped.parent(), Some(dir.path())); // outside `dir`
//! # Ok(()) }
//! ```
//!
//! # Resource leaking
//!
//! Cleanup happens on `close` (as CPython 3.12 decides), on drop —
//! synchronously, so it works outside a runtime and after the runtime has
//! shut down — and therefore on panic and on cancellation. A constructor
//! whose future is dropped half-way removes what it already created. Only
//! `kill -9` can leave a named file behind; `TemporaryFile` leaves nothing
//! even then.
//!
//! ```
//! # #[tokio::main] async fn main() -> afile_core::Result<()> {
//! use afile_tempfile::{NamedTemporaryFile, TemporaryDirectory};
//!
//! let dir = TemporaryDirectory::new().await?;
//! let mut f = NamedTemporaryFile::builder().dir(dir.path()).suffix(".txt").text().await?;
//! f.write("hello\n").await?;          // a TextFile inside
//! f.flush().await?;
//! assert_eq!(std::fs::read_to_string(f.path())?, "hello\n");
//! # Ok(()) }
//! ```

mod abspath;
mod atomic;
mod builder;
mod close;
mod create;
mod dir;
mod env;
mod io;
mod mk;
mod named;
mod names;
mod persist;
mod remove;
mod reserve;
mod spooled;
mod sys;
mod unnamed;

pub use atomic::{AtomicFile, AtomicTextFile, AtomicTextWrite, AtomicWrite, atomic_write};
pub use builder::{DirOptions, FileOptions, TextOptions};
pub use close::TempFileInner;
pub use dir::TemporaryDirectory;
pub use env::{gettempdir, gettempdirb, gettempprefix, set_tempdir, tempdir};
pub use mk::{Mkdtemp, Mkstemp, mkdtemp, mkstemp};
pub use named::NamedTemporaryFile;
pub use persist::PersistError;
pub use spooled::SpooledTemporaryFile;
pub use unnamed::TemporaryFile;

/// The README's example, compiled by `cargo test --doc`.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
