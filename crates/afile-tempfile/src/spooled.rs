//! `SpooledTemporaryFile`: in memory until it grows past `max_size`.

use std::future::IntoFuture;
use std::io::SeekFrom;
use std::ops::{Deref, DerefMut};
use std::os::fd::RawFd;

use afile_core::{File, Result, TextFile};

use crate::builder::{Common, FileOptions, Place, TextOptions};

/// A temporary file kept in memory until its position passes `max_size`
/// (0 = never), then rolled over to a [`TemporaryFile`](crate::TemporaryFile)
/// with its contents and position, like Python's
/// `tempfile.SpooledTemporaryFile`.
///
/// The memory side is an anonymous in-memory file (`memfd_create`), so every
/// [`File`] or [`TextFile`] method works the same before and after the
/// rollover; the object derefs to the file it holds. Use this type's own
/// `write`, `writelines` and `truncate` (they shadow the file's) so the size
/// is checked; [`fileno`](SpooledTemporaryFile::fileno) rolls over first, as
/// in CPython.
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

    /// A temporary file on disk holding a copy of `memory`'s bytes.
    async fn copy_out(&self, memory: &File) -> Result<File> {
        let src = memory.as_fd()?.try_clone_to_owned()?;
        let (disk, _) = self.common.open(Place::Unnamed, self.text.is_some()).await?;
        let dst = disk.as_fd()?.try_clone_to_owned()?;
        afile_core::Executor::default()
            .run("rollover", move || {
                let mut src = std::fs::File::from(src);
                std::io::Seek::seek(&mut src, SeekFrom::Start(0))?;
                std::io::copy(&mut src, &mut std::fs::File::from(dst))
                    .map(drop)
                    .map_err(afile_core::Error::from)
            })
            .await?;
        Ok(disk)
    }
}

impl SpooledTemporaryFile<File> {
    /// Writes `data`, then rolls over if the position passed `max_size`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::builder().max_size(2).await?;
    /// f.write(b"abc").await?;
    /// assert!(f.rolled());
    /// # Ok(()) }
    /// ```
    pub async fn write(&mut self, data: &[u8]) -> Result<usize> {
        let n = self.file.write(data).await?;
        let pos = self.file.tell().await?;
        if self.over(pos) {
            self.rollover().await?;
        }
        Ok(n)
    }

    /// Writes each item, then checks the size once, as CPython.
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
        self.file.writelines(lines).await?;
        let pos = self.file.tell().await?;
        if self.over(pos) {
            self.rollover().await?;
        }
        Ok(())
    }

    /// Truncates; a size past `max_size` rolls over first, as CPython.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::builder().max_size(10).await?;
    /// f.truncate(100).await?;
    /// assert!(f.rolled());
    /// # Ok(()) }
    /// ```
    pub async fn truncate(&mut self, size: impl Into<Option<u64>>) -> Result<u64> {
        let size = size.into();
        if size.is_some_and(|s| self.over(s)) {
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
        if self.rolled {
            return Ok(());
        }
        let pos = self.file.tell().await?;
        self.file.flush().await?;
        let mut disk = self.copy_out(&self.file).await?;
        disk.seek(SeekFrom::Start(pos)).await?;
        self.file = disk;
        self.rolled = true;
        Ok(())
    }

    /// The file descriptor, after rolling over (CPython's `fileno()`).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::new().await?;
    /// assert!(f.fileno().await? >= 0);
    /// assert!(f.rolled());
    /// # Ok(()) }
    /// ```
    pub async fn fileno(&mut self) -> Result<RawFd> {
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

    /// Truncates; a size past `max_size` rolls over first.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::builder().text().await?;
    /// f.truncate(0).await?;
    /// # Ok(()) }
    /// ```
    pub async fn truncate(&mut self, size: impl Into<Option<u64>>) -> Result<u64> {
        let size = size.into();
        if size.is_some_and(|s| self.over(s)) {
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
        let disk = self.copy_out(self.file.buffer()).await?;
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

    /// The file descriptor, after rolling over.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::builder().text().await?;
    /// assert!(f.fileno().await? >= 0);
    /// # Ok(()) }
    /// ```
    pub async fn fileno(&mut self) -> Result<RawFd> {
        self.rollover().await?;
        self.file.fileno()
    }
}

impl<F> Deref for SpooledTemporaryFile<F> {
    type Target = F;
    fn deref(&self) -> &F {
        &self.file
    }
}

impl<F> DerefMut for SpooledTemporaryFile<F> {
    fn deref_mut(&mut self) -> &mut F {
        &mut self.file
    }
}

impl IntoFuture for FileOptions<SpooledTemporaryFile> {
    type Output = Result<SpooledTemporaryFile<File>>;
    type IntoFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let (file, _) = self.common.open(Place::Memory, false).await?;
            Ok(SpooledTemporaryFile { file, rolled: false, common: self.common, text: None })
        })
    }
}

impl IntoFuture for TextOptions<SpooledTemporaryFile> {
    type Output = Result<SpooledTemporaryFile<TextFile>>;
    type IntoFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let (file, _) = self.open(Place::Memory).await?;
            Ok(SpooledTemporaryFile { file, rolled: false, common: self.common.clone(), text: Some(self) })
        })
    }
}
