//! The blocking steps of an atomic save: staging the new file, and the
//! commit that puts it in place. Every system call first asks the
//! executor's fault hook, so fault plans reach each one.
//!
//! What an error means: before the rename (or, with `overwrite(false)`,
//! the link) succeeds, the target is untouched and the staged file is gone;
//! after it, the error is [`Error::Committed`], which says the new content
//! is in place and which step failed.

use std::ffi::{OsStr, OsString};
use std::fs;
use std::io::{self, Write};
use std::os::fd::{AsFd, OwnedFd};
use std::path::{Path, PathBuf};

use afile_core::{Error, Executor, FaultOp, Result};

use super::sys;
use crate::names::TMP_MAX;

/// Where a save goes: the target, its directory (open) and its name there.
#[derive(Debug)]
pub(crate) struct Place {
    pub(crate) target: PathBuf,
    pub(crate) dir_path: PathBuf,
    dir: OwnedFd,
    name: OsString,
}

impl Place {
    /// Opens the directory of the absolute path `target`.
    pub(crate) fn open(target: PathBuf, ex: &Executor) -> Result<Self> {
        let (Some(dir_path), Some(name)) = (target.parent(), target.file_name()) else {
            return Err(Error::with_path(rustix::io::Errno::ISDIR.into(), &target));
        };
        let (dir_path, name) = (dir_path.to_path_buf(), name.to_os_string());
        let dir = step(ex, FaultOp::Open, || sys::open_dir(&dir_path))
            .map_err(|e| Error::with_path(e, &dir_path))?;
        Ok(Self { target, dir_path, dir, name })
    }

    /// Fails with `EEXIST` if something is at the target (for `overwrite(false)`).
    pub(crate) fn check_free(&self) -> Result<()> {
        match rustix::fs::statat(&self.dir, &self.name, rustix::fs::AtFlags::SYMLINK_NOFOLLOW) {
            Ok(_) => Err(Error::with_path(rustix::io::Errno::EXIST.into(), &self.target)),
            Err(_) => Ok(()),
        }
    }
}

/// The file a save writes, until it is committed: unnamed (`O_TMPFILE`), or
/// under a hidden name that dropping this removes.
#[derive(Debug)]
pub(crate) struct Staged {
    /// The hidden name, while the file has one that is not yet the target's.
    hidden: Option<OsString>,
    /// The mode a new target gets, when the kernel has not given it to the
    /// file already (a hidden file is created `0600` and told its mode at
    /// commit).
    new_mode: Option<u32>,
    place: Place,
}

impl Staged {
    /// The absolute path the file will have once committed.
    pub(crate) fn target(&self) -> &Path {
        &self.place.target
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if let Some(hidden) = self.hidden.take() {
            sys::remove(self.place.dir.as_fd(), &hidden);
        }
    }
}

/// Runs `call` after asking the fault hook about `op`.
fn step<T>(ex: &Executor, op: FaultOp, call: impl FnOnce() -> io::Result<T>) -> io::Result<T> {
    ex.fault_point(op)?;
    call()
}

/// Creates the file to write in `place`: unnamed where the file system has
/// `O_TMPFILE` (and it can be linked later), else a hidden named file.
pub(crate) fn stage(place: Place, ex: &Executor) -> Result<(fs::File, Staged)> {
    use rustix::io::Errno;
    ex.fault_point(FaultOp::Open).map_err(|e| Error::with_path(e, &place.dir_path))?;
    if sys::unnamed_linkable() {
        match sys::unnamed_in(place.dir.as_fd()) {
            Ok(file) => return Ok((file, Staged { hidden: None, new_mode: None, place })),
            Err(e)
                if matches!(Errno::from_io_error(&e), Some(Errno::ACCESS | Errno::ROFS | Errno::NOSPC)) =>
            {
                return Err(Error::with_path(e, &place.dir_path));
            }
            Err(_) => {}
        }
    }
    stage_hidden(place)
}

/// Creates the file to write in `place` under a hidden name.
fn stage_hidden(place: Place) -> Result<(fs::File, Staged)> {
    for _ in 0..TMP_MAX {
        let hidden = sys::hidden_name(&place.name)?;
        // Created `0666` so that the kernel applies the umask (and any
        // default ACL); the mode is read back, and the file closed to
        // others (`0600`) before a byte is written.
        match sys::create_in(place.dir.as_fd(), &hidden, 0o666) {
            Ok(file) => {
                let mut staged = Staged { hidden: Some(hidden), new_mode: None, place };
                let mode = sys::mode_of(&file).and_then(|m| sys::chmod(&file, 0o600).map(|()| m));
                staged.new_mode = Some(mode.map_err(|e| Error::with_path(e, &staged.place.target))?);
                return Ok((file, staged));
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Error::with_path(e, place.dir_path.join(hidden))),
        }
    }
    Err(Error::with_path(
        io::Error::new(io::ErrorKind::AlreadyExists, "No usable temporary file name found"),
        &place.dir_path,
    ))
}

/// Writes all of `data` to `file`, one fault point per `write(2)`.
pub(crate) fn write_all(file: &mut fs::File, data: &[u8], ex: &Executor, target: &Path) -> Result<()> {
    let mut done = 0;
    while done < data.len() {
        match step(ex, FaultOp::Write, || file.write(&data[done..])) {
            Ok(0) => return Err(Error::with_path(io::ErrorKind::WriteZero.into(), target)),
            Ok(n) => done += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Error::with_path(e, target)),
        }
    }
    Ok(())
}

/// The commit: the file `fsync`ed, given its permissions, closed where it
/// can be before the rename, put in place, and the directory `fsync`ed.
pub(crate) struct Commit {
    pub(crate) file: fs::File,
    pub(crate) staged: Staged,
    pub(crate) keep_permissions: bool,
    pub(crate) overwrite: bool,
    pub(crate) executor: Executor,
}

impl Commit {
    pub(crate) fn run(self) -> Result<()> {
        let Self { file, mut staged, keep_permissions, overwrite, executor: ex } = self;
        let target = staged.place.target.clone();
        let at = |e| Error::with_path(e, &target);
        step(&ex, FaultOp::Fsync, || file.sync_all()).map_err(at)?;
        let old = if keep_permissions && overwrite {
            sys::lstat_regular(staged.place.dir.as_fd(), &staged.place.name)
        } else {
            None
        };
        set_permissions(&file, old, staged.new_mode, &ex).map_err(at)?;
        let dir = staged.place.dir.as_fd();
        let name = staged.place.name.clone();
        match staged.hidden.clone() {
            None if !overwrite => {
                step(&ex, FaultOp::Rename, || sys::link_unnamed(&file, dir, &name)).map_err(at)?;
                close(file, &ex).map_err(|source| committed("close", &target, source))?;
            }
            None => {
                let hidden = link_hidden(&file, dir, &name, &ex).map_err(at)?;
                staged.hidden = Some(hidden.clone());
                close(file, &ex).map_err(at)?;
                rename(dir, &hidden, &name, false, &ex, &staged.place.dir_path, &target)?;
            }
            Some(hidden) => {
                close(file, &ex).map_err(at)?;
                rename(dir, &hidden, &name, !overwrite, &ex, &staged.place.dir_path, &target)?;
            }
        }
        // In place: nothing to remove any more.
        staged.hidden = None;
        step(&ex, FaultOp::Fsync, || sys::sync(staged.place.dir.as_fd()))
            .map_err(|source| committed("directory fsync", &target, source))
    }
}

fn committed(step: &'static str, target: &Path, source: io::Error) -> Error {
    Error::Committed { step, path: target.to_path_buf(), source }
}

/// Renames `hidden` over `name` (or next to it, with `noreplace`).
fn rename(
    dir: std::os::fd::BorrowedFd<'_>,
    hidden: &OsStr,
    name: &OsStr,
    noreplace: bool,
    ex: &Executor,
    dir_path: &Path,
    target: &Path,
) -> Result<()> {
    step(ex, FaultOp::Rename, || sys::rename(dir, hidden, name, noreplace))
        .map_err(|e| Error::with_paths(e, dir_path.join(hidden), target))
}

/// `close(2)` of the new file; the descriptor is released even when the
/// fault hook fails it.
fn close(file: fs::File, ex: &Executor) -> io::Result<()> {
    let injected = ex.fault_point(FaultOp::Close);
    let closed = sys::close(file);
    injected.and(closed)
}

/// Links the unnamed `file` under a free hidden name next to `name`.
fn link_hidden(
    file: &fs::File,
    dir: std::os::fd::BorrowedFd<'_>,
    name: &OsStr,
    ex: &Executor,
) -> io::Result<OsString> {
    ex.fault_point(FaultOp::Rename)?;
    for _ in 0..TMP_MAX {
        let hidden = sys::hidden_name(name)?;
        match sys::link_unnamed(file, dir, &hidden) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            other => return other.map(|()| hidden),
        }
    }
    Err(io::Error::new(io::ErrorKind::AlreadyExists, "No usable temporary file name found"))
}

/// Gives the new file the mode and owner of the regular file it replaces
/// (`old`), or, with none, the mode a new file gets (`new_mode`, when the
/// kernel has not set it at creation). Set-user-ID and set-group-ID bits
/// are kept only when the owner (group) they belong to is kept too.
fn set_permissions(
    file: &fs::File,
    old: Option<sys::Owner>,
    new_mode: Option<u32>,
    ex: &Executor,
) -> io::Result<()> {
    const SETUID: u32 = 0o4000;
    const SETGID: u32 = 0o2000;
    let Some(old) = old else {
        return match new_mode {
            Some(mode) => step(ex, FaultOp::Os, || sys::chmod(file, mode)),
            None => Ok(()),
        };
    };
    let (euid, egid) = sys::effective_ids();
    let (mut same_uid, mut same_gid) = (old.uid == euid, old.gid == egid);
    // A new file is the writer's; with set-ID bits to keep, even a group
    // that looks the same is set (a set-group-ID directory gives its own).
    if !(same_uid && same_gid) || old.mode & (SETUID | SETGID) != 0 {
        ex.fault_point(FaultOp::Os)?;
        // Only root (or the owner, for the group) may: otherwise the file
        // stays the writer's, as any new file.
        if sys::chown(file, Some(old.uid), Some(old.gid)).is_ok() {
            (same_uid, same_gid) = (true, true);
        } else {
            same_gid = sys::chown(file, None, Some(old.gid)).is_ok();
        }
    }
    let mut mode = old.mode;
    if !same_uid {
        mode &= !SETUID;
    }
    if !same_gid {
        mode &= !SETGID;
    }
    step(ex, FaultOp::Os, || sys::chmod(file, mode))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The path taken where `O_TMPFILE` cannot be used: a hidden named
    /// file, given the mode a new file gets, renamed into place or removed.
    fn hidden_save(target: &Path, overwrite: bool, keep_permissions: bool) -> Result<()> {
        let ex = Executor::inline();
        let place = Place::open(target.to_path_buf(), &ex)?;
        let (mut file, staged) = stage_hidden(place)?;
        assert_eq!(sys::mode_of(&file).unwrap(), 0o600, "closed to others while written");
        write_all(&mut file, b"new", &ex, target)?;
        Commit { file, staged, keep_permissions, overwrite, executor: ex }.run()
    }

    #[test]
    fn without_o_tmpfile_a_hidden_file_is_renamed_or_removed() {
        use std::os::unix::fs::PermissionsExt;
        let d = tempfile::tempdir().unwrap();
        let target = d.path().join("t");
        fs::write(&target, b"old").unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o640)).unwrap();
        let err = hidden_save(&target, false, true).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&target).unwrap(), b"old");
        assert_eq!(fs::read_dir(d.path()).unwrap().count(), 1, "the hidden file is removed");
        hidden_save(&target, true, true).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"new");
        assert_eq!(fs::metadata(&target).unwrap().permissions().mode() & 0o777, 0o640, "kept");
        assert_eq!(fs::read_dir(d.path()).unwrap().count(), 1);
        // A new file: the mode the kernel gave at creation (0666 less the
        // umask), as `open(path, "w")` gives, learnt without `/proc`.
        let fresh = d.path().join("fresh");
        hidden_save(&fresh, false, true).unwrap();
        let plain = d.path().join("plain");
        fs::write(&plain, b"").unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&fresh), mode(&plain));
    }

    #[test]
    fn a_long_name_gets_a_shorter_hidden_one() {
        let d = tempfile::tempdir().unwrap();
        let target = d.path().join("x".repeat(255));
        fs::write(&target, b"old").unwrap();
        hidden_save(&target, true, true).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"new");
    }
}
