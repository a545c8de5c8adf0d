//! Reading: `read`, `read1`, `readall`, `readinto`, `readline`, `readlines`.
//!
//! Each method is a poll loop over the same three steps: get ready (writes
//! drained, nothing in flight), take from the window if it holds enough, else
//! start one fill and wait. Bytes are only consumed in the step that returns,
//! so a dropped future never loses any.

use std::future::{Future, poll_fn};
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use bytes::Bytes;

use super::engine::Want;
use super::{CLOSED_DOT, File};
use crate::error::Result;

impl File {
    /// Reads up to `size` bytes, or to end of file with `None`; fewer only at
    /// end of file. The bytes are a slice of the read buffer, not a copy.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("x");
    /// # std::fs::write(&path, b"hello world")?;
    /// let mut f = afile_core::open(&path, "rb").await?;
    /// assert_eq!(f.read(5).await?, "hello");
    /// assert_eq!(f.read(None).await?, " world");
    /// assert_eq!(f.read(5).await?, ""); // end of file
    /// # Ok(()) }
    /// ```
    #[inline]
    pub fn read(
        &mut self,
        size: impl Into<Option<usize>>,
    ) -> impl Future<Output = Result<Bytes>> + Send + '_ {
        ReadBytes { file: self, size: size.into() }
    }

    /// Reads to end of file (CPython's `readall`).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("x");
    /// # std::fs::write(&path, b"all of it")?;
    /// let mut f = afile_core::open(&path, "rb").await?;
    /// assert_eq!(f.readall().await?, "all of it");
    /// # Ok(()) }
    /// ```
    pub async fn readall(&mut self) -> Result<Bytes> {
        if self.class == super::Class::Raw && self.check_open(super::CLOSED).is_ok() && !self.mode.readable()
        {
            // CPython's `FileIO.readall` does not check the mode: its read
            // of a descriptor open only for writing fails with `EBADF`.
            return Err(crate::sys::posix_error(crate::sys::Posix::BadF).into());
        }
        self.check_read("read of closed file", "read")?;
        poll_fn(|cx| self.poll_read_all(cx)).await
    }

    /// Reads into `buf` until it is full or the file ends; returns the count.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("x");
    /// # std::fs::write(&path, b"hello")?;
    /// let mut f = afile_core::open(&path, "rb").await?;
    /// let mut buf = [0u8; 8];
    /// assert_eq!(f.readinto(&mut buf).await?, 5);
    /// assert_eq!(&buf[..5], b"hello");
    /// # Ok(()) }
    /// ```
    #[inline]
    pub fn readinto<'a>(&'a mut self, buf: &'a mut [u8]) -> impl Future<Output = Result<usize>> + Send + 'a {
        ReadInto { file: self, buf }
    }

    /// Reads one line, keeping its `\n`; at most `limit` bytes if given.
    /// Returns an empty `Bytes` at end of file.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("x");
    /// # std::fs::write(&path, b"one\ntwo")?;
    /// let mut f = afile_core::open(&path, "rb").await?;
    /// assert_eq!(f.readline(None).await?, "one\n");
    /// assert_eq!(f.readline(2).await?, "tw");
    /// assert_eq!(f.readline(None).await?, "o");
    /// assert_eq!(f.readline(None).await?, "");
    /// # Ok(()) }
    /// ```
    pub async fn readline(&mut self, limit: impl Into<Option<usize>>) -> Result<Bytes> {
        self.check_read("readline of closed file", "read")?;
        let limit = limit.into().unwrap_or(usize::MAX);
        if let Some(window) = self.idle_window() {
            let scan = &window[..window.len().min(limit)];
            crate::work::looked(scan.len());
            if let Some(i) = memchr::memchr(b'\n', scan) {
                return Ok(self.take(i + 1));
            }
            if scan.len() == limit {
                return Ok(self.take(limit));
            }
        }
        let mut scanned = 0;
        poll_fn(|cx| self.poll_readline(cx, limit, &mut scanned)).await
    }

    /// Reads the remaining lines; with a `hint`, stops after the line that
    /// takes the total past `hint` bytes.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("x");
    /// # std::fs::write(&path, b"a\nb\nc")?;
    /// let mut f = afile_core::open(&path, "rb").await?;
    /// assert_eq!(f.readlines(1).await?, ["a\n"]);
    /// assert_eq!(f.readlines(None).await?, ["b\n", "c"]);
    /// # Ok(()) }
    /// ```
    pub async fn readlines(&mut self, hint: impl Into<Option<usize>>) -> Result<Vec<Bytes>> {
        self.check_open(CLOSED_DOT)?;
        let hint = hint.into().filter(|h| *h > 0).unwrap_or(usize::MAX);
        let mut lines = Vec::new();
        let mut total = 0usize;
        loop {
            let line = self.readline(None).await?;
            if line.is_empty() {
                break;
            }
            let len = line.len();
            lines.push(line);
            // CPython stops once a line takes the total past the hint.
            if len > hint - total {
                break;
            }
            total += len;
        }
        Ok(lines)
    }

    pub(crate) fn poll_read_exact(&mut self, cx: &mut Context<'_>, n: usize) -> Poll<Result<Bytes>> {
        loop {
            ready!(self.poll_read_ready(cx))?;
            let avail = self.available().len();
            if avail >= n || self.at_eof() {
                return Poll::Ready(Ok(self.take(n.min(avail))));
            }
            ready!(self.poll_more(cx, self.want_for_read(avail, n)))?;
        }
    }

    fn poll_read_all(&mut self, cx: &mut Context<'_>) -> Poll<Result<Bytes>> {
        loop {
            ready!(self.poll_read_ready(cx))?;
            if self.at_eof() {
                let avail = self.available().len();
                return Poll::Ready(Ok(self.take(avail)));
            }
            ready!(self.poll_more(cx, Want::ToEnd))?;
        }
    }

    fn poll_readinto(&mut self, cx: &mut Context<'_>, buf: &mut [u8]) -> Poll<Result<usize>> {
        let n = buf.len();
        loop {
            ready!(self.poll_read_ready(cx))?;
            let avail = self.available().len();
            if avail >= n || self.at_eof() {
                return Poll::Ready(Ok(self.take_into(buf)));
            }
            let remaining = n - avail;
            if remaining >= self.chunk
                && let Some(done) = self.readinto_in_task(buf, avail)
            {
                return Poll::Ready(Ok(done));
            }
            let want = if remaining > self.chunk || self.buffer_size == 0 { remaining } else { self.chunk };
            ready!(self.poll_more(cx, Want::Bytes { want, min: remaining }))?;
        }
    }

    /// `readinto` of at least a chunk, in the task, straight into the
    /// caller's memory: the `avail` buffered bytes, then what the page cache
    /// holds. `None` if the cache did not hold it all: the bytes that came
    /// in become the window (so a cancelled call consumed nothing) and the
    /// executor reads the rest.
    fn readinto_in_task(&mut self, buf: &mut [u8], avail: usize) -> Option<usize> {
        let raw = self.raw.clone()?;
        if self.inflight.is_some() || !self.try_in_task(&raw) {
            return None;
        }
        let at = self.pos;
        self.read.copy_to(at, &mut buf[..avail]);
        let (got, eof) = raw.read_exact_nowait(at + avail as u64, &mut buf[avail..]);
        let done = avail + got;
        if done == buf.len() || eof {
            self.read.clear();
            self.pos = at + done as u64;
            return Some(done);
        }
        // Without memory for them, the bytes are read again from the file.
        if let Ok(mut kept) = crate::memory::with_capacity(done) {
            kept.extend_from_slice(&buf[..done]);
            self.read.install(kept, at, false);
        }
        None
    }

    /// The buffered bytes at the position, filling once if there are none,
    /// for the text layer's next chunk of up to `room` bytes: what
    /// CPython's `TextIOWrapper` gets from `read1(chunk size)`, the buffered
    /// bytes or else one read of at least `room` bytes, whatever the
    /// buffer size.
    pub(crate) fn poll_text_chunk(&mut self, cx: &mut Context<'_>, room: usize) -> Poll<Result<&[u8]>> {
        self.check_read("read of closed file", "read")?;
        ready!(self.poll_some(cx, room))?;
        Poll::Ready(Ok(self.available()))
    }

    /// Fills more after the `scanned` buffered bytes, keeping them, for a
    /// line that runs past the window (the text layer's fast path for
    /// UTF-8 lines). `false` at end of file, when nothing more can come.
    pub(crate) fn poll_line_more(&mut self, cx: &mut Context<'_>, scanned: usize) -> Poll<Result<bool>> {
        ready!(self.poll_read_ready(cx))?;
        if self.at_eof() {
            return Poll::Ready(Ok(false));
        }
        let want = self.want_for_line(scanned, usize::MAX);
        ready!(self.poll_more(cx, want))?;
        Poll::Ready(Ok(true))
    }

    /// The next line, at most `limit` bytes. `scanned` says how many of the
    /// buffered bytes are known to hold no `\n` (0 at the first call for a
    /// line): fills only add bytes after them, so each byte of a long line
    /// is searched once.
    pub(crate) fn poll_readline(
        &mut self,
        cx: &mut Context<'_>,
        limit: usize,
        scanned: &mut usize,
    ) -> Poll<Result<Bytes>> {
        loop {
            ready!(self.poll_read_ready(cx))?;
            let avail = self.available();
            let scan = &avail[..avail.len().min(limit)];
            let from = (*scanned).min(scan.len());
            crate::work::looked(scan.len() - from);
            let take = match memchr::memchr(b'\n', &scan[from..]) {
                Some(i) => Some(from + i + 1),
                None if scan.len() == limit || self.at_eof() => Some(scan.len()),
                None => None,
            };
            if let Some(k) = take {
                *scanned = 0;
                return Poll::Ready(Ok(self.take(k)));
            }
            *scanned = scan.len();
            let want = self.want_for_line(scan.len(), limit);
            ready!(self.poll_more(cx, want))?;
        }
    }
}

/// The future of [`File::read`]. Its `poll` is inlined into the caller, so
/// a read served from the window costs no call; anything else goes to the
/// poll loops above. Nothing happens before the first poll.
struct ReadBytes<'a> {
    file: &'a mut File,
    size: Option<usize>,
}

impl Future for ReadBytes<'_> {
    type Output = Result<Bytes>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<Bytes>> {
        let this = self.get_mut();
        let file = &mut *this.file;
        file.check_read("read of closed file", "read")?;
        let Some(n) = this.size else {
            return file.poll_read_all(cx);
        };
        if file.idle_window().is_some_and(|w| w.len() >= n) {
            return Poll::Ready(Ok(file.take(n)));
        }
        file.poll_read_exact(cx, n)
    }
}

/// The future of [`File::readinto`], inlined like [`ReadBytes`].
struct ReadInto<'a> {
    file: &'a mut File,
    buf: &'a mut [u8],
}

impl Future for ReadInto<'_> {
    type Output = Result<usize>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<usize>> {
        let this = self.get_mut();
        let file = &mut *this.file;
        file.check_read("readinto of closed file", "read")?;
        if file.idle_window().is_some_and(|w| w.len() >= this.buf.len()) {
            return Poll::Ready(Ok(file.take_into(this.buf)));
        }
        file.poll_readinto(cx, this.buf)
    }
}
