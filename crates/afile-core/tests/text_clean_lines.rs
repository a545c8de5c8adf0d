//! The fast path of UTF-8 lines (lines copied straight from the binary
//! file's window when their bytes decode to themselves) gives what the
//! decoding path gives: long files of clean lines with rare `\r`, `\r\n`
//! and multi-byte characters cut by buffer refills, read with `lines()`,
//! `readline`, `readline_into` and `read(n)` mixed, with `tell` and
//! `seek_cookie`, under each newline mode that the fast path serves; bad
//! bytes after clean lines are reported, and again on the next read.

#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use common::Lcg;

/// Mostly clean text: lines of ASCII and multi-byte characters, with a
/// `\r` or `\r\n` in one line of about `rare` lines.
fn clean_text(rng: &mut Lcg, lines: usize, rare: u64) -> String {
    const WORDS: &[&str] = &["a", "bc", " ", "é", "日本", "😀", "xyz", "ß"];
    let mut text = String::new();
    for _ in 0..lines {
        let len = rng.below(120);
        for _ in 0..len {
            text.push_str(WORDS[rng.below(WORDS.len() as u64) as usize]);
        }
        text.push_str(match rng.below(rare) {
            0 => "\r\n",
            1 => "\r",
            _ => "\n",
        });
    }
    if rng.below(2) == 0 {
        text.push_str("no newline at the end é");
    }
    text
}

/// The lines reading `text` gives with `newline`, terminators kept.
fn expected_lines(text: &str, newline: Option<&str>) -> Vec<String> {
    let translated = match newline {
        None => text.replace("\r\n", "\n").replace('\r', "\n"),
        _ => text.to_owned(),
    };
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut chars = translated.chars().peekable();
    while let Some(c) = chars.next() {
        line.push(c);
        let end = match (newline, c) {
            (Some(""), '\r') => {
                if chars.peek() == Some(&'\n') {
                    line.push(chars.next().unwrap());
                }
                true
            }
            (_, '\n') => true,
            _ => false,
        };
        if end {
            lines.push(std::mem::take(&mut line));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clean_lines_read_as_decoded_lines() {
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Lcg(11);
    let mut n = 0;
    for newline in [None, Some(""), Some("\n")] {
        for buffering in [-1isize, 5, 100, 70_000] {
            for (lines, rare) in [(3000u64, 1000u64), (40, 20), (2500, 1_000_000)] {
                n += 1;
                let path = dir.path().join(format!("t{n}"));
                let text = clean_text(&mut rng, lines as usize, rare);
                std::fs::write(&path, &text).unwrap();
                let want = expected_lines(&text, newline);
                let ctx = format!("newline={newline:?} buffering={buffering} lines={lines} rare={rare}");
                let open = || afile_core::open_text(&path, "r").newline(newline).buffering(buffering);

                // Line by line, the three ways mixed.
                let mut f = open().await.unwrap();
                let (mut got, mut reused) = (Vec::new(), String::from("kept"));
                loop {
                    let line = match rng.below(3) {
                        0 => f.lines().next().await.transpose().unwrap().unwrap_or_default(),
                        1 => f.readline(None).await.unwrap(),
                        _ => {
                            let before = reused.len();
                            let len = f.readline_into(&mut reused).await.unwrap();
                            assert_eq!(reused.len(), before + len, "{ctx}: length returned");
                            reused.split_off(before)
                        }
                    };
                    if line.is_empty() {
                        break;
                    }
                    got.push(line);
                }
                assert_eq!(reused, "kept", "{ctx}: readline_into appends");
                assert!(got == want, "{ctx}: lines differ");
                let seen = |s: &str| text.contains(s);
                if newline.is_none() || newline == Some("") {
                    let lone_cr = text.replace("\r\n", "").contains('\r');
                    let lone_lf = text.replace("\r\n", "").contains('\n');
                    let mut kinds = Vec::new();
                    if lone_cr {
                        kinds.push("\r");
                    }
                    if lone_lf {
                        kinds.push("\n");
                    }
                    if seen("\r\n") {
                        kinds.push("\r\n");
                    }
                    assert_eq!(f.newlines(), kinds, "{ctx}: newlines");
                }

                // read(n) and lines mixed, with cookies taken on the way.
                let whole: String = want.concat();
                let mut f = open().await.unwrap();
                let (mut got, mut marks) = (String::new(), Vec::new());
                loop {
                    if rng.below(8) == 0 {
                        marks.push((f.tell().await.unwrap(), got.len()));
                    }
                    let piece = match rng.below(4) {
                        0 => f.read(1 + rng.below(200) as usize).await.unwrap(),
                        1 => f.lines().next().await.transpose().unwrap().unwrap_or_default(),
                        _ => f.readline(None).await.unwrap(),
                    };
                    if piece.is_empty() {
                        break;
                    }
                    got.push_str(&piece);
                }
                assert!(got == whole, "{ctx}: mixed reads differ");
                for (cookie, before) in marks.into_iter().take(20) {
                    f.seek_cookie(cookie).await.unwrap();
                    let line = f.readline(None).await.unwrap();
                    let want_line = &whole[before..before + line.len()];
                    assert!(line == want_line, "{ctx}: line after seek_cookie at byte {before}");
                }
            }
        }
    }
}

#[tokio::test]
async fn bad_bytes_after_clean_lines_are_reported_once_and_reading_on_ends() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad");
    let clean = "ok line é\n".repeat(20_000);
    let mut data = clean.clone().into_bytes();
    data.extend_from_slice(b"bad \xff byte\nafter\n");
    std::fs::write(&path, &data).unwrap();
    for buffering in [-1isize, 7] {
        let mut f = afile_core::open_text(&path, "r").buffering(buffering).await.unwrap();
        let mut lines = f.lines();
        let mut got = String::new();
        let err = loop {
            match lines.next().await.unwrap() {
                Ok(line) => got.push_str(&line),
                Err(e) => break e,
            }
        };
        assert!(clean.starts_with(&got), "buffering {buffering}: only clean lines come before the error");
        assert!(err.to_string().contains("can't decode byte 0xff"), "{err}");
        // As CPython, the bytes of the step that failed are gone: reading
        // on goes past them and ends, without the same error again.
        let mut reads = 0;
        while !f.readline(None).await.unwrap().is_empty() {
            reads += 1;
            assert!(reads < 100, "buffering {buffering}: reading on ends");
        }

        let mut f = afile_core::open_text(&path, "r").errors("replace").buffering(buffering).await.unwrap();
        let mut line = String::new();
        let mut all = String::new();
        while f.readline_into(&mut line).await.unwrap() > 0 {
            all.push_str(&line);
            line.clear();
        }
        assert_eq!(all, format!("{clean}bad \u{FFFD} byte\nafter\n"));
    }
}

#[tokio::test]
async fn utf8_sig_and_lf_only_modes_take_the_clean_path_correctly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sig");
    std::fs::write(&path, b"\xef\xbb\xbffirst\nsecond\r\nthird").unwrap();
    let mut f = afile_core::open_text(&path, "r").encoding("utf-8-sig").await.unwrap();
    let mut lines = f.lines();
    let mut got = Vec::new();
    while let Some(line) = lines.next().await {
        got.push(line.unwrap());
    }
    assert_eq!(got, ["first\n", "second\n", "third"]);
    let mut f = afile_core::open_text(&path, "r").newline(Some("\n")).await.unwrap();
    assert_eq!(f.readline(None).await.unwrap(), "\u{FEFF}first\n");
    assert_eq!(f.readline(None).await.unwrap(), "second\r\n");
    assert_eq!(f.readline(None).await.unwrap(), "third");
    assert_eq!(f.newlines(), Vec::<&str>::new());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_over_an_unbuffered_file_reads_chunks_not_bytes() {
    use afile_core::FaultOp;
    use afile_core::testing::Faults;

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("raw");
    let text: String = (0..3000).map(|i| format!("line {i} é\n")).collect();
    std::fs::write(&path, &text).unwrap();
    for use_lines in [false, true] {
        let plan = Faults::new();
        let ex = afile_core::Executor::default().with_faults(plan.clone());
        let raw = afile_core::open(&path, "rb").buffering(0).executor(ex).await.unwrap();
        let mut f = afile_core::TextFile::wrap(raw, "utf-8", "strict", None, false).unwrap();
        let mut got = String::new();
        loop {
            let line = match use_lines {
                true => f.lines().next().await.transpose().unwrap().unwrap_or_default(),
                false => f.readline(None).await.unwrap(),
            };
            if line.is_empty() {
                break;
            }
            got.push_str(&line);
        }
        assert!(got == text, "lines {use_lines}: text differs");
        let reads = plan.count(FaultOp::Read);
        assert!(reads < 50, "lines {use_lines}: {reads} reads for {} bytes", text.len());
    }
}
