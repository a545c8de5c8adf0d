//! CPython's Windows errors. A call CPython makes through the Win32 API
//! (`os.stat`, `os.remove`, `os.rename`, ...) raises `OSError` with the
//! Windows error and its `FormatMessage` text, `[WinError 2] The system
//! cannot find the file specified: 'x'`, and an errno mapped from it
//! (CPython's `winerror_to_errno`); a call it makes through the C runtime
//! (`open()`) raises with the runtime's errno and `strerror` text,
//! `[Errno 2] No such file or directory: 'x'`.
//!
//! Errors from the system keep their Windows code as `raw_os_error()`, so
//! std's `ErrorKind` works on them; errors of the C runtime kind carry a
//! [`CrtErrno`] inside, with the kind its errno has.

use std::fmt;
use std::io::{self, ErrorKind};

use super::super::Described;

/// Errno values as the Microsoft C runtime numbers them (CPython's `errno`
/// module on Windows).
#[allow(dead_code)] // the full set CPython's table maps to; some only in tests
pub(crate) mod errno {
    pub(crate) const EPERM: i32 = 1;
    pub(crate) const ENOENT: i32 = 2;
    pub(crate) const EINTR: i32 = 4;
    pub(crate) const EIO: i32 = 5;
    pub(crate) const E2BIG: i32 = 7;
    pub(crate) const ENOEXEC: i32 = 8;
    pub(crate) const EBADF: i32 = 9;
    pub(crate) const ECHILD: i32 = 10;
    pub(crate) const EAGAIN: i32 = 11;
    pub(crate) const ENOMEM: i32 = 12;
    pub(crate) const EACCES: i32 = 13;
    pub(crate) const EEXIST: i32 = 17;
    pub(crate) const EXDEV: i32 = 18;
    pub(crate) const ENOTDIR: i32 = 20;
    pub(crate) const EISDIR: i32 = 21;
    pub(crate) const EINVAL: i32 = 22;
    pub(crate) const EMFILE: i32 = 24;
    pub(crate) const ENOSPC: i32 = 28;
    pub(crate) const ESPIPE: i32 = 29;
    pub(crate) const EROFS: i32 = 30;
    pub(crate) const EPIPE: i32 = 32;
    pub(crate) const ENOTEMPTY: i32 = 41;
    pub(crate) const EILSEQ: i32 = 42;
    pub(crate) const ETIMEDOUT: i32 = 138;
    /// CPython's `errno.EDQUOT` on Windows is Winsock's `WSAEDQUOT`.
    pub(crate) const EDQUOT: i32 = 10069;
}

/// An error reported the C runtime's way: an errno, no Windows code.
#[derive(Debug)]
pub(crate) struct CrtErrno(pub(crate) i32);

impl fmt::Display for CrtErrno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(strerror(self.0))
    }
}

impl std::error::Error for CrtErrno {}

/// The error a fault plan injects for `errno` (and afile's own errors):
/// the C runtime's kind.
pub(crate) fn errno_error(errno: i32) -> io::Error {
    io::Error::new(kind_of(errno), CrtErrno(errno))
}

/// The errno of an OS error: the C runtime's, or the one CPython maps a
/// Windows error to.
pub(crate) fn errno_of(err: &io::Error) -> Option<i32> {
    if let Some(crt) = err.get_ref().and_then(|inner| inner.downcast_ref::<CrtErrno>()) {
        return Some(crt.0);
    }
    err.raw_os_error().map(winerror_to_errno)
}

/// How CPython prints the error: `[WinError N] text` for a Windows error,
/// `[Errno N] text` for a C runtime one.
pub(crate) fn describe(err: &io::Error) -> Option<Described> {
    if let Some(crt) = err.get_ref().and_then(|inner| inner.downcast_ref::<CrtErrno>()) {
        return Some(Described::Errno(crt.0, strerror(crt.0).to_owned()));
    }
    let code = err.raw_os_error()?;
    let text = err.to_string();
    let suffix = format!(" (os error {code})");
    let message = text.strip_suffix(&suffix).unwrap_or(&text).trim_end();
    Some(Described::WinError(code, message.to_owned()))
}

/// The error `open()` reports: CPython opens through the C runtime
/// (`_wopen`), which reports the errno it maps the Windows error to.
pub(crate) fn open_error(err: io::Error) -> io::Error {
    match err.raw_os_error() {
        Some(code) => errno_error(winerror_to_errno(code)),
        None => err,
    }
}

/// CPython's mapping of a Windows error to an errno (`winerror_to_errno`,
/// PC/errmap.h): facts of the table, grouped by errno.
pub(crate) fn winerror_to_errno(code: i32) -> i32 {
    use errno::*;
    // An HRESULT wrapping a Win32 error stands for that error.
    let code = if (code as u32) & 0xFFFF_0000 == 0x8007_0000 { code & 0xFFFF } else { code };
    if (10_000..12_000).contains(&code) {
        // Winsock codes are errno values; six of them are offsets of the
        // C runtime's.
        return match code {
            10_004 | 10_009 | 10_013 | 10_014 | 10_022 | 10_024 => code - 10_000,
            _ => code,
        };
    }
    match code {
        2 | 3 | 15 | 18 | 53 | 67 | 161 | 206 => ENOENT,
        10 => E2BIG,
        11 | 188..=202 => ENOEXEC,
        6 | 114 | 130 => EBADF,
        128 | 129 => ECHILD,
        89 | 164 | 215 => EAGAIN,
        7..=9 | 1816 => ENOMEM,
        5 | 16 | 19..=34 | 35 | 36 | 65 | 82 | 83 | 108 | 132 | 158 | 167 => EACCES,
        80 | 183 => EEXIST,
        17 => EXDEV,
        267 => ENOTDIR,
        4 => EMFILE,
        112 => ENOSPC,
        109 | 232 => EPIPE,
        145 => ENOTEMPTY,
        1113 => EILSEQ,
        258 => ETIMEDOUT,
        _ => EINVAL,
    }
}

/// The `io::ErrorKind` of a C runtime errno.
fn kind_of(errno: i32) -> ErrorKind {
    use errno::*;
    match errno {
        ENOENT => ErrorKind::NotFound,
        EPERM | EACCES => ErrorKind::PermissionDenied,
        EEXIST => ErrorKind::AlreadyExists,
        EINTR => ErrorKind::Interrupted,
        EAGAIN => ErrorKind::WouldBlock,
        EINVAL => ErrorKind::InvalidInput,
        ENOTDIR => ErrorKind::NotADirectory,
        EISDIR => ErrorKind::IsADirectory,
        ENOTEMPTY => ErrorKind::DirectoryNotEmpty,
        ENOSPC => ErrorKind::StorageFull,
        EROFS => ErrorKind::ReadOnlyFilesystem,
        ESPIPE => ErrorKind::NotSeekable,
        EPIPE => ErrorKind::BrokenPipe,
        ENOMEM => ErrorKind::OutOfMemory,
        EXDEV => ErrorKind::CrossesDevices,
        ETIMEDOUT => ErrorKind::TimedOut,
        EDQUOT => ErrorKind::QuotaExceeded,
        _ => ErrorKind::Other,
    }
}

/// The Microsoft C runtime's `strerror` texts (CPython's `os.strerror` on
/// Windows).
fn strerror(errno: i32) -> &'static str {
    match errno {
        0 => "No error",
        1 => "Operation not permitted",
        2 => "No such file or directory",
        3 => "No such process",
        4 => "Interrupted function call",
        5 => "Input/output error",
        6 => "No such device or address",
        7 => "Arg list too long",
        8 => "Exec format error",
        9 => "Bad file descriptor",
        10 => "No child processes",
        11 => "Resource temporarily unavailable",
        12 => "Not enough space",
        13 => "Permission denied",
        14 => "Bad address",
        16 => "Resource device",
        17 => "File exists",
        18 => "Improper link",
        19 => "No such device",
        20 => "Not a directory",
        21 => "Is a directory",
        22 => "Invalid argument",
        23 => "Too many open files in system",
        24 => "Too many open files",
        25 => "Inappropriate I/O control operation",
        27 => "File too large",
        28 => "No space left on device",
        29 => "Invalid seek",
        30 => "Read-only file system",
        31 => "Too many links",
        32 => "Broken pipe",
        33 => "Domain error",
        34 => "Result too large",
        36 => "Resource deadlock avoided",
        38 => "Filename too long",
        39 => "No locks available",
        40 => "Function not implemented",
        41 => "Directory not empty",
        42 => "Illegal byte sequence",
        _ => "Unknown error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_errors_map_to_cpythons_errno() {
        assert_eq!(winerror_to_errno(2), errno::ENOENT);
        assert_eq!(winerror_to_errno(5), errno::EACCES);
        assert_eq!(winerror_to_errno(32), errno::EACCES); // sharing violation
        assert_eq!(winerror_to_errno(183), errno::EEXIST);
        assert_eq!(winerror_to_errno(145), errno::ENOTEMPTY);
        assert_eq!(winerror_to_errno(267), errno::ENOTDIR);
        assert_eq!(winerror_to_errno(0x8007_0002_u32 as i32), errno::ENOENT);
        assert_eq!(winerror_to_errno(10_013), errno::EACCES);
        assert_eq!(winerror_to_errno(10_054), 10_054);
        assert_eq!(winerror_to_errno(87), errno::EINVAL);
    }

    #[test]
    fn c_runtime_errors_print_and_map_as_cpython() {
        let e = open_error(io::Error::from_raw_os_error(2));
        assert_eq!(e.kind(), ErrorKind::NotFound);
        assert_eq!(errno_of(&e), Some(2));
        assert!(matches!(describe(&e), Some(Described::Errno(2, t)) if t == "No such file or directory"));
        let e = io::Error::from_raw_os_error(3);
        assert_eq!(errno_of(&e), Some(errno::ENOENT));
        assert!(matches!(describe(&e), Some(Described::WinError(3, _))));
    }
}
