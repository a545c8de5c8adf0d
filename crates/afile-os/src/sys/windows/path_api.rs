//! The `os.path` items whose types are Windows's: handles.

use std::os::windows::io::BorrowedHandle;

use afile_core::Result;

use crate::blocking;

/// Whether two open handles are the same file (`os.path.sameopenfile`):
/// the same volume and file index. Pass std files, or afile files through
/// [`afile_core::File::as_handle`].
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let p = dir.path().join("f");
/// # std::fs::write(&p, b"")?;
/// use std::os::windows::io::AsHandle;
/// let a = afile_core::open(&p, "rb").await?;
/// let b = std::fs::File::open(&p)?;
/// assert!(afile_os::path::sameopenfile(a.as_handle()?, b.as_handle()).await?);
/// # Ok(()) }
/// ```
pub async fn sameopenfile(a: BorrowedHandle<'_>, b: BorrowedHandle<'_>) -> Result<bool> {
    let a = std::fs::File::from(a.try_clone_to_owned()?);
    let b = std::fs::File::from(b.try_clone_to_owned()?);
    blocking("sameopenfile", move || Ok(super::open_file_id(&a)? == super::open_file_id(&b)?)).await
}
