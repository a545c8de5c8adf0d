//! `seek(offset, os.SEEK_DATA)` and `seek(offset, os.SEEK_HOLE)`: the two
//! whence values CPython's buffered files pass to `lseek` that
//! [`SeekFrom`](std::io::SeekFrom) has no form for.

use std::future::poll_fn;
use std::io::{self, SeekFrom};

use super::File;
use super::engine::Other;
use crate::error::Result;

impl File {
    /// Moves to the first byte of data at or after `offset`, as Python's
    /// `f.seek(offset, os.SEEK_DATA)`, and returns the new position.
    /// Buffered writes are flushed first.
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
        self.seek_sparse(rustix::fs::SeekFrom::Data(offset)).await
    }

    /// Moves to the first hole at or after `offset` (the end of the file
    /// counts as one), as Python's `f.seek(offset, os.SEEK_HOLE)`, and
    /// returns the new position. Buffered writes are flushed first.
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
        self.seek_sparse(rustix::fs::SeekFrom::Hole(offset)).await
    }

    async fn seek_sparse(&mut self, whence: rustix::fs::SeekFrom) -> Result<u64> {
        self.check_seek()?;
        poll_fn(|cx| self.poll_flush_buf(cx)).await?;
        self.start_other(Other::Seek, move |raw| {
            rustix::fs::seek(&raw.file, whence).map_err(io::Error::from)
        })?;
        let at = poll_fn(|cx| self.poll_other(cx, Other::Seek)).await?;
        self.seek(SeekFrom::Start(at)).await
    }
}
