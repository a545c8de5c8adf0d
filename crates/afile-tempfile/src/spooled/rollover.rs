//! The rollover of a spooled file: the copy to disk runs as a future kept in
//! the object, so a caller that is cancelled (a dropped write future, a
//! `poll_write` that returned `Pending`) loses nothing, and the next call
//! goes on with it. The memory file is not written while the copy runs.

use std::future::{Future, poll_fn};
use std::io::SeekFrom;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use afile_core::{File, Result};
use tokio::io::{AsyncSeek, AsyncWrite};

use super::SpooledTemporaryFile;
use crate::builder::Place;

/// The disk copy of a rollover in progress: resolves to the new file,
/// positioned where the memory file was.
pub(super) struct Rolling(pub(super) Pin<Box<dyn Future<Output = Result<File>> + Send + Sync>>);

impl std::fmt::Debug for Rolling {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Rolling")
    }
}

impl<F> SpooledTemporaryFile<F> {
    /// Starts copying the memory file (`src`, a duplicate of its
    /// descriptor) to a new temporary file on disk, on this object's
    /// executor; the result is positioned at `pos` when given.
    pub(super) fn start_copy(&self, src: std::fs::File, pos: Option<u64>) -> Rolling {
        let (common, text) = (self.common.clone(), self.text.is_some());
        Rolling(Box::pin(async move {
            let (mut disk, _) = common.open(Place::Unnamed, text).await?;
            let mut dst = disk.try_clone_std()?;
            common
                .executor
                .run("rollover", move || {
                    let mut src = src;
                    std::io::Seek::seek(&mut src, SeekFrom::Start(0))?;
                    std::io::copy(&mut src, &mut dst).map(drop).map_err(afile_core::Error::from)
                })
                .await?;
            if let Some(pos) = pos {
                disk.seek(SeekFrom::Start(pos)).await?;
            }
            Ok(disk)
        }))
    }
}

impl SpooledTemporaryFile<File> {
    /// Finishes a rollover under way, if any.
    pub(super) async fn settle(&mut self) -> Result<()> {
        poll_fn(|cx| self.poll_settle(cx)).await
    }

    /// Drives a rollover under way to its end and adopts the file on disk
    /// (with a seek that waited for it).
    pub(super) fn poll_settle(&mut self, cx: &mut Context<'_>) -> Poll<Result<()>> {
        let Some(rolling) = &mut self.rolling else { return Poll::Ready(Ok(())) };
        let disk = ready!(rolling.0.as_mut().poll(cx));
        self.rolling = None;
        self.file = disk?;
        self.rolled = true;
        if let Some(target) = self.seek.take() {
            Pin::new(&mut self.file).start_seek(target)?;
        }
        Poll::Ready(Ok(()))
    }

    /// Moves the data to disk: flushes the memory file, starts the copy
    /// (kept in `self`, so a cancelled caller loses nothing and the next
    /// call goes on with it), and adopts the result.
    pub(super) fn poll_rollover(&mut self, cx: &mut Context<'_>) -> Poll<Result<()>> {
        if self.rolled {
            return Poll::Ready(Ok(()));
        }
        if self.rolling.is_none() {
            ready!(Pin::new(&mut self.file).poll_flush(cx))?;
            let pos = ready!(Pin::new(&mut self.file).poll_complete(cx))?;
            let src = self.file.try_clone_std()?;
            self.rolling = Some(self.start_copy(src, Some(pos)));
        }
        self.poll_settle(cx)
    }

    /// Before writing `len` bytes: finishes a rollover under way, then
    /// rolls over if the write would take the position past `max_size`.
    pub(super) fn poll_make_room(&mut self, cx: &mut Context<'_>, len: usize) -> Poll<Result<()>> {
        ready!(self.poll_settle(cx))?;
        if self.rolled || self.common.max_size == 0 {
            return Poll::Ready(Ok(()));
        }
        let pos = ready!(Pin::new(&mut self.file).poll_complete(cx))?;
        if self.over(pos.saturating_add(len as u64)) {
            ready!(self.poll_rollover(cx))?;
        }
        Poll::Ready(Ok(()))
    }
}
