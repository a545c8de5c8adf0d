//! The `os.path` items whose types are Unix's: descriptors.

use std::os::fd::BorrowedFd;

use afile_core::Result;

use crate::blocking;

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
    let a = std::fs::File::from(a.try_clone_to_owned()?);
    let b = std::fs::File::from(b.try_clone_to_owned()?);
    blocking("sameopenfile", move || Ok(super::open_file_id(&a)? == super::open_file_id(&b)?)).await
}
