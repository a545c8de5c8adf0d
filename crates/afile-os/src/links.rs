//! `rename`, `renames`, `replace`, `remove`, `unlink`, `link`, `symlink`,
//! `readlink`.

use std::fs;
use std::path::{Path, PathBuf};

use afile_core::{Error, Result};

use crate::dirs::renames_blocking;
use crate::{blocking, nul};

/// Both paths, owned, once neither holds a NUL byte.
fn two(src: impl AsRef<Path>, dst: impl AsRef<Path>) -> Result<(PathBuf, PathBuf)> {
    let (src, dst) = (src.as_ref().to_path_buf(), dst.as_ref().to_path_buf());
    nul::check2(&src, &dst)?;
    Ok((src, dst))
}

/// The path, owned, once it holds no NUL byte.
fn one(path: impl AsRef<Path>) -> Result<PathBuf> {
    let path = path.as_ref().to_path_buf();
    nul::check(&path)?;
    Ok(path)
}

/// Renames `src` to `dst` (`os.rename`). On Unix it replaces a file or an
/// empty directory at `dst`; on Windows, as CPython's `MoveFileExW` without
/// `MOVEFILE_REPLACE_EXISTING`, an existing `dst` is an error
/// (`FileExistsError`, `[WinError 183]`): use [`replace`] to overwrite.
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let (a, b) = (dir.path().join("a"), dir.path().join("b"));
/// # std::fs::write(&a, b"A")?;
/// afile_os::rename(&a, &b).await?;
/// assert_eq!(std::fs::read(&b)?, b"A");
/// let err = afile_os::rename(&a, &b).await.unwrap_err();
/// assert!(err.to_string().starts_with("[Errno 2] No such file or directory: "));
/// # Ok(()) }
/// ```
pub async fn rename(src: impl AsRef<Path>, dst: impl AsRef<Path>) -> Result<()> {
    let (src, dst) = two(src, dst)?;
    blocking("rename", move || crate::sys::rename(&src, &dst).map_err(|e| Error::with_paths(e, &src, &dst)))
        .await
}

/// Renames `src` to `dst`, replacing a file at `dst` on every platform
/// (`os.replace`, which differs from `os.rename` only on Windows).
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let (a, b) = (dir.path().join("a"), dir.path().join("b"));
/// # std::fs::write(&a, b"A")?; std::fs::write(&b, b"B")?;
/// afile_os::replace(&a, &b).await?;
/// assert_eq!(std::fs::read(&b)?, b"A");
/// # Ok(()) }
/// ```
pub async fn replace(src: impl AsRef<Path>, dst: impl AsRef<Path>) -> Result<()> {
    let (src, dst) = two(src, dst)?;
    blocking("replace", move || crate::sys::replace(&src, &dst).map_err(|e| Error::with_paths(e, &src, &dst)))
        .await
}

/// Renames, creating missing parents of `new` first and pruning the parents
/// of `old` that end up empty (`os.renames`).
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let root = dir.path();
/// std::fs::create_dir_all(root.join("s/t"))?;
/// std::fs::write(root.join("s/t/f"), b"1")?;
/// afile_os::renames(root.join("s/t/f"), root.join("n/m/f")).await?;
/// assert!(!root.join("s").exists() && root.join("n/m/f").exists());
/// # Ok(()) }
/// ```
pub async fn renames(old: impl AsRef<Path>, new: impl AsRef<Path>) -> Result<()> {
    let (old, new) = two(old, new)?;
    blocking("renames", move || renames_blocking(&old, &new)).await
}

/// Removes the file `path` (`os.remove`); a directory is `IsADirectoryError`.
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let p = dir.path().join("f");
/// # std::fs::write(&p, b"")?;
/// afile_os::remove(&p).await?;
/// assert_eq!(afile_os::remove(dir.path()).await.unwrap_err().errno(), Some(21));
/// # Ok(()) }
/// ```
pub async fn remove(path: impl AsRef<Path>) -> Result<()> {
    let path = one(path)?;
    blocking("remove", move || fs::remove_file(&path).map_err(|e| Error::with_path(e, &path))).await
}

/// The same as [`remove`] (`os.unlink`).
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let p = dir.path().join("f");
/// # std::fs::write(&p, b"")?;
/// afile_os::unlink(&p).await?;
/// # Ok(()) }
/// ```
pub async fn unlink(path: impl AsRef<Path>) -> Result<()> {
    remove(path).await
}

/// Creates a hard link `dst` to `src` (`os.link`).
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let (a, b) = (dir.path().join("a"), dir.path().join("b"));
/// # std::fs::write(&a, b"A")?;
/// afile_os::link(&a, &b).await?;
/// assert!(afile_os::path::samefile(&a, &b).await?);
/// # Ok(()) }
/// ```
pub async fn link(src: impl AsRef<Path>, dst: impl AsRef<Path>) -> Result<()> {
    let (src, dst) = two(src, dst)?;
    blocking("link", move || fs::hard_link(&src, &dst).map_err(|e| Error::with_paths(e, &src, &dst))).await
}

/// Creates a symbolic link `dst` pointing to `src` (`os.symlink`); `src`
/// need not exist. On Windows it is a file symlink (CPython's default,
/// `target_is_directory=False`), and creating one needs the privilege
/// Windows asks for (developer mode or an elevated process).
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let l = dir.path().join("l");
/// afile_os::symlink("target", &l).await?;
/// assert_eq!(afile_os::readlink(&l).await?, std::path::Path::new("target"));
/// # Ok(()) }
/// ```
pub async fn symlink(src: impl AsRef<Path>, dst: impl AsRef<Path>) -> Result<()> {
    let (src, dst) = two(src, dst)?;
    blocking("symlink", move || crate::sys::symlink(&src, &dst).map_err(|e| Error::with_paths(e, &src, &dst)))
        .await
}

/// The target of the symbolic link `path` (`os.readlink`); a path that is
/// not a link is `EINVAL`, as in CPython.
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let f = dir.path().join("f");
/// # std::fs::write(&f, b"")?;
/// assert_eq!(afile_os::readlink(&f).await.unwrap_err().errno(), Some(22));
/// # Ok(()) }
/// ```
pub async fn readlink(path: impl AsRef<Path>) -> Result<PathBuf> {
    let path = one(path)?;
    blocking("readlink", move || fs::read_link(&path).map_err(|e| Error::with_path(e, &path))).await
}
