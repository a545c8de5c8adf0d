//! Helpers shared by afile-core's integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

use serde_json::Value;

/// The directory of CPython-recorded cases: `$AFILE_CASES`, else `shared/cases`
/// beside the repository.
pub fn cases_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("AFILE_CASES") {
        return PathBuf::from(dir);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/cases")
}

/// The `cases` array of one case file.
pub fn load_cases(file: &str) -> Vec<Value> {
    let path = cases_dir().join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read the CPython cases at {}: {e}", path.display()));
    let doc: Value = serde_json::from_str(&text).expect("case file is JSON");
    doc["cases"].as_array().expect("a cases array").clone()
}

/// A JSON string of latin-1 characters as bytes.
pub fn bytes_of(v: &Value) -> Vec<u8> {
    v.as_str().expect("a byte string").chars().map(|c| c as u32 as u8).collect()
}

/// Bytes as the JSON string the cases use.
pub fn json_of(b: &[u8]) -> Value {
    Value::String(b.iter().map(|&c| c as char).collect())
}

/// A multi-threaded runtime for tests that need real executor hops.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime")
}
