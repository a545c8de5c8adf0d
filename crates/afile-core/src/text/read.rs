//! Reading text: `read`, `readline`, `readlines`, and the fill step that
//! decodes one more chunk.

use std::borrow::Cow;
use std::task::{Context, Poll, ready};

use super::codec::{Codec, Errors};
use super::newline::{Newline, SEEN_LF};
use super::{CHUNK, TextFile};
use crate::error::Result;

/// A run of the binary file's window, from file offset `from` to `until`,
/// known to decode to itself: valid UTF-8 with no `\r` that the newline
/// mode would translate or split at, its newlines already noted in `seen`.
/// A line that lies whole in it is copied straight out of the window, with
/// no decoding into `text` (the fast path for UTF-8 lines). It is checked a
/// chunk at a time, as [`decode_chunk`](TextFile::decode_chunk) would decode
/// it, so errors and `newlines` show at the same reads; it is forgotten
/// whenever the decoder is reset or the binary file is lent out.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Clean {
    from: u64,
    until: u64,
}

/// What [`TextFile::clean_line`] found.
pub(super) enum CleanLine<'a> {
    /// The next line: the window's first bytes.
    Line(&'a str),
    /// The line runs past the window's `scanned` bytes, all clean: fill more.
    More(usize),
    /// The decoding path must read it.
    Decode,
}

/// One decode step, to find again where a held-back `'\r'` starts.
struct Step<'a> {
    /// The codec as it was before the step.
    before: Codec,
    input: &'a [u8],
    at_start: bool,
    errors: Errors,
}

impl Step<'_> {
    /// Where decoding can start again at or before the `'\r'` that ends the
    /// text of `input[..used]`: the length of the text before that point,
    /// the bytes used up to it, and the codec as it stands there (`kept` is
    /// the length of the text before the `'\r'`). Usually the `'\r'` is the
    /// last thing decoded, and the point is its own byte. But bytes that made
    /// no text may follow it (ignored by `errors="ignore"`, an escape
    /// sequence, an escape that decodes to nothing), it may come from an
    /// escape or a base64 run that made more text before it, and a stateful
    /// codec's state must be the one there. Then the longest prefix whose
    /// text stops before the `'\r'` is found by bisection (text grows with
    /// input); its text may stop short of `kept` (a utf-7 run is decoded
    /// whole or not at all), and the rest is decoded again with the next
    /// chunk. `None` if a trial decode fails.
    fn cr_start(&self, after: Codec, used: usize, kept: usize) -> Option<(usize, usize, Codec)> {
        let cr = after.cr_bytes();
        if !after.is_stateful() && self.input[..used].ends_with(cr) {
            return Some((kept, used - cr.len(), after));
        }
        let decode = |k: usize| {
            let (mut codec, mut text) = (self.before, String::new());
            let n = codec.decode(&self.input[..k], self.at_start, false, self.errors, &mut text).ok()?;
            Some((text.len(), n, codec))
        };
        let (mut lo, mut hi) = (0, used);
        let mut best = decode(0)?;
        while lo < hi {
            let mid = lo + (hi - lo).div_ceil(2);
            let got = decode(mid)?;
            if got.0 <= kept {
                (lo, best) = (mid, got);
            } else {
                hi = mid - 1;
            }
        }
        Some(best)
    }
}

/// The byte index just past the first `n` characters of `s`, if it has
/// that many.
fn char_end(s: &str, n: usize) -> Option<usize> {
    if n == 0 {
        return Some(0);
    }
    match s.char_indices().nth(n) {
        Some((i, _)) => Some(i),
        None if s.chars().count() == n => Some(s.len()),
        None => None,
    }
}

/// Appends `s` to `out`; a new `String` is allocated at the line's size
/// in one step (the growth path of `push_str` costs more).
#[inline]
fn append(out: &mut String, s: &str) {
    if out.capacity() == 0 {
        *out = s.to_owned();
    } else {
        out.push_str(s);
    }
}

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
        loop {
            if let Some(end) = char_end(&self.text[self.tpos..], n) {
                return Ok(self.take(end));
            }
            if !self.fill().await? {
                let end = self.text.len() - self.tpos;
                return Ok(self.take(end));
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
                return Ok(self.take(end));
            }
            if !self.fill().await? {
                let end = self.text.len() - self.tpos;
                return Ok(self.take(end));
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

    /// The length of the next line when it can be taken straight from the
    /// binary file's window: no decoded text is left, the codec is UTF-8
    /// and the line lies whole in the [`Clean`] run, which this extends a
    /// chunk at a time as far as the line needs and the window holds.
    #[inline]
    pub(super) fn clean_line(&mut self) -> CleanLine<'_> {
        use CleanLine::{Decode, Line, More};
        if self.tpos != self.text.len() || !self.carry.is_empty() {
            return Decode;
        }
        let Some(sig) = self.codec.utf8() else { return Decode };
        let cr_matters = match self.newline {
            Newline::Lf => false,
            Newline::Universal | Newline::Untranslated => true,
            Newline::Cr | Newline::CrLf => return Decode,
        };
        let pos = self.file.position();
        if sig && pos == 0 {
            return Decode;
        }
        let Some(window) = self.file.idle_window() else { return Decode };
        let clean = &mut self.clean;
        if !(clean.from..=clean.until).contains(&pos) {
            *clean = Clean { from: pos, until: pos };
        }
        let mut checked = (clean.until - pos) as usize;
        if checked > window.len() {
            *clean = Clean::default();
            return Decode;
        }
        let mut searched = 0;
        loop {
            if let Some(i) = memchr::memchr(b'\n', &window[searched..checked]) {
                // SAFETY: these bytes lie in the clean run, which was checked
                // with `from_utf8` chunk by chunk from a character boundary,
                // and the window still holds them as checked (every write,
                // seek or loan of the binary file resets the run). The line
                // starts at the run's start or after a '\n', and ends after one.
                return Line(unsafe { std::str::from_utf8_unchecked(&window[..searched + i + 1]) });
            }
            searched = checked;
            let more = &window[checked..window.len().min(checked + CHUNK)];
            let n = match std::str::from_utf8(more) {
                Ok(_) => more.len(),
                // A character cut at the end of `more` is left for later.
                Err(e) if e.error_len().is_none() => e.valid_up_to(),
                Err(_) => return Decode,
            };
            if n == 0 {
                // The window ends here (perhaps inside a character).
                return More(checked);
            }
            let more = &more[..n];
            if cr_matters && memchr::memchr(b'\r', more).is_some() {
                return Decode;
            }
            if cr_matters && memchr::memchr(b'\n', more).is_some() {
                self.seen |= SEEN_LF;
            }
            checked += n;
            clean.until += n as u64;
        }
    }

    /// Consumes the `len` bytes of the window that
    /// [`clean_line`](Self::clean_line) showed.
    #[inline]
    pub(super) fn clean_consume(&mut self, len: usize) {
        self.write_at = None;
        tokio::io::AsyncBufRead::consume(std::pin::Pin::new(&mut self.file), len);
    }

    /// Appends the next whole line to `out` and returns its length (0 at
    /// end of file): from the window when [`clean_line`](Self::clean_line)
    /// can, else from decoded text, decoding a chunk more as needed. `out`
    /// is only touched when the line is complete (cancel-safe).
    #[inline]
    pub(super) fn poll_line(&mut self, cx: &mut Context<'_>, out: &mut String) -> Poll<Result<usize>> {
        if let CleanLine::Line(line) = self.clean_line() {
            let len = line.len();
            append(out, line);
            self.clean_consume(len);
            return Poll::Ready(Ok(len));
        }
        self.poll_line_slow(cx, out)
    }

    /// [`poll_line`](Self::poll_line) past its first look: fills, and lines
    /// from decoded text (kept out of line, so the common case stays small).
    #[inline(never)]
    fn poll_line_slow(&mut self, cx: &mut Context<'_>, out: &mut String) -> Poll<Result<usize>> {
        loop {
            match self.clean_line() {
                CleanLine::Line(line) => {
                    let len = line.len();
                    append(out, line);
                    self.clean_consume(len);
                    return Poll::Ready(Ok(len));
                }
                CleanLine::More(scanned) => {
                    if ready!(self.file.poll_line_more(cx, scanned))? {
                        continue;
                    }
                }
                CleanLine::Decode => {}
            }
            let end = match self.line_in_text(None) {
                Some(end) => end,
                None if ready!(self.poll_fill(cx))? => continue,
                None => self.text.len() - self.tpos,
            };
            self.write_at = None;
            append(out, &self.text[self.tpos..self.tpos + end]);
            self.tpos += end;
            return Poll::Ready(Ok(end));
        }
    }

    /// The end of the next line in the decoded text, if it is all there.
    pub(super) fn line_in_text(&self, limit: Option<usize>) -> Option<usize> {
        let rest = &self.text[self.tpos..];
        let line = self.newline.line_end(rest);
        let capped = limit.and_then(|n| char_end(rest, n));
        match (line, capped) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Takes `len` bytes of decoded text.
    pub(super) fn take(&mut self, len: usize) -> String {
        self.write_at = None;
        let out = self.text[self.tpos..self.tpos + len].to_owned();
        self.tpos += len;
        out
    }

    /// Everything to end of file, decoded in one go (as CPython's `read()`,
    /// so error positions count from the first undecoded byte).
    async fn read_all(&mut self) -> Result<String> {
        let mut out = self.text.split_off(self.tpos);
        let input_start = self.file.position() - self.carry.len() as u64;
        let rest = self.file.read(None).await?;
        let mut input = std::mem::take(&mut self.carry);
        input.extend_from_slice(&rest);
        let seen = self.seen;
        self.reset_decoder();
        self.seen = seen;
        let mut decoded = String::new();
        match self.codec.decode(&input, input_start == 0, true, self.errors, &mut decoded) {
            Ok(_) => {
                out.push_str(&self.newline.decode(&decoded, &mut self.seen));
                Ok(out)
            }
            Err(e) => {
                // Keep the bytes: reading again meets the same error.
                self.carry = input;
                Err(e)
            }
        }
    }

    /// Decodes one more chunk onto the text. Returns `false` at end of file
    /// when nothing more came.
    pub(super) async fn fill(&mut self) -> Result<bool> {
        self.compact();
        let input_start = self.file.position() - self.carry.len() as u64;
        let chunk = self.file.read1(CHUNK).await?;
        self.decode_chunk(input_start, &chunk)
    }

    /// Decodes one more chunk, polling the binary file for it: the poll
    /// form of `fill`, so that [`TextLines`](super::TextLines) needs no
    /// boxed future.
    pub(super) fn poll_fill(&mut self, cx: &mut Context<'_>) -> Poll<Result<bool>> {
        self.compact();
        let n = ready!(self.file.poll_text_chunk(cx, CHUNK))?.len().min(CHUNK);
        let input_start = self.file.position() - self.carry.len() as u64;
        let chunk = self.file.take(n);
        Poll::Ready(self.decode_chunk(input_start, &chunk))
    }

    /// The decoding half of [`fill`](Self::fill): `chunk` was read from
    /// `input_start` plus the length of `carry`. Returns `false` at end of
    /// file when nothing more came.
    pub(super) fn decode_chunk(&mut self, input_start: u64, chunk: &[u8]) -> Result<bool> {
        self.write_at = None;
        let last = chunk.is_empty();
        let input: Cow<'_, [u8]> = if self.carry.is_empty() {
            Cow::Borrowed(chunk)
        } else {
            let mut joined = std::mem::take(&mut self.carry);
            joined.extend_from_slice(chunk);
            Cow::Owned(joined)
        };
        let start = self.text.len();
        let (state, before) = (self.codec.decoder_state(), self.codec);
        let mut used = match self.codec.decode(&input, input_start == 0, last, self.errors, &mut self.text) {
            Ok(used) => used,
            Err(e) => {
                self.carry = input.into_owned();
                return Err(e);
            }
        };
        // A final '\r' may be the first half of "\r\n": decide next time.
        if !last && self.text.ends_with('\r') {
            self.text.pop();
            let step = Step { before, input: &input, at_start: input_start == 0, errors: self.errors };
            match step.cr_start(self.codec, used, self.text.len() - start) {
                Some((len, at, codec)) => {
                    self.text.truncate(start + len);
                    (used, self.codec) = (at, codec);
                }
                None => used -= self.codec.cr_bytes().len(),
            }
        }
        // Keep the undecoded tail without copying the bytes before it again
        // (a codec that waits for the end, as punycode, keeps everything).
        self.carry = match input {
            Cow::Owned(mut joined) => {
                joined.drain(..used);
                joined
            }
            Cow::Borrowed(chunk) => chunk[used..].to_vec(),
        };
        let decoded_any = self.text.len() > start;
        if decoded_any {
            self.chunks.push((start, input_start, state));
            if let Cow::Owned(translated) = self.newline.decode(&self.text[start..], &mut self.seen) {
                self.text.truncate(start);
                self.text.push_str(&translated);
            }
        }
        Ok(!last || decoded_any)
    }

    /// Drops the chunks wholly before the read position, so the text held
    /// stays small however long the file.
    pub(super) fn compact(&mut self) {
        if self.tpos == self.text.len() {
            self.text.clear();
            self.chunks.clear();
            self.tpos = 0;
            return;
        }
        let k = self.chunks.partition_point(|&(off, ..)| off <= self.tpos);
        if k <= 1 {
            return;
        }
        let cut = self.chunks[k - 1].0;
        self.text.drain(..cut);
        self.tpos -= cut;
        self.chunks.drain(..k - 1);
        for chunk in &mut self.chunks {
            chunk.0 -= cut;
        }
    }
}
