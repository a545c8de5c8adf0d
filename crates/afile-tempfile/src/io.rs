//! tokio's I/O traits for [`TemporaryFile`] and [`NamedTemporaryFile`]:
//! each forwards to the file inside, so `tokio::io::copy`, codecs and
//! `BufReader` take a temporary file as they take an [`afile_core::File`].
//! (The spooled file has its own, which check the size.)

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncBufRead, AsyncRead, AsyncSeek, AsyncWrite, ReadBuf};

use crate::{NamedTemporaryFile, TemporaryFile};

macro_rules! forward_tokio_io {
    ($ty:ident) => {
        impl<F: AsyncRead + Unpin> AsyncRead for $ty<F> {
            fn poll_read(
                self: Pin<&mut Self>,
                cx: &mut Context<'_>,
                buf: &mut ReadBuf<'_>,
            ) -> Poll<io::Result<()>> {
                Pin::new(&mut **self.get_mut()).poll_read(cx, buf)
            }
        }

        impl<F: AsyncBufRead + Unpin> AsyncBufRead for $ty<F> {
            fn poll_fill_buf(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<&[u8]>> {
                Pin::new(&mut **self.get_mut()).poll_fill_buf(cx)
            }

            fn consume(self: Pin<&mut Self>, amt: usize) {
                Pin::new(&mut **self.get_mut()).consume(amt)
            }
        }

        impl<F: AsyncWrite + Unpin> AsyncWrite for $ty<F> {
            fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
                Pin::new(&mut **self.get_mut()).poll_write(cx, buf)
            }

            fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
                Pin::new(&mut **self.get_mut()).poll_flush(cx)
            }

            fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
                Pin::new(&mut **self.get_mut()).poll_shutdown(cx)
            }
        }

        impl<F: AsyncSeek + Unpin> AsyncSeek for $ty<F> {
            fn start_seek(self: Pin<&mut Self>, position: io::SeekFrom) -> io::Result<()> {
                Pin::new(&mut **self.get_mut()).start_seek(position)
            }

            fn poll_complete(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<u64>> {
                Pin::new(&mut **self.get_mut()).poll_complete(cx)
            }
        }
    };
}

forward_tokio_io!(TemporaryFile);
forward_tokio_io!(NamedTemporaryFile);
