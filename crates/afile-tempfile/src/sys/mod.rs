//! The platform seam of afile-tempfile: every operating-system call the
//! temporary files, directories and atomic writes make, behind one function
//! set that is the same on every platform.
//!
//! * `unix/` — Linux, macOS and the BSDs: files created `O_EXCL |
//!   O_NOFOLLOW` 0600, directories 0700, `TemporaryFile` created and
//!   unlinked at once (CPython's POSIX rule), random names from
//!   `getentropy`; trees removed through directory descriptors, never
//!   following a symlink (`rmtree`);
//! * `linux/` — `O_TMPFILE` (nameless files, their reserve, atomic writes
//!   linked into place), `memfd` for spooled files, `getrandom`,
//!   `renameat2(RENAME_NOREPLACE)`;
//! * `windows/` — CPython's Windows rules: files opened with the C
//!   runtime's share modes, `O_TEMPORARY` (`FILE_FLAG_DELETE_ON_CLOSE`)
//!   for files deleted on close, `TemporaryFile` as a named file deleted on
//!   close, `mkdtemp` private to its owner, read-only attributes cleared to
//!   remove a tree (`rmtree`), and Windows's temporary-directory candidates.

#[cfg(target_os = "linux")]
mod linux;
#[cfg(unix)]
mod unix;
#[cfg(windows)]
mod windows;

#[cfg(target_os = "linux")]
use linux as imp;
#[cfg(all(unix, not(target_os = "linux")))]
use unix as imp;
#[cfg(windows)]
use windows as imp;

pub(crate) use imp::{
    HAS_RESERVE, TEMPORARY_FILE_IS_NAMED, can_link_unnamed, close, copy_permissions, create_dir, create_new,
    fill_random, link_unnamed, memory_file, os_tempdirs, posix_error, rename_noreplace, rmtree, sync_dir,
    tmpfile,
};

/// The POSIX errors afile-tempfile raises itself (not from a failed call).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Posix {
    /// `EISDIR`: an atomic write to a directory.
    IsDir,
    /// `EEXIST`: an atomic write that may not replace what is there.
    Exist,
}

/// How a new named file is created (each is `O_EXCL`: an existing name is
/// `AlreadyExists`, and a symlink planted there is never followed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Create {
    /// Readable and writable by its owner only (0600): `mkstemp`,
    /// `NamedTemporaryFile`. On Windows opened as CPython's `_wopen` opens
    /// (others may read and write it meanwhile, not delete or rename it).
    Private,
    /// As `Private`; on Windows also `O_TEMPORARY`
    /// (`FILE_FLAG_DELETE_ON_CLOSE`): the system deletes it when its last
    /// handle closes (CPython's `NamedTemporaryFile(delete=True,
    /// delete_on_close=True)` there).
    DeleteOnClose,
    /// The staging file of an atomic write: `mode` less the umask (0666
    /// when it will keep it, 0600 when it takes the target's later); on
    /// Windows it may be renamed while open.
    Staging { mode: u32 },
}

/// What giving a nameless file a name came to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
pub(crate) enum Linked {
    /// It has the name now.
    Linked,
    /// It cannot be named here (no `/proc` to link it through, and no
    /// privilege for `AT_EMPTY_PATH`): copy it into a named file instead.
    Unlinkable,
}
