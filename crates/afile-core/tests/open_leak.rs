//! Cancelling `open` never leaks the descriptor it may already have opened.
//! (Alone in its own test binary, so no other test opens files meanwhile.)

#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd").map(|d| d.count()).unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelled_opens_close_their_descriptors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f");
    std::fs::write(&path, b"x").unwrap();
    let before = open_fds();
    for polls in 0..200 {
        let fut = afile_core::open(&path, "rb");
        if let Some(f) = common::poll_then_drop(std::future::IntoFuture::into_future(fut), polls % 3).await {
            drop(f.unwrap());
        }
    }
    // Opens that were dropped finish on the pool; their files close there.
    let mut after = open_fds();
    for _ in 0..200 {
        if after <= before {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        after = open_fds();
    }
    assert!(after <= before, "descriptors leaked: {before} before, {after} after");
}
