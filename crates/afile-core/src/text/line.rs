//! Finding the next line: straight from the binary window for clean UTF-8
//! ([`Clean`]), else in the decoded text ([`Scan`]). Both remember how far
//! they have looked, so a line of any length is searched once, byte by
//! byte, however many refills it takes: the work is linear in the line.

use std::task::{Context, Poll, ready};

use super::newline::{Newline, SEEN_LF};
use super::{CHUNK, TextFile};
use crate::error::Result;
use crate::memory;

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
    /// The bytes from the read position up to this offset hold no `\n`
    /// (when it lies between them and `until`).
    searched: u64,
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

/// How far the search for the end of the next line has got in the decoded
/// text: `text[tpos..tpos + rel]` holds no line end and (if counted)
/// `chars` characters. Offsets are relative to `tpos`, which
/// [`compact`](TextFile::compact) may move; it is reset whenever `tpos`
/// moves on or the text is dropped.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Scan {
    rel: usize,
    chars: Option<usize>,
}

/// The byte index just past the first `n` characters of `s`, or the number
/// of characters in `s` when it has fewer.
pub(super) fn nth_char_end(s: &str, n: usize) -> Result<usize, usize> {
    if n == 0 {
        return Ok(0);
    }
    let mut count = 0;
    for (i, c) in s.char_indices() {
        count += 1;
        if count == n {
            return Ok(i + c.len_utf8());
        }
    }
    Err(count)
}

impl TextFile {
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
            *clean = Clean { from: pos, until: pos, searched: pos };
        }
        let mut checked = (clean.until - pos) as usize;
        if checked > window.len() {
            *clean = Clean::default();
            return Decode;
        }
        // `searched` lies in the run (it is only set there), so past `pos`
        // it counts bytes known to hold no '\n'.
        let mut searched = clean.searched.saturating_sub(pos) as usize;
        loop {
            crate::work::looked(checked - searched);
            if let Some(i) = memchr::memchr(b'\n', &window[searched..checked]) {
                // SAFETY: these bytes lie in the clean run, which was checked
                // with `from_utf8` chunk by chunk from a character boundary,
                // and the window still holds them as checked (every write,
                // seek or loan of the binary file resets the run). The line
                // starts at the run's start or after a '\n', and ends after one.
                return Line(unsafe { std::str::from_utf8_unchecked(&window[..searched + i + 1]) });
            }
            searched = checked;
            clean.searched = pos + checked as u64;
            let more = &window[checked..window.len().min(checked + CHUNK)];
            crate::work::looked(more.len());
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
            memory::push_str(out, line)?;
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
                    memory::push_str(out, line)?;
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
            memory::push_str(out, &self.text[self.tpos..self.tpos + end])?;
            self.advance(end);
            return Poll::Ready(Ok(end));
        }
    }

    /// The end of the next line in the decoded text (at most `limit`
    /// characters), if it is all there. Looks only at the text that came
    /// since the last call for the same line.
    #[inline]
    pub(super) fn line_in_text(&mut self, limit: Option<usize>) -> Option<usize> {
        if limit.is_none() && self.scan.rel == 0 {
            // The common case: the decoded text holds the whole line.
            let rest = &self.text.as_bytes()[self.tpos..];
            if let Some(end) = self.newline.line_end(rest) {
                crate::work::looked(end);
                return Some(end);
            }
        }
        self.line_in_text_scan(limit)
    }

    /// [`line_in_text`](Self::line_in_text) for a line that runs past the
    /// decoded text, or with a limit: goes on where the last look stopped.
    #[inline(never)]
    fn line_in_text_scan(&mut self, limit: Option<usize>) -> Option<usize> {
        let rest = &self.text[self.tpos..];
        let Scan { mut rel, chars } = self.scan;
        let mut chars = chars.unwrap_or(0);
        if limit.is_some_and(|n| self.scan.chars.is_none_or(|c| c >= n)) {
            // The characters before `rel` were not counted (or for a larger
            // limit, of a call that was dropped): count from the start.
            (rel, chars) = (0, 0);
        }
        // "\r\n" may straddle the point where the last look stopped.
        let look = if self.newline == Newline::CrLf { rel.saturating_sub(1) } else { rel };
        let line = self.newline.line_end(&rest.as_bytes()[look..]).map(|e| look + e);
        crate::work::looked(line.unwrap_or(rest.len()) - look);
        if let Some(n) = limit {
            let stop = line.unwrap_or(rest.len());
            crate::work::looked(stop - rel);
            match nth_char_end(&rest[rel..stop], n - chars) {
                Ok(i) => return Some(rel + i),
                Err(counted) => chars += counted,
            }
        }
        if line.is_some() {
            return line;
        }
        self.scan = Scan { rel: rest.len(), chars: limit.map(|_| chars) };
        None
    }

    /// Moves the read position `len` bytes on in the decoded text.
    pub(super) fn advance(&mut self, len: usize) {
        self.write_at = None;
        self.tpos += len;
        self.scan = Scan::default();
    }
}
