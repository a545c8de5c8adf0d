//! Replays `shared/cases/mode.json`: `open(path, mode)` for every mode string
//! of one to three letters, recorded from CPython 3.12.

#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use common::{json_of, load_cases};
use serde_json::{Value, json};

/// Cases that do not apply to afile, and why. Also listed in
/// `docs/mapping.md` ("Cases that do not apply").
const NOT_APPLICABLE: &[(&str, &str)] = &[
    ("mode-545", BINARY_TEXT_ARG),
    ("mode-546", BINARY_TEXT_ARG),
    ("mode-547", BINARY_TEXT_ARG),
    ("mode-553", BINARY_TEXT_ARG),
];

const BINARY_TEXT_ARG: &str = "encoding/errors/newline given with a binary mode (CPython: binary mode doesn't \
     take an ... argument): afile's binary open has no such setters, so the call cannot be written";

/// Why a case does not apply to afile, or `None` if it does. A `None`
/// keyword argument is CPython's default, which the binary open has too.
fn not_applicable(case: &Value) -> Option<&'static str> {
    let id = case["id"].as_str().unwrap_or("");
    let listed = NOT_APPLICABLE.iter().find(|(c, _)| *c == id).map(|(_, why)| *why);
    let kwargs = case.get("kwargs").and_then(Value::as_object);
    let binary = case["mode"].as_str().unwrap_or("").contains('b');
    let needs_text_arg =
        binary && kwargs.is_some_and(|k| k.iter().any(|(k, v)| k != "buffering" && !v.is_null()));
    assert_eq!(listed.is_some(), needs_text_arg, "{id}: NOT_APPLICABLE out of date");
    listed
}

/// Opens as CPython would: a mode without `b` is text (`open_text`).
async fn open_like_python(
    path: &std::path::Path,
    mode: &str,
    kwargs: Option<&Value>,
) -> afile_core::Result<Value> {
    let buffering = kwargs.and_then(|k| k["buffering"].as_i64()).unwrap_or(-1) as isize;
    // A mode that does not parse is refused by either open; a text
    // argument with it goes to `open_text`, which takes one.
    let text_args =
        kwargs.is_some_and(|k| ["encoding", "errors", "newline"].iter().any(|a| k.get(*a).is_some()));
    let text = afile_core::Mode::parse(mode).map(|m| !m.binary()).unwrap_or(text_args);
    if !text {
        let mut f = afile_core::open(path, mode).buffering(buffering).await?;
        let attrs = json!({"text": false, "mode_attr": f.mode(), "readable": f.readable()?,
            "writable": f.writable()?, "seekable": f.seekable()?});
        f.close().await?;
        return Ok(attrs);
    }
    let mut builder = afile_core::open_text(path, mode).buffering(buffering);
    if let Some(enc) = kwargs.and_then(|k| k["encoding"].as_str()) {
        builder = builder.encoding(enc);
    }
    if let Some(errors) = kwargs.and_then(|k| k["errors"].as_str()) {
        builder = builder.errors(errors);
    }
    if let Some(nl) = kwargs.and_then(|k| k.get("newline")) {
        builder = builder.newline(nl.as_str());
    }
    let mut f = builder.await?;
    let attrs = json!({"text": true, "mode_attr": f.mode(), "readable": f.readable()?,
        "writable": f.writable()?, "seekable": f.seekable()?});
    f.close().await?;
    Ok(attrs)
}

/// CPython's `appends` probe: open, write `XY`, seek to 0, write `Z`,
/// close; `true` when the file then ends with `XYZ` (writes ignore the
/// position).
async fn appends(path: &std::path::Path, mode: &str, kwargs: Option<&Value>) -> afile_core::Result<bool> {
    let buffering = kwargs.and_then(|k| k["buffering"].as_i64()).unwrap_or(-1) as isize;
    if afile_core::Mode::parse(mode).is_ok_and(|m| m.binary()) {
        let mut f = afile_core::open(path, mode).buffering(buffering).await?;
        f.write(b"XY").await?;
        f.seek(std::io::SeekFrom::Start(0)).await?;
        f.write(b"Z").await?;
        f.close().await?;
    } else {
        let mut f = afile_core::open_text(path, mode).buffering(buffering).await?;
        f.write("XY").await?;
        f.seek(std::io::SeekFrom::Start(0)).await?;
        f.write("Z").await?;
        f.close().await?;
    }
    Ok(std::fs::read(path)?.ends_with(b"XYZ"))
}

fn reset(path: &std::path::Path, case: &Value) {
    let _ = std::fs::remove_file(path);
    if case["exists_before"] == json!(true) {
        std::fs::write(path, b"abc").expect("setup");
    }
}

/// Where CPython's `open` creates or truncates the file and then raises
/// for a text argument (`buffering=0`, `newline`, `encoding`), afile
/// raises the same error and leaves the file as it was (kept on purpose,
/// `docs/mapping.md`): the content before the call.
fn content_expected(case: &Value, cpython: &Value) -> Value {
    let before = if case["exists_before"] == json!(true) { json!("abc") } else { Value::Null };
    let message = case["error"]["message"].as_str().unwrap_or("");
    let text_argument = message == "can't have unbuffered text I/O"
        || message.starts_with("illegal newline value")
        || message.starts_with("unknown encoding");
    if text_argument { before } else { cpython.clone() }
}

/// Replays every case of `file`; returns the mismatches.
async fn replay_file(file: &str, min_ran: usize) -> Vec<String> {
    let dir = tempfile::tempdir().expect("tempdir");
    let scratch = dir.path().join("mode");
    std::fs::create_dir(&scratch).expect("mkdir");
    let path = scratch.join("f");
    let (mut ran, mut skipped, mut failures) = (0, 0, Vec::new());
    let cases = load_cases(file);
    for case in &cases {
        let id = case["id"].as_str().expect("id");
        if let Some(why) = not_applicable(case) {
            println!("{id}: not applicable: {why}");
            skipped += 1;
            continue;
        }
        ran += 1;
        reset(&path, case);
        let mode = case["mode"].as_str().expect("mode");
        let opened = open_like_python(&path, mode, case.get("kwargs")).await;
        let content = std::fs::read(&path).ok().map(|b| json_of(&b)).unwrap_or(Value::Null);
        let got = match opened {
            Ok(attrs) => json!({"ok": attrs, "content_after": content}),
            Err(e) => json!({"errno": e.errno(), "message": e.to_string(), "content_after": content}),
        };
        let want = match (&case.get("result"), &case.get("error")) {
            (Some(r), _) => json!({
                "ok": {"text": r["text"], "mode_attr": r["mode_attr"], "readable": r["readable"],
                       "writable": r["writable"], "seekable": r["seekable"]},
                "content_after": r["content_after"],
            }),
            (None, Some(e)) => {
                let msg =
                    e["message"].as_str().expect("message").replace("$DIR", &scratch.display().to_string());
                let content = content_expected(case, &case["content_after"]);
                json!({"errno": e["errno"], "message": msg, "content_after": content})
            }
            _ => panic!("{id}: neither result nor error"),
        };
        if got != want {
            failures.push(format!("{id} mode {mode:?}: got {got}, CPython {want}"));
        }
        if let Some(want) = case.get("result").map(|r| &r["appends"]).filter(|a| !a.is_null()) {
            reset(&path, case);
            let got = appends(&path, mode, case.get("kwargs")).await.map(|b| json!(b));
            if got.as_ref().ok() != Some(want) {
                failures.push(format!("{id} mode {mode:?}: appends {got:?}, CPython {want}"));
            }
        }
    }
    println!("{file}: {ran} ran, {skipped} not applicable");
    assert_eq!(ran + skipped, cases.len());
    assert!(ran >= min_ran, "too few cases ran: {ran}");
    failures
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mode_cases_match_cpython() {
    let failures = replay_file("mode.json", 550).await;
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}

/// `cases/mode_more.json`, recorded by `cargo xtask cases`: a NUL in a
/// string argument, `buffering` beyond a C int, an unknown error handler
/// name, and the order of the checks around the open.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn more_mode_cases_match_cpython() {
    let failures = replay_file("mode_more.json", 100).await;
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}

#[tokio::test]
async fn a_text_mode_is_refused_before_touching_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("f");
    std::fs::write(&path, b"keep").expect("setup");
    let err = afile_core::open(&path, "wt").await.expect_err("text mode");
    assert_eq!(err.to_string(), "mode 'wt' is text here: open() is binary, use open_text() for text");
    assert_eq!(std::fs::read(&path).expect("read"), b"keep");
}
