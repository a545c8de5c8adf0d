//! `SpooledTemporaryFile`: in memory until it grows past `max_size`.

use std::future::{IntoFuture, poll_fn};
use std::io::SeekFrom;
use std::ops::Deref;

use afile_core::{File, Result, TextFile};

use crate::builder::{Common, FileOptions, Place, TextOptions};

mod detach;
mod forward;
mod io;
mod rollover;
mod text_tell;

use rollover::Rolling;
use text_tell::Tail;

/// A temporary file kept in memory until its position passes `max_size`
/// (0 = never), then rolled over to a [`TemporaryFile`](crate::TemporaryFile)
/// with its contents and position, like Python's
/// `tempfile.SpooledTemporaryFile`.
///
/// The memory side is an anonymous in-memory file (`memfd_create`; outside
/// Linux a nameless temporary file that the page cache holds), so every
/// [`File`] or [`TextFile`] method works the same before and after the
/// rollover. [`fileno`](SpooledTemporaryFile::fileno) rolls over first, as
/// in CPython.
///
/// # Every write is checked
///
/// Every way to write checks the size: `write`, `writelines`, `truncate`,
/// and, for the binary form, tokio's [`AsyncWrite`](tokio::io::AsyncWrite) (so `tokio::io::copy`
/// into a spooled file rolls over). The binary form checks *before* writing:
/// a write that would take the position past `max_size` rolls over first,
/// so the memory side never holds more than `max_size` bytes (the outcome is
/// CPython's: rolled over once the position passed `max_size`). The text
/// form checks after each write, as CPython, since the encoded size is known
/// only then.
///
/// The object derefs to `&F` only, for the questions that change nothing
/// (`name`, `mode`, `closed`, `readable`, …). There is no `DerefMut`: a
/// mutable file inside would let a write skip the check. Reading, seeking,
/// `flush`, `close` and `lines` are methods of this type that forward to the
/// file; anything else that needs the file mutably is behind
/// [`on_disk_mut`](SpooledTemporaryFile::on_disk_mut), which rolls over
/// first (on disk there is no size left to watch).
///
/// ```compile_fail
/// # async fn f(spooled: &mut afile_tempfile::SpooledTemporaryFile) {
/// let mut body: &[u8] = &[0; 3_000_000];
/// // No DerefMut: the inner file cannot be written past the check.
/// tokio::io::copy(&mut body, &mut **spooled).await;
/// # }
/// ```
///
/// The spooled file itself is tokio's `AsyncWrite`, so this is the way:
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// let mut spooled = afile_tempfile::SpooledTemporaryFile::builder().max_size(1 << 20).await?;
/// let mut body: &[u8] = &[0; 3_000_000];
/// tokio::io::copy(&mut body, &mut spooled).await?;
/// assert!(spooled.rolled());
/// # Ok(()) }
/// ```
///
/// # Examples
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// let mut f = afile_tempfile::SpooledTemporaryFile::builder().max_size(10).await?;
/// f.write(b"0123456789").await?;
/// assert!(!f.rolled());
/// f.write(b"A").await?;
/// assert!(f.rolled()); // now on disk, same contents and position
/// f.seek(std::io::SeekFrom::Start(0)).await?;
/// assert_eq!(f.read(None).await?, "0123456789A");
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct SpooledTemporaryFile<F = File> {
    file: F,
    rolled: bool,
    common: Common,
    text: Option<TextOptions<SpooledTemporaryFile>>,
    /// A rollover under way (binary form): the copy on disk being made.
    /// The memory file is not written while it runs, so dropping it (with
    /// the object, or by [`abandon`](Rolling)) loses nothing.
    rolling: Option<Rolling>,
    /// A seek started through [`AsyncSeek`] while a rollover was under way,
    /// for the file that results.
    seek: Option<SeekFrom>,
    /// The text form: what was last read, for `tell`.
    tail: Tail,
}

impl SpooledTemporaryFile {
    /// A new spooled file with CPython's defaults (`max_size` 0: never rolls
    /// over by size).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let f = afile_tempfile::SpooledTemporaryFile::new().await?;
    /// assert!(!f.rolled());
    /// # Ok(()) }
    /// ```
    pub async fn new() -> Result<Self> {
        Self::builder().await
    }

    /// A builder with CPython's parameters (see [`FileOptions`]) and
    /// [`max_size`](FileOptions::max_size).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let f = afile_tempfile::SpooledTemporaryFile::builder().max_size(1 << 20).text().await?;
    /// # drop(f); Ok(()) }
    /// ```
    pub fn builder() -> FileOptions<SpooledTemporaryFile> {
        FileOptions::default()
    }
}

impl FileOptions<SpooledTemporaryFile> {
    /// Roll over to disk once the position passes this many bytes
    /// (default 0: never).
    ///
    /// ```
    /// let b = afile_tempfile::SpooledTemporaryFile::builder().max_size(4096);
    /// ```
    pub fn max_size(mut self, max_size: usize) -> Self {
        self.common.max_size = max_size;
        self
    }
}

impl<F> SpooledTemporaryFile<F> {
    /// Whether the data has moved to a file on disk.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::new().await?;
    /// f.rollover().await?;
    /// assert!(f.rolled());
    /// # Ok(()) }
    /// ```
    pub fn rolled(&self) -> bool {
        self.rolled
    }

    fn over(&self, pos: u64) -> bool {
        self.common.max_size > 0 && !self.rolled && pos > self.common.max_size as u64
    }

    /// CPython's `truncate(size)` rolls over whenever `size > max_size`,
    /// even when `max_size` is 0 (unlike writes, which never roll over then).
    fn truncate_rolls(&self, size: u64) -> bool {
        !self.rolled && size > self.common.max_size as u64
    }
}

impl SpooledTemporaryFile<File> {
    /// Writes `data`; rolls over first if the position would pass
    /// `max_size`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::builder().max_size(2).await?;
    /// f.write(b"abc").await?;
    /// assert!(f.rolled());
    /// # Ok(()) }
    /// ```
    pub async fn write(&mut self, data: &[u8]) -> Result<usize> {
        poll_fn(|cx| self.poll_make_room(cx, data.len())).await?;
        self.file.write(data).await
    }

    /// Writes each item in turn; rolls over first if the position would
    /// pass `max_size` (the outcome CPython reaches by checking once after).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::new().await?;
    /// f.writelines([b"a", b"b"]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn writelines<I>(&mut self, lines: I) -> Result<()>
    where
        I: IntoIterator,
        I::Item: AsRef<[u8]>,
    {
        let lines: Vec<I::Item> = lines.into_iter().collect();
        let len = lines.iter().map(|l| l.as_ref().len()).sum();
        poll_fn(|cx| self.poll_make_room(cx, len)).await?;
        self.file.writelines(lines).await
    }

    /// Truncates; a size past `max_size` rolls over first, as CPython,
    /// even with `max_size` 0 (which writes never roll over).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::builder().max_size(10).await?;
    /// f.truncate(100).await?;
    /// assert!(f.rolled());
    /// let mut g = afile_tempfile::SpooledTemporaryFile::new().await?; // max_size 0
    /// g.truncate(0).await?;
    /// assert!(!g.rolled());
    /// g.truncate(1).await?;
    /// assert!(g.rolled());
    /// # Ok(()) }
    /// ```
    pub async fn truncate(&mut self, size: impl Into<Option<u64>>) -> Result<u64> {
        let size = size.into();
        self.settle().await?;
        if size.is_some_and(|s| self.truncate_rolls(s)) {
            self.rollover().await?;
        }
        self.file.truncate(size).await
    }

    /// Moves the data to a file on disk now (once; later calls do nothing).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::new().await?;
    /// f.write(b"kept").await?;
    /// f.rollover().await?;
    /// assert_eq!(f.tell().await?, 4);
    /// # Ok(()) }
    /// ```
    pub async fn rollover(&mut self) -> Result<()> {
        poll_fn(|cx| self.poll_rollover(cx)).await
    }

    /// Rolls over, then gives the file on disk mutably: for what this type
    /// does not forward (with the data on disk there is no size to watch).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::new().await?;
    /// f.write(b"durable").await?;
    /// f.on_disk_mut().await?.sync_all().await?;
    /// assert!(f.rolled());
    /// # Ok(()) }
    /// ```
    pub async fn on_disk_mut(&mut self) -> Result<&mut File> {
        self.rollover().await?;
        Ok(&mut self.file)
    }

    /// CPython's `mode`: the constructor's mode (`w+b` by default) until
    /// the rollover, then the disk file's (`rb+` for `w+b`).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::new().await?;
    /// assert_eq!(f.mode(), "w+b");
    /// f.rollover().await?;
    /// assert_eq!(f.mode(), "rb+");
    /// # Ok(()) }
    /// ```
    pub fn mode(&self) -> &str {
        if self.rolled { self.file.mode() } else { &self.common.mode }
    }

    /// The file descriptor, after rolling over (CPython's `fileno()`).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::new().await?;
    /// let _fd: afile_core::Fileno = f.fileno().await?;
    /// assert!(f.rolled());
    /// # Ok(()) }
    /// ```
    pub async fn fileno(&mut self) -> Result<afile_core::Fileno> {
        self.rollover().await?;
        self.file.fileno()
    }
}

impl SpooledTemporaryFile<TextFile> {
    /// Writes `s`, then rolls over if the position passed `max_size` bytes.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::builder().max_size(10).text().await?;
    /// f.write("héllo").await?;
    /// assert!(!f.rolled());
    /// f.write("wörld!").await?;
    /// assert!(f.rolled());
    /// # Ok(()) }
    /// ```
    pub async fn write(&mut self, s: &str) -> Result<usize> {
        let n = self.file.write(s).await?;
        self.check().await?;
        Ok(n)
    }

    /// Writes each string, then checks the size once.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::new().await?;
    /// # let mut f = afile_tempfile::SpooledTemporaryFile::builder().text().await?;
    /// f.writelines(["a", "b"]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn writelines<I>(&mut self, lines: I) -> Result<()>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        self.file.writelines(lines).await?;
        self.check().await
    }

    /// Truncates; a size past `max_size` rolls over first, even with
    /// `max_size` 0, as CPython.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::builder().text().await?;
    /// f.truncate(0).await?;
    /// assert!(!f.rolled());
    /// # Ok(()) }
    /// ```
    pub async fn truncate(&mut self, size: impl Into<Option<u64>>) -> Result<u64> {
        let size = size.into();
        if size.is_some_and(|s| self.truncate_rolls(s)) {
            self.rollover().await?;
        }
        self.file.truncate(size).await
    }

    async fn check(&mut self) -> Result<()> {
        let pos = self.file.tell().await?.byte_offset().unwrap_or(0);
        if self.over(pos) {
            self.rollover().await?;
        }
        Ok(())
    }

    /// Moves the data to a file on disk now, keeping the text position.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::builder().text().await?;
    /// f.write("kept").await?;
    /// f.rollover().await?;
    /// f.seek(std::io::SeekFrom::Start(0)).await?;
    /// assert_eq!(f.read(None).await?, "kept");
    /// # Ok(()) }
    /// ```
    pub async fn rollover(&mut self) -> Result<()> {
        if self.rolled {
            return Ok(());
        }
        let cookie = self.file.tell().await?;
        self.file.flush().await?;
        let src = self.file.buffer().try_clone_std()?;
        let disk = self.start_copy(src, None).0.await?;
        let settings = self
            .text
            .clone()
            .ok_or_else(|| afile_core::Error::InvalidArgument("text settings lost".into()))?;
        let mut text = settings.wrap_again(disk, self.file.line_buffering())?;
        text.seek_cookie(cookie).await?;
        self.file = text;
        self.rolled = true;
        Ok(())
    }

    /// CPython's `mode`: the constructor's mode (`w+` by default), before
    /// and after the rollover.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::builder().text().await?;
    /// assert_eq!(f.mode(), "w+");
    /// f.rollover().await?;
    /// assert_eq!(f.mode(), "w+");
    /// # Ok(()) }
    /// ```
    pub fn mode(&self) -> &str {
        // CPython's disk file is `open(mode="w+")`, whose mode is the same.
        &self.common.mode
    }

    /// Rolls over, then gives the text file on disk mutably: for what this
    /// type does not forward.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::builder().text().await?;
    /// f.write("on disk").await?;
    /// let text: &mut afile_core::TextFile = f.on_disk_mut().await?;
    /// text.flush().await?;
    /// assert!(f.rolled());
    /// # Ok(()) }
    /// ```
    pub async fn on_disk_mut(&mut self) -> Result<&mut TextFile> {
        self.rollover().await?;
        Ok(&mut self.file)
    }

    /// The file descriptor, after rolling over.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::builder().text().await?;
    /// let _fd: afile_core::Fileno = f.fileno().await?;
    /// # Ok(()) }
    /// ```
    pub async fn fileno(&mut self) -> Result<afile_core::Fileno> {
        self.rollover().await?;
        self.file.fileno()
    }
}

/// Read-only: the questions that change nothing (`name`, `mode`,
/// `closed`, …). There is no `DerefMut` (see the type's docs).
impl<F> Deref for SpooledTemporaryFile<F> {
    type Target = F;
    fn deref(&self) -> &F {
        &self.file
    }
}

impl IntoFuture for FileOptions<SpooledTemporaryFile> {
    type Output = Result<SpooledTemporaryFile<File>>;
    type IntoFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let (file, _) = self.common.open(Place::Memory, false).await?;
            Ok(SpooledTemporaryFile {
                file,
                rolled: false,
                common: self.common,
                text: None,
                rolling: None,
                seek: None,
                tail: Tail::Start,
            })
        })
    }
}

impl IntoFuture for TextOptions<SpooledTemporaryFile> {
    type Output = Result<SpooledTemporaryFile<TextFile>>;
    type IntoFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let (file, _) = self.open(Place::Memory).await?;
            Ok(SpooledTemporaryFile {
                file,
                rolled: false,
                common: self.common.clone(),
                text: Some(self),
                rolling: None,
                seek: None,
                tail: Tail::Start,
            })
        })
    }
}
