//! Reads that make at most one read from the file: `read1` and
//! `readinto1`, with the amounts CPython 3.12's `BufferedReader` gives
//! (`Modules/_io/bufferedio.c`), whatever the buffer size.

use std::future::poll_fn;
use std::task::{Context, Poll, ready};

use bytes::Bytes;

use super::File;
use super::engine::Want;
use crate::error::Result;

impl File {
    /// Reads at most `size` bytes (`None`: the buffer size) with at most one
    /// read from the file: the buffered bytes if there are any, else one
    /// read of `size` bytes straight from the file (CPython's rule; that
    /// read asks for at most 64 MiB, however large `size` is).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("x");
    /// # std::fs::write(&path, b"hello")?;
    /// let mut f = afile_core::open(&path, "rb").await?;
    /// assert_eq!(f.read1(3).await?, "hel");
    /// assert_eq!(f.read1(None).await?, "lo");
    /// # Ok(()) }
    /// ```
    pub async fn read1(&mut self, size: impl Into<Option<usize>>) -> Result<Bytes> {
        self.check_read("read of closed file", "read1")?;
        let n = size.into().unwrap_or(if self.buffer_size == 0 { 8192 } else { self.buffer_size });
        poll_fn(|cx| self.poll_read1(cx, n)).await
    }

    /// Reads into `buf` with at most one read from the file, as
    /// [`read1`](File::read1) but into the caller's memory (CPython's
    /// `BufferedIOBase.readinto1`): the buffered bytes first; then, if
    /// they did not fill `buf`, one read — straight into `buf` when more
    /// than a buffer's size is missing, else (only when nothing was
    /// buffered) a buffer fill of which `buf` gets what fits. Returns the
    /// count; 0 at end of file or for an empty `buf`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("x");
    /// # std::fs::write(&path, b"hello world")?;
    /// let mut f = afile_core::open(&path, "rb").await?;
    /// let mut buf = [0u8; 3];
    /// assert_eq!(f.readinto1(&mut buf).await?, 3);
    /// assert_eq!(&buf, b"hel");
    /// let mut rest = [0u8; 100];
    /// let n = f.readinto1(&mut rest).await?;
    /// assert_eq!(&rest[..n], b"lo world");
    /// assert_eq!(f.readinto1(&mut rest).await?, 0); // end of file
    /// # Ok(()) }
    /// ```
    pub async fn readinto1(&mut self, buf: &mut [u8]) -> Result<usize> {
        self.check_read("readinto of closed file", "read1")?;
        if self.idle_window().is_some_and(|w| w.len() >= buf.len()) {
            return Ok(self.take_into(buf));
        }
        let mut started = false;
        poll_fn(|cx| self.poll_readinto1(cx, buf, &mut started)).await
    }

    fn poll_read1(&mut self, cx: &mut Context<'_>, n: usize) -> Poll<Result<Bytes>> {
        loop {
            ready!(self.poll_read_ready(cx))?;
            let avail = self.available().len();
            if n == 0 || avail > 0 || self.at_eof() {
                return Poll::Ready(Ok(self.take(n.min(avail))));
            }
            // Nothing buffered: one read of `n`, not a buffer fill (it
            // stops at the first bytes, so the next poll returns them).
            ready!(self.poll_more(cx, Want::Bytes { want: n, min: 1 }))?;
        }
    }

    /// `started`: the one read was started by an earlier poll, so this
    /// one only waits for it.
    fn poll_readinto1(
        &mut self,
        cx: &mut Context<'_>,
        buf: &mut [u8],
        started: &mut bool,
    ) -> Poll<Result<usize>> {
        ready!(self.poll_read_ready(cx))?;
        let n = buf.len();
        let avail = self.available().len();
        if *started || n == 0 || avail >= n || self.at_eof() {
            return Poll::Ready(Ok(self.take_into(buf)));
        }
        let missing = n - avail;
        let want = match (missing > self.buffer_size, avail) {
            // More than a buffer: straight from the file.
            (true, _) => missing,
            // Something buffered already: CPython does not fill its buffer
            // again to add to it.
            (false, 1..) => return Poll::Ready(Ok(self.take_into(buf))),
            (false, 0) => self.chunk,
        };
        *started = true;
        ready!(self.poll_more(cx, Want::Bytes { want, min: 1 }))?;
        Poll::Ready(Ok(self.take_into(buf)))
    }
}
