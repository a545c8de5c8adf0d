//! Replays `shared/cases/binary.json`: scripts of binary-file operations
//! recorded from CPython 3.12, run against afile's `File`.

#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use std::io::SeekFrom;

use afile_core::{Error, File};
use common::{bytes_of, json_of, load_cases};
use serde_json::{Value, json};

/// Cases whose CPython answer is not something afile reproduces, and why.
/// Also listed in `docs/mapping.md` ("Cases that do not apply").
const NOT_APPLICABLE: &[(&str, &str)] = &[(
    "binary-014",
    "CPython bug: in 'a+b' BufferedRandom keeps serving its stale read buffer with the \
     appended byte overlaid at the old position ('01Z3'); afile reads what the file holds ('0123Z')",
)];

/// Single ops (case id, op index) that cannot be written with Rust types;
/// the rest of the case runs.
const OPS_NOT_APPLICABLE: &[(&str, usize, &str)] = &[(
    "binary-007",
    0,
    "seek(-1, 0): a negative SeekFrom::Start cannot be written (CPython: [Errno 22] Invalid argument)",
)];

fn error_json(e: &Error) -> Value {
    let class = match e {
        Error::Os { .. } => "OSError",
        Error::Unsupported(_) => "UnsupportedOperation",
        _ => "ValueError",
    };
    json!({"error": class, "errno": e.errno(), "message": e.to_string()})
}

fn size_arg(op: &[Value]) -> Option<usize> {
    op.get(1).and_then(Value::as_i64).filter(|n| *n >= 0).map(|n| n as usize)
}

fn lines_json(lines: &[bytes::Bytes]) -> Value {
    Value::Array(lines.iter().map(|l| json_of(l)).collect())
}

async fn run_op(f: &mut File, op: &[Value]) -> Result<Value, Error> {
    let name = op[0].as_str().expect("op name");
    Ok(match name {
        "read" => json_of(&f.read(size_arg(op)).await?),
        "read1" => json_of(&f.read1(size_arg(op)).await?),
        "readall" => json_of(&f.readall().await?),
        "readinto" => {
            let mut buf = vec![0u8; size_arg(op).unwrap_or(0)];
            let n = f.readinto(&mut buf).await?;
            json!({"n": n, "data": json_of(&buf[..n])})
        }
        "readinto1" => {
            let mut buf = vec![0u8; size_arg(op).unwrap_or(0)];
            let n = f.readinto1(&mut buf).await?;
            json!({"n": n, "data": json_of(&buf[..n])})
        }
        "readline" => json_of(&f.readline(size_arg(op)).await?),
        "readlines" => lines_json(&f.readlines(size_arg(op)).await?),
        "iter" => {
            let mut out = Vec::new();
            loop {
                let line = f.readline(None).await?;
                if line.is_empty() {
                    break;
                }
                out.push(line);
            }
            lines_json(&out)
        }
        "write" => json!(f.write(&bytes_of(&op[1])).await?),
        "writelines" => {
            let items: Vec<Vec<u8>> = op[1].as_array().expect("list").iter().map(bytes_of).collect();
            f.writelines(&items).await?;
            Value::Null
        }
        "seek" => {
            let off = op[1].as_i64().expect("offset");
            let whence = op.get(2).and_then(Value::as_i64).unwrap_or(0);
            let pos = match whence {
                0 => SeekFrom::Start(off as u64),
                1 => SeekFrom::Current(off),
                _ => SeekFrom::End(off),
            };
            json!(f.seek(pos).await?)
        }
        "tell" => json!(f.tell().await?),
        "truncate" => json!(f.truncate(op.get(1).and_then(Value::as_u64)).await?),
        "flush" => {
            f.flush().await?;
            Value::Null
        }
        "close" => {
            f.close().await?;
            Value::Null
        }
        "closed" => json!(f.closed()),
        "readable" => json!(f.readable()?),
        "writable" => json!(f.writable()?),
        "seekable" => json!(f.seekable()?),
        "isatty" => json!(f.isatty()?),
        other => panic!("unknown op {other}"),
    })
}

/// The file a case names: `name` (bytes) if it has one, else its id.
fn case_path(dir: &std::path::Path, case: &Value) -> std::path::PathBuf {
    use std::os::unix::ffi::OsStrExt;
    match case.get("name") {
        Some(name) => dir.join(std::ffi::OsStr::from_bytes(&bytes_of(name))),
        None => dir.join(case["id"].as_str().expect("id")),
    }
}

/// Replays every case of `file`; returns the mismatches.
async fn replay_file(file: &str, min_cases: usize) -> Vec<String> {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut failures = Vec::new();
    let (mut ran, mut skipped, mut skipped_ops) = (0, 0, 0);
    let cases = load_cases(file);
    assert!(cases.len() >= min_cases, "expected the full case file {file}");
    for case in &cases {
        let id = case["id"].as_str().expect("id");
        if let Some((_, why)) = NOT_APPLICABLE.iter().find(|(cid, _)| *cid == id) {
            println!("{id}: not applicable: {why}");
            skipped += 1;
            continue;
        }
        ran += 1;
        let case_dir = dir.path().join(format!("{id}.d"));
        std::fs::create_dir(&case_dir).expect("case dir");
        let path = case_path(&case_dir, case);
        if !case["initial"].is_null() {
            std::fs::write(&path, bytes_of(&case["initial"])).expect("setup");
        }
        let mode = case["mode"].as_str().expect("mode");
        let buffering = case["buffering"].as_i64().expect("buffering");
        let buffering = isize::try_from(buffering).expect("an isize buffering");
        let opened = afile_core::open(&path, mode).buffering(buffering).await;
        let mut f = match (opened, case.get("open_error")) {
            (Ok(f), None) => f,
            (Err(e), Some(want)) => {
                let mut got = error_json(&e);
                got["message"] = json!(e.to_string().replace(&case_dir.display().to_string(), "$DIR"));
                // OS errors compare by errno (CPython names the subclass);
                // CPython raises OverflowError for a buffering beyond a C int.
                let os_error = got["error"] == "OSError" && !want["errno"].is_null();
                if os_error || (want["error"] == "OverflowError" && got["error"] == "ValueError") {
                    got["error"] = want["error"].clone();
                }
                if &got != want {
                    failures
                        .push(format!("{id}: open failed with {got}, CPython {want} ({})", case["about"]));
                }
                continue;
            }
            (Ok(_), Some(want)) => {
                failures.push(format!("{id}: open succeeded, CPython {want} ({})", case["about"]));
                continue;
            }
            (Err(e), None) => {
                failures.push(format!("{id}: open failed with {e}, CPython opened ({})", case["about"]));
                continue;
            }
        };
        let ops = case["ops"].as_array().expect("ops");
        let results = case["results"].as_array().expect("results");
        for (i, (op, want)) in ops.iter().zip(results).enumerate() {
            let op = op.as_array().expect("op");
            if let Some((.., why)) = OPS_NOT_APPLICABLE.iter().find(|(c, n, _)| *c == id && *n == i) {
                println!("{id} op {i} {op:?}: not applicable: {why}");
                skipped_ops += 1;
                continue;
            }
            let got = run_op(&mut f, op).await.unwrap_or_else(|e| error_json(&e));
            if &got != want {
                failures.push(format!("{id} op {i} {op:?}: got {got}, CPython {want} ({})", case["about"]));
            }
        }
        drop(f);
        let fin = std::fs::read(&path).unwrap_or_default();
        if json_of(&fin) != case["final"] {
            failures.push(format!("{id}: final {} != CPython {}", json_of(&fin), case["final"]));
        }
    }
    println!("{file}: {ran} ran, {skipped} not applicable, {skipped_ops} single ops not applicable");
    assert_eq!(ran + skipped, cases.len());
    failures
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_cases_match_cpython() {
    let failures = replay_file("binary.json", 110).await;
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}

/// `cases/binary_more.json`, recorded by `cargo xtask cases`: `read1` and
/// `readinto1` amounts, closed files' attributes, `readall` of a
/// write-only file, `open` argument checks, paths in error messages.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn more_binary_cases_match_cpython() {
    let failures = replay_file("binary_more.json", 400).await;
    let shown: Vec<_> = failures.iter().take(40).collect();
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        shown.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n")
    );
}
