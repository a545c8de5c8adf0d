//! `stat`, `lstat`, `statvfs`, `chmod`, `utime`.

use std::fs::{self, Metadata};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use afile_core::{Error, Result};

use crate::{blocking, nul};

/// Metadata of `path`, following symlinks. The async twin of `os.stat` and
/// [`std::fs::metadata`].
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let p = dir.path().join("f");
/// # std::fs::write(&p, b"hello")?;
/// let meta = afile_os::stat(&p).await?;
/// assert_eq!(meta.len(), 5);
/// # Ok(()) }
/// ```
pub async fn stat(path: impl AsRef<Path>) -> Result<Metadata> {
    let path = path.as_ref().to_path_buf();
    nul::check(&path)?;
    blocking("stat", move || fs::metadata(&path).map_err(|e| Error::with_path(e, &path))).await
}

/// Metadata of `path` itself, not following a final symlink (`os.lstat`).
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let link = dir.path().join("l");
/// std::os::unix::fs::symlink("nowhere", &link)?;
/// assert!(afile_os::lstat(&link).await?.file_type().is_symlink());
/// # Ok(()) }
/// ```
pub async fn lstat(path: impl AsRef<Path>) -> Result<Metadata> {
    let path = path.as_ref().to_path_buf();
    nul::check(&path)?;
    blocking("lstat", move || fs::symlink_metadata(&path).map_err(|e| Error::with_path(e, &path))).await
}

/// File-system statistics: every field of POSIX `statvfs`, named as Python's
/// `os.statvfs_result`.
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// let st = afile_os::statvfs("/").await?;
/// assert!(st.f_bsize > 0 && st.f_blocks >= st.f_bfree);
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatVfs {
    /// File system block size.
    pub f_bsize: u64,
    /// Fragment size.
    pub f_frsize: u64,
    /// Size of the file system in `f_frsize` units.
    pub f_blocks: u64,
    /// Free blocks.
    pub f_bfree: u64,
    /// Free blocks for unprivileged users.
    pub f_bavail: u64,
    /// Inodes.
    pub f_files: u64,
    /// Free inodes.
    pub f_ffree: u64,
    /// Free inodes for unprivileged users.
    pub f_favail: u64,
    /// File system ID.
    pub f_fsid: u64,
    /// Mount flags (`ST_RDONLY`, `ST_NOSUID`, …).
    pub f_flag: u64,
    /// Maximum file name length.
    pub f_namemax: u64,
}

/// Statistics of the file system holding `path` (`os.statvfs`).
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// let st = afile_os::statvfs("/").await?;
/// println!("{} bytes free", st.f_bavail * st.f_frsize);
/// # Ok(()) }
/// ```
pub async fn statvfs(path: impl AsRef<Path>) -> Result<StatVfs> {
    let path = path.as_ref().to_path_buf();
    nul::check(&path)?;
    blocking("statvfs", move || {
        let s = rustix::fs::statvfs(&path).map_err(|e| Error::with_path(e.into(), &path))?;
        Ok(StatVfs {
            f_bsize: s.f_bsize,
            f_frsize: s.f_frsize,
            f_blocks: s.f_blocks,
            f_bfree: s.f_bfree,
            f_bavail: s.f_bavail,
            f_files: s.f_files,
            f_ffree: s.f_ffree,
            f_favail: s.f_favail,
            f_fsid: s.f_fsid,
            f_flag: s.f_flag.bits(),
            f_namemax: s.f_namemax,
        })
    })
    .await
}

/// Sets the permission bits of `path` (`os.chmod`).
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let p = dir.path().join("f");
/// # std::fs::write(&p, b"")?;
/// use std::os::unix::fs::PermissionsExt;
/// afile_os::chmod(&p, 0o600).await?;
/// assert_eq!(afile_os::stat(&p).await?.permissions().mode() & 0o777, 0o600);
/// # Ok(()) }
/// ```
pub async fn chmod(path: impl AsRef<Path>, mode: u32) -> Result<()> {
    let path = path.as_ref().to_path_buf();
    nul::check(&path)?;
    blocking("chmod", move || {
        fs::set_permissions(&path, fs::Permissions::from_mode(mode)).map_err(|e| Error::with_path(e, &path))
    })
    .await
}

/// Sets the access and modification times of `path` (`os.utime`); `None`
/// sets both to now.
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let p = dir.path().join("f");
/// # std::fs::write(&p, b"")?;
/// use std::time::{Duration, UNIX_EPOCH};
/// let t = UNIX_EPOCH + Duration::from_secs(1_000_000_000);
/// afile_os::utime(&p, (t, t)).await?;
/// assert_eq!(afile_os::stat(&p).await?.modified()?, t);
/// afile_os::utime(&p, None).await?; // now
/// # Ok(()) }
/// ```
pub async fn utime(path: impl AsRef<Path>, times: impl Into<Option<(SystemTime, SystemTime)>>) -> Result<()> {
    let path: PathBuf = path.as_ref().to_path_buf();
    nul::check(&path)?;
    let times = times.into();
    blocking("utime", move || {
        use rustix::fs::{AtFlags, CWD, Timespec, Timestamps, UTIME_NOW, utimensat};
        let spec = |t: SystemTime| -> Timespec {
            let d = t.duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default();
            Timespec { tv_sec: d.as_secs() as i64, tv_nsec: i64::from(d.subsec_nanos()) as _ }
        };
        let now = Timespec { tv_sec: 0, tv_nsec: UTIME_NOW as _ };
        let (atime, mtime) = times.map(|(a, m)| (spec(a), spec(m))).unwrap_or((now, now));
        let stamps = Timestamps { last_access: atime, last_modification: mtime };
        utimensat(CWD, &path, &stamps, AtFlags::empty()).map_err(|e| Error::with_path(e.into(), &path))
    })
    .await
}
