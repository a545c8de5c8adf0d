//! Helpers shared by afile-core's integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

use serde_json::Value;

/// The directory of CPython-recorded cases: `$AFILE_CASES`, else the
/// repository's `cases/` (a copy of the shared `shared/cases`).
pub fn cases_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("AFILE_CASES") {
        return PathBuf::from(dir);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../cases")
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

/// Polls `fut` at most `polls` times, pausing between polls so background
/// work can progress; returns its output if it finished, else drops it.
pub async fn poll_then_drop<F: std::future::Future>(fut: F, polls: usize) -> Option<F::Output> {
    let mut fut = std::pin::pin!(fut);
    let waker = std::task::Waker::noop();
    let mut cx = std::task::Context::from_waker(waker);
    for i in 0..polls {
        if let std::task::Poll::Ready(out) = fut.as_mut().poll(&mut cx) {
            return Some(out);
        }
        if i % 2 == 1 {
            tokio::time::sleep(std::time::Duration::from_micros(50)).await;
        } else {
            tokio::task::yield_now().await;
        }
    }
    None
}

/// A small deterministic pseudo-random generator for test scripts.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// `len` bytes of a pattern that differs at every offset.
pub fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 31 % 251) as u8).collect()
}

/// Polls `fut` once; `Some` if it finished in that poll (no hop happened).
pub fn poll_once<F: std::future::Future>(fut: F) -> Option<F::Output> {
    let mut fut = std::pin::pin!(fut);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match fut.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(v) => Some(v),
        std::task::Poll::Pending => None,
    }
}

/// zlib's CRC-32, which the codec generator records.
pub fn crc32(data: &[u8]) -> u32 {
    let mut table = [0u32; 256];
    for (i, t) in table.iter_mut().enumerate() {
        let mut c = i as u32;
        for _ in 0..8 {
            c = if c & 1 == 1 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
        }
        *t = c;
    }
    !data.iter().fold(!0u32, |c, &b| table[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8))
}

/// Bytes from lower-case hex, as the codec generator writes them.
pub fn hex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex digits")).collect()
}
