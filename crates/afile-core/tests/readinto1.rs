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

/// `readinto1` and `read1` each read the whole file, with different amounts
/// per call (CPython's rules differ: `readinto1` adds one read when more
/// than a buffer is missing, `read1` returns what is buffered). The
/// amounts are checked against CPython in `cases/binary_more.json`.
#[tokio::test]
async fn reads_the_whole_file_with_readinto1_and_read1() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("f");
    let data = pattern(300_000);
    std::fs::write(&p, &data).unwrap();
    for buffering in [-1, 0, 7, 4096] {
        let mut a = afile_core::open(&p, "rb").buffering(buffering).await.unwrap();
        let mut b = afile_core::open(&p, "rb").buffering(buffering).await.unwrap();
        let (mut got, mut got1) = (Vec::new(), Vec::new());
        for size in [1usize, 5, 4096, 70_000, 13].iter().cycle() {
            let mut buf = vec![0u8; *size];
            let n = a.readinto1(&mut buf).await.unwrap();
            got.extend_from_slice(&buf[..n]);
            got1.extend_from_slice(&b.read1(*size).await.unwrap());
            if n == 0 && got1.len() == data.len() {
                break;
            }
        }
        assert!(got == data && got1 == data, "buffering {buffering}: the whole file, in order");
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
