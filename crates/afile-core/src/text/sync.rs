//! Durability for text files: `sync_all` and `sync_data`.

use super::TextFile;
use crate::error::Result;

impl TextFile {
    /// Writes out the encoded text still buffered, then asks the OS to put
    /// the file's data and metadata on storage (`fsync`, on the executor):
    /// aiofiles' `await f.flush(); os.fsync(f.fileno())` in one call.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let p = dir.path().join("t");
    /// let mut f = afile_core::open_text(&p, "w").encoding("utf-16-le").await?;
    /// f.write("saved").await?;
    /// f.sync_all().await?;
    /// assert_eq!(std::fs::read(&p)?.len(), 10);
    /// f.close().await?;
    /// assert_eq!(f.sync_all().await.unwrap_err().to_string(), "I/O operation on closed file.");
    /// # Ok(()) }
    /// ```
    pub async fn sync_all(&mut self) -> Result<()> {
        self.check_open()?;
        self.write_held().await?;
        self.file.sync_all().await
    }

    /// Like [`sync_all`](TextFile::sync_all), with `fdatasync` (Python's
    /// `os.fdatasync`): the data and only the metadata needed to read it.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let p = dir.path().join("t");
    /// let mut f = afile_core::open_text(&p, "a").await?;
    /// f.write("entry\n").await?;
    /// f.sync_data().await?;
    /// assert_eq!(std::fs::read_to_string(&p)?, "entry\n");
    /// # Ok(()) }
    /// ```
    pub async fn sync_data(&mut self) -> Result<()> {
        self.check_open()?;
        self.write_held().await?;
        self.file.sync_data().await
    }
}
