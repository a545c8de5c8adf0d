//! Where blocking work runs.
//!
//! Every afile call that has to block (open, a buffer refill, a flush, a
//! `stat`) is one closure handed to an [`Executor`], which returns an [`Op`]:
//! a future of the closure's result that is also safe to abandon.
//!
//! An [`Op`] owns its closure until a thread starts it. That is what makes
//! three promises cheap to keep:
//!
//! * a future dropped mid-flight leaves the operation to finish on its own and
//!   its result to be picked up later ([`File`](crate::File) keeps the `Op`);
//! * [`Op::wait`] can finish an operation synchronously, from `Drop`, even
//!   when the runtime is gone: it runs the closure on the current thread if no
//!   worker has started it, or waits for the worker that has;
//! * a closure that its executor dropped unrun (a runtime shutting down) is run
//!   inline by whoever polls next, so nothing hangs and nothing is lost.

use std::fmt;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll, Waker};
use std::thread;

use tokio::runtime::Handle;

use crate::fault::{FaultOp, Hook};

/// A cheap, cloneable handle to where afile runs blocking work.
///
/// * [`Executor::default()`]: tokio's blocking pool of the runtime current at
///   each call (aiofiles' default); outside any runtime the work runs inline.
/// * [`Executor::from_handle`]: the blocking pool of a given runtime
///   (aiofiles' `loop=`).
/// * [`Executor::dedicated`]: a pool of threads of its own (aiofiles'
///   `executor=`), for isolating file work from the rest of the program.
/// * [`Executor::inline`]: no thread at all; blocking work runs on the thread
///   that asks for it (CLI tools, tests, programs doing only file work).
///
/// Every afile constructor takes `.executor(ex)`. The type is opaque so that a
/// faster engine (io_uring on Linux) can be added behind it without changing
/// any caller.
///
/// # Examples
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// let ex = afile_core::Executor::dedicated(2);
/// let answer = ex.run("answer", || 6 * 7).await;
/// assert_eq!(answer, 42);
/// # let dir = tempfile::tempdir()?;
/// let mut f = afile_core::open(dir.path().join("x"), "wb").executor(ex).await?;
/// f.write(b"hi").await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Executor {
    engine: Engine,
    /// The fault plan of the `testing` feature (empty without it).
    hook: Hook,
}

impl Default for Executor {
    /// Tokio's blocking pool of the runtime current at each call; inside a
    /// `testing` fault scope, it carries the scope's plan.
    fn default() -> Self {
        Self { engine: Engine::Current, hook: Hook::current() }
    }
}

#[derive(Clone, Default)]
enum Engine {
    #[default]
    Current,
    Handle(Handle),
    Pool(Arc<Pool>),
    Inline,
}

impl fmt::Debug for Executor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match &self.engine {
            Engine::Current => "current runtime",
            Engine::Handle(_) => "runtime handle",
            Engine::Pool(_) => "dedicated pool",
            Engine::Inline => "inline",
        };
        f.debug_tuple("Executor").field(&name).finish()
    }
}

impl Executor {
    /// Runs blocking work on the blocking pool of the runtime behind `handle`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() {
    /// let ex = afile_core::Executor::from_handle(tokio::runtime::Handle::current());
    /// assert_eq!(ex.run("add", || 1 + 1).await, 2);
    /// # }
    /// ```
    pub fn from_handle(handle: Handle) -> Self {
        Self { engine: Engine::Handle(handle), hook: Hook::current() }
    }

    /// Runs blocking work on a pool of `threads` threads of its own (at least
    /// one). The threads end when the last clone of the executor is dropped
    /// and their queue is empty.
    ///
    /// ```
    /// # #[tokio::main] async fn main() {
    /// let ex = afile_core::Executor::dedicated(1);
    /// let name = ex.run("name", || std::thread::current().name().map(String::from)).await;
    /// assert_eq!(name.as_deref(), Some("afile-worker"));
    /// # }
    /// ```
    pub fn dedicated(threads: usize) -> Self {
        Self { engine: Engine::Pool(Arc::new(Pool::new(threads.max(1)))), hook: Hook::current() }
    }

    /// This executor with the fault plan `faults`: the files opened with it,
    /// and the calls run on it, misbehave as the plan says (the `testing`
    /// feature).
    ///
    /// ```
    /// # #[tokio::main] async fn main() {
    /// use afile_core::testing::{Faults, errno};
    /// let plan = Faults::new().fail(afile_core::FaultOp::Open, 1, errno::EIO);
    /// let ex = afile_core::Executor::default().with_faults(plan);
    /// let err = afile_core::open("/etc/hostname", "rb").executor(ex).await.unwrap_err();
    /// assert_eq!(err.errno(), Some(errno::EIO));
    /// # }
    /// ```
    #[cfg(feature = "testing")]
    pub fn with_faults(mut self, faults: crate::testing::Faults) -> Self {
        self.hook = Hook { plan: Some(faults) };
        self
    }

    /// A fault point of kind `op`, for afile's own crates (`afile-os`,
    /// `afile-tempfile`) to call at the top of a system call they make: with
    /// a fault plan (the `testing` feature) it may sleep or fail as the plan
    /// says; otherwise it returns `Ok(())` and costs nothing.
    ///
    /// ```
    /// let ex = afile_core::Executor::default();
    /// assert!(ex.fault_point(afile_core::FaultOp::Rename).is_ok());
    /// ```
    #[inline]
    pub fn fault_point(&self, op: FaultOp) -> std::io::Result<()> {
        self.hook.enter(op).map(drop)
    }

    /// This executor, with the plan of the task's fault scope if it has none
    /// (for a builder made outside the scope and awaited inside it).
    pub(crate) fn in_scope(self) -> Self {
        #[cfg(feature = "testing")]
        if self.hook.plan.is_none() {
            return Self { hook: Hook::current(), ..self };
        }
        self
    }

    /// The fault plan, for the files this executor opens.
    pub(crate) fn hook(&self) -> &Hook {
        &self.hook
    }

    /// Runs blocking work on the thread that asks for it: no pool, no hop.
    ///
    /// Every afile call then costs what the plain syscall costs (a named
    /// temporary file costs what the sync `tempfile` crate does), and the
    /// future of an operation is ready when it is first polled.
    ///
    /// # When not to use it
    ///
    /// The calling thread is a runtime thread, and it stops while the disk,
    /// a network file system or a FUSE server answers. Use `inline()` only
    /// where nothing else needs that thread in the meantime: command-line
    /// tools, tests, a `current_thread` program whose only work is files.
    /// In a server, a GUI or any program with timers, sockets or other tasks
    /// on the same runtime, keep the default: a slow file would stall them
    /// all. (Without `inline()`, afile already serves page-cache reads and
    /// cached opens in the task when the kernel promises not to block; see
    /// the guide's "What runs inline".)
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// let ex = afile_core::Executor::inline();
    /// let here = std::thread::current().id();
    /// assert_eq!(ex.run("where", move || std::thread::current().id() == here).await, true);
    /// let mut f = afile_core::open(dir.path().join("x"), "w+b").executor(ex).await?;
    /// f.write(b"no hops").await?;
    /// # Ok(()) }
    /// ```
    pub fn inline() -> Self {
        Self { engine: Engine::Inline, hook: Hook::default() }
    }

    /// Whether this is [`Executor::inline`]: work would run on the calling
    /// thread anyway, so paths that try a non-blocking call first skip it.
    #[inline]
    pub(crate) fn is_inline(&self) -> bool {
        matches!(self.engine, Engine::Inline)
    }

    /// Runs `work` where this executor runs blocking work and returns a
    /// future of its result. `name` labels the tracing span of the operation.
    ///
    /// The work starts at once, whether or not the [`Op`] is polled; dropping
    /// the `Op` does not stop it.
    ///
    /// ```
    /// # #[tokio::main] async fn main() {
    /// let len = afile_core::Executor::default().run("len", || "four".len()).await;
    /// assert_eq!(len, 4);
    /// # }
    /// ```
    pub fn run<R, F>(&self, name: &'static str, work: F) -> Op<R>
    where
        F: FnOnce() -> R + Send + 'static,
        R: Send + 'static,
    {
        let job: Job<R> = Box::new(move || {
            let _span = tracing::debug_span!("afile", op = name).entered();
            work()
        });
        let slot = Arc::new(Slot {
            state: Mutex::new(State { job: Some(job), ..State::default() }),
            done: Condvar::new(),
            finished: AtomicBool::new(false),
        });
        let runner = Runner(Some(slot.clone()));
        match &self.engine {
            Engine::Current => match Handle::try_current() {
                Ok(handle) => drop(handle.spawn_blocking(move || runner.run())),
                Err(_) => runner.run(),
            },
            Engine::Handle(handle) => drop(handle.spawn_blocking(move || runner.run())),
            Engine::Pool(pool) => pool.submit(Box::new(move || runner.run())),
            Engine::Inline => runner.run(),
        }
        Op { slot }
    }
}

type Job<R> = Box<dyn FnOnce() -> R + Send>;

/// A blocking operation handed to an [`Executor`]: a future of its result.
///
/// Dropping an `Op` does not cancel the work; its result is then dropped when
/// the work ends. [`Op::wait`] finishes it synchronously.
///
/// ```
/// # #[tokio::main] async fn main() {
/// let op = afile_core::Executor::default().run("sum", || (1..=10).sum::<u32>());
/// assert_eq!(op.wait(), 55); // blocking: fine outside async code or in Drop
/// # }
/// ```
#[must_use = "an Op does nothing useful unless awaited or waited for"]
pub struct Op<R> {
    slot: Arc<Slot<R>>,
}

impl<R> fmt::Debug for Op<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Op").finish_non_exhaustive()
    }
}

struct Slot<R> {
    state: Mutex<State<R>>,
    done: Condvar,
    /// Set once the result is stored: a check without the lock.
    finished: AtomicBool,
}

struct State<R> {
    /// The work, until a thread takes it to run it.
    job: Option<Job<R>>,
    /// The result (or the panic) once the work has run.
    result: Option<thread::Result<R>>,
    /// The executor dropped the work unrun: the poller runs it inline.
    abandoned: bool,
    waker: Option<Waker>,
}

impl<R> Default for State<R> {
    fn default() -> Self {
        Self { job: None, result: None, abandoned: false, waker: None }
    }
}

impl<R> Slot<R> {
    fn lock(&self) -> MutexGuard<'_, State<R>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs the job if nobody has taken it yet, storing its result.
    fn run_job(&self) {
        let Some(job) = self.lock().job.take() else {
            return;
        };
        let result = catch_unwind(AssertUnwindSafe(job));
        let waker = {
            let mut state = self.lock();
            state.result = Some(result);
            self.finished.store(true, Ordering::Release);
            state.waker.take()
        };
        self.done.notify_all();
        if let Some(w) = waker {
            w.wake();
        }
    }
}

/// What the executor holds. If the executor drops it unrun, the slot is
/// marked abandoned and its poller is woken to run the job itself.
struct Runner<R>(Option<Arc<Slot<R>>>);

impl<R> Runner<R> {
    fn run(mut self) {
        if let Some(slot) = self.0.take() {
            slot.run_job();
        }
    }
}

impl<R> Drop for Runner<R> {
    fn drop(&mut self) {
        if let Some(slot) = self.0.take() {
            let waker = {
                let mut state = slot.lock();
                state.abandoned = true;
                state.waker.take()
            };
            slot.done.notify_all();
            if let Some(w) = waker {
                w.wake();
            }
        }
    }
}

fn unwrap_result<R>(result: thread::Result<R>) -> R {
    result.unwrap_or_else(|panic| resume_unwind(panic))
}

impl<R> Op<R> {
    /// Blocks the current thread until the operation is done and returns its
    /// result. If no thread has started the work yet, it runs here.
    ///
    /// ```
    /// let op = afile_core::Executor::dedicated(1).run("hello", || "hello");
    /// assert_eq!(op.wait(), "hello");
    /// ```
    pub fn wait(self) -> R {
        let mut state = self.slot.lock();
        loop {
            if let Some(result) = state.result.take() {
                return unwrap_result(result);
            }
            if state.job.is_some() {
                drop(state);
                self.slot.run_job();
                state = self.slot.lock();
                continue;
            }
            state = self.slot.done.wait(state).unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Whether the result is ready, so that polling will not return `Pending`.
    #[cfg(test)]
    pub(crate) fn is_ready(&self) -> bool {
        self.slot.lock().result.is_some()
    }

    /// Whether the work has run (one atomic load, no lock): a hint for
    /// adopting a result early.
    #[inline]
    pub(crate) fn is_finished(&self) -> bool {
        self.slot.finished.load(Ordering::Acquire)
    }
}

impl<R> Future for Op<R> {
    type Output = R;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<R> {
        let mut state = self.slot.lock();
        if let Some(result) = state.result.take() {
            return Poll::Ready(unwrap_result(result));
        }
        if state.abandoned && state.job.is_some() {
            drop(state);
            self.slot.run_job();
            let result = self.slot.lock().result.take();
            return match result {
                Some(r) => Poll::Ready(unwrap_result(r)),
                None => Poll::Pending,
            };
        }
        match &state.waker {
            Some(w) if w.will_wake(cx.waker()) => {}
            _ => state.waker = Some(cx.waker().clone()),
        }
        Poll::Pending
    }
}

/// A dedicated pool: `threads` workers taking boxed jobs from one queue.
struct Pool {
    queue: Mutex<mpsc::Sender<Box<dyn FnOnce() + Send>>>,
}

impl Pool {
    fn new(threads: usize) -> Self {
        let (tx, rx) = mpsc::channel::<Box<dyn FnOnce() + Send>>();
        let rx = Arc::new(Mutex::new(rx));
        for _ in 0..threads {
            let rx = rx.clone();
            let spawned = thread::Builder::new().name("afile-worker".into()).spawn(move || {
                loop {
                    let job = rx.lock().unwrap_or_else(PoisonError::into_inner).recv();
                    match job {
                        Ok(job) => job(),
                        Err(_) => break,
                    }
                }
            });
            if let Err(e) = spawned {
                tracing::warn!("afile: could not start a worker thread: {e}");
            }
        }
        Self { queue: Mutex::new(tx) }
    }

    /// Queues a job; if no worker can take it, the job is dropped unrun and
    /// its [`Runner`] hands it back to the poller.
    fn submit(&self, job: Box<dyn FnOnce() + Send>) {
        let queue = self.queue.lock().unwrap_or_else(PoisonError::into_inner);
        drop(queue.send(job));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_inline_outside_a_runtime() {
        let op = Executor::default().run("t", || 5);
        assert!(op.is_ready());
        assert_eq!(op.wait(), 5);
    }

    #[test]
    fn work_dropped_by_a_dead_runtime_is_run_by_the_poller() {
        let rt = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
        let ex = Executor::from_handle(rt.handle().clone());
        drop(rt);
        let op = ex.run("t", || 9);
        assert_eq!(op.wait(), 9);
        let op = ex.run("t", || 10);
        let value = tokio::runtime::Builder::new_current_thread().build().expect("runtime").block_on(op);
        assert_eq!(value, 10);
    }

    #[test]
    fn inline_runs_on_the_calling_thread_before_the_first_poll() {
        let here = thread::current().id();
        let op = Executor::inline().run("t", move || thread::current().id() == here);
        assert!(op.is_ready());
        assert!(op.wait());
        assert!(Executor::inline().is_inline());
        assert!(!Executor::default().is_inline());
        assert!(!Executor::dedicated(1).is_inline());
    }

    #[test]
    fn inline_runs_inside_a_runtime_without_a_hop() {
        let rt = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
        let ran_here = rt.block_on(async {
            let here = thread::current().id();
            Executor::inline().run("t", move || thread::current().id() == here).await
        });
        assert!(ran_here);
    }

    #[test]
    #[should_panic(expected = "boom")]
    fn a_panic_in_the_work_reaches_the_waiter() {
        let op = Executor::dedicated(1).run("t", || -> u8 { panic!("boom") });
        op.wait();
    }
}
