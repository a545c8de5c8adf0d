//! Reading text: `read`, `readline`, `readline_into`, `readlines`.

use super::line::nth_char_end;
use super::{CHUNK, TextFile};
use crate::error::Result;
use crate::memory;

impl TextFile {
    /// Reads up to `size` characters, or to end of file with `None`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let p = dir.path().join("t");
    /// std::fs::write(&p, "héllo wörld")?;
    /// let mut f = afile_core::open_text(&p, "r").await?;
    /// assert_eq!(f.read(3).await?, "hél");
    /// assert_eq!(f.read(None).await?, "lo wörld");
    /// # Ok(()) }
    /// ```
    pub async fn read(&mut self, size: impl Into<Option<usize>>) -> Result<String> {
        self.check_readable()?;
        let Some(n) = size.into() else { return self.read_all().await };
        // `text[tpos..tpos + rel]` holds `chars` characters, fewer than `n`:
        // each character is counted once, however many fills it takes.
        let (mut rel, mut chars) = (0, 0);
        loop {
            crate::work::looked(self.text.len() - self.tpos - rel);
            match nth_char_end(&self.text[self.tpos + rel..], n - chars) {
                Ok(end) => return self.take(rel + end),
                Err(counted) => (rel, chars) = (self.text.len() - self.tpos, chars + counted),
            }
            if !self.fill().await? {
                return self.take(self.text.len() - self.tpos);
            }
        }
    }

    /// Reads one line, keeping its terminator (after translation); at most
    /// `limit` characters if given. Empty at end of file.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let p = dir.path().join("t");
    /// std::fs::write(&p, "one\r\ntwo")?;
    /// let mut f = afile_core::open_text(&p, "r").await?;
    /// assert_eq!(f.readline(None).await?, "one\n");
    /// assert_eq!(f.readline(2).await?, "tw");
    /// # Ok(()) }
    /// ```
    pub async fn readline(&mut self, limit: impl Into<Option<usize>>) -> Result<String> {
        self.check_readable()?;
        let Some(limit) = limit.into() else {
            let mut line = String::new();
            std::future::poll_fn(|cx| self.poll_line(cx, &mut line)).await?;
            return Ok(line);
        };
        loop {
            if let Some(end) = self.line_in_text(Some(limit)) {
                return self.take(end);
            }
            if !self.fill().await? {
                return self.take(self.text.len() - self.tpos);
            }
        }
    }

    /// Appends the next line to `buf`, keeping its terminator (after
    /// translation), and returns its length in bytes: 0 at end of file.
    /// The same line as [`readline`](Self::readline) gives, into a `String`
    /// the caller reuses, as std's `BufRead::read_line`: a loop that clears
    /// one `String` allocates nothing per line. Cancel-safe: `buf` only
    /// changes when the line is complete.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let p = dir.path().join("t");
    /// std::fs::write(&p, "one\r\ntwo")?;
    /// let mut f = afile_core::open_text(&p, "r").await?;
    /// let (mut line, mut seen) = (String::new(), Vec::new());
    /// while f.readline_into(&mut line).await? > 0 {
    ///     seen.push(line.clone());
    ///     line.clear();
    /// }
    /// assert_eq!(seen, ["one\n", "two"]);
    /// # Ok(()) }
    /// ```
    pub async fn readline_into(&mut self, buf: &mut String) -> Result<usize> {
        self.check_readable()?;
        std::future::poll_fn(|cx| self.poll_line(cx, buf)).await
    }

    /// Reads the remaining lines; with a `hint`, stops after the line that
    /// takes the total past `hint` characters, as CPython.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let p = dir.path().join("t");
    /// std::fs::write(&p, "ab\ncd\nef\n")?;
    /// let mut f = afile_core::open_text(&p, "r").await?;
    /// assert_eq!(f.readlines(2).await?, ["ab\n"]);
    /// assert_eq!(f.readlines(None).await?, ["cd\n", "ef\n"]);
    /// # Ok(()) }
    /// ```
    pub async fn readlines(&mut self, hint: impl Into<Option<usize>>) -> Result<Vec<String>> {
        self.check_open()?;
        let hint = hint.into().filter(|h| *h > 0).unwrap_or(usize::MAX);
        let (mut lines, mut total) = (Vec::new(), 0usize);
        loop {
            let line = self.readline(None).await?;
            if line.is_empty() {
                return Ok(lines);
            }
            let len = line.chars().count();
            lines.push(line);
            if len > hint - total {
                return Ok(lines);
            }
            total += len;
        }
    }

    /// Takes `len` bytes of decoded text.
    pub(super) fn take(&mut self, len: usize) -> Result<String> {
        if self.tpos == 0 && len == self.text.len() && len >= CHUNK {
            // All of a large text: hand it out instead of copying it.
            self.chunks.clear();
            self.advance(len);
            self.tpos = 0;
            return Ok(std::mem::take(&mut self.text));
        }
        let out = memory::to_owned(&self.text[self.tpos..self.tpos + len])?;
        self.advance(len);
        Ok(out)
    }

    /// Everything to end of file, decoded in one go (as CPython's `read()`,
    /// so error positions count from the first undecoded byte). Without
    /// memory for it all, the bytes read are left unread.
    async fn read_all(&mut self) -> Result<String> {
        if self.deferred.is_some() {
            // The text to return would need what a String cannot hold.
            return self.fill().await.map(|_| String::new());
        }
        let before = self.file.position();
        let input_start = before - self.carry.len() as u64;
        let rest = self.file.read(None).await?;
        match self.decode_rest(input_start, &rest) {
            Err(e) if e.kind() == std::io::ErrorKind::OutOfMemory => {
                self.file.seek(std::io::SeekFrom::Start(before)).await?;
                Err(e)
            }
            other => other,
        }
    }

    /// The decoded text left, then `rest` (the file from the end of
    /// `carry` on) decoded to its end, newlines translated.
    fn decode_rest(&mut self, input_start: u64, rest: &[u8]) -> Result<String> {
        let mut joined = Vec::new();
        let input = if self.carry.is_empty() {
            rest
        } else {
            memory::reserve_vec(&mut joined, self.carry.len() + rest.len())?;
            joined.extend_from_slice(&self.carry);
            joined.extend_from_slice(rest);
            &joined
        };
        let mut decoded = String::new();
        memory::reserve_str(&mut decoded, input.len())?;
        if let Err(e) = self.codec.decode(input, input_start == 0, true, self.errors, &mut decoded) {
            // As CPython's `read()`, the bytes are consumed: the next read
            // goes on after them (the text decoded before stays).
            self.carry.clear();
            return Err(e);
        }
        let decoded = self.newline.decode_owned(decoded, &mut self.seen)?;
        let pending = &self.text[self.tpos..];
        let out = if pending.is_empty() {
            decoded
        } else {
            let mut out = String::new();
            memory::reserve_str(&mut out, pending.len() + decoded.len())?;
            out.push_str(pending);
            out.push_str(&decoded);
            out
        };
        let seen = self.seen;
        self.reset_decoder();
        self.seen = seen;
        Ok(out)
    }
}
