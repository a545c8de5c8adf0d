//! Decoding: the fill step that decodes one more chunk of the binary file
//! onto the text, holding back what the next chunk decides (an incomplete
//! character, a final `'\r'`), and dropping what has been read.

use std::borrow::Cow;
use std::task::{Context, Poll, ready};

use super::codec::{Codec, Errors};
use super::line::Scan;
use super::{CHUNK, TextFile};
use crate::error::{Error, Result};
use crate::memory;

/// The longest start of `input` that `codec` decodes without an error
/// (an incomplete character at its end waits, as between chunks).
fn clean_prefix(codec: Codec, input: &[u8], at_start: bool, errors: Errors) -> usize {
    let decodes = |k: usize| {
        let (mut codec, mut text) = (codec, String::new());
        codec.decode(&input[..k], at_start, false, errors, &mut text).is_ok()
    };
    let (mut lo, mut hi) = (0, input.len());
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if decodes(mid) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    lo
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

impl TextFile {
    /// Decodes one more chunk onto the text. Returns `false` at end of file
    /// when nothing more came.
    pub(super) async fn fill(&mut self) -> Result<bool> {
        std::future::poll_fn(|cx| self.poll_fill_keeping(cx, None)).await
    }

    /// [`fill`](Self::fill), also appending the chunk's bytes to `raw`.
    pub(super) async fn fill_keeping(&mut self, raw: &mut Vec<u8>) -> Result<bool> {
        std::future::poll_fn(|cx| self.poll_fill_keeping(cx, Some(&mut *raw))).await
    }

    /// Decodes one more chunk, polling the binary file for it: the poll
    /// form of `fill`, so that [`TextLines`](super::TextLines) needs no
    /// boxed future.
    pub(super) fn poll_fill(&mut self, cx: &mut Context<'_>) -> Poll<Result<bool>> {
        self.poll_fill_keeping(cx, None)
    }

    /// [`poll_fill`](Self::poll_fill), keeping a copy of the chunk in `raw`
    /// if given. The memory the chunk needs (its decoded text, at most four
    /// bytes of UTF-8 per byte with every built-in error handler, and the
    /// bytes held back) is reserved before the chunk is taken from the
    /// binary file, so a fill without memory consumes nothing.
    fn poll_fill_keeping(&mut self, cx: &mut Context<'_>, raw: Option<&mut Vec<u8>>) -> Poll<Result<bool>> {
        self.deferred_error()?;
        self.compact();
        let n = ready!(self.file.poll_text_chunk(cx, CHUNK))?.len().min(CHUNK);
        let input_len = self.carry.len() + n;
        memory::reserve_str(&mut self.text, input_len.saturating_mul(4))?;
        if !self.carry.is_empty() {
            memory::reserve_vec(&mut self.carry, n)?;
        }
        if let Some(raw) = raw {
            memory::reserve_vec(raw, n)?;
            raw.extend_from_slice(&self.file.available()[..n]);
        }
        let input_start = self.file.position() - self.carry.len() as u64;
        let chunk = self.file.take(n);
        Poll::Ready(self.decode_chunk(input_start, &chunk))
    }

    /// The decoding half of [`fill`](Self::fill): `chunk` was read from
    /// `input_start` plus the length of `carry`. Returns `false` at end of
    /// file when nothing more came.
    ///
    /// A decode error drops the bytes of the step that failed, as CPython's
    /// incremental decoder has consumed them: the next read goes on after
    /// them, so a loop that catches the error and reads on ends (CPython's
    /// steps are 8 KiB, afile's 64 KiB). An error that is only Rust's (text
    /// that would need a lone surrogate, `surrogateescape`/`surrogatepass`)
    /// waits until a read needs the text past the clean part before it.
    /// Without memory, nothing is dropped.
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
        crate::work::looked(input.len());
        match self.decode_step(input_start, &input, last) {
            Ok((used, decoded_any)) => {
                // Keep the undecoded tail without copying the bytes before it
                // again (a codec that waits for the end, as punycode, keeps
                // everything).
                self.carry = match input {
                    Cow::Owned(mut joined) => {
                        joined.drain(..used);
                        joined
                    }
                    Cow::Borrowed(chunk) => chunk[used..].to_vec(),
                };
                Ok(!last || decoded_any)
            }
            Err(e) if e.kind() == std::io::ErrorKind::OutOfMemory => {
                self.carry = input.into_owned();
                Err(e)
            }
            Err(e) => self.after_error(input_start, &input, e),
        }
    }

    /// Decodes `input` (from `input_start`) onto the text, holding back a
    /// final `'\r'`: how many bytes it used and whether it decoded any.
    fn decode_step(&mut self, input_start: u64, input: &[u8], last: bool) -> Result<(usize, bool)> {
        let start = self.text.len();
        let (state, before) = (self.codec.decoder_state(), self.codec);
        let mut used = self.codec.decode(input, input_start == 0, last, self.errors, &mut self.text)?;
        // A final '\r' may be the first half of "\r\n": decide next time.
        if !last && self.text.ends_with('\r') {
            self.text.pop();
            let step = Step { before, input, at_start: input_start == 0, errors: self.errors };
            match step.cr_start(self.codec, used, self.text.len() - start) {
                Some((len, at, codec)) => {
                    self.text.truncate(start + len);
                    (used, self.codec) = (at, codec);
                }
                None => used -= self.codec.cr_bytes().len(),
            }
        }
        let decoded_any = self.text.len() > start;
        if decoded_any {
            self.chunks.push((start, input_start, state));
            if let Cow::Owned(translated) = self.newline.decode(&self.text[start..], &mut self.seen) {
                self.text.truncate(start);
                self.text.push_str(&translated);
            }
        }
        Ok((used, decoded_any))
    }

    /// After decoding `input` failed with `err` (the codec is as it was
    /// before): the step's bytes are dropped and `err` returned, unless
    /// `err` only says a Rust `String` cannot hold the text; then the text
    /// before the bad bytes is decoded, and `err` kept for the read that
    /// needs what follows.
    fn after_error(&mut self, input_start: u64, input: &[u8], err: Error) -> Result<bool> {
        self.carry.clear();
        let lone_surrogate = matches!(self.errors, Errors::SurrogateEscape | Errors::SurrogatePass)
            && matches!(&err, Error::Decode(m) if m.contains("which a Rust String cannot hold"));
        if !lone_surrogate {
            return Err(err);
        }
        let clean = clean_prefix(self.codec, input, input_start == 0, self.errors);
        match self.decode_step(input_start, &input[..clean], false) {
            Ok((used, true)) => {
                let mut rest = Vec::new();
                memory::reserve_vec(&mut rest, input.len() - used)?;
                rest.extend_from_slice(&input[used..]);
                self.carry = rest;
                self.deferred = Some(err);
                Ok(true)
            }
            _ => Err(err),
        }
    }

    /// The error kept by [`after_error`](Self::after_error), once a read
    /// needs the text past what decoded: the bytes it was about are
    /// dropped with it.
    fn deferred_error(&mut self) -> Result<()> {
        match self.deferred.take() {
            Some(err) => {
                self.carry.clear();
                Err(err)
            }
            None => Ok(()),
        }
    }

    /// Drops the chunks wholly before the read position, so the text held
    /// stays small however long the file.
    pub(super) fn compact(&mut self) {
        if self.tpos == self.text.len() {
            self.text.clear();
            self.chunks.clear();
            self.tpos = 0;
            self.scan = Scan::default();
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
