//! Opening a path read-only in the task, when that cannot block: every step
//! of the lookup is in the dentry cache, and it names a regular file on a
//! local file system.
//!
//! Three calls: `openat2(O_PATH, RESOLVE_CACHED)` and a `statx`
//! (`AT_STATX_DONT_SYNC`) of that handle learn the file's type and device
//! without running any file system method; only then does the real
//! `openat2(O_RDONLY | O_NONBLOCK, RESOLVE_CACHED)` run. If the path was
//! renamed over in between (the one race left), the file opened is checked
//! again and, if it is not a local regular file, handed back to be closed
//! on the executor.

use std::fs;
use std::io;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::path::Path;

use rustix::fs::{AtFlags, CWD, Mode, OFlags, ResolveFlags, StatxFlags};

use super::local::opens_in_task;
use crate::sys::{Cached, Probe};

/// Opens `path` read-only in the task if that cannot block (see the module).
pub(crate) fn open_cached(path: &Path) -> Cached {
    let Ok(handle) = open_path_cached(path) else { return Cached::Declined };
    let Ok(seen) = stat_cached(handle.as_fd()) else { return Cached::Declined };
    drop(handle);
    if !seen.regular || !opens_in_task(seen.dev) {
        return Cached::Declined;
    }
    let Ok(file) = open_file_cached(path, OFlags::RDONLY) else { return Cached::Declined };
    match stat_cached(file.as_fd()) {
        Ok(now) if now.dev == seen.dev && now.ino == seen.ino => Cached::Opened(file, now),
        Ok(now) if now.regular && opens_in_task(now.dev) => Cached::Opened(file, now),
        _ => Cached::Mistaken(file),
    }
}

/// `openat2(path, O_PATH, RESOLVE_CACHED)`: a handle on what `path` names if
/// every step of the lookup is in the dentry cache (`EAGAIN` otherwise). No
/// file system method runs: nothing is opened.
fn open_path_cached(path: &Path) -> io::Result<OwnedFd> {
    let flags = OFlags::PATH | OFlags::CLOEXEC;
    Ok(rustix::fs::openat2(CWD, path, flags, Mode::empty(), ResolveFlags::CACHED)?)
}

/// `statx(fd, "", AT_EMPTY_PATH | AT_STATX_DONT_SYNC)`: type, device, block
/// size and size from the inode in memory, without asking a network or FUSE
/// server to refresh them.
fn stat_cached(fd: BorrowedFd<'_>) -> io::Result<Probe> {
    let flags = AtFlags::EMPTY_PATH | AtFlags::STATX_DONT_SYNC;
    let st = rustix::fs::statx(fd, "", flags, StatxFlags::TYPE | StatxFlags::SIZE | StatxFlags::INO)?;
    let kind = rustix::fs::FileType::from_raw_mode(st.stx_mode.into());
    let regular = kind == rustix::fs::FileType::RegularFile;
    let dev = rustix::fs::makedev(st.stx_dev_major, st.stx_dev_minor);
    Ok(Probe { regular, dev, blksize: u64::from(st.stx_blksize), size: st.stx_size, ino: st.stx_ino })
}

/// `openat2(path, flags | O_NONBLOCK, RESOLVE_CACHED)`, then `O_NONBLOCK`
/// cleared: the real open, for a path already known to name a regular file
/// on a local file system.
fn open_file_cached(path: &Path, flags: OFlags) -> io::Result<fs::File> {
    let fd = rustix::fs::openat2(
        CWD,
        path,
        flags | OFlags::NONBLOCK | OFlags::CLOEXEC | OFlags::NOCTTY,
        Mode::empty(),
        ResolveFlags::CACHED,
    )?;
    // `F_SETFL` sets only the status flags (`O_APPEND`, `O_NONBLOCK`,
    // `O_NOATIME`, `O_DIRECT`, `O_ASYNC`): setting those `flags` asked for
    // and no others clears `O_NONBLOCK` without a `F_GETFL`.
    rustix::fs::fcntl_setfl(&fd, flags & (OFlags::APPEND | OFlags::DIRECT | OFlags::NOATIME))?;
    Ok(fs::File::from(fd))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The kernel claims the in-task open relies on, checked on this kernel.
    #[test]
    fn cached_opens_behave_as_the_engine_expects() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("f");
        std::fs::write(&path, b"abc").expect("write");
        // An O_PATH handle and a statx of it: no file system method runs.
        let handle = open_path_cached(&path).expect("cached O_PATH lookup");
        let probe = stat_cached(handle.as_fd()).expect("statx of an O_PATH handle");
        assert!(probe.regular);
        assert_eq!(probe.size, 3);
        // The real open, O_NONBLOCK cleared afterwards.
        let file = open_file_cached(&path, OFlags::RDONLY).expect("cached open");
        let flags = rustix::fs::fcntl_getfl(&file).expect("getfl");
        assert!(!flags.contains(OFlags::NONBLOCK));
        // Creation and truncation are refused with EAGAIN, never done.
        let new = dir.path().join("new");
        let err = open_file_cached(&new, OFlags::RDWR | OFlags::CREATE).expect_err("O_CREAT refused");
        assert_eq!(err.raw_os_error(), Some(rustix::io::Errno::AGAIN.raw_os_error()));
        assert!(!new.exists());
        let err = open_file_cached(&path, OFlags::RDWR | OFlags::TRUNC).expect_err("O_TRUNC refused");
        assert_eq!(err.raw_os_error(), Some(rustix::io::Errno::AGAIN.raw_os_error()));
        assert_eq!(std::fs::read(&path).expect("read"), b"abc");
        // A FIFO is seen for what it is without being opened (that would block).
        let fifo = dir.path().join("fifo");
        rustix::fs::mknodat(rustix::fs::CWD, &fifo, rustix::fs::FileType::Fifo, rustix::fs::Mode::RWXU, 0)
            .expect("mkfifo");
        let handle = open_path_cached(&fifo).expect("O_PATH of a FIFO does not open it");
        assert!(!stat_cached(handle.as_fd()).expect("statx").regular);
        assert!(matches!(open_cached(&fifo), Cached::Declined));
        // A directory is not opened in the task either.
        assert!(matches!(open_cached(dir.path()), Cached::Declined));
        assert!(matches!(open_cached(&dir.path().join("missing")), Cached::Declined));
        assert!(
            matches!(open_cached(&path), Cached::Opened(_, p) if p.regular && p.size == 3)
                || !opens_in_task(probe.dev)
        );
    }
}
