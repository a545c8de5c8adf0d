//! `open_text()`: the builder that opens a [`TextFile`].

use std::future::{Future, IntoFuture};
use std::path::{Path, PathBuf};
use std::pin::Pin;

use super::TextFile;
use super::codec::{Codec, Errors};
use super::newline::Newline;
use crate::error::{Error, Result};
use crate::executor::Executor;
use crate::file::open;
use crate::mode::Mode;

/// Opens a file for text I/O, like Python's `open(path, mode)` with a text
/// mode. Await the returned builder, after setting options if you like.
///
/// `mode` follows CPython's rules; the `t` may be left out; a `b` is an
/// error (binary files come from [`open`](crate::open)). Every argument is
/// checked before the file system is touched, so a bad encoding, error
/// handler, newline or buffering changes nothing.
///
/// # Errors
///
/// CPython's texts: `unknown encoding: X`, `illegal newline value: X`,
/// `can't have unbuffered text I/O`, the mode errors of `open`, and OS
/// errors with the path.
///
/// # Examples
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let path = dir.path().join("notes.txt");
/// let mut f = afile_core::open_text(&path, "w")
///     .encoding("latin-1")
///     .errors("replace")
///     .newline(Some("\r\n"))
///     .await?;
/// f.write("café ✓\n").await?;
/// f.close().await?;
/// assert_eq!(std::fs::read(&path)?, b"caf\xe9 ?\r\n");
/// # Ok(()) }
/// ```
pub fn open_text(path: impl AsRef<Path>, mode: &str) -> OpenText {
    OpenText {
        path: path.as_ref().to_path_buf(),
        mode: mode.to_owned(),
        encoding: "utf-8".into(),
        errors: "strict".into(),
        newline: None,
        buffering: -1,
        executor: Executor::default(),
    }
}

/// The builder returned by [`open_text`]; `.await` it to open the file.
#[derive(Debug)]
#[must_use = "OpenText does nothing until awaited"]
pub struct OpenText {
    path: PathBuf,
    mode: String,
    encoding: String,
    errors: String,
    newline: Option<String>,
    buffering: isize,
    executor: Executor,
}

impl OpenText {
    /// The encoding, by any name Python accepts (`utf-8` by default).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// let err = afile_core::open_text(dir.path().join("t"), "w").encoding("klingon").await.unwrap_err();
    /// assert_eq!(err.to_string(), "unknown encoding: klingon");
    /// # Ok(()) }
    /// ```
    pub fn encoding(mut self, encoding: &str) -> Self {
        self.encoding = encoding.to_owned();
        self
    }

    /// The error handler: `strict` (default), `replace`, `ignore`,
    /// `backslashreplace`, `xmlcharrefreplace` and `namereplace` (writing;
    /// reading with them fails on bad bytes, as CPython's `TypeError`),
    /// `surrogateescape`, `surrogatepass`, or a name given to
    /// [`register_error`](crate::register_error). `surrogateescape` and
    /// `surrogatepass` decode what decodes cleanly and
    /// encode as `strict` does (a Rust `&str` holds no surrogates); input
    /// that Python would decode to a lone surrogate is an error that says so,
    /// because a Rust `String` cannot hold one.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let p = dir.path().join("t");
    /// std::fs::write(&p, b"ab\xffcd")?;
    /// let mut f = afile_core::open_text(&p, "r").errors("replace").await?;
    /// assert_eq!(f.read(None).await?, "ab\u{fffd}cd");
    /// # Ok(()) }
    /// ```
    pub fn errors(mut self, errors: &str) -> Self {
        self.errors = errors.to_owned();
        self
    }

    /// CPython's `newline`: `None` (default), `Some("")`, `Some("\n")`,
    /// `Some("\r")` or `Some("\r\n")`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let p = dir.path().join("t");
    /// std::fs::write(&p, "a\r\nb")?;
    /// let mut f = afile_core::open_text(&p, "r").newline(Some("")).await?;
    /// assert_eq!(f.readline(None).await?, "a\r\n");
    /// # Ok(()) }
    /// ```
    pub fn newline(mut self, newline: Option<&str>) -> Self {
        self.newline = newline.map(str::to_owned);
        self
    }

    /// CPython's `buffering`: `-1` default, `1` line buffering, `n` a binary
    /// buffer of `n` bytes; `0` is an error in text mode.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// let err = afile_core::open_text(dir.path().join("t"), "w").buffering(0).await.unwrap_err();
    /// assert_eq!(err.to_string(), "can't have unbuffered text I/O");
    /// # Ok(()) }
    /// ```
    pub fn buffering(mut self, buffering: isize) -> Self {
        self.buffering = buffering;
        self
    }

    /// Runs this file's blocking work on `executor`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// let f = afile_core::open_text(dir.path().join("t"), "w").executor(afile_core::Executor::dedicated(1)).await?;
    /// # drop(f); Ok(()) }
    /// ```
    pub fn executor(mut self, executor: Executor) -> Self {
        self.executor = executor;
        self
    }

    async fn run(self) -> Result<TextFile> {
        Mode::parse_for(&self.mode, true, "open_text() is text, use open() for binary")?;
        crate::file::check_no_nul(&self.path)?;
        if self.buffering == 0 {
            return Err(Error::InvalidMode("can't have unbuffered text I/O".into()));
        }
        let codec = Codec::lookup(&self.encoding)?;
        let errors = Errors::parse(&self.errors)?;
        let newline = Newline::parse(self.newline.as_deref())?;
        let binary_mode: String = self.mode.chars().filter(|&c| c != 't').collect();
        let buffering = if self.buffering == 1 { -1 } else { self.buffering };
        let file = open(&self.path, &binary_mode).buffering(buffering).executor(self.executor).await?;
        let line_buffering = self.buffering == 1 || file.isatty().unwrap_or(false);
        let at_start = file.position() == 0;
        let mut text = TextFile::new(file, codec, (errors, self.errors), newline, (self.encoding, self.mode));
        text.line_buffering = line_buffering;
        text.restart_encoder(at_start);
        Ok(text)
    }
}

impl IntoFuture for OpenText {
    type Output = Result<TextFile>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<TextFile>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}
