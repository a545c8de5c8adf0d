//! What CPython's `open()` refuses, afile refuses the same way: a directory
//! (`IsADirectoryError`, by path or by descriptor) and a path with a NUL
//! byte (`ValueError`). Checked against CPython 3.12.1.

#![allow(clippy::unwrap_used)] // tests may unwrap

use std::io::ErrorKind;

use afile_core::{Error, File};

#[tokio::test]
async fn opening_a_directory_is_is_a_directory_error_in_every_mode() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("d");
    std::fs::create_dir(&d).unwrap();
    let want = format!("[Errno 21] Is a directory: '{}'", d.display());
    for mode in ["rb", "r+b", "wb", "ab", "a+b", "w+b"] {
        for buffering in [-1, 0] {
            let err = afile_core::open(&d, mode).buffering(buffering).await.map(drop).unwrap_err();
            assert_eq!(err.to_string(), want, "{mode} buffering {buffering}");
            assert_eq!(err.kind(), ErrorKind::IsADirectory, "{mode}");
            assert_eq!(err.errno(), Some(21), "{mode}");
            // Through io::Error and back, the kind and errno survive.
            let io = std::io::Error::from(err);
            assert_eq!(io.kind(), ErrorKind::IsADirectory, "{mode}");
            assert_eq!(Error::from(io).errno(), Some(21), "{mode}");
        }
    }
    for mode in ["r", "r+", "w", "a"] {
        let err = afile_core::open_text(&d, mode).await.map(drop).unwrap_err();
        assert_eq!(err.to_string(), want, "text {mode}");
        assert_eq!(err.errno(), Some(21));
    }
    // `x` never gets as far: the name exists (CPython: FileExistsError too).
    let err = afile_core::open(&d, "xb").await.map(drop).unwrap_err();
    assert_eq!(err.errno(), Some(17));
    assert!(d.is_dir(), "the directory is untouched");
}

#[tokio::test]
async fn wrapping_a_directory_descriptor_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let err = File::from_std(std::fs::File::open(dir.path()).unwrap()).map(drop).unwrap_err();
    assert_eq!(err.to_string(), "[Errno 21] Is a directory");
    assert_eq!(err.kind(), ErrorKind::IsADirectory);
    let err = File::wrap(std::fs::File::open(dir.path()).unwrap(), "rb", -1, Some(dir.path().to_path_buf()))
        .map(drop)
        .unwrap_err();
    assert_eq!(err.to_string(), format!("[Errno 21] Is a directory: '{}'", dir.path().display()));
    assert_eq!(err.errno(), Some(21));
    // A regular file still wraps, read-only or not.
    let p = dir.path().join("f");
    std::fs::write(&p, b"x").unwrap();
    let mut f = File::from_std(std::fs::File::open(&p).unwrap()).unwrap();
    assert_eq!(f.read(None).await.unwrap(), &b"x"[..]);
    File::wrap(std::fs::File::options().append(true).open(&p).unwrap(), "ab", -1, None).unwrap();
}

#[tokio::test]
async fn a_nul_in_the_path_is_a_value_error_and_touches_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a\0b");
    let err = afile_core::open(&p, "wb").await.map(drop).unwrap_err();
    assert!(matches!(err, Error::InvalidArgument(_)), "{err:?}");
    assert_eq!(err.to_string(), "embedded null byte");
    assert_eq!(err.errno(), None);
    let err = afile_core::open_text(&p, "w").await.map(drop).unwrap_err();
    assert_eq!(err.to_string(), "embedded null byte");
    // CPython checks the mode first, then the path.
    let err = afile_core::open(&p, "rr").await.map(drop).unwrap_err();
    assert_eq!(err.to_string(), "invalid mode: 'rr'");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

// FIFOs and `O_NONBLOCK` are Unix's.
#[cfg(unix)]
/// The guide's way out for a FIFO with no writer (an open that would wait
/// for one): open it non-blocking and wrap the descriptor; reads then
/// answer at once.
#[tokio::test]
async fn a_fifo_opened_non_blocking_and_wrapped_reads_without_waiting() {
    use std::os::unix::fs::OpenOptionsExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo");
    rustix::fs::mknodat(rustix::fs::CWD, &fifo, rustix::fs::FileType::Fifo, rustix::fs::Mode::RWXU, 0)
        .unwrap();
    let nonblock = rustix::fs::OFlags::NONBLOCK.bits() as i32;
    let std_file = std::fs::OpenOptions::new().read(true).custom_flags(nonblock).open(&fifo).unwrap();
    let mut f = File::wrap(std_file, "rb", 0, Some(fifo.clone())).unwrap();
    // No data yet: an answer at once (EAGAIN here, end of file on some
    // kernels), not a wait.
    assert!(f.read1(4096).await.map_or_else(|e| e.errno() == Some(11), |b| b.is_empty()));
    let mut w = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
    std::io::Write::write_all(&mut w, b"hello").unwrap();
    assert_eq!(f.read1(4096).await.unwrap(), "hello", "one read: what is there");
    let err = f.read1(4096).await.unwrap_err();
    assert_eq!(err.errno(), Some(11), "a writer but no data: EAGAIN");
}
