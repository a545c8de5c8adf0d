//! The cleanup and security promises of afile-tempfile, each on real files
//! in the test's own scratch directory.

#![allow(clippy::unwrap_used)] // tests may unwrap

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};

use afile_tempfile::{NamedTemporaryFile, SpooledTemporaryFile, TemporaryDirectory, TemporaryFile};

fn entries(dir: &Path) -> usize {
    std::fs::read_dir(dir).unwrap().count()
}

/// Polls `fut` `polls` times (with pauses), then drops it.
async fn poll_then_drop<F: std::future::Future>(fut: F, polls: usize) -> Option<F::Output> {
    let mut fut = std::pin::pin!(fut);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    for _ in 0..polls {
        if let std::task::Poll::Ready(out) = fut.as_mut().poll(&mut cx) {
            return Some(out);
        }
        tokio::time::sleep(std::time::Duration::from_micros(30)).await;
    }
    None
}

async fn settle(dir: &Path) {
    for _ in 0..200 {
        if entries(dir) == 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_constructor_leaves_nothing() {
    let d = tempfile::tempdir().unwrap();
    for i in 0..300 {
        let polls = i % 4;
        match i % 3 {
            0 => drop(
                poll_then_drop(
                    std::future::IntoFuture::into_future(NamedTemporaryFile::builder().dir(d.path())),
                    polls,
                )
                .await,
            ),
            1 => drop(
                poll_then_drop(
                    std::future::IntoFuture::into_future(TemporaryDirectory::builder().dir(d.path())),
                    polls,
                )
                .await,
            ),
            _ => drop(
                poll_then_drop(
                    std::future::IntoFuture::into_future(NamedTemporaryFile::builder().dir(d.path()).text()),
                    polls,
                )
                .await,
            ),
        }
    }
    settle(d.path()).await;
    assert_eq!(entries(d.path()), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn panic_and_cancellation_of_the_using_task_leave_nothing() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().to_path_buf();
    let panicked = tokio::spawn(async move {
        let mut f = NamedTemporaryFile::builder().dir(&dir).await.unwrap();
        f.write(b"doomed").await.unwrap();
        let _d = TemporaryDirectory::builder().dir(&dir).await.unwrap();
        panic!("boom");
    });
    assert!(panicked.await.unwrap_err().is_panic());
    let dir = d.path().to_path_buf();
    let (tx, rx) = tokio::sync::oneshot::channel();
    let stuck = tokio::spawn(async move {
        let _f = NamedTemporaryFile::builder().dir(&dir).await.unwrap();
        let _d = TemporaryDirectory::builder().dir(&dir).await.unwrap();
        tx.send(()).unwrap();
        std::future::pending::<()>().await;
    });
    rx.await.unwrap();
    assert_eq!(entries(d.path()), 2);
    stuck.abort();
    assert!(stuck.await.unwrap_err().is_cancelled());
    assert_eq!(entries(d.path()), 0);
}

#[test]
fn drop_works_after_the_runtime_has_shut_down() {
    let d = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let (f, dir) = rt.block_on(async {
        let mut f = NamedTemporaryFile::builder().dir(d.path()).await.unwrap();
        f.write(&[1; 100_000]).await.unwrap();
        (f, TemporaryDirectory::builder().dir(d.path()).await.unwrap())
    });
    rt.shutdown_background();
    assert_eq!(entries(d.path()), 2);
    drop((f, dir));
    assert_eq!(entries(d.path()), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_objects_in_a_thousand_tasks() {
    let d = tempfile::tempdir().unwrap();
    let mut tasks = Vec::new();
    for t in 0..1000 {
        let dir = d.path().to_path_buf();
        tasks.push(tokio::spawn(async move {
            for i in 0..10 {
                match (t + i) % 5 {
                    0 => {
                        let mut f = NamedTemporaryFile::builder().dir(&dir).await.unwrap();
                        f.write(b"payload").await.unwrap();
                        f.close().await.unwrap();
                    }
                    1 => {
                        let mut f = NamedTemporaryFile::builder()
                            .dir(&dir)
                            .delete_on_close(false)
                            .text()
                            .await
                            .unwrap();
                        f.write("payload").await.unwrap();
                    }
                    2 => {
                        let mut f = TemporaryFile::builder().dir(&dir).await.unwrap();
                        f.write(b"payload").await.unwrap();
                    }
                    3 => {
                        let mut f = SpooledTemporaryFile::builder().dir(&dir).max_size(4).await.unwrap();
                        f.write(b"payload").await.unwrap();
                    }
                    _ => {
                        let d = TemporaryDirectory::builder().dir(&dir).await.unwrap();
                        std::fs::write(d.path().join("inner"), b"x").unwrap();
                    }
                }
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    assert_eq!(entries(d.path()), 0, "the directory is as it was");
}

#[tokio::test]
async fn cleanup_removes_read_only_files_and_directories() {
    let parent = tempfile::tempdir().unwrap();
    let mut d = TemporaryDirectory::builder().dir(parent.path()).await.unwrap();
    let sub = d.path().join("ro");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(sub.join("f"), b"x").unwrap();
    std::fs::set_permissions(sub.join("f"), std::fs::Permissions::from_mode(0o400)).unwrap();
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o500)).unwrap();
    d.cleanup().await.unwrap();
    assert_eq!(entries(parent.path()), 0);
}

#[tokio::test]
async fn cleanup_errors_are_reported_unless_ignored() {
    if rustix::process::geteuid().is_root() {
        println!("skipped: running as root, which can remove anything, so no cleanup error can be arranged");
        return;
    }
    let parent = tempfile::tempdir().unwrap();
    let mut strict = TemporaryDirectory::builder().dir(parent.path()).await.unwrap();
    let mut lenient =
        TemporaryDirectory::builder().dir(parent.path()).ignore_cleanup_errors(true).await.unwrap();
    std::fs::set_permissions(parent.path(), std::fs::Permissions::from_mode(0o500)).unwrap();
    assert!(strict.cleanup().await.is_err());
    lenient.cleanup().await.unwrap();
    std::fs::set_permissions(parent.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
}

#[tokio::test]
async fn invalid_names_and_places_create_nothing() {
    let d = tempfile::tempdir().unwrap();
    for (prefix, suffix) in [("a/b", ""), ("", "x/y"), ("nul\0", "")] {
        assert!(NamedTemporaryFile::builder().dir(d.path()).prefix(prefix).suffix(suffix).await.is_err());
        assert!(TemporaryDirectory::builder().dir(d.path()).prefix(prefix).suffix(suffix).await.is_err());
        assert!(afile_tempfile::mkstemp().dir(d.path()).prefix(prefix).suffix(suffix).await.is_err());
    }
    assert!(NamedTemporaryFile::builder().dir(d.path()).mode("rt").await.is_err());
    assert!(NamedTemporaryFile::builder().dir(d.path()).text().encoding("nope").await.is_err());
    assert!(NamedTemporaryFile::builder().dir(d.path()).buffering(0).text().await.is_err());
    let file = d.path().join("a-file");
    std::fs::write(&file, b"").unwrap();
    assert!(TemporaryFile::builder().dir(&file).await.is_err());
    assert_eq!(entries(d.path()), 1, "only the file this test made");
}

/// The child side of the kill -9 test: makes a TemporaryFile in the given
/// directory, says so, and waits to be killed.
#[tokio::test]
async fn kill_child() {
    let Some(dir) = std::env::var_os("AFILE_KILL_CHILD_DIR") else { return };
    let mut f = TemporaryFile::builder().dir(&dir).await.unwrap();
    f.write(&[7; 100_000]).await.unwrap();
    f.flush().await.unwrap();
    println!("READY");
    std::thread::sleep(std::time::Duration::from_secs(60));
}

#[test]
fn temporaryfile_leaves_nothing_after_kill_9() {
    use std::io::{BufRead, BufReader};
    let d = tempfile::tempdir().unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "kill_child", "--nocapture", "--test-threads=1"])
        .env("AFILE_KILL_CHILD_DIR", d.path())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    assert!(lines.any(|l| l.unwrap().contains("READY")), "the child made its file");
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert_eq!(entries(d.path()), 0, "nothing left after kill -9");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn temporary_files_from_the_reserve_are_fresh_and_nameless() {
    use std::os::unix::fs::MetadataExt;
    let d = tempfile::tempdir().unwrap();
    let (mut inodes, mut open) = (std::collections::HashSet::new(), Vec::new());
    for i in 0..100u32 {
        let mode = if i % 2 == 0 { "w+b" } else { "wb" };
        let mut f = TemporaryFile::builder().dir(d.path()).mode(mode).await.unwrap();
        assert_eq!(f.tell().await.unwrap(), 0);
        assert_eq!(f.readable().unwrap(), mode == "w+b");
        f.write(&i.to_le_bytes()).await.unwrap();
        f.flush().await.unwrap();
        let fd = f.fileno().unwrap();
        let link = std::fs::read_link(format!("/proc/self/fd/{fd}")).unwrap();
        assert!(link.to_string_lossy().ends_with("(deleted)") || !link.exists(), "{link:?} has no name");
        let meta = std::fs::metadata(format!("/proc/self/fd/{fd}")).unwrap();
        assert_eq!((meta.len(), meta.mode() & 0o777), (4, 0o600));
        assert!(inodes.insert(meta.ino()), "file {i} is open twice");
        open.push(f); // kept open, so no inode number is reused
        if i % 10 == 0 {
            tokio::time::sleep(std::time::Duration::from_millis(2)).await; // let refills land
        }
    }
    assert_eq!(entries(d.path()), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_removed_directory_is_reported_even_after_a_reserve_was_filled_there() {
    let d = tempfile::tempdir().unwrap();
    let gone = d.path().join("gone");
    std::fs::create_dir(&gone).unwrap();
    for _ in 0..20 {
        drop(TemporaryFile::builder().dir(&gone).await.unwrap());
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
    }
    std::fs::remove_dir(&gone).unwrap();
    let mut handed_out = 0;
    let err = loop {
        match TemporaryFile::builder().dir(&gone).await {
            Ok(_) => handed_out += 1,
            Err(e) => break e,
        }
        assert!(handed_out <= 8, "the reserve noticed the removal");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };
    assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
    assert!(err.to_string().contains("gone"), "{err}");
    assert!(!gone.exists());
}
