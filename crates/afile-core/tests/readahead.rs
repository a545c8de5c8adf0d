//! Read-ahead and the growing chunk keep every byte in order: lines of mixed
//! lengths over a large file, reads of odd sizes, and seeks and writes while a
//! read-ahead is in flight.

#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use std::io::SeekFrom;

fn mixed_lines(total: usize) -> Vec<u8> {
    let mut rng = common::Lcg(7);
    let mut out = Vec::with_capacity(total + 100_000);
    while out.len() < total {
        let len = match rng.below(100) {
            0 => rng.below(200_000),
            1..=9 => rng.below(5000),
            _ => rng.below(120),
        } as usize;
        out.extend((0..len).map(|i| b'a' + (i % 26) as u8));
        out.push(b'\n');
    }
    out.extend_from_slice(b"no newline at the end");
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lines_over_a_large_file_match_std() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lines");
    let data = mixed_lines(24 << 20);
    std::fs::write(&path, &data).unwrap();
    let mut f = afile_core::open(&path, "rb").await.unwrap();
    let mut lines = f.lines();
    let mut got = Vec::with_capacity(data.len());
    let mut count = 0;
    while let Some(line) = lines.next().await {
        let line = line.unwrap();
        assert!(line.ends_with(b"\n") || !data[got.len() + line.len()..].contains(&b'\n'));
        got.extend_from_slice(&line);
        count += 1;
    }
    assert!(got == data, "lines joined differ from the file");
    assert_eq!(count, data.iter().filter(|&&b| b == b'\n').count() + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seeks_and_writes_during_read_ahead() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rw");
    let mut data = common::pattern(16 << 20);
    std::fs::write(&path, &data).unwrap();
    let mut f = afile_core::open(&path, "r+b").await.unwrap();
    let mut rng = common::Lcg(99);
    let mut pos = 0usize;
    for _ in 0..2000 {
        match rng.below(20) {
            0 => {
                pos = rng.below(data.len() as u64) as usize;
                f.seek(SeekFrom::Start(pos as u64)).await.unwrap();
            }
            1 => {
                let piece = vec![rng.below(256) as u8; 1 + rng.below(3000) as usize];
                f.write(&piece).await.unwrap();
                let end = (pos + piece.len()).min(data.len());
                data[pos..end].copy_from_slice(&piece[..end - pos]);
                data.extend_from_slice(&piece[end - pos..]);
                pos += piece.len();
            }
            _ => {
                let n = 1 + rng.below(70_000) as usize;
                let got = f.read(n).await.unwrap();
                let end = (pos + n).min(data.len());
                assert!(got[..] == data[pos..end], "read of {n} at {pos}");
                pos = end;
            }
        }
    }
    f.close().await.unwrap();
    assert!(std::fs::read(&path).unwrap() == data);
}
