//! `persist` and `persist_noclobber`: the error gives the file back, `?`
//! works in functions returning `afile_core::Result` and `io::Result`, the
//! rename runs on the file's own executor.

#![allow(clippy::unwrap_used)] // tests may unwrap

use std::path::Path;
use std::time::Duration;

use afile_core::Executor;
use afile_tempfile::{NamedTemporaryFile, PersistError};

/// Compiles only if `?` converts a `PersistError` into `afile_core::Error`.
async fn persist_in_afile_result(dir: &Path, target: &Path) -> afile_core::Result<()> {
    let mut f = NamedTemporaryFile::builder().dir(dir).await?;
    f.write(b"afile").await?;
    f.flush().await?;
    f.persist(target).await?;
    Ok(())
}

/// Compiles only if `?` converts a `PersistError` into `io::Error`.
async fn persist_in_io_result(dir: &Path, target: &Path) -> std::io::Result<()> {
    let mut f = NamedTemporaryFile::builder().dir(dir).text().await?;
    f.write("io").await?;
    f.flush().await?;
    f.persist_noclobber(target).await?;
    Ok(())
}

#[tokio::test]
async fn question_mark_works_in_afile_and_io_results() {
    let d = tempfile::tempdir().unwrap();
    persist_in_afile_result(d.path(), &d.path().join("a")).await.unwrap();
    persist_in_io_result(d.path(), &d.path().join("b")).await.unwrap();
    assert_eq!(std::fs::read(d.path().join("a")).unwrap(), b"afile");
    assert_eq!(std::fs::read(d.path().join("b")).unwrap(), b"io");
    assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 2, "no temporary file left");
    // the error path through `?`: kind and errno survive both conversions
    let err = persist_in_io_result(d.path(), &d.path().join("a")).await.unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
    assert_eq!(afile_core::Error::from(err).errno(), Some(17), "the afile error inside keeps the errno");
    let err = persist_in_afile_result(d.path(), &d.path().join("none/x")).await.unwrap_err();
    assert_eq!(err.errno(), Some(2));
    assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 2, "a failed persist removes its file on drop");
}

#[tokio::test]
async fn a_failed_persist_gives_the_file_back_with_its_cleanup() {
    let d = tempfile::tempdir().unwrap();
    let mut f = NamedTemporaryFile::builder().dir(d.path()).await.unwrap();
    f.write(b"kept").await.unwrap();
    let err: PersistError = f.persist(d.path().join("missing/x")).await.unwrap_err();
    assert_eq!(err.error.kind(), std::io::ErrorKind::NotFound);
    assert!(err.to_string().contains("No such file or directory"), "{err}");
    assert!(std::error::Error::source(&err).is_some());
    let mut f = err.into_file();
    f.flush().await.unwrap();
    assert_eq!(std::fs::read(f.path()).unwrap(), b"kept");
    let path = f.path().to_path_buf();
    drop(f);
    assert!(!path.exists(), "still cleaned up");
}

#[tokio::test]
async fn persist_noclobber_refuses_an_existing_target_and_takes_a_free_one() {
    let d = tempfile::tempdir().unwrap();
    let taken = d.path().join("taken");
    std::fs::write(&taken, b"theirs").unwrap();
    let mut f = NamedTemporaryFile::builder().dir(d.path()).await.unwrap();
    f.write(b"mine").await.unwrap();
    f.flush().await.unwrap();
    let err = f.persist_noclobber(&taken).await.unwrap_err();
    assert_eq!(err.error.kind(), std::io::ErrorKind::AlreadyExists);
    assert_eq!(err.error.errno(), Some(17));
    assert!(err.error.to_string().starts_with("[Errno 17] File exists"), "{}", err.error);
    assert_eq!(std::fs::read(&taken).unwrap(), b"theirs");
    let f = err.file;
    let old = f.path().to_path_buf();
    let free = d.path().join("free");
    drop(f.persist_noclobber(&free).await.unwrap());
    assert_eq!(std::fs::read(&free).unwrap(), b"mine");
    assert!(!old.exists());
    // plain persist replaces
    let mut g = NamedTemporaryFile::builder().dir(d.path()).await.unwrap();
    g.write(b"new").await.unwrap();
    g.flush().await.unwrap();
    drop(g.persist(&taken).await.unwrap());
    assert_eq!(std::fs::read(&taken).unwrap(), b"new");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn persist_runs_on_the_files_executor() {
    let d = tempfile::tempdir().unwrap();
    let ex = Executor::dedicated(1);
    let f = NamedTemporaryFile::builder().dir(d.path()).executor(ex.clone()).await.unwrap();
    // Occupy the executor's one thread: a persist on it must wait.
    let (release, wait) = std::sync::mpsc::channel::<()>();
    let blocker = ex.run("blocker", move || wait.recv().ok());
    let target = d.path().join("target");
    let persist =
        tokio::spawn(async move { f.persist(&d.path().join("target")).await.map(drop).map_err(|e| e.error) });
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(!persist.is_finished(), "waits for its own executor, not the default one");
    assert!(!target.exists());
    release.send(()).unwrap();
    blocker.await;
    persist.await.unwrap().unwrap();
}
