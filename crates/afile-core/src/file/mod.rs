//! The buffered binary file.
//!
//! # State
//!
//! A [`File`] is always in one of three states, and every public method
//! first brings it back to *idle*:
//!
//! * **idle** — no operation in flight. Reads inside the read window and
//!   writes that fit the write buffer complete here, in the task, with no
//!   executor hop.
//! * **busy** — one blocking operation (a fill, a write-behind, a size or a
//!   truncate) runs on the executor; its [`Op`] is kept in the `File`. If the
//!   future that started it is dropped, the operation still completes and the
//!   next method adopts its result: nothing is read twice or lost.
//! * **closed** — the descriptor is gone; every method but `close` fails with
//!   CPython's closed-file text.
//!
//! While busy with a write-behind, further writes keep filling a second buffer
//! (double buffering) until it is full.

mod close;
mod engine;
mod not_dir;
mod open;
mod probe;
mod read;
mod read1;
mod sizes;
mod sparse;
mod traits;
mod window;
mod write;

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub(crate) use not_dir::check_no_nul;
pub use open::{OpenFile, open};
pub(crate) use probe::probe_open;
pub use traits::Lines;

use crate::error::{Error, Result};
use crate::executor::{Executor, Op};
use crate::mode::Mode;
use crate::nowait::Probe;
use crate::raw::Raw;
use crate::sys;
use engine::{Done, Job};
use window::Window;

const CLOSED: &str = "I/O operation on closed file";
const CLOSED_DOT: &str = "I/O operation on closed file.";

/// The largest read-ahead and write-behind chunk in default buffering.
const MAX_CHUNK: usize = 1 << 20;

/// Which of CPython's classes this file behaves as; it decides the texts of
/// closed-file and unsupported-operation errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    /// `buffering=0`: `FileIO`.
    Raw,
    Reader,
    Writer,
    Random,
}

/// A file opened for binary I/O, buffered like CPython's `BufferedReader`,
/// `BufferedWriter` and `BufferedRandom`.
///
/// Get one with [`open`](crate::open) (or [`File::from_std`]). Small reads,
/// `readline` and [`lines`](File::lines) are served from memory inside the
/// task; only refills and flushes go to the [`Executor`]. Writes are written
/// behind: `write` returns once the bytes are in the buffer, and a failed
/// write is reported by the next `write`, `flush` or `close`.
///
/// # Resource leaking and durability
///
/// Dropping a `File` writes what is still buffered, synchronously, on the
/// dropping thread (so it works outside any runtime), then closes the
/// descriptor. Errors in that last write, and those `close(2)` reports
/// (delayed write errors of network file systems, `EBADF`), cannot be
/// reported by a drop; call [`close`](File::close) to see them.
///
/// # Cancellation
///
/// Every method is cancel-safe in the sense that matters for files: if its
/// future is dropped, the operation in flight completes in the background,
/// the file stays usable, its position is defined, and no byte is written
/// twice or skipped: a cancelled read consumed nothing; a cancelled buffered
/// write accepted nothing (bytes are accepted in the poll that returns `Ok`);
/// a cancelled unbuffered write was either handed to the OS whole or not at
/// all, and [`tell`](File::tell) says which.
///
/// # Examples
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let path = dir.path().join("log.bin");
/// let mut f = afile_core::open(&path, "w+b").await?;
/// f.write(b"first\nsecond\n").await?;
/// f.seek(std::io::SeekFrom::Start(0)).await?;
/// assert_eq!(f.readline(None).await?, "first\n");
/// assert_eq!(f.read(3).await?, "sec");
/// f.close().await?;
/// # Ok(()) }
/// ```
pub struct File {
    /// The descriptor, shared with the operation in flight; `None` once closed.
    raw: Option<Arc<Raw>>,
    /// The blocking operation in flight, if any, and whether it is a write.
    inflight: Option<(Op<Done>, Job)>,
    /// The result of the last size/truncate/sync operation.
    last_other: Option<(engine::Other, io::Result<u64>)>,
    /// Bytes read ahead.
    read: Window,
    /// Bytes accepted by `write` and not yet handed to the executor.
    wbuf: Vec<u8>,
    /// The file offset of `wbuf[0]`.
    wstart: u64,
    /// An empty buffer kept for the next write-behind.
    spare: Vec<u8>,
    /// A write that failed in the background, to report at the next
    /// `write`, `flush` or `close`. Its bytes are back at the front of `wbuf`.
    write_error: Option<io::Error>,
    /// The bytes at the front of `wbuf` are ones the last attempt could not
    /// write: a `write` that would grow `wbuf` past the buffer size first
    /// tries them again and fails if they still cannot go out (backpressure).
    stuck: bool,
    /// The logical position: where the next read or write happens.
    pos: u64,
    /// The buffer size asked for (CPython's `buffering`); 0 = unbuffered.
    buffer_size: usize,
    /// The current read-ahead / write-behind chunk.
    chunk: usize,
    /// Default buffering: the chunk grows on sequential access.
    adaptive: bool,
    class: Class,
    mode: Mode,
    name: Option<PathBuf>,
    executor: Executor,
    /// The target of a started `AsyncSeek`.
    seek_target: Option<io::SeekFrom>,
}

impl fmt::Debug for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("File")
            .field("name", &self.name)
            .field("mode", &self.mode.binary_name())
            .field("pos", &self.pos)
            .field("closed", &self.closed())
            .finish_non_exhaustive()
    }
}

/// Settings for a new [`File`]: what `open` and `from_std` know.
pub(crate) struct Setup {
    pub(crate) mode: Mode,
    pub(crate) buffering: isize,
    pub(crate) name: Option<PathBuf>,
    pub(crate) executor: Executor,
}

impl File {
    pub(crate) fn new(std: std::fs::File, setup: Setup) -> Self {
        let probe = Raw::probe(&std);
        Self::with_probe(std, setup, probe)
    }

    /// A new file whose type, device and block size are already known.
    pub(crate) fn with_probe(std: std::fs::File, setup: Setup, probe: Probe) -> Self {
        let hook = setup.executor.hook().clone();
        let raw = Raw::new(std, setup.mode.appending(), probe, hook);
        Self::with_raw(raw, setup, probe)
    }

    /// A new file just opened by its path, at offset 0.
    pub(crate) fn opened(std: std::fs::File, setup: Setup, probe: Probe) -> Self {
        let hook = setup.executor.hook().clone();
        let raw = Raw::opened(std, setup.mode.appending(), probe, hook);
        Self::with_raw(raw, setup, probe)
    }

    fn with_raw((raw, pos): (Raw, Option<u64>), setup: Setup, probe: Probe) -> Self {
        let blksize = probe.blksize as usize;
        let default_size = if blksize > 1 { blksize } else { 8192 };
        let (buffer_size, adaptive) = match setup.buffering {
            0 => (0, false),
            n if n < 0 || n == 1 => (default_size, true),
            n => (n.unsigned_abs(), false),
        };
        let class = match (buffer_size, setup.mode.readable(), setup.mode.writable()) {
            (0, _, _) => Class::Raw,
            (_, true, true) => Class::Random,
            (_, true, false) => Class::Reader,
            _ => Class::Writer,
        };
        Self {
            raw: Some(Arc::new(raw)),
            inflight: None,
            last_other: None,
            read: Window::default(),
            wbuf: Vec::new(),
            wstart: 0,
            spare: Vec::new(),
            write_error: None,
            stuck: false,
            pos: pos.unwrap_or(0),
            buffer_size,
            chunk: buffer_size.max(1),
            adaptive,
            class,
            mode: setup.mode,
            name: setup.name,
            executor: setup.executor,
            seek_target: None,
        }
    }

    /// Wraps an open std file, keeping its current position; its access mode
    /// (read, write, append) is read from the descriptor.
    ///
    /// # Errors
    ///
    /// A directory is refused, as CPython's `open(fd)` refuses one:
    /// `[Errno 21] Is a directory` (`ErrorKind::IsADirectory`). That costs
    /// one `fstat` for a read-only descriptor, none otherwise.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("x");
    /// # std::fs::write(&path, b"0123456789")?;
    /// use std::io::{Seek, SeekFrom};
    /// let mut std_file = std::fs::File::open(&path)?;
    /// std_file.seek(SeekFrom::Start(4))?;
    /// let mut f = afile_core::File::from_std(std_file)?;
    /// assert_eq!(f.read(None).await?, "456789");
    /// let err = afile_core::File::from_std(std::fs::File::open(dir.path())?).unwrap_err();
    /// assert_eq!(err.kind(), std::io::ErrorKind::IsADirectory);
    /// # Ok(()) }
    /// ```
    pub fn from_std(file: std::fs::File) -> Result<Self> {
        not_dir::check_not_dir(&file, None)?;
        let access = sys::open_flags(&file).unwrap_or(sys::Access { read: true, write: true, append: false });
        let mode = match (access.read, access.write, access.append) {
            (true, false, _) => "r",
            (false, _, true) => "a",
            (false, _, false) => "w",
            (true, _, true) => "a+",
            (true, _, false) => "r+",
        };
        let mode = Mode::parse(mode).unwrap_or_default();
        Ok(Self::new(file, Setup { mode, buffering: -1, name: None, executor: Executor::default() }))
    }

    /// Wraps an open std file with an explicit `mode` and `buffering`, like
    /// Python's `open(fd, mode, buffering)`: the mode decides what the
    /// `File` allows (it is checked as `open` checks it; `w` and `a` here do
    /// not truncate or move anything). `name` is what [`File::name`] shows.
    /// A directory is refused as in [`File::from_std`] (`[Errno 21] Is a
    /// directory: 'name'`).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("x");
    /// let std_file = std::fs::File::options().read(true).write(true).create(true).open(&path)?;
    /// let mut f = afile_core::File::wrap(std_file, "w+b", 0, Some(path.clone()))?;
    /// f.write(b"unbuffered").await?;
    /// assert_eq!(std::fs::read(&path)?, b"unbuffered");
    /// # Ok(()) }
    /// ```
    pub fn wrap(file: std::fs::File, mode: &str, buffering: isize, name: Option<PathBuf>) -> Result<Self> {
        crate::open_args::check_strings(&[mode])?;
        crate::open_args::check_buffering(buffering)?;
        let mode = Mode::parse_for(mode, false, "File::wrap is binary, use TextFile::wrap for text")?;
        not_dir::check_not_dir(&file, name.as_deref())?;
        Ok(Self::new(file, Setup { mode, buffering, name, executor: Executor::default() }))
    }

    /// Uses `executor` for this file's blocking work from now on.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// let std_file = std::fs::File::create(dir.path().join("x"))?;
    /// let f = afile_core::File::from_std(std_file)?.with_executor(afile_core::Executor::dedicated(1));
    /// # drop(f); Ok(()) }
    /// ```
    pub fn with_executor(mut self, executor: Executor) -> Self {
        if let Some(raw) = self.raw.as_mut().and_then(Arc::get_mut) {
            raw.hook = executor.hook().clone();
        }
        self.executor = executor;
        self
    }

    /// Flushes everything and returns the std file, its OS position set to
    /// this file's position.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("x");
    /// let mut f = afile_core::open(&path, "w+b").await?;
    /// f.write(b"abc").await?;
    /// let mut std_file = f.into_std().await?;
    /// use std::io::Seek;
    /// assert_eq!(std_file.stream_position()?, 3);
    /// # Ok(()) }
    /// ```
    pub async fn into_std(mut self) -> Result<std::fs::File> {
        self.flush().await?;
        let raw = self.raw.take().ok_or(Error::Closed(CLOSED))?;
        let pos = self.pos;
        let raw = Arc::try_unwrap(raw).map_err(|_| Error::Closed(CLOSED))?;
        if raw.seekable {
            use std::io::Seek;
            (&raw.file).seek(io::SeekFrom::Start(pos))?;
        }
        Ok(raw.file)
    }

    /// The path this file was opened with (`None` for [`File::from_std`]).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("x");
    /// let f = afile_core::open(&path, "wb").await?;
    /// assert_eq!(f.name(), Some(path.as_path()));
    /// # Ok(()) }
    /// ```
    pub fn name(&self) -> Option<&Path> {
        self.name.as_deref()
    }

    /// CPython's `mode` attribute of a binary file: `rb`, `rb+`, `wb`, `ab`,
    /// `ab+`, `xb` or `xb+` (`w+` shows as `rb+`, as in CPython).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// let f = afile_core::open(dir.path().join("x"), "w+").await?;
    /// assert_eq!(f.mode(), "rb+");
    /// # Ok(()) }
    /// ```
    pub fn mode(&self) -> &'static str {
        self.mode.binary_name()
    }

    /// Whether [`close`](File::close) has been called.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// let mut f = afile_core::open(dir.path().join("x"), "wb").await?;
    /// f.close().await?;
    /// assert!(f.closed());
    /// # Ok(()) }
    /// ```
    pub fn closed(&self) -> bool {
        self.raw.is_none()
    }

    /// Whether the file was opened for reading. Closed, it is an error,
    /// except for a buffered file opened only for writing, which answers
    /// `false` (CPython's `BufferedWriter.readable()`).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// let mut f = afile_core::open(dir.path().join("x"), "wb").await?;
    /// assert!(!f.readable()?);
    /// f.close().await?;
    /// assert!(!f.readable()?);
    /// # Ok(()) }
    /// ```
    pub fn readable(&self) -> Result<bool> {
        if self.class == Class::Writer {
            return Ok(false);
        }
        self.check_open(CLOSED)?;
        Ok(self.mode.readable())
    }

    /// Whether the file was opened for writing. Closed, it is an error,
    /// except for a buffered file opened only for reading, which answers
    /// `false` (CPython's `BufferedReader.writable()`).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// let f = afile_core::open(dir.path().join("x"), "ab").await?;
    /// assert!(f.writable()?);
    /// # Ok(()) }
    /// ```
    pub fn writable(&self) -> Result<bool> {
        if self.class == Class::Reader {
            return Ok(false);
        }
        self.check_open(CLOSED)?;
        Ok(self.mode.writable())
    }

    /// Whether the file supports `seek` and `tell` (false for pipes and
    /// terminals).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// let f = afile_core::open(dir.path().join("x"), "wb").await?;
    /// assert!(f.seekable()?);
    /// # Ok(()) }
    /// ```
    pub fn seekable(&self) -> Result<bool> {
        Ok(self.raw_ref(CLOSED)?.seekable)
    }

    /// Whether the file is a terminal.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// let f = afile_core::open(dir.path().join("x"), "wb").await?;
    /// assert!(!f.isatty()?);
    /// # Ok(()) }
    /// ```
    pub fn isatty(&self) -> Result<bool> {
        use std::io::IsTerminal;
        Ok(self.raw_ref(CLOSED)?.file.is_terminal())
    }

    /// The file descriptor on Unix, the file's handle on Windows (see
    /// [`Fileno`](crate::Fileno)).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// let f = afile_core::open(dir.path().join("x"), "wb").await?;
    /// let fd: afile_core::Fileno = f.fileno()?;
    /// # drop(fd); Ok(()) }
    /// ```
    pub fn fileno(&self) -> Result<sys::Fileno> {
        Ok(sys::fileno(&self.raw_ref(CLOSED)?.file))
    }

    /// A new std file on the same open file (`dup` on Unix,
    /// `DuplicateHandle` on Windows), for blocking work elsewhere. Bytes
    /// still buffered here are not in the file yet: `flush` first.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// let mut f = afile_core::open(dir.path().join("x"), "wb").await?;
    /// f.write(b"abc").await?;
    /// f.flush().await?;
    /// let std_file = f.try_clone_std()?;
    /// assert_eq!(std_file.metadata()?.len(), 3);
    /// # Ok(()) }
    /// ```
    pub fn try_clone_std(&self) -> Result<std::fs::File> {
        Ok(self.raw_ref(CLOSED)?.file.try_clone()?)
    }

    /// The std file inside, unless closed (for the platform's descriptor
    /// and handle traits).
    pub(crate) fn std_file(&self) -> Result<&std::fs::File> {
        Ok(&self.raw_ref(CLOSED)?.file)
    }

    /// The executor this file's blocking work runs on.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// let f = afile_core::open(dir.path().join("x"), "wb").await?;
    /// let same = f.executor().clone();
    /// # drop(same); Ok(()) }
    /// ```
    pub fn executor(&self) -> &Executor {
        &self.executor
    }

    #[inline]
    /// The logical position (for the text layer).
    pub(crate) fn position(&self) -> u64 {
        self.pos
    }

    fn raw_ref(&self, closed_text: &'static str) -> Result<&Arc<Raw>> {
        match &self.raw {
            Some(raw) => Ok(raw),
            None => Err(Error::Closed(closed_text)),
        }
    }

    #[inline]
    fn check_open(&self, closed_text: &'static str) -> Result<()> {
        self.raw_ref(closed_text).map(|_| ())
    }

    /// CPython's checks for a read method: buffered classes say which method
    /// is unsupported before they check for closed; `FileIO` checks first.
    #[inline]
    fn check_read(&self, closed_text: &'static str, method: &'static str) -> Result<()> {
        if self.class == Class::Raw {
            self.check_open(CLOSED)?;
            return match self.mode.readable() {
                true => Ok(()),
                false => Err(Error::Unsupported("File not open for reading")),
            };
        }
        if !self.mode.readable() {
            return Err(Error::Unsupported(method));
        }
        self.check_open(closed_text)
    }

    /// CPython's checks for a write method (see [`File::check_read`]).
    #[inline]
    fn check_write(&self, closed_text: &'static str) -> Result<()> {
        if self.class == Class::Raw {
            self.check_open(CLOSED)?;
            return match self.mode.writable() {
                true => Ok(()),
                false => Err(Error::Unsupported("File not open for writing")),
            };
        }
        if !self.mode.writable() {
            return Err(Error::Unsupported("write"));
        }
        self.check_open(closed_text)
    }

    /// The closed-file text CPython's `flush` uses for this class.
    fn flush_closed_text(&self) -> &'static str {
        match self.class {
            Class::Writer | Class::Random => "flush of closed file",
            Class::Reader | Class::Raw => CLOSED_DOT,
        }
    }
}

impl File {
    /// A closed file that holds nothing: what a [`TextFile`](crate::TextFile)
    /// leaves in its place when [`detach`](crate::TextFile::detach) hands
    /// this one out.
    pub(crate) fn closed_placeholder(&self) -> Self {
        Self {
            raw: None,
            inflight: None,
            last_other: None,
            read: Window::default(),
            wbuf: Vec::new(),
            wstart: 0,
            spare: Vec::new(),
            write_error: None,
            stuck: false,
            pos: 0,
            buffer_size: self.buffer_size,
            chunk: self.chunk,
            adaptive: false,
            class: self.class,
            mode: self.mode,
            name: None,
            executor: self.executor.clone(),
            seek_target: None,
        }
    }

    /// From a drop (of a text file holding a character back): adds `data`
    /// at the position, after the bytes this file's own drop writes, on the
    /// dropping thread as that drop writes.
    pub(crate) fn add_for_drop(&mut self, data: &[u8]) {
        if let Some((op, _)) = self.inflight.take() {
            let done = op.wait();
            let _ = self.apply(done);
        }
        let Some(raw) = self.raw.as_ref() else { return };
        if !self.wbuf.is_empty() && self.wstart + self.wbuf.len() as u64 != self.pos {
            if let (_, Err(e)) = raw.write_all(self.wstart, &self.wbuf) {
                tracing::error!(file = ?self.name, "afile: buffered bytes lost when the file was dropped: {e}");
            }
            self.wbuf.clear();
        }
        if self.wbuf.is_empty() {
            self.wstart = self.pos;
        }
        self.wbuf.extend_from_slice(data);
        self.pos += data.len() as u64;
    }
}

impl Drop for File {
    fn drop(&mut self) {
        if let Some((op, _)) = self.inflight.take() {
            let done = op.wait();
            let _ = self.apply(done);
        }
        if self.wbuf.is_empty() {
            return;
        }
        let Some(raw) = self.raw.as_ref() else { return };
        let (_, res) = raw.write_all(self.wstart, &self.wbuf);
        if let Err(e) = res {
            tracing::error!(file = ?self.name, "afile: buffered bytes lost when the file was dropped: {e}");
        }
    }
}
