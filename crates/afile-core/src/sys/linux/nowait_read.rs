//! `preadv2(RWF_NOWAIT)`: a read the kernel serves from the page cache or
//! refuses with `EAGAIN`, never blocking the calling thread.

use std::fs;
use std::io;
use std::mem::MaybeUninit;
use std::os::fd::AsRawFd;

use crate::sys::NowaitRead;

/// One `preadv2(RWF_NOWAIT)` into `out`: what the page cache holds at `at`
/// (0 at end of file). `EOPNOTSUPP`/`ENOSYS`/`EINVAL` say this file system
/// (or kernel) cannot; other errors are left for the executor to meet and
/// report.
pub(crate) fn pread_nowait(file: &fs::File, at: u64, out: &mut [MaybeUninit<u8>]) -> NowaitRead {
    let Ok(offset) = libc::off_t::try_from(at) else {
        return NowaitRead::WouldBlock;
    };
    // A raw iovec over the caller's (possibly uninitialised) memory: no
    // `&mut [u8]` is ever made of it.
    let iov = libc::iovec { iov_base: out.as_mut_ptr().cast(), iov_len: out.len() };
    loop {
        // SAFETY: `iov` describes `out`, memory this function borrows
        // mutably for the call; the kernel writes at most `iov_len` bytes
        // into it and reads nothing from it. The descriptor is open for the
        // call (borrowed from `file`).
        let n = unsafe { libc::preadv2(file.as_raw_fd(), &iov, 1, offset, libc::RWF_NOWAIT) };
        if let Ok(n) = usize::try_from(n) {
            return NowaitRead::Read(n);
        }
        match io::Error::last_os_error().raw_os_error() {
            Some(libc::EINTR) => continue,
            Some(libc::EOPNOTSUPP | libc::ENOSYS | libc::EINVAL) => return NowaitRead::Unsupported,
            _ => return NowaitRead::WouldBlock,
        }
    }
}
