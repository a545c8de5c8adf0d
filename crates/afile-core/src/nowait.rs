//! When afile may do I/O in the task instead of on the executor.
//!
//! The rule: only calls the kernel promises not to block on
//! (`preadv2(RWF_NOWAIT)` page-cache reads, `openat2(RESOLVE_CACHED)`
//! lookups), and only on files of a *local* file system, whose page-cache
//! reads and opens never call out to anything. Only Linux makes those
//! promises; the platform seam ([`crate::sys`]) holds the calls and the
//! local-file-system rule, and elsewhere it declines, so everything takes
//! the executor path.

use std::fs;
use std::path::Path;

use crate::executor::Executor;
pub(crate) use crate::sys::Probe;
use crate::sys::{self, Cached};

/// Opens `path` read-only in the task, if that cannot block: every step of
/// the lookup is in the dentry cache, and it names a regular file on a local
/// file system. `None` means "use the executor" (which also reports any
/// error, with its usual wording). A file that turned out not to qualify
/// (renamed over meanwhile) is closed on the executor.
pub(crate) fn open_in_task(path: &Path, executor: &Executor) -> Option<(fs::File, Probe)> {
    if path.as_os_str().is_empty() || executor.hook().planned() {
        return None;
    }
    match sys::open_cached(path) {
        Cached::Opened(file, probe) => Some((file, probe)),
        Cached::Declined => None,
        Cached::Mistaken(file) => {
            drop(executor.run("close", move || drop(file)));
            None
        }
    }
}
