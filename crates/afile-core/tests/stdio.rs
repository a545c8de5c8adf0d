//! The standard streams, driven through a child process: this test binary
//! runs itself again with `AFILE_STDIO_CHILD` set, feeds its stdin, and reads
//! its stdout and stderr.

#![allow(clippy::unwrap_used)] // tests may unwrap

use std::io::Write;
use std::process::{Command, Stdio};

/// In the child: echo stdin upper-cased to stdout (text), then raw bytes to
/// stdout, and a note to stderr. In a normal test run it does nothing.
#[tokio::test]
async fn stdio_child() {
    if std::env::var_os("AFILE_STDIO_CHILD").is_none() {
        return;
    }
    let mut input = afile_core::stdin().unwrap();
    let mut out = afile_core::stdout().unwrap();
    assert!(!out.line_buffering(), "stdout is a pipe here, not a terminal");
    out.write("BEGIN\n").await.unwrap();
    loop {
        let line = input.readline(None).await.unwrap();
        if line.is_empty() {
            break;
        }
        out.write(&line.to_uppercase()).await.unwrap();
    }
    out.flush().await.unwrap();
    let mut raw = afile_core::stdout_bytes().unwrap();
    raw.write(b"bytes\xff\nEND\n").await.unwrap();
    raw.flush().await.unwrap();
    let mut err = afile_core::stderr().unwrap();
    assert!(err.line_buffering());
    err.write("note on stderr\n").await.unwrap();
    let mut err_bytes = afile_core::stderr_bytes().unwrap();
    err_bytes.write(b"raw on stderr\n").await.unwrap();
}

#[test]
fn std_streams_through_a_child_process() {
    let exe = std::env::current_exe().unwrap();
    let mut child = Command::new(exe)
        .args(["--exact", "stdio_child", "--nocapture", "--test-threads=1"])
        .env("AFILE_STDIO_CHILD", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all("héllo\r\nwörld\n".as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "child failed: {}", String::from_utf8_lossy(&out.stderr));
    let stdout = out.stdout;
    let begin = stdout.windows(6).position(|w| w == b"BEGIN\n").expect("the child's output") + 6;
    let end = stdout.windows(4).rposition(|w| w == b"END\n").unwrap();
    assert_eq!(&stdout[begin..end], b"H\xc3\x89LLO\nW\xc3\x96RLD\nbytes\xff\n");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("note on stderr\n") && stderr.contains("raw on stderr\n"), "{stderr}");
}
