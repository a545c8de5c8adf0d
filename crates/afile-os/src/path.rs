//! Async `os.path`: existence and type tests, sizes and times, `abspath`,
//! `realpath`, `samefile`, `ismount`; and the string functions (`join`,
//! `split`, `splitext`, `normpath`, `relpath`, `commonpath`, `expandvars`,
//! …), which are [`posixpath`](crate::posixpath)'s on Unix and
//! [`ntpath`](crate::ntpath)'s on Windows, with CPython's rules.
//!
//! Like CPython's, the predicates (`exists`, `isfile`, …) never fail: an
//! error (a missing path, a permission problem, a NUL in the path) answers
//! `false`. The other calls refuse a path holding NUL with CPython's
//! `embedded null byte` before any system call.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use afile_core::{Error, Result};

use crate::blocking;
use crate::flavour;

async fn test(path: impl AsRef<Path>, follow: bool, pred: fn(&fs::Metadata) -> bool) -> bool {
    let path = path.as_ref().to_path_buf();
    if crate::nul::check(&path).is_err() {
        return false;
    }
    blocking("path test", move || {
        let meta = if follow { fs::metadata(&path) } else { fs::symlink_metadata(&path) };
        Ok(meta.is_ok_and(|m| pred(&m)))
    })
    .await
    .unwrap_or(false)
}

/// Whether `path` exists, following symlinks: `false` for a broken link.
///
/// ```
/// # #[tokio::main] async fn main() {
/// assert!(afile_os::path::exists("/").await);
/// assert!(!afile_os::path::exists("/no/such/path").await);
/// # }
/// ```
pub async fn exists(path: impl AsRef<Path>) -> bool {
    test(path, true, |_| true).await
}

/// Whether `path` exists, a broken symlink included (`os.path.lexists`).
///
/// ```
/// # #[tokio::main] async fn main() -> std::io::Result<()> {
/// # let dir = tempfile::tempdir()?; let l = dir.path().join("l");
/// std::os::unix::fs::symlink("nowhere", &l)?;
/// assert!(afile_os::path::lexists(&l).await && !afile_os::path::exists(&l).await);
/// # Ok(()) }
/// ```
pub async fn lexists(path: impl AsRef<Path>) -> bool {
    test(path, false, |_| true).await
}

/// Whether `path` is a regular file (following symlinks).
///
/// ```
/// # #[tokio::main] async fn main() {
/// assert!(!afile_os::path::isfile("/").await);
/// # }
/// ```
pub async fn isfile(path: impl AsRef<Path>) -> bool {
    test(path, true, fs::Metadata::is_file).await
}

/// Whether `path` is a directory (following symlinks).
///
/// ```
/// # #[tokio::main] async fn main() {
/// assert!(afile_os::path::isdir("/").await);
/// # }
/// ```
pub async fn isdir(path: impl AsRef<Path>) -> bool {
    test(path, true, fs::Metadata::is_dir).await
}

/// Whether `path` is a symbolic link.
///
/// ```
/// # #[tokio::main] async fn main() {
/// assert!(!afile_os::path::islink("/").await);
/// # }
/// ```
pub async fn islink(path: impl AsRef<Path>) -> bool {
    test(path, false, |m| m.file_type().is_symlink()).await
}

/// Whether `path` is a mount point (`os.path.ismount`): a directory on a
/// different device from its parent, or the same inode as its parent (`/`).
///
/// ```
/// # #[tokio::main] async fn main() {
/// assert!(afile_os::path::ismount("/").await);
/// assert!(!afile_os::path::ismount("/no/such/path").await);
/// # }
/// ```
pub async fn ismount(path: impl AsRef<Path>) -> bool {
    let path = path.as_ref().to_path_buf();
    if crate::nul::check(&path).is_err() {
        return false;
    }
    blocking("ismount", move || Ok(crate::sys::ismount(&path))).await.unwrap_or(false)
}

/// The size of `path` in bytes (`os.path.getsize`).
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let p = dir.path().join("f");
/// std::fs::write(&p, b"1234")?;
/// assert_eq!(afile_os::path::getsize(&p).await?, 4);
/// # Ok(()) }
/// ```
pub async fn getsize(path: impl AsRef<Path>) -> Result<u64> {
    Ok(crate::stat(path).await?.len())
}

fn float_secs(t: SystemTime) -> f64 {
    match t.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(d) => d.as_secs_f64(),
        Err(e) => -e.duration().as_secs_f64(),
    }
}

/// The last access time of `path` (`os.path.getatime`).
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// let t = afile_os::path::getatime("/").await?;
/// # drop(t); Ok(()) }
/// ```
pub async fn getatime(path: impl AsRef<Path>) -> Result<SystemTime> {
    let m = crate::stat(path).await?;
    Ok(m.accessed()?)
}

/// The last modification time of `path` (`os.path.getmtime`).
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// let t = afile_os::path::getmtime("/").await?;
/// assert!(t > std::time::SystemTime::UNIX_EPOCH);
/// # Ok(()) }
/// ```
pub async fn getmtime(path: impl AsRef<Path>) -> Result<SystemTime> {
    let m = crate::stat(path).await?;
    Ok(m.modified()?)
}

/// `os.path.getctime`: on Unix the last metadata change of `path`
/// (`st_ctime`), on Windows its creation time (what CPython 3.12 gives
/// there).
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// let t = afile_os::path::getctime("/").await?;
/// # drop(t); Ok(()) }
/// ```
pub async fn getctime(path: impl AsRef<Path>) -> Result<SystemTime> {
    let m = crate::stat(path).await?;
    Ok(crate::sys::ctime(&m))
}

/// [`getatime`] as Python's float seconds since the epoch.
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// assert!(afile_os::path::getatime_secs("/").await? > 0.0);
/// # Ok(()) }
/// ```
pub async fn getatime_secs(path: impl AsRef<Path>) -> Result<f64> {
    Ok(float_secs(getatime(path).await?))
}

/// [`getmtime`] as Python's float seconds since the epoch.
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// assert!(afile_os::path::getmtime_secs("/").await? > 0.0);
/// # Ok(()) }
/// ```
pub async fn getmtime_secs(path: impl AsRef<Path>) -> Result<f64> {
    Ok(float_secs(getmtime(path).await?))
}

/// [`getctime`] as Python's float seconds since the epoch.
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// assert!(afile_os::path::getctime_secs("/").await? > 0.0);
/// # Ok(()) }
/// ```
pub async fn getctime_secs(path: impl AsRef<Path>) -> Result<f64> {
    Ok(float_secs(getctime(path).await?))
}

/// Whether two paths name the same file (same device and inode; on
/// Windows the same volume and file index), following symlinks
/// (`os.path.samefile`).
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// assert!(afile_os::path::samefile("/", "/.").await?);
/// # Ok(()) }
/// ```
pub async fn samefile(a: impl AsRef<Path>, b: impl AsRef<Path>) -> Result<bool> {
    let (a, b) = (a.as_ref().to_path_buf(), b.as_ref().to_path_buf());
    crate::nul::check(&a)?;
    blocking("samefile", move || {
        // As CPython: `stat(a)`, then `b` (whose NUL is found only then).
        let ia = crate::sys::file_id(&a).map_err(|e| Error::with_path(e, &a))?;
        crate::nul::check(&b)?;
        let ib = crate::sys::file_id(&b).map_err(|e| Error::with_path(e, &b))?;
        Ok(ia == ib)
    })
    .await
}

pub use crate::sys::path_api::sameopenfile;

/// The absolute, normalised form of `path` (`os.path.abspath`): joined to
/// the current directory if relative, then [`normpath`]. Symlinks are not
/// resolved. [`posixpath::abspath`](crate::posixpath::abspath) is the same
/// with the current directory given.
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// assert_eq!(afile_os::path::abspath("/a/./b/../c").await?, std::path::Path::new("/a/c"));
/// # Ok(()) }
/// ```
pub async fn abspath(path: impl AsRef<Path>) -> Result<PathBuf> {
    let path = path.as_ref();
    if isabs(path) {
        return Ok(normpath(path));
    }
    Ok(flavour::abspath(path, crate::getcwd().await?))
}

/// `path` relative to `start` (the current directory with `None`), as
/// `os.path.relpath`: both made absolute and normalised first (lexically,
/// symlinks are not resolved), then `..` for each part of `start` not
/// shared. [`posixpath::relpath`](crate::posixpath::relpath) is the same
/// with the current directory given.
///
/// # Errors
///
/// CPython's `no path specified` for an empty `path`; reading the current
/// directory.
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// use std::path::Path;
/// assert_eq!(afile_os::path::relpath("/a/b/c", Some("/a/x")).await?, Path::new("../b/c"));
/// assert_eq!(afile_os::path::relpath("/a", Some("/a/b/c")).await?, Path::new("../.."));
/// assert_eq!(afile_os::path::relpath("/a/b", Some("/a/b")).await?, Path::new("."));
/// # Ok(()) }
/// ```
pub async fn relpath(path: impl AsRef<Path>, start: Option<impl AsRef<Path>>) -> Result<PathBuf> {
    let path = path.as_ref();
    if path.as_os_str().is_empty() {
        return Err(afile_core::Error::InvalidArgument("no path specified".into()));
    }
    let start = start.map_or_else(|| PathBuf::from("."), |s| s.as_ref().to_path_buf());
    flavour::relpath(path, start, crate::getcwd().await?)
}

pub use crate::flavour::{
    basename, commonpath, commonprefix, dirname, expanduser, expandvars, isabs, join, normcase, normpath,
    split, splitdrive, splitext, splitroot,
};

/// The canonical path of `path`, symlinks resolved, as CPython's
/// `os.path.realpath(path)` (`strict=False`, anyio's `Path.resolve()`):
/// unlike [`std::fs::canonicalize`], a part that does not exist is not an
/// error (it is kept as written, `..` applied lexically), and a symlink
/// loop leaves the rest of the path unresolved instead of failing.
///
/// # Errors
///
/// As CPython: `embedded null byte` for a path holding NUL; reading the
/// current directory.
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let d = std::fs::canonicalize(dir.path())?;
/// std::os::unix::fs::symlink("real", d.join("link"))?;
/// std::fs::create_dir(d.join("real"))?;
/// let p = afile_os::path::realpath(d.join("link/missing/../file")).await?;
/// assert_eq!(p, d.join("real/file"));
/// # Ok(()) }
/// ```
pub async fn realpath(path: impl AsRef<Path>) -> Result<PathBuf> {
    let path = path.as_ref().to_path_buf();
    crate::nul::check(&path)?;
    let resolved = blocking("realpath", move || Ok(crate::sys::realpath(&path))).await?;
    abspath(resolved).await
}
