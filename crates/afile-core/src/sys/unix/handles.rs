//! The public items that exist on Unix only: the descriptor traits and
//! `as_fd` of [`File`] and [`TextFile`], and `seek_data`/`seek_hole`
//! (CPython's `os.SEEK_DATA`/`os.SEEK_HOLE`: "Availability: Unix").

use std::os::fd::{AsRawFd, BorrowedFd, RawFd};

use crate::error::Result;
use crate::sys::Sparse;
use crate::{File, TextFile};

impl File {
    /// The descriptor, borrowed: for calls that take one, such as
    /// `afile::os::sendfile` and `afile::os::path::sameopenfile`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// let f = afile_core::open(dir.path().join("x"), "wb").await?;
    /// let fd = f.as_fd()?;
    /// # drop(fd); Ok(()) }
    /// ```
    pub fn as_fd(&self) -> Result<BorrowedFd<'_>> {
        use std::os::fd::AsFd;
        Ok(self.std_file()?.as_fd())
    }

    /// Moves to the first byte of data at or after `offset`, as Python's
    /// `f.seek(offset, os.SEEK_DATA)`, and returns the new position.
    /// Buffered writes are flushed first. Unix only, as `os.SEEK_DATA`.
    ///
    /// # Errors
    ///
    /// `ENXIO` (`[Errno 6] No such device or address`) when no data follows
    /// `offset`; the position does not move then.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("x");
    /// std::fs::write(&path, b"abc")?;
    /// let mut f = afile_core::open(&path, "rb").await?;
    /// assert_eq!(f.seek_data(0).await?, 0);
    /// assert_eq!(f.seek_data(4).await.unwrap_err().errno(), Some(6));
    /// # Ok(()) }
    /// ```
    pub async fn seek_data(&mut self, offset: u64) -> Result<u64> {
        self.seek_sparse(Sparse::Data(offset)).await
    }

    /// Moves to the first hole at or after `offset` (the end of the file
    /// counts as one), as Python's `f.seek(offset, os.SEEK_HOLE)`, and
    /// returns the new position. Buffered writes are flushed first. Unix
    /// only, as `os.SEEK_HOLE`.
    ///
    /// # Errors
    ///
    /// `ENXIO` when `offset` is past the end of the file.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("x");
    /// std::fs::write(&path, b"abc")?;
    /// let mut f = afile_core::open(&path, "r+b").await?;
    /// assert_eq!(f.seek_hole(0).await?, 3);
    /// f.write(b"d").await?;
    /// f.close().await?;
    /// assert_eq!(std::fs::read(&path)?, b"abcd");
    /// # Ok(()) }
    /// ```
    pub async fn seek_hole(&mut self, offset: u64) -> Result<u64> {
        self.seek_sparse(Sparse::Hole(offset)).await
    }
}

/// The descriptor, or `-1` once the file is closed (use [`File::fileno`]
/// for an error instead).
impl AsRawFd for File {
    fn as_raw_fd(&self) -> RawFd {
        self.std_file().map_or(-1, |f| f.as_raw_fd())
    }
}

impl TextFile {
    /// The descriptor of the binary file below, borrowed (see
    /// [`File::as_fd`]).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// let t = afile_core::open_text(dir.path().join("t"), "w").await?;
    /// let fd = t.as_fd()?;
    /// # drop(fd); Ok(()) }
    /// ```
    pub fn as_fd(&self) -> Result<BorrowedFd<'_>> {
        self.buffer().as_fd()
    }
}

/// The descriptor, or `-1` once the file is closed.
impl AsRawFd for TextFile {
    fn as_raw_fd(&self) -> RawFd {
        self.buffer().as_raw_fd()
    }
}

/// A rustix error as an afile error (for code that calls rustix itself).
impl From<rustix::io::Errno> for crate::Error {
    fn from(errno: rustix::io::Errno) -> Self {
        std::io::Error::from(errno).into()
    }
}
