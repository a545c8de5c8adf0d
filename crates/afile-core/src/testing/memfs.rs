//! An in-memory file system whose files are real afile files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::error::{Error, Result};
use crate::executor::Executor;
use crate::file::{File, Setup};
use crate::mode::Mode;
use crate::sys::{self, MemFile, Posix};
use crate::text::TextFile;

/// An in-memory file system for tests that should not touch the disk, with
/// the real [`File`] and [`TextFile`] API.
///
/// On Linux each path is backed by an anonymous memory file (`memfd_create`);
/// opening it opens the memory file again through `/proc/self/fd`, so every
/// open gets its own position and flags, and afile's real buffering,
/// write-behind and text code run unchanged. Elsewhere (no memory file can
/// be opened again there) each path is backed by a file of its own in the
/// temporary directory, removed with the path. The files live as long as the `MemFs` (and
/// any file still open on them); nothing is written to a disk. Opens follow
/// CPython's rules: `r` of a missing path is `ENOENT`, `x` of an existing
/// one `EEXIST`, `w` truncates. A [`Faults`](super::Faults) plan applies
/// through [`MemFs::executor`] or [`Faults::scope`](super::Faults::scope).
///
/// # Examples
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// let fs = afile_core::testing::MemFs::new();
/// let mut f = fs.open("/logs/app.log", "w").await?;
/// f.write(b"started\n").await?;
/// f.close().await?;
/// let mut t = fs.open_text("/logs/app.log", "a+").await?;
/// t.write("ready\n").await?;
/// t.close().await?;
/// assert_eq!(fs.read("/logs/app.log")?, b"started\nready\n");
/// assert!(!std::path::Path::new("/logs/app.log").exists());
/// assert_eq!(fs.open("/missing", "rb").await.unwrap_err().errno(), Some(2));
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, Default)]
pub struct MemFs {
    files: Arc<Mutex<HashMap<PathBuf, MemFile>>>,
    executor: Option<Executor>,
}

impl MemFs {
    /// An empty file system.
    ///
    /// ```
    /// let fs = afile_core::testing::MemFs::new();
    /// assert!(fs.paths().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs the blocking work of the files it opens on `executor` (and so
    /// applies the executor's fault plan to them).
    ///
    /// ```
    /// use afile_core::testing::{Faults, MemFs};
    /// let ex = afile_core::Executor::default().with_faults(Faults::new());
    /// let fs = MemFs::new().executor(ex);
    /// # drop(fs);
    /// ```
    pub fn executor(mut self, executor: Executor) -> Self {
        self.executor = Some(executor);
        self
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<PathBuf, MemFile>> {
        self.files.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Opens `path` for binary I/O with default buffering, like
    /// [`open`](crate::open).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let fs = afile_core::testing::MemFs::new();
    /// let mut f = fs.open("data.bin", "w+b").await?;
    /// f.write(b"\x00\x01").await?;
    /// f.seek(std::io::SeekFrom::Start(0)).await?;
    /// assert_eq!(f.read(None).await?, &b"\x00\x01"[..]);
    /// # Ok(()) }
    /// ```
    pub async fn open(&self, path: impl AsRef<Path>, mode: &str) -> Result<File> {
        self.open_buffered(path, mode, -1).await
    }

    /// Opens `path` for binary I/O with CPython's `buffering`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let fs = afile_core::testing::MemFs::new();
    /// let mut f = fs.open_buffered("raw.bin", "wb", 0).await?;
    /// f.write(b"now").await?;
    /// assert_eq!(fs.read("raw.bin")?, b"now");
    /// # Ok(()) }
    /// ```
    pub async fn open_buffered(&self, path: impl AsRef<Path>, mode: &str, buffering: isize) -> Result<File> {
        let mode = Mode::parse_for(mode, false, "MemFs::open is binary, use MemFs::open_text for text")?;
        let executor = self.executor.clone().unwrap_or_default();
        let path = path.as_ref().to_path_buf();
        executor.fault_point(crate::FaultOp::Open).map_err(|e| Error::with_path(e, &path))?;
        let mut std_file = self.reopen(&path, mode)?;
        if mode.appending() {
            // CPython starts an appending file at its end.
            use std::io::Seek;
            std_file.seek(std::io::SeekFrom::End(0)).map_err(|e| Error::with_path(e, &path))?;
        }
        let setup = Setup { mode, buffering, name: Some(path), executor };
        Ok(File::new(std_file, setup))
    }

    /// Opens `path` for text I/O in UTF-8, like [`open_text`](crate::open_text)
    /// with its defaults.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let fs = afile_core::testing::MemFs::new();
    /// let mut t = fs.open_text("notes.txt", "w+").await?;
    /// t.write("héllo\n").await?;
    /// t.seek(std::io::SeekFrom::Start(0)).await?;
    /// assert_eq!(t.read(None).await?, "héllo\n");
    /// # Ok(()) }
    /// ```
    pub async fn open_text(&self, path: impl AsRef<Path>, mode: &str) -> Result<TextFile> {
        Mode::parse_for(mode, true, "MemFs::open_text is text, use MemFs::open for binary")?;
        let binary: String = mode.chars().filter(|&c| c != 't').collect();
        let file = self.open(path, &binary).await?;
        TextFile::wrap(file, "utf-8", "strict", None, false)
    }

    /// Opens a new description of the memory file behind `path`, creating
    /// it when the mode allows.
    fn reopen(&self, path: &Path, mode: Mode) -> Result<std::fs::File> {
        let (options, may_create, must_create) = mode.reopen_options();
        let mut files = self.lock();
        let exists = files.contains_key(path);
        if exists && must_create {
            return Err(Error::with_path(sys::posix_error(Posix::Exist), path));
        }
        if !exists {
            if !may_create {
                return Err(Error::with_path(sys::posix_error(Posix::NoEnt), path));
            }
            let file = MemFile::create().map_err(|e| Error::with_path(e, path))?;
            files.insert(path.to_path_buf(), file);
        }
        let file = files.get(path).ok_or_else(|| Error::with_path(sys::posix_error(Posix::NoEnt), path))?;
        file.reopen(&options).map_err(|e| Error::with_path(e, path))
    }

    /// The whole contents of `path`.
    ///
    /// ```
    /// let fs = afile_core::testing::MemFs::new();
    /// fs.write("a", b"xyz")?;
    /// assert_eq!(fs.read("a")?, b"xyz");
    /// # Ok::<(), afile_core::Error>(())
    /// ```
    pub fn read(&self, path: impl AsRef<Path>) -> Result<Vec<u8>> {
        use std::io::Read;
        let mut file = self.reopen(path.as_ref(), Mode::parse("rb")?)?;
        let mut out = Vec::new();
        file.read_to_end(&mut out)?;
        Ok(out)
    }

    /// Replaces the contents of `path` (created if missing).
    ///
    /// ```
    /// let fs = afile_core::testing::MemFs::new();
    /// fs.write("config", b"k=v\n")?;
    /// assert!(fs.exists("config"));
    /// # Ok::<(), afile_core::Error>(())
    /// ```
    pub fn write(&self, path: impl AsRef<Path>, data: &[u8]) -> Result<()> {
        use std::io::Write;
        let mut file = self.reopen(path.as_ref(), Mode::parse("wb")?)?;
        file.write_all(data)?;
        Ok(())
    }

    /// Whether `path` exists.
    ///
    /// ```
    /// assert!(!afile_core::testing::MemFs::new().exists("nothing"));
    /// ```
    pub fn exists(&self, path: impl AsRef<Path>) -> bool {
        self.lock().contains_key(path.as_ref())
    }

    /// Removes `path`; files still open on it keep working, as on a disk.
    ///
    /// ```
    /// let fs = afile_core::testing::MemFs::new();
    /// fs.write("gone", b"")?;
    /// fs.remove("gone")?;
    /// assert!(!fs.exists("gone"));
    /// # Ok::<(), afile_core::Error>(())
    /// ```
    pub fn remove(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        match self.lock().remove(path) {
            Some(_) => Ok(()),
            None => Err(Error::with_path(sys::posix_error(Posix::NoEnt), path)),
        }
    }

    /// The paths that exist, sorted.
    ///
    /// ```
    /// let fs = afile_core::testing::MemFs::new();
    /// fs.write("b", b"")?;
    /// fs.write("a", b"")?;
    /// assert_eq!(fs.paths(), [std::path::PathBuf::from("a"), "b".into()]);
    /// # Ok::<(), afile_core::Error>(())
    /// ```
    pub fn paths(&self) -> Vec<PathBuf> {
        let mut paths: Vec<PathBuf> = self.lock().keys().cloned().collect();
        paths.sort();
        paths
    }
}
