//! `seek(offset, os.SEEK_DATA)` and `seek(offset, os.SEEK_HOLE)`: the two
//! whence values CPython's buffered files pass to `lseek` that
//! [`SeekFrom`](std::io::SeekFrom) has no form for. The public methods are
//! Unix-only, as the constants are in CPython; they sit with the platform's
//! other public items (`sys/unix/handles.rs`) and call this.

use std::future::poll_fn;
use std::io::SeekFrom;

use super::File;
use super::engine::Other;
use crate::error::Result;
use crate::sys::{self, Sparse};

impl File {
    /// Flushes, seeks with `SEEK_DATA`/`SEEK_HOLE` on the executor, and
    /// moves the logical position there (used where the public methods
    /// exist: Unix).
    #[allow(dead_code)]
    pub(crate) async fn seek_sparse(&mut self, whence: Sparse) -> Result<u64> {
        self.check_seek()?;
        poll_fn(|cx| self.poll_flush_buf(cx)).await?;
        self.start_other(Other::Seek, move |raw| sys::seek_sparse(&raw.file, whence))?;
        let at = poll_fn(|cx| self.poll_other(cx, Other::Seek)).await?;
        self.seek(SeekFrom::Start(at)).await
    }
}
