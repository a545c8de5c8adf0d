//! Reading text: `read`, `readline`, `readlines`, and the fill step that
//! decodes one more chunk.

use std::borrow::Cow;

use super::codec::{Codec, Errors};
use super::{CHUNK, TextFile};
use crate::error::Result;

/// One decode step, to find again where a held-back `'\r'` starts.
struct Step<'a> {
    /// The codec as it was before the step.
    before: Codec,
    input: &'a [u8],
    at_start: bool,
    errors: Errors,
}

impl Step<'_> {
    /// Where the `'\r'` that ends the text of `input[..used]` starts, and
    /// the codec as it stands there: `kept` is the length of the text before
    /// the `'\r'`. Usually the `'\r'` is the last thing decoded; but bytes
    /// that made no text may follow it (ignored by `errors="ignore"`, an
    /// escape sequence, an escape that decodes to nothing), and a stateful
    /// codec's state must be the one at the `'\r'`. Then the longest prefix
    /// whose text stops before the `'\r'` is found by bisection (text grows
    /// with input). `None` if a trial decode fails.
    fn cr_start(&self, after: Codec, used: usize, kept: usize) -> Option<(usize, Codec)> {
        let cr = after.cr_bytes();
        if !matches!(after, Codec::Stateful { .. }) && self.input[..used].ends_with(&cr) {
            return Some((used - cr.len(), after));
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
        (best.0 == kept).then_some((best.1, best.2))
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
        let limit = limit.into();
        loop {
            if let Some(end) = self.line_in_text(limit) {
                return Ok(self.take(end));
            }
            if !self.fill().await? {
                let end = self.text.len() - self.tpos;
                return Ok(self.take(end));
            }
        }
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
                Some((at, codec)) => (used, self.codec) = (at, codec),
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
