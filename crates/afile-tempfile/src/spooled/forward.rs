//! The reading, seeking and closing methods of a spooled file, forwarded to
//! the file inside (there is no `DerefMut`, so that writes cannot skip the
//! size check). Each first finishes a rollover under way.

use std::io::SeekFrom;

use afile_core::{File, Lines, Result, TextCookie, TextFile, TextLines};
use bytes::Bytes;

use super::SpooledTemporaryFile;

impl SpooledTemporaryFile<File> {
    /// Reads up to `size` bytes (`None`: to end of file), as [`File::read`].
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::new().await?;
    /// f.write(b"spool").await?;
    /// f.seek(std::io::SeekFrom::Start(0)).await?;
    /// assert_eq!(f.read(2).await?, "sp");
    /// assert_eq!(f.read(None).await?, "ool");
    /// # Ok(()) }
    /// ```
    pub async fn read(&mut self, size: impl Into<Option<usize>>) -> Result<Bytes> {
        self.settle().await?;
        self.file.read(size).await
    }

    /// Reads to end of file, as [`File::readall`].
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::new().await?;
    /// f.write(b"all").await?;
    /// f.seek(std::io::SeekFrom::Start(0)).await?;
    /// assert_eq!(f.readall().await?, "all");
    /// # Ok(()) }
    /// ```
    pub async fn readall(&mut self) -> Result<Bytes> {
        self.settle().await?;
        self.file.readall().await
    }

    /// Reads with at most one read from the file, as [`File::read1`].
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::new().await?;
    /// f.write(b"one").await?;
    /// f.seek(std::io::SeekFrom::Start(0)).await?;
    /// assert_eq!(f.read1(None).await?, "one");
    /// # Ok(()) }
    /// ```
    pub async fn read1(&mut self, size: impl Into<Option<usize>>) -> Result<Bytes> {
        self.settle().await?;
        self.file.read1(size).await
    }

    /// Reads into `buf`, as [`File::readinto`].
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::new().await?;
    /// f.write(b"abc").await?;
    /// f.seek(std::io::SeekFrom::Start(0)).await?;
    /// let mut buf = [0u8; 8];
    /// assert_eq!(f.readinto(&mut buf).await?, 3);
    /// # Ok(()) }
    /// ```
    pub async fn readinto(&mut self, buf: &mut [u8]) -> Result<usize> {
        self.settle().await?;
        self.file.readinto(buf).await
    }

    /// Reads into `buf` with at most one read from the file, as
    /// [`File::readinto1`].
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::new().await?;
    /// f.write(b"hello world").await?;
    /// f.seek(std::io::SeekFrom::Start(0)).await?;
    /// let mut buf = [0u8; 4];
    /// assert_eq!(f.readinto1(&mut buf).await?, 4);
    /// assert_eq!(&buf, b"hell");
    /// # Ok(()) }
    /// ```
    pub async fn readinto1(&mut self, buf: &mut [u8]) -> Result<usize> {
        self.settle().await?;
        self.file.readinto1(buf).await
    }

    /// Reads one line, as [`File::readline`].
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::new().await?;
    /// f.write(b"a\nb\n").await?;
    /// f.seek(std::io::SeekFrom::Start(0)).await?;
    /// assert_eq!(f.readline(None).await?, "a\n");
    /// # Ok(()) }
    /// ```
    pub async fn readline(&mut self, limit: impl Into<Option<usize>>) -> Result<Bytes> {
        self.settle().await?;
        self.file.readline(limit).await
    }

    /// Reads the remaining lines, as [`File::readlines`].
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::new().await?;
    /// f.write(b"a\nb\n").await?;
    /// f.seek(std::io::SeekFrom::Start(0)).await?;
    /// assert_eq!(f.readlines(None).await?, ["a\n", "b\n"]);
    /// # Ok(()) }
    /// ```
    pub async fn readlines(&mut self, hint: impl Into<Option<usize>>) -> Result<Vec<Bytes>> {
        self.settle().await?;
        self.file.readlines(hint).await
    }

    /// The remaining lines as a stream, as [`File::lines`]. A rollover left
    /// under way by a cancelled write is dropped (the data is still in
    /// memory; the next write that needs it starts one again). With tokio's
    /// `AsyncBufReadExt` in scope `f.lines()` is tokio's (by value); write
    /// `SpooledTemporaryFile::lines(&mut f)` there.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// use std::{future::poll_fn, pin::Pin};
    /// use futures_core::Stream;
    /// let mut f = afile_tempfile::SpooledTemporaryFile::new().await?;
    /// f.write(b"a\nb").await?;
    /// f.seek(std::io::SeekFrom::Start(0)).await?;
    /// let mut lines = f.lines();
    /// let first = poll_fn(|cx| Pin::new(&mut lines).poll_next(cx)).await;
    /// assert_eq!(first.transpose()?.as_deref(), Some(&b"a\n"[..]));
    /// # Ok(()) }
    /// ```
    pub fn lines(&mut self) -> Lines<'_> {
        self.rolling = None;
        self.seek = None;
        self.file.lines()
    }

    /// Moves the position, as [`File::seek`]; seeking past `max_size` does
    /// not roll over, a write there does.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::new().await?;
    /// f.write(b"0123").await?;
    /// assert_eq!(f.seek(std::io::SeekFrom::Current(-2)).await?, 2);
    /// # Ok(()) }
    /// ```
    pub async fn seek(&mut self, pos: SeekFrom) -> Result<u64> {
        self.settle().await?;
        self.file.seek(pos).await
    }

    /// The position, as [`File::tell`].
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::new().await?;
    /// f.write(b"abc").await?;
    /// assert_eq!(f.tell().await?, 3);
    /// # Ok(()) }
    /// ```
    pub async fn tell(&mut self) -> Result<u64> {
        self.settle().await?;
        self.file.tell().await
    }

    /// Writes out what is buffered, as [`File::flush`].
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::new().await?;
    /// f.write(b"abc").await?;
    /// f.flush().await?;
    /// # Ok(()) }
    /// ```
    pub async fn flush(&mut self) -> Result<()> {
        self.settle().await?;
        self.file.flush().await
    }

    /// Closes the file, as [`File::close`]; its storage is freed.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::new().await?;
    /// f.close().await?;
    /// assert!(f.closed());
    /// # Ok(()) }
    /// ```
    pub async fn close(&mut self) -> Result<()> {
        self.rolling = None;
        self.seek = None;
        self.file.close().await
    }
}

impl SpooledTemporaryFile<TextFile> {
    /// Reads up to `size` characters (`None`: to end of file), as
    /// [`TextFile::read`].
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::builder().text().await?;
    /// f.write("héllo").await?;
    /// f.seek(std::io::SeekFrom::Start(0)).await?;
    /// assert_eq!(f.read(2).await?, "hé");
    /// # Ok(()) }
    /// ```
    pub async fn read(&mut self, size: impl Into<Option<usize>>) -> Result<String> {
        let text = self.file.read(size).await?;
        self.saw(&text);
        Ok(text)
    }

    /// Reads one line, as [`TextFile::readline`].
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::builder().text().await?;
    /// f.write("a\nb\n").await?;
    /// f.seek(std::io::SeekFrom::Start(0)).await?;
    /// assert_eq!(f.readline(None).await?, "a\n");
    /// # Ok(()) }
    /// ```
    pub async fn readline(&mut self, limit: impl Into<Option<usize>>) -> Result<String> {
        let line = self.file.readline(limit).await?;
        self.saw(&line);
        Ok(line)
    }

    /// Reads the remaining lines, as [`TextFile::readlines`].
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::builder().text().await?;
    /// f.write("a\nb\n").await?;
    /// f.seek(std::io::SeekFrom::Start(0)).await?;
    /// assert_eq!(f.readlines(None).await?, ["a\n", "b\n"]);
    /// # Ok(()) }
    /// ```
    pub async fn readlines(&mut self, hint: impl Into<Option<usize>>) -> Result<Vec<String>> {
        let lines = self.file.readlines(hint).await?;
        if let Some(last) = lines.last() {
            self.saw(last);
        }
        Ok(lines)
    }

    /// The remaining lines as a stream, as [`TextFile::lines`].
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// use std::{future::poll_fn, pin::Pin};
    /// use futures_core::Stream;
    /// let mut f = afile_tempfile::SpooledTemporaryFile::builder().text().await?;
    /// f.write("a\nb").await?;
    /// f.seek(std::io::SeekFrom::Start(0)).await?;
    /// let mut lines = f.lines();
    /// let first = poll_fn(|cx| Pin::new(&mut lines).poll_next(cx)).await;
    /// assert_eq!(first.transpose()?.as_deref(), Some("a\n"));
    /// # Ok(()) }
    /// ```
    pub fn lines(&mut self) -> TextLines<'_> {
        self.tail = super::Tail::Unknown;
        self.file.lines()
    }

    /// Moves the position, as [`TextFile::seek`].
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::builder().text().await?;
    /// f.write("abc").await?;
    /// f.seek(std::io::SeekFrom::Start(0)).await?;
    /// assert_eq!(f.read(None).await?, "abc");
    /// # Ok(()) }
    /// ```
    pub async fn seek(&mut self, pos: SeekFrom) -> Result<TextCookie> {
        self.tail = super::Tail::Unknown;
        self.file.seek(pos).await
    }

    /// Moves to a position [`tell`](SpooledTemporaryFile::tell) gave, as
    /// [`TextFile::seek_cookie`].
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::builder().text().await?;
    /// f.write("ab").await?;
    /// let mark = f.tell().await?;
    /// f.write("cd").await?;
    /// f.seek_cookie(mark).await?;
    /// assert_eq!(f.read(None).await?, "cd");
    /// # Ok(()) }
    /// ```
    pub async fn seek_cookie(&mut self, cookie: TextCookie) -> Result<TextCookie> {
        self.tail = super::Tail::Unknown;
        self.file.seek_cookie(cookie).await
    }

    /// Writes out what is buffered, as [`TextFile::flush`].
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::builder().text().await?;
    /// f.write("abc").await?;
    /// f.flush().await?;
    /// # Ok(()) }
    /// ```
    pub async fn flush(&mut self) -> Result<()> {
        self.file.flush().await
    }

    /// Closes the file, as [`TextFile::close`].
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::builder().text().await?;
    /// f.close().await?;
    /// assert!(f.closed());
    /// # Ok(()) }
    /// ```
    pub async fn close(&mut self) -> Result<()> {
        self.file.close().await
    }
}
