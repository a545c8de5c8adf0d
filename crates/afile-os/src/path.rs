//! Async `os.path`: existence and type tests, sizes and times, `abspath`,
//! `realpath`, `samefile`, `ismount`; and the string functions (`join`,
//! `split`, `splitext`, `normpath`, `relpath`, `commonpath`, `expandvars`,
//! …), which are [`posixpath`](crate::posixpath)'s, with CPython's rules.
//!
//! Like CPython's, the predicates (`exists`, `isfile`, …) never fail: an
//! error (a missing path, a permission problem, a NUL in the path) answers
//! `false`. The other calls refuse a path holding NUL with CPython's
//! `embedded null byte` before any system call.

use std::fs;
use std::os::fd::{AsFd, BorrowedFd};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use afile_core::Result;

use crate::blocking;
use crate::posixpath;
use crate::pystr::{self, Chars};

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
    blocking("ismount", move || {
        let Ok(meta) = fs::symlink_metadata(&path) else { return Ok(false) };
        if meta.file_type().is_symlink() {
            return Ok(false);
        }
        let Ok(parent) = fs::symlink_metadata(path.join("..")) else { return Ok(false) };
        Ok(meta.dev() != parent.dev() || meta.ino() == parent.ino())
    })
    .await
    .unwrap_or(false)
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

fn since_epoch(secs: i64, nanos: i64) -> SystemTime {
    let d = std::time::Duration::new(secs.unsigned_abs(), nanos as u32);
    if secs >= 0 { SystemTime::UNIX_EPOCH + d } else { SystemTime::UNIX_EPOCH - d }
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
    Ok(since_epoch(m.atime(), m.atime_nsec()))
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
    Ok(since_epoch(m.mtime(), m.mtime_nsec()))
}

/// The last metadata change time of `path` (`os.path.getctime` on Unix).
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// let t = afile_os::path::getctime("/").await?;
/// # drop(t); Ok(()) }
/// ```
pub async fn getctime(path: impl AsRef<Path>) -> Result<SystemTime> {
    let m = crate::stat(path).await?;
    Ok(since_epoch(m.ctime(), m.ctime_nsec()))
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

/// Whether two paths name the same file (same device and inode), following
/// symlinks (`os.path.samefile`).
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// assert!(afile_os::path::samefile("/", "/.").await?);
/// # Ok(()) }
/// ```
pub async fn samefile(a: impl AsRef<Path>, b: impl AsRef<Path>) -> Result<bool> {
    let (ma, mb) = (crate::stat(a).await?, crate::stat(b).await?);
    Ok(ma.dev() == mb.dev() && ma.ino() == mb.ino())
}

/// Whether two open descriptors are the same file (`os.path.sameopenfile`).
/// Pass std files, or afile files through [`afile_core::File::as_fd`].
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let p = dir.path().join("f");
/// # std::fs::write(&p, b"")?;
/// use std::os::fd::AsFd;
/// let a = afile_core::open(&p, "rb").await?;
/// let b = std::fs::File::open(&p)?;
/// assert!(afile_os::path::sameopenfile(a.as_fd()?, b.as_fd()).await?);
/// # Ok(()) }
/// ```
pub async fn sameopenfile(a: BorrowedFd<'_>, b: BorrowedFd<'_>) -> Result<bool> {
    let a = a.as_fd().try_clone_to_owned()?;
    let b = b.as_fd().try_clone_to_owned()?;
    blocking("sameopenfile", move || {
        let (sa, sb) = (rustix::fs::fstat(&a)?, rustix::fs::fstat(&b)?);
        Ok(sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino)
    })
    .await
}

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
    Ok(crate::posixpath::abspath(path, crate::getcwd().await?))
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
    crate::posixpath::relpath(path, start, crate::getcwd().await?)
}

pub use crate::posixpath::{
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
    let path = path.as_ref();
    crate::nul::check(path)?;
    let rest = pystr::of(&path);
    let resolved = blocking("realpath", move || {
        let (p, _) = join_realpath(Vec::new(), &rest, &mut Vec::new());
        Ok(pystr::path(&p))
    })
    .await?;
    abspath(resolved).await
}

/// CPython's `posixpath._joinrealpath` with `strict=False`: resolves `rest`
/// onto the resolved `path`; `seen` maps symlinks to what they resolved to
/// (`None` while being resolved). Returns the path and whether it resolved
/// completely (not: a symlink loop).
fn join_realpath(mut path: Chars, rest: &[u32], seen: &mut Vec<(Chars, Option<Chars>)>) -> (Chars, bool) {
    let (slash, dot) = (u32::from(b'/'), u32::from(b'.'));
    let join = |a: &[u32], b: &[u32]| posixpath::join_chars(a, &[b.to_vec()]);
    let mut rest = rest;
    if rest.first() == Some(&slash) {
        rest = &rest[1..];
        path = vec![slash];
    }
    while !rest.is_empty() {
        let (name, tail) = match rest.iter().position(|&c| c == slash) {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, &rest[rest.len()..]),
        };
        rest = tail;
        if name.is_empty() || name == [dot] {
            continue;
        }
        if name == [dot, dot] {
            if path.is_empty() {
                path = vec![dot, dot];
            } else {
                let (head, last) = posixpath::split_chars(&path);
                path = if last == [dot, dot] {
                    join(&join(head, &[dot, dot]), &[dot, dot])
                } else {
                    head.to_vec()
                };
            }
            continue;
        }
        let new = join(&path, name);
        let link = pystr::path(&new);
        if !fs::symlink_metadata(&link).is_ok_and(|m| m.file_type().is_symlink()) {
            path = new;
            continue;
        }
        if let Some((_, known)) = seen.iter().find(|(p, _)| *p == new) {
            match known {
                Some(resolved) => {
                    path = resolved.clone();
                    continue;
                }
                // Being resolved: a loop. The rest stays as written.
                None => return (join(&new, rest), false),
            }
        }
        seen.push((new.clone(), None));
        let Ok(target) = fs::read_link(&link) else {
            path = new;
            continue;
        };
        let (resolved, ok) = join_realpath(path, &pystr::of(&target), seen);
        if !ok {
            return (join(&resolved, rest), false);
        }
        if let Some(entry) = seen.iter_mut().find(|(p, _)| *p == new) {
            entry.1 = Some(resolved.clone());
        }
        path = resolved;
    }
    (path, true)
}
