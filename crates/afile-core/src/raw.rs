//! The file descriptor and the blocking calls made on it.
//!
//! Every syscall afile makes on a file is a small method here, whether it
//! runs on the executor or in the task. Seekable files are read and written
//! at explicit offsets (`pread`/`pwrite`), so the logical position lives in
//! [`File`](crate::File) and seeking costs no syscall; pipes and terminals
//! use plain `read`/`write`, and so do appending writes, which `O_APPEND`
//! sends to the end.
//!
//! The `*_nowait` methods are the only ones that run in the task: each asks
//! the kernel for reads it promises not to block on (`preadv2(RWF_NOWAIT)`
//! on Linux; nowhere else) and reports "would block" instead of an error, so
//! the caller hands the rest to the executor (see [`crate::nowait`]). The
//! system calls themselves are the platform seam's ([`crate::sys`]).
//!
//! Each system call method first asks the file's fault [`Hook`] (a no-op
//! without the `testing` feature), so a test's fault plan reaches every call;
//! a file with a plan makes no in-task attempt, so each call reaches its
//! executor path and is counted there once.

use std::fs;
use std::io::{self, Seek, SeekFrom};
use std::mem::MaybeUninit;
use std::sync::atomic::{AtomicBool, Ordering};

use bytes::BytesMut;

use crate::fault::{FaultOp, Hook};
use crate::memory;
use crate::sys::{self, NowaitRead, Posix, Probe};

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
    /// Reads may be tried in the task with `RWF_NOWAIT`: a seekable regular
    /// file on a local file system that has not answered `EOPNOTSUPP`.
    nowait: AtomicBool,
    /// The file's device, to remember a file system without `RWF_NOWAIT`.
    dev: u64,
    /// A regular file with no fault plan: opened read-only, it may close in
    /// the task if its file system allows (see [`Raw::close_in_task`]).
    local_regular: bool,
    /// `st_size` when the file was opened: the first hint for reading it
    /// whole (0: unknown, ask `fstat`).
    size_at_open: u64,
}

/// What a read tried in the task came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Nowait {
    /// The read is complete; `true` if it reached the end of the file.
    Done(bool),
    /// The kernel would have blocked (or cannot tell): the executor reads
    /// the rest.
    WouldBlock,
}

/// Retries a syscall interrupted by a signal, as CPython does (PEP 475).
fn retry<T>(mut call: impl FnMut() -> io::Result<T>) -> io::Result<T> {
    loop {
        match call() {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

/// The `EINTR` a fault plan makes a call fail with before it runs.
fn injected_eintr() -> io::Error {
    io::ErrorKind::Interrupted.into()
}

impl Raw {
    /// Wraps `file`, finding out whether it can seek and where it stands.
    /// `probe` says what the file is and where it lives.
    pub(crate) fn new(file: fs::File, append: bool, probe: Probe, hook: Hook) -> (Self, Option<u64>) {
        let pos = (&file).stream_position().ok();
        (Self::with(file, append, probe, hook, pos.is_some()), pos)
    }

    /// Wraps a file just opened by path (at offset 0): a regular file that
    /// is not appending needs no `lseek` to know it can seek and where.
    pub(crate) fn opened(file: fs::File, append: bool, probe: Probe, hook: Hook) -> (Self, Option<u64>) {
        if probe.regular && !append {
            return (Self::with(file, false, probe, hook, true), Some(0));
        }
        Self::new(file, append, probe, hook)
    }

    /// Wraps a file just opened (at offset 0) whose probe says it is a
    /// regular file, so it can seek: no `lseek` needed to find out.
    pub(crate) fn new_regular(file: fs::File, probe: Probe) -> Self {
        Self::with(file, false, probe, Hook::default(), true)
    }

    fn with(file: fs::File, append: bool, probe: Probe, hook: Hook, seekable: bool) -> Self {
        let local_regular = probe.regular && !hook.planned();
        let nowait = seekable && local_regular && sys::reads_in_task(probe.dev);
        let nowait = AtomicBool::new(nowait);
        let size_at_open = probe.size;
        Self { file, seekable, append, hook, nowait, dev: probe.dev, local_regular, size_at_open }
    }

    /// `fstat` of an open file: what [`Raw::new`] needs to know (blocking:
    /// runs where the open ran).
    pub(crate) fn probe(file: &fs::File) -> Probe {
        sys::probe(file)
    }

    /// Whether reads are tried in the task first.
    #[inline]
    pub(crate) fn reads_in_task(&self) -> bool {
        self.nowait.load(Ordering::Relaxed)
    }

    /// One read in the task into `out` (`preadv2(RWF_NOWAIT)` on Linux):
    /// what the page cache holds at `at` (0 at end of file), or `None` if
    /// the kernel would block or cannot say. A file system (or platform)
    /// that cannot turns the in-task reads of this file, and of the rest of
    /// its file system, off; errors are left for the executor to meet and
    /// report.
    pub(crate) fn pread_nowait(&self, at: u64, out: &mut [MaybeUninit<u8>]) -> Option<usize> {
        match sys::pread_nowait(&self.file, at, out) {
            NowaitRead::Read(n) => Some(n),
            NowaitRead::WouldBlock => None,
            NowaitRead::Unsupported => {
                self.nowait.store(false, Ordering::Relaxed);
                sys::no_nowait_reads(self.dev);
                None
            }
        }
    }

    /// Appends to `buf`, in the task, the cached bytes at `at`: until at
    /// least `min` came in, or `want` did, or the end of file. Stops at the
    /// first byte not in the page cache (what came in stays in `buf`).
    pub(crate) fn read_into_nowait(&self, at: u64, buf: &mut BytesMut, want: usize, min: usize) -> Nowait {
        let mut got = 0;
        while got < want {
            // Room for what may come, a bounded step at a time (an
            // allocation that fails is reported by the executor's read).
            let step = (want - got).min(memory::STEP);
            if memory::reserve(buf, step).is_err() {
                return Nowait::WouldBlock;
            }
            let spare = &mut buf.spare_capacity_mut()[..step];
            let Some(n) = self.pread_nowait(at + got as u64, spare) else {
                return Nowait::WouldBlock;
            };
            // SAFETY: the kernel initialised the first `n` bytes of the spare
            // capacity, and `n <= step <= spare capacity`.
            unsafe { buf.set_len(buf.len() + n) };
            if n == 0 {
                return Nowait::Done(true);
            }
            got += n;
            if got >= min {
                return Nowait::Done(false);
            }
        }
        Nowait::Done(false)
    }

    /// Fills `out` in the task with the cached bytes at `at`; returns the
    /// count and whether it stopped at the end of the file (a count short of
    /// `out.len()` without end of file means the rest is not cached).
    pub(crate) fn read_exact_nowait(&self, at: u64, out: &mut [u8]) -> (usize, bool) {
        let mut got = 0;
        while got < out.len() {
            // SAFETY: `[u8]` is a valid `[MaybeUninit<u8>]`; the kernel
            // writes only initialised bytes into it.
            let rest = unsafe { &mut *(&mut out[got..] as *mut [u8] as *mut [MaybeUninit<u8>]) };
            match self.pread_nowait(at + got as u64, rest) {
                Some(0) => return (got, true),
                Some(n) => got += n,
                None => return (got, false),
            }
        }
        (got, false)
    }

    /// Appends to `buf`, in the task, everything cached from `at` to the end
    /// of file; [`Nowait::Done`] only if it got to the end.
    pub(crate) fn read_to_end_nowait(&self, mut at: u64, buf: &mut BytesMut, size_hint: usize) -> Nowait {
        let mut chunk = size_hint.clamp(8192, memory::STEP);
        loop {
            if memory::reserve(buf, chunk).is_err() {
                return Nowait::WouldBlock;
            }
            let spare = &mut buf.spare_capacity_mut()[..chunk];
            let Some(n) = self.pread_nowait(at, spare) else {
                return Nowait::WouldBlock;
            };
            // SAFETY: the kernel initialised the first `n` bytes.
            unsafe { buf.set_len(buf.len() + n) };
            if n == 0 {
                return Nowait::Done(true);
            }
            at += n as u64;
            chunk = if n < chunk { 8192 } else { (chunk * 2).min(16 << 20) };
        }
    }

    fn offset(&self, at: u64) -> Option<u64> {
        self.seekable.then_some(at)
    }

    /// One `read`/`pread` appending at most `max` bytes to `buf`; returns the
    /// count (0 at end of file).
    fn read_once(&self, at: u64, buf: &mut BytesMut, max: usize) -> io::Result<usize> {
        let mut shot = self.hook.enter(FaultOp::Read)?;
        let max = shot.cap(max).min(memory::STEP);
        memory::reserve(buf, max)?;
        let spare = &mut buf.spare_capacity_mut()[..max];
        let file = &self.file;
        let n = match self.offset(at) {
            Some(off) => retry(|| {
                if shot.interrupted() {
                    return Err(injected_eintr());
                }
                sys::read_at(file, off, spare)
            })?,
            None => retry(|| {
                if shot.interrupted() {
                    return Err(injected_eintr());
                }
                sys::read(file, spare)
            })?,
        };
        // SAFETY: the system initialised the first `n` bytes of the spare
        // capacity, and `n <= max <= spare capacity` (`read_at` and `read`
        // return at most the length they were given).
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
        let size = self.size_hint() as u64;
        let mut chunk = (size.saturating_sub(at).min(memory::STEP as u64) as usize).max(8192);
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
        let file = &self.file;
        let mut done = 0;
        while done < data.len() {
            let mut shot = match self.hook.enter(FaultOp::Write) {
                Ok(shot) => shot,
                Err(e) => return (done, Err(e)),
            };
            let rest = &data[done..done + shot.cap(data.len() - done)];
            let off = self.offset(at + done as u64).filter(|_| !self.append);
            let res = retry(|| match (shot.interrupted(), off) {
                (true, _) => Err(injected_eintr()),
                (false, Some(off)) => sys::write_at(file, rest, off),
                (false, None) => sys::write(file, rest),
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
        let injected = self.hook.enter(FaultOp::Close);
        sys::close(self.file)?;
        injected.map(drop)
    }

    /// Closes a read-only descriptor in the task, if that cannot block: a
    /// regular file on a local file system, still linked (`fstat`: the
    /// last close of an unlinked file frees its blocks, which can wait for
    /// the journal). Its `close(2)` then runs no file system method that
    /// does I/O (a local file system's `->flush`/`->release` of a file not
    /// written through this descriptor do none). `Err(self)`: use the
    /// executor. Only for descriptors opened without write access.
    pub(crate) fn close_in_task(self) -> Result<io::Result<()>, Self> {
        if !self.local_regular {
            return Err(self);
        }
        match sys::closes_in_task(&self.file, self.dev) {
            true => Ok(self.close()),
            false => Err(self),
        }
    }

    /// `fsync`: the file's data and metadata to storage (std's, which is
    /// `fcntl(F_FULLFSYNC)` on macOS and `FlushFileBuffers` on Windows).
    pub(crate) fn sync_all(&self) -> io::Result<()> {
        self.hook.enter(FaultOp::Fsync)?;
        self.file.sync_all()
    }

    /// `fdatasync`: the file's data and the metadata needed to read it.
    pub(crate) fn sync_data(&self) -> io::Result<()> {
        self.hook.enter(FaultOp::Fsync)?;
        self.file.sync_data()
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

    /// The file's size from `fstat`, as a hint for reading it whole.
    pub(crate) fn size_hint(&self) -> usize {
        self.file.metadata().map(|m| m.len() as usize).unwrap_or(0)
    }

    /// The size the file had when it was opened, if known, else
    /// [`Raw::size_hint`]: the hint for the first whole read in the task.
    pub(crate) fn size_at_open(&self) -> usize {
        match self.size_at_open {
            0 => self.size_hint(),
            n => n as usize,
        }
    }

    /// The file's size, for `seek(SeekFrom::End(_))`.
    pub(crate) fn size(&self) -> io::Result<u64> {
        if self.seekable { (&self.file).seek(SeekFrom::End(0)) } else { Err(sys::posix_error(Posix::Spipe)) }
    }
}
