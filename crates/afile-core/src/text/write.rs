//! Writing and positioning text: `write`, `writelines`, `flush`, `tell`,
//! `seek`, `seek_cookie`, `truncate`, `close`.

use std::io::SeekFrom;

use super::cookie::CookieBytes;
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
        if let Some(at) = self.exact_offset() {
            self.file.seek(SeekFrom::Start(at)).await?;
        }
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
    /// `latin-1`), `\n` written as it is, nothing held back or to seek to,
    /// no line buffering, and room in the binary file's buffer. It does
    /// what the full path does in that case, without a copy or a future.
    /// `None`: take the full path.
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
            && !self.line_buffering
            && !matches!(self.newline, Newline::Cr | Newline::CrLf);
        if !plain || !self.file.accepts_now(s.len()) {
            return None;
        }
        // As the full path: bytes read ahead are dropped, and the decoder
        // starts afresh (utf-16/32 look for a BOM again).
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
        self.write_held().await?;
        self.file.flush().await?;
        if self.tpos == self.text.len() {
            let pos = self.file.position() - self.carry.len() as u64;
            return Ok(TextCookie { pos, skip: 0, state: self.codec.decoder_state() });
        }
        let k = self.chunks.partition_point(|&(off, ..)| off <= self.tpos);
        let (off, pos, state) = self.chunks[k.saturating_sub(1)];
        Ok(TextCookie { pos, skip: self.tpos - off, state })
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
        self.write_held().await?;
        self.file.seek(SeekFrom::Start(cookie.pos)).await?;
        self.reset_decoder();
        // As CPython's decoder: at the start it looks for a BOM again;
        // elsewhere it takes the cookie's state (a byte order, a
        // designation). The encoder starts afresh only at a zero cookie.
        self.codec.set_decoder_state(cookie.pos == 0, cookie.state);
        self.restart_encoder(cookie.pos == 0 && cookie.skip == 0 && cookie.state == 0);
        let (codec, mut raw) = (self.codec, Vec::new());
        while self.text.len() < cookie.skip {
            let input_start = self.file.position() - self.carry.len() as u64;
            let chunk = self.file.read1(super::CHUNK).await?;
            raw.extend_from_slice(&chunk);
            if !self.decode_chunk(input_start, &chunk)? {
                return Err(Error::InvalidArgument("can't restore logical file position".into()));
            }
        }
        self.tpos = cookie.skip;
        if cookie.skip > 0 {
            self.write_at = Some(CookieBytes { cookie, codec, raw, at: None });
        }
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
            SeekFrom::Start(n) => self.seek_cookie(TextCookie { pos: n, skip: 0, state: 0 }).await,
            SeekFrom::Current(0) => {
                let here = self.tell().await?;
                self.seek_cookie(here).await
            }
            SeekFrom::Current(_) => Err(Error::Unsupported("can't do nonzero cur-relative seeks")),
            SeekFrom::End(0) => {
                self.write_held().await?;
                self.file.flush().await?;
                let end = self.file.seek(SeekFrom::End(0)).await?;
                self.reset_decoder();
                self.codec.reset_decoder();
                self.restart_encoder(end == 0);
                Ok(TextCookie { pos: end, skip: 0, state: 0 })
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
        self.write_held().await?;
        self.file.flush().await?;
        // The bytes ahead may change: check them again when reading on.
        self.clean = super::read::Clean::default();
        let size = size.into().or_else(|| self.exact_offset());
        self.file.truncate(size).await
    }

    /// After `seek_cookie` (and no read since), the cookie's exact byte
    /// offset, computed only now that a write or truncate needs it.
    /// Kept (as the offset alone) until a read or write clears it: a
    /// `truncate()` does not move the position.
    fn exact_offset(&mut self) -> Option<u64> {
        let w = self.write_at.take()?;
        let at = match w.at {
            Some(at) => at,
            None => w.cookie.pos + self.byte_offset_of(w.codec, &w.raw, w.cookie)? as u64,
        };
        self.write_at = Some(CookieBytes { at: Some(at), raw: Vec::new(), ..w });
        Some(at)
    }

    /// How many bytes of `raw` (read from `cookie.pos`, decoded from state
    /// `codec`) give the first `cookie.skip` bytes of translated text: the
    /// byte offset CPython's cookie holds (its `bytes_to_feed`). Feeds the
    /// bytes one at a time, as CPython's `tell` does.
    fn byte_offset_of(
        &self,
        mut codec: super::codec::Codec,
        raw: &[u8],
        cookie: TextCookie,
    ) -> Option<usize> {
        use super::newline::Newline;
        let translate = self.newline == Newline::Universal;
        // CPython's newline decoder (newline None or "") holds a final '\r'
        // back until the next character: it counts only then.
        let hold_cr = translate || self.newline == Newline::Untranslated;
        let (mut decoded, mut used, mut crlf) = (String::new(), 0, 0);
        for k in 1..=raw.len() {
            let before = decoded.len();
            used += codec
                .decode(&raw[used..k], cookie.pos == 0 && used == 0, false, self.errors, &mut decoded)
                .ok()?;
            if decoded.len() == before {
                continue;
            }
            if translate {
                // "\r\n" reads as one "\n": count the pairs that end in the new text.
                crlf += memchr::memmem::find_iter(&decoded.as_bytes()[before.saturating_sub(1)..], b"\r\n")
                    .count();
            }
            let held = usize::from(hold_cr && decoded.ends_with('\r'));
            if decoded.len() - crlf - held >= cookie.skip {
                return Some(k);
            }
        }
        None
    }
}
