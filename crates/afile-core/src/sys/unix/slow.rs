//! macOS and the BSDs: no call that promises not to block, so nothing runs
//! in the task (every read and open takes the executor path).

use std::fs;
use std::mem::MaybeUninit;
use std::path::Path;

use crate::sys::{Cached, NowaitRead};

pub(crate) use crate::sys::disk_memfile::MemFile;

/// Never: there is no `RWF_NOWAIT` here.
#[inline]
pub(crate) fn reads_in_task(_dev: u64) -> bool {
    false
}

/// Never: nothing tells here whether a file system's close can block.
#[inline]
pub(crate) fn closes_in_task(_file: &fs::File, _dev: u64) -> bool {
    false
}

/// Nothing to remember: no file system reads in the task here.
#[inline]
pub(crate) fn no_nowait_reads(_dev: u64) {}

/// A read in the task is not possible here.
#[inline]
pub(crate) fn pread_nowait(_file: &fs::File, _at: u64, _out: &mut [MaybeUninit<u8>]) -> NowaitRead {
    NowaitRead::Unsupported
}

/// An open in the task is not possible here (no `RESOLVE_CACHED`).
#[inline]
pub(crate) fn open_cached(_path: &Path) -> Cached {
    Cached::Declined
}
