//! Whole-file helpers against real files, and where their work runs.

#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use common::poll_once;

use std::future::IntoFuture;
use std::sync::mpsc;

use afile_core::Executor;

/// A one-thread executor whose thread is busy until the returned sender is
/// dropped: anything handed to it cannot finish before then.
fn stalled_executor() -> (Executor, mpsc::Sender<()>) {
    let ex = Executor::dedicated(1);
    let (tx, rx) = mpsc::channel::<()>();
    drop(ex.run("stall", move || rx.recv()));
    (ex, tx)
}

#[tokio::test]
async fn read_returns_the_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    for size in [0, 1, 4096, 100_000, 3 << 20] {
        let path = dir.path().join(format!("f{size}"));
        let data = common::pattern(size);
        std::fs::write(&path, &data).unwrap();
        assert!(afile_core::read(&path).await.unwrap() == data, "size {size}");
        let ex = Executor::dedicated(1);
        assert!(afile_core::read(&path).executor(ex).await.unwrap() == data, "size {size}, dedicated");
        let inline = afile_core::read(&path).executor(Executor::inline()).await.unwrap();
        assert!(inline == data, "size {size}, inline");
    }
}

#[tokio::test]
async fn read_errors_name_the_path_in_python_words() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing");
    let err = afile_core::read(&missing).await.unwrap_err();
    assert_eq!(err.to_string(), format!("[Errno 2] No such file or directory: '{}'", missing.display()));
    assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
    let err = afile_core::read(dir.path()).await.unwrap_err();
    assert_eq!(err.to_string(), format!("[Errno 21] Is a directory: '{}'", dir.path().display()));
    let err = afile_core::read_text(dir.path()).await.unwrap_err();
    assert_eq!(err.errno(), Some(21));
    let err = afile_core::read(&missing).executor(Executor::inline()).await.unwrap_err();
    assert_eq!(err.errno(), Some(2));
    let err = afile_core::write(missing.join("x"), b"x").await.unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("[Errno 2] No such file or directory: '{}'", missing.join("x").display())
    );
}

#[tokio::test]
async fn text_forms_decode_as_python_does() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.txt");
    std::fs::write(&path, b"caf\xc3\xa9\r\nnext\rlast\n").unwrap();
    assert_eq!(afile_core::read_to_string(&path).await.unwrap(), "caf\u{e9}\r\nnext\rlast\n");
    assert_eq!(afile_core::read_text(&path).await.unwrap(), "caf\u{e9}\nnext\nlast\n");
    std::fs::write(&path, b"caf\xe9 \x81").unwrap();
    let text = afile_core::read_text(&path).encoding("cp1252").errors("replace").await.unwrap();
    assert_eq!(text, "caf\u{e9} \u{fffd}");
    std::fs::write(&path, b"a\xffb").unwrap();
    let err = afile_core::read_to_string(&path).await.unwrap_err();
    assert_eq!(err.to_string(), "'utf-8' codec can't decode byte 0xff in position 1: invalid start byte");
    assert_eq!(afile_core::read_text(&path).errors("backslashreplace").await.unwrap(), "a\\xffb");
    // CPython's `Path.read_text` opens first: the open's error comes
    // before an unknown encoding; an error handler is looked up only when
    // a byte does not decode.
    let missing = dir.path().join("missing");
    let err = afile_core::read_text(&missing).encoding("nope").await.unwrap_err();
    assert_eq!(err.errno(), Some(2));
    let err = afile_core::read_text(&path).encoding("nope").await.unwrap_err();
    assert_eq!(err.to_string(), "unknown encoding: nope");
    assert_eq!(
        afile_core::read_text(&path).errors("nope").await.unwrap_err().to_string(),
        "unknown error handler name 'nope'"
    );
    std::fs::write(&path, b"clean").unwrap();
    assert_eq!(afile_core::read_text(&path).errors("nope").await.unwrap(), "clean");
}

#[tokio::test]
async fn write_creates_and_truncates() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.bin");
    afile_core::write(&path, b"a longer first version").await.unwrap();
    afile_core::write(&path, "short").await.unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"short");
    afile_core::write(&path, vec![7u8; 3 << 20]).executor(Executor::inline()).await.unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), vec![7u8; 3 << 20]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cached_local_file_is_read_without_a_hop() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("small");
    let data = common::pattern(4096);
    std::fs::write(&path, &data).unwrap();
    let _ = std::fs::read(&path).unwrap();
    let (ex, stall) = stalled_executor();
    // The executor cannot run anything: these finish in their first poll
    // only because they ran in the task.
    let got = poll_once(afile_core::read(&path).executor(ex.clone()).into_future()).unwrap().unwrap();
    assert!(got == data);
    let text = poll_once(afile_core::read_to_string(&path).executor(ex.clone()).into_future());
    assert!(text.is_some_and(|t| t.is_err()), "pattern bytes are not UTF-8, and the error came in the task");
    // A write always hops.
    let mut write =
        std::pin::pin!(afile_core::write(dir.path().join("w"), b"x").executor(ex.clone()).into_future());
    assert!(poll_once(write.as_mut()).is_none());
    // A directory and a missing file go to the executor, which words the error.
    let mut dir_read = std::pin::pin!(afile_core::read(dir.path()).executor(ex.clone()).into_future());
    assert!(poll_once(dir_read.as_mut()).is_none());
    drop(stall);
    write.await.unwrap();
    assert_eq!(dir_read.await.unwrap_err().errno(), Some(21));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cached_local_file_is_opened_and_read_in_the_task() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big");
    let data = common::pattern(3 << 20);
    std::fs::write(&path, &data).unwrap();
    let _ = std::fs::read(&path).unwrap();
    let (ex, stall) = stalled_executor();
    for buffering in [-1, 0, 17] {
        let open = afile_core::open(&path, "rb").buffering(buffering).executor(ex.clone()).into_future();
        let mut f = poll_once(open).unwrap().unwrap();
        assert_eq!(poll_once(f.read(4096)).unwrap().unwrap(), &data[..4096], "buffering {buffering}");
        let mut big = vec![0u8; 1 << 20];
        assert_eq!(poll_once(f.readinto(&mut big)).unwrap().unwrap(), 1 << 20);
        assert!(big[..] == data[4096..4096 + (1 << 20)]);
        let mut small = [0u8; 4];
        assert_eq!(poll_once(f.readinto(&mut small)).unwrap().unwrap(), 4);
        poll_once(f.seek(std::io::SeekFrom::Start(100))).unwrap().unwrap();
        let line = poll_once(f.readline(None)).unwrap().unwrap();
        assert!(line.ends_with(b"\n") && data[100..].starts_with(&line));
        poll_once(f.seek(std::io::SeekFrom::Start(5))).unwrap().unwrap();
        assert!(poll_once(f.read(None)).unwrap().unwrap() == data[5..]);
        assert_eq!(poll_once(f.read(10)).unwrap().unwrap(), "");
    }
    // A long line with a small buffer: right, and still no hop.
    let long = dir.path().join("long");
    std::fs::write(&long, vec![b'x'; 512 * 1024]).unwrap();
    let open = afile_core::open(&long, "rb").buffering(17).executor(ex.clone()).into_future();
    let mut f = poll_once(open).unwrap().unwrap();
    assert_eq!(poll_once(f.readline(1000)).unwrap().unwrap().len(), 1000);
    assert_eq!(poll_once(f.readline(None)).unwrap().unwrap().len(), 512 * 1024 - 1000);
    assert_eq!(poll_once(f.readline(None)).unwrap().unwrap(), "");
    // Opens that write keep the executor.
    let mut open = std::pin::pin!(afile_core::open(&path, "r+b").executor(ex.clone()).into_future());
    assert!(poll_once(open.as_mut()).is_none());
    drop(stall);
    open.await.unwrap();
}
