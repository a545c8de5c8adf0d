//! afile's `File` plugs into tokio's I/O traits.

#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use std::io::SeekFrom;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncSeekExt, AsyncWriteExt, BufReader};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokio_copy_between_two_afile_files() {
    let dir = tempfile::tempdir().unwrap();
    let data = common::pattern(5_000_003);
    std::fs::write(dir.path().join("src"), &data).unwrap();
    let mut src = afile_core::open(dir.path().join("src"), "rb").await.unwrap();
    let mut dst = afile_core::open(dir.path().join("dst"), "wb").await.unwrap();
    assert_eq!(tokio::io::copy(&mut src, &mut dst).await.unwrap(), data.len() as u64);
    dst.shutdown().await.unwrap();
    assert!(std::fs::read(dir.path().join("dst")).unwrap() == data);
    // copy_buf uses AsyncBufRead directly.
    let mut src = afile_core::open(dir.path().join("src"), "rb").buffering(4096).await.unwrap();
    let mut dst = afile_core::open(dir.path().join("dst2"), "wb").await.unwrap();
    tokio::io::copy_buf(&mut src, &mut dst).await.unwrap();
    drop(dst);
    assert!(std::fs::read(dir.path().join("dst2")).unwrap() == data);
}

#[tokio::test]
async fn async_read_write_seek_and_buf_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t");
    let mut f = afile_core::open(&path, "w+b").await.unwrap();
    f.write_all(b"alpha\nbeta\ngamma").await.unwrap();
    assert_eq!(AsyncSeekExt::seek(&mut f, SeekFrom::Start(6)).await.unwrap(), 6);
    let mut four = [0u8; 4];
    f.read_exact(&mut four).await.unwrap();
    assert_eq!(&four, b"beta");
    f.rewind().await.unwrap();
    let mut lines = BufReader::new(f).lines();
    let mut seen = Vec::new();
    while let Some(line) = lines.next_line().await.unwrap() {
        seen.push(line);
    }
    assert_eq!(seen, ["alpha", "beta", "gamma"]);
}

#[tokio::test]
async fn from_std_keeps_the_position_and_into_std_restores_it() {
    use std::io::Seek;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s");
    std::fs::write(&path, b"0123456789").unwrap();
    let mut std_file = std::fs::OpenOptions::new().read(true).write(true).open(&path).unwrap();
    std_file.seek(SeekFrom::Start(4)).unwrap();
    let mut f = afile_core::File::from_std(std_file).unwrap();
    assert_eq!(f.mode(), "rb+");
    assert_eq!(f.tell().await.unwrap(), 4);
    assert_eq!(f.read(2).await.unwrap(), "45");
    f.write(b"XY").await.unwrap();
    let mut back = f.into_std().await.unwrap();
    assert_eq!(back.stream_position().unwrap(), 8);
    assert_eq!(std::fs::read(&path).unwrap(), b"012345XY89");
}
