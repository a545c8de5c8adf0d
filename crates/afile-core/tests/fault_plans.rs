//! The `testing` feature: fault plans reach every operation of a file, and
//! the in-memory file system behaves as a disk does.

use std::io::SeekFrom;
use std::time::{Duration, Instant};

use afile_core::FaultOp;
use afile_core::testing::{At, Faults, MemFs, errno};

fn ex(plan: &Faults) -> afile_core::Executor {
    afile_core::Executor::default().with_faults(plan.clone())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_operation_fails_with_the_chosen_errno() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("f");
    std::fs::write(&path, b"0123456789").expect("seed");

    let plan = Faults::new().fail(FaultOp::Open, 1, errno::EACCES);
    let err = afile_core::open(&path, "rb").executor(ex(&plan)).await.expect_err("open fails");
    assert_eq!(err.errno(), Some(errno::EACCES));
    assert!(err.to_string().contains("Permission denied"), "{err}");

    let plan = Faults::new().fail(FaultOp::Read, 1, errno::EIO);
    let mut f = afile_core::open(&path, "rb").executor(ex(&plan)).await.expect("open");
    assert_eq!(f.read(4).await.expect_err("read fails").errno(), Some(errno::EIO));
    assert_eq!(f.read(4).await.expect("the next read works"), "0123");

    let plan = Faults::new().fail(FaultOp::Write, 1, errno::ENOSPC);
    let mut f = afile_core::open(&path, "wb").executor(ex(&plan)).await.expect("open");
    f.write(b"abc").await.expect("buffered");
    assert_eq!(f.flush().await.expect_err("write fails").errno(), Some(errno::ENOSPC));
    f.flush().await.expect("the bytes were kept and go out on retry");
    assert_eq!(std::fs::read(&path).expect("read"), b"abc");

    let plan = Faults::new().fail(FaultOp::Flush, 1, errno::EIO);
    let mut f = afile_core::open(&path, "wb").executor(ex(&plan)).await.expect("open");
    f.write(b"xyz").await.expect("buffered");
    assert_eq!(f.flush().await.expect_err("flush fails").errno(), Some(errno::EIO));
    assert_eq!(std::fs::read(&path).expect("read"), b"", "nothing written by the failed flush");
    f.close().await.expect("close writes the kept bytes");
    assert_eq!(std::fs::read(&path).expect("read"), b"xyz");

    let plan = Faults::new().fail(FaultOp::Fsync, 1, errno::EIO).fail(FaultOp::Truncate, 1, errno::EROFS);
    let mut f = afile_core::open(&path, "r+b").executor(ex(&plan)).await.expect("open");
    assert_eq!(f.sync_all().await.expect_err("fsync fails").errno(), Some(errno::EIO));
    assert_eq!(f.truncate(1).await.expect_err("truncate fails").errno(), Some(errno::EROFS));
    assert_eq!(std::fs::metadata(&path).expect("stat").len(), 3, "a failed truncate changes nothing");

    let plan = Faults::new().fail(FaultOp::Close, 1, errno::EDQUOT);
    let mut t = afile_core::open_text(&path, "w").executor(ex(&plan)).await.expect("open_text");
    t.write("quota").await.expect("buffered");
    assert_eq!(t.close().await.expect_err("close fails").errno(), Some(errno::EDQUOT));
    assert!(t.closed(), "closed all the same");
    assert_eq!(std::fs::read(&path).expect("read"), b"quota");
    assert_eq!(plan.count(FaultOp::Close), 1);
    assert_eq!(plan.injected(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eintr_and_short_calls_lose_and_repeat_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("f");
    let data: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
    let plan = Faults::new()
        .short(FaultOp::Write, At::Every, 777)
        .interrupt(FaultOp::Write, At::Every, 2)
        .short(FaultOp::Read, At::Every, 333)
        .interrupt(FaultOp::Read, At::Every, 1);
    for buffering in [-1, 0, 4096] {
        let mut f =
            afile_core::open(&path, "w+b").buffering(buffering).executor(ex(&plan)).await.expect("open");
        for chunk in data.chunks(10_000) {
            f.write(chunk).await.expect("write");
        }
        f.seek(SeekFrom::Start(0)).await.expect("seek");
        assert_eq!(f.read(None).await.expect("read"), &data[..], "buffering {buffering}");
        f.close().await.expect("close");
        assert_eq!(std::fs::read(&path).expect("read"), data);
    }
    assert!(plan.count(FaultOp::Write) >= 3 * (100_000 / 777) as u64);
    assert_eq!(plan.injected(), plan.count(FaultOp::Write) + plan.count(FaultOp::Read));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn latency_delays_the_operation_and_the_scope_stays_in_its_task() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("f");
    std::fs::write(&path, b"data").expect("seed");
    let plan =
        Faults::new().delay(FaultOp::Fsync, 1, Duration::from_millis(150)).fail(FaultOp::Open, 2, errno::EIO);
    let scoped = {
        let (plan, path) = (plan.clone(), path.clone());
        tokio::spawn(async move {
            plan.scope(async {
                let mut f = afile_core::open(&path, "r+b").await?;
                let start = Instant::now();
                f.sync_all().await?;
                let slow = start.elapsed();
                let second = afile_core::open(&path, "rb").await.map(drop);
                Ok::<_, afile_core::Error>((slow, second))
            })
            .await
        })
    };
    // Outside the scope, at the same time: no plan, no delay, no failure.
    for _ in 0..20 {
        let mut f = afile_core::open(&path, "r+b").await.expect("unaffected open");
        f.sync_all().await.expect("unaffected fsync");
    }
    let (slow, second) = scoped.await.expect("task").expect("scoped work");
    assert!(slow >= Duration::from_millis(150), "fsync took {slow:?}");
    assert_eq!(second.expect_err("the second open in the scope fails").errno(), Some(errno::EIO));
    assert_eq!(plan.count(FaultOp::Open), 2);
    assert_eq!(plan.count(FaultOp::Fsync), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn memfs_files_are_real_files_in_memory() {
    let fs = MemFs::new();
    let path = "/afile-memfs-test/never-on-disk.bin";
    assert_eq!(fs.open(path, "rb").await.expect_err("missing").errno(), Some(errno::ENOENT));
    let mut w = fs.open(path, "wb").await.expect("create");
    w.write(b"hello world").await.expect("write");
    w.flush().await.expect("flush");
    assert!(!std::path::Path::new(path).exists(), "nothing on the disk");
    // Independent descriptions: each open has its own position.
    let mut a = fs.open(path, "rb").await.expect("open a");
    let mut b = fs.open(path, "rb").await.expect("open b");
    assert_eq!(a.read(5).await.expect("a"), "hello");
    assert_eq!(b.read(2).await.expect("b"), "he");
    assert_eq!(fs.open(path, "xb").await.expect_err("exists").errno(), Some(errno::EEXIST));
    let mut ap = fs.open(path, "ab").await.expect("append");
    ap.write(b"!").await.expect("append write");
    ap.close().await.expect("close");
    assert_eq!(fs.read(path).expect("read"), b"hello world!");
    let mut t = fs.open_text(path, "r+").await.expect("text");
    assert_eq!(t.readline(None).await.expect("line"), "hello world!");
    drop(w);
    let mut trunc = fs.open(path, "w+b").await.expect("truncate");
    assert_eq!(trunc.read(None).await.expect("empty"), "");
    assert_eq!(fs.paths(), [std::path::PathBuf::from(path)]);
    fs.remove(path).expect("remove");
    assert!(!fs.exists(path));

    // Fault plans apply to in-memory files as to others.
    let plan = Faults::new().fail(FaultOp::Write, At::From(1), errno::ENOSPC);
    let fs = MemFs::new().executor(ex(&plan));
    let mut f = fs.open("full", "wb").await.expect("open");
    f.write(b"x").await.expect("buffered");
    assert_eq!(f.close().await.expect_err("full").errno(), Some(errno::ENOSPC));
    assert_eq!(fs.read("full").expect("read"), b"");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_next_write_reports_a_finished_write_behind_failure() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("f");
    let plan = Faults::new().fail(FaultOp::Write, 1, errno::EIO);
    let mut f = afile_core::open(&path, "wb").buffering(4096).executor(ex(&plan)).await.expect("open");
    f.write(&[1u8; 5000]).await.expect("accepted, written behind");
    while plan.count(FaultOp::Write) == 0 {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    tokio::time::sleep(Duration::from_millis(20)).await;
    // A small write that needs no wait still reports the failure.
    assert_eq!(f.write(b"x").await.expect_err("reported").errno(), Some(errno::EIO));
    f.close().await.expect("the kept bytes go out on retry");
    assert_eq!(std::fs::read(&path).expect("read"), vec![1u8; 5000]);
}
