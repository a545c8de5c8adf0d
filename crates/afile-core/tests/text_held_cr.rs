//! A `'\r'` at the end of a decoded chunk waits for the next chunk (it may
//! be the first half of `"\r\n"`). When bytes that made no text follow it
//! in the chunk (an ignored byte, an escape sequence), the wait must start
//! at the `'\r'` itself, with the codec's state as it was there; when it
//! comes from an escape or a utf-7 base64 run, at the start of that.
//! Expected texts are CPython 3.12's (`open(p, encoding=…, errors=…).read()`
//! of the same bytes, which it decodes in one piece).

#![allow(clippy::unwrap_used)] // tests may unwrap

/// `head` placed after `x`s so that the chunk boundary falls at every
/// byte around it (`unit`: the bytes of one `x` in the codec). A fixed
/// 64 KiB buffer makes every chunk 64 KiB (the default buffer grows from
/// 4 KiB, which puts the boundaries elsewhere).
async fn read_around(encoding: &str, errors: &str, unit: &[u8], head: &[u8], tail: &[u8], want: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t");
    for pad in (65_520 / unit.len())..(65_540 / unit.len()) {
        let mut bytes = unit.repeat(pad);
        bytes.extend_from_slice(head);
        bytes.extend_from_slice(tail);
        std::fs::write(&path, &bytes).unwrap();
        let mut f = afile_core::open_text(&path, "r")
            .encoding(encoding)
            .errors(errors)
            .buffering(65_536)
            .await
            .unwrap();
        let text = f.read(None).await.unwrap();
        assert_eq!(&text[pad..], want, "{encoding} pad {pad}: read()");
        let mut f = afile_core::open_text(&path, "r")
            .encoding(encoding)
            .errors(errors)
            .buffering(65_536)
            .await
            .unwrap();
        let mut lines = String::new();
        loop {
            let line = f.readline(None).await.unwrap();
            if line.is_empty() {
                break;
            }
            lines.push_str(&line);
        }
        assert_eq!(&lines[pad..], want, "{encoding} pad {pad}: readline()");
    }
}

#[tokio::test]
async fn an_ignored_byte_after_a_cr_keeps_the_cr() {
    read_around("utf-8", "ignore", b"x", b"a\r\xff", b"b\r\xff\n", "a\nb\n").await;
}

#[tokio::test]
async fn an_escape_sequence_after_a_cr_keeps_the_cr_and_its_state() {
    // ESC $ B designates JIS X 0208 after the '\r'; `$+` is か there.
    read_around("iso2022_jp", "strict", b"x", b"a\r\x1b$B", b"$+\x1b(Bb", "a\n\u{304b}b").await;
    read_around("hz", "strict", b"x", b"a\r~{", b"$+~}b", "a\n\u{304b}b").await;
}

#[tokio::test]
async fn a_utf16_cr_before_ignored_units_is_kept() {
    // A lone high surrogate (ignored) after the '\r'.
    read_around("utf-16-le", "ignore", b"x\x00", b"a\x00\r\x00\x00\xd8", b"b\x00", "a\nb").await;
}

#[tokio::test]
async fn a_cr_from_a_utf7_run_waits_with_its_run() {
    // `+AGEADQ-` is "a\r" in one base64 run; `+AA0-` is "\r" alone, then a
    // '\n' byte.
    read_around("utf-7", "strict", b"x", b"a+AGEADQ-", b"b", "aa\nb").await;
    read_around("utf-7", "strict", b"x", b"a+AA0-", b"\n+AGI-", "a\nb").await;
    // A '\r' byte, then bytes that made no text.
    read_around("utf-7", "ignore", b"x", b"a\r\xff", b"b", "a\nb").await;
}

#[tokio::test]
async fn a_cr_from_an_escape_waits_with_its_escape() {
    // `\r`, then a line continuation (`\` + newline) that makes no text.
    read_around("unicode_escape", "strict", b"x", b"a\\r\\\n", b"b", "a\nb").await;
    read_around("unicode_escape", "strict", b"x", b"a\\r", b"\\nb", "a\nb").await;
}
