//! Writing and positioning text: `write`, `writelines`, `flush`, `tell`,
//! `seek`, `seek_cookie`, `truncate`, `close`.

use std::io::SeekFrom;

use super::{TextCookie, TextFile};
use crate::error::{Error, Result};

impl TextFile {
    /// Encodes and writes `s`, translating `\n` as `newline` says, and
    /// returns the number of characters. An encode error writes nothing.
    /// Bytes read ahead are dropped, and the write lands where the binary
    /// file stands, as in CPython.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let p = dir.path().join("t");
    /// let mut f = afile_core::open_text(&p, "w").encoding("ascii").await?;
    /// assert_eq!(f.write("plain\n").await?, 6);
    /// let err = f.write("naïve").await.unwrap_err();
    /// assert_eq!(err.to_string(),
    ///     "'ascii' codec can't encode character '\\xef' in position 2: ordinal not in range(128)");
    /// # Ok(()) }
    /// ```
    pub async fn write(&mut self, s: &str) -> Result<usize> {
        self.check_writable()?;
        let translated = self.newline.encode(s);
        let mut out = Vec::with_capacity(translated.len() + 4);
        self.codec.encode(&translated, self.bom_pending, self.errors, &mut out)?;
        self.reset_decoder();
        self.bom_pending = false;
        self.file.write(&out).await?;
        if self.line_buffering && (s.contains('\n') || s.contains('\r')) {
            self.file.flush().await?;
        }
        Ok(s.chars().count())
    }

    /// Writes each string in turn.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let p = dir.path().join("t");
    /// let mut f = afile_core::open_text(&p, "w").await?;
    /// f.writelines(["a\n", "b\n"]).await?;
    /// # Ok(()) }
    /// ```
    pub async fn writelines<I>(&mut self, lines: I) -> Result<()>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        self.check_open()?;
        for line in lines {
            self.write(line.as_ref()).await?;
        }
        Ok(())
    }

    /// Writes out what is buffered.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let p = dir.path().join("t");
    /// let mut f = afile_core::open_text(&p, "w").await?;
    /// f.write("x").await?;
    /// f.flush().await?;
    /// assert_eq!(std::fs::read_to_string(&p)?, "x");
    /// # Ok(()) }
    /// ```
    pub async fn flush(&mut self) -> Result<()> {
        self.check_open()?;
        self.file.flush().await
    }

    /// Flushes and closes; calling it again does nothing.
    ///
    /// # Errors
    ///
    /// As [`File::close`](crate::File::close): a failed flush, else what
    /// `close(2)` reports (`EIO`, `EDQUOT`, `EBADF`), which a drop cannot.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// let mut f = afile_core::open_text(dir.path().join("t"), "w").await?;
    /// f.close().await?;
    /// assert_eq!(f.write("x").await.unwrap_err().to_string(), "I/O operation on closed file.");
    /// # Ok(()) }
    /// ```
    pub async fn close(&mut self) -> Result<()> {
        self.reset_decoder();
        self.file.close().await
    }

    /// The current position as an opaque [`TextCookie`].
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let p = dir.path().join("t");
    /// std::fs::write(&p, "one\ntwo\n")?;
    /// let mut f = afile_core::open_text(&p, "r").await?;
    /// f.readline(None).await?;
    /// let cookie = f.tell().await?;
    /// f.readline(None).await?;
    /// f.seek_cookie(cookie).await?;
    /// assert_eq!(f.readline(None).await?, "two\n");
    /// # Ok(()) }
    /// ```
    pub async fn tell(&mut self) -> Result<TextCookie> {
        self.check_open()?;
        if !self.file.seekable()? {
            return Err(Error::Unsupported("underlying stream is not seekable"));
        }
        self.file.flush().await?;
        if self.tpos == self.text.len() {
            let pos = self.file.position() - self.carry.len() as u64;
            return Ok(TextCookie { pos, skip: 0 });
        }
        let k = self.chunks.partition_point(|&(off, _)| off <= self.tpos);
        let (off, pos) = self.chunks[k.saturating_sub(1)];
        Ok(TextCookie { pos, skip: self.tpos - off })
    }

    /// Returns to a position that [`tell`](TextFile::tell) gave, restoring
    /// the decoder exactly (mid multi-byte text, after a BOM).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let p = dir.path().join("t");
    /// std::fs::write(&p, "\u{feff}ab".as_bytes())?;
    /// let mut f = afile_core::open_text(&p, "r").encoding("utf-8-sig").await?;
    /// f.read(1).await?;
    /// let c = f.tell().await?;
    /// f.seek_cookie(c).await?;
    /// assert_eq!(f.read(None).await?, "b");
    /// # Ok(()) }
    /// ```
    pub async fn seek_cookie(&mut self, cookie: TextCookie) -> Result<TextCookie> {
        self.check_open()?;
        self.file.seek(SeekFrom::Start(cookie.pos)).await?;
        self.reset_decoder();
        self.bom_pending = cookie.pos == 0 && self.codec.writes_bom();
        while self.text.len() < cookie.skip {
            if !self.fill().await? {
                return Err(Error::InvalidArgument("can't restore logical file position".into()));
            }
        }
        self.tpos = cookie.skip;
        Ok(cookie)
    }

    /// Seeks as CPython's text `seek` allows: `Start(n)` to byte `n` with a
    /// fresh decoder, `Current(0)` (stay), `End(0)` (the end). Other
    /// offsets are refused with CPython's texts.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let p = dir.path().join("t");
    /// std::fs::write(&p, "abc")?;
    /// use std::io::SeekFrom;
    /// let mut f = afile_core::open_text(&p, "r+").await?;
    /// f.seek(SeekFrom::End(0)).await?;
    /// f.write("d").await?;
    /// f.seek(SeekFrom::Start(0)).await?;
    /// assert_eq!(f.read(None).await?, "abcd");
    /// assert_eq!(f.seek(SeekFrom::Current(1)).await.unwrap_err().to_string(),
    ///            "can't do nonzero cur-relative seeks");
    /// # Ok(()) }
    /// ```
    pub async fn seek(&mut self, pos: SeekFrom) -> Result<TextCookie> {
        self.check_open()?;
        match pos {
            SeekFrom::Start(n) => self.seek_cookie(TextCookie { pos: n, skip: 0 }).await,
            SeekFrom::Current(0) => {
                let here = self.tell().await?;
                self.seek_cookie(here).await
            }
            SeekFrom::Current(_) => Err(Error::Unsupported("can't do nonzero cur-relative seeks")),
            SeekFrom::End(0) => {
                self.file.flush().await?;
                let end = self.file.seek(SeekFrom::End(0)).await?;
                self.reset_decoder();
                self.bom_pending = end == 0 && self.codec.writes_bom();
                Ok(TextCookie { pos: end, skip: 0 })
            }
            SeekFrom::End(_) => Err(Error::Unsupported("can't do nonzero end-relative seeks")),
        }
    }

    /// Resizes the file to `size` bytes (`None`: the binary file's position,
    /// which is past any bytes read ahead, as in CPython) and returns the new
    /// size.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let p = dir.path().join("t");
    /// std::fs::write(&p, "hello world")?;
    /// let mut f = afile_core::open_text(&p, "r+").await?;
    /// assert_eq!(f.truncate(5).await?, 5);
    /// # Ok(()) }
    /// ```
    pub async fn truncate(&mut self, size: impl Into<Option<u64>>) -> Result<u64> {
        self.check_open()?;
        self.file.flush().await?;
        // The bytes ahead may change: check them again when reading on.
        self.clean = super::read::Clean::default();
        self.file.truncate(size).await
    }
}
