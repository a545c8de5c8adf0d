//! Linux: the Unix calls, plus `O_TMPFILE` (nameless files and their
//! reserve; atomic writes linked into place), memory files (`memfd`),
//! `getrandom`, and `renameat2(RENAME_NOREPLACE)`.

use std::fs::File;
use std::io;
use std::os::fd::{AsFd, AsRawFd};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use rustix::fs::{AtFlags, CWD, Mode, OFlags, linkat};
use rustix::io::Errno;

use crate::sys::Linked;

pub(crate) use super::unix::{
    TEMPORARY_FILE_IS_NAMED, close, copy_permissions, create_dir, create_new, os_tempdirs, posix_error,
    rename_noreplace, rmtree, sync_dir,
};

/// A few nameless files are kept open ahead of need (see `reserve`).
pub(crate) const HAS_RESERVE: bool = true;

/// Fills `buf` from the kernel's CSPRNG (`getrandom(2)`).
pub(crate) fn fill_random(buf: &mut [u8]) -> io::Result<()> {
    let mut filled = 0;
    while filled < buf.len() {
        match rustix::rand::getrandom(&mut buf[filled..], rustix::rand::GetRandomFlags::empty()) {
            Ok(n) => filled += n,
            Err(Errno::INTR) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// Set once linking a nameless file failed for want of `/proc`: atomic
/// writes then stage in named files from the start.
static UNLINKABLE: AtomicBool = AtomicBool::new(false);

/// Whether a nameless file can be given a name here (not once linking one
/// failed for want of `/proc`).
pub(crate) fn can_link_unnamed() -> bool {
    !UNLINKABLE.load(Ordering::Relaxed)
}

/// An `O_TMPFILE` file in `dir` with `mode` (less the umask): no name,
/// ever.
pub(crate) fn tmpfile(dir: &Path, mode: u32) -> io::Result<File> {
    let flags = OFlags::TMPFILE | OFlags::RDWR | OFlags::CLOEXEC;
    Ok(File::from(rustix::fs::open(dir, flags, Mode::from_raw_mode(mode))?))
}

/// Gives the nameless `file` the name `to` (`EEXIST` if taken): `linkat`
/// with `AT_EMPTY_PATH`, which needs `CAP_DAC_READ_SEARCH`, else through
/// `/proc/self/fd` (no system call does this without the privilege). With
/// neither, [`Linked::Unlinkable`].
pub(crate) fn link_unnamed(file: &File, to: &Path) -> io::Result<Linked> {
    match linkat(file.as_fd(), "", CWD, to, AtFlags::EMPTY_PATH) {
        Ok(()) => return Ok(Linked::Linked),
        Err(Errno::NOENT | Errno::PERM | Errno::INVAL) => {}
        Err(e) => return Err(e.into()),
    }
    let proc = format!("/proc/self/fd/{}", file.as_raw_fd());
    match linkat(CWD, proc.as_str(), CWD, to, AtFlags::SYMLINK_FOLLOW) {
        Ok(()) => Ok(Linked::Linked),
        Err(Errno::NOENT) if std::fs::symlink_metadata("/proc/self/fd").is_err() => {
            UNLINKABLE.store(true, Ordering::Relaxed);
            Ok(Linked::Unlinkable)
        }
        Err(e) => Err(e.into()),
    }
}

/// An anonymous in-memory file (`memfd_create`), for spooled files.
pub(crate) fn memory_file() -> io::Result<File> {
    Ok(File::from(rustix::fs::memfd_create(c"afile-spooled", rustix::fs::MemfdFlags::CLOEXEC)?))
}
