//! Removing a tree without ever following a symlink: CPython's fd-based
//! `shutil.rmtree`, iterative, and with the permission resets of
//! `TemporaryDirectory`'s cleanup done through descriptors.
//!
//! Every directory is opened relative to its parent's descriptor with
//! `O_NOFOLLOW | O_DIRECTORY`, every entry is removed with `unlinkat`
//! relative to the descriptor of the directory that listed it, and a
//! directory that refuses a removal is made writable with `fchmod` on that
//! same descriptor. A name swapped for a symlink while the walk runs is
//! therefore only ever unlinked: nothing outside the tree is read, removed
//! or changed. The walk keeps its own stack, so a tree of any depth is
//! removed without recursion; it keeps at most [`KEEP_OPEN`] directories
//! open and reopens an ancestor through `..` (checking that it is the same
//! directory) when the walk climbs back to it. Paths are only put together
//! for error messages.

use std::ffi::{CStr, CString, OsStr};
use std::io;
use std::os::fd::{BorrowedFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use afile_core::{Error, Result};
use rustix::fs::{AtFlags, CWD, Dir, FileType, Mode, OFlags};
use rustix::io::Errno;

/// Directory descriptors held open at most; deeper ancestors are closed
/// and reopened through `..` when the walk returns to them (a few in
/// tests, so that they exercise the reopening).
const KEEP_OPEN: usize = if cfg!(test) { 4 } else { 64 };

/// Attempts at one entry that keeps changing type under the walk (a
/// directory swapped for a file and back) before giving up on it.
const ATTEMPTS: usize = 4;

/// CPython's message when the name to remove is (or became) a symlink.
const SYMLINK: &str = "Cannot call rmtree on a symbolic link";

/// The flags of every directory opened for removal.
const DIR_FLAGS: OFlags =
    OFlags::RDONLY.union(OFlags::DIRECTORY).union(OFlags::NOFOLLOW).union(OFlags::CLOEXEC);

/// Removes `path` and everything below it, as CPython's
/// `TemporaryDirectory` cleanup does: a tree already gone is fine, a
/// dangling symlink at `path` is left silently, any other symlink is left
/// with CPython's `Cannot call rmtree on a symbolic link`. With
/// `ignore_errors` nothing is reported and what can be removed is.
pub(crate) fn rmtree(path: &Path, ignore_errors: bool) -> Result<()> {
    remove_tree(path, ignore_errors, &mut |_, _| {})
}

/// [`rmtree`], calling `listed(depth, name)` once each directory's entries
/// have been read (tests change the tree there; the top is depth 0).
pub(crate) fn remove_tree(path: &Path, ignore: bool, listed: &mut dyn FnMut(usize, &CStr)) -> Result<()> {
    let fail = |e: Error| if ignore { Ok(()) } else { Err(e) };
    let name = cstring(path.as_os_str());
    match rustix::fs::statat(CWD, &*name, AtFlags::SYMLINK_NOFOLLOW) {
        Err(Errno::NOENT) => return Ok(()),
        Err(e) => return fail(os(e, path)),
        Ok(st) if FileType::from_raw_mode(st.st_mode) == FileType::Symlink => {
            // CPython opens the name, following it: a dangling link fails
            // with FileNotFoundError, which the cleanup passes over.
            return match rustix::fs::statat(CWD, &*name, AtFlags::empty()) {
                Err(Errno::NOENT) => Ok(()),
                Err(e) => fail(os(e, path)),
                Ok(_) => fail(symlink_error()),
            };
        }
        Ok(_) => {}
    }
    let top = match open_dir(CWD, &name) {
        Ok(Opened::Dir(fd)) => fd,
        Ok(Opened::Gone) => return Ok(()),
        Ok(Opened::NotDir(Errno::LOOP)) => return fail(symlink_error()),
        Ok(Opened::NotDir(e)) | Err(e) => return fail(os(e, path)),
    };
    let mut stack: Vec<Frame> = Vec::new();
    match Frame::new(top, CString::default(), ignore) {
        Ok(frame) => stack.push(frame),
        Err(e) => return fail(os(e, path)),
    }
    listed(0, &name);
    while let Some(frame) = stack.last_mut() {
        if let Some((entry, kind)) = frame.entries.pop() {
            match remove_entry(frame, &entry, kind) {
                Ok(None) => {}
                Ok(Some(child)) => match Frame::new(child, entry, ignore) {
                    Ok(pushed) => {
                        stack.push(pushed);
                        close_far_ancestor(&mut stack);
                        if let Some(frame) = stack.last() {
                            listed(stack.len() - 1, &frame.name);
                        }
                    }
                    Err(e) => fail(os(e, &path_of(path, &stack, None)))?,
                },
                Err(e) => fail(os(e, &path_of(path, &stack, Some(&entry))))?,
            }
            continue;
        }
        let Some(done) = stack.pop() else { break };
        let Some(parent) = stack.last_mut() else {
            drop(done);
            return match rustix::fs::unlinkat(CWD, &*name, AtFlags::REMOVEDIR) {
                Ok(()) | Err(Errno::NOENT) => Ok(()),
                Err(e) => fail(os(e, path)),
            };
        };
        match parent.reopen_from(&done) {
            Ok(()) => {}
            // The tree was moved while being removed: stop, never working
            // on in whatever directory holds it now.
            Err(Reopen::Moved) => return fail(moved_error(&path_of(path, &stack, None))),
            Err(Reopen::Failed(e)) => return fail(os(e, &path_of(path, &stack, None))),
        }
        let child_name = done.name.clone();
        drop(done);
        if let Some(parent) = stack.last_mut()
            && let Err(e) = remove_dir(parent, &child_name)
        {
            fail(os(e, &path_of(path, &stack, Some(&child_name))))?;
        }
    }
    Ok(())
}

/// One directory being emptied.
struct Frame {
    /// Its open directory (the listing read, the descriptor kept for the
    /// `*at` calls); `None` while closed to spare descriptors.
    dir: Option<Dir>,
    /// Its device and inode, noted when it is closed early, to recognise it
    /// when reopened through `..`.
    id: Option<(u64, u64)>,
    /// Its name in its parent (empty for the top).
    name: CString,
    /// The entries still to remove, last first.
    entries: Vec<(CString, FileType)>,
    /// Whether it has been made writable (`fchmod` 0700) already.
    reset: bool,
}

/// Why an ancestor could not be opened again.
enum Reopen {
    /// `..` is another directory now: the tree was moved.
    Moved,
    Failed(Errno),
}

impl Frame {
    fn new(fd: OwnedFd, name: CString, ignore: bool) -> std::result::Result<Self, Errno> {
        let mut dir = Dir::new(fd)?;
        let entries = match list(&mut dir) {
            Ok(entries) => entries,
            // Unreadable: nothing to remove inside; the directory's own
            // removal then reports it (or, ignoring errors, passes).
            Err(_) if ignore => Vec::new(),
            Err(e) => return Err(e),
        };
        Ok(Self { dir: Some(dir), id: None, name, entries, reset: false })
    }

    fn fd(&self) -> std::result::Result<BorrowedFd<'_>, Errno> {
        self.dir.as_ref().and_then(|d| d.fd().ok()).ok_or(Errno::BADF)
    }

    /// Closes it to spare a descriptor, noting what to recognise it by; an
    /// error leaves it open.
    fn close_early(&mut self) {
        let Ok(st) = self.fd().and_then(rustix::fs::fstat) else { return };
        self.id = Some(id_of(&st));
        self.dir = None;
    }

    /// Opens this directory again through `child`'s `..` if it was closed,
    /// refusing a different directory there.
    fn reopen_from(&mut self, child: &Frame) -> std::result::Result<(), Reopen> {
        if self.dir.is_some() {
            return Ok(());
        }
        let fd = child.fd().and_then(|c| rustix::fs::openat(c, c"..", DIR_FLAGS, Mode::empty()));
        let fd = fd.map_err(Reopen::Failed)?;
        let st = rustix::fs::fstat(&fd).map_err(Reopen::Failed)?;
        if Some(id_of(&st)) != self.id {
            return Err(Reopen::Moved);
        }
        self.dir = Some(Dir::new(fd).map_err(Reopen::Failed)?);
        Ok(())
    }

    /// `fchmod(0o700)` through the descriptor, once; whether it was done now.
    fn make_writable(&mut self) -> bool {
        if self.reset {
            return false;
        }
        self.reset = true;
        self.fd().is_ok_and(|fd| rustix::fs::fchmod(fd, Mode::RWXU).is_ok())
    }
}

/// Device and inode (their integer types differ by platform).
#[allow(clippy::unnecessary_cast)]
fn id_of(st: &rustix::fs::Stat) -> (u64, u64) {
    (st.st_dev as u64, st.st_ino as u64)
}

/// Closes the descriptor of the ancestor [`KEEP_OPEN`] levels up.
fn close_far_ancestor(stack: &mut [Frame]) {
    if let Some(far) = stack.len().checked_sub(KEEP_OPEN + 1) {
        stack[far].close_early();
    }
}

/// The names in the directory and their types, `.` and `..` left out.
fn list(dir: &mut Dir) -> std::result::Result<Vec<(CString, FileType)>, Errno> {
    let mut out = Vec::new();
    while let Some(entry) = dir.read() {
        let entry = entry?;
        let name = entry.file_name();
        if name != c"." && name != c".." {
            out.push((name.to_owned(), entry.file_type()));
        }
    }
    out.reverse();
    Ok(out)
}

/// What opening a directory found.
enum Opened {
    Dir(OwnedFd),
    /// No longer there.
    Gone,
    /// Not a directory (`ENOTDIR`), or a symlink (`ELOOP`).
    NotDir(Errno),
}

/// Opens `name` in `parent` as a directory, never through a symlink; a
/// directory we may not read is made readable first (see
/// [`make_searchable`]).
fn open_dir(parent: BorrowedFd<'_>, name: &CStr) -> std::result::Result<Opened, Errno> {
    let open = || match rustix::fs::openat(parent, name, DIR_FLAGS, Mode::empty()) {
        Ok(fd) => Ok(Opened::Dir(fd)),
        Err(Errno::NOENT) => Ok(Opened::Gone),
        Err(e @ (Errno::LOOP | Errno::NOTDIR)) => Ok(Opened::NotDir(e)),
        Err(e) => Err(e),
    };
    match open() {
        Err(e @ (Errno::ACCESS | Errno::PERM)) => {
            make_searchable(parent, name).map_err(|_| e)?;
            open()
        }
        other => other,
    }
}

/// Makes the directory `name` in `parent` ours to read and search (0700)
/// without following a symlink there: the directory is pinned with
/// `O_PATH | O_NOFOLLOW` and changed through `/proc/self/fd` (Linux's
/// `fchmodat` cannot refuse a link), so a name swapped meanwhile changes
/// nothing outside.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn make_searchable(parent: BorrowedFd<'_>, name: &CStr) -> rustix::io::Result<()> {
    let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    let pinned = rustix::fs::openat(parent, name, flags, Mode::empty())?;
    let magic = format!("/proc/self/fd/{}", std::os::fd::AsRawFd::as_raw_fd(&pinned));
    rustix::fs::chmod(magic.as_str(), Mode::RWXU)
}

/// Makes the directory `name` in `parent` ours to read and search (0700)
/// without following a symlink there (`fchmodat` with
/// `AT_SYMLINK_NOFOLLOW`, which macOS and the BSDs honour).
#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn make_searchable(parent: BorrowedFd<'_>, name: &CStr) -> rustix::io::Result<()> {
    rustix::fs::chmodat(parent, name, Mode::RWXU, AtFlags::SYMLINK_NOFOLLOW)
}

/// Removes one entry of `frame`: a non-directory at once; a directory is
/// opened and returned, to be emptied and then removed.
fn remove_entry(
    frame: &mut Frame,
    name: &CStr,
    mut kind: FileType,
) -> std::result::Result<Option<OwnedFd>, Errno> {
    let mut last = Errno::BUSY;
    for _ in 0..ATTEMPTS {
        let fd = frame.fd()?;
        if kind == FileType::Unknown {
            kind = match rustix::fs::statat(fd, name, AtFlags::SYMLINK_NOFOLLOW) {
                Ok(st) => FileType::from_raw_mode(st.st_mode),
                Err(Errno::NOENT) => return Ok(None),
                Err(e) => return Err(e),
            };
        }
        if kind == FileType::Directory {
            match open_dir(fd, name)? {
                Opened::Dir(child) => return Ok(Some(child)),
                Opened::Gone => return Ok(None),
                // Swapped for a symlink or a file since it was listed: it
                // is unlinked, never followed.
                Opened::NotDir(_) => kind = FileType::RegularFile,
            }
            continue;
        }
        match rustix::fs::unlinkat(fd, name, AtFlags::empty()) {
            Ok(()) | Err(Errno::NOENT) => return Ok(None),
            // Swapped for a directory (macOS says EPERM, checked below).
            Err(Errno::ISDIR) => kind = FileType::Directory,
            Err(e @ (Errno::ACCESS | Errno::PERM)) => {
                last = e;
                let now = rustix::fs::statat(fd, name, AtFlags::SYMLINK_NOFOLLOW);
                if now.is_ok_and(|st| FileType::from_raw_mode(st.st_mode) == FileType::Directory) {
                    kind = FileType::Directory;
                } else if !frame.make_writable() {
                    return Err(e);
                }
            }
            Err(e) => return Err(e),
        }
    }
    Err(last)
}

/// Removes the emptied directory `name` from `parent`.
fn remove_dir(parent: &mut Frame, name: &CStr) -> std::result::Result<(), Errno> {
    loop {
        match rustix::fs::unlinkat(parent.fd()?, name, AtFlags::REMOVEDIR) {
            Ok(()) | Err(Errno::NOENT) => return Ok(()),
            Err(e @ (Errno::ACCESS | Errno::PERM)) if !parent.make_writable() => return Err(e),
            Err(Errno::ACCESS | Errno::PERM) => {}
            Err(e) => return Err(e),
        }
    }
}

/// The path of the directory on top of `stack` (and `name` in it), for a
/// message.
fn path_of(top: &Path, stack: &[Frame], name: Option<&CStr>) -> PathBuf {
    let mut path = top.to_path_buf();
    for part in stack.iter().skip(1).map(|f| f.name.as_c_str()).chain(name) {
        path.push(OsStr::from_bytes(part.to_bytes()));
    }
    path
}

fn cstring(s: &OsStr) -> CString {
    // A NUL cannot be in a temp directory's name (refused at creation);
    // should one be, the name is cut there and simply not found.
    let bytes = s.as_bytes();
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    CString::new(&bytes[..end]).unwrap_or_default()
}

fn os(e: Errno, path: &Path) -> Error {
    Error::with_path(e.into(), path)
}

fn symlink_error() -> Error {
    Error::from(io::Error::other(SYMLINK))
}

fn moved_error(path: &Path) -> Error {
    Error::with_path(io::Error::other("directory moved while its tree was being removed"), path)
}

#[cfg(test)]
#[path = "rmtree_tests.rs"]
mod tests;
