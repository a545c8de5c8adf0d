//! Helpers shared by the FUSE tests: a ticker that measures how late the
//! runtime runs a task, and runtimes of both flavours.
#![allow(dead_code)]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// A task that sleeps `period` again and again and records how late each
/// wake-up came: a runtime thread blocked on I/O shows up as lateness.
pub struct Ticker {
    worst_us: Arc<AtomicU64>,
    ticks: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
    task: tokio::task::JoinHandle<()>,
}

/// What a ticker saw.
#[derive(Debug, Clone, Copy)]
pub struct Ticks {
    pub worst_lateness: Duration,
    pub ticks: u64,
}

impl Ticker {
    /// Starts ticking on the current runtime.
    pub fn start(period: Duration) -> Ticker {
        let worst_us = Arc::new(AtomicU64::new(0));
        let ticks = Arc::new(AtomicU64::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (w, t, s) = (worst_us.clone(), ticks.clone(), stop.clone());
        let task = tokio::spawn(async move {
            while !s.load(Ordering::SeqCst) {
                let due = Instant::now() + period;
                tokio::time::sleep(period).await;
                let late = Instant::now().saturating_duration_since(due);
                w.fetch_max(late.as_micros() as u64, Ordering::SeqCst);
                t.fetch_add(1, Ordering::SeqCst);
            }
        });
        Ticker { worst_us, ticks, stop, task }
    }

    /// Stops the ticker and says what it saw.
    pub async fn stop(self) -> Ticks {
        self.stop.store(true, Ordering::SeqCst);
        self.task.await.expect("ticker task");
        Ticks {
            worst_lateness: Duration::from_micros(self.worst_us.load(Ordering::SeqCst)),
            ticks: self.ticks.load(Ordering::SeqCst),
        }
    }
}

/// The two runtime shapes in which a blocked thread stops every task: a
/// current-thread runtime and a multi-thread one with a single worker.
pub fn runtimes() -> [(&'static str, tokio::runtime::Runtime); 2] {
    let current = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let one_worker =
        tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("runtime");
    [("current_thread", current), ("multi_thread(1 worker)", one_worker)]
}

/// `len` bytes of a pattern that differs at every offset.
pub fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 31 % 251) as u8).collect()
}

/// The calling thread's id, as the kernel reports it in FUSE requests.
pub fn gettid() -> u32 {
    // SAFETY: gettid has no preconditions and cannot fail.
    let tid = unsafe { libc::gettid() };
    tid as u32
}
