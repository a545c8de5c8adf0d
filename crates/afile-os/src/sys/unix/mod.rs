//! What Linux, macOS and the BSDs share: POSIX calls through rustix and
//! std. macOS's and the BSDs' own pieces are in [`bsd`].

pub(crate) mod api;
#[cfg(not(target_os = "linux"))]
mod bsd;
pub(crate) mod path_api;
mod realpath;

use std::ffi::OsString;
use std::fs::{self, Metadata};
use std::io;
use std::os::unix::ffi::OsStringExt;
use std::os::unix::fs::{DirBuilderExt, DirEntryExt, FileTypeExt, MetadataExt, PermissionsExt};
use std::path::Path;
use std::time::SystemTime;

use rustix::fs::{Access, AtFlags, CWD};

use super::FileId;

#[cfg(not(target_os = "linux"))]
pub(crate) use bsd::{copy_contents, sendfile_once};
pub(crate) use realpath::realpath;

/// `access(2)` with CPython's mode bits (`F_OK` 0, `X_OK` 1, `W_OK` 2,
/// `R_OK` 4): whether the real user may.
pub(crate) fn access(path: &Path, mode: u32) -> bool {
    let mut want = Access::EXISTS;
    for (bit, access) in [(4, Access::READ_OK), (2, Access::WRITE_OK), (1, Access::EXEC_OK)] {
        if mode & bit != 0 {
            want |= access;
        }
    }
    rustix::fs::accessat(CWD, path, want, AtFlags::empty()).is_ok()
}

/// `(st_dev, st_ino)` of what `path` names, following symlinks.
pub(crate) fn file_id(path: &Path) -> io::Result<FileId> {
    let m = fs::metadata(path)?;
    Ok((m.dev(), m.ino()))
}

/// `(st_dev, st_ino)` of an open file.
pub(crate) fn open_file_id(file: &fs::File) -> io::Result<FileId> {
    let m = file.metadata()?;
    Ok((m.dev(), m.ino()))
}

/// Whether `meta` is a named pipe.
pub(crate) fn is_fifo(meta: &Metadata) -> bool {
    meta.file_type().is_fifo()
}

/// `chmod(2)`: the permission bits of `path`.
pub(crate) fn chmod(path: &Path, mode: u32) -> io::Result<()> {
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
}

/// `utimensat(2)`: access and modification times, `None` for now.
pub(crate) fn utime(path: &Path, times: Option<(SystemTime, SystemTime)>) -> io::Result<()> {
    use rustix::fs::{Timespec, Timestamps, UTIME_NOW, utimensat};
    let spec = |t: SystemTime| -> Timespec {
        let d = t.duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default();
        Timespec { tv_sec: d.as_secs() as i64, tv_nsec: i64::from(d.subsec_nanos()) as _ }
    };
    let now = Timespec { tv_sec: 0, tv_nsec: UTIME_NOW as _ };
    let (atime, mtime) = times.map(|(a, m)| (spec(a), spec(m))).unwrap_or((now, now));
    let stamps = Timestamps { last_access: atime, last_modification: mtime };
    Ok(utimensat(CWD, path, &stamps, AtFlags::empty())?)
}

/// `mkdir(2)` with `mode` (less the umask).
pub(crate) fn mkdir(path: &Path, mode: u32) -> io::Result<()> {
    fs::DirBuilder::new().mode(mode).create(path)
}

/// `rename(2)`: replaces a file or an empty directory at `dst`.
pub(crate) fn rename(src: &Path, dst: &Path) -> io::Result<()> {
    fs::rename(src, dst)
}

/// `os.replace`: the same as `rename(2)` on Unix.
pub(crate) fn replace(src: &Path, dst: &Path) -> io::Result<()> {
    fs::rename(src, dst)
}

/// `symlink(2)`: `dst` pointing to `src`.
pub(crate) fn symlink(src: &Path, dst: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(src, dst)
}

/// `st_ctime`: the last change of the inode.
pub(crate) fn ctime(meta: &Metadata) -> SystemTime {
    let (secs, nanos) = (meta.ctime(), meta.ctime_nsec());
    let d = std::time::Duration::new(secs.unsigned_abs(), nanos as u32);
    if secs >= 0 { SystemTime::UNIX_EPOCH + d } else { SystemTime::UNIX_EPOCH - d }
}

/// `posixpath.ismount`: a different device from its parent, or the same
/// inode as its parent (`/`).
pub(crate) fn ismount(path: &Path) -> bool {
    let Ok(meta) = fs::symlink_metadata(path) else { return false };
    if meta.file_type().is_symlink() {
        return false;
    }
    let Ok(parent) = fs::symlink_metadata(path.join("..")) else { return false };
    meta.dev() != parent.dev() || meta.ino() == parent.ino()
}

/// The entry's inode number, from the directory listing itself.
pub(crate) fn entry_ino(entry: &fs::DirEntry) -> u64 {
    entry.ino()
}

/// `EISDIR`, for a directory where a file was wanted.
pub(crate) fn is_a_directory() -> io::Error {
    rustix::io::Errno::ISDIR.into()
}

/// A path as Python's `str` holds it: code points, bytes that are not
/// UTF-8 as `os.fsdecode` gives them (`U+DC00 + byte`).
pub(crate) fn decode_path(path: &std::ffi::OsStr) -> Vec<u32> {
    use std::os::unix::ffi::OsStrExt;
    crate::pystr::from_bytes(path.as_bytes())
}

/// The path whose code points are `chars` (the inverse of
/// [`decode_path`]).
pub(crate) fn encode_path(chars: &[u32]) -> OsString {
    let mut out = Vec::with_capacity(chars.len());
    for &c in chars {
        match char::from_u32(c) {
            Some(ch) => out.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes()),
            // An escaped byte (`surrogateescape`).
            None if (0xDC80..=0xDCFF).contains(&c) => out.push((c - 0xDC00) as u8),
            // Other lone surrogates never come out of `decode_path`;
            // CPython's `surrogatepass` bytes, should one be built.
            None => out.extend_from_slice(&[
                0xE0 | (c >> 12) as u8,
                0x80 | ((c >> 6) & 0x3F) as u8,
                0x80 | (c & 0x3F) as u8,
            ]),
        }
    }
    OsString::from_vec(out)
}

/// The real user id (`~` without `$HOME` is that user's home).
pub(crate) fn current_uid() -> Option<u32> {
    Some(rustix::process::getuid().as_raw())
}
