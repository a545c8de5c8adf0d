//! The standard streams as afile files.
//!
//! Each call wraps a duplicate of descriptor 0, 1 or 2 (of the standard
//! handle, on Windows), so dropping or
//! closing the afile file never closes the process's own stream. As in
//! CPython: text streams are UTF-8 with universal newlines; `stdout` is line
//! buffered when it is a terminal and `stderr` always is; `stderr` uses the
//! `backslashreplace` error handler.

use crate::error::Result;
use crate::file::File;
use crate::sys::{self, Stdio};
use crate::text::TextFile;

fn dup(which: Stdio) -> Result<File> {
    File::from_std(sys::dup_stdio(which)?)
}

/// Standard input as a binary [`File`] (CPython's `sys.stdin.buffer`).
///
/// ```no_run
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// let mut input = afile_core::stdin_bytes()?;
/// let everything = input.read(None).await?;
/// # drop(everything); Ok(()) }
/// ```
pub fn stdin_bytes() -> Result<File> {
    dup(Stdio::In)
}

/// Standard output as a binary [`File`] (CPython's `sys.stdout.buffer`).
/// Writes are buffered: `flush` (or drop) sends them.
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// let mut out = afile_core::stdout_bytes()?;
/// out.write(b"raw bytes\n").await?;
/// out.flush().await?;
/// # Ok(()) }
/// ```
pub fn stdout_bytes() -> Result<File> {
    dup(Stdio::Out)
}

/// Standard error as a binary [`File`] (CPython's `sys.stderr.buffer`).
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// let mut err = afile_core::stderr_bytes()?;
/// err.write(b"warning\n").await?;
/// err.flush().await?;
/// # Ok(()) }
/// ```
pub fn stderr_bytes() -> Result<File> {
    dup(Stdio::Err)
}

/// Standard input as UTF-8 text with universal newlines (`sys.stdin`).
///
/// ```no_run
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// let mut input = afile_core::stdin()?;
/// let first = input.readline(None).await?;
/// # drop(first); Ok(()) }
/// ```
pub fn stdin() -> Result<TextFile> {
    Ok(TextFile::standard(stdin_bytes()?, "strict", false))
}

/// Standard output as UTF-8 text (`sys.stdout`): line buffered when it is a
/// terminal, else flushed by `flush`, `close` or drop.
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// let mut out = afile_core::stdout()?;
/// out.write("hello\n").await?;
/// out.flush().await?;
/// # Ok(()) }
/// ```
pub fn stdout() -> Result<TextFile> {
    let file = stdout_bytes()?;
    let tty = file.isatty()?;
    Ok(TextFile::standard(file, "strict", tty))
}

/// Standard error as UTF-8 text (`sys.stderr`): always line buffered, with
/// `backslashreplace` errors.
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// let mut err = afile_core::stderr()?;
/// err.write("something happened\n").await?; // flushed at the newline
/// # Ok(()) }
/// ```
pub fn stderr() -> Result<TextFile> {
    Ok(TextFile::standard(stderr_bytes()?, "backslashreplace", true))
}
