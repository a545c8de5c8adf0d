//! Closing: `close`, and `close_and` (work after the close in the same hop).
//! Where `close(2)` runs is decided here: in the task for a read-only
//! regular file its file system lets close there, else on the executor, with
//! the final write-out in the same job.

use std::future::poll_fn;
use std::sync::Arc;

use super::File;
use crate::error::{Error, Result};

impl File {
    /// Flushes and closes the file. Calling it again does nothing. If the
    /// flush fails, the file is closed anyway and the error returned, as in
    /// CPython.
    ///
    /// # Errors
    ///
    /// A failed flush, else what `close(2)` reports: network file systems
    /// report delayed write errors there (`EIO`, `EDQUOT`), and a descriptor
    /// closed behind the file's back gives `EBADF`. Dropping the file instead
    /// cannot report either.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("x");
    /// let mut f = afile_core::open(&path, "wb").await?;
    /// f.close().await?;
    /// f.close().await?;
    /// assert_eq!(f.read(1).await.unwrap_err().to_string(), "read");
    /// assert_eq!(f.write(b"x").await.unwrap_err().to_string(), "write to closed file");
    /// # Ok(()) }
    /// ```
    pub async fn close(&mut self) -> Result<()> {
        self.close_inner(None).await
    }

    /// Closes the file as [`close`](File::close) does, then runs `after`
    /// on the executor in the same hop as the final write-out and
    /// `close(2)`: for work that must follow the close, such as removing a
    /// temporary file, without a hop of its own. `after` runs whether or
    /// not the close succeeded; on a file already closed it does not run.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("x");
    /// let mut f = afile_core::open(&path, "wb").await?;
    /// f.write(b"scratch").await?;
    /// let gone = path.clone();
    /// f.close_and(move || drop(std::fs::remove_file(gone))).await?;
    /// assert!(!path.exists());
    /// # Ok(()) }
    /// ```
    pub async fn close_and(&mut self, after: impl FnOnce() + Send + 'static) -> Result<()> {
        self.close_inner(Some(Box::new(after))).await
    }

    async fn close_inner(&mut self, after: Option<Box<dyn FnOnce() + Send>>) -> Result<()> {
        if self.closed() {
            return Ok(());
        }
        // Idle with bytes buffered (the usual end of a written file): the
        // write-out goes into the same hop as `close(2)`.
        let idle = self.inflight.is_none() && self.write_error.is_none() && !self.stuck;
        let (res, pending) = if idle && !self.wbuf.is_empty() {
            (Ok(()), Some((std::mem::take(&mut self.wbuf), self.wstart)))
        } else {
            (poll_fn(|cx| self.poll_flush_buf(cx)).await, None)
        };
        self.wbuf.clear();
        self.write_error = None;
        self.stuck = false;
        self.read.clear();
        let raw = match self.raw.take().map(Arc::try_unwrap) {
            Some(Ok(raw)) => raw,
            // Nothing is in flight after the flush, so the descriptor has
            // no other owner; if it had, that owner closes it.
            Some(Err(_)) | None => {
                if let Some(after) = after {
                    self.executor.run("close", after).await;
                }
                return res;
            }
        };
        // A read-only regular file on a local file system closes in the
        // task: its `close(2)` does no I/O (see `Raw::close_in_task`).
        let raw = match (&pending, &after, self.mode.writable()) {
            (None, None, false) => match raw.close_in_task() {
                Ok(closed) => return res.and(closed.map_err(Error::from)),
                Err(raw) => raw,
            },
            _ => raw,
        };
        // On the executor: close(2) of a written file, or of one on FUSE or
        // NFS, waits for the file system (a FUSE server's flush, an NFS
        // server's delayed writes), and the runtime thread never waits on I/O.
        let closed = self
            .executor
            .run("close", move || {
                let written = match pending {
                    Some((data, at)) => raw.flush_point().and_then(|()| raw.write_all(at, &data).1.map(drop)),
                    None => Ok(()),
                };
                let closed = raw.close();
                if let Some(after) = after {
                    after();
                }
                written.and(closed)
            })
            .await;
        res.and(closed.map_err(Error::from))
    }
}
