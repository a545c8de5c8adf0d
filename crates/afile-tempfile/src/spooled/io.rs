//! tokio's I/O traits for the binary spooled file. Every write goes through
//! the size check; every call first finishes a rollover under way.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use afile_core::File;
use tokio::io::{AsyncBufRead, AsyncRead, AsyncSeek, AsyncWrite, ReadBuf};

use super::SpooledTemporaryFile;

impl AsyncRead for SpooledTemporaryFile<File> {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_settle(cx))?;
        Pin::new(&mut this.file).poll_read(cx, buf)
    }
}

impl AsyncBufRead for SpooledTemporaryFile<File> {
    fn poll_fill_buf(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<&[u8]>> {
        let this = self.get_mut();
        ready!(this.poll_settle(cx))?;
        Pin::new(&mut this.file).poll_fill_buf(cx)
    }

    fn consume(self: Pin<&mut Self>, amt: usize) {
        Pin::new(&mut self.get_mut().file).consume(amt)
    }
}

impl AsyncWrite for SpooledTemporaryFile<File> {
    /// Rolls over first when the write would take the position past
    /// `max_size`; while the rollover runs nothing is accepted.
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        ready!(this.poll_make_room(cx, buf.len()))?;
        Pin::new(&mut this.file).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_settle(cx))?;
        Pin::new(&mut this.file).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_settle(cx))?;
        Pin::new(&mut this.file).poll_shutdown(cx)
    }
}

impl AsyncSeek for SpooledTemporaryFile<File> {
    fn start_seek(self: Pin<&mut Self>, position: io::SeekFrom) -> io::Result<()> {
        let this = self.get_mut();
        if this.rolling.is_some() {
            // For the file the rollover gives; started when it is adopted.
            this.seek = Some(position);
            return Ok(());
        }
        Pin::new(&mut this.file).start_seek(position)
    }

    fn poll_complete(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<u64>> {
        let this = self.get_mut();
        ready!(this.poll_settle(cx))?;
        Pin::new(&mut this.file).poll_complete(cx)
    }
}
