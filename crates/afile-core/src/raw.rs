//! The file descriptor and the blocking calls made on it.
//!
//! These functions run on the executor, never in a task. Seekable files are
//! read and written at explicit offsets (`pread`/`pwrite`), so the logical
//! position lives in [`File`](crate::File) and seeking costs no syscall;
//! pipes and terminals use plain `read`/`write`, and so do appending writes,
//! which `O_APPEND` sends to the end.
//!
//! Each system call method first asks the file's fault [`Hook`] (a no-op
//! without the `testing` feature), so a test's fault plan reaches every call.

use std::fs;
use std::io::{self, Seek, SeekFrom};
use std::os::fd::AsFd;

use bytes::BytesMut;
use rustix::io::Errno;

use crate::fault::{FaultOp, Hook};

/// An open file descriptor and what afile learnt about it when it opened.
#[derive(Debug)]
pub(crate) struct Raw {
    pub(crate) file: fs::File,
    /// `lseek` works: reads and writes use explicit offsets.
    pub(crate) seekable: bool,
    /// Opened with `O_APPEND`: writes go to the end.
    pub(crate) append: bool,
    /// The fault plan of the `testing` feature (empty without it).
    pub(crate) hook: Hook,
}

/// Retries a syscall interrupted by a signal, as CPython does (PEP 475).
fn retry<T>(mut call: impl FnMut() -> rustix::io::Result<T>) -> io::Result<T> {
    loop {
        match call() {
            Err(Errno::INTR) => continue,
            other => return other.map_err(io::Error::from),
        }
    }
}

impl Raw {
    /// Wraps `file`, finding out whether it can seek and where it stands.
    pub(crate) fn new(file: fs::File, append: bool, hook: Hook) -> (Self, Option<u64>) {
        let pos = (&file).stream_position().ok();
        (Self { file, seekable: pos.is_some(), append, hook }, pos)
    }

    fn offset(&self, at: u64) -> Option<u64> {
        self.seekable.then_some(at)
    }

    /// One `read`/`pread` appending at most `max` bytes to `buf`; returns the
    /// count (0 at end of file).
    fn read_once(&self, at: u64, buf: &mut BytesMut, max: usize) -> io::Result<usize> {
        let mut shot = self.hook.enter(FaultOp::Read)?;
        let max = shot.cap(max);
        buf.reserve(max);
        let spare = &mut buf.spare_capacity_mut()[..max];
        let fd = self.file.as_fd();
        let n = match self.offset(at) {
            Some(off) => retry(|| {
                if shot.interrupted() {
                    return Err(Errno::INTR);
                }
                rustix::io::pread(fd, &mut *spare, off).map(|(init, _)| init.len())
            })?,
            None => retry(|| {
                if shot.interrupted() {
                    return Err(Errno::INTR);
                }
                rustix::io::read(fd, &mut *spare).map(|(init, _)| init.len())
            })?,
        };
        // SAFETY: the kernel initialised the first `n` bytes of the spare
        // capacity, and `n <= max <= spare capacity`.
        unsafe { buf.set_len(buf.len() + n) };
        Ok(n)
    }

    /// Appends to `buf` the bytes at `at`, reading until at least `min` bytes
    /// came in, or `want` did, or the end of file. Returns whether the end of
    /// file was reached.
    pub(crate) fn read_into(&self, at: u64, buf: &mut BytesMut, want: usize, min: usize) -> io::Result<bool> {
        let mut got = 0;
        while got < want {
            let n = self.read_once(at + got as u64, buf, want - got)?;
            if n == 0 {
                return Ok(true);
            }
            got += n;
            if got >= min {
                break;
            }
        }
        Ok(false)
    }

    /// Appends to `buf` everything from `at` to the end of file.
    pub(crate) fn read_to_end(&self, mut at: u64, buf: &mut BytesMut) -> io::Result<()> {
        let size = self.file.metadata().map(|m| m.len()).unwrap_or(0);
        let mut chunk = (size.saturating_sub(at) as usize).max(8192);
        loop {
            let n = self.read_once(at, buf, chunk)?;
            if n == 0 {
                return Ok(());
            }
            at += n as u64;
            chunk = if n < chunk { 8192 } else { (chunk * 2).min(16 << 20) };
        }
    }

    /// Writes all of `data` at `at` (at the end for append mode). Returns how
    /// many bytes went out and, for append mode, the position after them.
    pub(crate) fn write_all(&self, at: u64, data: &[u8]) -> (usize, io::Result<Option<u64>>) {
        let fd = self.file.as_fd();
        let mut done = 0;
        while done < data.len() {
            let mut shot = match self.hook.enter(FaultOp::Write) {
                Ok(shot) => shot,
                Err(e) => return (done, Err(e)),
            };
            let rest = &data[done..done + shot.cap(data.len() - done)];
            let off = self.offset(at + done as u64).filter(|_| !self.append);
            let res = retry(|| match (shot.interrupted(), off) {
                (true, _) => Err(Errno::INTR),
                (false, Some(off)) => rustix::io::pwrite(fd, rest, off),
                (false, None) => rustix::io::write(fd, rest),
            });
            match res {
                Ok(0) => return (done, Err(io::ErrorKind::WriteZero.into())),
                Ok(n) => done += n,
                Err(e) => return (done, Err(e)),
            }
        }
        if self.append && self.seekable {
            return (done, (&self.file).stream_position().map(Some));
        }
        (done, Ok(None))
    }

    /// Closes the descriptor and reports what `close(2)` reports: delayed
    /// write errors of network file systems (`EIO`, `EDQUOT`), or `EBADF`
    /// when it was closed behind the file's back. `EINTR` counts as closed
    /// (Linux always releases the descriptor; CPython ignores it too).
    pub(crate) fn close(self) -> io::Result<()> {
        use std::os::fd::IntoRawFd;
        let injected = self.hook.enter(FaultOp::Close);
        let fd = self.file.into_raw_fd();
        // SAFETY: `fd` came out of the `File` this `Raw` owned, so nothing
        // else owns it and it is never used again.
        match unsafe { rustix::io::try_close(fd) } {
            Err(Errno::INTR) | Ok(()) => injected.map(drop),
            Err(e) => Err(e.into()),
        }
    }

    /// `fsync`: the file's data and metadata to storage.
    pub(crate) fn sync_all(&self) -> io::Result<()> {
        self.hook.enter(FaultOp::Fsync)?;
        self.file.sync_all()
    }

    /// `ftruncate` to `size` bytes.
    pub(crate) fn set_len(&self, size: u64) -> io::Result<()> {
        self.hook.enter(FaultOp::Truncate)?;
        self.file.set_len(size)
    }

    /// The fault point of a write-out forced by `flush` (before its writes).
    pub(crate) fn flush_point(&self) -> io::Result<()> {
        self.hook.enter(FaultOp::Flush).map(drop)
    }

    /// The file's size, for `seek(SeekFrom::End(_))`.
    pub(crate) fn size(&self) -> io::Result<u64> {
        if self.seekable { (&self.file).seek(SeekFrom::End(0)) } else { Err(Errno::SPIPE.into()) }
    }
}
