//! `path::realpath` against answers recorded from CPython 3.12's
//! `os.path.realpath` (strict=False) on the same tree.

#![allow(clippy::unwrap_used)] // tests may unwrap

use std::os::unix::fs::symlink;

#[tokio::test]
async fn realpath_resolves_as_cpython() {
    let tmp = tempfile::tempdir().unwrap();
    let d = std::fs::canonicalize(tmp.path()).unwrap();
    std::fs::create_dir(d.join("real")).unwrap();
    std::fs::write(d.join("real/file"), b"").unwrap();
    std::fs::create_dir(d.join("sub")).unwrap();
    for (target, link) in [
        ("real", "link"),
        (d.join("real").to_str().unwrap(), "abs"),
        ("loop2", "loop1"),
        ("loop1", "loop2"),
        ("self", "self"),
        ("..", "up"),
        ("link/file", "chain"),
        ("nowhere/x", "dangling"),
        ("../link", "sub/back"),
    ] {
        symlink(target, d.join(link)).unwrap();
    }
    let name = d.file_name().unwrap().to_str().unwrap().to_owned();
    let parent = d.parent().unwrap().to_str().unwrap().to_owned();
    let dir = d.to_str().unwrap().to_owned();
    // os.path.realpath(D + "/" + query) in CPython 3.12.1, D replaced by $DIR.
    let up_name_link = format!("up/{name}/link");
    let cases = [
        ("link/file", "$DIR/real/file"),
        ("link/missing/../file", "$DIR/real/file"),
        ("abs/file", "$DIR/real/file"),
        ("loop1/x/y", "$DIR/loop1/x/y"),
        ("self", "$DIR/self"),
        ("chain", "$DIR/real/file"),
        ("dangling/more", "$DIR/nowhere/x/more"),
        ("real/../link/./file", "$DIR/real/file"),
        ("up", "$PARENT"),
        ("link/..", "$DIR"),
        ("missing/../../x", "$PARENT/x"),
        ("loop1/../real", "$DIR/real"),
        ("sub/back/file", "$DIR/real/file"),
        ("link//file/", "$DIR/real/file"),
        (up_name_link.as_str(), "$DIR/real"),
    ];
    for (query, want) in cases {
        let got = afile_os::path::realpath(format!("{dir}/{query}")).await.unwrap();
        let want = want.replace("$DIR", &dir).replace("$PARENT", &parent);
        assert_eq!(got.to_str().unwrap(), want, "{query}");
    }
}

/// `os.path.relpath` and `commonpath` answers of CPython 3.12.1.
#[tokio::test]
async fn relpath_and_commonpath_as_cpython() {
    use std::path::Path;
    for (p, start, want) in [
        ("/a/b/c", "/a/x", "../b/c"),
        ("/a/b", "/a/b", "."),
        ("/a", "/a/b/c", "../.."),
        ("/", "/a", ".."),
        ("/a/b/../c/", "/a/./c", "."),
    ] {
        assert_eq!(afile_os::path::relpath(p, Some(start)).await.unwrap(), Path::new(want), "{p} {start}");
    }
    let cwd = std::env::current_dir().unwrap();
    let rel = afile_os::path::relpath("x", Some("/")).await.unwrap();
    assert_eq!(Path::new("/").join(rel), cwd.join("x"));
    assert_eq!(afile_os::path::relpath("", None::<&str>).await.unwrap_err().to_string(), "no path specified");
    for (paths, want) in [
        (&["/a/b/c", "/a/b/d"][..], "/a/b"),
        (&["/a/b", "/a/bc"], "/a"),
        (&["a/b", "a/./b/c"], "a/b"),
        (&["/"], "/"),
        (&["/a//b/", "/a/b"], "/a/b"),
        (&["a", "b"], ""),
        (&["/a", "/a"], "/a"),
    ] {
        assert_eq!(afile_os::path::commonpath(paths).unwrap(), Path::new(want), "{paths:?}");
    }
    let empty: [&str; 0] = [];
    assert_eq!(
        afile_os::path::commonpath(empty).unwrap_err().to_string(),
        "commonpath() arg is an empty sequence"
    );
    assert_eq!(afile_os::path::commonprefix(["abc", "abd", "ab"]), "ab");
    assert_eq!(afile_os::path::commonprefix(empty), "");
}
