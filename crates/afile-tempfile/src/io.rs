//! tokio's I/O traits for [`TemporaryFile`], [`NamedTemporaryFile`] and
//! [`AtomicFile`]:
//! each forwards to the file inside, so `tokio::io::copy`, codecs and
//! `BufReader` take a temporary file as they take an [`afile_core::File`].
//! (The spooled file has its own, which check the size.)

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncBufRead, AsyncRead, AsyncSeek, AsyncWrite, ReadBuf};

use crate::{AtomicFile, NamedTemporaryFile, TemporaryFile};

macro_rules! forward_tokio_io {
    ($ty:ty $(, $f:ident)?) => {
        impl<$($f: AsyncRead + Unpin)?> AsyncRead for $ty {
            fn poll_read(
                self: Pin<&mut Self>,
                cx: &mut Context<'_>,
                buf: &mut ReadBuf<'_>,
            ) -> Poll<io::Result<()>> {
                Pin::new(&mut **self.get_mut()).poll_read(cx, buf)
            }
        }

        impl<$($f: AsyncBufRead + Unpin)?> AsyncBufRead for $ty {
            fn poll_fill_buf(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<&[u8]>> {
                Pin::new(&mut **self.get_mut()).poll_fill_buf(cx)
            }

            fn consume(self: Pin<&mut Self>, amt: usize) {
                Pin::new(&mut **self.get_mut()).consume(amt)
            }
        }

        impl<$($f: AsyncWrite + Unpin)?> AsyncWrite for $ty {
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

        impl<$($f: AsyncSeek + Unpin)?> AsyncSeek for $ty {
            fn start_seek(self: Pin<&mut Self>, position: io::SeekFrom) -> io::Result<()> {
                Pin::new(&mut **self.get_mut()).start_seek(position)
            }

            fn poll_complete(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<u64>> {
                Pin::new(&mut **self.get_mut()).poll_complete(cx)
            }
        }
    };
}

forward_tokio_io!(TemporaryFile<F>, F);
forward_tokio_io!(NamedTemporaryFile<F>, F);
forward_tokio_io!(AtomicFile);

/// afile's own `read`, `write`, `flush` and `seek` as inherent methods of a
/// temporary type that holds a [`File`](afile_core::File), so they win over
/// the same names of tokio's extension traits (`AsyncWriteExt::write`, …)
/// when those are in scope: implementing tokio's traits on the wrapper must
/// not change what `f.write(b"…")` means. (`lines` cannot be defended this
/// way: tokio's `AsyncBufReadExt::lines` takes `self` by value, which Rust
/// tries first; with it in scope write `File::lines(&mut f)`.) `$setup` is
/// the doc examples' setup ending in `let mut f = …;`.
macro_rules! afile_methods_first {
    ($ty:ty, $setup:literal) => {
        impl $ty {
            /// Writes all of `data`: [`File::write`](afile_core::File::write),
            /// also when tokio's `AsyncWriteExt` is in scope.
            ///
            #[doc = concat!(
                        "```\n# #[tokio::main] async fn main() -> afile_core::Result<()> {\n",
                        $setup,
                        "\nuse tokio::io::AsyncWriteExt;\n",
                        "let n: afile_core::Result<usize> = f.write(b\"abc\").await; // afile's\n",
                        "assert_eq!(n?, 3);\n# Ok(()) }\n```"
                    )]
            pub async fn write(&mut self, data: &[u8]) -> afile_core::Result<usize> {
                afile_core::File::write(self, data).await
            }

            /// Writes out what is buffered:
            /// [`File::flush`](afile_core::File::flush).
            ///
            #[doc = concat!(
                        "```\n# #[tokio::main] async fn main() -> afile_core::Result<()> {\n",
                        $setup,
                        "\nf.write(b\"abc\").await?;\nf.flush().await?;\n# Ok(()) }\n```"
                    )]
            pub async fn flush(&mut self) -> afile_core::Result<()> {
                afile_core::File::flush(self).await
            }

            /// Moves the position: [`File::seek`](afile_core::File::seek).
            ///
            #[doc = concat!(
                        "```\n# #[tokio::main] async fn main() -> afile_core::Result<()> {\n",
                        $setup,
                        "\nf.write(b\"abc\").await?;\n",
                        "assert_eq!(f.seek(std::io::SeekFrom::Current(-1)).await?, 2);\n# Ok(()) }\n```"
                    )]
            pub async fn seek(&mut self, pos: std::io::SeekFrom) -> afile_core::Result<u64> {
                afile_core::File::seek(self, pos).await
            }

            /// Reads up to `size` bytes (`None`: to end of file):
            /// [`File::read`](afile_core::File::read).
            ///
            #[doc = concat!(
                        "```\n# #[tokio::main] async fn main() -> afile_core::Result<()> {\n",
                        $setup,
                        "\nf.write(b\"abc\").await?;\nf.seek(std::io::SeekFrom::Start(1)).await?;\n",
                        "let rest = f.read(None).await?;\n# let _ = rest;\n# Ok(()) }\n```"
                    )]
            pub async fn read(&mut self, size: impl Into<Option<usize>>) -> afile_core::Result<bytes::Bytes> {
                afile_core::File::read(self, size).await
            }
        }
    };
}

afile_methods_first!(TemporaryFile, "let mut f = afile_tempfile::TemporaryFile::new().await?;");
afile_methods_first!(NamedTemporaryFile, "let mut f = afile_tempfile::NamedTemporaryFile::new().await?;");
afile_methods_first!(
    AtomicFile,
    "# let d = tempfile::tempdir()?;\nlet mut f = afile_tempfile::AtomicWrite::new(d.path().join(\"x\")).open().await?;"
);
