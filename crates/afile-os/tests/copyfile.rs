//! `copyfile` keeps `shutil.copyfile`'s semantics: data only, dst
//! truncated, CPython's errors for the same file, pipes and directories.

#![allow(clippy::unwrap_used)] // tests may unwrap

use std::os::unix::fs::PermissionsExt;

use afile_os as os;

#[tokio::test]
async fn copies_data_of_any_size_and_truncates_the_target() {
    let dir = tempfile::tempdir().unwrap();
    let (src, dst) = (dir.path().join("src"), dir.path().join("dst"));
    for size in [0usize, 1, 65_536, (3 << 20) + 7] {
        let data: Vec<u8> = (0..size).map(|i| (i * 31 % 251) as u8).collect();
        std::fs::write(&src, &data).unwrap();
        std::fs::write(&dst, vec![b'x'; size + 100]).unwrap();
        assert_eq!(os::copyfile(&src, &dst).await.unwrap(), size as u64);
        assert!(std::fs::read(&dst).unwrap() == data, "size {size}");
    }
    // Data only: the mode bits are not copied.
    std::fs::set_permissions(&src, std::fs::Permissions::from_mode(0o755)).unwrap();
    let fresh = dir.path().join("fresh");
    os::copyfile(&src, &fresh).await.unwrap();
    assert_eq!(std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o111, 0);
}

#[tokio::test]
async fn the_same_file_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    let link = dir.path().join("l");
    std::fs::write(&a, b"keep me").unwrap();
    std::os::unix::fs::symlink(&a, &link).unwrap();
    let err = os::copyfile(&a, &a).await.unwrap_err();
    assert_eq!(err.to_string(), format!("'{}' and '{}' are the same file", a.display(), a.display()));
    let err = os::copyfile(&link, &a).await.unwrap_err();
    assert_eq!(err.to_string(), format!("'{}' and '{}' are the same file", link.display(), a.display()));
    assert_eq!(std::fs::read(&a).unwrap(), b"keep me");
}

#[tokio::test]
async fn pipes_directories_and_missing_files_fail_as_in_cpython() {
    let dir = tempfile::tempdir().unwrap();
    let (a, sub, pipe) = (dir.path().join("a"), dir.path().join("sub"), dir.path().join("p"));
    std::fs::write(&a, b"x").unwrap();
    std::fs::create_dir(&sub).unwrap();
    rustix::fs::mknodat(rustix::fs::CWD, &pipe, rustix::fs::FileType::Fifo, 0o600.into(), 0).unwrap();
    let target = dir.path().join("target");

    let err = os::copyfile(&pipe, &target).await.unwrap_err();
    assert_eq!(err.to_string(), format!("`{}` is a named pipe", pipe.display()));
    let err = os::copyfile(&a, &pipe).await.unwrap_err();
    assert_eq!(err.to_string(), format!("`{}` is a named pipe", pipe.display()));
    let err = os::copyfile(&a, &sub).await.unwrap_err();
    assert_eq!(err.to_string(), format!("[Errno 21] Is a directory: '{}'", sub.display()));
    let err = os::copyfile(&sub, &target).await.unwrap_err();
    assert_eq!(err.to_string(), format!("[Errno 21] Is a directory: '{}'", sub.display()));
    let missing = dir.path().join("missing");
    let err = os::copyfile(&missing, &target).await.unwrap_err();
    assert_eq!(err.to_string(), format!("[Errno 2] No such file or directory: '{}'", missing.display()));
    assert!(!target.exists(), "a failed copy creates nothing");
}
