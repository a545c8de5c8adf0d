//! `scandir`: a stream of directory entries, fetched in batches.

use std::ffi::{OsStr, OsString};
use std::fs::{self, FileType, Metadata, ReadDir};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::task::{Context, Poll};

use afile_core::{Error, Executor, FaultOp, Op, Result};
use futures_core::Stream;

/// How many entries one executor hop reads.
const BATCH: usize = 512;

/// Lists the directory `path` as a [`Stream`] of [`DirEntry`], like
/// `os.scandir`. Entries arrive in directory order, many per executor hop,
/// and the next batch is read while this one is consumed; each knows its
/// type without another system call (except through a symlink). The
/// directory is opened at the first poll, so an error opening it (a
/// missing directory, CPython's `embedded null byte`) is the first item.
///
/// Iterate with the inherent [`ScanDir::next`] (Python's `for entry in
/// os.scandir(path)`), or with any [`Stream`] combinator
/// (`futures::StreamExt`, `tokio_stream::StreamExt`).
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?;
/// # std::fs::write(dir.path().join("f"), b"12345")?;
/// let mut entries = afile_os::scandir(dir.path()).prefetch_stat();
/// while let Some(entry) = entries.next().await {
///     let entry = entry?;
///     assert_eq!(entry.name(), "f");
///     assert!(entry.is_file(true).await?);
///     assert_eq!(entry.stat(true).await?.len(), 5); // fetched with the batch
/// }
/// # Ok(()) }
/// ```
pub fn scandir(path: impl AsRef<Path>) -> ScanDir {
    let path = path.as_ref().to_path_buf();
    // A NUL in the path: the first entry is CPython's error, with no hop.
    let (state, ready) = match crate::nul::check(&path) {
        Ok(()) => (State::Start, Vec::new()),
        Err(e) => (State::Done, vec![Err(e)]),
    };
    ScanDir { path, with_stat: false, state, ready: ready.into_iter() }
}

/// The stream returned by [`scandir`].
#[derive(Debug)]
#[must_use = "streams do nothing unless polled"]
pub struct ScanDir {
    path: PathBuf,
    with_stat: bool,
    state: State,
    ready: std::vec::IntoIter<Result<DirEntry>>,
}

type Batch = (Option<ReadDir>, Vec<Result<DirEntry>>);

#[derive(Debug)]
enum State {
    Start,
    Busy(Op<Batch>),
    Done,
}

impl ScanDir {
    /// Also fetches each entry's metadata in the batch that lists it, so
    /// [`DirEntry::stat`] needs no hop of its own, with or without
    /// `follow_symlinks` (CPython's `DirEntry` caches both): the `du` idiom
    /// `entry.stat(false)` is served from memory like `stat(true)`.
    ///
    /// Each entry costs one `fstatat(AT_SYMLINK_NOFOLLOW)` relative to the
    /// open directory (no path walk); a symlink costs one following `stat`
    /// more.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// # std::fs::write(dir.path().join("f"), b"12345")?;
    /// let mut total = 0;
    /// let mut entries = afile_os::scandir(dir.path()).prefetch_stat();
    /// while let Some(entry) = entries.next().await {
    ///     total += entry?.stat(false).await?.len(); // no hop: from the batch
    /// }
    /// assert_eq!(total, 5);
    /// # Ok(()) }
    /// ```
    pub fn prefetch_stat(mut self) -> Self {
        self.with_stat = true;
        self
    }

    /// The next entry, or `None` when the listing is done, so that `while
    /// let Some(entry) = entries.next().await` reads as Python's `for`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// std::fs::write(dir.path().join("only"), b"")?;
    /// let mut entries = afile_os::scandir(dir.path());
    /// assert_eq!(entries.next().await.transpose()?.map(|e| e.name().to_owned()), Some("only".into()));
    /// assert!(entries.next().await.is_none());
    /// # Ok(()) }
    /// ```
    ///
    /// The same listing through `futures::TryStreamExt`:
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// std::fs::write(dir.path().join("only"), b"")?;
    /// use futures::TryStreamExt;
    /// let entries: Vec<afile_os::DirEntry> = afile_os::scandir(dir.path()).try_collect().await?;
    /// assert_eq!(entries.len(), 1);
    /// # Ok(()) }
    /// ```
    pub async fn next(&mut self) -> Option<Result<DirEntry>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    fn start(&mut self, dir: Option<ReadDir>) {
        let (path, with_stat) = (self.path.clone(), self.with_stat);
        let executor = Executor::default();
        let hook = executor.clone();
        let op = executor.run("scandir", move || match hook.fault_point(FaultOp::Os) {
            Ok(()) => read_batch(&path, dir, with_stat),
            Err(e) => (None, vec![Err(Error::with_path(e, &path))]),
        });
        self.state = State::Busy(op);
    }
}

/// Opens the directory if needed and reads up to [`BATCH`] entries.
fn read_batch(path: &Path, dir: Option<ReadDir>, with_stat: bool) -> Batch {
    let mut dir = match dir {
        Some(d) => d,
        None => match fs::read_dir(path) {
            Ok(d) => d,
            Err(e) => return (None, vec![Err(Error::with_path(e, path))]),
        },
    };
    let mut out = Vec::with_capacity(BATCH);
    for _ in 0..BATCH {
        match dir.next() {
            None => return (None, out),
            Some(entry) => out
                .push(entry.and_then(|e| DirEntry::new(e, with_stat)).map_err(|e| Error::with_path(e, path))),
        }
    }
    (Some(dir), out)
}

impl Stream for ScanDir {
    type Item = Result<DirEntry>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(entry) = this.ready.next() {
                return Poll::Ready(Some(entry));
            }
            match std::mem::replace(&mut this.state, State::Done) {
                State::Start => this.start(None),
                State::Done => return Poll::Ready(None),
                State::Busy(mut op) => match Pin::new(&mut op).poll(cx) {
                    Poll::Pending => {
                        this.state = State::Busy(op);
                        return Poll::Pending;
                    }
                    Poll::Ready((dir, entries)) => {
                        this.ready = entries.into_iter();
                        // Read the next batch while this one is consumed.
                        match dir {
                            Some(dir) => this.start(Some(dir)),
                            None => this.state = State::Done,
                        }
                    }
                },
            }
        }
    }
}

use std::future::Future;

/// One entry of a [`scandir`] listing (`os.DirEntry`).
#[derive(Debug, Clone)]
pub struct DirEntry {
    name: OsString,
    path: PathBuf,
    file_type: FileType,
    ino: u64,
    /// Metadata fetched with the batch ([`ScanDir::prefetch_stat`]).
    prefetched: Option<Prefetched>,
}

type Fetched = std::result::Result<Metadata, std::io::ErrorKind>;

/// An entry's metadata from its batch.
#[derive(Debug, Clone)]
struct Prefetched {
    /// `lstat`: the entry itself.
    lstat: Fetched,
    /// For a symlink, `stat` through it; for anything else `lstat` is that.
    followed: Option<Fetched>,
}

impl Prefetched {
    fn get(&self, follow_symlinks: bool) -> &Fetched {
        match (follow_symlinks, &self.followed) {
            (true, Some(followed)) => followed,
            _ => &self.lstat,
        }
    }
}

impl DirEntry {
    fn new(entry: fs::DirEntry, with_stat: bool) -> std::io::Result<Self> {
        let file_type = entry.file_type()?;
        let path = entry.path();
        // `DirEntry::metadata` is `fstatat(AT_SYMLINK_NOFOLLOW)` relative to
        // the open directory (no path walk); only a symlink needs a second,
        // following `stat`.
        let prefetched = with_stat.then(|| Prefetched {
            lstat: entry.metadata().map_err(|e| e.kind()),
            followed: file_type.is_symlink().then(|| fs::metadata(&path).map_err(|e| e.kind())),
        });
        Ok(Self { name: entry.file_name(), path, file_type, ino: crate::sys::entry_ino(&entry), prefetched })
    }

    /// The entry's file name.
    ///
    /// ```
    /// # async fn f(entry: afile_os::DirEntry) {
    /// println!("{:?}", entry.name());
    /// # }
    /// ```
    pub fn name(&self) -> &OsStr {
        &self.name
    }

    /// The directory's path joined with the name.
    ///
    /// ```
    /// # async fn f(entry: afile_os::DirEntry) {
    /// println!("{}", entry.path().display());
    /// # }
    /// ```
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The inode number.
    ///
    /// ```
    /// # async fn f(entry: afile_os::DirEntry) {
    /// println!("{}", entry.inode());
    /// # }
    /// ```
    pub fn inode(&self) -> u64 {
        self.ino
    }

    /// Whether the entry itself is a symbolic link (no system call).
    ///
    /// ```
    /// # async fn f(entry: afile_os::DirEntry) {
    /// println!("{}", entry.is_symlink());
    /// # }
    /// ```
    pub fn is_symlink(&self) -> bool {
        self.file_type.is_symlink()
    }

    /// Whether the entry is a directory; with `follow_symlinks`, a symlink
    /// to a directory counts. As in CPython, a broken link is `Ok(false)`
    /// and any other failure to follow a link is an error: a symlink loop
    /// is `[Errno 40] Too many levels of symbolic links` (`ELOOP`).
    ///
    /// ```
    /// # async fn f(entry: afile_os::DirEntry) -> afile_core::Result<()> {
    /// if entry.is_dir(true).await? {
    ///     println!("{} is a directory", entry.path().display());
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn is_dir(&self, follow_symlinks: bool) -> Result<bool> {
        Ok(self.followed_type(follow_symlinks).await?.is_some_and(|t| t.is_dir()))
    }

    /// Whether the entry is a regular file; errors as [`DirEntry::is_dir`].
    ///
    /// ```
    /// # async fn f(entry: afile_os::DirEntry) -> afile_core::Result<()> {
    /// println!("{}", entry.is_file(false).await?);
    /// # Ok(()) }
    /// ```
    pub async fn is_file(&self, follow_symlinks: bool) -> Result<bool> {
        Ok(self.followed_type(follow_symlinks).await?.is_some_and(|t| t.is_file()))
    }

    /// The type, through a symlink if `follow`; `None` for a broken link
    /// (CPython's `DirEntry` turns only `FileNotFoundError` into `False`).
    async fn followed_type(&self, follow: bool) -> Result<Option<FileType>> {
        if !follow || !self.is_symlink() {
            return Ok(Some(self.file_type));
        }
        match self.stat(true).await {
            Ok(meta) => Ok(Some(meta.file_type())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The entry's metadata, following a symlink if `follow_symlinks`.
    /// Costs no hop, either way, when the listing was made with
    /// [`ScanDir::prefetch_stat`] (a failed prefetch is retried, to report
    /// the error with its path).
    ///
    /// ```
    /// # async fn f(entry: afile_os::DirEntry) -> afile_core::Result<()> {
    /// let size = entry.stat(true).await?.len();
    /// let link_itself = entry.stat(false).await?; // lstat
    /// # Ok(()) }
    /// ```
    pub async fn stat(&self, follow_symlinks: bool) -> Result<Metadata> {
        if let Some(Ok(meta)) = self.prefetched.as_ref().map(|p| p.get(follow_symlinks)) {
            return Ok(meta.clone());
        }
        if follow_symlinks { crate::stat(&self.path).await } else { crate::lstat(&self.path).await }
    }
}
