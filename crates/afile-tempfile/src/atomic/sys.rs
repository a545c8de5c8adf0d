//! The system calls of an atomic save, one small function each, all
//! relative to a descriptor of the target's directory (one path lookup
//! per save, not one per step).

use std::ffi::{OsStr, OsString};
use std::fs;
use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, IntoRawFd, OwnedFd};
use std::path::Path;
use std::sync::OnceLock;

use rustix::fs::{AtFlags, CWD, Mode, OFlags, RenameFlags};
use rustix::io::Errno;

/// What [`lstat_regular`] found at the target.
#[derive(Clone, Copy, Debug)]
pub(super) struct Owner {
    pub(super) mode: u32,
    pub(super) uid: u32,
    pub(super) gid: u32,
}

/// `open(dir, O_RDONLY | O_DIRECTORY)`: the handle every step works from,
/// and the one its `fsync` goes to.
pub(super) fn open_dir(dir: &Path) -> io::Result<OwnedFd> {
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
    Ok(rustix::fs::open(dir, flags, Mode::empty())?)
}

/// `openat(dir, ".", O_TMPFILE | O_RDWR, 0666)`: a file with no name, whose
/// mode the kernel sets from `0666`, the umask and any default ACL, as for
/// `open(path, "w")`.
pub(super) fn unnamed_in(dir: BorrowedFd<'_>) -> io::Result<fs::File> {
    let flags = OFlags::TMPFILE | OFlags::RDWR | OFlags::CLOEXEC;
    Ok(fs::File::from(rustix::fs::openat(dir, ".", flags, Mode::from_raw_mode(0o666))?))
}

/// `openat(dir, name, O_CREAT | O_EXCL | O_NOFOLLOW | O_RDWR, mode)`.
pub(super) fn create_in(dir: BorrowedFd<'_>, name: &OsStr, mode: u32) -> io::Result<fs::File> {
    let flags = OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::RDWR | OFlags::CLOEXEC;
    Ok(fs::File::from(rustix::fs::openat(dir, name, flags, Mode::from_raw_mode(mode))?))
}

/// The permission bits of an open file (`fstat`).
pub(super) fn mode_of(file: &fs::File) -> io::Result<u32> {
    Ok(rustix::fs::fstat(file)?.st_mode & 0o7777)
}

/// Mode and owner of `name` in `dir` if it is a regular file itself
/// (`fstatat(AT_SYMLINK_NOFOLLOW)`: a symlink is not followed and counts
/// as no file, as does anything else that is not a regular file).
pub(super) fn lstat_regular(dir: BorrowedFd<'_>, name: &OsStr) -> Option<Owner> {
    let st = rustix::fs::statat(dir, name, AtFlags::SYMLINK_NOFOLLOW).ok()?;
    let regular = rustix::fs::FileType::from_raw_mode(st.st_mode) == rustix::fs::FileType::RegularFile;
    regular.then_some(Owner { mode: st.st_mode & 0o7777, uid: st.st_uid, gid: st.st_gid })
}

/// The effective user and group ids of this process.
pub(super) fn effective_ids() -> (u32, u32) {
    (rustix::process::geteuid().as_raw(), rustix::process::getegid().as_raw())
}

/// `fchown(file, uid, gid)`.
pub(super) fn chown(file: &fs::File, uid: Option<u32>, gid: Option<u32>) -> io::Result<()> {
    let uid = uid.map(rustix::fs::Uid::from_raw);
    let gid = gid.map(rustix::fs::Gid::from_raw);
    Ok(rustix::fs::fchown(file, uid, gid)?)
}

/// `fchmod(file, mode)`.
pub(super) fn chmod(file: &fs::File, mode: u32) -> io::Result<()> {
    Ok(rustix::fs::fchmod(file, Mode::from_raw_mode(mode))?)
}

/// `fsync`.
pub(super) fn sync(fd: BorrowedFd<'_>) -> io::Result<()> {
    Ok(rustix::fs::fsync(fd)?)
}

/// Whether an unnamed (`O_TMPFILE`) file can be given a name here:
/// `linkat(AT_EMPTY_PATH)` needs `CAP_DAC_READ_SEARCH` (root has it), and
/// everyone else goes through `/proc/self/fd`. Without either, atomic
/// saves use a hidden named file from the start.
pub(super) fn unnamed_linkable() -> bool {
    static LINKABLE: OnceLock<bool> = OnceLock::new();
    *LINKABLE.get_or_init(|| effective_ids().0 == 0 || Path::new("/proc/self/fd").is_dir())
}

/// Gives the unnamed `file` the name `name` in `dir`; `EEXIST` if taken.
pub(super) fn link_unnamed(file: &fs::File, dir: BorrowedFd<'_>, name: &OsStr) -> io::Result<()> {
    match rustix::fs::linkat(file.as_fd(), "", dir, name, AtFlags::EMPTY_PATH) {
        Ok(()) => Ok(()),
        // AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH; /proc does not.
        Err(Errno::NOENT | Errno::PERM | Errno::INVAL) => {
            let proc = format!("/proc/self/fd/{}", file.as_raw_fd());
            Ok(rustix::fs::linkat(CWD, proc.as_str(), dir, name, AtFlags::SYMLINK_FOLLOW)?)
        }
        Err(e) => Err(e.into()),
    }
}

/// `renameat(dir, from, dir, to)`, or with `noreplace` one that fails with
/// `EEXIST` if `to` exists, atomically (`RENAME_NOREPLACE`, else a hard
/// link and an unlink, as atomic).
pub(super) fn rename(dir: BorrowedFd<'_>, from: &OsStr, to: &OsStr, noreplace: bool) -> io::Result<()> {
    if !noreplace {
        return Ok(rustix::fs::renameat(dir, from, dir, to)?);
    }
    match rustix::fs::renameat_with(dir, from, dir, to, RenameFlags::NOREPLACE) {
        Ok(()) => Ok(()),
        Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => {
            rustix::fs::linkat(dir, from, dir, to, AtFlags::empty())?;
            Ok(rustix::fs::unlinkat(dir, from, AtFlags::empty())?)
        }
        Err(e) => Err(e.into()),
    }
}

/// `unlinkat(dir, name)`, errors ignored (cleanup).
pub(super) fn remove(dir: BorrowedFd<'_>, name: &OsStr) {
    let _ = rustix::fs::unlinkat(dir, name, AtFlags::empty());
}

/// `close(2)`, reporting what it reports (`EINTR` counts as closed: Linux
/// always releases the descriptor).
pub(super) fn close(file: fs::File) -> io::Result<()> {
    let fd = file.into_raw_fd();
    // SAFETY: `fd` came out of the `File`, which owned it, and is not used
    // again.
    match unsafe { rustix::io::try_close(fd) } {
        Ok(()) | Err(Errno::INTR) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// The hidden name a save waits under before it is renamed over `name`:
/// `.NAME.XXXXXXXX.tmp`, with `NAME` cut so the whole fits in 255 bytes
/// (the longest name Linux file systems take).
pub(super) fn hidden_name(name: &OsStr) -> io::Result<OsString> {
    use std::os::unix::ffi::OsStrExt;
    const NAME_MAX: usize = 255;
    const ADDED: usize = ".".len() + ".".len() + 8 + ".tmp".len();
    let bytes = name.as_bytes();
    let kept = &bytes[..bytes.len().min(NAME_MAX - ADDED)];
    let mut hidden = OsString::from(".");
    hidden.push(OsStr::from_bytes(kept));
    hidden.push(".");
    hidden.push(crate::names::random_name()?);
    hidden.push(".tmp");
    Ok(hidden)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::ffi::OsStrExt;

    #[test]
    fn hidden_names_fit_in_255_bytes() {
        for len in [1usize, 200, 241, 242, 250, 255] {
            let name = OsString::from("n".repeat(len));
            let hidden = hidden_name(&name).unwrap();
            assert!(hidden.len() <= 255, "{len}: {}", hidden.len());
            assert!(hidden.as_bytes().starts_with(b".n") && hidden.as_bytes().ends_with(b".tmp"));
        }
        assert_eq!(hidden_name(OsStr::new("a.txt")).unwrap().len(), ".a.txt.".len() + 8 + 4);
    }
}
