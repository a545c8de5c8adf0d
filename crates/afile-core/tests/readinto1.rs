//! `readinto1`: CPython's `BufferedIOBase.readinto1`, checked against
//! CPython 3.12.1's answers and against afile's own `read1`.

#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use afile_core::Error;
use common::pattern;

#[tokio::test]
async fn serves_the_buffer_first_then_one_read() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("f");
    std::fs::write(&p, b"hello world").unwrap();
    // CPython: readinto1(3) -> 3 "hel", readinto1(100) -> 8, then 0.
    let mut f = afile_core::open(&p, "rb").await.unwrap();
    let mut small = [0u8; 3];
    assert_eq!(f.readinto1(&mut small).await.unwrap(), 3);
    assert_eq!(&small, b"hel");
    let mut big = [0u8; 100];
    assert_eq!(f.readinto1(&mut big).await.unwrap(), 8);
    assert_eq!(&big[..8], b"lo world");
    assert_eq!(f.readinto1(&mut big).await.unwrap(), 0);
    assert_eq!(f.tell().await.unwrap(), 11);
    // CPython: read(2) then readinto1(100) -> 9 (the buffered rest).
    let mut f = afile_core::open(&p, "rb").await.unwrap();
    f.read(2).await.unwrap();
    assert_eq!(f.readinto1(&mut big).await.unwrap(), 9);
    assert_eq!(f.readinto1(&mut []).await.unwrap(), 0, "an empty buffer reads nothing");
}

#[tokio::test]
async fn reads_the_whole_file_in_step_with_read1() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("f");
    let data = pattern(300_000);
    std::fs::write(&p, &data).unwrap();
    for buffering in [-1, 0, 7, 4096] {
        let mut a = afile_core::open(&p, "rb").buffering(buffering).await.unwrap();
        let mut b = afile_core::open(&p, "rb").buffering(buffering).await.unwrap();
        let (mut got, mut sizes) = (Vec::new(), [1usize, 5, 4096, 70_000, 13].iter().cycle());
        loop {
            let mut buf = vec![0u8; *sizes.next().unwrap()];
            let n = a.readinto1(&mut buf).await.unwrap();
            let want = b.read1(buf.len()).await.unwrap();
            assert_eq!(&buf[..n], &want[..], "buffering {buffering} at {}", got.len());
            if n == 0 {
                break;
            }
            got.extend_from_slice(&buf[..n]);
        }
        assert_eq!(got, data, "buffering {buffering}");
    }
}

#[tokio::test]
async fn reads_after_pending_writes_and_reports_like_cpython() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("f");
    std::fs::write(&p, b"0123456789").unwrap();
    let mut f = afile_core::open(&p, "r+b").await.unwrap();
    f.write(b"ab").await.unwrap();
    let mut buf = [0u8; 4];
    assert_eq!(f.readinto1(&mut buf).await.unwrap(), 4);
    assert_eq!(&buf, b"2345", "reads after the written bytes");
    f.close().await.unwrap();
    assert_eq!(std::fs::read(&p).unwrap(), b"ab23456789");
    let err = f.readinto1(&mut buf).await.unwrap_err();
    assert!(matches!(err, Error::Closed(_)));
    assert_eq!(err.to_string(), "readinto of closed file");
    let mut w = afile_core::open(&p, "ab").await.unwrap();
    let err = w.readinto1(&mut buf).await.unwrap_err();
    assert!(matches!(err, Error::Unsupported(_)));
    assert_eq!(err.to_string(), "read1");
}
