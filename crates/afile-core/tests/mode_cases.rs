//! Replays `shared/cases/mode.json`: `open(path, mode)` for every mode string
//! of one to three letters, recorded from CPython 3.12.

#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use common::{json_of, load_cases};
use serde_json::{Value, json};

/// Why a case does not apply to afile's binary `open`, or `None` if it does.
fn not_applicable(case: &Value) -> Option<&'static str> {
    let kwargs = case.get("kwargs").and_then(Value::as_object);
    if kwargs.is_some_and(|k| k.keys().any(|k| k != "buffering")) {
        return Some(
            "encoding/errors/newline arguments: afile's binary open has no such methods, so the type system rejects them",
        );
    }
    let text_result = case.get("result").is_some_and(|r| r["text"] == json!(true));
    let unbuffered_text = kwargs.is_some_and(|k| k.contains_key("buffering"))
        && !case["mode"].as_str().unwrap_or("").contains('b');
    let valid_text_mode =
        afile_core::Mode::parse(case["mode"].as_str().unwrap_or("")).is_ok_and(|m| m.text());
    if text_result || unbuffered_text || valid_text_mode {
        return Some("a text-mode open: replayed by the text tests (open_text)");
    }
    None
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mode_cases_match_cpython() {
    let dir = tempfile::tempdir().expect("tempdir");
    let scratch = dir.path().join("mode");
    std::fs::create_dir(&scratch).expect("mkdir");
    let path = scratch.join("f");
    let (mut ran, mut skipped, mut failures) = (0, 0, Vec::new());
    for case in load_cases("mode.json") {
        let id = case["id"].as_str().expect("id");
        if not_applicable(&case).is_some() {
            skipped += 1;
            continue;
        }
        ran += 1;
        let _ = std::fs::remove_file(&path);
        if case["exists_before"] == json!(true) {
            std::fs::write(&path, b"abc").expect("setup");
        }
        let mode = case["mode"].as_str().expect("mode");
        let buffering = case.get("kwargs").and_then(|k| k["buffering"].as_i64()).unwrap_or(-1) as isize;
        let got = match afile_core::open(&path, mode).buffering(buffering).await {
            Ok(mut f) => {
                let attrs = json!({
                    "mode_attr": f.mode(),
                    "readable": f.readable().expect("open"),
                    "writable": f.writable().expect("open"),
                    "seekable": f.seekable().expect("open"),
                });
                f.close().await.expect("close");
                let content = std::fs::read(&path).ok().map(|b| json_of(&b)).unwrap_or(Value::Null);
                json!({"ok": attrs, "content_after": content})
            }
            Err(e) => json!({"errno": e.errno(), "message": e.to_string()}),
        };
        let want = match (&case.get("result"), &case.get("error")) {
            (Some(r), _) => json!({
                "ok": {"mode_attr": r["mode_attr"], "readable": r["readable"], "writable": r["writable"], "seekable": r["seekable"]},
                "content_after": r["content_after"],
            }),
            (None, Some(e)) => {
                let msg = e["message"]
                    .as_str()
                    .expect("message")
                    .replace("$DIR", &dir.path().display().to_string());
                json!({"errno": e["errno"], "message": msg})
            }
            _ => panic!("{id}: neither result nor error"),
        };
        if got != want {
            failures.push(format!("{id} mode {mode:?}: got {got}, CPython {want}"));
        }
    }
    println!("{ran} mode cases replayed, {skipped} text-mode or keyword cases not applicable here");
    assert!(ran > 300, "too few cases ran: {ran}");
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}

#[tokio::test]
async fn a_text_mode_is_refused_before_touching_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("f");
    std::fs::write(&path, b"keep").expect("setup");
    let err = afile_core::open(&path, "wt").await.expect_err("text mode");
    assert_eq!(err.to_string(), "open() is binary and takes no 't': use open_text() for mode 'wt'");
    assert_eq!(std::fs::read(&path).expect("read"), b"keep");
}
