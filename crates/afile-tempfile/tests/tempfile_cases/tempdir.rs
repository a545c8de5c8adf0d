//! The `tempdir-*` cases: `TemporaryDirectory` cleanup, twice, after the
//! directory went, with something else at its name, and `delete(false)`.

use std::path::{Path, PathBuf};

use afile_tempfile::TemporaryDirectory;
use serde_json::{Value, json};

/// What is at `p`, as the cases name it.
fn at_name(p: &Path) -> Value {
    match std::fs::symlink_metadata(p) {
        Ok(m) if m.file_type().is_symlink() => json!("symlink"),
        Ok(m) if m.is_dir() => json!("dir"),
        Ok(_) => json!("file"),
        Err(_) => Value::Null,
    }
}

/// A target directory with a file, outside the temporary directory.
fn target(scratch: &Path) -> PathBuf {
    let t = scratch.join("target");
    std::fs::create_dir(&t).unwrap();
    std::fs::write(t.join("keep"), b"keep").unwrap();
    t
}

/// `tempdir-replaced` and `tempdir-recreated`: what cleanup (or the drop,
/// CPython's with-block exit) does with what is at the name by then.
async fn tempdir_at_name(case: &Value) -> Result<(), String> {
    let scratch = tempfile::tempdir().unwrap();
    let t = target(scratch.path());
    let ignore = case.get("ignore_cleanup_errors") == Some(&json!(true));
    let mut d =
        TemporaryDirectory::builder().dir(scratch.path()).ignore_cleanup_errors(ignore).await.unwrap();
    let name = d.path().to_path_buf();
    let replace = |what: &str| match what {
        "symlink-to-dir" | "symlink" => std::os::unix::fs::symlink(&t, &name).unwrap(),
        "symlink-to-file" => std::os::unix::fs::symlink(t.join("keep"), &name).unwrap(),
        "dangling-symlink" => std::os::unix::fs::symlink(scratch.path().join("nowhere"), &name).unwrap(),
        "dir" => {
            std::fs::create_dir(&name).unwrap();
            std::fs::write(name.join("f"), b"again").unwrap();
        }
        _ => std::fs::write(&name, b"x").unwrap(),
    };
    let action = if case["kind"] == "tempdir-replaced" {
        std::fs::remove_dir(&name).unwrap();
        replace(case["replacement"].as_str().unwrap());
        case["action"].as_str().unwrap()
    } else {
        d.cleanup().await.unwrap();
        replace(case["recreated"].as_str().unwrap());
        case["then"].as_str().unwrap()
    };
    // The drop is CPython's with-block exit, whose error a drop cannot
    // report: only cleanup() is compared on its result.
    let result = match action {
        "cleanup" => match d.cleanup().await {
            Ok(()) => json!("ok"),
            Err(e) => {
                json!({"errno": e.errno(), "message": e.to_string().replace(name.to_str().unwrap(), "$NAME")})
            }
        },
        _ => {
            drop(d);
            Value::Null
        }
    };
    let want_result = match &case["result"] {
        Value::Object(m) => json!({"errno": m["errno"], "message": m["message"]}),
        other => other.clone(),
    };
    let intact = std::fs::read(t.join("keep")).is_ok_and(|c| c == b"keep");
    let got = json!({"left": at_name(&name), "target_intact": intact});
    let want = json!({"left": case["left"], "target_intact": case["target_intact"]});
    if got == want && (result.is_null() || result == want_result) {
        Ok(())
    } else {
        Err(format!("got {got} {result}, CPython {want} {want_result}"))
    }
}

pub(crate) async fn tempdir_case(case: &Value) -> Result<(), String> {
    match case["kind"].as_str().unwrap() {
        "tempdir-replaced" | "tempdir-recreated" => tempdir_at_name(case).await,
        "tempdir-cleanup-twice" => {
            let mut d = TemporaryDirectory::new().await.unwrap();
            let path = d.path().to_path_buf();
            d.cleanup().await.map_err(|e| e.to_string())?;
            let second = d.cleanup().await.map(|()| "ok").map_err(|e| e.to_string())?;
            let got = json!({"second_cleanup": second, "exists_after": path.exists()});
            let want =
                json!({"second_cleanup": case["second_cleanup"], "exists_after": case["exists_after"]});
            if got == want { Ok(()) } else { Err(format!("got {got}, CPython {want}")) }
        }
        "tempdir-removed-externally" => {
            let mut d = TemporaryDirectory::builder()
                .ignore_cleanup_errors(case["ignore_cleanup_errors"] == json!(true))
                .await
                .unwrap();
            std::fs::remove_dir(d.path()).unwrap();
            let got = d.cleanup().await.map(|()| "ok".to_owned()).unwrap_or_else(|e| e.to_string());
            if json!(got) == case["cleanup"] { Ok(()) } else { Err(format!("cleanup: {got}")) }
        }
        _ => {
            let d = TemporaryDirectory::builder().delete(false).await.unwrap();
            let path = d.path().to_path_buf();
            drop(d);
            let exists = path.exists();
            let _ = std::fs::remove_dir(&path);
            if json!(exists) == case["exists_after_end"] {
                Ok(())
            } else {
                Err(format!("exists after end: {exists}"))
            }
        }
    }
}
