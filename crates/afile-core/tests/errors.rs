//! Write errors surface and are never swallowed; closed files refuse every
//! operation with CPython's texts.

#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use std::io::SeekFrom;

use afile_core::Error;

const ENOSPC: i32 = 28;

#[tokio::test]
async fn dev_full_errors_surface_at_flush_and_stay_pending() {
    let mut f = afile_core::open("/dev/full", "wb").await.unwrap();
    assert_eq!(f.write(b"lost?").await.unwrap(), 5);
    let first = f.flush().await.unwrap_err();
    assert_eq!(first.errno(), Some(ENOSPC));
    assert_eq!(first.to_string(), "[Errno 28] No space left on device");
    // The bytes are still pending: a second flush fails again (tokio#6325).
    assert_eq!(f.flush().await.unwrap_err().errno(), Some(ENOSPC));
    assert_eq!(f.close().await.unwrap_err().errno(), Some(ENOSPC));
    assert!(f.closed());
}

#[tokio::test]
async fn dev_full_background_write_error_reaches_the_next_write() {
    let mut f = afile_core::open("/dev/full", "wb").buffering(16).await.unwrap();
    // 64 bytes fill the 16-byte buffer: the write is handed off and fails in
    // the background; a later write or flush reports it.
    assert_eq!(f.write(&[1; 64]).await.unwrap(), 64);
    let mut seen = None;
    for _ in 0..100 {
        match f.write(b"x").await {
            Err(e) => {
                seen = Some(e);
                break;
            }
            Ok(_) => tokio::task::yield_now().await,
        }
    }
    let err = match seen {
        Some(e) => e,
        None => f.flush().await.unwrap_err(),
    };
    assert_eq!(err.errno(), Some(ENOSPC));
    assert_eq!(err.kind(), std::io::ErrorKind::StorageFull);
}

#[tokio::test]
async fn dev_full_unbuffered_write_fails_at_write() {
    let mut f = afile_core::open("/dev/full", "wb").buffering(0).await.unwrap();
    assert_eq!(f.write(b"abc").await.unwrap_err().errno(), Some(ENOSPC));
}

#[tokio::test]
async fn closed_file_refuses_everything_with_cpython_texts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c");
    let mut f = afile_core::open(&path, "w+b").await.unwrap();
    f.close().await.unwrap();
    let text = |e: Error| {
        assert!(matches!(e, Error::Closed(_)), "{e:?}");
        e.to_string()
    };
    assert_eq!(text(f.read(1).await.unwrap_err()), "read of closed file");
    assert_eq!(text(f.read1(1).await.unwrap_err()), "read of closed file");
    assert_eq!(text(f.readall().await.unwrap_err()), "read of closed file");
    assert_eq!(text(f.readinto(&mut [0; 2]).await.unwrap_err()), "readinto of closed file");
    assert_eq!(text(f.readline(None).await.unwrap_err()), "readline of closed file");
    assert_eq!(text(f.readlines(None).await.unwrap_err()), "I/O operation on closed file.");
    assert_eq!(text(f.write(b"x").await.unwrap_err()), "write to closed file");
    assert_eq!(text(f.writelines([b"x"]).await.unwrap_err()), "I/O operation on closed file.");
    assert_eq!(text(f.seek(SeekFrom::Start(0)).await.unwrap_err()), "seek of closed file");
    assert_eq!(text(f.tell().await.unwrap_err()), "I/O operation on closed file");
    assert_eq!(text(f.truncate(None).await.unwrap_err()), "truncate of closed file");
    assert_eq!(text(f.flush().await.unwrap_err()), "flush of closed file");
    assert_eq!(text(f.fileno().unwrap_err()), "I/O operation on closed file");
    assert_eq!(text(f.isatty().unwrap_err()), "I/O operation on closed file");
    assert_eq!(text(f.readable().unwrap_err()), "I/O operation on closed file");
    assert_eq!(text(f.seekable().unwrap_err()), "I/O operation on closed file");
    f.close().await.unwrap();
}

#[tokio::test]
async fn unsupported_operations_use_cpython_texts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("u");
    std::fs::write(&path, b"abc").unwrap();
    let mut r = afile_core::open(&path, "rb").await.unwrap();
    assert_eq!(r.write(b"x").await.unwrap_err().to_string(), "write");
    assert_eq!(r.truncate(0).await.unwrap_err().to_string(), "truncate");
    let mut raw = afile_core::open(&path, "rb").buffering(0).await.unwrap();
    let err = raw.write(b"x").await.unwrap_err();
    assert_eq!(err.to_string(), "File not open for writing");
    assert_eq!(err.kind(), std::io::ErrorKind::Unsupported);
    let mut w = afile_core::open(&path, "ab").buffering(0).await.unwrap();
    assert_eq!(w.read(1).await.unwrap_err().to_string(), "File not open for reading");
    assert_eq!(std::fs::read(&path).unwrap(), b"abc", "bad calls change nothing");
}

#[tokio::test]
async fn errors_convert_to_io_error_and_back() {
    let err = afile_core::open("/nonexistent/x", "rb").await.unwrap_err();
    let io: std::io::Error = err.into();
    assert_eq!(io.kind(), std::io::ErrorKind::NotFound);
    let back = Error::from(io);
    assert_eq!(back.errno(), Some(2));
    assert_eq!(back.to_string(), "[Errno 2] No such file or directory: '/nonexistent/x'");
}

/// A newline, an escape sequence or a byte that is not UTF-8 in a path
/// never reaches an error message raw: it shows as CPython's `repr()`.
// Paths of any bytes are Unix's.
#[cfg(unix)]
#[tokio::test]
async fn paths_in_errors_are_shown_as_python_repr() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let shown = dir.path().display().to_string();
    let cases: &[(&[u8], String)] = &[
        (b"line\nbreak", format!("'{shown}/line\\nbreak'")),
        (b"\x1b[2Jwipe", format!("'{shown}/\\x1b[2Jwipe'")),
        (b"it's", format!("\"{shown}/it's\"")),
        (b"raw\xff", format!("'{shown}/raw\\udcff'")),
    ];
    for (name, repr) in cases {
        let path = dir.path().join(std::ffi::OsStr::from_bytes(name));
        let err = afile_core::open(&path, "rb").await.unwrap_err();
        assert_eq!(err.to_string(), format!("[Errno 2] No such file or directory: {repr}"));
        let err = afile_core::read(&path).await.unwrap_err();
        assert_eq!(err.to_string(), format!("[Errno 2] No such file or directory: {repr}"));
    }
    let two = Error::with_paths(std::io::Error::from_raw_os_error(2), "a\tb", "c\rd");
    assert_eq!(two.to_string(), r"[Errno 2] No such file or directory: 'a\tb' -> 'c\rd'");
}
