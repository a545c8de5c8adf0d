//! Atomic writes: nothing left behind on error, drop, panic, cancellation
//! or `kill -9`; a concurrent reader never sees a half-written file;
//! permissions kept; `overwrite(false)` refuses an existing target.

#![allow(clippy::unwrap_used)] // tests may unwrap

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use afile_tempfile::{AtomicWrite, atomic_write};
use tokio::io::AsyncWriteExt;

/// The names in `dir`.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[tokio::test]
async fn writes_replaces_and_keeps_the_targets_permissions() {
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("conf");
    atomic_write(&path, b"first").await.unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"first");
    let plain = d.path().join("plain");
    std::fs::write(&plain, b"").unwrap();
    assert_eq!(mode(&path), mode(&plain), "a new target gets what open(path, 'w') gives");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    atomic_write(&path, b"second").await.unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"second");
    assert_eq!(mode(&path), 0o640, "kept");
    let mut f = AtomicWrite::new(&path).keep_permissions(false).open().await.unwrap();
    f.write(b"third").await.unwrap();
    f.commit().await.unwrap();
    assert_eq!(mode(&path), mode(&plain), "not kept");
    assert_eq!(names(d.path()), ["conf", "plain"]);
}

#[tokio::test]
async fn tokio_copy_into_an_atomic_file() {
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("big");
    let data: Vec<u8> = (0..3_000_000).map(|i| (i % 253) as u8).collect();
    let mut f = AtomicWrite::new(&path).open().await.unwrap();
    let mut src = &data[..];
    tokio::io::copy(&mut src, &mut f).await.unwrap();
    f.shutdown().await.unwrap();
    assert!(!path.exists());
    f.commit().await.unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), data);
}

#[tokio::test]
async fn overwrite_false_refuses_an_existing_target_at_open_and_at_commit() {
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("taken");
    std::fs::write(&path, b"theirs").unwrap();
    let err = AtomicWrite::new(&path).overwrite(false).open().await.unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
    assert!(err.to_string().starts_with("[Errno 17] File exists"), "{err}");
    assert_eq!(names(d.path()), ["taken"]);
    // the target appears between open and commit
    let late = d.path().join("late");
    let mut f = AtomicWrite::new(&late).overwrite(false).open().await.unwrap();
    f.write(b"mine").await.unwrap();
    std::fs::write(&late, b"first come").unwrap();
    let err = f.commit().await.unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
    assert_eq!(std::fs::read(&late).unwrap(), b"first come");
    assert_eq!(names(d.path()), ["late", "taken"]);
    // and a free one is taken
    let free = d.path().join("free");
    let mut f = AtomicWrite::new(&free).overwrite(false).open().await.unwrap();
    f.write(b"mine").await.unwrap();
    f.commit().await.unwrap();
    assert_eq!(std::fs::read(&free).unwrap(), b"mine");
}

#[tokio::test]
async fn errors_leave_the_target_and_nothing_else() {
    let d = tempfile::tempdir().unwrap();
    let err = atomic_write(d.path().join("no/such/dir/f"), b"x").await.unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
    assert!(names(d.path()).is_empty());
    // a commit that fails at the rename: the target is a non-empty directory
    let target = d.path().join("dir");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("inside"), b"kept").unwrap();
    let err = atomic_write(&target, b"x").await.unwrap_err();
    assert!(err.errno().is_some(), "{err}");
    assert_eq!(names(d.path()), ["dir"], "the hidden name is removed again");
    assert_eq!(std::fs::read(target.join("inside")).unwrap(), b"kept");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drop_panic_and_cancellation_leave_the_old_file_and_nothing_else() {
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("data");
    std::fs::write(&path, b"old").unwrap();
    // drop without commit
    let mut f = AtomicWrite::new(&path).open().await.unwrap();
    f.write(&[1; 100_000]).await.unwrap();
    drop(f);
    // panic in the writing task
    let p = path.clone();
    let res = tokio::spawn(async move {
        let mut f = AtomicWrite::new(&p).open().await.unwrap();
        f.write(&[2; 100_000]).await.unwrap();
        panic!("boom");
    })
    .await;
    assert!(res.unwrap_err().is_panic());
    assert_eq!(std::fs::read(&path).unwrap(), b"old");
    assert_eq!(names(d.path()), ["data"]);
    // cancellation at every point of an atomic_write: old or new, whole
    let new = vec![3u8; 300_000];
    for polls in 0..40 {
        let fut = std::pin::pin!(atomic_write(&path, &new));
        let _ = tokio::time::timeout(std::time::Duration::from_micros(50 * polls), fut).await;
        let now = std::fs::read(&path).unwrap();
        assert!(now == b"old" || now == new, "never a mix ({} bytes)", now.len());
        if now == new {
            std::fs::write(&path, b"old").unwrap();
        }
    }
    // a commit still running finishes on the executor; wait for it
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(names(d.path()), ["data"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_concurrent_reader_never_sees_a_half_written_file() {
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("shared");
    let versions: Vec<Vec<u8>> = vec![vec![b'a'; 400_000], vec![b'b'; 250_000], vec![b'c'; 1]];
    atomic_write(&path, &versions[0]).await.unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let (p, s, v) = (path.clone(), stop.clone(), versions.clone());
    let reader = std::thread::spawn(move || {
        let mut reads = 0;
        while !s.load(Ordering::Relaxed) {
            let seen = std::fs::read(&p).expect("the target always exists");
            assert!(v.contains(&seen), "a half-written file: {} bytes", seen.len());
            reads += 1;
        }
        reads
    });
    for i in 0..60 {
        atomic_write(&path, &versions[i % 3]).await.unwrap();
    }
    stop.store(true, Ordering::Relaxed);
    let reads = reader.join().unwrap();
    assert!(reads > 0);
    assert_eq!(names(d.path()), ["shared"]);
}

/// The child side of the kill -9 test: starts replacing the target, writes
/// most of the new contents, says so, and waits to be killed.
#[tokio::test]
async fn atomic_kill_child() {
    let Some(path) = std::env::var_os("AFILE_ATOMIC_KILL_TARGET") else { return };
    let mut f = AtomicWrite::new(&path).open().await.unwrap();
    for _ in 0..50 {
        f.write(&[9; 100_000]).await.unwrap();
    }
    f.flush().await.unwrap();
    println!("READY");
    std::thread::sleep(std::time::Duration::from_secs(60));
}

#[test]
fn kill_9_mid_write_leaves_the_old_target_and_nothing_else() {
    use std::io::{BufRead, BufReader};
    let d = tempfile::tempdir().unwrap();
    let path = d.path().join("precious");
    std::fs::write(&path, b"old contents").unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "atomic_kill_child", "--nocapture", "--test-threads=1"])
        .env("AFILE_ATOMIC_KILL_TARGET", &path)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    assert!(lines.any(|l| l.unwrap().contains("READY")), "the child wrote its data");
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"old contents");
    let tmpfile = rustix::fs::open(
        d.path(),
        rustix::fs::OFlags::TMPFILE | rustix::fs::OFlags::RDWR,
        rustix::fs::Mode::from_raw_mode(0o600),
    );
    if tmpfile.is_ok() {
        assert_eq!(names(d.path()), ["precious"], "O_TMPFILE: nothing at all is left");
    } else {
        println!("no O_TMPFILE here: the hidden .precious.*.tmp file may remain, as documented");
        assert!(names(d.path()).iter().all(|n| n == "precious" || n.starts_with(".precious.")));
    }
}
