//! `walk`: a stream over a directory tree, like `os.walk`.

use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use afile_core::{Error, Executor, Op, Result};
use futures_core::Stream;

/// One directory of a [`walk`]: its path, the names of its subdirectories
/// (symlinks to directories included) and the names of everything else —
/// Python's `(dirpath, dirnames, filenames)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WalkEntry {
    /// The directory.
    pub dirpath: PathBuf,
    /// Names of its subdirectories, in directory order.
    pub dirnames: Vec<OsString>,
    /// Names of its other entries, in directory order.
    pub filenames: Vec<OsString>,
}

/// Walks the tree under `top` like `os.walk(top, topdown)`: with `topdown`
/// each directory comes before its subdirectories, otherwise after them.
/// Symlinks to directories are listed in `dirnames` but not entered;
/// directories that cannot be listed are skipped, as with `os.walk`'s
/// default `onerror=None`. One executor hop lists one whole directory.
///
/// Each item is a `Result`, as iterating `os.walk` can raise: a `top`
/// holding NUL is CPython's `ValueError: embedded null byte`, the first and
/// only item. Listing errors are not items (they are skipped, as above).
///
/// Iterate with the inherent [`Walk::next`], or with any [`Stream`]
/// combinator (`futures::TryStreamExt`, `tokio_stream::StreamExt`).
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let root = dir.path();
/// std::fs::create_dir_all(root.join("a/b"))?;
/// std::fs::write(root.join("a/f"), b"")?;
/// let mut walk = afile_os::walk(root.join("a"), true);
/// while let Some(dir) = walk.next().await {
///     let dir = dir?;
///     println!("{}: {:?} {:?}", dir.dirpath.display(), dir.dirnames, dir.filenames);
/// }
/// # Ok(()) }
/// ```
///
/// With `futures::TryStreamExt` (or `tokio_stream::StreamExt`):
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let root = dir.path();
/// std::fs::create_dir_all(root.join("a/b"))?;
/// std::fs::write(root.join("a/f"), b"")?;
/// use futures::TryStreamExt;
///
/// let dirs: Vec<_> = afile_os::walk(root.join("a"), true).try_collect().await?;
/// assert_eq!(dirs[0].dirnames, ["b"]);
/// assert_eq!(dirs[0].filenames, ["f"]);
/// # Ok(()) }
/// ```
pub fn walk(top: impl AsRef<Path>, topdown: bool) -> Walk {
    let top = top.as_ref().to_path_buf();
    let (error, todo) = match crate::nul::check(&top) {
        Ok(()) => (None, vec![top]),
        Err(e) => (Some(e), Vec::new()),
    };
    Walk { topdown, error, todo, frames: Vec::new(), listing: None }
}

/// The stream returned by [`walk`].
#[derive(Debug)]
#[must_use = "streams do nothing unless polled"]
pub struct Walk {
    topdown: bool,
    /// An error to report before anything else (a NUL in `top`).
    error: Option<Error>,
    /// Top-down: directories still to list.
    todo: Vec<PathBuf>,
    /// Bottom-up: listed directories whose subdirectories are being walked.
    frames: Vec<Frame>,
    listing: Option<Op<io::Result<Listing>>>,
}

#[derive(Debug)]
struct Frame {
    entry: WalkEntry,
    subdirs: Vec<PathBuf>,
}

#[derive(Debug)]
struct Listing {
    entry: WalkEntry,
    /// The subdirectories to enter (not symlinks), in directory order.
    subdirs: Vec<PathBuf>,
}

fn list(dir: PathBuf) -> io::Result<Listing> {
    let (mut dirnames, mut filenames, mut subdirs) = (Vec::new(), Vec::new(), Vec::new());
    for entry in fs::read_dir(&dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let is_dir =
            kind.is_dir() || (kind.is_symlink() && fs::metadata(entry.path()).is_ok_and(|m| m.is_dir()));
        if is_dir {
            if !kind.is_symlink() {
                subdirs.push(entry.path());
            }
            dirnames.push(entry.file_name());
        } else {
            filenames.push(entry.file_name());
        }
    }
    Ok(Listing { entry: WalkEntry { dirpath: dir, dirnames, filenames }, subdirs })
}

impl Walk {
    /// The next directory, or `None` when the walk is done, so that `while
    /// let Some(dir) = walk.next().await` reads as Python's `for dirpath,
    /// dirnames, filenames in os.walk(top)`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// let mut walk = afile_os::walk(dir.path(), true);
    /// let top = walk.next().await.expect("the top directory")?;
    /// assert_eq!(top.dirpath, dir.path());
    /// assert!(walk.next().await.is_none());
    /// let err = afile_os::walk("a\0b", true).next().await.expect("an error").unwrap_err();
    /// assert_eq!(err.to_string(), "embedded null byte");
    /// # Ok(()) }
    /// ```
    pub async fn next(&mut self) -> Option<Result<WalkEntry>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    fn start(&mut self, dir: PathBuf) {
        self.listing = Some(Executor::default().run("walk", move || list(dir)));
    }

    /// Waits for the directory being listed; `None` if it could not be.
    fn poll_listing(&mut self, cx: &mut Context<'_>) -> Poll<Option<Listing>> {
        let Some(op) = self.listing.as_mut() else { return Poll::Ready(None) };
        let result = ready!(Pin::new(op).poll(cx));
        self.listing = None;
        Poll::Ready(result.ok())
    }
}

use std::future::Future;

impl Stream for Walk {
    type Item = Result<WalkEntry>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<WalkEntry>>> {
        let this = self.get_mut();
        if let Some(e) = this.error.take() {
            return Poll::Ready(Some(Err(e)));
        }
        loop {
            if this.listing.is_some() {
                let listed = ready!(this.poll_listing(cx));
                let Some(Listing { entry, subdirs }) = listed else { continue };
                if this.topdown {
                    this.todo.extend(subdirs.into_iter().rev());
                    return Poll::Ready(Some(Ok(entry)));
                }
                this.frames.push(Frame { entry, subdirs: subdirs.into_iter().rev().collect() });
                continue;
            }
            if this.topdown {
                match this.todo.pop() {
                    Some(dir) => this.start(dir),
                    None => return Poll::Ready(None),
                }
                continue;
            }
            // Bottom-up: the top frame's next subdirectory, or the frame itself.
            if let Some(top) = this.todo.pop() {
                this.start(top);
                continue;
            }
            match this.frames.last_mut().map(|f| f.subdirs.pop()) {
                Some(Some(dir)) => this.start(dir),
                Some(None) => return Poll::Ready(this.frames.pop().map(|f| Ok(f.entry))),
                None => return Poll::Ready(None),
            }
        }
    }
}
