//! A small reserve of unnamed files, opened ahead of need.
//!
//! Creating a [`TemporaryFile`](crate::TemporaryFile) costs one executor
//! round trip, and on a small machine the round trip takes longer than the
//! `open` it waits for. So once a directory has had one unnamed file, a few
//! more are opened there in the background (`O_TMPFILE`, on the executor of
//! the call that asked) and later constructors take one without a hop.
//!
//! The files have no name, so a reserve can never leave anything behind: the
//! kernel frees them with the process, even after `kill -9`. It costs at
//! most [`PER_DIR`] descriptors for each of [`MAX_DIRS`] directories. Only
//! `O_TMPFILE` files are reserved: where the kernel or the file system lacks
//! it, every constructor creates its file itself, as before. A refill that
//! fails (the directory removed or made unwritable) empties and retires that
//! directory's reserve, so from then on its constructors report the error;
//! until a refill notices, a file reserved moments earlier may still be
//! handed out.
//!
//! A reserve belongs to the process that filled it. A child made with
//! `fork()` inherits the parent's descriptors, and with them the very files
//! the parent will hand out; so the first use in a new process (a new
//! process id) drops the inherited reserve and starts afresh.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use afile_core::Executor;

/// Files kept ready per directory.
const PER_DIR: usize = 8;
/// Directories with a reserve; others create every file on demand.
const MAX_DIRS: usize = 4;

/// The reserve of one directory.
#[derive(Debug)]
struct Shelf {
    dir: PathBuf,
    files: Vec<fs::File>,
    /// A refill is queued or running.
    refilling: bool,
    /// A refill failed: this directory gets no more (the constructors report
    /// its errors themselves).
    retired: bool,
}

/// The reserves of this process.
#[derive(Debug)]
struct Reserve {
    /// The process they were filled in (0: none yet).
    pid: u32,
    shelves: Vec<Shelf>,
}

static RESERVE: Mutex<Reserve> = Mutex::new(Reserve { pid: 0, shelves: Vec::new() });

/// The shelves, after dropping those inherited across a `fork()`.
fn shelves() -> MutexGuard<'static, Reserve> {
    let mut reserve = RESERVE.lock().unwrap_or_else(PoisonError::into_inner);
    let pid = std::process::id();
    if reserve.pid != pid {
        // Another process's files (or none yet): never hand them out here.
        reserve.shelves.clear();
        reserve.pid = pid;
    }
    reserve
}

/// An unnamed file in `dir` from the reserve, if it holds one. Either way,
/// starts a refill on `executor` when the reserve runs low.
pub(crate) fn take(dir: &Path, executor: &Executor) -> Option<fs::File> {
    if !crate::sys::HAS_RESERVE {
        return None;
    }
    let mut reserve = shelves();
    let shelves = &mut reserve.shelves;
    let index = match shelves.iter().position(|s| s.dir == dir) {
        Some(i) => i,
        None => {
            let fresh = Shelf { dir: dir.to_path_buf(), files: Vec::new(), refilling: false, retired: false };
            if shelves.len() < MAX_DIRS {
                shelves.push(fresh);
                shelves.len() - 1
            } else if let Some(i) = shelves.iter().position(|s| s.retired && !s.refilling) {
                shelves[i] = fresh;
                i
            } else {
                return None;
            }
        }
    };
    let shelf = &mut shelves[index];
    let file = shelf.files.pop();
    if shelf.files.len() <= PER_DIR / 2 && !shelf.refilling && !shelf.retired {
        shelf.refilling = true;
        let refill = Refill { dir: dir.to_path_buf() };
        drop(reserve);
        // The Op is not awaited: the refill runs on its own, and if the
        // executor drops it unrun, `Refill::drop` clears the mark.
        drop(executor.run("tempfile reserve", move || refill.run()));
    }
    file
}

/// One queued refill; dropping it (run or not) clears the shelf's mark.
struct Refill {
    dir: PathBuf,
}

impl Refill {
    fn run(self) {
        let want = with_shelf(&self.dir, |s| PER_DIR.saturating_sub(s.files.len())).unwrap_or(0);
        for _ in 0..want {
            match crate::sys::tmpfile(&self.dir, 0o600) {
                Ok(file) => {
                    if with_shelf(&self.dir, |s| s.files.push(file)).is_none() {
                        return;
                    }
                }
                Err(e) => {
                    tracing::debug!("afile: no reserve of unnamed files in {}: {e}", self.dir.display());
                    // The directory may be gone or unwritable now: what
                    // was reserved there is not handed out any more.
                    with_shelf(&self.dir, |s| {
                        s.retired = true;
                        s.files.clear();
                    });
                    return;
                }
            }
        }
    }
}

impl Drop for Refill {
    fn drop(&mut self) {
        with_shelf(&self.dir, |s| s.refilling = false);
    }
}

fn with_shelf<R>(dir: &Path, f: impl FnOnce(&mut Shelf) -> R) -> Option<R> {
    shelves().shelves.iter_mut().find(|s| s.dir == dir).map(f)
}

/// How many files the reserve for `dir` holds now (for tests).
#[cfg(test)]
pub(crate) fn held(dir: &Path) -> usize {
    with_shelf(dir, |s| s.files.len()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    /// Polls `done` for up to ten seconds (refills run on another thread).
    fn wait_until(mut done: impl FnMut() -> bool) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !done() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    #[test]
    fn refills_in_the_background_and_hands_out_each_file_once() {
        let d = tempfile::tempdir().unwrap();
        let ex = Executor::dedicated(1);
        assert!(take(d.path(), &ex).is_none(), "the first call finds the reserve empty");
        wait_until(|| held(d.path()) >= PER_DIR);
        assert_eq!(held(d.path()), PER_DIR);
        use std::os::unix::fs::MetadataExt;
        let (mut inodes, mut open) = (std::collections::HashSet::new(), Vec::new());
        for _ in 0..PER_DIR {
            let f = take(d.path(), &ex).expect("a reserved file");
            assert_eq!(f.metadata().unwrap().len(), 0);
            assert_eq!(f.metadata().unwrap().mode() & 0o777, 0o600);
            assert!(inodes.insert(f.metadata().unwrap().ino()), "never the same file twice");
            open.push(f); // kept open, so no inode number is reused
        }
        assert_eq!(fs::read_dir(d.path()).unwrap().count(), 0, "reserved files have no names");
    }

    #[test]
    fn a_directory_a_refill_cannot_use_is_retired() {
        let d = tempfile::tempdir().unwrap();
        let missing = d.path().join("missing");
        let ex = Executor::dedicated(1);
        assert!(take(&missing, &ex).is_none());
        wait_until(|| with_shelf(&missing, |s| s.retired).unwrap_or(true));
        assert_eq!(with_shelf(&missing, |s| (s.retired, s.files.len())), Some((true, 0)));
        assert!(!missing.exists(), "a failed refill creates nothing");
    }
}
