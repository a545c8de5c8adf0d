//! Whole-file helpers: [`read`], [`read_to_string`], [`read_text`] and
//! [`write`] (anyio's `Path.read_bytes`/`read_text`/`write_bytes`, tokio's
//! `fs::read`/`read_to_string`/`write`).
//!
//! A small file that is cached, on a local file system, is opened and read
//! in the task with no executor hop at all (see [`crate::nowait`]); anything
//! else is one hop that opens, reads and closes.

use std::fs;
use std::future::{Future, IntoFuture};
use std::path::{Path, PathBuf};
use std::pin::Pin;

use bytes::BytesMut;

use crate::error::{Error, Result};
use crate::executor::Executor;
use crate::fault::{FaultOp, Hook};
use crate::nowait::{self, Probe};
use crate::raw::{Nowait, Raw};
use crate::text::codec::{Codec, Errors};
use crate::text::newline::Newline;

/// Reads a whole file into a `Vec<u8>`, like `std::fs::read` and Python's
/// `Path.read_bytes()`.
///
/// # Errors
///
/// OS errors carry the path in CPython's wording:
/// `[Errno 2] No such file or directory: 'x'`, `[Errno 21] Is a directory: 'x'`.
///
/// # Examples
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let path = dir.path().join("data.bin");
/// std::fs::write(&path, b"\x00\x01\x02")?;
/// let data: Vec<u8> = afile_core::read(&path).await?;
/// assert_eq!(data, b"\x00\x01\x02");
/// # Ok(()) }
/// ```
pub fn read(path: impl AsRef<Path>) -> ReadFile {
    ReadFile { path: path.as_ref().to_path_buf(), executor: Executor::default() }
}

/// The builder returned by [`read`]; `.await` it to read the file.
#[derive(Debug)]
#[must_use = "ReadFile does nothing until awaited"]
pub struct ReadFile {
    path: PathBuf,
    executor: Executor,
}

impl ReadFile {
    /// Runs the blocking part of the read (if any) on `executor`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("x");
    /// # std::fs::write(&path, b"hi")?;
    /// let data = afile_core::read(&path).executor(afile_core::Executor::inline()).await?;
    /// assert_eq!(data, b"hi");
    /// # Ok(()) }
    /// ```
    pub fn executor(mut self, executor: Executor) -> Self {
        self.executor = executor;
        self
    }
}

impl IntoFuture for ReadFile {
    type Output = Result<Vec<u8>>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<Vec<u8>>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move { read_bytes(self.path, &self.executor).await.map(Vec::from) })
    }
}

/// Reads a whole UTF-8 file into a `String`, like `std::fs::read_to_string`:
/// no newline translation. Invalid UTF-8 is an error with Python's wording
/// (`'utf-8' codec can't decode byte 0xff in position 0: invalid start byte`).
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let path = dir.path().join("t.txt");
/// std::fs::write(&path, "caf\u{e9}\r\n")?;
/// assert_eq!(afile_core::read_to_string(&path).await?, "caf\u{e9}\r\n");
/// # Ok(()) }
/// ```
pub fn read_to_string(path: impl AsRef<Path>) -> ReadText {
    ReadText { newline: Newline::Untranslated, ..read_text(path) }
}

/// Reads a whole text file, like Python's `Path.read_text(encoding, errors)`:
/// decoded with `encoding` (default `utf-8`) and the `errors` handler
/// (default `strict`), universal newlines translated to `\n`.
///
/// # Errors
///
/// As [`read`], plus `unknown encoding: X` (after an error opening the
/// file, as Python's `open` orders them), `unknown error handler name 'X'`
/// (when a byte does not decode, as Python looks the handler up only then)
/// and decode errors in Python's wording.
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let path = dir.path().join("t.txt");
/// std::fs::write(&path, b"caf\xe9 \x81\r\n")?;
/// let text = afile_core::read_text(&path).encoding("cp1252").errors("replace").await?;
/// assert_eq!(text, "caf\u{e9} \u{fffd}\n");
/// # Ok(()) }
/// ```
pub fn read_text(path: impl AsRef<Path>) -> ReadText {
    ReadText {
        path: path.as_ref().to_path_buf(),
        encoding: "utf-8".into(),
        errors: "strict".into(),
        newline: Newline::Universal,
        executor: Executor::default(),
    }
}

/// The builder returned by [`read_text`] and [`read_to_string`]; `.await`
/// it to read the file.
#[derive(Debug)]
#[must_use = "ReadText does nothing until awaited"]
pub struct ReadText {
    path: PathBuf,
    encoding: String,
    errors: String,
    newline: Newline,
    executor: Executor,
}

impl ReadText {
    /// The codec, by any name Python accepts (`latin-1`, `cp1252`, `utf-16`…).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("t");
    /// # std::fs::write(&path, b"\xe9")?;
    /// assert_eq!(afile_core::read_text(&path).encoding("latin-1").await?, "\u{e9}");
    /// # Ok(()) }
    /// ```
    pub fn encoding(mut self, encoding: &str) -> Self {
        encoding.clone_into(&mut self.encoding);
        self
    }

    /// Python's `errors`: `strict`, `replace`, `ignore`, `backslashreplace`…
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("t");
    /// # std::fs::write(&path, b"a\xffb")?;
    /// assert_eq!(afile_core::read_text(&path).errors("ignore").await?, "ab");
    /// # Ok(()) }
    /// ```
    pub fn errors(mut self, errors: &str) -> Self {
        errors.clone_into(&mut self.errors);
        self
    }

    /// Runs the blocking part of the read (if any) on `executor`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("t");
    /// # std::fs::write(&path, "x")?;
    /// let ex = afile_core::Executor::dedicated(1);
    /// assert_eq!(afile_core::read_text(&path).executor(ex).await?, "x");
    /// # Ok(()) }
    /// ```
    pub fn executor(mut self, executor: Executor) -> Self {
        self.executor = executor;
        self
    }

    async fn run(self) -> Result<String> {
        crate::open_args::check_strings(&[&self.encoding, &self.errors])?;
        crate::file::check_no_nul(&self.path)?;
        let mut codec = match Codec::lookup(&self.encoding) {
            Ok(codec) => codec,
            Err(problem) => {
                // CPython opens the file first: its error comes first.
                let read = crate::mode::Mode::parse("r")?;
                crate::file::probe_open(&self.path, read, &self.executor).await?;
                return Err(problem);
            }
        };
        let errors = Errors::named(&self.errors);
        let bytes = read_bytes(self.path, &self.executor).await?;
        let text = match codec.utf8() {
            // The common case without a copy; invalid UTF-8 goes through the
            // codec for Python's message (or its error handler).
            Some(false) => match String::from_utf8(Vec::from(bytes)) {
                Ok(text) => text,
                Err(e) => decode(&mut codec, &e.into_bytes(), errors)?,
            },
            _ => decode(&mut codec, &bytes, errors)?,
        };
        self.newline.decode_owned(text, &mut 0)
    }
}

/// All of `bytes` decoded with `codec` (memory for text as long as the
/// bytes reserved fallibly).
fn decode(codec: &mut Codec, bytes: &[u8], errors: Errors) -> Result<String> {
    let mut out = String::new();
    crate::memory::reserve_str(&mut out, bytes.len())?;
    codec.decode(bytes, true, true, errors, &mut out)?;
    Ok(out)
}

impl IntoFuture for ReadText {
    type Output = Result<String>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<String>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}

/// Writes `data` as the whole contents of `path`, creating it (mode `0o666`
/// less the umask) or truncating it, like `std::fs::write` and Python's
/// `Path.write_bytes()`. Always one executor hop (or none with
/// [`Executor::inline`]): writes are never tried in the task.
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let path = dir.path().join("out.bin");
/// afile_core::write(&path, b"hello").await?;
/// assert_eq!(std::fs::read(&path)?, b"hello");
/// # Ok(()) }
/// ```
pub fn write(path: impl AsRef<Path>, data: impl AsRef<[u8]>) -> WriteFile {
    WriteFile {
        path: path.as_ref().to_path_buf(),
        data: data.as_ref().to_vec(),
        executor: Executor::default(),
    }
}

/// The builder returned by [`write()`]; `.await` it to write the file.
#[derive(Debug)]
#[must_use = "WriteFile does nothing until awaited"]
pub struct WriteFile {
    path: PathBuf,
    data: Vec<u8>,
    executor: Executor,
}

impl WriteFile {
    /// Runs the write on `executor`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("x");
    /// afile_core::write(&path, "text").executor(afile_core::Executor::inline()).await?;
    /// # Ok(()) }
    /// ```
    pub fn executor(mut self, executor: Executor) -> Self {
        self.executor = executor;
        self
    }
}

impl IntoFuture for WriteFile {
    type Output = Result<()>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<()>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        let Self { path, data, executor } = self;
        Box::pin(async move {
            let executor = executor.in_scope();
            let hook = executor.hook().clone();
            executor.run("write", move || write_blocking(&path, &data, hook)).await
        })
    }
}

fn write_blocking(path: &Path, data: &[u8], hook: Hook) -> Result<()> {
    hook.enter(FaultOp::Open).map_err(|e| Error::with_path(e, path))?;
    let file = fs::File::options().write(true).create(true).truncate(true).open(path);
    let file = file.map_err(|e| Error::with_path(e, path))?;
    let (raw, _) = Raw::new(file, false, Probe::default(), hook);
    let (_, res) = raw.write_all(0, data);
    res.map(drop).map_err(|e| Error::with_path(e, path))
}

/// The bytes of the file at `path`: in the task when it is cached on a local
/// file system, else the rest (or all of it) in one executor hop.
async fn read_bytes(path: PathBuf, executor: &Executor) -> Result<BytesMut> {
    let executor = &executor.clone().in_scope();
    let hook = executor.hook().clone();
    if executor.is_inline() {
        return read_blocking(&path, None, hook);
    }
    let Some((file, probe)) = nowait::open_in_task(&path, executor) else {
        return executor.run("read", move || read_blocking(&path, None, hook)).await;
    };
    let raw = Raw::new_regular(file, probe);
    let mut buf = BytesMut::new();
    if raw.reads_in_task()
        && raw.read_to_end_nowait(0, &mut buf, probe.size as usize + 1) != Nowait::WouldBlock
    {
        return Ok(buf);
    }
    executor.run("read", move || read_blocking(&path, Some((raw, buf)), hook)).await
}

/// Reads the file to its end, opening it unless `started` holds it and what
/// was read of it so far.
fn read_blocking(path: &Path, started: Option<(Raw, BytesMut)>, hook: Hook) -> Result<BytesMut> {
    let (raw, mut buf) = match started {
        Some(started) => started,
        None => {
            hook.enter(FaultOp::Open).map_err(|e| Error::with_path(e, path))?;
            let file = fs::File::open(path).map_err(|e| Error::with_path(e, path))?;
            (Raw::new(file, false, Probe::default(), hook).0, BytesMut::new())
        }
    };
    raw.read_to_end(buf.len() as u64, &mut buf).map_err(|e| Error::with_path(e, path))?;
    Ok(buf)
}
