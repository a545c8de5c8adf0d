//! The `spooled` cases: scripts on `SpooledTemporaryFile`, binary and text.

use std::io::SeekFrom;

use afile_tempfile::SpooledTemporaryFile;
use serde_json::{Value, json};

use super::OPS_NOT_APPLICABLE;

fn bytes(v: &Value) -> Vec<u8> {
    v.as_str().unwrap().chars().map(|c| c as u32 as u8).collect()
}

fn latin1(b: &[u8]) -> Value {
    json!(b.iter().map(|&c| c as char).collect::<String>())
}

pub(crate) async fn spooled(case: &Value, id: &str) -> Result<(), String> {
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
