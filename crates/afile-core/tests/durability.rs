//! Nothing written is lost: a `File` dropped without `close` writes its
//! buffer, inside a runtime, outside one, and after its runtime shut down.

#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use common::{pattern, runtime};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drop_writes_every_buffered_byte_for_many_sizes() {
    let dir = tempfile::tempdir().unwrap();
    let sizes = [0, 1, 100, 4095, 4096, 4097, 8191, 65_536, 100_003, 1 << 20, (3 << 20) + 7];
    let chunks = [1, 7, 4096, 65_536, 1 << 20];
    for (i, &size) in sizes.iter().enumerate() {
        for &chunk in chunks.iter().filter(|&&c| size / c <= 5000) {
            for buffering in [-1, 0, 16, 8192] {
                let path = dir.path().join(format!("f{i}-{chunk}-{buffering}"));
                let data = pattern(size);
                let mut f = afile_core::open(&path, "wb").buffering(buffering).await.unwrap();
                for piece in data.chunks(chunk) {
                    f.write(piece).await.unwrap();
                }
                drop(f);
                let back = std::fs::read(&path).unwrap();
                assert!(
                    back == data,
                    "size {size} chunk {chunk} buffering {buffering}: {} bytes back",
                    back.len()
                );
            }
        }
    }
}

#[test]
fn drop_works_after_the_runtime_has_shut_down() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("late");
    let data = pattern(5 << 20);
    let rt = runtime();
    let f = rt.block_on(async {
        let mut f = afile_core::open(&path, "wb").await.unwrap();
        // Large writes leave a write-behind in flight when we stop.
        for piece in data.chunks(300_000) {
            f.write(piece).await.unwrap();
        }
        f
    });
    rt.shutdown_background();
    drop(f);
    assert!(std::fs::read(&path).unwrap() == data);
}

#[test]
fn a_file_works_outside_any_runtime() {
    // With no runtime, the default executor runs each operation inline, so a
    // trivial executor is enough to drive the futures.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plain");
    let mut f = block_on_inline(afile_core::open(&path, "w+b").into_future()).unwrap();
    block_on_inline(f.write(b"no runtime here")).unwrap();
    block_on_inline(f.seek(std::io::SeekFrom::Start(3))).unwrap();
    assert_eq!(block_on_inline(f.read(None)).unwrap(), "runtime here");
    drop(f);
    assert_eq!(std::fs::read(&path).unwrap(), b"no runtime here");
}

use std::future::IntoFuture;

fn block_on_inline<F: std::future::Future>(fut: F) -> F::Output {
    let mut fut = std::pin::pin!(fut);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(out) = fut.as_mut().poll(&mut cx) {
            return out;
        }
    }
}
