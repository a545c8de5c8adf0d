//! Replays `cases/tempfile.json` and `cases/tempfile_more.json` (recorded
//! from CPython 3.12) against afile-tempfile. The `gettempdir` cases replay
//! in `src/env.rs`'s unit tests, where the search can be given a fake
//! environment (the process's environment is shared by tests running in
//! parallel).

#![allow(clippy::unwrap_used)] // tests may unwrap

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use afile_tempfile::{NamedTemporaryFile, TemporaryDirectory, TemporaryFile, mkdtemp, mkstemp};
use serde_json::{Value, json};

#[path = "tempfile_cases/spooled.rs"]
mod spooled;
#[path = "tempfile_cases/tempdir.rs"]
mod tempdir;

use spooled::spooled;
use tempdir::tempdir_case;

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
