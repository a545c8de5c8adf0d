//! The one operation in flight: starting it, adopting its result, and the
//! buffer arithmetic that decides how much each fill asks for.

use std::io;
use std::sync::Arc;
use std::task::{Context, Poll, ready};

use bytes::{Bytes, BytesMut};

use super::{File, MAX_CHUNK};
use crate::error::{Error, Result};
use crate::memory;
use crate::raw::{Nowait, Raw};

/// The result of a blocking operation, handed back to the [`File`].
pub(crate) enum Done {
    /// A fill: `buf` is the file from `at`; `sequential` if it continued
    /// where the previous window ended.
    Filled { buf: BytesMut, at: u64, eof: bool, sequential: bool, res: io::Result<()> },
    /// A write-behind: `rest` holds the bytes that did not go out (empty on
    /// success), starting at file offset `at`.
    Wrote { rest: Vec<u8>, at: u64, res: io::Result<Option<u64>> },
    /// A read-ahead of the chunk after the window: `buf` holds `HEADROOM`
    /// spare bytes, then the file from `at`.
    Prefetched { buf: BytesMut, at: u64, eof: bool, res: io::Result<()> },
    /// A size, truncate or sync.
    Other(Other, io::Result<u64>),
}

/// What the operation in flight is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Job {
    /// A fill some read is waiting for.
    Fill,
    /// A read-ahead nobody waits for yet; reads inside the window go on.
    Prefetch,
    /// A write-behind; writes into the second buffer go on.
    Write,
    /// A size, truncate or sync.
    Other,
}

/// Room kept in front of a read-ahead buffer, so the unread tail of the
/// window (a partial line) can be put before it without copying the chunk.
const HEADROOM: usize = 16 * 1024;

/// Which kind of [`Done::Other`] operation it was, so a result left by a
/// cancelled call is never taken for another's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Other {
    Size,
    Truncate,
    Sync,
    /// `lseek` with `SEEK_DATA` / `SEEK_HOLE` (only where the platform's
    /// public `seek_data`/`seek_hole` exist: Unix).
    #[allow(dead_code)]
    Seek,
}

/// Where a started fill is being done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Filled {
    /// Done already, in the task, from the page cache.
    InTask,
    /// On the executor: wait for the operation in flight.
    Executor,
}

/// How much a fill reads beyond the kept tail.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Want {
    /// Read up to `want` bytes, stopping early once `min` arrived.
    Bytes { want: usize, min: usize },
    /// Read to the end of the file.
    ToEnd,
}

impl File {
    /// The raw file, for starting an operation (the caller checked it is open).
    fn raw_arc(&self) -> Result<Arc<Raw>> {
        self.raw.clone().ok_or(Error::Closed(super::CLOSED))
    }

    /// Waits for the operation in flight, if any, and adopts its result.
    /// Returns a fill's error; write errors are kept for `write`/`flush`.
    pub(crate) fn poll_idle(&mut self, cx: &mut Context<'_>) -> Poll<Result<()>> {
        let Some((op, _)) = self.inflight.as_mut() else {
            return Poll::Ready(Ok(()));
        };
        let done = ready!(std::pin::Pin::new(op).poll(cx));
        self.inflight = None;
        Poll::Ready(self.apply(done))
    }

    /// Starts reading the next chunk in the background when the file is
    /// being read sequentially at full chunk size, so that parsing the window
    /// and reading the next chunk overlap. Only after a fill that went to the
    /// executor: when the page cache served the last fill, the next one is
    /// tried in the task too, which costs less than a hop (and a read-ahead
    /// done in the task would only copy the chunk earlier).
    fn maybe_prefetch(&mut self) {
        let streaming = self.adaptive && self.chunk >= MAX_CHUNK && self.wbuf.is_empty();
        let in_window = !self.available().is_empty() && !self.read.eof_at(self.pos);
        let Some(raw) = self.raw.clone().filter(|r| r.seekable) else { return };
        if !streaming || !in_window || self.inflight.is_some() {
            return;
        }
        let at = self.read.end();
        let chunk = self.chunk;
        let Ok(mut buf) = self.read.spare_buffer(HEADROOM + chunk) else { return };
        buf.resize(HEADROOM, 0);
        let op = self.executor.run("prefetch", move || {
            let res = raw.read_into(at, &mut buf, chunk, chunk);
            let eof = *res.as_ref().unwrap_or(&false);
            Done::Prefetched { buf, at, eof, res: res.map(|_| ()) }
        });
        self.inflight = Some((op, Job::Prefetch));
    }

    /// Applies a finished operation to the buffers and the position.
    pub(crate) fn apply(&mut self, done: Done) -> Result<()> {
        match done {
            Done::Filled { buf, at, eof, sequential, res } => {
                self.grow_chunk(sequential);
                self.read.install(buf, at, eof);
                res.map_err(Error::from)
            }
            Done::Wrote { mut rest, at, res } => {
                match res {
                    Ok(end) => {
                        self.stuck = false;
                        rest.clear();
                        self.spare = rest;
                        if let Some(end) = end {
                            self.wstart = end;
                            self.pos = end + self.wbuf.len() as u64;
                        }
                    }
                    Err(e) if self.buffer_size == 0 => {
                        // Unbuffered, as CPython's `FileIO`: the failed write
                        // keeps nothing (the caller still holds its bytes)
                        // and the position stays after what went out.
                        self.wbuf.clear();
                        self.wstart = at;
                        self.pos = at;
                        self.write_error = Some(e);
                    }
                    Err(e) => {
                        rest.extend_from_slice(&self.wbuf);
                        self.wbuf = rest;
                        self.wstart = at;
                        self.stuck = true;
                        self.write_error = Some(e);
                    }
                }
                Ok(())
            }
            Done::Prefetched { buf, at, eof, res } => {
                // A failed read-ahead is dropped: the fill that needs those
                // bytes reads them again and reports the error itself.
                let pos_in_window = self.read.eof_at(self.pos) || !self.available().is_empty();
                if res.is_ok() && at == self.read.end() && (pos_in_window || self.pos == at) {
                    // Without memory to keep it, the read-ahead is dropped
                    // and the read waiting for it fails (consuming nothing).
                    return self.read.join(self.pos, buf, HEADROOM, eof).map_err(Error::from);
                }
                self.read.recycle(buf);
                Ok(())
            }
            Done::Other(kind, res) => {
                self.last_other = Some((kind, res));
                Ok(())
            }
        }
    }

    /// Doubles the chunk on sequential access in default buffering.
    fn grow_chunk(&mut self, sequential: bool) {
        if self.adaptive && sequential {
            self.chunk = (self.chunk * 2).min(MAX_CHUNK.max(self.buffer_size));
        }
    }

    /// Back to the configured size after a jump.
    pub(crate) fn reset_chunk(&mut self) {
        self.chunk = self.buffer_size.max(1);
    }

    /// Whether a read of `raw` is tried in the task first: the kernel can
    /// say whether it would block, and the executor is not inline anyway.
    #[inline]
    pub(crate) fn try_in_task(&self, raw: &Raw) -> bool {
        raw.reads_in_task() && !self.executor.is_inline()
    }

    /// Starts a fill at the current position, keeping the window's unread
    /// tail in front of the new bytes. What the page cache holds is read in
    /// the task first; if that is all the fill needs, it is applied at once
    /// and `Filled::InTask` returned, else the executor reads the rest.
    pub(crate) fn start_fill(&mut self, want: Want) -> Result<Filled> {
        let raw = self.raw_arc()?;
        let at = self.pos;
        let room = match want {
            Want::Bytes { want, .. } => want.min(memory::STEP),
            Want::ToEnd => 0,
        };
        let sequential = at + self.available().len() as u64 == self.read.end();
        let mut buf = self.read.buffer_for_fill(at, room)?;
        let mut want = want;
        if self.try_in_task(&raw) {
            let kept = buf.len();
            let from = at + kept as u64;
            let tried = match want {
                Want::Bytes { want, min } => raw.read_into_nowait(from, &mut buf, want, min),
                Want::ToEnd => {
                    raw.read_to_end_nowait(from, &mut buf, raw.size_at_open().saturating_sub(from as usize))
                }
            };
            if let Nowait::Done(eof) = tried {
                self.apply(Done::Filled { buf, at, eof, sequential, res: Ok(()) })?;
                return Ok(Filled::InTask);
            }
            let got = buf.len() - kept;
            if let Want::Bytes { want: w, min } = want {
                want = Want::Bytes { want: w - got, min: min.saturating_sub(got).max(1) };
            }
        }
        let op = self.executor.run("fill", move || {
            let from = at + buf.len() as u64;
            let res = match want {
                Want::Bytes { want, min } => raw.read_into(from, &mut buf, want, min),
                Want::ToEnd => raw.read_to_end(from, &mut buf).map(|()| true),
            };
            let eof = *res.as_ref().unwrap_or(&false);
            Done::Filled { buf, at, eof, sequential, res: res.map(|_| ()) }
        });
        self.inflight = Some((op, Job::Fill));
        Ok(Filled::Executor)
    }

    /// Hands the write buffer to the executor (write-behind); `forced` when
    /// a flush asks for it (the `Flush` fault point).
    pub(crate) fn start_write(&mut self, forced: bool) -> Result<()> {
        let raw = self.raw_arc()?;
        let data = std::mem::replace(&mut self.wbuf, std::mem::take(&mut self.spare));
        let at = self.wstart;
        self.wstart += data.len() as u64;
        let op = self.executor.run("write", move || {
            let (written, res) = match forced.then(|| raw.flush_point()) {
                Some(Err(e)) => (0, Err(e)),
                _ => raw.write_all(at, &data),
            };
            let mut rest = data;
            rest.drain(..written);
            Done::Wrote { rest, at: at + written as u64, res }
        });
        self.inflight = Some((op, Job::Write));
        if self.adaptive {
            self.chunk = (self.chunk * 2).min(MAX_CHUNK.max(self.buffer_size));
        }
        Ok(())
    }

    /// Starts a size, truncate or sync operation.
    pub(crate) fn start_other(
        &mut self,
        kind: Other,
        work: impl FnOnce(&Raw) -> io::Result<u64> + Send + 'static,
    ) -> Result<()> {
        let raw = self.raw_arc()?;
        self.last_other = None;
        let op = self.executor.run("meta", move || Done::Other(kind, work(&raw)));
        self.inflight = Some((op, Job::Other));
        Ok(())
    }

    /// Waits for the `kind` operation started by [`File::start_other`].
    pub(crate) fn poll_other(&mut self, cx: &mut Context<'_>, kind: Other) -> Poll<Result<u64>> {
        let _ = ready!(self.poll_idle(cx));
        match self.last_other.take() {
            Some((k, res)) if k == kind => Poll::Ready(res.map_err(Error::from)),
            _ => Poll::Ready(Err(Error::from(io::Error::other("afile: operation result lost")))),
        }
    }

    /// Drains the write buffer and waits until nothing is in flight. Reports
    /// a failed write once; its bytes stay pending, so the next flush tries
    /// them again and fails again rather than losing them.
    pub(crate) fn poll_flush_buf(&mut self, cx: &mut Context<'_>) -> Poll<Result<()>> {
        loop {
            if self.inflight.is_some() {
                // A fill's error belongs to the read that started it.
                let _ = ready!(self.poll_idle(cx));
            }
            if let Some(e) = self.write_error.take() {
                return Poll::Ready(Err(e.into()));
            }
            if self.wbuf.is_empty() {
                return Poll::Ready(Ok(()));
            }
            self.start_write(true)?;
        }
    }

    /// Gets ready to read: writes drained, nothing in flight but perhaps a
    /// read-ahead (a fill's error is returned: it is this read's).
    pub(crate) fn poll_read_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<()>> {
        match self.inflight {
            Some((_, Job::Prefetch)) => return Poll::Ready(Ok(())),
            Some((_, Job::Fill)) => ready!(self.poll_idle(cx))?,
            _ => {}
        }
        self.poll_flush_buf(cx)
    }

    /// Gets more bytes into the window: waits for the read-ahead if one is
    /// in flight, else starts a fill of `want` and waits for it.
    pub(crate) fn poll_more(&mut self, cx: &mut Context<'_>, want: Want) -> Poll<Result<()>> {
        if !matches!(self.inflight, Some((_, Job::Prefetch))) && self.start_fill(want)? == Filled::InTask {
            return Poll::Ready(Ok(()));
        }
        ready!(self.poll_idle(cx))?;
        self.maybe_prefetch();
        Poll::Ready(Ok(()))
    }

    /// The buffered bytes from the current position.
    #[inline]
    pub(crate) fn available(&self) -> &[u8] {
        self.read.available(self.pos)
    }

    /// Whether the window ends at end of file at the current position.
    #[inline]
    pub(crate) fn at_eof(&self) -> bool {
        self.read.eof_at(self.pos)
    }

    /// Consumes `n` buffered bytes (no copy).
    #[inline]
    pub(crate) fn take(&mut self, n: usize) -> Bytes {
        let out = self.read.slice(self.pos, n);
        self.pos += out.len() as u64;
        if self.buffer_size == 0 {
            self.read.clear();
        }
        out
    }

    /// Copies buffered bytes into `out` and consumes them.
    #[inline]
    pub(crate) fn take_into(&mut self, out: &mut [u8]) -> usize {
        let n = self.read.copy_to(self.pos, out);
        self.pos += n as u64;
        if self.buffer_size == 0 {
            self.read.clear();
        }
        n
    }

    /// The buffered bytes if the file is idle with no pending writes, so a
    /// read can be served at once without the poll machinery (the hot path).
    #[inline]
    pub(crate) fn idle_window(&self) -> Option<&[u8]> {
        let idle = matches!(self.inflight, None | Some((_, Job::Prefetch)))
            && self.wbuf.is_empty()
            && self.write_error.is_none();
        (idle && self.buffer_size != 0).then(|| self.available())
    }
}
