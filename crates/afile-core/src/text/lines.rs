//! `TextFile::lines()`: a stream of lines.

use std::pin::Pin;
use std::task::{Context, Poll, ready};

use futures_core::Stream;

use super::TextFile;
use crate::error::Result;

/// The stream returned by [`TextFile::lines`].
///
/// It holds nothing but the borrow of the file (no boxed future, no drop
/// glue), so the file is usable again as soon as the stream is last used:
/// `let mut lines = f.lines(); while … {}; f.close().await?` compiles.
#[derive(Debug)]
#[must_use = "streams do nothing unless polled"]
pub struct TextLines<'a> {
    file: &'a mut TextFile,
}

impl TextFile {
    /// The remaining lines, each keeping its terminator after newline
    /// translation: Python's `async for line in f`. A line already decoded
    /// is returned at once; only a line that needs more bytes reads.
    ///
    /// Iterate with the inherent [`TextLines::next`], or with any
    /// [`Stream`] combinator (`futures::StreamExt`, `tokio_stream::StreamExt`).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let p = dir.path().join("t");
    /// std::fs::write(&p, "a\r\nb\nc")?;
    /// let mut f = afile_core::open_text(&p, "r").await?;
    /// let mut lines = f.lines();
    /// let mut seen = Vec::new();
    /// while let Some(line) = lines.next().await {
    ///     seen.push(line?);
    /// }
    /// assert_eq!(seen, ["a\n", "b\n", "c"]);
    /// # Ok(()) }
    /// ```
    ///
    /// With `tokio_stream::StreamExt` (or `futures::StreamExt`) the
    /// combinators work too:
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let p = dir.path().join("t");
    /// std::fs::write(&p, "keep\nskip\nkeep too\n")?;
    /// use tokio_stream::StreamExt;
    ///
    /// let mut f = afile_core::open_text(&p, "r").await?;
    /// let mut kept = f.lines().filter(|l| l.as_ref().is_ok_and(|l| l.starts_with("keep")));
    /// let mut n = 0;
    /// while let Some(line) = kept.next().await {
    ///     line?;
    ///     n += 1;
    /// }
    /// assert_eq!(n, 2);
    /// # Ok(()) }
    /// ```
    ///
    /// A `TextFile` is not tokio's `AsyncBufRead`, so `f.lines()` is
    /// afile's whatever tokio traits are in scope:
    ///
    /// ```
    /// # async fn f(path: &std::path::Path) -> afile_core::Result<()> {
    /// use tokio::io::AsyncBufReadExt;
    ///
    /// let mut f = afile_core::open_text(path, "r").await?;
    /// let mut lines = f.lines();
    /// while let Some(line) = lines.next().await {
    ///     line?;
    /// }
    /// f.close().await?;
    /// # Ok(()) }
    /// ```
    pub fn lines(&mut self) -> TextLines<'_> {
        TextLines { file: self }
    }
}

impl TextLines<'_> {
    /// The next line, or `None` at end of file, so that `while let
    /// Some(line) = lines.next().await` reads as Python's `async for`.
    /// Cancel-safe: a dropped call consumed nothing.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let p = dir.path().join("t");
    /// std::fs::write(&p, "one\ntwo\n")?;
    /// let mut f = afile_core::open_text(&p, "r").await?;
    /// let mut lines = f.lines();
    /// assert_eq!(lines.next().await.transpose()?.as_deref(), Some("one\n"));
    /// # Ok(()) }
    /// ```
    pub async fn next(&mut self) -> Option<Result<String>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl Stream for TextLines<'_> {
    type Item = Result<String>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let file = &mut *self.get_mut().file;
        if let Err(e) = file.check_readable() {
            return Poll::Ready(Some(Err(e)));
        }
        let mut line = String::new();
        match ready!(file.poll_line(cx, &mut line)) {
            Ok(0) => Poll::Ready(None),
            Ok(_) => Poll::Ready(Some(Ok(line))),
            Err(e) => Poll::Ready(Some(Err(e))),
        }
    }
}
