//! Replays `shared/cases/text.json`: scripts of text-file operations
//! recorded from CPython 3.12, run against afile's `TextFile`.

#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use std::io::SeekFrom;

use afile_core::{Error, TextCookie, TextFile};
use common::{bytes_of, json_of, load_cases};
use serde_json::{Value, json};

/// Cases afile does not reproduce, and why.
const NOT_APPLICABLE: &[(&str, &str)] = &[];

/// Ops that cannot be expressed with afile's Rust types.
fn op_not_applicable(op: &[Value], result: &Value) -> Option<&'static str> {
    let type_error = result.get("error").is_some_and(|e| e == "TypeError");
    match op[0].as_str() {
        _ if type_error => {
            Some("CPython's TextIOWrapper.readline rejects None with TypeError; afile's None means no limit")
        }
        Some("seek") if op.len() == 2 && op[1].as_i64().is_some_and(|n| n < 0) => {
            Some("negative SeekFrom::Start")
        }
        _ => None,
    }
}

fn error_json(e: &Error) -> Value {
    let class = match e {
        Error::Os { .. } => "OSError",
        Error::Unsupported(_) => "UnsupportedOperation",
        Error::Decode(_) => "UnicodeDecodeError",
        Error::Encode(_) => "UnicodeEncodeError",
        _ => "ValueError",
    };
    json!({"error": class, "errno": e.errno(), "message": e.to_string()})
}

fn limit(op: &[Value]) -> Option<usize> {
    op.get(1).and_then(Value::as_i64).filter(|n| *n >= 0).map(|n| n as usize)
}

async fn run_op(
    f: &mut TextFile,
    op: &[Value],
    cookies: &[Option<TextCookie>],
) -> Result<(Value, Option<TextCookie>), Error> {
    let v = match op[0].as_str().unwrap() {
        "read" => json!(f.read(limit(op)).await?),
        "readline" => json!(f.readline(limit(op)).await?),
        "readlines" => json!(f.readlines(limit(op)).await?),
        "iter" => {
            let mut out = Vec::new();
            loop {
                let l = f.readline(None).await?;
                if l.is_empty() {
                    break;
                }
                out.push(l);
            }
            json!(out)
        }
        "write" => json!(f.write(op[1].as_str().unwrap()).await?),
        "tell" => {
            let c = f.tell().await?;
            return Ok((json!({"cookie": true}), Some(c)));
        }
        "seek" => {
            if let Some(i) = op[1].get("cookie_of") {
                let c = cookies[i.as_u64().unwrap() as usize].expect("a cookie from tell");
                f.seek_cookie(c).await?;
            } else {
                let off = op[1].as_i64().unwrap();
                let pos = match op.get(2).and_then(Value::as_i64).unwrap_or(0) {
                    0 => SeekFrom::Start(off as u64),
                    1 => SeekFrom::Current(off),
                    _ => SeekFrom::End(off),
                };
                f.seek(pos).await?;
            }
            Value::Null
        }
        "truncate" => json!(f.truncate(op.get(1).and_then(Value::as_u64)).await?),
        "newlines" => match f.newlines().as_slice() {
            [] => Value::Null,
            [one] => json!(one),
            many => json!(many),
        },
        "encoding" => json!(f.encoding()),
        "close" => {
            f.close().await?;
            Value::Null
        }
        "closed" => json!(f.closed()),
        other => panic!("unknown op {other}"),
    };
    Ok((v, None))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_cases_match_cpython() {
    let dir = tempfile::tempdir().unwrap();
    let (mut failures, mut skipped) = (Vec::new(), 0);
    let cases = load_cases("text.json");
    assert!(cases.len() >= 100);
    for case in &cases {
        let id = case["id"].as_str().unwrap();
        if let Some((_, why)) = NOT_APPLICABLE.iter().find(|(c, _)| *c == id) {
            println!("{id}: not applicable: {why}");
            continue;
        }
        let path = dir.path().join(id);
        if !case["initial"].is_null() {
            std::fs::write(&path, bytes_of(&case["initial"])).unwrap();
        }
        let builder = afile_core::open_text(&path, case["mode"].as_str().unwrap())
            .encoding(case["encoding"].as_str().unwrap())
            .errors(case["errors"].as_str().unwrap_or("strict"))
            .newline(case["newline"].as_str())
            .buffering(case.get("buffering").and_then(Value::as_i64).unwrap_or(-1) as isize);
        let mut f = match builder.await {
            Ok(f) => f,
            Err(e) => {
                let want = case.get("open_error").map(|e| e["message"].clone());
                if want != Some(json!(e.to_string())) {
                    failures.push(format!("{id}: open failed with {e}, CPython {want:?}"));
                }
                continue;
            }
        };
        if case.get("open_error").is_some() {
            failures.push(format!("{id}: open succeeded, CPython failed"));
        }
        let mut cookies = Vec::new();
        for (i, (op, want)) in
            case["ops"].as_array().unwrap().iter().zip(case["results"].as_array().unwrap()).enumerate()
        {
            let op = op.as_array().unwrap();
            if let Some(why) = op_not_applicable(op, want) {
                println!("{id} op {i}: not applicable: {why}");
                skipped += 1;
                cookies.push(None);
                continue;
            }
            let (got, cookie) = run_op(&mut f, op, &cookies).await.unwrap_or_else(|e| (error_json(&e), None));
            cookies.push(cookie);
            if &got != want {
                failures.push(format!("{id} op {i} {op:?}: got {got}, CPython {want} ({})", case["about"]));
            }
        }
        drop(f);
        let fin = std::fs::read(&path).ok().map(|b| json_of(&b)).unwrap_or(Value::Null);
        if case.get("final").is_some_and(|w| *w != fin) {
            failures.push(format!("{id}: final {fin} != CPython {}", case["final"]));
        }
    }
    println!("{} cases, {skipped} ops not applicable", cases.len());
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}
