//! Writing and positioning text: `write`, `writelines`, `flush`, `tell`,
//! `seek`, `seek_cookie`, `truncate`, `close`.

use super::TextFile;
use crate::error::Result;

impl TextFile {
    /// Encodes and writes `s`, translating `\n` as `newline` says, and
    /// returns the number of characters. An encode error writes nothing.
    /// The write lands at the text position, after what was read (CPython
    /// writes after the bytes it read ahead, and its next read returns
    /// text from before the write: afile does not copy that), and a read
    /// after it goes on after the written text.
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
        if let Some(n) = self.write_now(s) {
            return Ok(n);
        }
        self.check_writable()?;
        let translated = self.newline.encode(s);
        let joined;
        let mut text: &str = &translated;
        if let Some(c) = self.held {
            joined = format!("{c}{translated}");
            text = &joined;
        }
        // A last character that may combine with the next write's first
        // waits for it, as in CPython's incremental encoder.
        let hold = text.chars().next_back().filter(|&c| self.codec.holds_back(c));
        let body = &text[..text.len() - hold.map_or(0, char::len_utf8)];
        let mut out = Vec::with_capacity(body.len() + 4);
        self.codec.encode(body, self.bom_pending, self.errors, &mut out)?;
        self.held = hold;
        self.settle().await?;
        self.reset_decoder();
        // CPython resets its decoder on a write: utf-16/32 look for a BOM
        // again, iso2022 returns to ASCII.
        self.codec.reset_decoder();
        self.bom_pending = false;
        self.file.write(&out).await?;
        if self.line_buffering && (s.contains('\n') || s.contains('\r')) {
            self.file.flush().await?;
        }
        Ok(if s.is_ascii() { s.len() } else { s.chars().count() })
    }

    /// The usual write, done at once: text whose encoding is its UTF-8
    /// bytes (UTF-8 without a BOM to write, or ASCII text in `ascii` or
    /// `latin-1`), `\n` written as it is, nothing held back, nothing read
    /// ahead of the text position or to seek to, no line buffering, and
    /// room in the binary file's buffer. It does what the full path does
    /// in that case, without a copy or a future. `None`: take the full path.
    #[inline]
    fn write_now(&mut self, s: &str) -> Option<usize> {
        use super::newline::Newline;
        let ascii = || s.is_ascii();
        let as_is = match self.codec.utf8() {
            Some(_) => !self.bom_pending,
            None => self.codec.ascii_as_is() && ascii(),
        };
        let plain = as_is
            && self.held.is_none()
            && self.write_at.is_none()
            && self.tpos == self.text.len()
            && self.carry.is_empty()
            && !self.line_buffering
            && !matches!(self.newline, Newline::Cr | Newline::CrLf);
        if !plain || !self.file.accepts_now(s.len()) {
            return None;
        }
        // As the full path: the binary file stands at the text position
        // (nothing was read ahead), and the decoder starts afresh
        // (utf-16/32 look for a BOM again).
        self.reset_decoder();
        self.codec.reset_decoder();
        self.file.buffer_now(s.as_bytes());
        Some(if ascii() { s.len() } else { s.chars().count() })
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
        self.write_held().await?;
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
        let held = if self.file.closed() { Ok(()) } else { self.write_held().await };
        self.reset_decoder();
        let closed = self.file.close().await;
        held.and(closed)
    }

    /// Closes as [`close`](TextFile::close) does, then runs `after` on the
    /// executor in the same hop as the final write-out and `close(2)` (see
    /// [`File::close_and`](crate::File::close_and)).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("t");
    /// let mut f = afile_core::open_text(&path, "w").await?;
    /// f.write("scratch").await?;
    /// let gone = path.clone();
    /// f.close_and(move || drop(std::fs::remove_file(gone))).await?;
    /// assert!(!path.exists());
    /// # Ok(()) }
    /// ```
    pub async fn close_and(&mut self, after: impl FnOnce() + Send + 'static) -> Result<()> {
        let held = if self.file.closed() { Ok(()) } else { self.write_held().await };
        self.reset_decoder();
        let closed = self.file.close_and(after).await;
        held.and(closed)
    }
}
