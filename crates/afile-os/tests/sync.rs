//! `os::fsync` / `os::fdatasync` with what a ported program has: an afile
//! file (flushed first), its `as_fd()`, a std or tokio file.

#![allow(clippy::unwrap_used)] // tests may unwrap

use std::os::fd::OwnedFd;

use afile_os as os;

#[tokio::test]
async fn afile_files_are_flushed_then_synced() {
    let dir = tempfile::tempdir().unwrap();
    let (b, t) = (dir.path().join("b"), dir.path().join("t"));
    let mut f = afile_core::open(&b, "wb").await.unwrap();
    f.write(b"binary").await.unwrap();
    os::fsync(&mut f).await.unwrap();
    assert_eq!(std::fs::read(&b).unwrap(), b"binary");
    f.write(b"+").await.unwrap();
    os::fdatasync(&mut f).await.unwrap();
    assert_eq!(std::fs::read(&b).unwrap(), b"binary+");

    let mut text = afile_core::open_text(&t, "w").encoding("utf-16-le").await.unwrap();
    text.write("€").await.unwrap();
    os::fsync(&mut text).await.unwrap();
    assert_eq!(std::fs::read(&t).unwrap(), [0xac, 0x20]);
    text.write("!").await.unwrap();
    os::fdatasync(&mut text).await.unwrap();
    assert_eq!(std::fs::read(&t).unwrap(), [0xac, 0x20, b'!', 0]);

    f.close().await.unwrap();
    text.close().await.unwrap();
    assert_eq!(os::fsync(&mut f).await.unwrap_err().to_string(), "I/O operation on closed file");
    assert_eq!(os::fdatasync(&mut text).await.unwrap_err().to_string(), "I/O operation on closed file.");
}

#[tokio::test]
async fn descriptors_are_synced_as_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("d");
    let mut f = afile_core::open(&p, "wb").await.unwrap();
    f.write(b"x").await.unwrap();
    f.flush().await.unwrap();
    os::fsync(f.as_fd().unwrap()).await.unwrap();
    os::fdatasync(f.as_fd().unwrap()).await.unwrap();
    let std_file = std::fs::File::open(&p).unwrap();
    os::fsync(&std_file).await.unwrap();
    let owned = OwnedFd::from(std_file);
    os::fdatasync(&owned).await.unwrap();
    let tokio_file = tokio::fs::File::open(&p).await.unwrap();
    os::fsync(&tokio_file).await.unwrap();
    // The caller's descriptor is untouched (a duplicate was synced).
    assert_eq!(std::fs::File::from(owned).metadata().unwrap().len(), 1);
}

#[tokio::test]
async fn os_errors_surface_with_cpython_text() {
    // CPython: os.fsync(pipe_fd) -> OSError [Errno 22] Invalid argument.
    let (_read_end, write_end) = std::io::pipe().unwrap();
    assert_eq!(os::fsync(&write_end).await.unwrap_err().to_string(), "[Errno 22] Invalid argument");
    assert_eq!(os::fdatasync(&write_end).await.unwrap_err().errno(), Some(22));
}
