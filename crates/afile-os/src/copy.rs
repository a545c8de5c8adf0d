//! `copyfile`: `shutil.copyfile`, the copy itself done by the kernel.

use std::fs::{self, File};
use std::path::Path;

use afile_core::{Error, Result};

use crate::{blocking, nul};

/// Copies the contents of `src` to `dst` (created or truncated), like
/// `shutil.copyfile`: data only, no permission bits. Returns the number of
/// bytes copied.
///
/// The copy is done by the kernel where it offers to, as CPython's: on
/// Linux [`std::io::copy`] between the two files (`copy_file_range`, so
/// reflinks where the file system has them, then `sendfile`, then a
/// read/write loop); on macOS `fcopyfile(COPYFILE_DATA)`; elsewhere a
/// read/write loop (1 MiB at a time on Windows, as CPython there).
///
/// # Errors
///
/// As CPython: `'a' and 'b' are the same file` (nothing is truncated),
/// ``` `p` is a named pipe ```, `[Errno 21] Is a directory: 'd'` for a
/// directory on either side, and the OS error with its path otherwise.
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let (a, b) = (dir.path().join("a"), dir.path().join("b"));
/// std::fs::write(&a, b"payload")?;
/// assert_eq!(afile_os::copyfile(&a, &b).await?, 7);
/// assert_eq!(std::fs::read(&b)?, b"payload");
/// let same = afile_os::copyfile(&a, &a).await.unwrap_err();
/// assert!(same.to_string().ends_with("are the same file"));
/// # Ok(()) }
/// ```
pub async fn copyfile(src: impl AsRef<Path>, dst: impl AsRef<Path>) -> Result<u64> {
    let (src, dst) = (src.as_ref().to_path_buf(), dst.as_ref().to_path_buf());
    nul::check2(&src, &dst)?;
    blocking("copyfile", move || copy(&src, &dst)).await
}

fn copy(src: &Path, dst: &Path) -> Result<u64> {
    let src_meta = fs::metadata(src).ok();
    let dst_meta = fs::metadata(dst).ok();
    if src_meta.is_some()
        && dst_meta.is_some()
        && let (Ok(s), Ok(d)) = (crate::sys::file_id(src), crate::sys::file_id(dst))
        && s == d
    {
        return Err(Error::InvalidArgument(format!(
            "'{}' and '{}' are the same file",
            src.display(),
            dst.display()
        )));
    }
    for (path, meta) in [(src, &src_meta), (dst, &dst_meta)] {
        if meta.as_ref().is_some_and(crate::sys::is_fifo) {
            return Err(Error::InvalidArgument(format!("`{}` is a named pipe", path.display())));
        }
    }
    let mut input = File::open(src).map_err(|e| Error::with_path(e, src))?;
    if input.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(Error::with_path(crate::sys::is_a_directory(), src));
    }
    let mut output = File::create(dst).map_err(|e| Error::with_path(e, dst))?;
    crate::sys::copy_contents(&mut input, &mut output).map_err(|e| Error::with_paths(e, src, dst))
}
