//! Positioning text: `tell`, `seek`, `seek_cookie`, `truncate`, and the
//! exact byte offset of a text position that writes and truncation need.

use std::io::SeekFrom;

use super::cookie::CookieBytes;
use super::{TextCookie, TextFile};
use crate::error::{Error, Result};

impl TextFile {
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
        Ok(self.tell_unflushed())
    }

    /// The cookie of the text position, nothing written being pending.
    fn tell_unflushed(&self) -> TextCookie {
        if self.tpos == self.text.len() {
            let pos = self.file.position() - self.carry.len() as u64;
            return TextCookie { pos, skip: 0, state: self.codec.decoder_state() };
        }
        let k = self.chunks.partition_point(|&(off, ..)| off <= self.tpos);
        let (off, pos, state) = self.chunks[k.saturating_sub(1)];
        TextCookie { pos, skip: self.tpos - off, state }
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
        // As CPython: the encoder starts afresh only at a zero cookie.
        self.restart_encoder(cookie.pos == 0 && cookie.skip == 0 && cookie.state == 0);
        self.restore(cookie).await?;
        Ok(cookie)
    }

    /// Puts the decoder at `cookie`: the binary file at its chunk start,
    /// the decoder in its state (as CPython's decoder: at the start it
    /// looks for a BOM again), and the chunk decoded as far as the cookie
    /// goes, keeping its bytes to find the exact byte offset if a write or
    /// truncate needs it.
    async fn restore(&mut self, cookie: TextCookie) -> Result<()> {
        self.file.seek(SeekFrom::Start(cookie.pos)).await?;
        self.reset_decoder();
        self.codec.set_decoder_state(cookie.pos == 0, cookie.state);
        let (codec, mut raw) = (self.codec, Vec::new());
        while self.text.len() < cookie.skip {
            if !self.fill_keeping(&mut raw).await? {
                return Err(Error::InvalidArgument("can't restore logical file position".into()));
            }
        }
        if !self.text.is_char_boundary(cookie.skip) {
            // A cookie of another file, or the file changed since `tell()`:
            // the point lies inside a character. CPython's decoder, started
            // there, raises `UnicodeDecodeError`.
            let start = (0..cookie.skip).rev().find(|&i| self.text.is_char_boundary(i)).unwrap_or(0);
            let inside = self.text[start..].chars().next().unwrap_or_default();
            self.file.seek(SeekFrom::Start(cookie.pos)).await?;
            self.reset_decoder();
            self.codec.set_decoder_state(cookie.pos == 0, cookie.state);
            return Err(Error::Decode(format!(
                "can't restore logical file position: the cookie points inside the character {inside:?} \
                 (a cookie of another file, or the file changed since tell())"
            )));
        }
        self.tpos = cookie.skip;
        if cookie.skip > 0 {
            self.write_at = Some(CookieBytes { cookie, codec, raw, at: None });
        }
        Ok(())
    }

    /// Puts the binary file at the byte offset of the text position and
    /// forgets what was read ahead, keeping the decoder's state there (and
    /// the newlines seen): where a write or a truncation belongs. Returns
    /// that offset. When text was decoded past the position, its chunk is
    /// decoded again from the chunk's start to find the exact byte.
    pub(super) async fn settle(&mut self) -> Result<u64> {
        let (at, state) = match self.exact_position() {
            Some(found) => found,
            None if self.tpos == self.text.len() && self.carry.is_empty() => return Ok(self.file.position()),
            None => {
                let here = self.tell_unflushed();
                if here.skip == 0 {
                    (here.pos, here.state)
                } else {
                    self.restore(here).await?;
                    self.exact_position()
                        .ok_or_else(|| Error::InvalidArgument("can't restore logical file position".into()))?
                }
            }
        };
        let seen = self.seen;
        self.file.seek(SeekFrom::Start(at)).await?;
        self.reset_decoder();
        self.seen = seen;
        self.codec.set_decoder_state(at == 0, state);
        Ok(at)
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

    /// Resizes the file to `size` bytes (`None`: the text position) and
    /// returns the new size. CPython's `truncate()` without a size cuts at
    /// its binary file's position, past the bytes it read ahead: afile does
    /// not copy that, and cuts where the text read so far ends.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let p = dir.path().join("t");
    /// std::fs::write(&p, "hello world")?;
    /// let mut f = afile_core::open_text(&p, "r+").await?;
    /// assert_eq!(f.truncate(8).await?, 8);
    /// assert_eq!(f.read(5).await?, "hello");
    /// assert_eq!(f.truncate(None).await?, 5);
    /// assert_eq!(f.read(None).await?, "");
    /// # Ok(()) }
    /// ```
    pub async fn truncate(&mut self, size: impl Into<Option<u64>>) -> Result<u64> {
        self.check_open()?;
        self.write_held().await?;
        self.file.flush().await?;
        // Text read ahead may not be in the file any more: read on from
        // the text position afresh.
        let at = self.settle().await?;
        self.file.truncate(size.into().unwrap_or(at)).await
    }

    /// After `seek_cookie` (and no read since), the cookie's exact byte
    /// offset and the decoder's state there, computed only now that a write
    /// or truncate needs them. Kept (as the offset alone) until a read or
    /// write clears it.
    pub(super) fn exact_position(&mut self) -> Option<(u64, u32)> {
        let w = self.write_at.take()?;
        let at = match w.at {
            Some(at) => at,
            None => {
                let (k, state) = self.byte_offset_of(w.codec, &w.raw, w.cookie)?;
                (w.cookie.pos + k as u64, state)
            }
        };
        self.write_at = Some(CookieBytes { at: Some(at), raw: Vec::new(), ..w });
        Some(at)
    }

    /// How many bytes of `raw` (read from `cookie.pos`, decoded from state
    /// `codec`) give the first `cookie.skip` bytes of translated text: the
    /// byte offset CPython's cookie holds (its `bytes_to_feed`), and the
    /// decoder's state there. Feeds the bytes one at a time, as CPython's
    /// `tell` does.
    fn byte_offset_of(
        &self,
        mut codec: super::codec::Codec,
        raw: &[u8],
        cookie: TextCookie,
    ) -> Option<(usize, u32)> {
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
                return Some((k, codec.decoder_state()));
            }
        }
        None
    }
}
