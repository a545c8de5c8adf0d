//! Edges of CPython 3.12's `tempfile` that the recorded cases do not cover,
//! checked by hand against CPython 3.12.1: a `/` in `prefix` or `suffix`,
//! a prefix naming a missing subdirectory, NUL, and `SpooledTemporaryFile`'s
//! `truncate` rollover.

#![allow(clippy::unwrap_used)] // tests may unwrap

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use afile_tempfile::{NamedTemporaryFile, SpooledTemporaryFile, TemporaryDirectory, mkdtemp, mkstemp};

fn perm(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

fn random_part(name: &str, prefix: &str, suffix: &str) -> bool {
    let mid = name.strip_prefix(prefix).and_then(|n| n.strip_suffix(suffix)).unwrap_or("");
    mid.len() == 8 && mid.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// `prefix='logs/app-'` puts `logs/app-XXXXXXXX` inside `dir` (files 0600,
/// directories 0700), for every constructor.
#[tokio::test]
async fn a_prefix_with_a_slash_creates_inside_that_subdirectory() {
    let scratch = tempfile::tempdir().unwrap();
    let logs = scratch.path().join("logs");
    std::fs::create_dir(&logs).unwrap();
    let named = NamedTemporaryFile::builder().dir(scratch.path()).prefix("logs/app-").await.unwrap();
    let (_f, stemp) = mkstemp().dir(scratch.path()).prefix("logs/app-").suffix(".log").await.unwrap();
    let dtemp = mkdtemp().dir(scratch.path()).prefix("logs/app-").await.unwrap();
    let tdir = TemporaryDirectory::builder().dir(scratch.path()).prefix("logs/").await.unwrap();
    for (path, suffix, mode) in
        [(named.path(), "", 0o600), (&stemp, ".log", 0o600), (&dtemp, "", 0o700), (tdir.path(), "", 0o700)]
    {
        assert_eq!(path.parent(), Some(logs.as_path()), "{}", path.display());
        let name = path.file_name().unwrap().to_str().unwrap();
        let prefix = if path == tdir.path() { "" } else { "app-" };
        assert!(random_part(name, prefix, suffix), "{name}");
        assert_eq!(perm(path), mode, "{}", path.display());
    }
    assert_eq!(std::fs::read_dir(scratch.path()).unwrap().count(), 1, "only logs/ at the top");
}

/// `mkdtemp(suffix='/')` returns a plain directory name (CPython returns
/// `os.path.abspath(name)`); `mkstemp(suffix='/')` is `[Errno 21] Is a
/// directory` naming the path with its slash, and creates nothing.
#[tokio::test]
async fn a_slash_suffix_gives_a_plain_directory_name() {
    let scratch = tempfile::tempdir().unwrap();
    let d = mkdtemp().dir(scratch.path()).suffix("/").await.unwrap();
    assert_eq!(d.parent(), Some(scratch.path()));
    assert!(!d.as_os_str().to_string_lossy().ends_with('/'));
    assert!(random_part(d.file_name().unwrap().to_str().unwrap(), "tmp", ""));
    assert!(d.is_dir());
    let t = TemporaryDirectory::builder().dir(scratch.path()).suffix("/").await.unwrap();
    assert!(!t.path().as_os_str().to_string_lossy().ends_with('/'));
    drop(t);

    let err = mkstemp().dir(scratch.path()).suffix("/").await.unwrap_err();
    assert_eq!(err.errno(), Some(21));
    let msg = err.to_string();
    let head = format!("[Errno 21] Is a directory: '{}/tmp", scratch.path().display());
    assert!(msg.starts_with(&head) && msg.ends_with("/'"), "{msg}");
    assert!(random_part(&msg, &head, "/'"), "{msg}");
    assert_eq!(std::fs::read_dir(scratch.path()).unwrap().count(), 1, "only the mkdtemp directory");
}

/// A prefix naming a missing subdirectory is CPython's FileNotFoundError
/// with the would-be path, not an argument error.
#[tokio::test]
async fn a_prefix_in_a_missing_subdirectory_is_file_not_found() {
    let scratch = tempfile::tempdir().unwrap();
    let head = format!("[Errno 2] No such file or directory: '{}/nosuch/x", scratch.path().display());
    let errs = [
        mkstemp().dir(scratch.path()).prefix("nosuch/x").await.map(drop).unwrap_err(),
        mkdtemp().dir(scratch.path()).prefix("nosuch/x").await.map(drop).unwrap_err(),
        NamedTemporaryFile::builder().dir(scratch.path()).prefix("nosuch/x").await.map(drop).unwrap_err(),
    ];
    for err in errs {
        assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
        assert_eq!(err.errno(), Some(2));
        assert!(random_part(&err.to_string(), &head, "'"), "{err}");
    }
    assert_eq!(std::fs::read_dir(scratch.path()).unwrap().count(), 0);
}

/// A NUL in a name part is refused before anything is created (CPython:
/// `ValueError: embedded null byte`).
#[tokio::test]
async fn nul_is_still_refused() {
    let scratch = tempfile::tempdir().unwrap();
    let err = mkstemp().dir(scratch.path()).prefix("a\0").await.map(drop).unwrap_err();
    assert!(matches!(err, afile_core::Error::InvalidArgument(_)));
    assert_eq!(err.to_string(), "embedded null byte");
    let err = mkdtemp().dir(scratch.path()).suffix("\0").await.map(drop).unwrap_err();
    assert_eq!(err.to_string(), "embedded null byte");
    assert_eq!(std::fs::read_dir(scratch.path()).unwrap().count(), 0);
}

/// `truncate(n)` rolls over whenever `n > max_size`, even with `max_size`
/// 0, binary and text (CPython 3.12: `truncate(1)` with `max_size=0` rolls
/// over, `truncate(0)` does not; `max_size=5`: 5 does not, 6 does).
#[tokio::test]
async fn spooled_truncate_rolls_over_past_max_size_even_when_zero() {
    for (max, size, rolls) in [(0, 0, false), (0, 1, true), (5, 5, false), (5, 6, true)] {
        let mut f = SpooledTemporaryFile::builder().max_size(max).await.unwrap();
        f.truncate(size).await.unwrap();
        assert_eq!(f.rolled(), rolls, "binary max_size {max} truncate({size})");
        assert_eq!(f.mode(), if rolls { "rb+" } else { "w+b" });
        let mut t = SpooledTemporaryFile::builder().max_size(max).text().await.unwrap();
        t.write("abc").await.unwrap();
        t.truncate(size).await.unwrap();
        assert_eq!(t.rolled(), rolls, "text max_size {max} truncate({size})");
        assert_eq!(t.mode(), "w+");
    }
}
