//! The public `os` items of Windows: handles as [`SyncTarget`]s
//! (`os.fsync` there is `FlushFileBuffers`; Windows has no `fdatasync`,
//! `sendfile` or `statvfs`, as CPython has none there).

use std::future::Future;
use std::os::windows::io::{AsHandle, BorrowedHandle, OwnedHandle};

use afile_core::Result;

use crate::SyncTarget;
use crate::blocking;

/// Any open handle by reference (`&std::fs::File`, `&tokio::fs::File`,
/// `&OwnedHandle`, anything [`AsHandle`]): duplicated, and the duplicate
/// flushed (`FlushFileBuffers`) on the executor.
impl<T: AsHandle + ?Sized> SyncTarget for &T {
    fn sync(self, _data_only: bool) -> impl Future<Output = Result<()>> + Send {
        sync_handle(self.as_handle())
    }
}

/// A borrowed handle (`f.as_handle()?` of an afile file).
impl SyncTarget for BorrowedHandle<'_> {
    fn sync(self, _data_only: bool) -> impl Future<Output = Result<()>> + Send {
        sync_handle(self)
    }
}

/// Duplicates the handle in the task, then flushes the duplicate on the
/// executor: the same open file, so the same effect.
fn sync_handle(handle: BorrowedHandle<'_>) -> impl Future<Output = Result<()>> + Send + use<> {
    let dup: Result<OwnedHandle> = handle.try_clone_to_owned().map_err(Into::into);
    async move {
        let file = std::fs::File::from(dup?);
        blocking("fsync", move || file.sync_all().map_err(Into::into)).await
    }
}
