//! `stat`, `lstat`, `chmod`, `utime` (`statvfs` is Unix-only: `sys/unix/api.rs`).

use std::fs::{self, Metadata};
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
/// afile_os::symlink("nowhere", &link).await?;
/// assert!(afile_os::lstat(&link).await?.file_type().is_symlink());
/// # Ok(()) }
/// ```
pub async fn lstat(path: impl AsRef<Path>) -> Result<Metadata> {
    let path = path.as_ref().to_path_buf();
    nul::check(&path)?;
    blocking("lstat", move || fs::symlink_metadata(&path).map_err(|e| Error::with_path(e, &path))).await
}

/// Sets the permission bits of `path` (`os.chmod`). On Windows, as in
/// CPython, only the owner's write bit (`0o200`) counts: without it the
/// file is made read-only, with it writable.
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let p = dir.path().join("f");
/// # std::fs::write(&p, b"")?;
/// afile_os::chmod(&p, 0o400).await?;
/// assert!(afile_os::stat(&p).await?.permissions().readonly());
/// afile_os::chmod(&p, 0o600).await?;
/// assert!(!afile_os::stat(&p).await?.permissions().readonly());
/// # Ok(()) }
/// ```
pub async fn chmod(path: impl AsRef<Path>, mode: u32) -> Result<()> {
    let path = path.as_ref().to_path_buf();
    nul::check(&path)?;
    blocking("chmod", move || crate::sys::chmod(&path, mode).map_err(|e| Error::with_path(e, &path))).await
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
    blocking("utime", move || crate::sys::utime(&path, times).map_err(|e| Error::with_path(e, &path))).await
}
