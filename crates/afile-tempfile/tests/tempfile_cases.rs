//! Replays `shared/cases/tempfile.json` (recorded from CPython 3.12) against
//! afile-tempfile. The `gettempdir` cases replay in `src/env.rs`'s unit
//! tests, where the search can be given a fake environment.

#![allow(clippy::unwrap_used)] // tests may unwrap

use std::io::SeekFrom;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use afile_tempfile::{
    NamedTemporaryFile, SpooledTemporaryFile, TemporaryDirectory, TemporaryFile, mkdtemp, mkstemp,
};
use serde_json::{Value, json};

fn cases(kind: &str) -> Vec<Value> {
    let dir = std::env::var_os("AFILE_CASES")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../cases"));
    let doc: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("tempfile.json")).unwrap()).unwrap();
    doc["cases"].as_array().unwrap().iter().filter(|c| c["kind"] == kind).cloned().collect()
}

/// Creates with `ctor` and `args` in `dir`; returns the path (kept alive
/// until the returned guard drops).
async fn create(
    ctor: &str,
    args: &Value,
    dir: &Path,
) -> afile_core::Result<(PathBuf, Box<dyn std::any::Any>)> {
    let prefix = args.get("prefix").and_then(Value::as_str).unwrap_or("tmp");
    let suffix = args.get("suffix").and_then(Value::as_str).unwrap_or("");
    let dir =
        args.get("dir").and_then(Value::as_str).map(|d| dir.join(d)).unwrap_or_else(|| dir.to_path_buf());
    Ok(match ctor {
        "NamedTemporaryFile" => {
            let f = NamedTemporaryFile::builder().prefix(prefix).suffix(suffix).dir(&dir).await?;
            (f.path().to_path_buf(), Box::new(f))
        }
        "mkstemp" => {
            let (f, p) = mkstemp().prefix(prefix).suffix(suffix).dir(&dir).await?;
            (p, Box::new(f))
        }
        "mkdtemp" => {
            let p = mkdtemp().prefix(prefix).suffix(suffix).dir(&dir).await?;
            (p, Box::new(()))
        }
        _ => {
            let d = TemporaryDirectory::builder().prefix(prefix).suffix(suffix).dir(&dir).await?;
            (d.path().to_path_buf(), Box::new(d))
        }
    })
}

#[tokio::test]
async fn naming_cases_match_cpython() {
    let all = cases("naming");
    assert_eq!(all.len(), 20);
    for case in all {
        let scratch = tempfile::tempdir().unwrap();
        std::fs::create_dir(scratch.path().join("sub")).unwrap();
        let (path, _keep) =
            create(case["ctor"].as_str().unwrap(), &case["args"], scratch.path()).await.unwrap();
        let name = path.file_name().unwrap().to_str().unwrap();
        let prefix = case["args"].get("prefix").and_then(Value::as_str).unwrap_or("tmp");
        let suffix = case["args"].get("suffix").and_then(Value::as_str).unwrap_or("");
        let middle = name.strip_prefix(prefix).and_then(|n| n.strip_suffix(suffix)).unwrap();
        assert!(
            middle.len() == 8
                && middle.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        );
        assert!(case["name_regex"].as_str().unwrap().contains("[a-z0-9_]{8}"), "{}", case["id"]);
        let parent =
            if case["parent"] == "." { scratch.path().to_path_buf() } else { scratch.path().join("sub") };
        assert_eq!(path.parent().unwrap(), parent);
        assert_eq!(path.is_absolute(), case["absolute"] == json!(true));
        let perm = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(format!("{perm:04o}"), case["perm"].as_str().unwrap(), "{}", case["id"]);
    }
}

#[tokio::test]
async fn naming_error_cases_match_cpython() {
    for case in cases("naming-error") {
        let scratch = tempfile::tempdir().unwrap();
        let err = create(case["ctor"].as_str().unwrap(), &case["args"], scratch.path()).await.err().unwrap();
        assert_eq!(err.errno(), case["result"]["errno"].as_i64().map(|n| n as i32));
        let want = case["result"]["message"].as_str().unwrap();
        // The message names the would-be path in the missing directory.
        let got = err.to_string();
        let head = want.split("$DIR").next().unwrap();
        assert!(got.starts_with(head), "{got}");
        assert!(got.contains(&format!("{}/missing/tmp", scratch.path().display())), "{got}");
        assert_eq!(std::fs::read_dir(scratch.path()).unwrap().count(), 0, "nothing created");
    }
}

#[tokio::test]
async fn named_delete_cases_match_cpython() {
    for case in cases("named-delete") {
        let scratch = tempfile::tempdir().unwrap();
        let mut f = NamedTemporaryFile::builder()
            .dir(scratch.path())
            .delete(case["delete"] == json!(true))
            .delete_on_close(case["delete_on_close"] == json!(true))
            .await
            .unwrap();
        let path = f.path().to_path_buf();
        f.close().await.unwrap();
        assert_eq!(path.exists(), case["exists_after_close"] == json!(true), "{case}");
        drop(f);
        assert_eq!(path.exists(), case["exists_after_end"] == json!(true), "{case}");
    }
}

#[tokio::test]
async fn temporaryfile_is_invisible() {
    assert_eq!(cases("temporaryfile-invisible").len(), 1);
    let scratch = tempfile::tempdir().unwrap();
    let mut f = TemporaryFile::builder().dir(scratch.path()).await.unwrap();
    f.write(b"hidden").await.unwrap();
    f.flush().await.unwrap();
    assert_eq!(std::fs::read_dir(scratch.path()).unwrap().count(), 0, "listing unchanged");
}

#[tokio::test]
async fn spooled_cases_match_cpython() {
    let all = cases("spooled");
    assert_eq!(all.len(), 5);
    for case in all {
        let max = case["max_size"].as_u64().unwrap() as usize;
        let text = !case["mode"].as_str().unwrap().contains('b');
        let ops = case["ops"].as_array().unwrap();
        let results = case["results"].as_array().unwrap();
        if text {
            let mut f = SpooledTemporaryFile::builder().max_size(max).mode("w+").text().await.unwrap();
            for (op, want) in ops.iter().zip(results) {
                let got = match op[0].as_str().unwrap() {
                    "write" => json!(f.write(op[1].as_str().unwrap()).await.unwrap()),
                    "rolled" => json!(f.rolled()),
                    "seek" => {
                        json!(f.seek(SeekFrom::Start(op[1].as_u64().unwrap())).await.unwrap().byte_offset())
                    }
                    "read" => json!(f.read(None).await.unwrap()),
                    other => panic!("{other}"),
                };
                assert_eq!(&got, want, "{} {op}", case["id"]);
            }
            continue;
        }
        let mut f = SpooledTemporaryFile::builder().max_size(max).await.unwrap();
        for (op, want) in ops.iter().zip(results) {
            let bytes =
                |v: &Value| -> Vec<u8> { v.as_str().unwrap().chars().map(|c| c as u32 as u8).collect() };
            let got = match op[0].as_str().unwrap() {
                "write" => json!(f.write(&bytes(&op[1])).await.unwrap()),
                "rolled" => json!(f.rolled()),
                "rollover" => {
                    f.rollover().await.unwrap();
                    Value::Null
                }
                "fileno" => json!({"fd": f.fileno().await.unwrap() >= 0}),
                "seek" => json!(f.seek(SeekFrom::Start(op[1].as_u64().unwrap())).await.unwrap()),
                "tell" => json!(f.tell().await.unwrap()),
                "read" => json!(String::from_utf8_lossy(&f.read(None).await.unwrap())),
                "readline" => json!(String::from_utf8_lossy(&f.readline(None).await.unwrap())),
                other => panic!("{other}"),
            };
            assert_eq!(&got, want, "{} {op}", case["id"]);
        }
    }
}

#[tokio::test]
async fn tempdir_cases_match_cpython() {
    assert_eq!(cases("tempdir-cleanup-twice").len(), 1);
    let mut d = TemporaryDirectory::new().await.unwrap();
    let path = d.path().to_path_buf();
    d.cleanup().await.unwrap();
    d.cleanup().await.unwrap();
    assert!(!path.exists());

    assert_eq!(cases("tempdir-removed-externally").len(), 1);
    let mut d = TemporaryDirectory::new().await.unwrap();
    std::fs::remove_dir(d.path()).unwrap();
    d.cleanup().await.unwrap();

    assert_eq!(cases("tempdir-delete-false").len(), 1);
    let d = TemporaryDirectory::builder().delete(false).await.unwrap();
    let path = d.path().to_path_buf();
    drop(d);
    assert!(path.exists());
    std::fs::remove_dir(path).unwrap();
}
