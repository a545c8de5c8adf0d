//! `lines()` on binary and text files: the inherent `next()` and the
//! `Stream` impl give the same lines as `readline`, across chunk
//! boundaries and multi-byte characters, and the file stays usable.

#![allow(clippy::unwrap_used)] // tests may unwrap

use futures::{StreamExt, TryStreamExt};

fn text_lines(n: usize) -> String {
    (0..n).map(|i| format!("línea {i} {}\r\n", "ü€".repeat(i % 50))).collect::<String>() + "tail"
}

#[tokio::test]
async fn text_lines_next_matches_readline_across_chunks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t");
    std::fs::write(&path, text_lines(5000)).unwrap(); // several 64 KiB chunks
    for encoding in ["utf-8", "utf-16"] {
        let mut expected = Vec::new();
        let mut f = afile_core::open_text(&path, "r").encoding(encoding).await.unwrap();
        if encoding == "utf-16" {
            let text = std::fs::read_to_string(&path).unwrap();
            let mut bytes = vec![0xff, 0xfe];
            bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            std::fs::write(&path, bytes).unwrap();
            f = afile_core::open_text(&path, "r").encoding(encoding).await.unwrap();
        }
        loop {
            let line = f.readline(None).await.unwrap();
            if line.is_empty() {
                break;
            }
            expected.push(line);
        }
        let mut f = afile_core::open_text(&path, "r").encoding(encoding).await.unwrap();
        let mut lines = f.lines();
        let mut got = Vec::new();
        while let Some(line) = lines.next().await {
            got.push(line.unwrap());
        }
        assert_eq!(got.len(), 5001, "{encoding}");
        assert_eq!(got, expected, "{encoding}");
        // The borrow ends with the stream's last use: the file is usable.
        assert_eq!(f.read(None).await.unwrap(), "");
        f.close().await.unwrap();
        std::fs::write(&path, text_lines(5000)).unwrap();
    }
}

#[tokio::test]
async fn text_lines_stop_midway_and_tell_resumes_there() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t");
    std::fs::write(&path, text_lines(3000)).unwrap();
    let mut f = afile_core::open_text(&path, "r").await.unwrap();
    let first: Vec<String> = f.lines().take(1234).try_collect().await.unwrap();
    assert_eq!(first.len(), 1234);
    let cookie = f.tell().await.unwrap();
    let next = f.readline(None).await.unwrap();
    assert_eq!(next, "línea 1234 ".to_owned() + &"ü€".repeat(1234 % 50) + "\n");
    f.seek_cookie(cookie).await.unwrap();
    assert_eq!(f.lines().next().await.unwrap().unwrap(), next);
}

#[tokio::test]
async fn text_lines_report_errors_and_closed_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t");
    std::fs::write(&path, b"ok\n\xff bad\n").unwrap();
    let mut f = afile_core::open_text(&path, "r").await.unwrap();
    let mut lines = f.lines();
    // As in CPython, the chunk holding the bad byte fails as a whole.
    let err = lines.next().await.unwrap().unwrap_err().to_string();
    assert_eq!(err, "'utf-8' codec can't decode byte 0xff in position 3: invalid start byte");
    f.close().await.unwrap();
    assert_eq!(f.lines().next().await.unwrap().unwrap_err().to_string(), "I/O operation on closed file.");
    let mut w = afile_core::open_text(dir.path().join("w"), "w").await.unwrap();
    assert_eq!(w.lines().next().await.unwrap().unwrap_err().to_string(), "not readable");
}

#[tokio::test]
async fn binary_lines_next_and_stream_agree() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b");
    let data: Vec<u8> = (0..20_000).flat_map(|i| format!("{i}\n").into_bytes()).collect();
    std::fs::write(&path, &data).unwrap();
    let mut f = afile_core::open(&path, "rb").await.unwrap();
    let mut lines = f.lines();
    let mut by_next = Vec::new();
    while let Some(line) = lines.next().await {
        by_next.push(line.unwrap());
    }
    let mut f = afile_core::open(&path, "rb").await.unwrap();
    let by_stream: Vec<_> = f.lines().try_collect().await.unwrap();
    assert_eq!(by_next.len(), 20_000);
    assert_eq!(by_next, by_stream);
    assert_eq!(by_next.concat(), data);
    let mut f = afile_core::open(&path, "rb").await.unwrap();
    let firsts: Vec<_> = f.lines().map(|l| l.unwrap()[0]).take(3).collect().await;
    assert_eq!(firsts, b"012");
}
