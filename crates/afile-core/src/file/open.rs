//! `open()`: the builder that opens a binary [`File`].

use std::future::{Future, IntoFuture};
use std::io::{Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::pin::Pin;

use super::{File, Setup};
use crate::error::{Error, Result};
use crate::executor::Executor;
use crate::mode::Mode;
use crate::nowait::{self, Probe};
use crate::sys;

/// Opens a file for binary I/O, like Python's `open(path, mode)` with a `b`
/// mode. Await the returned builder, after setting options if you like.
///
/// `mode` follows CPython's rules (`r w x a` with an optional `+`; the `b` may
/// be left out). A `t` is an error: text files come from `open_text`.
///
/// # Errors
///
/// CPython's texts: `invalid mode: 'rr'`, `must have exactly one of
/// create/read/write/append mode`, and OS errors with the path, such as
/// `[Errno 2] No such file or directory: 'x'`. A bad mode is reported
/// before anything touches the file system, and so is a path with a NUL
/// byte (CPython's `ValueError: embedded null byte`). A directory is
/// `[Errno 21] Is a directory: 'path'` whatever the mode, as CPython's
/// `FileIO` refuses it.
///
/// # Examples
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let path = dir.path().join("data.bin");
/// let mut f = afile_core::open(&path, "wb").buffering(64 * 1024).await?;
/// f.write(b"\x00\x01").await?;
/// f.close().await?;
/// let mut f = afile_core::open(&path, "rb").await?;
/// assert_eq!(f.read(None).await?, &b"\x00\x01"[..]);
/// # Ok(()) }
/// ```
pub fn open(path: impl AsRef<Path>, mode: &str) -> OpenFile {
    OpenFile {
        path: path.as_ref().to_path_buf(),
        mode: mode.to_owned(),
        buffering: -1,
        executor: Executor::default(),
    }
}

/// The builder returned by [`open`]; `.await` it to open the file.
#[derive(Debug)]
#[must_use = "OpenFile does nothing until awaited"]
pub struct OpenFile {
    path: PathBuf,
    mode: String,
    buffering: isize,
    executor: Executor,
}

impl OpenFile {
    /// CPython's `buffering`: `-1` (the default) picks the file system's block
    /// size and lets read-ahead and write-behind grow on sequential access;
    /// `0` is unbuffered; `n > 1` is a buffer of `n` bytes. (`1`, line
    /// buffering, only means something for text and acts as `-1` here, as
    /// in CPython.)
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// let f = afile_core::open(dir.path().join("x"), "wb").buffering(0).await?;
    /// # drop(f); Ok(()) }
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
    /// let ex = afile_core::Executor::dedicated(1);
    /// let f = afile_core::open(dir.path().join("x"), "wb").executor(ex).await?;
    /// # drop(f); Ok(()) }
    /// ```
    pub fn executor(mut self, executor: Executor) -> Self {
        self.executor = executor;
        self
    }

    async fn run(self) -> Result<File> {
        crate::open_args::check_strings(&[&self.mode])?;
        crate::open_args::check_buffering(self.buffering)?;
        let mode = Mode::parse_for(&self.mode, false, "open() is binary, use open_text() for text")?;
        super::not_dir::check_no_nul(&self.path)?;
        let executor = self.executor.in_scope();
        let setup = Setup { mode, buffering: self.buffering, name: Some(self.path), executor };
        if let Some((file, probe)) = open_in_task(&setup) {
            return Ok(File::opened(file, setup, probe));
        }
        let executor = setup.executor.clone();
        executor.run("open", move || open_blocking(setup)).await
    }
}

/// A read-only open, in the task when the kernel promises it cannot block
/// (see [`nowait::open_in_task`]). Opens that write, create or truncate
/// always hop: a write open can start a journal transaction or read quota.
fn open_in_task(setup: &Setup) -> Option<(std::fs::File, Probe)> {
    let plain_read = setup.mode.readable() && !setup.mode.writable();
    if !plain_read || setup.executor.is_inline() {
        return None;
    }
    nowait::open_in_task(setup.name.as_deref()?, &setup.executor)
}

fn open_blocking(setup: Setup) -> Result<File> {
    let path = setup.name.as_deref().unwrap_or(Path::new(""));
    setup.executor.fault_point(crate::FaultOp::Open).map_err(|e| Error::with_path(e, path))?;
    let opened = setup.mode.open_options().open(path);
    let mut file = opened.map_err(|e| Error::with_path(sys::open_error(e), path))?;
    let probe = crate::raw::Raw::probe(&file);
    // A directory cannot be opened for writing; a regular file is none.
    if !setup.mode.writable() && !probe.regular {
        super::not_dir::check_not_dir(&file, Some(path))?;
    }
    if setup.mode.appending() {
        // CPython starts an appending file at its end.
        file.seek(SeekFrom::End(0)).map_err(|e| Error::with_path(e, path))?;
    }
    Ok(File::opened(file, setup, probe))
}

impl IntoFuture for OpenFile {
    type Output = Result<File>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<File>> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.run())
    }
}
