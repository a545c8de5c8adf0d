//! The in-memory file system's files: anonymous memory files (`memfd`),
//! opened again through `/proc/self/fd` so each open has its own position
//! and flags (Linux has no other call that opens a new description of an
//! open file).

use std::fs;
use std::io;
use std::os::fd::{AsRawFd, OwnedFd};

/// One backing file of a `MemFs` path.
#[derive(Debug)]
#[cfg_attr(not(feature = "testing"), allow(dead_code))]
pub(crate) struct MemFile {
    fd: OwnedFd,
}

#[cfg_attr(not(feature = "testing"), allow(dead_code))]
impl MemFile {
    /// A new, empty memory file.
    pub(crate) fn create() -> io::Result<Self> {
        let fd = rustix::fs::memfd_create("afile-memfs", rustix::fs::MemfdFlags::CLOEXEC)?;
        Ok(Self { fd })
    }

    /// A new open file description of the memory file, with `options`.
    pub(crate) fn reopen(&self, options: &fs::OpenOptions) -> io::Result<fs::File> {
        options.open(format!("/proc/self/fd/{}", self.fd.as_raw_fd()))
    }
}
