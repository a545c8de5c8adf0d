//! Writing and positioning: `write`, `writelines`, `flush`, `seek`, `tell`,
//! `truncate`, `sync_all`.

use std::future::poll_fn;
use std::io::SeekFrom;
use std::task::{Context, Poll, ready};

use super::engine::Other;
use super::{CLOSED, CLOSED_DOT, Class, File};
use crate::error::{Error, Result};
use crate::sys::{self, Posix};

impl File {
    /// Writes all of `data` and returns its length. The bytes are buffered and
    /// written behind; an error writing them is returned by a later `write`,
    /// `flush` or `close`. Unbuffered files (`buffering(0)`) write before
    /// returning. In append mode the bytes go to the end of the file.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("x");
    /// let mut f = afile_core::open(&path, "wb").await?;
    /// assert_eq!(f.write(b"hello").await?, 5);
    /// f.close().await?;
    /// assert_eq!(std::fs::read(&path)?, b"hello");
    /// # Ok(()) }
    /// ```
    pub async fn write(&mut self, data: &[u8]) -> Result<usize> {
        if self.accepts_now(data.len()) {
            self.buffer_now(data);
            return Ok(data.len());
        }
        self.check_write("write to closed file")?;
        let n = poll_fn(|cx| self.poll_write_buf(cx, data)).await?;
        if self.buffer_size == 0 {
            poll_fn(|cx| self.poll_flush_buf(cx)).await?;
        }
        Ok(n)
    }

    /// Writes each item in turn, with no separators.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("x");
    /// let mut f = afile_core::open(&path, "wb").await?;
    /// f.writelines(["a\n", "b\n"]).await?;
    /// f.close().await?;
    /// assert_eq!(std::fs::read(&path)?, b"a\nb\n");
    /// # Ok(()) }
    /// ```
    pub async fn writelines<I>(&mut self, lines: I) -> Result<()>
    where
        I: IntoIterator,
        I::Item: AsRef<[u8]>,
    {
        self.check_open(CLOSED_DOT)?;
        for line in lines {
            self.write(line.as_ref()).await?;
        }
        Ok(())
    }

    /// Writes out everything buffered and waits for it.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("x");
    /// let mut f = afile_core::open(&path, "wb").await?;
    /// f.write(b"now").await?;
    /// f.flush().await?;
    /// assert_eq!(std::fs::read(&path)?, b"now");
    /// # Ok(()) }
    /// ```
    pub async fn flush(&mut self) -> Result<()> {
        self.check_open(self.flush_closed_text())?;
        poll_fn(|cx| self.poll_flush_buf(cx)).await
    }

    /// Moves the position and returns it. Seeking past the end is allowed (a
    /// later write fills the gap with zeros); before the start is `EINVAL`,
    /// as in CPython. Seeks inside the read buffer cost no system call.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("x");
    /// # std::fs::write(&path, b"0123456789")?;
    /// use std::io::SeekFrom;
    /// let mut f = afile_core::open(&path, "rb").await?;
    /// assert_eq!(f.seek(SeekFrom::End(-3)).await?, 7);
    /// assert_eq!(f.read(None).await?, "789");
    /// assert!(f.seek(SeekFrom::Current(-100)).await.is_err());
    /// # Ok(()) }
    /// ```
    pub async fn seek(&mut self, pos: SeekFrom) -> Result<u64> {
        self.check_seek()?;
        self.last_other = None;
        poll_fn(|cx| self.poll_seek(cx, pos)).await
    }

    /// The current position.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("x");
    /// let mut f = afile_core::open(&path, "wb").await?;
    /// f.write(b"abc").await?;
    /// assert_eq!(f.tell().await?, 3);
    /// # Ok(()) }
    /// ```
    pub async fn tell(&mut self) -> Result<u64> {
        let seekable = self.raw_ref(CLOSED)?.seekable;
        if !seekable {
            return Err(sys::posix_error(Posix::Spipe).into());
        }
        if self.mode.appending() {
            let _ = poll_fn(|cx| self.poll_idle(cx)).await;
        }
        Ok(self.pos)
    }

    /// Resizes the file to `size` bytes (`None`: the current position) and
    /// returns the new size. The position does not move.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("x");
    /// # std::fs::write(&path, b"0123456789")?;
    /// let mut f = afile_core::open(&path, "r+b").await?;
    /// assert_eq!(f.truncate(4).await?, 4);
    /// assert_eq!(f.read(None).await?, "0123");
    /// # Ok(()) }
    /// ```
    pub async fn truncate(&mut self, size: impl Into<Option<u64>>) -> Result<u64> {
        if self.class == Class::Raw {
            self.check_write(CLOSED)?;
        } else {
            self.check_open("truncate of closed file")?;
            if !self.mode.writable() {
                return Err(Error::Unsupported("truncate"));
            }
        }
        poll_fn(|cx| self.poll_flush_buf(cx)).await?;
        let size = size.into().unwrap_or(self.pos);
        self.read.clear();
        self.start_other(Other::Truncate, move |raw| raw.set_len(size).map(|()| size))?;
        poll_fn(|cx| self.poll_other(cx, Other::Truncate)).await
    }

    /// Flushes, then asks the OS to write the file's data and metadata to
    /// storage (`fsync`, on the executor): aiofiles' `await f.flush();
    /// os.fsync(f.fileno())` in one call. On a closed file it fails as
    /// `f.fileno()` does in CPython: "I/O operation on closed file".
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("x");
    /// let mut f = afile_core::open(&path, "wb").await?;
    /// f.write(b"durable").await?;
    /// f.sync_all().await?; // flushed first
    /// assert_eq!(std::fs::read(&path)?, b"durable");
    /// f.close().await?;
    /// assert_eq!(f.sync_all().await.unwrap_err().to_string(), "I/O operation on closed file");
    /// # Ok(()) }
    /// ```
    pub async fn sync_all(&mut self) -> Result<()> {
        self.sync(false).await
    }

    /// Like [`sync_all`](File::sync_all), but with `fdatasync`: the data and
    /// only the metadata needed to read it back (Python's `os.fdatasync`).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("x");
    /// let mut f = afile_core::open(&path, "ab").await?;
    /// f.write(b"log line\n").await?;
    /// f.sync_data().await?;
    /// assert_eq!(std::fs::read(&path)?, b"log line\n");
    /// # Ok(()) }
    /// ```
    pub async fn sync_data(&mut self) -> Result<()> {
        self.sync(true).await
    }

    async fn sync(&mut self, data_only: bool) -> Result<()> {
        self.check_open(CLOSED)?;
        poll_fn(|cx| self.poll_flush_buf(cx)).await?;
        self.start_other(Other::Sync, move |raw| {
            match data_only {
                true => raw.sync_data(),
                false => raw.sync_all(),
            }
            .map(|()| 0)
        })?;
        poll_fn(|cx| self.poll_other(cx, Other::Sync)).await.map(drop)
    }

    /// Whether `len` more bytes can go into the write buffer at once, with
    /// nothing to wait for, hand off or report first: the hot path of
    /// `write` (what [`File::poll_write_buf`] would do without waiting).
    #[inline]
    pub(crate) fn accepts_now(&self, len: usize) -> bool {
        let idle = match &self.inflight {
            None => true,
            // A write-behind still running: writes go on into the other
            // buffer (one that has finished is adopted first, by the slow
            // path, so that its error is this write's).
            Some((op, super::engine::Job::Write)) => !op.is_finished(),
            Some(_) => false,
        };
        idle && self.raw.is_some()
            && self.buffer_size != 0
            && self.mode.writable()
            && self.write_error.is_none()
            && !self.stuck
            && (self.wbuf.is_empty() || self.wstart + self.wbuf.len() as u64 == self.pos)
            && self.wbuf.len() + len < self.write_chunk()
    }

    /// Accepts `data` into the write buffer; only after [`File::accepts_now`].
    #[inline]
    pub(crate) fn buffer_now(&mut self, data: &[u8]) {
        if self.wbuf.is_empty() {
            self.wstart = self.pos;
        }
        self.wbuf.extend_from_slice(data);
        self.pos += data.len() as u64;
        self.read.clear();
    }

    pub(crate) fn check_seek(&self) -> Result<()> {
        let text = if self.class == Class::Raw { CLOSED } else { "seek of closed file" };
        if !self.raw_ref(text)?.seekable {
            return Err(sys::posix_error(Posix::Spipe).into());
        }
        Ok(())
    }

    /// Accepts `data` into the write buffer, handing the buffer off when it
    /// is full. Waits only before accepting, so a dropped write accepted
    /// nothing.
    pub(crate) fn poll_write_buf(&mut self, cx: &mut Context<'_>, data: &[u8]) -> Poll<Result<usize>> {
        loop {
            if let Some((op, super::engine::Job::Write)) = &self.inflight
                && op.is_finished()
            {
                // Adopt a write-behind that has finished, so that its error
                // is reported by this write rather than a later call.
                let _ = self.poll_idle(cx);
            }
            if let Some(e) = self.write_error.take() {
                return Poll::Ready(Err(e.into()));
            }
            let write_in_flight = matches!(self.inflight, Some((_, super::engine::Job::Write)));
            if self.stuck && (write_in_flight || self.wbuf.len() + data.len() > self.write_chunk()) {
                // Backpressure: the pending bytes could not be written. Try
                // them again (and wait for the outcome) before growing them,
                // so memory stays within the buffer size plus one write.
                if !write_in_flight {
                    self.start_write(false)?;
                }
                let _ = ready!(self.poll_idle(cx));
                continue;
            }
            if self.inflight.is_some() && !write_in_flight {
                // A fill in flight would install bytes this write changes.
                let _ = ready!(self.poll_idle(cx));
                continue;
            }
            let contiguous = self.wbuf.is_empty() || self.wstart + self.wbuf.len() as u64 == self.pos;
            let full = self.wbuf.len() + data.len() >= self.write_chunk();
            if (full || !contiguous) && write_in_flight {
                let _ = ready!(self.poll_idle(cx));
                continue;
            }
            if !contiguous {
                self.start_write(false)?;
                continue;
            }
            if self.wbuf.is_empty() {
                self.wstart = self.pos;
            }
            crate::memory::reserve_vec(&mut self.wbuf, data.len())?;
            self.wbuf.extend_from_slice(data);
            self.pos += data.len() as u64;
            self.read.clear();
            if self.wbuf.len() >= self.write_chunk() {
                self.start_write(false)?;
            }
            return Poll::Ready(Ok(data.len()));
        }
    }

    /// Flushes, then moves the position (asking the file's size for `End`).
    pub(crate) fn poll_seek(&mut self, cx: &mut Context<'_>, target: SeekFrom) -> Poll<Result<u64>> {
        ready!(self.poll_flush_buf(cx))?;
        let new = match target {
            SeekFrom::Start(n) => i128::from(n),
            SeekFrom::Current(d) => i128::from(self.pos) + i128::from(d),
            SeekFrom::End(d) => {
                if !matches!(self.last_other, Some((Other::Size, _))) {
                    self.start_other(Other::Size, |raw| raw.size())?;
                }
                i128::from(ready!(self.poll_other(cx, Other::Size))?) + i128::from(d)
            }
        };
        let new =
            u64::try_from(new).ok().filter(|n| i64::try_from(*n).is_ok()).ok_or_else(Error::invalid_seek)?;
        if new != self.pos {
            self.reset_chunk();
            self.pos = new;
        }
        Poll::Ready(Ok(new))
    }
}
