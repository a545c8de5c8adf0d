//! The three kinds of executor all carry a file's work.

#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use common::poll_once;

use std::future::IntoFuture;
use std::io::SeekFrom;

use afile_core::Executor;

async fn round_trip(ex: Executor, path: &std::path::Path) {
    let mut f = afile_core::open(path, "w+b").executor(ex.clone()).await.unwrap();
    let data = common::pattern(3 << 20);
    f.write(&data).await.unwrap();
    f.seek(SeekFrom::Start(0)).await.unwrap();
    assert!(f.read(None).await.unwrap() == data);
    f.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn default_executor_uses_the_current_runtime() {
    let dir = tempfile::tempdir().unwrap();
    round_trip(Executor::default(), &dir.path().join("a")).await;
}

#[test]
fn from_handle_runs_work_on_another_runtime() {
    let dir = tempfile::tempdir().unwrap();
    let io_rt = common::runtime();
    let ex = Executor::from_handle(io_rt.handle().clone());
    // The caller's runtime is single-threaded; the work runs on `io_rt`.
    let caller = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    caller.block_on(round_trip(ex.clone(), &dir.path().join("b")));
    let name = caller.block_on(ex.run("name", || std::thread::current().name().map(String::from)));
    assert_ne!(name.as_deref(), Some("afile-worker"));
}

#[tokio::test(flavor = "current_thread")]
async fn dedicated_pool_runs_work_on_its_own_threads() {
    let dir = tempfile::tempdir().unwrap();
    let ex = Executor::dedicated(2);
    round_trip(ex.clone(), &dir.path().join("c")).await;
    let name = ex.run("name", || std::thread::current().name().map(String::from)).await;
    assert_eq!(name.as_deref(), Some("afile-worker"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inline_executor_finishes_every_call_in_its_first_poll() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d");
    let ex = Executor::inline();
    let mut f =
        poll_once(afile_core::open(&path, "w+b").executor(ex.clone()).into_future()).unwrap().unwrap();
    let data = common::pattern(3 << 20);
    poll_once(f.write(&data)).unwrap().unwrap();
    poll_once(f.flush()).unwrap().unwrap();
    poll_once(f.seek(SeekFrom::Start(0))).unwrap().unwrap();
    assert!(poll_once(f.read(None)).unwrap().unwrap() == data);
    poll_once(f.close()).unwrap().unwrap();
    assert!(std::fs::read(&path).unwrap() == data);
    round_trip(ex, &dir.path().join("e")).await;
}
