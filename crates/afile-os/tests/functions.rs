//! Every afile-os function on real directories, with its error cases.

#![allow(clippy::unwrap_used)] // tests may unwrap

use std::os::fd::AsFd;
use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, UNIX_EPOCH};

use afile_os as os;
use futures::{Stream, StreamExt};

/// Through the `Stream` impl, as `StreamExt` users iterate.
async fn collect<S: Stream + Unpin>(s: S) -> Vec<S::Item> {
    s.collect().await
}

/// CPython 3.12: `DirEntry.is_dir()`/`is_file()` on a symlink loop raise
/// `[Errno 40] Too many levels of symbolic links`; without following, the
/// loop link is neither; a broken link stays `False`.
#[tokio::test]
async fn scandir_entry_on_a_symlink_loop_reports_eloop() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("l2", dir.path().join("l1")).unwrap();
    std::os::unix::fs::symlink("l1", dir.path().join("l2")).unwrap();
    for prefetch in [false, true] {
        let it = if prefetch { os::scandir(dir.path()).prefetch_stat() } else { os::scandir(dir.path()) };
        let entries: Vec<_> = collect(it).await.into_iter().map(|e| e.unwrap()).collect();
        assert_eq!(entries.len(), 2);
        for e in &entries {
            let want = format!("[Errno 40] Too many levels of symbolic links: '{}'", e.path().display());
            for err in [e.is_dir(true).await.unwrap_err(), e.is_file(true).await.unwrap_err()] {
                assert_eq!(err.errno(), Some(40));
                assert_eq!(err.to_string(), want);
            }
            assert!(!e.is_dir(false).await.unwrap() && !e.is_file(false).await.unwrap());
            assert!(e.is_symlink());
        }
    }
}

#[tokio::test]
async fn scandir_batches_many_entries_and_prefetches_stat() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..1500 {
        std::fs::write(dir.path().join(format!("f{i:04}")), vec![0u8; i % 7]).unwrap();
    }
    std::os::unix::fs::symlink("f0001", dir.path().join("link")).unwrap();
    std::os::unix::fs::symlink("missing", dir.path().join("dangling")).unwrap();
    let entries: Vec<_> =
        collect(os::scandir(dir.path()).prefetch_stat()).await.into_iter().map(|e| e.unwrap()).collect();
    assert_eq!(entries.len(), 1502);
    for e in &entries {
        let name = e.name().to_str().unwrap();
        match name {
            "link" => {
                assert!(e.is_symlink() && e.is_file(true).await.unwrap() && !e.is_file(false).await.unwrap())
            }
            "dangling" => {
                assert!(e.is_symlink() && !e.is_file(true).await.unwrap() && !e.is_dir(true).await.unwrap());
                assert_eq!(e.stat(true).await.unwrap_err().errno(), Some(2));
                assert!(e.stat(false).await.unwrap().file_type().is_symlink());
            }
            _ => {
                let i: usize = name[1..].parse().unwrap();
                assert_eq!(e.stat(true).await.unwrap().len(), (i % 7) as u64);
                assert_eq!(e.path(), dir.path().join(name));
                assert_eq!(
                    e.inode(),
                    std::fs::metadata(e.path()).map(|m| std::os::unix::fs::MetadataExt::ino(&m)).unwrap()
                );
            }
        }
    }
    let missing = collect(os::scandir(dir.path().join("nope"))).await;
    assert_eq!(missing.len(), 1);
    assert!(
        missing[0].as_ref().unwrap_err().to_string().starts_with("[Errno 2] No such file or directory: ")
    );
}

#[tokio::test]
async fn walk_bottom_up_visits_children_first() {
    let dir = tempfile::tempdir().unwrap();
    let r = dir.path();
    std::fs::create_dir_all(r.join("a/b/c")).unwrap();
    std::fs::create_dir_all(r.join("d")).unwrap();
    std::fs::write(r.join("a/b/f"), b"").unwrap();
    std::os::unix::fs::symlink(r.join("a"), r.join("d/link")).unwrap();
    let up: Vec<os::WalkEntry> = collect(os::walk(r, false)).await.into_iter().map(Result::unwrap).collect();
    let order: Vec<_> = up.iter().map(|e| e.dirpath.strip_prefix(r).unwrap().display().to_string()).collect();
    let at = |d: &str| order.iter().position(|x| x == d).unwrap();
    assert!(at("a/b/c") < at("a/b") && at("a/b") < at("a") && at("a") < at("") && at("d") < at(""));
    let d = up.iter().find(|e| e.dirpath.ends_with("d")).unwrap();
    assert_eq!(d.dirnames, ["link"], "a symlink to a directory is listed, not entered");
    assert_eq!(order.len(), 5);
    assert!(collect(os::walk(r.join("missing"), true)).await.is_empty());
}

#[tokio::test]
async fn errors_name_their_paths() {
    let dir = tempfile::tempdir().unwrap();
    let r = dir.path();
    std::fs::create_dir_all(r.join("full/x")).unwrap();
    std::fs::create_dir(r.join("empty")).unwrap();
    let e = os::rmdir(r.join("full")).await.unwrap_err();
    assert_eq!(
        (e.errno(), e.to_string()),
        (Some(39), format!("[Errno 39] Directory not empty: '{}'", r.join("full").display()))
    );
    let e = os::rename(r.join("empty"), r.join("full")).await.unwrap_err();
    assert_eq!(e.errno(), Some(39));
    assert!(e.to_string().ends_with(&format!(
        "'{}' -> '{}'",
        r.join("empty").display(),
        r.join("full").display()
    )));
    assert_eq!(os::stat(r.join("missing")).await.unwrap_err().kind(), std::io::ErrorKind::NotFound);
    assert_eq!(os::listdir(r.join("missing")).await.unwrap_err().errno(), Some(2));
    assert_eq!(os::readlink(r.join("empty")).await.unwrap_err().errno(), Some(22));
    assert_eq!(os::makedirs(r.join("full"), None, false).await.unwrap_err().errno(), Some(17));
    assert!(std::fs::metadata(r.join("full/x")).is_ok(), "failed calls change nothing");
}

#[tokio::test]
async fn permission_denied_as_a_normal_user() {
    if rustix::process::geteuid().is_root() {
        println!("skipped: running as root, which bypasses permission checks");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    assert_eq!(os::listdir(&locked).await.unwrap_err().kind(), std::io::ErrorKind::PermissionDenied);
    assert!(!os::access(&locked, os::R_OK).await.unwrap());
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o700)).unwrap();
}

#[tokio::test]
async fn metadata_times_modes_and_copies() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("f");
    std::fs::write(&f, b"0123456789").unwrap();
    os::chmod(&f, 0o640).await.unwrap();
    assert_eq!(os::stat(&f).await.unwrap().permissions().mode() & 0o777, 0o640);
    let t = UNIX_EPOCH + Duration::from_secs(1_234_567_890);
    os::utime(&f, (t, t)).await.unwrap();
    assert_eq!(os::path::getmtime(&f).await.unwrap(), t);
    assert_eq!(os::path::getmtime_secs(&f).await.unwrap(), 1_234_567_890.0);
    assert_eq!(os::path::getatime(&f).await.unwrap(), t);
    assert!(os::path::getctime_secs(&f).await.unwrap() > 1_234_567_890.0);
    assert_eq!(os::copyfile(&f, dir.path().join("g")).await.unwrap(), 10);
    assert_eq!(std::fs::read(dir.path().join("g")).unwrap(), b"0123456789");
    let st = os::statvfs(dir.path()).await.unwrap();
    assert!(st.f_frsize > 0 && st.f_namemax >= 255);
    assert!(os::statvfs(dir.path().join("missing")).await.is_err());
    assert!(os::getcwd().await.unwrap().is_absolute());
}

#[tokio::test]
async fn sendfile_with_and_without_offset() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::write(&src, b"abcdefghij").unwrap();
    let input = std::fs::File::open(&src).unwrap();
    let out = std::fs::File::create(dir.path().join("dst")).unwrap();
    assert_eq!(os::sendfile(&out, &input, Some(5), 3).await.unwrap(), 3);
    // No offset: reads from, and advances, the input's own position.
    assert_eq!(os::sendfile(&out, &input, None, 4).await.unwrap(), 4);
    assert_eq!(os::sendfile(&out, &input, None, 100).await.unwrap(), 6);
    assert_eq!(std::fs::read(dir.path().join("dst")).unwrap(), b"fghabcdefghij");
    let a = afile_core::open(&src, "rb").await.unwrap();
    assert!(os::path::sameopenfile(a.as_fd().unwrap(), input.as_fd()).await.unwrap());
    assert!(!os::path::sameopenfile(out.as_fd(), input.as_fd()).await.unwrap());
}
