//! A FUSE file system for afile's tests: an in-memory directory of files,
//! mounted inside a test's own temporary directory, whose operations can be
//! made to stall or to fail with a chosen errno while the test runs.
//!
//! It answers the questions a real disk cannot be made to ask on demand:
//! does afile's runtime keep running while a file system stalls, and does an
//! `EIO` or `ENOSPC` from storage reach the right call?
//!
//! Mounting needs root and `/dev/fuse`; [`TestFs::mount_or_skip`] prints why
//! a test skips when either is missing. The mount is made with `mount(2)`
//! directly (no `fusermount3`), and undone on drop — lazily if a file is still
//! open — so a failing test leaves no mount behind.
//!
//! ```no_run
//! use std::time::Duration;
//! use afile_testfs::{Op, TestFs};
//!
//! let dir = tempfile::tempdir()?;
//! let Some(fs) = TestFs::mount_or_skip(dir.path(), "doc example") else { return Ok(()) };
//! fs.insert("data.bin", b"hello".to_vec());
//! fs.stall(Op::Read, Duration::from_millis(200));
//! fs.fail_nth(Op::Write, 1, libc::ENOSPC);
//! assert_eq!(std::fs::read(fs.path().join("data.bin"))?, b"hello");
//! # Ok::<(), std::io::Error>(())
//! ```

// FUSE, and the in-task rules it checks, are Linux's: nothing to build elsewhere.
#![cfg(target_os = "linux")]

mod controls;
mod mount;
mod server;
mod tree;

use std::ffi::OsStr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use controls::Op;

use controls::{Controls, lock};
use tree::Tree;

/// A mounted test file system; unmounted when dropped.
///
/// ```no_run
/// let dir = tempfile::tempdir()?;
/// if let Some(fs) = afile_testfs::TestFs::mount_or_skip(dir.path(), "example") {
///     fs.insert("a", b"x".to_vec());
///     assert!(fs.path().join("a").exists());
/// }
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct TestFs {
    tree: Arc<Mutex<Tree>>,
    controls: Arc<Controls>,
    mount: mount::Mounted,
}

/// How the kernel treats the mount.
///
/// ```
/// use std::time::Duration;
/// let o = afile_testfs::MountOptions { direct_io: true, cache_ttl: Duration::ZERO };
/// assert_eq!(o, afile_testfs::MountOptions { direct_io: true, ..Default::default() });
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MountOptions {
    /// Bypass the page cache: every `read(2)`/`write(2)` is one request, and
    /// a read error keeps its errno (through the page cache it is `EIO`).
    pub direct_io: bool,
    /// How long the kernel may cache names and attributes. Zero (the
    /// default) sends every path walk to `lookup`; a long one lets a
    /// cached lookup (`openat2(RESOLVE_CACHED)`) succeed while the `open`
    /// request itself still goes to the server.
    pub cache_ttl: std::time::Duration,
}

/// Why a test file system could not be mounted here: not root, no
/// `/dev/fuse`, or `mount(2)` refused.
///
/// ```
/// let why = afile_testfs::Unavailable("not root".into());
/// assert_eq!(why.to_string(), "FUSE unavailable: not root");
/// ```
#[derive(Debug)]
pub struct Unavailable(pub String);

impl std::fmt::Display for Unavailable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FUSE unavailable: {}", self.0)
    }
}

impl std::error::Error for Unavailable {}

impl TestFs {
    /// Mounts an empty file system at `parent/mnt` (created), going through
    /// the page cache as a normal FUSE file system does.
    ///
    /// # Errors
    /// [`Unavailable`] when not root, without `/dev/fuse`, or when the mount
    /// fails.
    ///
    /// ```no_run
    /// let dir = tempfile::tempdir()?;
    /// match afile_testfs::TestFs::mount(dir.path()) {
    ///     Ok(fs) => println!("mounted at {}", fs.path().display()),
    ///     Err(why) => println!("skipped: {why}"),
    /// }
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn mount(parent: &Path) -> Result<TestFs, Unavailable> {
        Self::mount_with(parent, MountOptions::default())
    }

    /// Mounts like [`TestFs::mount`], but with `direct_io`: no page cache, so
    /// every `read(2)`/`write(2)` is one request to the server, and a read
    /// error keeps its own errno (the page cache turns them all into `EIO`).
    ///
    /// # Errors
    /// As [`TestFs::mount`].
    ///
    /// ```no_run
    /// let dir = tempfile::tempdir()?;
    /// let fs = afile_testfs::TestFs::mount_direct_io(dir.path());
    /// assert!(fs.is_ok() || fs.is_err());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn mount_direct_io(parent: &Path) -> Result<TestFs, Unavailable> {
        Self::mount_with(parent, MountOptions { direct_io: true, ..MountOptions::default() })
    }

    /// Mounts (as [`TestFs::mount`]) or prints why `test` skips and returns
    /// `None`.
    ///
    /// ```no_run
    /// let dir = tempfile::tempdir()?;
    /// let Some(fs) = afile_testfs::TestFs::mount_or_skip(dir.path(), "my_test") else { return Ok(()) };
    /// # drop(fs);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn mount_or_skip(parent: &Path, test: &str) -> Option<TestFs> {
        skip_reason(test, Self::mount(parent))
    }

    /// [`TestFs::mount_direct_io`], or prints why `test` skips.
    ///
    /// ```no_run
    /// let dir = tempfile::tempdir()?;
    /// let fs = afile_testfs::TestFs::mount_direct_io_or_skip(dir.path(), "my_test");
    /// # drop(fs);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn mount_direct_io_or_skip(parent: &Path, test: &str) -> Option<TestFs> {
        skip_reason(test, Self::mount_direct_io(parent))
    }

    /// Mounts with the given [`MountOptions`], or prints why `test` skips.
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// use afile_testfs::{MountOptions, TestFs};
    /// let dir = tempfile::tempdir()?;
    /// let cached = MountOptions { cache_ttl: Duration::from_secs(60), ..MountOptions::default() };
    /// let fs = TestFs::mount_with_or_skip(dir.path(), cached, "my_test");
    /// # drop(fs);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn mount_with_or_skip(parent: &Path, options: MountOptions, test: &str) -> Option<TestFs> {
        skip_reason(test, Self::mount_with(parent, options))
    }

    /// Mounts at `parent/mnt` with the given [`MountOptions`].
    ///
    /// # Errors
    /// As [`TestFs::mount`].
    ///
    /// ```no_run
    /// let dir = tempfile::tempdir()?;
    /// let fs = afile_testfs::TestFs::mount_with(dir.path(), Default::default());
    /// # drop(fs);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn mount_with(parent: &Path, options: MountOptions) -> Result<TestFs, Unavailable> {
        let tree = Arc::new(Mutex::new(Tree::default()));
        let controls = Arc::new(Controls::new());
        let server = server::Server { tree: tree.clone(), controls: controls.clone(), options };
        let mount = mount::Mounted::new(server, &parent.join("mnt"), controls.clone())?;
        Ok(TestFs { tree, controls, mount })
    }

    /// The mount point.
    ///
    /// ```no_run
    /// # let dir = tempfile::tempdir()?;
    /// # let fs = afile_testfs::TestFs::mount(dir.path()).unwrap();
    /// let path = fs.path().join("file");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn path(&self) -> &Path {
        self.mount.path()
    }

    /// Creates or replaces the file `name` with `data`.
    ///
    /// ```no_run
    /// # let dir = tempfile::tempdir()?;
    /// # let fs = afile_testfs::TestFs::mount(dir.path()).unwrap();
    /// fs.insert("a.txt", b"one\ntwo\n".to_vec());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn insert(&self, name: impl AsRef<OsStr>, data: Vec<u8>) {
        lock(&self.tree).insert(name.as_ref(), data);
    }

    /// What the server holds for `name` (what reached "storage").
    ///
    /// ```no_run
    /// # let dir = tempfile::tempdir()?;
    /// # let fs = afile_testfs::TestFs::mount(dir.path()).unwrap();
    /// std::fs::write(fs.path().join("b"), b"xy")?;
    /// assert_eq!(fs.contents("b").as_deref(), Some(&b"xy"[..]));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn contents(&self, name: impl AsRef<OsStr>) -> Option<Vec<u8>> {
        lock(&self.tree).contents(name.as_ref())
    }

    /// Makes every later `op` stall for `delay` before it is answered
    /// (`Duration::ZERO` ends the stalls).
    ///
    /// ```no_run
    /// # let dir = tempfile::tempdir()?;
    /// # let fs = afile_testfs::TestFs::mount(dir.path()).unwrap();
    /// fs.stall(afile_testfs::Op::Open, std::time::Duration::from_millis(200));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn stall(&self, op: Op, delay: Duration) {
        self.controls.set_delay(op, delay);
    }

    /// Makes the `n`-th `op` from now (1 = the next one) fail with `errno`.
    ///
    /// ```no_run
    /// # let dir = tempfile::tempdir()?;
    /// # let fs = afile_testfs::TestFs::mount(dir.path()).unwrap();
    /// fs.fail_nth(afile_testfs::Op::Read, 2, libc::EIO);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn fail_nth(&self, op: Op, n: u64, errno: i32) {
        self.controls.fail_nth(op, n, errno);
    }

    /// Makes every later `op` fail with `errno`.
    ///
    /// ```no_run
    /// # let dir = tempfile::tempdir()?;
    /// # let fs = afile_testfs::TestFs::mount(dir.path()).unwrap();
    /// fs.fail_every(afile_testfs::Op::Write, libc::ENOSPC);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn fail_every(&self, op: Op, errno: i32) {
        self.controls.fail_every(op, errno);
    }

    /// Ends the stall and the planned failure of `op`.
    ///
    /// ```no_run
    /// # let dir = tempfile::tempdir()?;
    /// # let fs = afile_testfs::TestFs::mount(dir.path()).unwrap();
    /// fs.fail_every(afile_testfs::Op::Write, libc::ENOSPC);
    /// fs.reset(afile_testfs::Op::Write);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn reset(&self, op: Op) {
        self.controls.reset(op);
    }

    /// How many `op` requests the server has received.
    ///
    /// ```no_run
    /// # let dir = tempfile::tempdir()?;
    /// # let fs = afile_testfs::TestFs::mount(dir.path()).unwrap();
    /// println!("{} reads", fs.calls(afile_testfs::Op::Read));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn calls(&self, op: Op) -> u64 {
        self.controls.calls(op)
    }

    /// How many `op` requests the server has failed on purpose.
    ///
    /// ```no_run
    /// # let dir = tempfile::tempdir()?;
    /// # let fs = afile_testfs::TestFs::mount(dir.path()).unwrap();
    /// println!("{} writes failed", fs.failures(afile_testfs::Op::Write));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn failures(&self, op: Op) -> u64 {
        self.controls.failures(op)
    }
}

impl TestFs {
    /// The thread ids (as `gettid` gives them) of every thread that has
    /// made an `op` request: the kernel waits on the server in that thread.
    /// A test that knows its runtime threads' ids can show that none of them
    /// ever waited on this file system.
    ///
    /// ```no_run
    /// # let dir = tempfile::tempdir()?;
    /// # let fs = afile_testfs::TestFs::mount(dir.path()).unwrap();
    /// # fs.insert("a", vec![1]);
    /// std::fs::read(fs.path().join("a"))?;
    /// // SAFETY: gettid has no preconditions.
    /// let me = unsafe { libc::gettid() } as u32;
    /// assert!(fs.requesters(afile_testfs::Op::Read).contains(&me));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn requesters(&self, op: Op) -> Vec<u32> {
        self.controls.requesters(op)
    }
}

fn skip_reason(test: &str, mounted: Result<TestFs, Unavailable>) -> Option<TestFs> {
    match mounted {
        Ok(fs) => Some(fs),
        Err(why) => {
            println!("skipped: {test}: {why}");
            None
        }
    }
}
