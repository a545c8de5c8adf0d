//! Windows, as CPython's `tempfile` behaves there: files opened with the C
//! runtime's share modes (read and write shared, delete not), `O_TEMPORARY`
//! (`FILE_FLAG_DELETE_ON_CLOSE`, delete shared) for files deleted on close,
//! `TemporaryFile` as a named file deleted on close, `mkdtemp`'s directory
//! private to its owner (CPython 3.12.4's `mkdir(mode=0o700)`), read-only
//! attributes cleared to remove a tree, and Windows's candidates for the
//! temporary directory.

mod private_dir;
mod rmtree;

use std::ffi::OsString;
use std::fs::{self, File, Metadata};
use std::io;
use std::os::windows::ffi::OsStrExt;
use std::os::windows::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use windows_sys::Win32::Foundation::{GENERIC_READ, GENERIC_WRITE};
use windows_sys::Win32::Security::Cryptography::{BCRYPT_USE_SYSTEM_PREFERRED_RNG, BCryptGenRandom};
use windows_sys::Win32::Storage::FileSystem::{
    DELETE, FILE_FLAG_DELETE_ON_CLOSE, FILE_SHARE_DELETE, FILE_SHARE_READ, FILE_SHARE_WRITE, MoveFileExW,
};

use super::{Create, Linked, Posix};

pub(crate) use private_dir::create_dir;
pub(crate) use rmtree::rmtree;

/// No reserve of nameless files: Windows has none.
pub(crate) const HAS_RESERVE: bool = false;

/// CPython's rule outside POSIX: `TemporaryFile` is `NamedTemporaryFile`
/// (a named file the system deletes when it is closed).
pub(crate) const TEMPORARY_FILE_IS_NAMED: bool = true;

/// Fills `buf` from the system's preferred CSPRNG (`BCryptGenRandom`).
pub(crate) fn fill_random(buf: &mut [u8]) -> io::Result<()> {
    for chunk in buf.chunks_mut(u32::MAX as usize) {
        // SAFETY: `chunk` is writable memory of the length passed; no
        // algorithm handle is needed with BCRYPT_USE_SYSTEM_PREFERRED_RNG.
        let status = unsafe {
            BCryptGenRandom(
                std::ptr::null_mut(),
                chunk.as_mut_ptr(),
                chunk.len() as u32,
                BCRYPT_USE_SYSTEM_PREFERRED_RNG,
            )
        };
        if status < 0 {
            return Err(io::Error::other(format!("BCryptGenRandom failed: NTSTATUS {status:#x}")));
        }
    }
    Ok(())
}

/// Creates the new file `path` (`CREATE_NEW`, so an existing name or a
/// planted link is `AlreadyExists`), with the share modes and flags CPython's
/// `os.open` gives it through the C runtime (see [`Create`]).
pub(crate) fn create_new(path: &Path, how: Create) -> io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.read(true).write(true).create_new(true);
    match how {
        Create::Private => {
            options.share_mode(FILE_SHARE_READ | FILE_SHARE_WRITE);
        }
        Create::DeleteOnClose => {
            // The C runtime's `_O_TEMPORARY`: delete access, delete shared.
            options
                .access_mode(GENERIC_READ | GENERIC_WRITE | DELETE)
                .share_mode(FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)
                .custom_flags(FILE_FLAG_DELETE_ON_CLOSE);
        }
        Create::Staging { .. } => {
            options.share_mode(FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE);
        }
    }
    options.open(path)
}

/// Makes `path` removable after a failed removal: clears its read-only
/// attribute (what CPython's `TemporaryDirectory` cleanup does with
/// `os.chmod(path, 0o700)` there).
fn make_writable(path: &Path, meta: &Metadata) {
    let mut perms = meta.permissions();
    if perms.readonly() {
        // On Windows this clears the read-only attribute and nothing else.
        #[allow(clippy::permissions_set_readonly_false)]
        perms.set_readonly(false);
        let _ = fs::set_permissions(path, perms);
    }
}

/// CPython's Windows candidates after the environment's:
/// `~\AppData\Local\Temp`, `%SYSTEMROOT%\Temp`, `c:\temp`, `c:\tmp`,
/// `\temp`, `\tmp` (the first two expanded as `ntpath` expands them, and
/// left as written when the variables are unset).
pub(crate) fn os_tempdirs(env: &dyn Fn(&str) -> Option<OsString>) -> Vec<PathBuf> {
    let home = match (env("USERPROFILE"), env("HOMEPATH")) {
        (Some(profile), _) => PathBuf::from(profile),
        (None, Some(path)) => PathBuf::from(env("HOMEDRIVE").unwrap_or_default()).join(path),
        (None, None) => PathBuf::from("~"),
    };
    let mut local = home.into_os_string();
    local.push(r"\AppData\Local\Temp");
    let system = match env("SYSTEMROOT") {
        Some(root) => {
            let mut root = root;
            root.push(r"\Temp");
            PathBuf::from(root)
        }
        None => PathBuf::from(r"%SYSTEMROOT%\Temp"),
    };
    let mut out = vec![PathBuf::from(local), system];
    out.extend([r"c:\temp", r"c:\tmp", r"\temp", r"\tmp"].map(PathBuf::from));
    out
}

/// Gives `file` the read-only attribute of `target` (Windows keeps no mode
/// bits, and ownership is not changed).
pub(crate) fn copy_permissions(file: &File, target: &Metadata) -> io::Result<()> {
    file.set_permissions(target.permissions())
}

/// The error afile raises itself for `which`: the Windows errors the
/// system gives for the same states.
pub(crate) fn posix_error(which: Posix) -> io::Error {
    match which {
        Posix::IsDir => {
            io::Error::from_raw_os_error(windows_sys::Win32::Foundation::ERROR_ACCESS_DENIED as i32)
        }
        Posix::Exist => {
            io::Error::from_raw_os_error(windows_sys::Win32::Foundation::ERROR_ALREADY_EXISTS as i32)
        }
    }
}

/// Closes `file` (`CloseHandle`; its errors are not reported by std).
pub(crate) fn close(file: File) -> io::Result<()> {
    drop(file);
    Ok(())
}

/// Windows cannot flush a directory; a rename is durable once done.
pub(crate) fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

/// There is no `O_TMPFILE` here.
pub(crate) fn tmpfile(_dir: &Path, _mode: u32) -> io::Result<File> {
    Err(io::ErrorKind::Unsupported.into())
}

/// Nothing is ever nameless here.
pub(crate) fn can_link_unnamed() -> bool {
    false
}

/// Nothing is ever nameless here (see [`tmpfile`]).
pub(crate) fn link_unnamed(_file: &File, _to: &Path) -> io::Result<Linked> {
    Ok(Linked::Unlinkable)
}

/// There are no memory files here: spooled files use a nameless file.
pub(crate) fn memory_file() -> io::Result<File> {
    Err(io::ErrorKind::Unsupported.into())
}

/// Renames `from` to `to` unless `to` exists: `MoveFileExW` without
/// `MOVEFILE_REPLACE_EXISTING` fails with `ERROR_ALREADY_EXISTS` then.
pub(crate) fn rename_noreplace(from: &Path, to: &Path) -> io::Result<()> {
    let wide = |p: &Path| -> Vec<u16> { p.as_os_str().encode_wide().chain(Some(0)).collect() };
    let (from, to) = (wide(from), wide(to));
    // SAFETY: both are NUL-terminated wide strings that live for the call.
    match unsafe { MoveFileExW(from.as_ptr(), to.as_ptr(), 0) } {
        0 => Err(io::Error::last_os_error()),
        _ => Ok(()),
    }
}
