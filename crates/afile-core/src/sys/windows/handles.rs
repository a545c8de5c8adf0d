//! The public items that exist on Windows only: the handle traits and
//! `as_handle` of [`File`] and [`TextFile`].

use std::os::windows::io::{AsRawHandle, BorrowedHandle, RawHandle};

use crate::error::Result;
use crate::{File, TextFile};

impl File {
    /// The file's handle, borrowed: for calls that take one, such as
    /// `afile::os::fsync` and `afile::os::path::sameopenfile`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// let f = afile_core::open(dir.path().join("x"), "wb").await?;
    /// let handle = f.as_handle()?;
    /// # drop(handle); Ok(()) }
    /// ```
    pub fn as_handle(&self) -> Result<BorrowedHandle<'_>> {
        use std::os::windows::io::AsHandle;
        Ok(self.std_file()?.as_handle())
    }
}

/// The handle, or null once the file is closed (use [`File::fileno`] for
/// an error instead).
impl AsRawHandle for File {
    fn as_raw_handle(&self) -> RawHandle {
        self.std_file().map_or(std::ptr::null_mut(), |f| f.as_raw_handle())
    }
}

impl TextFile {
    /// The handle of the binary file below, borrowed (see
    /// [`File::as_handle`]).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// let t = afile_core::open_text(dir.path().join("t"), "w").await?;
    /// let handle = t.as_handle()?;
    /// # drop(handle); Ok(()) }
    /// ```
    pub fn as_handle(&self) -> Result<BorrowedHandle<'_>> {
        self.buffer().as_handle()
    }
}

/// The handle, or null once the file is closed.
impl AsRawHandle for TextFile {
    fn as_raw_handle(&self) -> RawHandle {
        self.buffer().as_raw_handle()
    }
}
