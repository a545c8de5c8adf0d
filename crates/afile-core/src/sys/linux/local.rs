//! Which file systems may be read and opened in the task: only *local* ones,
//! whose page-cache reads and opens never call out to anything. A FUSE or
//! network file system may ask its server even then (FUSE reads can send
//! `GETATTR`; the `->open` of a FUSE or NFS file always calls the server,
//! `RESOLVE_CACHED` only promises that the lookup is cached), so their files
//! always use the executor.
//!
//! A file's file system is found from its device number: `/proc/self/mountinfo`
//! lists the `major:minor` and type of every mount (no system call answers
//! this). Reading it is not disk I/O; it is parsed when a device is first
//! met and the answer is cached.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock, PoisonError};

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
pub(super) fn opens_in_task(dev: u64) -> bool {
    device(dev).local
}

/// Whether reads of files on `dev` may be tried in the task.
pub(crate) fn reads_in_task(dev: u64) -> bool {
    let d = device(dev);
    d.local && !d.no_nowait
}

/// Whether closing `file` (a regular file on device `dev`, opened without
/// write access) can be done in the task: its file system is local, so
/// its `->flush`/`->release` do no I/O, and it is still linked (`fstat`),
/// so this close cannot be the last reference of an unlinked file, whose
/// freeing of blocks can wait for the journal.
pub(crate) fn closes_in_task(file: &std::fs::File, dev: u64) -> bool {
    opens_in_task(dev) && rustix::fs::fstat(file).is_ok_and(|st| st.st_nlink > 0)
}

/// Remembers that the file system of `dev` does not do `RWF_NOWAIT`, so
/// its next files do not try again.
pub(crate) fn no_nowait_reads(dev: u64) {
    let mut map = devices().lock().unwrap_or_else(PoisonError::into_inner);
    map.entry(dev).or_insert(Device { local: true, no_nowait: true }).no_nowait = true;
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
