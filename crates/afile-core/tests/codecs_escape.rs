//! `unicode_escape`, `raw_unicode_escape`, `punycode` and `idna` through
//! real files, where the text layer matters: escapes and labels cut by a
//! chunk boundary, `tell`/`seek_cookie`, punycode files larger than a
//! chunk, idna's last label of every write, lone surrogates. The codecs'
//! answers against CPython's recorded ones are afile-codecs' tests.

#![allow(clippy::unwrap_used)] // tests may unwrap

use std::path::Path;

fn to_hex(b: &[u8]) -> String {
    b.iter().map(|b| format!("{b:02x}")).collect()
}

/// `open(p, encoding=codec, errors=errors, newline='').read()` of `data`,
/// in one go or `step` characters at a time.
async fn decode_file(path: &Path, data: &[u8], codec: &str, errors: &str, step: Option<usize>) -> String {
    std::fs::write(path, data).unwrap();
    let mut f =
        afile_core::open_text(path, "r").encoding(codec).errors(errors).newline(Some("")).await.unwrap();
    let Some(n) = step else {
        return match f.read(None).await {
            Ok(s) => to_hex(s.as_bytes()),
            Err(e) => format!("!{e}"),
        };
    };
    let mut out = String::new();
    loop {
        match f.read(n).await {
            Ok(s) if s.is_empty() => return to_hex(out.as_bytes()),
            Ok(s) => out.push_str(&s),
            Err(e) => return format!("!{e}"),
        }
    }
}

#[tokio::test]
async fn escapes_cut_by_a_chunk_boundary_wait_for_the_next_chunk() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t");
    let escapes: [(&[u8], &str); 9] = [
        (br"\N{LATIN SMALL LETTER E WITH ACUTE}", "\u{e9}"),
        (br"\U0001F600", "\u{1f600}"),
        (br"\x41", "A"),
        (br"\123", "S"),
        (b"\\\n", ""),
        (br"\r\n", "\n"),
        (br"\x0d\u000a", "\n"),
        // A decoded CR, then escapes that decode to nothing.
        (b"\\r\\\n\\\n", "\n"),
        (b"\r\\\n", "\n"),
    ];
    for (esc, text) in escapes {
        // Put the escape across the 64 KiB chunk boundary at every offset.
        for cut in 1..esc.len() {
            let mut data = vec![b'a'; 65536 - cut];
            data.extend_from_slice(esc);
            data.extend_from_slice(b"z");
            std::fs::write(&path, &data).unwrap();
            let mut f = afile_core::open_text(&path, "r").encoding("unicode_escape").await.unwrap();
            let mut got = String::new();
            loop {
                let s = f.read(1000).await.unwrap();
                if s.is_empty() {
                    break;
                }
                got.push_str(&s);
            }
            let want = format!("{}{text}z", "a".repeat(65536 - cut));
            assert!(
                got == want,
                "{:?} cut after {cut}: ends {:?}",
                String::from_utf8_lossy(esc),
                &got[got.len() - 5..]
            );
        }
    }
}

#[tokio::test]
async fn tell_and_seek_cookie_restore_the_decoder() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t");
    let mut data = Vec::new();
    for i in 0..20000 {
        data.extend_from_slice(format!("line {i} \\u20ac\\N{{SNOWMAN}}\\x41\\\\\\r\\n").as_bytes());
    }
    std::fs::write(&path, &data).unwrap();
    for codec in ["unicode_escape", "raw_unicode_escape"] {
        let mut f = afile_core::open_text(&path, "r").encoding(codec).await.unwrap();
        let mut marks = Vec::new();
        for _ in 0..3000 {
            let cookie = f.tell().await.unwrap();
            let line = f.readline(None).await.unwrap();
            marks.push((cookie, line));
        }
        for (cookie, line) in marks.iter().rev().step_by(97) {
            f.seek_cookie(*cookie).await.unwrap();
            assert_eq!(&f.readline(None).await.unwrap(), line, "{codec}");
        }
    }
}

#[tokio::test]
async fn a_lone_surrogate_is_an_error_with_every_handler() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t");
    for (codec, name) in [("unicode_escape", "unicodeescape"), ("raw_unicode_escape", "rawunicodeescape")] {
        for errors in ["strict", "replace", "ignore", "backslashreplace", "surrogatepass"] {
            let got = decode_file(&path, br"ab\udc80", codec, errors, None).await;
            assert_eq!(
                got,
                format!(
                    "!'{name}' codec can't decode bytes in position 2-7: \\udc80 is a lone surrogate, \
                     which a Rust String cannot hold (CPython decodes it to one)"
                ),
                "{codec} {errors}"
            );
        }
        // A surrogate pair in escapes is two lone surrogates in CPython too.
        let got = decode_file(&path, br"\ud83d\ude00", codec, "strict", None).await;
        assert!(got.contains("\\ud83d is a lone surrogate"), "{got}");
    }
}

#[tokio::test]
async fn punycode_larger_than_a_chunk_is_one_string_for_every_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t");
    // About 2,000 different characters, so the insertions take 2-3 bytes each.
    let text: String = (0..30_000u32)
        .map(|i| match (i % 50, i % 3) {
            (49, _) => '\n',
            (_, 0) => 'a',
            _ => char::from_u32(0x4E00 + (i * 7919) % 3000).unwrap(),
        })
        .collect();
    let mut f = afile_core::open_text(&path, "w").encoding("punycode").newline(Some("")).await.unwrap();
    f.write(&text).await.unwrap();
    f.close().await.unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() > 65536);
    let mut f = afile_core::open_text(&path, "r").encoding("punycode").newline(Some("")).await.unwrap();
    let mut lines = Vec::new();
    let mut marks = Vec::new();
    loop {
        marks.push(f.tell().await.unwrap());
        let line = f.readline(None).await.unwrap();
        if line.is_empty() {
            break;
        }
        lines.push(line);
    }
    assert_eq!(lines.concat(), text);
    f.seek_cookie(marks[100]).await.unwrap();
    assert_eq!(f.readline(None).await.unwrap(), lines[100]);
}

#[tokio::test]
async fn idna_keeps_the_last_label_of_every_write() {
    // CPython's incremental encoder holds the text after the last dot and
    // TextIOWrapper never asks for it (b'www.xn--bcher-kva.'): afile writes
    // it, and reads it back.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t");
    let mut f = afile_core::open_text(&path, "w+").encoding("idna").await.unwrap();
    f.write("www.b\u{fc}cher.de\n").await.unwrap();
    f.write("m\u{fc}nchen").await.unwrap();
    f.flush().await.unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"www.xn--bcher-kva.de\nxn--mnchen-3ya");
    f.seek(std::io::SeekFrom::Start(0)).await.unwrap();
    // "de\nxn--mnchen-3ya" is one label that does not start with "xn--".
    assert_eq!(f.read(None).await.unwrap(), "www.b\u{fc}cher.de\nxn--mnchen-3ya");
}

#[tokio::test]
async fn idna_labels_cut_by_a_chunk_boundary_wait_for_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t");
    // 14-byte labels, shifted so that the 64 KiB boundary cuts them at
    // different places.
    for shift in [0, 3, 7, 13] {
        let data = format!("{}{}", "a".repeat(shift), "xn--bcher-kva.".repeat(5000)).into_bytes();
        std::fs::write(&path, &data).unwrap();
        let want = "b\u{fc}cher.".repeat(5000);
        let mut f = afile_core::open_text(&path, "r").encoding("idna").await.unwrap();
        let mut got = String::new();
        let mut marks = Vec::new();
        loop {
            marks.push((f.tell().await.unwrap(), got.len()));
            let s = f.read(999).await.unwrap();
            if s.is_empty() {
                break;
            }
            got.push_str(&s);
        }
        // The first label is "a…axn--bcher-kva" for shift > 0: not ACE.
        if shift == 0 {
            assert_eq!(got, want);
        } else {
            assert!(got.starts_with(&format!("{}xn--bcher-kva.b\u{fc}cher.", "a".repeat(shift))), "{shift}");
            assert!(got.ends_with(".b\u{fc}cher."), "{shift}");
        }
        let (cookie, at) = marks[marks.len() / 2];
        f.seek_cookie(cookie).await.unwrap();
        assert_eq!(f.read(None).await.unwrap(), got[at..], "{shift}");
    }
}
