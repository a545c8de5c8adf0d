//! What Linux, macOS and the BSDs share: plain POSIX calls through rustix.
//! On macOS and the BSDs, [`slow`] answers for Linux's fast paths (nothing
//! runs in the task).

mod handles;
#[cfg(not(target_os = "linux"))]
mod slow;

use std::fs;
use std::io;
use std::mem::MaybeUninit;
use std::os::fd::{AsFd, AsRawFd, IntoRawFd, RawFd};

use rustix::fs::{FileType, OFlags};
use rustix::io::Errno;

use super::{Access, Described, Posix, Probe, Sparse, Stdio};

#[cfg(not(target_os = "linux"))]
pub(crate) use slow::{MemFile, closes_in_task, no_nowait_reads, open_cached, pread_nowait, reads_in_task};

/// What `fileno()` returns: the file descriptor.
pub type Fileno = RawFd;

/// The descriptor of `file`.
#[inline]
pub(crate) fn fileno(file: &fs::File) -> Fileno {
    file.as_raw_fd()
}

/// `fstat`: what the engine needs to know about an open file.
pub(crate) fn probe(file: &fs::File) -> Probe {
    use std::os::unix::fs::MetadataExt;
    match file.metadata() {
        Ok(m) => Probe {
            regular: m.file_type().is_file(),
            dev: m.dev(),
            blksize: m.blksize(),
            size: m.len(),
            ino: m.ino(),
        },
        Err(_) => Probe::default(),
    }
}

/// `pread` into uninitialised memory; the count read (0 at end of file).
#[inline]
pub(crate) fn read_at(file: &fs::File, at: u64, buf: &mut [MaybeUninit<u8>]) -> io::Result<usize> {
    Ok(rustix::io::pread(file, buf, at).map(|(init, _)| init.len())?)
}

/// `read` into uninitialised memory (pipes, terminals).
#[inline]
pub(crate) fn read(file: &fs::File, buf: &mut [MaybeUninit<u8>]) -> io::Result<usize> {
    Ok(rustix::io::read(file, buf).map(|(init, _)| init.len())?)
}

/// `pwrite`: the count written.
#[inline]
pub(crate) fn write_at(file: &fs::File, data: &[u8], at: u64) -> io::Result<usize> {
    Ok(rustix::io::pwrite(file, data, at)?)
}

/// `write` (pipes, terminals, `O_APPEND` files).
#[inline]
pub(crate) fn write(file: &fs::File, data: &[u8]) -> io::Result<usize> {
    Ok(rustix::io::write(file, data)?)
}

/// `close(2)`, reporting its error (delayed write errors of network file
/// systems, `EBADF`). `EINTR` counts as closed: Linux always releases the
/// descriptor, and CPython ignores it too.
pub(crate) fn close(file: fs::File) -> io::Result<()> {
    let fd = file.into_raw_fd();
    // SAFETY: `fd` came out of the `File` passed in by value, so nothing
    // else owns it and it is never used again.
    match unsafe { rustix::io::try_close(fd) } {
        Err(Errno::INTR) | Ok(()) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Whether `file` is a directory. One `fcntl(F_GETFL)`, plus one `fstat`
/// for a read-only descriptor (one open for writing cannot be a directory).
pub(crate) fn is_directory(file: &fs::File) -> io::Result<bool> {
    let writable = rustix::fs::fcntl_getfl(file).is_ok_and(|f| (f & OFlags::RWMODE) != OFlags::RDONLY);
    if writable {
        return Ok(false);
    }
    let stat = rustix::fs::fstat(file)?;
    Ok(FileType::from_raw_mode(stat.st_mode) == FileType::Directory)
}

/// The access mode the descriptor was opened with (`fcntl(F_GETFL)`).
pub(crate) fn open_flags(file: &fs::File) -> Option<Access> {
    let flags = rustix::fs::fcntl_getfl(file).ok()?;
    let rw = flags & OFlags::RWMODE;
    Some(Access {
        read: rw != OFlags::WRONLY,
        write: rw != OFlags::RDONLY,
        append: flags.contains(OFlags::APPEND),
    })
}

/// `lseek` with `SEEK_DATA` or `SEEK_HOLE`.
pub(crate) fn seek_sparse(file: &fs::File, whence: Sparse) -> io::Result<u64> {
    let whence = match whence {
        Sparse::Data(at) => rustix::fs::SeekFrom::Data(at),
        Sparse::Hole(at) => rustix::fs::SeekFrom::Hole(at),
    };
    Ok(rustix::fs::seek(file, whence)?)
}

/// A new descriptor (`dup`) on one of the process's standard streams.
pub(crate) fn dup_stdio(which: Stdio) -> io::Result<fs::File> {
    let owned = match which {
        Stdio::In => io::stdin().as_fd().try_clone_to_owned(),
        Stdio::Out => io::stdout().as_fd().try_clone_to_owned(),
        Stdio::Err => io::stderr().as_fd().try_clone_to_owned(),
    }?;
    Ok(fs::File::from(owned))
}

/// The error afile raises itself for `which`.
pub(crate) fn posix_error(which: Posix) -> io::Error {
    let errno = match which {
        Posix::Inval => Errno::INVAL,
        Posix::Spipe => Errno::SPIPE,
        Posix::IsDir => Errno::ISDIR,
        Posix::Exist => Errno::EXIST,
        Posix::NoEnt => Errno::NOENT,
        Posix::NotDir => Errno::NOTDIR,
        Posix::BadF => Errno::BADF,
        Posix::NoMem => Errno::NOMEM,
    };
    errno.into()
}

/// A path's code points as CPython's `os.fsdecode` gives them: UTF-8, each
/// byte that is not part of it as `U+DC00 + byte` (`surrogateescape`).
pub(crate) fn path_code_points(path: &std::ffi::OsStr) -> Vec<u32> {
    use std::os::unix::ffi::OsStrExt;
    let mut out = Vec::with_capacity(path.len());
    for chunk in path.as_bytes().utf8_chunks() {
        out.extend(chunk.valid().chars().map(u32::from));
        out.extend(chunk.invalid().iter().map(|&b| 0xDC00 + u32::from(b)));
    }
    out
}

/// The error a fault plan injects for `errno`.
#[cfg_attr(not(feature = "testing"), allow(dead_code))]
pub(crate) fn errno_error(errno: i32) -> io::Error {
    io::Error::from_raw_os_error(errno)
}

/// The errno of an OS error.
pub(crate) fn errno_of(err: &io::Error) -> Option<i32> {
    err.raw_os_error()
}

/// The errno of an OS error and its `strerror` text, as CPython prints it.
pub(crate) fn describe(err: &io::Error) -> Option<Described> {
    let code = err.raw_os_error()?;
    let text = err.to_string();
    let suffix = format!(" (os error {code})");
    let strerror = text.strip_suffix(&suffix).unwrap_or(&text);
    Some(Described::Errno(code, strerror.to_owned()))
}

/// The error `open()` reports: the OS error as it is (CPython's `open`
/// calls `open(2)` itself).
#[inline]
pub(crate) fn open_error(err: io::Error) -> io::Error {
    err
}

/// Errno values, as this platform numbers them.
#[cfg_attr(not(feature = "testing"), allow(dead_code))]
pub(crate) mod errno {
    use rustix::io::Errno;

    pub(crate) const EPERM: i32 = Errno::PERM.raw_os_error();
    pub(crate) const ENOENT: i32 = Errno::NOENT.raw_os_error();
    pub(crate) const EINTR: i32 = Errno::INTR.raw_os_error();
    pub(crate) const EIO: i32 = Errno::IO.raw_os_error();
    pub(crate) const EBADF: i32 = Errno::BADF.raw_os_error();
    pub(crate) const EAGAIN: i32 = Errno::AGAIN.raw_os_error();
    pub(crate) const EACCES: i32 = Errno::ACCESS.raw_os_error();
    pub(crate) const EEXIST: i32 = Errno::EXIST.raw_os_error();
    pub(crate) const ENOSPC: i32 = Errno::NOSPC.raw_os_error();
    pub(crate) const EROFS: i32 = Errno::ROFS.raw_os_error();
    pub(crate) const EDQUOT: i32 = Errno::DQUOT.raw_os_error();
}
