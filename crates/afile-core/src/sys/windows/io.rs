//! Reads and writes at explicit offsets (`ReadFile`/`WriteFile` with an
//! `OVERLAPPED` offset on a synchronous handle) and plain ones, and
//! `CloseHandle`.

use std::fs;
use std::io;
use std::mem::MaybeUninit;
use std::os::windows::io::{AsRawHandle, IntoRawHandle};

use windows_sys::Win32::Foundation::{CloseHandle, ERROR_BROKEN_PIPE, ERROR_HANDLE_EOF};
use windows_sys::Win32::Storage::FileSystem::{ReadFile, WriteFile};
use windows_sys::Win32::System::IO::OVERLAPPED;

/// An `OVERLAPPED` that asks for offset `at` (on a synchronous handle the
/// call still completes before it returns).
fn at_offset(at: u64) -> OVERLAPPED {
    let mut o = OVERLAPPED::default();
    o.Anonymous.Anonymous.Offset = at as u32;
    o.Anonymous.Anonymous.OffsetHigh = (at >> 32) as u32;
    o
}

/// A call's length: at most what one `ReadFile`/`WriteFile` takes.
fn clamp(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

fn read_with(
    file: &fs::File,
    buf: &mut [MaybeUninit<u8>],
    overlapped: Option<&mut OVERLAPPED>,
) -> io::Result<usize> {
    let mut done = 0u32;
    let overlapped = overlapped.map_or(std::ptr::null_mut(), |o| o as *mut OVERLAPPED);
    // SAFETY: the handle is open for the call (borrowed from `file`); the
    // buffer pointer and length describe `buf`, memory borrowed mutably for
    // the call, into which the system writes at most that many bytes (it is
    // never read, so it may be uninitialised); `overlapped` is null or
    // points to a live OVERLAPPED, and the handle is synchronous, so the
    // call has finished with both when it returns.
    let ok = unsafe {
        ReadFile(file.as_raw_handle(), buf.as_mut_ptr().cast(), clamp(buf.len()), &mut done, overlapped)
    };
    if ok != 0 {
        return Ok(done as usize);
    }
    let err = io::Error::last_os_error();
    match err.raw_os_error().map(|code| code as u32) {
        // The end of a file read at an offset, and of a pipe.
        Some(ERROR_HANDLE_EOF | ERROR_BROKEN_PIPE) => Ok(0),
        _ => Err(err),
    }
}

/// A read at `at` into uninitialised memory; the count (0 at end of file).
pub(crate) fn read_at(file: &fs::File, at: u64, buf: &mut [MaybeUninit<u8>]) -> io::Result<usize> {
    read_with(file, buf, Some(&mut at_offset(at)))
}

/// A read at the handle's own position (pipes, consoles).
pub(crate) fn read(file: &fs::File, buf: &mut [MaybeUninit<u8>]) -> io::Result<usize> {
    read_with(file, buf, None)
}

fn write_with(file: &fs::File, data: &[u8], overlapped: Option<&mut OVERLAPPED>) -> io::Result<usize> {
    let mut done = 0u32;
    let overlapped = overlapped.map_or(std::ptr::null_mut(), |o| o as *mut OVERLAPPED);
    // SAFETY: the handle is open for the call (borrowed from `file`); the
    // pointer and length describe `data`, which the system only reads;
    // `overlapped` is null or points to a live OVERLAPPED, and the handle
    // is synchronous, so the call has finished with both when it returns.
    let ok =
        unsafe { WriteFile(file.as_raw_handle(), data.as_ptr(), clamp(data.len()), &mut done, overlapped) };
    if ok != 0 { Ok(done as usize) } else { Err(io::Error::last_os_error()) }
}

/// A write at `at`; the count written.
pub(crate) fn write_at(file: &fs::File, data: &[u8], at: u64) -> io::Result<usize> {
    write_with(file, data, Some(&mut at_offset(at)))
}

/// A write at the handle's own position (pipes, consoles, and appending
/// handles, which the system writes at the end).
pub(crate) fn write(file: &fs::File, data: &[u8]) -> io::Result<usize> {
    write_with(file, data, None)
}

/// `CloseHandle`, reporting its error.
pub(crate) fn close(file: fs::File) -> io::Result<()> {
    let handle = file.into_raw_handle();
    // SAFETY: `handle` came out of the `File` passed in by value, so nothing
    // else owns it and it is never used again.
    match unsafe { CloseHandle(handle) } {
        0 => Err(io::Error::last_os_error()),
        _ => Ok(()),
    }
}
