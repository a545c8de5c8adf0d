//! The fault plan: which operation misbehaves, and how.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use crate::fault::{FaultOp, Shot};

tokio::task_local! {
    static PLAN: Faults;
}

/// Which occurrences of an operation a rule hits (counted from 1).
///
/// ```
/// use afile_core::testing::At;
/// assert_eq!(At::from(3), At::Nth(3));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum At {
    /// Only the n-th.
    Nth(u64),
    /// The n-th and every later one (a disk that stays full).
    From(u64),
    /// Every one.
    Every,
}

impl From<u64> for At {
    fn from(n: u64) -> Self {
        At::Nth(n)
    }
}

impl At {
    fn hits(self, n: u64) -> bool {
        match self {
            At::Nth(k) => n == k,
            At::From(k) => n >= k,
            At::Every => true,
        }
    }
}

#[derive(Clone, Copy, Debug)]
enum Action {
    Fail(i32),
    Short(usize),
    Interrupt(u32),
    Delay(Duration),
}

#[derive(Clone, Copy, Debug)]
struct Rule {
    /// `None`: counted over operations of every kind.
    op: Option<FaultOp>,
    at: At,
    action: Action,
}

#[derive(Debug, Default)]
struct Plan {
    rules: Vec<Rule>,
    seen: HashMap<FaultOp, u64>,
    total: u64,
    injected: u64,
}

/// A fault plan: rules saying which operation fails with which errno, stops
/// short, is interrupted (`EINTR`, which afile retries) or is slowed down.
/// Cloning gives another handle to the same plan and counters.
///
/// Operations are counted per [`FaultOp`] kind and overall, from 1, in the
/// order they reach the system (one count per system call for `Read` and
/// `Write`). Attach a plan with [`Faults::scope`] or
/// [`Executor::with_faults`](crate::Executor::with_faults).
///
/// # Examples
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let path = dir.path().join("data");
/// # std::fs::write(&path, b"0123456789")?;
/// use std::time::Duration;
/// use afile_core::testing::{At, Faults, errno};
/// use afile_core::FaultOp;
/// let plan = Faults::new()
///     .short(FaultOp::Read, At::Every, 3)           // every read returns at most 3 bytes
///     .interrupt(FaultOp::Read, 1, 2)               // the first is interrupted twice
///     .delay(FaultOp::Open, 1, Duration::from_millis(5))
///     .fail(FaultOp::Close, 1, errno::EIO);         // close(2) reports EIO
/// let ex = afile_core::Executor::default().with_faults(plan.clone());
/// let mut f = afile_core::open(&path, "rb").executor(ex).await?;
/// // Short reads and EINTRs are absorbed: every byte arrives, in order.
/// assert_eq!(f.read(None).await?, "0123456789");
/// assert_eq!(f.close().await.unwrap_err().errno(), Some(errno::EIO));
/// assert!(plan.injected() >= 4);
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, Default)]
pub struct Faults {
    plan: Arc<Mutex<Plan>>,
}

impl Faults {
    /// An empty plan: nothing misbehaves, operations are only counted.
    ///
    /// ```
    /// let plan = afile_core::testing::Faults::new();
    /// assert_eq!(plan.total(), 0);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    fn rule(self, op: Option<FaultOp>, at: At, action: Action) -> Self {
        self.lock().rules.push(Rule { op, at, action });
        self
    }

    /// Makes the `at` occurrence(s) of `op` fail with `errno`.
    ///
    /// ```
    /// use afile_core::testing::{At, Faults, errno};
    /// let full_disk = Faults::new().fail(afile_core::FaultOp::Write, At::From(1), errno::ENOSPC);
    /// # drop(full_disk);
    /// ```
    pub fn fail(self, op: FaultOp, at: impl Into<At>, errno: i32) -> Self {
        self.rule(Some(op), at.into(), Action::Fail(errno))
    }

    /// Makes the `at` occurrence(s) of any operation, counted over all kinds,
    /// fail with `errno`: run a script once to count its operations
    /// ([`Faults::total`]), then once per operation failing exactly that one.
    ///
    /// ```
    /// let plan = afile_core::testing::Faults::new().fail_any(7, afile_core::testing::errno::EIO);
    /// # drop(plan);
    /// ```
    pub fn fail_any(self, at: impl Into<At>, errno: i32) -> Self {
        self.rule(None, at.into(), Action::Fail(errno))
    }

    /// Makes the `at` occurrence(s) of `op` (`Read` or `Write`) move at most
    /// `max` bytes (at least one).
    ///
    /// ```
    /// let plan = afile_core::testing::Faults::new().short(afile_core::FaultOp::Write, 1, 10);
    /// # drop(plan);
    /// ```
    pub fn short(self, op: FaultOp, at: impl Into<At>, max: usize) -> Self {
        self.rule(Some(op), at.into(), Action::Short(max))
    }

    /// Makes the `at` occurrence(s) of `op` fail `times` times with `EINTR`
    /// first; afile retries, as CPython does (PEP 475).
    ///
    /// ```
    /// let plan = afile_core::testing::Faults::new().interrupt(afile_core::FaultOp::Write, 1, 3);
    /// # drop(plan);
    /// ```
    pub fn interrupt(self, op: FaultOp, at: impl Into<At>, times: u32) -> Self {
        self.rule(Some(op), at.into(), Action::Interrupt(times))
    }

    /// Makes the `at` occurrence(s) of `op` take `latency` longer. The delay
    /// is spent where the operation runs: on the executor (`close(2)` too,
    /// since it can wait on a network or FUSE file system).
    ///
    /// ```
    /// use std::time::Duration;
    /// let plan = afile_core::testing::Faults::new()
    ///     .delay(afile_core::FaultOp::Fsync, afile_core::testing::At::Every, Duration::from_millis(20));
    /// # drop(plan);
    /// ```
    pub fn delay(self, op: FaultOp, at: impl Into<At>, latency: Duration) -> Self {
        self.rule(Some(op), at.into(), Action::Delay(latency))
    }

    /// How many `op` operations reached the plan so far.
    ///
    /// ```
    /// let plan = afile_core::testing::Faults::new();
    /// assert_eq!(plan.count(afile_core::FaultOp::Open), 0);
    /// ```
    pub fn count(&self, op: FaultOp) -> u64 {
        self.lock().seen.get(&op).copied().unwrap_or(0)
    }

    /// How many operations of every kind reached the plan so far.
    ///
    /// ```
    /// assert_eq!(afile_core::testing::Faults::new().total(), 0);
    /// ```
    pub fn total(&self) -> u64 {
        self.lock().total
    }

    /// How many operations the plan made misbehave so far.
    ///
    /// ```
    /// assert_eq!(afile_core::testing::Faults::new().injected(), 0);
    /// ```
    pub fn injected(&self) -> u64 {
        self.lock().injected
    }

    /// Runs `fut` with this plan: every [`Executor`](crate::Executor) made
    /// while `fut` runs (including the default one each builder and each
    /// `afile-os` function makes) carries the plan, and `open`/`open_text`
    /// awaited in it use the plan even if their builder was made outside.
    /// Nothing global changes: other tasks and tests running at the same
    /// time are unaffected.
    ///
    /// ```
    /// # #[tokio::main] async fn main() {
    /// use afile_core::testing::{Faults, errno};
    /// let plan = Faults::new().fail(afile_core::FaultOp::Open, 1, errno::EACCES);
    /// let err = plan.scope(async { afile_core::open("/anything", "rb").await }).await.unwrap_err();
    /// assert_eq!(err.errno(), Some(errno::EACCES));
    /// # }
    /// ```
    pub fn scope<F: Future>(&self, fut: F) -> impl Future<Output = F::Output> {
        PLAN.scope(self.clone(), fut)
    }

    /// The plan of the current task's [`Faults::scope`].
    pub(crate) fn current() -> Option<Self> {
        PLAN.try_with(Clone::clone).ok()
    }

    fn lock(&self) -> MutexGuard<'_, Plan> {
        self.plan.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Counts one `op` and decides what it does.
    pub(crate) fn enter(&self, op: FaultOp) -> io::Result<Shot> {
        let (mut fail, mut short, mut eintr, mut delay) = (None, None, 0u32, Duration::ZERO);
        {
            let mut plan = self.lock();
            let n = {
                let seen = plan.seen.entry(op).or_insert(0);
                *seen += 1;
                *seen
            };
            plan.total += 1;
            let total = plan.total;
            for rule in &plan.rules {
                let hit = match rule.op {
                    Some(o) => o == op && rule.at.hits(n),
                    None => rule.at.hits(total),
                };
                if !hit {
                    continue;
                }
                match rule.action {
                    Action::Fail(e) => fail = fail.or(Some(e)),
                    Action::Short(m) => short = Some(short.map_or(m, |s: usize| s.min(m))),
                    Action::Interrupt(t) => eintr += t,
                    Action::Delay(d) => delay += d,
                }
            }
            if fail.is_some() || short.is_some() || eintr > 0 || !delay.is_zero() {
                plan.injected += 1;
            }
        }
        if !delay.is_zero() {
            std::thread::sleep(delay);
        }
        match fail {
            Some(errno) => Err(crate::sys::errno_error(errno)),
            None => Ok(Shot::new(short, eintr)),
        }
    }
}
