//! `sync_all` and `sync_data` on binary and text files, on real files:
//! they flush first, reach the OS (whose errors surface) and refuse closed
//! files with CPython's text.

#![allow(clippy::unwrap_used)] // tests may unwrap

use std::os::fd::OwnedFd;

#[tokio::test]
async fn binary_sync_flushes_pending_bytes_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b");
    let mut f = afile_core::open(&path, "wb").await.unwrap();
    f.write(b"first").await.unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"", "still buffered");
    f.sync_all().await.unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"first");
    f.write(b" second").await.unwrap();
    f.sync_data().await.unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"first second");
    // The file goes on as before: position and buffer intact.
    assert_eq!(f.tell().await.unwrap(), 12);
    f.write(b"!").await.unwrap();
    f.close().await.unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"first second!");
}

#[tokio::test]
async fn text_sync_writes_pending_encoded_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t");
    let mut f = afile_core::open_text(&path, "w").encoding("utf-16").newline(Some("\r\n")).await.unwrap();
    f.write("naïve\n").await.unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"", "still buffered");
    f.sync_all().await.unwrap();
    let want: Vec<u8> =
        [0xff, 0xfe].into_iter().chain("naïve\r\n".encode_utf16().flat_map(u16::to_le_bytes)).collect();
    assert_eq!(std::fs::read(&path).unwrap(), want);
    f.write("ok").await.unwrap();
    f.sync_data().await.unwrap();
    assert_eq!(std::fs::read(&path).unwrap().len(), want.len() + 4);
}

#[tokio::test]
async fn closed_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut b = afile_core::open(dir.path().join("b"), "wb").await.unwrap();
    b.close().await.unwrap();
    assert_eq!(b.sync_all().await.unwrap_err().to_string(), "I/O operation on closed file");
    assert_eq!(b.sync_data().await.unwrap_err().to_string(), "I/O operation on closed file");
    let mut t = afile_core::open_text(dir.path().join("t"), "w").await.unwrap();
    t.close().await.unwrap();
    assert_eq!(t.sync_all().await.unwrap_err().to_string(), "I/O operation on closed file.");
    assert_eq!(t.sync_data().await.unwrap_err().to_string(), "I/O operation on closed file.");
}

#[tokio::test]
async fn the_os_error_surfaces_after_the_flush() {
    // fsync on a pipe is EINVAL, as CPython's os.fsync reports it: proof
    // that the call reaches the OS.
    let (mut read_end, write_end) = std::io::pipe().unwrap();
    let mut f =
        afile_core::File::wrap(std::fs::File::from(OwnedFd::from(write_end)), "wb", -1, None).unwrap();
    f.write(b"through the pipe").await.unwrap();
    let err = f.sync_all().await.unwrap_err();
    assert_eq!(err.to_string(), "[Errno 22] Invalid argument");
    let mut got = vec![0; 16];
    std::io::Read::read_exact(&mut read_end, &mut got).unwrap();
    assert_eq!(got, b"through the pipe", "flushed before the sync");
    assert_eq!(f.sync_data().await.unwrap_err().errno(), Some(22));
}

#[tokio::test]
async fn buffer_mut_writes_bytes_between_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t");
    let mut f = afile_core::open_text(&path, "w+").encoding("latin-1").await.unwrap();
    f.write("é:").await.unwrap();
    f.buffer_mut().write(b"\x00\x01").await.unwrap();
    f.write("ü").await.unwrap();
    f.sync_all().await.unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"\xe9:\x00\x01\xfc");
    f.seek(std::io::SeekFrom::Start(0)).await.unwrap();
    assert_eq!(f.read(None).await.unwrap(), "é:\u{0}\u{1}ü");
}
