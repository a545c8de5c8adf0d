//! The blocking steps of an atomic save: staging the new file, and the
//! commit that puts it in place. Every system call first asks the
//! executor's fault hook, so fault plans reach each one.
//!
//! What an error means: before the rename (or, with `overwrite(false)`,
//! the link) succeeds, the target is untouched and the staged file is gone;
//! after it, the error is [`Error::Committed`], which says the new content
//! is in place and which step failed.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use afile_core::{Error, Executor, FaultOp, Result};

use crate::create::{self, Guard};
use crate::names::{TMP_MAX, candidate};
use crate::sys::{self, Create, Linked, Posix};

/// Where a save goes: the target, its directory and its name there.
#[derive(Debug)]
pub(crate) struct Place {
    target: PathBuf,
    dir: PathBuf,
    name: String,
}

impl Place {
    /// The place of the absolute path `target`.
    pub(crate) fn new(target: PathBuf) -> Result<Self> {
        let (Some(dir), Some(name)) = (target.parent(), target.file_name()) else {
            return Err(Error::with_path(sys::posix_error(Posix::IsDir), &target));
        };
        let (dir, name) = (dir.to_path_buf(), name.to_string_lossy().into_owned());
        Ok(Self { target, dir, name })
    }

    /// Whether something is at the target itself (a symlink counts).
    pub(crate) fn taken(&self) -> bool {
        fs::symlink_metadata(&self.target).is_ok()
    }

    /// Fails with `EEXIST` if something is at the target (`overwrite(false)`).
    pub(crate) fn check_free(&self) -> Result<()> {
        match self.taken() {
            true => Err(Error::with_path(sys::posix_error(Posix::Exist), &self.target)),
            false => Ok(()),
        }
    }

    /// `.NAME.`, the start of a hidden name next to the target, with `NAME`
    /// cut so that the whole name (`.NAME.XXXXXXXX.tmp`) fits in 255 bytes,
    /// the longest name the usual file systems take.
    fn hidden_prefix(&self) -> String {
        const NAME_MAX: usize = 255;
        const ADDED: usize = ".".len() + ".".len() + 8 + ".tmp".len();
        let mut end = self.name.len().min(NAME_MAX - ADDED);
        while !self.name.is_char_boundary(end) {
            end -= 1;
        }
        format!(".{}.", &self.name[..end])
    }
}

/// The file a save writes, until it is committed: unnamed (`O_TMPFILE`), or
/// under a hidden name that dropping this removes.
#[derive(Debug)]
pub(crate) struct Staged {
    /// The hidden name, while the file has one that is not the target's.
    hidden: Option<Guard>,
    place: Place,
}

impl Staged {
    /// The absolute path the file will have once committed.
    pub(crate) fn target(&self) -> &Path {
        &self.place.target
    }
}

/// Runs `call` after asking the fault hook about `op`.
fn step<T>(ex: &Executor, op: FaultOp, call: impl FnOnce() -> io::Result<T>) -> io::Result<T> {
    ex.fault_point(op)?;
    call()
}

/// Creates the file to write in `place`: unnamed where the file system has
/// `O_TMPFILE` (mode `0666`: the kernel applies the umask, as for
/// `open(path, "w")`), else a hidden named file, `0600` when it is to take
/// an existing target's permissions (`private`), `0666` less the umask
/// otherwise.
/// (`private` is asked only when a named file is made.)
pub(crate) fn stage(
    place: Place,
    private: impl FnOnce(&Place) -> bool,
    ex: &Executor,
) -> Result<(fs::File, Staged)> {
    ex.fault_point(FaultOp::Open).map_err(|e| Error::with_path(e, &place.dir))?;
    if sys::can_link_unnamed() {
        match sys::tmpfile(&place.dir, 0o666) {
            Ok(file) => return Ok((file, Staged { hidden: None, place })),
            Err(e) if is_missing_or_denied(&e) => return Err(Error::with_path(e, &place.dir)),
            Err(_) => {}
        }
    }
    let private = private(&place);
    stage_hidden(place, private)
}

/// Creates the file to write in `place` under a hidden name.
fn stage_hidden(place: Place, private: bool) -> Result<(fs::File, Staged)> {
    let how = Create::Staging { mode: if private { 0o600 } else { 0o666 } };
    let (file, guard) = create::file_as(&place.dir, &place.hidden_prefix(), ".tmp", how)?;
    Ok((file, Staged { hidden: Some(guard), place }))
}

fn is_missing_or_denied(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory | io::ErrorKind::PermissionDenied
    )
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
        // Mode and owner only from a regular file at the name itself: a
        // symlink there is replaced, and what it points to is not copied.
        let old = (keep_permissions && overwrite)
            .then(|| fs::symlink_metadata(&target).ok().filter(fs::Metadata::is_file))
            .flatten();
        if let Some(old) = &old {
            step(&ex, FaultOp::Os, || sys::copy_permissions(&file, old)).map_err(at)?;
        }
        let hidden = match staged.hidden.take() {
            Some(guard) => guard,
            None if !overwrite => {
                match step(&ex, FaultOp::Rename, || sys::link_unnamed(&file, &target)).map_err(at)? {
                    Linked::Linked => {
                        close(file, &ex).map_err(|source| committed("close", &target, source))?;
                        return sync_dir(&staged.place, &ex);
                    }
                    Linked::Unlinkable => copy_to_named(&file, &staged.place)?,
                }
            }
            None => match link_hidden(&file, &staged.place, &ex).map_err(at)? {
                Some(hidden) => Guard::file(hidden),
                None => copy_to_named(&file, &staged.place)?,
            },
        };
        // Until renamed, dropping the guard removes the hidden name.
        close(file, &ex).map_err(at)?;
        let how = if overwrite { fs::rename } else { sys::rename_noreplace };
        step(&ex, FaultOp::Rename, || how(hidden.path(), &target))
            .map_err(|e| Error::with_paths(e, hidden.path(), &target))?;
        hidden.keep();
        sync_dir(&staged.place, &ex)
    }
}

fn committed(step: &'static str, target: &Path, source: io::Error) -> Error {
    Error::Committed { step, path: target.to_path_buf(), source }
}

/// The directory `fsync` after the rename: the new content is in place
/// whatever it reports.
fn sync_dir(place: &Place, ex: &Executor) -> Result<()> {
    step(ex, FaultOp::Fsync, || sys::sync_dir(&place.dir))
        .map_err(|source| committed("directory fsync", &place.target, source))
}

/// `close(2)` of the new file; the descriptor is released even when the
/// fault hook fails it.
fn close(file: fs::File, ex: &Executor) -> io::Result<()> {
    let injected = ex.fault_point(FaultOp::Close);
    let closed = sys::close(file);
    injected.and(closed)
}

/// Links the unnamed `file` under a free hidden name next to the target;
/// `None` if it cannot be named here.
fn link_hidden(file: &fs::File, place: &Place, ex: &Executor) -> io::Result<Option<PathBuf>> {
    ex.fault_point(FaultOp::Rename)?;
    let prefix = place.hidden_prefix();
    for _ in 0..TMP_MAX {
        let hidden = candidate(&place.dir, &prefix, ".tmp")?;
        match sys::link_unnamed(file, &hidden) {
            Ok(Linked::Linked) => return Ok(Some(hidden)),
            Ok(Linked::Unlinkable) => return Ok(None),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(io::ErrorKind::AlreadyExists, "No usable temporary file name found"))
}

/// Copies the unnamed `file` (which cannot be named here) into a hidden
/// named one, synced, with the permissions already decided.
fn copy_to_named(file: &fs::File, place: &Place) -> Result<Guard> {
    let (mut named, guard) =
        create::file_as(&place.dir, &place.hidden_prefix(), ".tmp", Create::Staging { mode: 0o600 })?;
    let at = |e| Error::with_path(e, guard.path());
    let mut source = file.try_clone().map_err(at)?;
    io::Seek::seek(&mut source, io::SeekFrom::Start(0)).map_err(at)?;
    io::copy(&mut source, &mut named).map_err(at)?;
    let perms = file.metadata().map(|m| m.permissions()).map_err(at)?;
    named.set_permissions(perms).map_err(at)?;
    named.sync_all().map_err(at)?;
    Ok(guard)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The path taken where `O_TMPFILE` cannot be used: a hidden named
    /// file, renamed into place or removed.
    fn hidden_save(target: &Path, overwrite: bool, keep_permissions: bool) -> Result<()> {
        let ex = Executor::inline();
        let place = Place::new(target.to_path_buf())?;
        if !overwrite {
            place.check_free()?;
        }
        let private = keep_permissions && place.taken();
        let (mut file, staged) = stage_hidden(place, private)?;
        write_all(&mut file, b"new", &ex, target)?;
        Commit { file, staged, keep_permissions, overwrite, executor: ex }.run()
    }

    #[test]
    fn without_o_tmpfile_a_hidden_file_is_renamed_or_removed() {
        let d = tempfile::tempdir().unwrap();
        let target = d.path().join("t");
        fs::write(&target, b"old").unwrap();
        let err = hidden_save(&target, false, true).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&target).unwrap(), b"old");
        assert_eq!(fs::read_dir(d.path()).unwrap().count(), 1, "nothing left");
        hidden_save(&target, true, true).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"new");
        assert_eq!(fs::read_dir(d.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_hidden_file_gets_the_kept_mode_or_the_new_file_mode() {
        use std::os::unix::fs::PermissionsExt;
        let d = tempfile::tempdir().unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let target = d.path().join("t");
        fs::write(&target, b"old").unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o640)).unwrap();
        hidden_save(&target, true, true).unwrap();
        assert_eq!(mode(&target), 0o640, "kept");
        // A new file: 0666 less the umask, from the kernel.
        let fresh = d.path().join("fresh");
        hidden_save(&fresh, false, true).unwrap();
        let plain = d.path().join("plain");
        fs::write(&plain, b"").unwrap();
        assert_eq!(mode(&fresh), mode(&plain));
    }

    #[test]
    fn a_long_name_gets_a_shorter_hidden_one() {
        let d = tempfile::tempdir().unwrap();
        for name in ["x".repeat(255), "é".repeat(127)] {
            let place = Place::new(d.path().join(&name)).unwrap();
            let prefix = place.hidden_prefix();
            assert!(prefix.len() + 8 + ".tmp".len() <= 255, "{}", prefix.len());
            let target = d.path().join(&name);
            fs::write(&target, b"old").unwrap();
            hidden_save(&target, true, true).unwrap();
            assert_eq!(fs::read(&target).unwrap(), b"new");
        }
    }
}
