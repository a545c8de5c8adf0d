//! `seek_data` / `seek_hole` (Python's `SEEK_DATA` / `SEEK_HOLE`) on real
//! files, with CPython 3.12's answers.

#![allow(clippy::unwrap_used)] // tests may unwrap

use std::io::SeekFrom;

#[tokio::test]
async fn data_and_holes_as_cpython() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("f");
    std::fs::write(&p, b"abc").unwrap();
    // CPython: seek(0, SEEK_DATA) 0, seek(0, SEEK_HOLE) 3, write lands at 3,
    // seek(4, SEEK_DATA) is [Errno 6] and the position stays.
    let mut f = afile_core::open(&p, "r+b").await.unwrap();
    assert_eq!(f.seek_data(0).await.unwrap(), 0);
    assert_eq!(f.seek_hole(0).await.unwrap(), 3);
    assert_eq!(f.tell().await.unwrap(), 3);
    f.write(b"d").await.unwrap();
    let err = f.seek_data(4).await.unwrap_err();
    assert_eq!(err.to_string(), "[Errno 6] No such device or address");
    assert_eq!(f.tell().await.unwrap(), 4);
    f.seek(SeekFrom::Start(1)).await.unwrap();
    f.write(b"Z").await.unwrap();
    // The buffered write is flushed before the kernel is asked.
    assert_eq!(f.seek_hole(0).await.unwrap(), 4);
    f.close().await.unwrap();
    assert_eq!(std::fs::read(&p).unwrap(), b"aZcd");

    // A real hole, where the file system keeps one: data found after it.
    let sparse = dir.path().join("sparse");
    let mut f = afile_core::open(&sparse, "w+b").await.unwrap();
    f.write(b"a").await.unwrap();
    f.seek(SeekFrom::Start(1 << 20)).await.unwrap();
    f.write(b"b").await.unwrap();
    let data = f.seek_data(1).await.unwrap();
    assert!(data == 1 || data == 1 << 20, "{data}");
    assert_eq!(f.read(None).await.unwrap().last(), Some(&b'b'));
    let hole = f.seek_hole(0).await.unwrap();
    assert!(hole == (1 << 20) + 1 || hole <= 1 << 20, "{hole}");
}
