//! Dropping any future mid-flight leaves the file usable, its position
//! defined, and no byte read twice, skipped, or written twice.

#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use std::io::SeekFrom;

use common::{Lcg, pattern, poll_then_drop};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelled_reads_consume_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = pattern(3 << 20);
    for (seed, buffering) in [(1u64, -1isize), (2, 0), (3, 7), (4, 4096), (5, 65_536)] {
        let path = dir.path().join(format!("r{seed}"));
        std::fs::write(&path, &data).unwrap();
        let mut f = afile_core::open(&path, "rb").buffering(buffering).await.unwrap();
        let mut rng = Lcg(seed);
        let mut expect = 0usize;
        while expect < data.len() {
            let polls = rng.below(4) as usize;
            let span = if rng.below(4) == 0 { 300_000 } else { 200 };
            let n = 1 + rng.below(span) as usize;
            let got = match rng.below(3) {
                0 => poll_then_drop(f.read(n), polls).await.map(|r| r.unwrap()),
                1 => poll_then_drop(f.readline(n), polls).await.map(|r| r.unwrap()),
                _ => poll_then_drop(f.read1(n), polls).await.map(|r| r.unwrap()),
            };
            if let Some(bytes) = got {
                assert!(
                    bytes[..] == data[expect..expect + bytes.len()],
                    "seed {seed}: wrong bytes at {expect}"
                );
                expect += bytes.len();
                if bytes.is_empty() {
                    break;
                }
            }
            assert_eq!(
                f.tell().await.unwrap(),
                expect as u64,
                "seed {seed}: position after a cancelled read"
            );
        }
        assert_eq!(expect, data.len());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelled_writes_are_all_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for (seed, buffering) in [(11u64, -1isize), (12, 0), (13, 5), (14, 8192)] {
        let path = dir.path().join(format!("w{seed}"));
        let mut f = afile_core::open(&path, "w+b").buffering(buffering).await.unwrap();
        let mut rng = Lcg(seed);
        let mut expect = Vec::new();
        for round in 0..400 {
            let len = 1 + rng.below(if round % 50 == 0 { 2_000_000 } else { 5000 }) as usize;
            let piece: Vec<u8> = (0..len).map(|i| (i + round) as u8).collect();
            let polls = rng.below(4) as usize;
            match poll_then_drop(f.write(&piece), polls).await {
                Some(res) => {
                    res.unwrap();
                    expect.extend_from_slice(&piece);
                }
                // Buffered: a dropped write accepted nothing. Unbuffered: the
                // bytes may already be with the OS; all or nothing, and the
                // position says which.
                None if buffering == 0 && f.tell().await.unwrap() == (expect.len() + len) as u64 => {
                    expect.extend_from_slice(&piece);
                }
                None => {}
            }
            if rng.below(10) == 0 {
                // Cancel a flush or a seek to the end too.
                let _ = poll_then_drop(f.flush(), rng.below(3) as usize).await;
                let _ = poll_then_drop(f.seek(SeekFrom::End(0)), rng.below(3) as usize).await;
            }
            assert_eq!(f.tell().await.unwrap(), expect.len() as u64, "seed {seed} round {round}");
        }
        f.seek(SeekFrom::Start(0)).await.unwrap();
        assert!(f.read(None).await.unwrap() == expect, "seed {seed}: contents read back");
        f.close().await.unwrap();
        assert!(std::fs::read(&path).unwrap() == expect, "seed {seed}: contents on disk");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelled_seek_and_truncate_leave_a_defined_state() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t");
    std::fs::write(&path, pattern(10_000)).unwrap();
    let mut f = afile_core::open(&path, "r+b").await.unwrap();
    f.read(10).await.unwrap();
    let _ = poll_then_drop(f.seek(SeekFrom::End(-5)), 1).await;
    // The seek either happened or not: the position is one of the two.
    let pos = f.tell().await.unwrap();
    assert!(pos == 10 || pos == 9995, "position {pos}");
    let _ = poll_then_drop(f.truncate(100), 1).await;
    // A truncate that was started completes; the file is then 100 bytes.
    f.flush().await.unwrap();
    let len = std::fs::metadata(&path).unwrap().len();
    assert!(len == 100 || len == 10_000, "length {len}");
    assert_eq!(f.seek(SeekFrom::Start(0)).await.unwrap(), 0);
    assert!(f.read(None).await.unwrap()[..] == pattern(10_000)[..len as usize]);
}
