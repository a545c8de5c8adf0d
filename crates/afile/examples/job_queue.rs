//! A crash-safe job queue in a directory: a producer saves each job with
//! `atomic_write` into `queue/`; four workers list `queue/`, claim a job by
//! renaming it into `claimed/` (a rename either wins or finds the job gone),
//! save the result with `atomic_write` into `done/` and remove the claim.
//! After a crash every job is in exactly one of the three places, whole.
//!
//! Python programs build this with `tempfile.NamedTemporaryFile(dir=…,
//! delete=False)`, `os.fsync`, `os.replace` and `os.listdir`.
//!
//! ```text
//! cargo run --release -p afile --example job_queue
//! cargo run -p afile --example job_queue -- --small
//! ```

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use afile::tempfile::TemporaryDirectory;

const WORKERS: usize = 4;

#[tokio::main]
async fn main() -> afile::Result<()> {
    let small = std::env::args().any(|a| a == "--small");
    run(small).await?;
    Ok(())
}

/// A job's contents: its number and some payload.
fn job(n: usize) -> String {
    format!("{{\"job\": {n}, \"payload\": \"{}\"}}\n", "p".repeat(200 + n % 800))
}

/// What a worker makes of a job.
fn result_of(job: &str) -> String {
    format!("{{\"done\": true, \"len\": {}}}\n", job.len())
}

/// Runs the producer and the workers over `jobs` jobs; returns how often a
/// worker's listing showed a save's hidden temporary name, and how long it
/// all took.
pub async fn run(small: bool) -> afile::Result<(u64, Duration)> {
    let dir = TemporaryDirectory::new().await?;
    let jobs = if small { 20 } else { 200 };
    let (queue, claimed, done) =
        (dir.path().join("queue"), dir.path().join("claimed"), dir.path().join("done"));
    for d in [&queue, &claimed, &done] {
        afile::os::mkdir(d, None).await?;
    }

    let started = Instant::now();
    let hidden_seen = Arc::new(AtomicU64::new(0));
    let mut workers = Vec::new();
    for w in 0..WORKERS {
        let (queue, claimed, done, seen) =
            (queue.clone(), claimed.clone(), done.clone(), hidden_seen.clone());
        workers.push(tokio::spawn(async move { work(w, &queue, &claimed, &done, jobs, &seen).await }));
    }
    for n in 0..jobs {
        afile::atomic_write(queue.join(format!("job-{n:05}.json")), job(n)).await?;
    }
    let mut handled = 0;
    for w in workers {
        handled += w.await.map_err(std::io::Error::other)??;
    }
    let took = started.elapsed();
    let seen = hidden_seen.load(Ordering::Relaxed);
    println!(
        "{jobs} jobs through {WORKERS} workers in {took:.2?}; hidden save names seen in listings: {seen}"
    );

    assert_eq!(handled, jobs, "every job handled once");
    assert!(afile::os::listdir(&queue).await?.is_empty() && afile::os::listdir(&claimed).await?.is_empty());
    for n in 0..jobs {
        let out = std::fs::read_to_string(done.join(format!("job-{n:05}.json")))?;
        assert_eq!(out, result_of(&job(n)), "job {n}'s result");
    }
    println!("checked: every job done once, its result whole, nothing left in queue/ or claimed/");
    Ok((seen, took))
}

/// One worker: claims jobs until every job is done; returns how many it did.
async fn work(
    me: usize,
    queue: &Path,
    claimed: &Path,
    done: &Path,
    jobs: usize,
    hidden_seen: &AtomicU64,
) -> afile::Result<usize> {
    let mut handled = 0;
    loop {
        let names = afile::os::listdir(queue).await?;
        let mut claimed_any = false;
        for name in names {
            let name = name.to_string_lossy().into_owned();
            if name.starts_with('.') {
                // A save in progress: its hidden temporary name.
                hidden_seen.fetch_add(1, Ordering::Relaxed);
                continue;
            }
            let mine: PathBuf = claimed.join(format!("{name}.{me}"));
            match afile::os::rename(queue.join(&name), &mine).await {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue, // another worker won
                Err(e) => return Err(e),
            }
            claimed_any = true;
            let text = afile::read_to_string(&mine).await?;
            afile::atomic_write(done.join(&name), result_of(&text)).await?;
            afile::os::remove(&mine).await?;
            handled += 1;
        }
        if !claimed_any {
            if afile::os::listdir(done)
                .await?
                .iter()
                .filter(|n| !n.to_string_lossy().starts_with('.'))
                .count()
                >= jobs
            {
                return Ok(handled);
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }
}
