//! Where `close()` runs: a read-only regular file on a local file system
//! closes in the task (its `close(2)` does no I/O); a written file, and a
//! read-only one whose last link is gone (its close frees the blocks),
//! close on the executor, with the final write-out in the same job.

#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use common::poll_once;

use std::future::IntoFuture;
use std::sync::mpsc;

use afile_core::Executor;

/// A one-thread executor whose thread is busy until the sender is dropped.
fn stalled_executor() -> (Executor, mpsc::Sender<()>) {
    let ex = Executor::dedicated(1);
    let (tx, rx) = mpsc::channel::<()>();
    drop(ex.run("stall", move || rx.recv()));
    (ex, tx)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_only_local_file_opens_reads_and_closes_without_a_hop() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f");
    let data = common::pattern(4096);
    std::fs::write(&path, &data).unwrap();
    let _ = std::fs::read(&path).unwrap();
    let (ex, stall) = stalled_executor();
    let mut f = poll_once(afile_core::open(&path, "rb").executor(ex.clone()).into_future()).unwrap().unwrap();
    assert!(poll_once(f.read(None)).unwrap().unwrap() == data);
    poll_once(f.close()).expect("closed in the task").unwrap();
    assert!(f.closed());

    // Unlinked while open: the last close frees the file, so it hops.
    let gone = dir.path().join("gone");
    std::fs::write(&gone, &data).unwrap();
    let mut f = poll_once(afile_core::open(&gone, "rb").executor(ex.clone()).into_future()).unwrap().unwrap();
    std::fs::remove_file(&gone).unwrap();
    let mut close = std::pin::pin!(f.close());
    assert!(poll_once(close.as_mut()).is_none(), "an unlinked file's close waits for the executor");
    drop(stall);
    close.await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_written_file_writes_out_and_closes_on_the_executor() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w");
    let (ex, stall) = stalled_executor();
    let mut open = std::pin::pin!(afile_core::open(&path, "wb").executor(Executor::default()).into_future());
    let mut f = open.as_mut().await.unwrap().with_executor(ex);
    f.write(b"buffered").await.unwrap();
    let mut close = std::pin::pin!(f.close());
    assert!(poll_once(close.as_mut()).is_none(), "a written file's close hops");
    assert_eq!(std::fs::read(&path).unwrap(), b"", "nothing written before the hop");
    drop(stall);
    close.await.unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"buffered");
}
