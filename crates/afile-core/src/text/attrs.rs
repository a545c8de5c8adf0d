//! The attributes of a text file (`encoding`, `errors`, `newlines`, `mode`,
//! `name`, `closed`, …) and the binary file underneath (`buffer`, `detach`).

use std::path::Path;

use super::{TextFile, line, newline};
use crate::error::Result;
use crate::file::File;

impl TextFile {
    /// The binary file underneath (CPython's `buffer` attribute).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// let f = afile_core::open_text(dir.path().join("t"), "w").await?;
    /// assert_eq!(f.buffer().mode(), "wb");
    /// # Ok(()) }
    /// ```
    pub fn buffer(&self) -> &File {
        &self.file
    }

    /// The binary file underneath, mutably: for writing bytes between
    /// pieces of text, or reaching what only `File` has.
    ///
    /// Reading or seeking through it while the text layer holds decoded
    /// text ahead leaves that text stale, as with CPython's `f.buffer`; a
    /// [`seek`](TextFile::seek) on the text file starts afresh.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let p = dir.path().join("t");
    /// let mut f = afile_core::open_text(&p, "w").await?;
    /// f.write("text ").await?;
    /// f.buffer_mut().write(b"\xff raw bytes").await?;
    /// f.close().await?;
    /// assert_eq!(std::fs::read(&p)?, b"text \xff raw bytes");
    /// # Ok(()) }
    /// ```
    pub fn buffer_mut(&mut self) -> &mut File {
        // Bytes written or a position moved through it are not checked.
        self.clean = line::Clean::default();
        &mut self.file
    }

    /// Flushes and returns the binary file, leaving the text layer unusable
    /// (CPython's `detach`). Bytes read ahead but not yet returned as text are
    /// dropped, as in CPython.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let p = dir.path().join("t");
    /// let mut t = afile_core::open_text(&p, "w").await?;
    /// t.write("text, then ").await?;
    /// let mut b = t.detach().await?;
    /// b.write(b"bytes").await?;
    /// b.close().await?;
    /// assert_eq!(std::fs::read_to_string(&p)?, "text, then bytes");
    /// # Ok(()) }
    /// ```
    pub async fn detach(mut self) -> Result<File> {
        self.write_held().await?;
        self.file.flush().await?;
        let placeholder = self.file.closed_placeholder();
        Ok(std::mem::replace(&mut self.file, placeholder))
    }

    /// The encoding name, as given to `open_text`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// let f = afile_core::open_text(dir.path().join("t"), "w").encoding("latin1").await?;
    /// assert_eq!(f.encoding(), "latin1");
    /// # Ok(()) }
    /// ```
    pub fn encoding(&self) -> &str {
        &self.encoding_name
    }

    /// The error handler name (`strict`, `replace`, …).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// let f = afile_core::open_text(dir.path().join("t"), "w").await?;
    /// assert_eq!(f.errors(), "strict");
    /// # Ok(()) }
    /// ```
    pub fn errors(&self) -> &str {
        &self.errors_name
    }

    /// The newline terminators seen so far while reading, in CPython's
    /// order `\r`, `\n`, `\r\n`: empty for CPython's `None`, one for a
    /// string, several for a tuple. Only tracked when `newline` is `None`
    /// or `""`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let p = dir.path().join("t");
    /// std::fs::write(&p, "a\r\nb\n")?;
    /// let mut f = afile_core::open_text(&p, "r").await?;
    /// f.read(None).await?;
    /// assert_eq!(f.newlines(), ["\n", "\r\n"]);
    /// # Ok(()) }
    /// ```
    pub fn newlines(&self) -> Vec<&'static str> {
        newline::seen_list(self.seen)
    }

    /// Whether writes flush at each newline (`buffering(1)`, or a terminal).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// let f = afile_core::open_text(dir.path().join("t"), "w").buffering(1).await?;
    /// assert!(f.line_buffering());
    /// # Ok(()) }
    /// ```
    pub fn line_buffering(&self) -> bool {
        self.line_buffering
    }

    /// The mode string, as given to `open_text` (CPython's `mode`).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// let f = afile_core::open_text(dir.path().join("t"), "w+").await?;
    /// assert_eq!(f.mode(), "w+");
    /// # Ok(()) }
    /// ```
    pub fn mode(&self) -> &str {
        &self.mode_name
    }

    /// The path the file was opened with.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let p = dir.path().join("t");
    /// let f = afile_core::open_text(&p, "w").await?;
    /// assert_eq!(f.name(), Some(p.as_path()));
    /// # Ok(()) }
    /// ```
    pub fn name(&self) -> Option<&Path> {
        self.file.name()
    }

    /// Whether the file is closed.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// let mut f = afile_core::open_text(dir.path().join("t"), "w").await?;
    /// f.close().await?;
    /// assert!(f.closed());
    /// # Ok(()) }
    /// ```
    pub fn closed(&self) -> bool {
        self.file.closed()
    }

    /// Whether the file was opened for reading.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// assert!(afile_core::open_text(dir.path().join("t"), "w+").await?.readable()?);
    /// # Ok(()) }
    /// ```
    pub fn readable(&self) -> Result<bool> {
        self.file.readable()
    }

    /// Whether the file was opened for writing.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// assert!(afile_core::open_text(dir.path().join("t"), "a").await?.writable()?);
    /// # Ok(()) }
    /// ```
    pub fn writable(&self) -> Result<bool> {
        self.file.writable()
    }

    /// Whether `seek` and `tell` work.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// assert!(afile_core::open_text(dir.path().join("t"), "w").await?.seekable()?);
    /// # Ok(()) }
    /// ```
    pub fn seekable(&self) -> Result<bool> {
        self.file.seekable()
    }

    /// Whether the file is a terminal.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// assert!(!afile_core::open_text(dir.path().join("t"), "w").await?.isatty()?);
    /// # Ok(()) }
    /// ```
    pub fn isatty(&self) -> Result<bool> {
        self.file.isatty()
    }

    /// The file descriptor on Unix, the file's handle on Windows (see
    /// [`Fileno`](crate::Fileno)).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// let fd: afile_core::Fileno = afile_core::open_text(dir.path().join("t"), "w").await?.fileno()?;
    /// # drop(fd); Ok(()) }
    /// ```
    pub fn fileno(&self) -> Result<crate::Fileno> {
        self.file.fileno()
    }
}
