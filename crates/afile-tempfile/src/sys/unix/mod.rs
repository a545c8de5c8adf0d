//! What Linux, macOS and the BSDs share. On macOS and the BSDs, [`bsd`]
//! answers for what only Linux has (no `O_TMPFILE`, no memory files).

#[cfg(not(target_os = "linux"))]
mod bsd;
mod rmtree;

use std::ffi::OsString;
use std::fs::{self, File, Metadata};
use std::io;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use super::{Create, Posix};

#[cfg(not(target_os = "linux"))]
pub(crate) use bsd::{HAS_RESERVE, can_link_unnamed, fill_random, link_unnamed, memory_file, tmpfile};
pub(crate) use rmtree::rmtree;

/// CPython's POSIX rule: `TemporaryFile` is created and unlinked at once,
/// so it never has a name once the constructor returns.
pub(crate) const TEMPORARY_FILE_IS_NAMED: bool = false;

/// Creates the new file `path`: `O_EXCL | O_NOFOLLOW`, 0600 (or the staging
/// mode), less the umask.
pub(crate) fn create_new(path: &Path, how: Create) -> io::Result<File> {
    let mode = match how {
        Create::Private | Create::DeleteOnClose => 0o600,
        Create::Staging { mode } => mode,
    };
    fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .mode(mode)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
        .open(path)
}

/// Creates the new directory `path`, 0700.
pub(crate) fn create_dir(path: &Path) -> io::Result<()> {
    fs::DirBuilder::new().mode(0o700).create(path)
}

/// CPython's POSIX candidates after the environment's: `/tmp`, `/var/tmp`,
/// `/usr/tmp`.
pub(crate) fn os_tempdirs(_env: &dyn Fn(&str) -> Option<OsString>) -> Vec<PathBuf> {
    ["/tmp", "/var/tmp", "/usr/tmp"].map(PathBuf::from).to_vec()
}

/// Gives `file` the mode bits of `target` and, where allowed (root, or the
/// owner for the group), its owner and group. Set-user-ID and set-group-ID
/// bits are kept only when the owner (group) they belong to is kept too,
/// so a set-ID file never changes hands.
pub(crate) fn copy_permissions(file: &File, target: &Metadata) -> io::Result<()> {
    const SETUID: u32 = 0o4000;
    const SETGID: u32 = 0o2000;
    let (euid, egid) = (rustix::process::geteuid().as_raw(), rustix::process::getegid().as_raw());
    let mut mode = target.mode() & 0o7777;
    let (mut same_uid, mut same_gid) = (target.uid() == euid, target.gid() == egid);
    // A new file is the writer's; with set-ID bits to keep, even a group
    // that looks the same is set (a set-group-ID directory gives its own).
    if !(same_uid && same_gid) || mode & (SETUID | SETGID) != 0 {
        if std::os::unix::fs::fchown(file, Some(target.uid()), Some(target.gid())).is_ok() {
            (same_uid, same_gid) = (true, true);
        } else {
            same_gid = std::os::unix::fs::fchown(file, None, Some(target.gid())).is_ok();
        }
    }
    if !same_uid {
        mode &= !SETUID;
    }
    if !same_gid {
        mode &= !SETGID;
    }
    file.set_permissions(fs::Permissions::from_mode(mode))
}

/// `close(2)`, reporting what it reports (`EINTR` counts as closed: the
/// descriptor is released).
pub(crate) fn close(file: File) -> io::Result<()> {
    use std::os::fd::IntoRawFd;
    let fd = file.into_raw_fd();
    // SAFETY: `fd` came out of the `File`, which owned it, and is not used
    // again.
    match unsafe { rustix::io::try_close(fd) } {
        Ok(()) | Err(rustix::io::Errno::INTR) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// The error afile raises itself for `which`.
pub(crate) fn posix_error(which: Posix) -> io::Error {
    match which {
        Posix::IsDir => rustix::io::Errno::ISDIR.into(),
        Posix::Exist => rustix::io::Errno::EXIST.into(),
    }
}

/// Renames `from` to `to` unless `to` exists (`EEXIST` then), atomically:
/// `renameat2(RENAME_NOREPLACE)` on Linux, `renamex_np(RENAME_EXCL)` on
/// macOS; where the file system or the kernel has neither, a hard link
/// (which fails with `EEXIST` just as atomically) and an unlink.
pub(crate) fn rename_noreplace(from: &Path, to: &Path) -> io::Result<()> {
    #[cfg(any(target_os = "linux", target_vendor = "apple"))]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        use rustix::io::Errno;
        match renameat_with(CWD, from, CWD, to, RenameFlags::NOREPLACE) {
            Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => {}
            other => return other.map_err(Into::into),
        }
    }
    fs::hard_link(from, to)?;
    fs::remove_file(from)
}

/// `fsync` of the directory `dir`, so a rename in it is on storage.
pub(crate) fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}
