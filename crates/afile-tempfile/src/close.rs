//! What a temporary object needs of the file it holds.

use std::future::Future;

use afile_core::{Executor, File, Result, TextFile};

/// The files a temporary object can hold: afile's [`File`] and
/// [`TextFile`]. Sealed; it only lets the temp types close what they hold
/// and find the executor it uses.
pub trait TempFileInner: private::Sealed + Send {
    /// Flushes and closes the file.
    fn close_file(&mut self) -> impl Future<Output = Result<()>> + Send;

    /// Flushes and closes the file, then runs `after` in the same executor
    /// hop.
    fn close_file_and(
        &mut self,
        after: impl FnOnce() + Send + 'static,
    ) -> impl Future<Output = Result<()>> + Send;

    /// The executor the file's blocking work runs on.
    fn executor(&self) -> &Executor;
}

impl TempFileInner for File {
    fn close_file(&mut self) -> impl Future<Output = Result<()>> + Send {
        self.close()
    }

    fn close_file_and(
        &mut self,
        after: impl FnOnce() + Send + 'static,
    ) -> impl Future<Output = Result<()>> + Send {
        self.close_and(after)
    }

    fn executor(&self) -> &Executor {
        File::executor(self)
    }
}

impl TempFileInner for TextFile {
    fn close_file(&mut self) -> impl Future<Output = Result<()>> + Send {
        self.close()
    }

    fn close_file_and(
        &mut self,
        after: impl FnOnce() + Send + 'static,
    ) -> impl Future<Output = Result<()>> + Send {
        self.close_and(after)
    }

    fn executor(&self) -> &Executor {
        self.buffer().executor()
    }
}

mod private {
    pub trait Sealed {}
    impl Sealed for afile_core::File {}
    impl Sealed for afile_core::TextFile {}
}
