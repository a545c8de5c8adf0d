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
    let text = afile_core::Mode::parse(mode).map(|m| !m.binary()).unwrap_or(false);
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mode_cases_match_cpython() {
    let dir = tempfile::tempdir().expect("tempdir");
    let scratch = dir.path().join("mode");
    std::fs::create_dir(&scratch).expect("mkdir");
    let path = scratch.join("f");
    let (mut ran, mut skipped, mut failures) = (0, 0, Vec::new());
    let cases = load_cases("mode.json");
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
                json!({"errno": e["errno"], "message": msg, "content_after": case["content_after"]})
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
    println!("mode cases: {ran} ran, {skipped} not applicable");
    assert_eq!(ran + skipped, cases.len());
    assert!(ran >= 550, "too few cases ran: {ran}");
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
