//! Windows: the Win32 calls CPython's `os` makes there (`MoveFileExW`,
//! file ids from `GetFileInformationByHandle`, `GetVolumePathNameW`), with
//! CPython's Windows rules (`chmod` sets the read-only attribute, `mkdir`
//! ignores the mode, `getctime` is the creation time, `~` as `ntpath`).

pub(crate) mod api;
pub(crate) mod path_api;
mod realpath;

use std::ffi::{OsStr, OsString};
use std::fs::{self, File, Metadata};
use std::io::{self, Read, Write};
use std::os::windows::ffi::OsStrExt;
use std::os::windows::fs::OpenOptionsExt;
use std::os::windows::io::AsRawHandle;
use std::path::Path;
use std::time::SystemTime;

use windows_sys::Win32::Storage::FileSystem::{
    BY_HANDLE_FILE_INFORMATION, FILE_FLAG_BACKUP_SEMANTICS, FILE_WRITE_ATTRIBUTES,
    GetFileInformationByHandle, GetVolumePathNameW, MOVEFILE_REPLACE_EXISTING, MoveFileExW,
};

use super::FileId;

pub(crate) use realpath::realpath;

/// A path as a NUL-terminated wide string, for the Win32 calls.
fn wide(path: &OsStr) -> Vec<u16> {
    path.encode_wide().chain(Some(0)).collect()
}

/// `os.access` on Windows: the path exists, and for `W_OK` (2) it is not a
/// read-only file (a directory's read-only attribute does not count).
pub(crate) fn access(path: &Path, mode: u32) -> bool {
    let Ok(meta) = fs::metadata(path) else { return false };
    mode & 2 == 0 || !meta.permissions().readonly() || meta.is_dir()
}

/// The volume serial number and file index of an open file (CPython's
/// `st_dev` and `st_ino` on Windows).
pub(crate) fn open_file_id(file: &File) -> io::Result<FileId> {
    // SAFETY: an all-zero BY_HANDLE_FILE_INFORMATION is a valid value of
    // this plain C struct.
    let mut info: BY_HANDLE_FILE_INFORMATION = unsafe { std::mem::zeroed() };
    // SAFETY: the handle is open for the call (borrowed from `file`) and
    // `info` is writable.
    if unsafe { GetFileInformationByHandle(file.as_raw_handle(), &mut info) } == 0 {
        return Err(io::Error::last_os_error());
    }
    let index = (u64::from(info.nFileIndexHigh) << 32) | u64::from(info.nFileIndexLow);
    Ok((u64::from(info.dwVolumeSerialNumber), index))
}

/// Opens `path` (a file or a directory) only to ask about it.
fn open_for_info(path: &Path) -> io::Result<File> {
    fs::OpenOptions::new().access_mode(0).custom_flags(FILE_FLAG_BACKUP_SEMANTICS).open(path)
}

/// The file id of what `path` names, following symlinks.
pub(crate) fn file_id(path: &Path) -> io::Result<FileId> {
    open_file_id(&open_for_info(path)?)
}

/// Windows has no named pipes in the file system's namespace that `stat`
/// reports as FIFOs.
pub(crate) fn is_fifo(_meta: &Metadata) -> bool {
    false
}

/// `os.chmod` on Windows: only `0o200` (`S_IWRITE`) counts; without it the
/// file is made read-only, with it writable.
pub(crate) fn chmod(path: &Path, mode: u32) -> io::Result<()> {
    let mut perms = fs::metadata(path)?.permissions();
    perms.set_readonly(mode & 0o200 == 0);
    fs::set_permissions(path, perms)
}

/// `os.utime` on Windows: `SetFileTime` through a handle opened for
/// writing attributes (a directory too); `None` for now.
pub(crate) fn utime(path: &Path, times: Option<(SystemTime, SystemTime)>) -> io::Result<()> {
    let file = fs::OpenOptions::new()
        .access_mode(FILE_WRITE_ATTRIBUTES)
        .custom_flags(FILE_FLAG_BACKUP_SEMANTICS)
        .open(path)?;
    let (atime, mtime) = times.unwrap_or_else(|| (SystemTime::now(), SystemTime::now()));
    file.set_times(fs::FileTimes::new().set_accessed(atime).set_modified(mtime))
}

/// `os.mkdir` on Windows: the mode is ignored, as CPython 3.12 ignores it.
pub(crate) fn mkdir(path: &Path, _mode: u32) -> io::Result<()> {
    fs::create_dir(path)
}

fn move_file(src: &Path, dst: &Path, flags: u32) -> io::Result<()> {
    let (src, dst) = (wide(src.as_os_str()), wide(dst.as_os_str()));
    // SAFETY: both are NUL-terminated wide strings that live for the call.
    match unsafe { MoveFileExW(src.as_ptr(), dst.as_ptr(), flags) } {
        0 => Err(io::Error::last_os_error()),
        _ => Ok(()),
    }
}

/// `os.rename` on Windows: `MoveFileExW` without
/// `MOVEFILE_REPLACE_EXISTING`, so an existing `dst` is an error.
pub(crate) fn rename(src: &Path, dst: &Path) -> io::Result<()> {
    move_file(src, dst, 0)
}

/// `os.replace` on Windows: `MoveFileExW(MOVEFILE_REPLACE_EXISTING)`.
pub(crate) fn replace(src: &Path, dst: &Path) -> io::Result<()> {
    move_file(src, dst, MOVEFILE_REPLACE_EXISTING)
}

/// `os.symlink(src, dst)` on Windows: a file symlink (CPython's default).
pub(crate) fn symlink(src: &Path, dst: &Path) -> io::Result<()> {
    std::os::windows::fs::symlink_file(src, dst)
}

/// `st_ctime` as CPython 3.12 gives it on Windows: the creation time.
pub(crate) fn ctime(meta: &Metadata) -> SystemTime {
    meta.created().unwrap_or(SystemTime::UNIX_EPOCH)
}

/// `ntpath.ismount`: a drive or share root, or a volume mounted on a
/// folder (what `GetVolumePathNameW` says the volume's root is).
pub(crate) fn ismount(path: &Path) -> bool {
    let Ok(abs) = std::path::absolute(path) else { return false };
    let trim = |s: &OsStr| s.to_string_lossy().trim_end_matches(['\\', '/']).to_lowercase();
    let name = wide(abs.as_os_str());
    let mut volume = vec![0u16; name.len() + 2];
    // SAFETY: `name` is NUL-terminated; `volume` is writable for the length
    // passed.
    if unsafe { GetVolumePathNameW(name.as_ptr(), volume.as_mut_ptr(), volume.len() as u32) } == 0 {
        return false;
    }
    let end = volume.iter().position(|&c| c == 0).unwrap_or(volume.len());
    let volume = OsString::from(String::from_utf16_lossy(&volume[..end]));
    trim(&volume) == trim(abs.as_os_str())
}

/// The entry's file index (CPython's `DirEntry.inode()` on Windows asks
/// the file system for it: one open per entry).
pub(crate) fn entry_ino(entry: &fs::DirEntry) -> u64 {
    open_for_info(&entry.path()).and_then(|f| open_file_id(&f)).map_or(0, |(_, index)| index)
}

/// `EISDIR`, for a directory where a file was wanted (the C runtime's).
pub(crate) fn is_a_directory() -> io::Error {
    io::Error::new(io::ErrorKind::IsADirectory, "Is a directory")
}

/// Copies the rest of `input` into `output`, 1 MiB at a time, as CPython's
/// `shutil.copyfile` does on Windows; the count of bytes copied.
pub(crate) fn copy_contents(input: &mut File, output: &mut File) -> io::Result<u64> {
    let mut buf = vec![0u8; 1 << 20];
    let mut total = 0u64;
    loop {
        let n = match input.read(&mut buf) {
            Ok(0) => return Ok(total),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        output.write_all(&buf[..n])?;
        total += n as u64;
    }
}

/// A path as Python's `str` holds it: code points, an unpaired surrogate
/// as itself.
pub(crate) fn decode_path(path: &OsStr) -> Vec<u32> {
    use std::os::windows::ffi::OsStrExt;
    char::decode_utf16(path.encode_wide())
        .map(|r| r.map_or_else(|e| u32::from(e.unpaired_surrogate()), u32::from))
        .collect()
}

/// The path whose code points are `chars` (the inverse of
/// [`decode_path`]).
pub(crate) fn encode_path(chars: &[u32]) -> OsString {
    use std::os::windows::ffi::OsStringExt;
    let mut wide = Vec::with_capacity(chars.len());
    for &c in chars {
        match char::from_u32(c) {
            Some(ch) => wide.extend_from_slice(ch.encode_utf16(&mut [0; 2])),
            None => wide.push(c as u16),
        }
    }
    OsString::from_wide(&wide)
}

/// No user ids on Windows (`ntpath.expanduser` reads the environment).
pub(crate) fn current_uid() -> Option<u32> {
    None
}
