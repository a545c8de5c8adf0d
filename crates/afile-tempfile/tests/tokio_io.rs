//! tokio's I/O traits on the temporary file types: `tokio::io::copy` into
//! and out of each, seeking and reading back, and the spooled file's size
//! check on every write path.

#![allow(clippy::unwrap_used)] // tests may unwrap

use std::io::SeekFrom;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use afile_tempfile::{NamedTemporaryFile, SpooledTemporaryFile, TemporaryFile};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncSeekExt, AsyncWrite, AsyncWriteExt};

fn body(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

/// Copies `data` into `f` with `tokio::io::copy`, seeks back with
/// `AsyncSeek` and reads it all with `AsyncRead`.
async fn copy_round_trip<T>(f: &mut T, data: &[u8]) -> Vec<u8>
where
    T: tokio::io::AsyncRead + tokio::io::AsyncWrite + tokio::io::AsyncSeek + Unpin,
{
    let mut src = data;
    let n = tokio::io::copy(&mut src, f).await.unwrap();
    assert_eq!(n, data.len() as u64);
    assert_eq!(f.seek(SeekFrom::Start(0)).await.unwrap(), 0);
    let mut back = Vec::new();
    f.read_to_end(&mut back).await.unwrap();
    back
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copying_3_000_000_bytes_into_a_1_mib_spooled_file_rolls_over_and_keeps_every_byte() {
    let d = tempfile::tempdir().unwrap();
    let data = body(3_000_000);
    let mut spooled = SpooledTemporaryFile::builder().dir(d.path()).max_size(1 << 20).await.unwrap();
    let mut src = &data[..];
    tokio::io::copy(&mut src, &mut spooled).await.unwrap();
    assert!(spooled.rolled(), "past max_size the data is on disk");
    assert_eq!(spooled.tell().await.unwrap(), 3_000_000);
    spooled.seek(SeekFrom::Start(0)).await.unwrap();
    assert_eq!(spooled.read(None).await.unwrap(), data);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokio_copy_through_each_temporary_type() {
    let d = tempfile::tempdir().unwrap();
    let data = body(200_000);
    let mut unnamed = TemporaryFile::builder().dir(d.path()).await.unwrap();
    assert_eq!(copy_round_trip(&mut unnamed, &data).await, data);
    let mut named = NamedTemporaryFile::builder().dir(d.path()).await.unwrap();
    assert_eq!(copy_round_trip(&mut named, &data).await, data);
    named.flush().await.unwrap();
    assert_eq!(std::fs::read(named.path()).unwrap(), data);
    let mut spooled = SpooledTemporaryFile::builder().dir(d.path()).await.unwrap();
    assert_eq!(copy_round_trip(&mut spooled, &data).await, data);
    assert!(!spooled.rolled(), "max_size 0: stays in memory");
    let mut small = SpooledTemporaryFile::builder().dir(d.path()).max_size(1000).await.unwrap();
    assert_eq!(copy_round_trip(&mut small, &data).await, data);
    assert!(small.rolled());
    let (mut made, path) = afile_tempfile::mkstemp().dir(d.path()).await.unwrap();
    assert_eq!(copy_round_trip(&mut made, &data).await, data);
    made.close().await.unwrap();
    std::fs::remove_file(path).unwrap();
    // and out again: a temporary file as the reader of a copy
    unnamed.seek(SeekFrom::Start(0)).await.unwrap();
    let mut out = Vec::new();
    tokio::io::copy(&mut unnamed, &mut out).await.unwrap();
    assert_eq!(out, data);
}

#[tokio::test]
async fn seek_and_buffered_reads_round_trip_through_the_traits() {
    let d = tempfile::tempdir().unwrap();
    let mut named = NamedTemporaryFile::builder().dir(d.path()).await.unwrap();
    let mut spooled = SpooledTemporaryFile::builder().dir(d.path()).max_size(64).await.unwrap();
    for_each_file(&mut named).await;
    for_each_file(&mut spooled).await;
    assert!(spooled.rolled(), "the writes went past 64 bytes");

    async fn for_each_file<T>(f: &mut T)
    where
        T: tokio::io::AsyncBufRead + tokio::io::AsyncWrite + tokio::io::AsyncSeek + Unpin,
    {
        f.write_all(b"first line\nsecond line\n").await.unwrap();
        f.write_all(&[b'x'; 100]).await.unwrap();
        f.flush().await.unwrap();
        assert_eq!(f.seek(SeekFrom::Start(6)).await.unwrap(), 6);
        let mut line = String::new();
        f.read_line(&mut line).await.unwrap();
        assert_eq!(line, "line\n");
        assert_eq!(f.stream_position().await.unwrap(), 11);
        assert_eq!(f.seek(SeekFrom::End(-3)).await.unwrap(), 120);
        let mut tail = Vec::new();
        f.read_to_end(&mut tail).await.unwrap();
        assert_eq!(tail, b"xxx");
    }
}

#[tokio::test]
async fn the_spooled_memory_side_never_holds_more_than_max_size() {
    let mut f = SpooledTemporaryFile::builder().max_size(1000).await.unwrap();
    f.write_all(&[1; 600]).await.unwrap();
    AsyncWriteExt::flush(&mut f).await.unwrap();
    assert!(!f.rolled());
    f.write_all(&[2; 400]).await.unwrap(); // exactly max_size: still in memory, as CPython
    AsyncWriteExt::flush(&mut f).await.unwrap();
    assert!(!f.rolled());
    let memory_len = rustix::fs::fstat(f.as_fd().unwrap()).unwrap().st_size;
    assert_eq!(memory_len, 1000);
    f.write_all(&[3; 1]).await.unwrap();
    assert!(f.rolled(), "the write that passes max_size went to disk");
    f.writelines([&[4u8; 10][..], &[5; 10]]).await.unwrap();
    f.seek(SeekFrom::Start(0)).await.unwrap();
    let all = f.read(None).await.unwrap();
    assert_eq!(all.len(), 1021);
    assert_eq!((all[599], all[600], all[1000], all[1001], all[1020]), (1, 2, 3, 4, 5));
}

#[tokio::test]
async fn writelines_and_truncate_check_the_size() {
    let mut f = SpooledTemporaryFile::builder().max_size(10).await.unwrap();
    f.writelines([b"12345", b"67890"]).await.unwrap();
    assert!(!f.rolled());
    f.writelines([b"A"]).await.unwrap();
    assert!(f.rolled());
    let mut g = SpooledTemporaryFile::builder().max_size(10).await.unwrap();
    g.truncate(11).await.unwrap();
    assert!(g.rolled());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_cancelled_during_its_rollover_accepted_nothing_and_loses_nothing() {
    let d = tempfile::tempdir().unwrap();
    let mut f = SpooledTemporaryFile::builder().dir(d.path()).max_size(100).await.unwrap();
    f.write(&[b'a'; 100]).await.unwrap();
    let mut cx = Context::from_waker(Waker::noop());
    // The first poll starts the rollover and cannot finish it at once.
    let first = Pin::new(&mut f).poll_write(&mut cx, b"bbb");
    let accepted = match first {
        Poll::Ready(Ok(n)) => n, // the executor was quick: the bytes went to disk
        Poll::Ready(Err(e)) => panic!("{e}"),
        Poll::Pending => 0, // dropped here: nothing accepted
    };
    f.write(&b"bbb"[accepted..]).await.unwrap();
    assert!(f.rolled());
    f.seek(SeekFrom::Start(0)).await.unwrap();
    let all = f.read(None).await.unwrap();
    assert_eq!(all.len(), 103);
    assert_eq!(&all[98..], b"aabbb");
}

#[tokio::test]
async fn text_spooled_files_check_the_size_after_each_write() {
    let mut f = SpooledTemporaryFile::builder().max_size(4).text().await.unwrap();
    f.write("abcd").await.unwrap();
    assert!(!f.rolled());
    f.writelines(["e"]).await.unwrap();
    assert!(f.rolled());
    f.seek(SeekFrom::Start(0)).await.unwrap();
    assert_eq!(f.read(None).await.unwrap(), "abcde");
    assert!(f.on_disk_mut().await.unwrap().buffer().fileno().unwrap() >= 0);
}
