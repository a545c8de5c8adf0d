//! When afile may do I/O in the task instead of on the executor.
//!
//! The rule: only calls the kernel promises not to block on
//! (`preadv2(RWF_NOWAIT)` page-cache reads, `openat2(RESOLVE_CACHED)`
//! lookups), and only on files of a *local* file system, whose page-cache
//! reads and opens never call out to anything. A FUSE or network file system
//! may ask its server even then (FUSE reads can send `GETATTR`; the `->open`
//! of a FUSE or NFS file always calls the server, `RESOLVE_CACHED` only
//! promises that the lookup is cached), so their files always use the
//! executor.
//!
//! A file's file system is found from its device number: `/proc/self/mountinfo`
//! lists the `major:minor` and type of every mount. Reading it is not disk
//! I/O; it is parsed when a device is first met and the answer is cached.

use std::collections::HashMap;
use std::fs;
use std::os::fd::AsFd;
use std::path::Path;
use std::sync::{Mutex, OnceLock, PoisonError};

use rustix::fs::OFlags;

use crate::executor::Executor;
use crate::raw::Raw;

/// What the engine needs to know about an open file (or a path) to decide
/// where its I/O runs.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Probe {
    /// A regular file (not a directory, FIFO, socket or device).
    pub(crate) regular: bool,
    /// `st_dev`.
    pub(crate) dev: u64,
    /// `st_blksize`, the default buffer size.
    pub(crate) blksize: u64,
    /// `st_size` (as far as the inode in memory knows).
    pub(crate) size: u64,
    /// `st_ino`.
    pub(crate) ino: u64,
}

/// File system types whose opens and page-cache reads do no I/O beyond the
/// local block device (and on a cache hit, none at all).
const LOCAL: &[&str] = &[
    "ext2", "ext3", "ext4", "xfs", "btrfs", "bcachefs", "f2fs", "jfs", "reiserfs", "nilfs2", "vfat", "exfat",
    "ntfs3", "tmpfs", "ramfs", "overlay",
];

/// What is known about one device.
#[derive(Clone, Copy, Debug)]
struct Device {
    local: bool,
    /// The file system answered `EOPNOTSUPP` to `RWF_NOWAIT` (tmpfs does).
    no_nowait: bool,
}

fn devices() -> &'static Mutex<HashMap<u64, Device>> {
    static DEVICES: OnceLock<Mutex<HashMap<u64, Device>>> = OnceLock::new();
    DEVICES.get_or_init(Mutex::default)
}

fn device(dev: u64) -> Device {
    let mut map = devices().lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(d) = map.get(&dev) {
        return *d;
    }
    let d = Device { local: is_local(dev), no_nowait: false };
    map.insert(dev, d);
    d
}

/// Whether opens of files on `dev` may be tried in the task.
pub(crate) fn opens_in_task(dev: u64) -> bool {
    device(dev).local
}

/// Whether reads of files on `dev` may be tried in the task.
pub(crate) fn reads_in_task(dev: u64) -> bool {
    let d = device(dev);
    d.local && !d.no_nowait
}

/// Remembers that the file system of `dev` does not do `RWF_NOWAIT`, so
/// its next files do not try again.
pub(crate) fn no_nowait_reads(dev: u64) {
    let mut map = devices().lock().unwrap_or_else(PoisonError::into_inner);
    map.entry(dev).or_insert(Device { local: true, no_nowait: true }).no_nowait = true;
}

/// Opens `path` read-only in the task, if that cannot block: every step of
/// the lookup is in the dentry cache, and it names a regular file on a local
/// file system. `None` means "use the executor" (which also reports any
/// error, with its usual wording).
///
/// Three calls: `openat2(O_PATH, RESOLVE_CACHED)` and a `statx`
/// (`AT_STATX_DONT_SYNC`) of that handle learn the file's type and device
/// without running any file system method; only then does the real
/// `openat2(O_RDONLY | O_NONBLOCK, RESOLVE_CACHED)` run. If the path was
/// renamed over in between (the one race left), the file opened is checked
/// again and, if it is not a local regular file, closed on the executor and
/// opened there afresh.
pub(crate) fn open_in_task(path: &Path, executor: &Executor) -> Option<(fs::File, Probe)> {
    open_in_task_with(path, executor, true)
}

/// [`open_in_task`] for a descriptor afile reads and closes itself (the
/// whole-file helpers): its `O_NONBLOCK` is left set, which reads of a
/// regular file ignore, saving the `fcntl` that clears it.
pub(crate) fn open_private_in_task(path: &Path, executor: &Executor) -> Option<(fs::File, Probe)> {
    open_in_task_with(path, executor, false)
}

fn open_in_task_with(path: &Path, executor: &Executor, clear_nonblock: bool) -> Option<(fs::File, Probe)> {
    if path.as_os_str().is_empty() || executor.hook().planned() {
        return None;
    }
    let handle = Raw::open_path_cached(path).ok()?;
    let seen = Raw::stat_cached(handle.as_fd()).ok()?;
    drop(handle);
    if !seen.regular || !opens_in_task(seen.dev) {
        return None;
    }
    let file = Raw::open_cached(path, OFlags::RDONLY, clear_nonblock).ok()?;
    match Raw::stat_cached(file.as_fd()) {
        Ok(now) if now.dev == seen.dev && now.ino == seen.ino => Some((file, now)),
        Ok(now) if now.regular && opens_in_task(now.dev) => Some((file, now)),
        _ => {
            drop(executor.run("close", move || drop(file)));
            None
        }
    }
}

/// Whether the mount of device `dev` is of a local file system type. A
/// device that no mount lists (a btrfs subvolume, a mount made since) is
/// not known to be local.
fn is_local(dev: u64) -> bool {
    let Ok(table) = std::fs::read_to_string("/proc/self/mountinfo") else {
        return false;
    };
    let want = format!("{}:{}", rustix::fs::major(dev), rustix::fs::minor(dev));
    mount_type(&table, &want).is_some_and(|t| LOCAL.contains(&t))
}

/// The file system type of the first mount of device `major:minor` in a
/// mountinfo table: the third field, and the first after the ` - `.
fn mount_type<'a>(table: &'a str, major_minor: &str) -> Option<&'a str> {
    table.lines().find_map(|line| {
        let mut fields = line.split(' ');
        if fields.nth(2)? != major_minor {
            return None;
        }
        let (_, tail) = line.split_once(" - ")?;
        tail.split(' ').next()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "\
27 1 254:0 / / rw,relatime - ext4 /dev/vda rw
25 24 0:23 / /dev/shm rw,relatime - tmpfs tmpfs rw
60 27 0:55 / /mnt/fuse rw,nosuid,nodev shared:1 - fuse.sshfs host:/ rw
61 27 0:56 / /mnt/nfs rw - nfs4 server:/export rw";

    #[test]
    fn reads_the_type_of_a_device_from_mountinfo() {
        assert_eq!(mount_type(TABLE, "254:0"), Some("ext4"));
        assert_eq!(mount_type(TABLE, "0:23"), Some("tmpfs"));
        assert_eq!(mount_type(TABLE, "0:55"), Some("fuse.sshfs"));
        assert_eq!(mount_type(TABLE, "0:56"), Some("nfs4"));
        assert_eq!(mount_type(TABLE, "0:99"), None);
    }

    /// The kernel claims the in-task open relies on, checked on this kernel.
    #[test]
    fn cached_opens_behave_as_the_engine_expects() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("f");
        std::fs::write(&path, b"abc").expect("write");
        // An O_PATH handle and a statx of it: no file system method runs.
        let handle = Raw::open_path_cached(&path).expect("cached O_PATH lookup");
        let probe = Raw::stat_cached(handle.as_fd()).expect("statx of an O_PATH handle");
        assert!(probe.regular);
        assert_eq!(probe.size, 3);
        // The real open, O_NONBLOCK cleared afterwards.
        let file = Raw::open_cached(&path, OFlags::RDONLY, true).expect("cached open");
        let flags = rustix::fs::fcntl_getfl(&file).expect("getfl");
        assert!(!flags.contains(OFlags::NONBLOCK));
        // Creation and truncation are refused with EAGAIN, never done.
        let new = dir.path().join("new");
        let err = Raw::open_cached(&new, OFlags::RDWR | OFlags::CREATE, true).expect_err("O_CREAT refused");
        assert_eq!(err.raw_os_error(), Some(rustix::io::Errno::AGAIN.raw_os_error()));
        assert!(!new.exists());
        let err = Raw::open_cached(&path, OFlags::RDWR | OFlags::TRUNC, true).expect_err("O_TRUNC refused");
        assert_eq!(err.raw_os_error(), Some(rustix::io::Errno::AGAIN.raw_os_error()));
        assert_eq!(std::fs::read(&path).expect("read"), b"abc");
        // A FIFO is seen for what it is without being opened (that would block).
        let fifo = dir.path().join("fifo");
        rustix::fs::mknodat(rustix::fs::CWD, &fifo, rustix::fs::FileType::Fifo, rustix::fs::Mode::RWXU, 0)
            .expect("mkfifo");
        let handle = Raw::open_path_cached(&fifo).expect("O_PATH of a FIFO does not open it");
        assert!(!Raw::stat_cached(handle.as_fd()).expect("statx").regular);
        assert!(open_in_task(&fifo, &Executor::default()).is_none());
        // A directory is not opened in the task either.
        assert!(open_in_task(dir.path(), &Executor::default()).is_none());
        assert!(open_in_task(&dir.path().join("missing"), &Executor::default()).is_none());
    }

    #[test]
    fn the_root_of_a_temporary_directory_is_classified() {
        use std::os::unix::fs::MetadataExt;
        let dir = std::env::temp_dir();
        let dev = std::fs::metadata(&dir).map(|m| m.dev()).unwrap_or(0);
        // The answer depends on the machine; the lookup must agree with a
        // direct parse of the table.
        let table = std::fs::read_to_string("/proc/self/mountinfo").unwrap_or_default();
        let want = format!("{}:{}", rustix::fs::major(dev), rustix::fs::minor(dev));
        let expected = mount_type(&table, &want).is_some_and(|t| LOCAL.contains(&t));
        assert_eq!(opens_in_task(dev), expected);
    }
}
