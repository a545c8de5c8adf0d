//! macOS and the BSDs: copies (`fcopyfile` on macOS, as CPython's
//! `shutil.copyfile` does) and `sendfile(2)`, which there sends a file to
//! a socket only.

use std::fs::File;
use std::io;
use std::os::fd::{AsRawFd, OwnedFd};

/// Copies the rest of `input` into `output`; the count of bytes copied:
/// `fcopyfile(COPYFILE_DATA)`, data only, as CPython's `shutil.copyfile`
/// on macOS.
#[cfg(target_vendor = "apple")]
pub(crate) fn copy_contents(input: &mut File, output: &mut File) -> io::Result<u64> {
    use rustix::fs::{CopyfileFlags, copyfile_state_alloc, copyfile_state_free, fcopyfile};
    let state = copyfile_state_alloc()?;
    // SAFETY: `state` was just allocated by `copyfile_state_alloc` and is
    // freed only after this call.
    let copied = unsafe { fcopyfile(&*input, &*output, state, CopyfileFlags::DATA) };
    // SAFETY: `state` came from `copyfile_state_alloc` and is not used again.
    let _ = unsafe { copyfile_state_free(state) };
    copied?;
    Ok(output.metadata()?.len())
}

/// Copies the rest of `input` into `output` with a read/write loop; the
/// count of bytes copied.
#[cfg(not(target_vendor = "apple"))]
pub(crate) fn copy_contents(input: &mut File, output: &mut File) -> io::Result<u64> {
    io::copy(input, output)
}

/// One `sendfile(2)` from `input` (at `offset`, or at its position, which
/// then advances) to the socket `output`; the count sent.
pub(crate) fn sendfile_once(
    output: &OwnedFd,
    input: &OwnedFd,
    offset: Option<&mut u64>,
    count: usize,
) -> io::Result<usize> {
    let (start, advance) = match offset {
        Some(at) => (*at, None),
        None => {
            let at = rustix::fs::seek(input, rustix::fs::SeekFrom::Current(0))?;
            (at, Some(at))
        }
    };
    let start = libc::off_t::try_from(start).map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
    let sent = send(output.as_raw_fd(), input.as_raw_fd(), start, count)?;
    if let Some(at) = advance {
        rustix::fs::seek(input, rustix::fs::SeekFrom::Start(at + sent as u64))?;
    }
    Ok(sent)
}

#[cfg(target_vendor = "apple")]
fn send(out: i32, inp: i32, start: libc::off_t, count: usize) -> io::Result<usize> {
    let mut len = libc::off_t::try_from(count).unwrap_or(libc::off_t::MAX);
    // SAFETY: both descriptors are open for the call (owned by the caller);
    // `len` is a live, writable off_t; no header/trailer vector is passed.
    let rc = unsafe { libc::sendfile(inp, out, start, &mut len, std::ptr::null_mut(), 0) };
    // On EAGAIN/EINTR `len` still says how much went out.
    if rc == 0 || len > 0 { Ok(len as usize) } else { Err(io::Error::last_os_error()) }
}

#[cfg(not(target_vendor = "apple"))]
fn send(out: i32, inp: i32, start: libc::off_t, count: usize) -> io::Result<usize> {
    let mut sent: libc::off_t = 0;
    // SAFETY: both descriptors are open for the call (owned by the caller);
    // `sent` is a live, writable off_t; no header/trailer vector is passed.
    let rc = unsafe { libc::sendfile(inp, out, start, count, std::ptr::null_mut(), &mut sent, 0) };
    // On EAGAIN/EINTR `sent` still says how much went out.
    if rc == 0 || sent > 0 { Ok(sent as usize) } else { Err(io::Error::last_os_error()) }
}
