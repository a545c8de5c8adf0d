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
//! See `docs/mapping.md` in the repository for every Python name and its
//! afile spelling.

pub use afile_core::{
    Error, Executor, File, Lines, Mode, Op, OpenFile, OpenText, Result, TextCookie, TextFile, TextLines,
    lookup_encoding, open, open_text, stderr, stderr_bytes, stdin, stdin_bytes, stdout, stdout_bytes,
};

/// Async `os` and `os.path` (`aiofiles.os`, `aiofiles.ospath`): see the
/// [`afile_os`] crate.
pub use afile_os as os;

/// Temporary files and directories (Python's `tempfile`): see the
/// [`afile_tempfile`] crate.
pub use afile_tempfile as tempfile;
