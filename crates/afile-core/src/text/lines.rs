//! `TextFile::lines()`: a stream of lines.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use super::TextFile;
use crate::error::Result;

type Pending<'a> = Pin<Box<dyn Future<Output = (&'a mut TextFile, Result<String>)> + Send + 'a>>;

/// The stream returned by [`TextFile::lines`].
#[must_use = "streams do nothing unless polled"]
pub struct TextLines<'a> {
    state: State<'a>,
}

enum State<'a> {
    Idle(&'a mut TextFile),
    Reading(Pending<'a>),
    Done,
}

impl std::fmt::Debug for TextLines<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TextLines").finish_non_exhaustive()
    }
}

impl TextFile {
    /// The remaining lines as a [`Stream`] of `String`, each keeping its
    /// terminator after newline translation. A line already decoded is
    /// returned at once; only a line that needs more bytes reads.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let p = dir.path().join("t");
    /// std::fs::write(&p, "a\r\nb\nc")?;
    /// use std::future::poll_fn;
    /// use std::pin::Pin;
    /// use futures_core::Stream;
    ///
    /// let mut f = afile_core::open_text(&p, "r").await?;
    /// let mut lines = f.lines();
    /// let mut seen = Vec::new();
    /// while let Some(line) = poll_fn(|cx| Pin::new(&mut lines).poll_next(cx)).await {
    ///     seen.push(line?);
    /// }
    /// assert_eq!(seen, ["a\n", "b\n", "c"]);
    /// # Ok(()) }
    /// ```
    pub fn lines(&mut self) -> TextLines<'_> {
        TextLines { state: State::Idle(self) }
    }
}

impl<'a> Stream for TextLines<'a> {
    type Item = Result<String>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            match std::mem::replace(&mut this.state, State::Done) {
                State::Done => return Poll::Ready(None),
                State::Idle(file) => {
                    if let Err(e) = file.check_readable() {
                        this.state = State::Idle(file);
                        return Poll::Ready(Some(Err(e)));
                    }
                    if let Some(end) = file.line_in_text(None) {
                        let line = file.take(end);
                        this.state = State::Idle(file);
                        return Poll::Ready(Some(Ok(line)));
                    }
                    this.state = State::Reading(Box::pin(async move {
                        let line = file.readline(None).await;
                        (file, line)
                    }));
                }
                State::Reading(mut fut) => match fut.as_mut().poll(cx) {
                    Poll::Pending => {
                        this.state = State::Reading(fut);
                        return Poll::Pending;
                    }
                    Poll::Ready((file, line)) => {
                        this.state = State::Idle(file);
                        return Poll::Ready(match line {
                            Ok(l) if l.is_empty() => None,
                            other => Some(other),
                        });
                    }
                },
            }
        }
    }
}
