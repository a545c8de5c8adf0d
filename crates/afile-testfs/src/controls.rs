//! Per-operation controls: how long an operation stalls and when it fails.

use std::collections::BTreeSet;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// A FUSE operation whose behaviour a test can change at run time.
///
/// ```
/// use afile_testfs::Op;
/// assert_eq!(Op::ALL.len(), 10);
/// assert!(Op::ALL.contains(&Op::Read));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Op {
    /// Looking a name up in the root directory (every path walk).
    Lookup,
    /// Reading a file's attributes (`stat`, size checks).
    Getattr,
    /// Changing attributes: `truncate`, `O_TRUNC`.
    Setattr,
    /// Opening an existing file.
    Open,
    /// Creating and opening a new file (`O_CREAT`).
    Create,
    /// Reading data.
    Read,
    /// Writing data.
    Write,
    /// `flush`: sent on every `close(2)`; its error is what `close(2)` returns.
    Flush,
    /// `fsync(2)` / `fdatasync(2)`.
    Fsync,
    /// The last close of an open file (the kernel ignores its error).
    Release,
}

impl Op {
    /// Every operation, in a fixed order.
    ///
    /// ```
    /// for op in afile_testfs::Op::ALL {
    ///     println!("{op:?}");
    /// }
    /// ```
    pub const ALL: [Op; 10] = [
        Op::Lookup,
        Op::Getattr,
        Op::Setattr,
        Op::Open,
        Op::Create,
        Op::Read,
        Op::Write,
        Op::Flush,
        Op::Fsync,
        Op::Release,
    ];

    fn index(self) -> usize {
        self as usize
    }
}

/// When a planned failure fires.
#[derive(Clone, Copy, Debug)]
enum When {
    /// On the call that brings the count of calls to this number.
    Nth(u64),
    /// On every call.
    Every,
}

#[derive(Default)]
struct OpControl {
    delay_ms: AtomicU64,
    fault: Mutex<Option<(When, i32)>>,
    calls: AtomicU64,
    failures: AtomicU64,
    requesters: Mutex<BTreeSet<u32>>,
}

/// The controls of every operation, shared by the server and the test.
pub(crate) struct Controls {
    ops: [OpControl; 10],
    shutdown: AtomicBool,
}

impl Controls {
    pub(crate) fn new() -> Self {
        Controls { ops: Default::default(), shutdown: AtomicBool::new(false) }
    }

    fn of(&self, op: Op) -> &OpControl {
        &self.ops[op.index()]
    }

    pub(crate) fn set_delay(&self, op: Op, delay: Duration) {
        let ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX);
        self.of(op).delay_ms.store(ms, Ordering::SeqCst);
    }

    pub(crate) fn fail_nth(&self, op: Op, n: u64, errno: i32) {
        let c = self.of(op);
        let at = c.calls.load(Ordering::SeqCst) + n.max(1);
        *lock(&c.fault) = Some((When::Nth(at), errno));
    }

    pub(crate) fn fail_every(&self, op: Op, errno: i32) {
        *lock(&self.of(op).fault) = Some((When::Every, errno));
    }

    pub(crate) fn reset(&self, op: Op) {
        let c = self.of(op);
        c.delay_ms.store(0, Ordering::SeqCst);
        *lock(&c.fault) = None;
    }

    pub(crate) fn calls(&self, op: Op) -> u64 {
        self.of(op).calls.load(Ordering::SeqCst)
    }

    pub(crate) fn failures(&self, op: Op) -> u64 {
        self.of(op).failures.load(Ordering::SeqCst)
    }

    pub(crate) fn requesters(&self, op: Op) -> Vec<u32> {
        lock(&self.of(op).requesters).iter().copied().collect()
    }

    pub(crate) fn shut_down(&self) {
        self.shutdown.store(true, Ordering::SeqCst);
    }

    /// Called by the server at the start of every operation made by thread
    /// `tid`: counts it, stalls it as asked (cut short on shutdown) and says
    /// whether it fails and with which errno.
    pub(crate) fn enter(&self, op: Op, tid: u32) -> Option<i32> {
        let c = self.of(op);
        lock(&c.requesters).insert(tid);
        let call = c.calls.fetch_add(1, Ordering::SeqCst) + 1;
        let delay = Duration::from_millis(c.delay_ms.load(Ordering::SeqCst));
        let until = Instant::now() + delay;
        while !self.shutdown.load(Ordering::SeqCst) {
            let now = Instant::now();
            if now >= until {
                break;
            }
            std::thread::sleep((until - now).min(Duration::from_millis(10)));
        }
        let errno = match *lock(&c.fault) {
            Some((When::Every, errno)) => Some(errno),
            Some((When::Nth(at), errno)) if at == call => Some(errno),
            _ => None,
        };
        if errno.is_some() {
            c.failures.fetch_add(1, Ordering::SeqCst);
        }
        errno
    }
}

/// Locks a mutex, ignoring poisoning: the data are plain values that a panic
/// cannot leave half-changed.
pub(crate) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
