//! Issue 13, "slow and failing storage for real": errors that a FUSE server
//! returns for reads, writes, `fsync` and `close` reach the afile call that
//! first can report them, with their errno, and nothing is lost or skipped.

// FUSE, and the in-task rules it checks, are Linux's: nothing to build elsewhere.
#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use std::time::{Duration, Instant};

use afile_testfs::{Op, TestFs};
use common::pattern;

fn errno_of<T: std::fmt::Debug>(r: afile::Result<T>) -> i32 {
    r.unwrap_err().errno().expect("an OS error")
}

/// Waits until the server has failed `n` requests of `op` (a write-behind
/// runs in the background), and then long enough for the failure to travel
/// back through the kernel to the executor thread that made the request.
async fn until_failed(fs: &TestFs, op: Op, n: u64) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while fs.failures(op) < n {
        assert!(Instant::now() < deadline, "the server never saw the {op:?}");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn read_errors_surface_with_their_errno_and_consume_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let test = "read_errors_surface_with_their_errno_and_consume_nothing";
    // direct_io: every read(2) is one request and keeps its errno.
    let Some(fs) = TestFs::mount_direct_io_or_skip(dir.path(), test) else { return };
    let data = pattern(300_000);
    fs.insert("data", data.clone());
    let path = fs.path().join("data");
    let mut cases = 0;
    for buffering in [-1isize, 0, 7, 4096] {
        for (nth, errno) in [(1u64, libc::EIO), (2, libc::ENOLINK), (3, libc::EIO)] {
            let mut f = afile::open(&path, "rb").buffering(buffering).await.unwrap();
            fs.fail_nth(Op::Read, nth, errno);
            let failures = fs.failures(Op::Read);
            let mut pos = 0usize;
            let mut saw = None;
            let mut step = 0usize;
            while pos < data.len() {
                step += 1;
                let n = [1000, 5, 70_000, 4096][step % 4];
                let got = match step % 3 {
                    0 => f.read(n).await,
                    1 => {
                        let mut buf = vec![0; n];
                        f.readinto(&mut buf).await.map(|k| bytes_of(&buf[..k]))
                    }
                    _ => f.read1(n).await,
                };
                match got {
                    Ok(b) => {
                        assert!(b[..] == data[pos..pos + b.len()], "buffering {buffering}: bytes at {pos}");
                        pos += b.len();
                    }
                    Err(e) => {
                        assert_eq!(e.errno(), Some(errno), "buffering {buffering}: {e}");
                        assert!(saw.is_none(), "one failure, one error");
                        // The server failed a request by now, not later.
                        assert_eq!(fs.failures(Op::Read), failures + 1, "buffering {buffering}");
                        saw = Some(pos);
                    }
                }
                // A failed read consumed nothing: the position is where the
                // bytes returned so far end.
                assert_eq!(f.tell().await.unwrap(), pos as u64, "buffering {buffering}");
            }
            assert!(saw.is_some(), "buffering {buffering}, read #{nth}: the error reached the caller");
            f.close().await.unwrap();
            cases += 1;
        }
    }
    println!("read errors: {cases} cases");
}

fn bytes_of(b: &[u8]) -> bytes::Bytes {
    bytes::Bytes::copy_from_slice(b)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn buffered_write_errors_surface_at_flush_and_keep_the_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let test = "buffered_write_errors_surface_at_flush_and_keep_the_bytes";
    let Some(fs) = TestFs::mount_or_skip(dir.path(), test) else { return };
    for (i, errno) in [libc::ENOSPC, libc::EDQUOT, libc::EIO].into_iter().enumerate() {
        let name = format!("w{i}");
        let mut f = afile::open(fs.path().join(&name), "wb").await.unwrap();
        fs.fail_every(Op::Write, errno);
        let writes = fs.calls(Op::Write);
        // Buffered: accepted, nothing sent yet, so nothing to report.
        assert_eq!(f.write(b"hello ").await.unwrap(), 6);
        assert_eq!(f.write(b"world").await.unwrap(), 5);
        assert_eq!(fs.calls(Op::Write), writes, "a small buffered write sends nothing");
        // flush is the first call that sends them: it reports the errno.
        assert_eq!(errno_of(f.flush().await), errno);
        // The bytes were kept: flushing again fails again, not Ok over lost data.
        assert_eq!(errno_of(f.flush().await), errno);
        fs.reset(Op::Write);
        f.flush().await.unwrap();
        assert_eq!(fs.contents(&name).unwrap(), b"hello world");
        f.close().await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_write_behind_is_reported_by_the_next_call() {
    let dir = tempfile::tempdir().unwrap();
    let test = "a_failed_write_behind_is_reported_by_the_next_call";
    let Some(fs) = TestFs::mount_or_skip(dir.path(), test) else { return };
    let big = pattern(3 << 20);
    for (i, next) in ["write", "flush", "close", "seek", "sync_all"].into_iter().enumerate() {
        let name = format!("b{i}");
        let mut f = afile::open(fs.path().join(&name), "wb").await.unwrap();
        fs.fail_every(Op::Write, libc::ENOSPC);
        let failed = fs.failures(Op::Write);
        // Larger than the buffer: written behind (or at once); either this
        // call reports the error, or the next one does.
        let first = f.write(&big).await;
        let reported_by = match first {
            Err(e) => {
                assert_eq!(e.errno(), Some(libc::ENOSPC));
                "the write itself"
            }
            Ok(n) => {
                assert_eq!(n, big.len());
                until_failed(&fs, Op::Write, failed + 1).await;
                let res = match next {
                    "write" => f.write(b"x").await.map(drop),
                    "flush" => f.flush().await,
                    "close" => f.close().await,
                    "seek" => f.seek(std::io::SeekFrom::Start(0)).await.map(drop),
                    _ => f.sync_all().await,
                };
                assert_eq!(
                    res.unwrap_err().errno(),
                    Some(libc::ENOSPC),
                    "{next} after a failed write-behind"
                );
                next
            }
        };
        println!("a failed 3 MiB write was reported by {reported_by}");
        fs.reset(Op::Write);
        if !f.closed() {
            let _ = f.close().await;
        }
        // What reached storage is a prefix of what was accepted.
        let stored = fs.contents(&name).unwrap();
        assert!(big.starts_with(&stored), "stored bytes are a prefix of the written ones");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fsync_errors_surface_at_sync_all() {
    let dir = tempfile::tempdir().unwrap();
    let Some(fs) = TestFs::mount_or_skip(dir.path(), "fsync_errors_surface_at_sync_all") else { return };
    let mut f = afile::open(fs.path().join("s"), "wb").await.unwrap();
    f.write(b"data").await.unwrap();
    fs.fail_nth(Op::Fsync, 1, libc::EIO);
    assert_eq!(errno_of(f.sync_all().await), libc::EIO);
    assert_eq!(fs.contents("s").unwrap(), b"data", "sync_all flushed before the fsync failed");
    f.sync_all().await.unwrap();
    assert_eq!(fs.failures(Op::Fsync), 1);
    f.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unbuffered_write_errors_surface_at_the_write() {
    let dir = tempfile::tempdir().unwrap();
    let test = "unbuffered_write_errors_surface_at_the_write";
    let Some(fs) = TestFs::mount_or_skip(dir.path(), test) else { return };
    let mut f = afile::open(fs.path().join("u"), "wb").buffering(0).await.unwrap();
    f.write(b"kept").await.unwrap();
    fs.fail_nth(Op::Write, 1, libc::EDQUOT);
    assert_eq!(errno_of(f.write(b"refused").await), libc::EDQUOT);
    assert_eq!(f.tell().await.unwrap(), 4, "a failed unbuffered write moves nothing");
    f.write(b"!").await.unwrap();
    f.close().await.unwrap();
    assert_eq!(fs.contents("u").unwrap(), b"kept!");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn close_errors_surface_at_close_with_their_errno() {
    let dir = tempfile::tempdir().unwrap();
    let test = "close_errors_surface_at_close_with_their_errno";
    let Some(fs) = TestFs::mount_or_skip(dir.path(), test) else { return };
    // A file system that reports a delayed write error at close(2), as
    // network file systems do: FUSE's flush request is what close(2) waits for.
    for (i, errno) in [libc::EIO, libc::EDQUOT, libc::ENOSPC].into_iter().enumerate() {
        let name = format!("c{i}");
        let mut f = afile::open(fs.path().join(&name), "wb").await.unwrap();
        f.write(b"all of it").await.unwrap();
        fs.fail_nth(Op::Flush, 1, errno);
        assert_eq!(errno_of(f.close().await), errno, "close reports close(2)'s errno");
        assert!(f.closed());
        // The bytes were written before close(2) reported its error.
        assert_eq!(fs.contents(&name).unwrap(), b"all of it");
        f.close().await.unwrap();
    }
    // The text layer reports it too.
    let mut t = afile::open_text(fs.path().join("t"), "w").await.unwrap();
    t.write("text").await.unwrap();
    fs.fail_nth(Op::Flush, 1, libc::EIO);
    assert_eq!(t.close().await.unwrap_err().errno(), Some(libc::EIO));
    assert_eq!(fs.contents("t").unwrap(), b"text");
}
