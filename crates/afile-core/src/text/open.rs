//! `open_text()`: the builder that opens a [`TextFile`].

use std::future::{Future, IntoFuture};
use std::path::{Path, PathBuf};
use std::pin::Pin;

use super::TextFile;
use super::codec::Errors;
use crate::error::{Error, Result};
use crate::executor::Executor;
use crate::file::open;
use crate::mode::Mode;

/// Opens a file for text I/O, like Python's `open(path, mode)` with a text
/// mode. Await the returned builder, after setting options if you like.
///
/// `mode` follows CPython's rules; the `t` may be left out; a `b` is an
/// error (binary files come from [`open`](crate::open)). A bad encoding,
/// newline or buffering changes nothing on disk (CPython's `open` has
/// created or truncated the file by then).
///
/// # Errors
///
/// CPython's texts, in CPython's order: `embedded null character` (a NUL
/// in the mode, encoding, error handler or newline), `Python int too large
/// to convert to C int` (a `buffering` beyond a C `int`), the mode errors
/// of `open`, `embedded null byte` (the path), then what opening the file
/// reports (`[Errno 17] File exists: 'x'` before any of the following),
/// then `can't have unbuffered text I/O`, `illegal newline value: X` and
/// `unknown encoding: X`. An unknown error handler name is accepted, as in
/// CPython, and fails with `unknown error handler name 'X'` when a codec
/// first needs it.
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
    /// [`register_error`](crate::register_error) (before or after the
    /// open: as in Python, a name is looked up when a codec first needs a
    /// handler, and a name nothing is registered under fails then with
    /// `unknown error handler name 'X'`). `surrogateescape` and
    /// `surrogatepass` decode what decodes cleanly and
    /// encode as `strict` does (a Rust `&str` holds no surrogates); a read
    /// whose text would need a lone surrogate is an error that says so,
    /// because a Rust `String` cannot hold one (the reads before it return
    /// the text before those bytes).
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

    /// CPython's order: the string arguments and `buffering` as they are
    /// parsed, the mode, the path; then the open, and only then
    /// `buffering=0`, `newline` and `encoding`. afile does not open for
    /// real before those are known to be good: it finds out what the open
    /// would report, reports that first, and creates or truncates nothing.
    async fn run(self) -> Result<TextFile> {
        crate::open_args::check_strings(&[&self.mode])?;
        crate::open_args::check_buffering(self.buffering)?;
        let newline_arg = self.newline.as_deref().unwrap_or("");
        crate::open_args::check_strings(&[&self.encoding, &self.errors, newline_arg])?;
        let mode = Mode::parse_for(&self.mode, true, "open_text() is text, use open() for binary")?;
        crate::file::check_no_nul(&self.path)?;
        let settings = match self.buffering {
            0 => Err(Error::InvalidMode("can't have unbuffered text I/O".into())),
            _ => TextFile::settings(&self.encoding, self.newline.as_deref()),
        };
        let (codec, newline) = match settings {
            Ok(settings) => settings,
            Err(problem) => {
                crate::file::probe_open(&self.path, mode, &self.executor).await?;
                return Err(problem);
            }
        };
        // An error handler is looked up when a codec first needs it.
        let errors = Errors::named(&self.errors);
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
