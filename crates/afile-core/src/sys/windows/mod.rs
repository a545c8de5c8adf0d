//! Windows: the function set over the Win32 API (windows-sys), with
//! CPython's Windows error texts and errno mapping ([`errors`]). Nothing
//! runs in the task here: Windows has no read or open that promises not to
//! block, so every read and open takes the executor path.

mod errors;
mod handles;
mod io;

use std::fs;
use std::io::{Error, ErrorKind};
use std::mem::MaybeUninit;
use std::os::windows::io::{AsHandle, AsRawHandle, RawHandle};
use std::path::Path;

use windows_sys::Wdk::Storage::FileSystem::{
    FILE_ACCESS_INFORMATION, FileAccessInformation, NtQueryInformationFile,
};
use windows_sys::Win32::Storage::FileSystem::{FILE_APPEND_DATA, FILE_READ_DATA, FILE_WRITE_DATA};
use windows_sys::Win32::System::IO::IO_STATUS_BLOCK;

use super::{Access, Cached, NowaitRead, Posix, Probe, Sparse, Stdio};

pub(crate) use super::disk_memfile::MemFile;
pub(crate) use errors::{describe, errno, errno_error, errno_of, open_error};
pub(crate) use io::{close, read, read_at, write, write_at};

/// What `fileno()` returns: the file's handle (CPython gives a C runtime
/// descriptor; Rust programs use the handle).
pub type Fileno = RawHandle;

/// The handle of `file`.
#[inline]
pub(crate) fn fileno(file: &fs::File) -> Fileno {
    file.as_raw_handle()
}

/// What the engine needs to know about an open file. Windows has no block
/// size to offer, so buffers start at CPython's `io.DEFAULT_BUFFER_SIZE`.
pub(crate) fn probe(file: &fs::File) -> Probe {
    match file.metadata() {
        Ok(m) => Probe { regular: m.is_file(), dev: 0, blksize: 0, size: m.len(), ino: 0 },
        Err(_) => Probe::default(),
    }
}

/// Never: Windows has no read that promises not to block.
#[inline]
pub(crate) fn reads_in_task(_dev: u64) -> bool {
    false
}

/// Never: nothing tells here whether a file system's close can block.
#[inline]
pub(crate) fn closes_in_task(_file: &fs::File, _dev: u64) -> bool {
    false
}

/// Nothing to remember here.
#[inline]
pub(crate) fn no_nowait_reads(_dev: u64) {}

/// A read in the task is not possible here.
#[inline]
pub(crate) fn pread_nowait(_file: &fs::File, _at: u64, _out: &mut [MaybeUninit<u8>]) -> NowaitRead {
    NowaitRead::Unsupported
}

/// An open in the task is not possible here.
#[inline]
pub(crate) fn open_cached(_path: &Path) -> Cached {
    Cached::Declined
}

/// Whether `file` is a directory. (std cannot open one without
/// `FILE_FLAG_BACKUP_SEMANTICS`, so only a handle made elsewhere can be.)
pub(crate) fn is_directory(file: &fs::File) -> std::io::Result<bool> {
    Ok(file.metadata()?.is_dir())
}

/// The access the handle was opened with (`FileAccessInformation`). An
/// appending handle has `FILE_APPEND_DATA` without `FILE_WRITE_DATA`, as
/// std and the C runtime open them.
pub(crate) fn open_flags(file: &fs::File) -> Option<Access> {
    let mut info = FILE_ACCESS_INFORMATION { AccessFlags: 0 };
    // SAFETY: an all-zero IO_STATUS_BLOCK is a valid value of this plain C struct.
    let mut status: IO_STATUS_BLOCK = unsafe { std::mem::zeroed() };
    // SAFETY: the handle is open for the call (borrowed from `file`); `info`
    // and `status` are writable and `info`'s size is passed.
    let rc = unsafe {
        NtQueryInformationFile(
            file.as_raw_handle(),
            &mut status,
            (&raw mut info).cast(),
            std::mem::size_of::<FILE_ACCESS_INFORMATION>() as u32,
            FileAccessInformation,
        )
    };
    if rc < 0 {
        return None;
    }
    let flags = info.AccessFlags;
    let write = flags & (FILE_WRITE_DATA | FILE_APPEND_DATA) != 0;
    let append = flags & FILE_APPEND_DATA != 0 && flags & FILE_WRITE_DATA == 0;
    Some(Access { read: flags & FILE_READ_DATA != 0, write, append })
}

/// Windows has no `SEEK_DATA`/`SEEK_HOLE` (the methods do not exist here).
#[allow(dead_code)]
pub(crate) fn seek_sparse(_file: &fs::File, _whence: Sparse) -> std::io::Result<u64> {
    Err(ErrorKind::Unsupported.into())
}

/// A duplicate (`DuplicateHandle`) of one of the process's standard streams.
pub(crate) fn dup_stdio(which: Stdio) -> std::io::Result<fs::File> {
    let owned = match which {
        Stdio::In => std::io::stdin().as_handle().try_clone_to_owned(),
        Stdio::Out => std::io::stdout().as_handle().try_clone_to_owned(),
        Stdio::Err => std::io::stderr().as_handle().try_clone_to_owned(),
    }?;
    Ok(fs::File::from(owned))
}

/// The error afile raises itself for `which`, numbered as the C runtime
/// numbers errno (CPython raises these from its C runtime calls).
pub(crate) fn posix_error(which: Posix) -> Error {
    errno_error(match which {
        Posix::Inval => errno::EINVAL,
        Posix::Spipe => errno::ESPIPE,
        Posix::IsDir => errno::EISDIR,
        Posix::Exist => errno::EEXIST,
        Posix::NoEnt => errno::ENOENT,
        Posix::NotDir => errno::ENOTDIR,
        Posix::BadF => errno::EBADF,
        Posix::NoMem => errno::ENOMEM,
    })
}

/// A path's code points as CPython's `str` holds a Windows path: UTF-16
/// decoded, an unpaired surrogate as itself.
pub(crate) fn path_code_points(path: &std::ffi::OsStr) -> Vec<u32> {
    use std::os::windows::ffi::OsStrExt;
    char::decode_utf16(path.encode_wide())
        .map(|r| r.map_or_else(|e| u32::from(e.unpaired_surrogate()), u32::from))
        .collect()
}
