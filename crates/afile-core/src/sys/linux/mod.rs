//! Linux: the Unix calls, plus the fast paths only Linux has — reads of
//! cached pages in the task (`preadv2(RWF_NOWAIT)`), opens of cached paths
//! in the task (`openat2(RESOLVE_CACHED)` and `statx(AT_STATX_DONT_SYNC)`),
//! the local-file-system rule that allows both, and memory files (`memfd`)
//! for the in-memory file system.

mod cached_open;
mod local;
mod memfd;
mod nowait_read;

pub use super::unix::Fileno;
pub(crate) use super::unix::{
    close, describe, dup_stdio, errno, errno_error, errno_of, fileno, is_directory, open_error, open_flags,
    path_code_points, posix_error, probe, read, read_at, seek_sparse, write, write_at,
};
pub(crate) use cached_open::open_cached;
pub(crate) use local::{closes_in_task, no_nowait_reads, reads_in_task};
pub(crate) use memfd::MemFile;
pub(crate) use nowait_read::pread_nowait;
