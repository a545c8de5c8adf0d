//! Async file I/O for tokio with the surface of Python's `aiofiles`, `anyio`
//! and `tempfile`: names from Python, types from Rust, and more speed than
//! the other async file crates.
//!
//! ```
//! # #[tokio::main] async fn main() -> afile::Result<()> {
//! # let dir = tempfile::tempdir()?; let path = dir.path().join("data.bin");
//! let mut f = afile::open(&path, "w+b").await?;       // like open(path, "w+b")
//! f.write(b"hello\nworld\n").await?;
//! f.seek(std::io::SeekFrom::Start(0)).await?;
//! assert_eq!(f.readline(None).await?, "hello\n");    // served from the buffer
//! assert_eq!(f.read(None).await?, "world\n");        // None = to end of file
//! f.close().await?;
//! # Ok(()) }
//! ```
//!
//! Whole files take one call (a cached file on a local disk is read with no
//! thread-pool round trip at all):
//!
//! ```
//! # #[tokio::main] async fn main() -> afile::Result<()> {
//! # let dir = tempfile::tempdir()?; let path = dir.path().join("notes.txt");
//! afile::write(&path, "caf\u{e9}\r\n").await?;                 // Path.write_bytes
//! assert_eq!(afile::read(&path).await?, "caf\u{e9}\r\n".as_bytes()); // Path.read_bytes
//! assert_eq!(afile::read_text(&path).await?, "caf\u{e9}\n");        // Path.read_text
//! let latin = afile::read_text(&path).encoding("latin-1").await?;
//! assert_eq!(latin, "caf\u{c3}\u{a9}\n");
//! # Ok(()) }
//! ```
//!
//! See `docs/mapping.md` in the repository for every Python name and its
//! afile spelling.

pub use afile_core::{
    Error, Executor, FaultOp, File, Lines, Mode, Op, OpenFile, OpenText, PathRepr, Result, TextCookie,
    TextFile, TextLines, lookup_encoding, open, open_text, stderr, stderr_bytes, stdin, stdin_bytes, stdout,
    stdout_bytes,
};
/// Custom codec error handlers (Python's `codecs.register_error`).
pub use afile_core::{ErrorHandler, Replacement, UnicodeDecodeError, UnicodeEncodeError, register_error};
/// Whole-file helpers (anyio's `Path.read_bytes`/`read_text`/`write_bytes`,
/// tokio's `fs::read`/`read_to_string`/`write`).
pub use afile_core::{ReadFile, ReadText, WriteFile, read, read_text, read_to_string, write};

/// Python's `codecs` module without files (one-shot and incremental
/// decoding and encoding, `lookup`, error handlers): the `afile-codecs`
/// crate, shown here whole.
#[doc(inline)]
pub use afile_core::codecs;

/// Async `os` and `os.path` (`aiofiles.os`, `aiofiles.ospath`): the
/// [`afile_os`] crate, shown here whole.
#[doc(inline)]
pub use afile_os as os;

/// Files that fail on purpose and an in-memory file system, for testing
/// programs' error handling (the `testing` feature): see
/// [`afile_core::testing`] and `docs/testing.md`.
#[cfg(feature = "testing")]
#[doc(inline)]
pub use afile_core::testing;

/// Temporary files and directories (Python's `tempfile`): the
/// [`afile_tempfile`] crate, shown here whole.
#[doc(inline)]
pub use afile_tempfile as tempfile;

pub use afile_tempfile::{AtomicFile, AtomicTextFile, AtomicTextWrite, AtomicWrite, atomic_write};

/// The README's example, compiled by `cargo test --doc`.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// `docs/porting.md`, the porting guide from aiofiles, anyio and tempfile:
/// every Rust block in it is compiled and run by `cargo test --doc`. Only
/// doc tests see it, so the published crate does not need the file.
#[cfg(doctest)]
#[doc = include_str!("../../../docs/porting.md")]
pub struct PortingGuideDoctests;
