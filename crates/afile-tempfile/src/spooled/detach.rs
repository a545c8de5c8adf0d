//! `detach`: the file underneath, out of its spooled wrapper.

use afile_core::{File, Result, TextFile};

use super::SpooledTemporaryFile;

impl SpooledTemporaryFile<File> {
    /// Flushes and returns the underlying file, as a std file at this
    /// position (CPython's `detach`, which gives the raw file after the
    /// rollover). The spooling ends: later writes are not counted.
    ///
    /// Before the rollover CPython's data sits in a `BytesIO`, which has no
    /// raw file, so its `detach` raises `UnsupportedOperation: detach`;
    /// afile's memory side is an anonymous in-memory file, which it returns.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// use std::io::Read;
    /// let mut f = afile_tempfile::SpooledTemporaryFile::new().await?;
    /// f.write(b"spooled").await?;
    /// f.seek(std::io::SeekFrom::Start(0)).await?;
    /// let mut std_file = f.detach().await?;
    /// let mut s = String::new();
    /// std_file.read_to_string(&mut s)?;
    /// assert_eq!(s, "spooled");
    /// # Ok(()) }
    /// ```
    pub async fn detach(mut self) -> Result<std::fs::File> {
        self.settle().await?;
        self.file.into_std().await
    }
}

impl SpooledTemporaryFile<TextFile> {
    /// Flushes and returns the binary file under the text layer (CPython's
    /// `detach`, which gives the `BytesIO` or, after the rollover, the
    /// buffered disk file). The spooling ends: later writes are not counted.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::builder().text().await?;
    /// f.write("text").await?;
    /// let mut bytes = f.detach().await?;
    /// bytes.seek(std::io::SeekFrom::Start(0)).await?;
    /// assert_eq!(bytes.read(None).await?, "text");
    /// # Ok(()) }
    /// ```
    pub async fn detach(self) -> Result<File> {
        self.file.detach().await
    }
}
