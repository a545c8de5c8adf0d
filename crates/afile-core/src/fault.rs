//! The seam where a test's fault plan reaches the system calls.
//!
//! Every system call afile makes on a file (the methods of `Raw`, the open,
//! and the calls of `afile-os` and `afile-tempfile`) first asks its [`Hook`]
//! whether to misbehave. Without the `testing` feature the hook is empty and
//! every question compiles to nothing; with it, the hook holds the
//! [`Faults`](crate::testing::Faults) plan of the [`Executor`](crate::Executor)
//! the file was opened with.

use std::io;

/// The kinds of operation a fault plan can hit, counted separately.
///
/// ```
/// let op = afile_core::FaultOp::Write;
/// assert_ne!(op, afile_core::FaultOp::Read);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FaultOp {
    /// Opening a file (`open`, `open_text`, temp constructors, the file of
    /// an atomic save).
    Open,
    /// One `read`/`pread` system call.
    Read,
    /// One `write`/`pwrite` system call (write-behind, flush or drop).
    Write,
    /// A write-out forced by `flush` (or `close`, `seek`, a read after
    /// writes), before its `write` calls; only when bytes are buffered.
    Flush,
    /// `fsync` (`sync_all`; an atomic save's file and, after the rename,
    /// its directory).
    Fsync,
    /// `ftruncate` (`truncate`).
    Truncate,
    /// `close(2)` at an explicit `close()` (and of an atomic save's file);
    /// the descriptor is released even when a failure is injected, as Linux
    /// does.
    Close,
    /// The `rename` family of `afile-os`, and the link or rename that puts
    /// an atomic save in place.
    Rename,
    /// Any other `afile-os` call (stat, a scandir batch, copyfile, remove,
    /// mkdir, ...), the creation of a temp directory, and the `fchown` and
    /// `fchmod` of an atomic save.
    Os,
}

/// The fault plan of one file or executor; empty without `testing`.
#[derive(Clone, Default)]
pub(crate) struct Hook {
    #[cfg(feature = "testing")]
    pub(crate) plan: Option<crate::testing::Faults>,
}

/// What one system call should do besides its work: stop short, or be
/// interrupted a few times first.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Shot {
    short: usize,
    eintr: u32,
}

impl Shot {
    pub(crate) const CLEAN: Shot = Shot { short: usize::MAX, eintr: 0 };

    #[cfg(feature = "testing")]
    pub(crate) fn new(short: Option<usize>, eintr: u32) -> Self {
        Self { short: short.unwrap_or(usize::MAX), eintr }
    }

    /// `len` cut to the short length asked for (never to 0 when `len > 0`,
    /// which would read as end of file or a failed write).
    #[inline]
    pub(crate) fn cap(&self, len: usize) -> usize {
        len.min(self.short.max(1))
    }

    /// Whether this attempt is to fail with `EINTR` (each call uses one).
    #[inline]
    pub(crate) fn interrupted(&mut self) -> bool {
        if self.eintr == 0 {
            return false;
        }
        self.eintr -= 1;
        true
    }
}

impl Hook {
    /// The plan of the task's [`Faults::scope`](crate::testing::Faults::scope), if any.
    pub(crate) fn current() -> Self {
        #[cfg(feature = "testing")]
        {
            Self { plan: crate::testing::Faults::current() }
        }
        #[cfg(not(feature = "testing"))]
        Self {}
    }

    /// Whether a fault plan is attached: then nothing is tried in the task,
    /// so every call takes its executor path and meets the plan there once.
    #[inline]
    pub(crate) fn planned(&self) -> bool {
        #[cfg(feature = "testing")]
        {
            self.plan.is_some()
        }
        #[cfg(not(feature = "testing"))]
        false
    }

    /// Called at the top of each system call: sleeps an injected latency,
    /// fails with an injected errno, or says how to misbehave.
    #[inline]
    pub(crate) fn enter(&self, op: FaultOp) -> io::Result<Shot> {
        #[cfg(feature = "testing")]
        if let Some(plan) = &self.plan {
            return plan.enter(op);
        }
        let _ = op;
        Ok(Shot::CLEAN)
    }
}

impl std::fmt::Debug for Hook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Hook")
    }
}
