//! Replays `cases/tempfile.json` and `cases/tempfile_more.json` (recorded
//! from CPython 3.12) against afile-tempfile. The `gettempdir` cases replay
//! in `src/env.rs`'s unit tests, where the search can be given a fake
//! environment (the process's environment is shared by tests running in
//! parallel).

#![allow(clippy::unwrap_used)] // tests may unwrap

use std::io::SeekFrom;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use afile_tempfile::{
    NamedTemporaryFile, SpooledTemporaryFile, TemporaryDirectory, TemporaryFile, mkdtemp, mkstemp,
};
use serde_json::{Value, json};

/// Cases that do not apply to afile, and why. Also listed in
/// `docs/mapping.md` ("Cases that do not apply", "Differences from CPython
/// kept on purpose").
const NOT_APPLICABLE: &[(&str, &str)] = &[
    (
        "tempfile-038",
        "mixing bytes and str arguments (CPython's TypeError): afile's prefix/suffix are &str and dir a \
         path, so the mix cannot be written",
    ),
    (
        "tempmore-019",
        "a TemporaryDirectory collected after cleanup() without a with-block: afile's drop is the \
         with-block exit (removes what is at the name again), Rust has no separate collection",
    ),
    (
        "tempmore-022",
        "as tempmore-019, with a symlink at the name: the drop leaves it (as the with-block exit does)",
    ),
];

/// Single ops (case id, op index) that cannot be compared; the rest of the
/// case runs.
const OPS_NOT_APPLICABLE: &[(&str, usize, &str)] = &[
    (
        "tempfile-057",
        4,
        "name of a rolled-over (unnamed) file: CPython gives the descriptor number, afile's name() gives \
         None (there is no path); fileno() gives the descriptor",
    ),
    (
        "tempmore-032",
        1,
        "detach() before the rollover: CPython's BytesIO has no raw file (UnsupportedOperation); afile's \
         memory side is an in-memory file, which detach() returns",
    ),
];

/// Kinds replayed elsewhere, and where.
const REPLAYED_ELSEWHERE: &[(&str, &str)] =
    &[("gettempdir", "src/env.rs unit test gettempdir_cases_match_cpython (a fake environment)")];

fn all_cases() -> Vec<Value> {
    let dir = std::env::var_os("AFILE_CASES")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../cases"));
    let mut all = Vec::new();
    for file in ["tempfile.json", "tempfile_more.json"] {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(dir.join(file)).unwrap()).unwrap();
        all.extend(doc["cases"].as_array().unwrap().iter().cloned());
    }
    all
}

/// Python's `re.escape`, to check that a case's `name_regex` is the name
/// this replay checks.
fn re_escape(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_alphanumeric() || c == '_' { c.to_string() } else { format!("\\{c}") })
        .collect()
}

/// Creates with `ctor` and `args` in `dir` (`None`: the default directory);
/// returns the path and what keeps it alive.
async fn create(
    ctor: &str,
    args: &Value,
    dir: Option<&Path>,
) -> afile_core::Result<(PathBuf, Box<dyn std::any::Any>)> {
    let prefix = args.get("prefix").and_then(Value::as_str).unwrap_or("tmp");
    let suffix = args.get("suffix").and_then(Value::as_str).unwrap_or("");
    let text = args.get("text") == Some(&json!(true));
    let dir = match (dir, args.get("dir").and_then(Value::as_str)) {
        (Some(d), Some(sub)) => Some(d.join(sub)),
        (d, _) => d.map(Path::to_path_buf),
    };
    macro_rules! placed {
        ($b:expr) => {{
            let b = $b.prefix(prefix).suffix(suffix);
            match &dir {
                Some(d) => b.dir(d),
                None => b,
            }
        }};
    }
    Ok(match ctor {
        "NamedTemporaryFile" => {
            let f = placed!(NamedTemporaryFile::builder()).await?;
            (f.path().to_path_buf(), Box::new(f))
        }
        "mkstemp" if text => {
            let (f, p) = placed!(mkstemp()).text().await?;
            (p, Box::new(f))
        }
        "mkstemp" => {
            let (f, p) = placed!(mkstemp()).await?;
            (p, Box::new(f))
        }
        "mkdtemp" => {
            let p = placed!(mkdtemp()).await?;
            (p, Box::new(()))
        }
        _ => {
            let d = placed!(TemporaryDirectory::builder()).await?;
            (d.path().to_path_buf(), Box::new(d))
        }
    })
}

/// `naming` and `naming-bytes`: afile takes `&str` name parts and gives a
/// `PathBuf` (bytes on Unix), so the bytes cases replay the same way.
async fn naming(case: &Value) -> Result<(), String> {
    let scratch = tempfile::tempdir().unwrap();
    std::fs::create_dir(scratch.path().join("sub")).unwrap();
    let default_dir = case["parent"] == "$TMP";
    let ctor = case["ctor"].as_str().unwrap();
    let (path, keep) = create(ctor, &case["args"], (!default_dir).then_some(scratch.path()))
        .await
        .map_err(|e| format!("create failed: {e}"))?;
    let name = path.file_name().unwrap().to_str().unwrap().to_owned();
    let prefix = case["args"].get("prefix").and_then(Value::as_str).unwrap_or("tmp");
    let suffix = case["args"].get("suffix").and_then(Value::as_str).unwrap_or("");
    let regex = format!("^{}[a-z0-9_]{{8}}{}$", re_escape(prefix), re_escape(suffix));
    let middle = name.strip_prefix(prefix).and_then(|n| n.strip_suffix(suffix)).unwrap_or("");
    let parent = match case["parent"].as_str().unwrap() {
        "$TMP" => afile_tempfile::gettempdir().await.unwrap(),
        "." => scratch.path().to_path_buf(),
        sub => scratch.path().join(sub),
    };
    let perm = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    let mut got = json!({
        "name_regex": regex,
        "middle_ok": middle.len() == 8
            && middle.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
        "parent_ok": path.parent() == Some(parent.as_path()),
        "absolute": path.is_absolute(),
        "perm": format!("{perm:04o}"),
        "name_ends_with_slash": path.as_os_str().to_string_lossy().ends_with('/'),
    });
    let mut want = json!({"name_regex": case["name_regex"], "middle_ok": true, "parent_ok": true});
    // The bytes cases record fewer fields: compare those they have.
    for key in ["absolute", "perm", "name_ends_with_slash"] {
        match case.get(key) {
            Some(v) => want[key] = v.clone(),
            None => drop(got.as_object_mut().unwrap().remove(key)),
        }
    }
    drop(keep);
    if default_dir && path.exists() {
        // Created outside the scratch directory: remove it now.
        let _ = if path.is_dir() { std::fs::remove_dir(&path) } else { std::fs::remove_file(&path) };
    }
    if got == want { Ok(()) } else { Err(format!("got {got}, CPython {want} ({})", path.display())) }
}

async fn naming_error(case: &Value) -> Result<(), String> {
    let scratch = tempfile::tempdir().unwrap();
    let err = match create(case["ctor"].as_str().unwrap(), &case["args"], Some(scratch.path())).await {
        Ok((p, _)) => return Err(format!("created {}", p.display())),
        Err(e) => e,
    };
    // `$RAND` stands for the 8 random characters: take ours from the message.
    let want =
        case["result"]["message"].as_str().unwrap().replace("$DIR", &scratch.path().display().to_string());
    let (head, tail) = want.split_once("$RAND").unwrap();
    let got = err.to_string();
    let rand = got.strip_prefix(head).and_then(|r| r.strip_suffix(tail)).unwrap_or("");
    let listed = std::fs::read_dir(scratch.path()).unwrap().count();
    if err.errno() == case["result"]["errno"].as_i64().map(|n| n as i32) && rand.len() == 8 && listed == 0 {
        Ok(())
    } else {
        Err(format!("got {got:?} (errno {:?}, {listed} entries created), CPython {want:?}", err.errno()))
    }
}

async fn named_delete(case: &Value) -> Result<(), String> {
    let scratch = tempfile::tempdir().unwrap();
    let mut f = NamedTemporaryFile::builder()
        .dir(scratch.path())
        .delete(case["delete"] == json!(true))
        .delete_on_close(case["delete_on_close"] == json!(true))
        .await
        .unwrap();
    let path = f.path().to_path_buf();
    f.close().await.unwrap();
    let after_close = path.exists();
    // Dropping is both CPython's collection and its with-block exit.
    drop(f);
    let after_end = path.exists();
    let got = json!([after_close, after_close, after_end, after_end]);
    let want = json!([
        case["exists_after_close"],
        case["exists_after_close_inside_with"],
        case["exists_after_close_and_collect"],
        case["exists_after_with"]
    ]);
    if got == want { Ok(()) } else { Err(format!("got {got}, CPython {want}")) }
}

async fn temporaryfile_invisible(case: &Value) -> Result<(), String> {
    let scratch = tempfile::tempdir().unwrap();
    let mut f = TemporaryFile::builder().dir(scratch.path()).await.unwrap();
    f.write(b"hidden").await.unwrap();
    f.flush().await.unwrap();
    let unchanged = std::fs::read_dir(scratch.path()).unwrap().count() == 0;
    if json!(unchanged) == case["listing_unchanged"] {
        Ok(())
    } else {
        Err(format!("listing unchanged: {unchanged}"))
    }
}

fn bytes(v: &Value) -> Vec<u8> {
    v.as_str().unwrap().chars().map(|c| c as u32 as u8).collect()
}

fn latin1(b: &[u8]) -> Value {
    json!(b.iter().map(|&c| c as char).collect::<String>())
}

async fn spooled(case: &Value, id: &str) -> Result<(), String> {
    let max = case["max_size"].as_u64().unwrap() as usize;
    let mode = case["mode"].as_str().unwrap();
    let ops = case["ops"].as_array().unwrap();
    let (results, rolled_after) =
        (case["results"].as_array().unwrap(), case["rolled_after"].as_array().unwrap());
    let mut failures = Vec::new();
    let skip = |i: usize| OPS_NOT_APPLICABLE.iter().any(|(c, n, _)| *c == id && *n == i);
    if !mode.contains('b') {
        let mut builder = SpooledTemporaryFile::builder().max_size(max).mode(mode).text();
        if let Some(encoding) = case.get("encoding").and_then(Value::as_str) {
            builder = builder.encoding(encoding);
        }
        if case.get("newline").is_some() {
            builder = builder.newline(case["newline"].as_str());
        }
        let mut f = Some(builder.await.unwrap());
        let mut cookies = std::collections::HashMap::new();
        for (i, op) in ops.iter().enumerate() {
            let Some(file) = f.as_mut() else { break };
            let n = op.get(1).and_then(Value::as_u64).map(|n| n as usize);
            let got = match op[0].as_str().unwrap() {
                "write" => json!(file.write(op[1].as_str().unwrap()).await.unwrap()),
                "rolled" => json!(file.rolled()),
                "mode" => json!(file.mode()),
                "seek" => {
                    json!(file.seek(SeekFrom::Start(op[1].as_u64().unwrap())).await.unwrap().byte_offset())
                }
                "read" => json!(file.read(n).await.unwrap()),
                "readline" => json!(file.readline(n).await.unwrap()),
                "tell" => {
                    let cookie = file.tell().await.unwrap();
                    cookies.insert(i, cookie);
                    // CPython's cookie is the byte offset when it fits in
                    // 64 bits, and carries decoder state above them.
                    match (cookie.byte_offset(), results[i].as_u64()) {
                        (Some(at), Some(_)) => json!(at),
                        (None, None) => results[i].clone(),
                        (None, Some(_)) => json!("an opaque cookie"),
                        (Some(at), None) => json!(format!("the plain offset {at}")),
                    }
                }
                "seek_tell_of" => {
                    let at = op[1].as_u64().unwrap() as usize;
                    file.seek_cookie(cookies[&at]).await.unwrap();
                    results[i].clone()
                }
                "detach" => {
                    let _ = f.take().unwrap().detach().await.unwrap();
                    json!({"detached": "BytesIO"})
                }
                other => panic!("{other}"),
            };
            let Some(file) = f.as_ref() else { continue };
            let rolled = file.rolled();
            if !skip(i) && (got != results[i] || json!(rolled) != rolled_after[i]) {
                failures.push(format!("op {i} {op}: got {got} rolled {rolled}, CPython {}", results[i]));
            }
        }
    } else {
        let mut f = SpooledTemporaryFile::builder().max_size(max).mode(mode).await.unwrap();
        for (i, op) in ops.iter().enumerate() {
            if op[0] == "detach" {
                let rolled = f.rolled();
                let std_file = f.detach().await;
                if !skip(i) && (std_file.is_err() || json!(rolled) != rolled_after[i]) {
                    failures.push(format!("op {i} detach: {std_file:?}, CPython {}", results[i]));
                }
                break;
            }
            let got = match op[0].as_str().unwrap() {
                "readinto1" => {
                    let mut buf = vec![0u8; op[1].as_u64().unwrap() as usize];
                    let n = f.readinto1(&mut buf).await.unwrap();
                    json!({"n": n, "data": latin1(&buf[..n])})
                }
                "write" => json!(f.write(&bytes(&op[1])).await.unwrap()),
                "rolled" => json!(f.rolled()),
                "rollover" => json!(f.rollover().await.map(|()| Value::Null).unwrap()),
                "fileno" => json!({"fd": f.fileno().await.unwrap() >= 0}),
                "mode" => json!(f.mode()),
                "name" => json!(f.name()),
                "seek" => json!(f.seek(SeekFrom::Start(op[1].as_u64().unwrap())).await.unwrap()),
                "tell" => json!(f.tell().await.unwrap()),
                "read" => latin1(&f.read(None).await.unwrap()),
                "readline" => latin1(&f.readline(None).await.unwrap()),
                other => panic!("{other}"),
            };
            if skip(i) {
                println!("{id} op {i} {op}: not applicable");
            } else if got != results[i] || json!(f.rolled()) != rolled_after[i] {
                failures.push(format!(
                    "op {i} {op}: got {got} rolled {}, CPython {}",
                    f.rolled(),
                    results[i]
                ));
            }
        }
    }
    if failures.is_empty() { Ok(()) } else { Err(failures.join("; ")) }
}

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

async fn tempdir_case(case: &Value) -> Result<(), String> {
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tempfile_cases_match_cpython() {
    let cases = all_cases();
    assert!(cases.len() >= 62 + 114, "expected tempfile.json and tempfile_more.json");
    let (mut ran, mut skipped, mut elsewhere, mut failures) = (0, 0, 0, Vec::new());
    for case in &cases {
        let id = case["id"].as_str().unwrap();
        let kind = case["kind"].as_str().unwrap();
        if let Some((_, why)) = NOT_APPLICABLE.iter().find(|(c, _)| *c == id) {
            println!("{id}: not applicable: {why}");
            skipped += 1;
            continue;
        }
        if let Some((_, place)) = REPLAYED_ELSEWHERE.iter().find(|(k, _)| *k == kind) {
            println!("{id}: replayed in {place}");
            elsewhere += 1;
            continue;
        }
        ran += 1;
        let outcome = match kind {
            "naming" | "naming-bytes" => naming(case).await,
            "naming-error" => naming_error(case).await,
            "named-delete" => named_delete(case).await,
            "temporaryfile-invisible" => temporaryfile_invisible(case).await,
            "spooled" => spooled(case, id).await,
            k if k.starts_with("tempdir-") => tempdir_case(case).await,
            other => panic!("{id}: unknown kind {other}"),
        };
        if let Err(why) = outcome {
            failures.push(format!("{id} ({}): {why}", case["about"]));
        }
    }
    println!("tempfile cases: {ran} ran, {skipped} not applicable, {elsewhere} replayed in src/env.rs");
    assert_eq!(ran + skipped + elsewhere, cases.len());
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}
