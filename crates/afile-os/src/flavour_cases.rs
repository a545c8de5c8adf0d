//! Replays `cases/ntpath.json` and `cases/posixpath.json` (CPython 3.12.1's
//! answers over generated paths) against a flavour; each flavour's tests
//! give the function calls.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

/// The calls of one flavour: `call(function, args, environment, cwd)`.
pub(crate) type Call<'a> = &'a dyn Fn(&str, &[&str], &serde_json::Map<String, Value>, &str) -> Value;

/// Replays every case of `file`, comparing each recorded answer.
pub(crate) fn replay(file: &str, call: Call<'_>) {
    let dir = std::env::var_os("AFILE_CASES")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../cases"));
    let text = std::fs::read_to_string(dir.join(file)).expect("the recorded path cases");
    let doc: Value = serde_json::from_str(&text).expect("JSON");
    let (env, cwd) = (doc["env"].as_object().expect("env"), doc["cwd"].as_str().expect("cwd"));
    let (mut checked, mut failures) = (0, Vec::new());
    let cases = doc["cases"].as_array().expect("cases");
    for case in cases {
        let text = |k: &str| case.get(k).and_then(Value::as_str);
        for (field, want) in case.as_object().expect("a case") {
            if ["id", "kind", "about", "path", "a", "b", "c"].contains(&field.as_str()) {
                continue;
            }
            let args: Vec<&str> = match (case["kind"].as_str(), field.as_str()) {
                (Some("path"), _) => vec![text("path").expect("path")],
                (Some("pair"), "join3" | "commonpath3") => {
                    ["a", "b", "c"].iter().filter_map(|k| text(k)).collect()
                }
                (Some("pair"), _) => ["a", "b"].iter().filter_map(|k| text(k)).collect(),
                _ => Vec::new(),
            };
            let got = call(field.trim_end_matches('3'), &args, env, cwd);
            checked += 1;
            if &got != want {
                failures.push(format!("{} {field}{args:?}: got {got}, CPython {want}", case["id"]));
            }
        }
    }
    println!("{file}: {} cases, {checked} answers compared", cases.len());
    assert!(cases.len() > 2000 && checked > 20_000, "expected the generated case file");
    let shown: Vec<&String> = failures.iter().take(40).collect();
    assert!(failures.is_empty(), "{} of {checked} differ:\n{shown:#?}", failures.len());
}

/// A path result as JSON text.
pub(crate) fn s(p: impl AsRef<Path>) -> Value {
    json!(p.as_ref().as_os_str().to_str().expect("UTF-8 in, UTF-8 out"))
}

/// A result or CPython's `ValueError`.
pub(crate) fn result(r: afile_core::Result<PathBuf>) -> Value {
    match r {
        Ok(p) => s(p),
        Err(e) => json!({"error": "ValueError", "errno": null, "message": e.to_string()}),
    }
}

/// The recorded environment as a lookup on code points.
pub(crate) fn lookup<'a>(
    env: &'a serde_json::Map<String, Value>,
) -> impl Fn(&[u32]) -> Option<crate::pystr::Chars> + 'a {
    move |name: &[u32]| {
        let name = crate::pystr::encode(name).into_string().ok()?;
        env.get(&name).and_then(Value::as_str).map(crate::pystr::lit)
    }
}
