//! tokio's I/O traits for [`File`], and the [`Lines`] stream.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use bytes::Bytes;
use futures_core::Stream;
use tokio::io::{AsyncBufRead, AsyncRead, AsyncSeek, AsyncWrite, ReadBuf};

use super::engine::Want;
use super::{CLOSED_DOT, File};
use crate::error::Result;

impl File {
    /// The remaining lines, each keeping its `\n` (the last may lack one):
    /// Python's `async for line in f`. Lines are slices of the read buffer,
    /// so iterating costs no copy and no executor hop until the buffer runs
    /// out.
    ///
    /// Iterate with the inherent [`Lines::next`], or with any
    /// [`Stream`] combinator (`futures::StreamExt`, `tokio_stream::StreamExt`).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("x");
    /// # std::fs::write(&path, b"a\nb\nc")?;
    /// let mut f = afile_core::open(&path, "rb").await?;
    /// let mut lines = f.lines();
    /// let mut seen = Vec::new();
    /// while let Some(line) = lines.next().await {
    ///     seen.push(line?);
    /// }
    /// assert_eq!(seen, ["a\n", "b\n", "c"]);
    /// # Ok(()) }
    /// ```
    ///
    /// The same lines through `futures::StreamExt` (or `tokio_stream`'s):
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("x");
    /// # std::fs::write(&path, b"a\nb\nc")?;
    /// use futures::TryStreamExt;
    ///
    /// let mut f = afile_core::open(&path, "rb").await?;
    /// let lines: Vec<_> = f.lines().try_collect().await?;
    /// assert_eq!(lines, ["a\n", "b\n", "c"]);
    /// # Ok(()) }
    /// ```
    ///
    /// # Name clash with `tokio::io::AsyncBufReadExt`
    ///
    /// `File` is tokio's `AsyncBufRead`, and Rust tries a by-value method
    /// before a `&mut self` one, so with `AsyncBufReadExt` in scope
    /// `f.lines()` on an owned `File` is tokio's `lines(self)`, which moves
    /// the file. afile makes that switch a compile error wherever afile's
    /// stream is used: tokio's `Lines` has no `next`, is no `Stream`, and
    /// the file is gone afterwards. This loop compiles:
    ///
    /// ```
    /// # async fn f(path: &std::path::Path) -> afile_core::Result<()> {
    /// let mut f = afile_core::open(path, "rb").await?;
    /// let mut lines = f.lines();
    /// while let Some(line) = lines.next().await {
    ///     line?;
    /// }
    /// f.close().await?;
    /// # Ok(()) }
    /// ```
    ///
    /// and the same loop with tokio's trait imported does not (E0599, no
    /// `next` on `tokio::io::Lines`), also with a `StreamExt` in scope:
    ///
    /// ```compile_fail,E0599
    /// # async fn f(path: &std::path::Path) -> afile_core::Result<()> {
    /// use tokio::io::AsyncBufReadExt;
    ///
    /// let mut f = afile_core::open(path, "rb").await?;
    /// let mut lines = f.lines();
    /// while let Some(line) = lines.next().await {
    ///     line?;
    /// }
    /// f.close().await?;
    /// # Ok(()) }
    /// ```
    ///
    /// ```compile_fail,E0599
    /// # async fn f(path: &std::path::Path) -> afile_core::Result<()> {
    /// use futures::StreamExt;
    /// use tokio::io::AsyncBufReadExt;
    ///
    /// let mut f = afile_core::open(path, "rb").await?;
    /// let mut lines = f.lines();
    /// while let Some(line) = lines.next().await {
    ///     line?;
    /// }
    /// f.close().await?;
    /// # Ok(()) }
    /// ```
    ///
    /// Where tokio's trait is in scope, name afile's method; on a `&mut File`
    /// (a function argument) `f.lines()` is afile's anyway:
    ///
    /// ```
    /// # async fn f(path: &std::path::Path) -> afile_core::Result<()> {
    /// use afile_core::File;
    /// use tokio::io::AsyncBufReadExt;
    ///
    /// let mut f = afile_core::open(path, "rb").await?;
    /// let mut lines = File::lines(&mut f);
    /// while let Some(line) = lines.next().await {
    ///     line?;
    /// }
    /// f.close().await?;
    ///
    /// async fn count(f: &mut File) -> afile_core::Result<usize> {
    ///     let (mut lines, mut n) = (f.lines(), 0);
    ///     while let Some(line) = lines.next().await {
    ///         line?;
    ///         n += 1;
    ///     }
    ///     Ok(n)
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// The guide's "`lines()` and tokio's `AsyncBufReadExt`" says why afile
    /// keeps both the name and `AsyncBufRead`.
    pub fn lines(&mut self) -> Lines<'_> {
        Lines { file: self, scanned: 0 }
    }
}

/// The stream returned by [`File::lines`].
#[derive(Debug)]
#[must_use = "streams do nothing unless polled"]
pub struct Lines<'a> {
    file: &'a mut File,
    /// How many buffered bytes of the line being read hold no `\n`.
    scanned: usize,
}

impl Lines<'_> {
    /// The next line, or `None` at end of file: tokio's `next_line`, named
    /// as [`Stream`]'s `next` so that `while let Some(line) =
    /// lines.next().await` reads as Python's `async for`. Cancel-safe: a
    /// dropped call consumed nothing.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("x");
    /// # std::fs::write(&path, b"one\ntwo\n")?;
    /// let mut f = afile_core::open(&path, "rb").await?;
    /// let mut lines = f.lines();
    /// while let Some(line) = lines.next().await {
    ///     assert!(line?.ends_with(b"\n"));
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn next(&mut self) -> Option<Result<Bytes>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl Stream for Lines<'_> {
    type Item = Result<Bytes>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        let file = &mut *this.file;
        if let Err(e) =
            file.check_open(CLOSED_DOT).and_then(|()| file.check_read("readline of closed file", "read"))
        {
            return Poll::Ready(Some(Err(e)));
        }
        if this.scanned == 0
            && let Some(i) = file.idle_window().and_then(|w| {
                crate::work::looked(w.len());
                memchr::memchr(b'\n', w)
            })
        {
            return Poll::Ready(Some(Ok(file.take(i + 1))));
        }
        match ready!(file.poll_readline(cx, usize::MAX, &mut this.scanned)) {
            Ok(line) if line.is_empty() => Poll::Ready(None),
            other => Poll::Ready(Some(other)),
        }
    }
}

impl File {
    /// Buffered bytes at the position, filling once if there are none; empty
    /// at end of file. `room` is how much the caller can take.
    pub(super) fn poll_some(&mut self, cx: &mut Context<'_>, room: usize) -> Poll<Result<()>> {
        loop {
            ready!(self.poll_read_ready(cx))?;
            if !self.available().is_empty() || self.at_eof() {
                return Poll::Ready(Ok(()));
            }
            let want = room.max(self.chunk);
            ready!(self.poll_more(cx, Want::Bytes { want, min: 1 }))?;
        }
    }
}

impl AsyncRead for File {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let file = self.get_mut();
        file.check_read("read of closed file", "read")?;
        ready!(file.poll_some(cx, buf.remaining()))?;
        let n = file.take_into(buf.initialize_unfilled());
        buf.advance(n);
        Poll::Ready(Ok(()))
    }
}

impl AsyncBufRead for File {
    fn poll_fill_buf(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<&[u8]>> {
        let file = self.get_mut();
        file.check_read("read of closed file", "read")?;
        ready!(file.poll_some(cx, 0))?;
        Poll::Ready(Ok(file.available()))
    }

    #[inline]
    fn consume(self: Pin<&mut Self>, amt: usize) {
        let file = self.get_mut();
        let n = amt.min(file.available().len());
        file.read.advance_within(file.pos, n);
        file.pos += n as u64;
        if file.buffer_size == 0 {
            file.read.clear();
        }
    }
}

impl AsyncWrite for File {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let file = self.get_mut();
        file.check_write("write to closed file")?;
        Poll::Ready(Ok(ready!(file.poll_write_buf(cx, buf))?))
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let file = self.get_mut();
        file.check_open(file.flush_closed_text())?;
        Poll::Ready(Ok(ready!(file.poll_flush_buf(cx))?))
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.poll_flush(cx)
    }
}

impl AsyncSeek for File {
    fn start_seek(self: Pin<&mut Self>, position: io::SeekFrom) -> io::Result<()> {
        let file = self.get_mut();
        file.check_seek()?;
        file.last_other = None;
        file.seek_target = Some(position);
        Ok(())
    }

    fn poll_complete(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<u64>> {
        let file = self.get_mut();
        let Some(target) = file.seek_target else {
            return Poll::Ready(Ok(file.pos));
        };
        let res = ready!(file.poll_seek(cx, target));
        file.seek_target = None;
        Poll::Ready(Ok(res?))
    }
}
