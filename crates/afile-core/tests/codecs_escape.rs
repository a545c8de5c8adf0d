//! `unicode_escape`, `raw_unicode_escape`, `punycode` and `idna` through
//! real files, against CPython 3.12's answers recorded by `cargo xtask
//! codecs` into `tests/data/codecs/{escape,punycode,idna}.tsv` (the test
//! never runs Python): every escape form under each error handler, strict
//! messages, encoding, every character of planes 0, 1 and 16, escapes cut
//! by a chunk boundary, `tell`/`seek_cookie`; punycode and idna samples and
//! files larger than a chunk.

#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use common::{crc32, hex};

use std::path::Path;

const ESCAPE: &str = include_str!("data/codecs/escape.tsv");
const PUNYCODE: &str = include_str!("data/codecs/punycode.tsv");
const IDNA: &str = include_str!("data/codecs/idna.tsv");

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

async fn encode_file(path: &Path, text: &str, codec: &str) -> Vec<u8> {
    let mut f = afile_core::open_text(path, "w").encoding(codec).newline(Some("")).await.unwrap();
    f.write(text).await.unwrap();
    f.close().await.unwrap();
    std::fs::read(path).unwrap()
}

fn rows(kind: &str) -> Vec<Vec<&'static str>> {
    ESCAPE.lines().map(|l| l.split('\t').collect::<Vec<_>>()).filter(|f| f[1] == kind).collect()
}

#[tokio::test]
async fn every_escape_decodes_as_cpython_with_every_handler() {
    let dir = tempfile::tempdir().unwrap();
    let rows = rows("decode");
    assert!(rows.len() > 1000, "{} rows", rows.len());
    // Each row in its own file, 32 at a time: the files wait on the
    // executor, not on each other.
    let checks = rows.iter().enumerate().map(|(i, f)| {
        let path = dir.path().join(i.to_string());
        async move {
            let (codec, input, errors, want) = (f[0], hex(f[2]), f[3], f[4]);
            let got = decode_file(&path, &input, codec, errors, None).await;
            assert_eq!(got, want, "{codec} {errors} {:?}", String::from_utf8_lossy(&input));
            // Reading a character at a time (strict), CPython (and afile)
            // count error positions from the first byte not yet decoded:
            // only the reason is the same.
            if errors == "strict" {
                let stepped = decode_file(&path, &input, codec, errors, Some(1)).await;
                let reason = |s: &str| {
                    if s.starts_with('!') { s.rsplit(": ").next().unwrap().to_owned() } else { s.to_owned() }
                };
                assert_eq!(
                    reason(&stepped),
                    reason(want),
                    "{codec} {errors} {:?} read(1)",
                    String::from_utf8_lossy(&input)
                );
            }
        }
    });
    use futures::StreamExt;
    futures::stream::iter(checks).buffer_unordered(32).collect::<Vec<()>>().await;
}

#[tokio::test]
async fn text_encodes_as_cpython() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t");
    for f in rows("encode") {
        let text = String::from_utf8(hex(f[2])).unwrap();
        assert_eq!(to_hex(&encode_file(&path, &text, f[0]).await), f[4], "{} {text:?}", f[0]);
    }
}

#[tokio::test]
async fn every_character_encodes_as_cpython_and_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t");
    let rows = rows("plane");
    assert_eq!(rows.len(), 6);
    for f in rows {
        let plane: u32 = f[2].parse().unwrap();
        let text: String = ((plane << 16)..((plane + 1) << 16)).filter_map(char::from_u32).collect();
        let bytes = encode_file(&path, &text, f[0]).await;
        assert_eq!(format!("{}:{:08x}", bytes.len(), crc32(&bytes)), f[4], "{} plane {plane}", f[0]);
        // Read back in one go and in steps that cross the 64 KiB chunks.
        assert_eq!(decode_file(&path, &bytes, f[0], "strict", None).await, to_hex(text.as_bytes()));
        assert_eq!(decode_file(&path, &bytes, f[0], "strict", Some(4093)).await, to_hex(text.as_bytes()));
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

/// A recorded answer as [`decode_file`] gives it: messages come with
/// backslash, newline, CR and tab escaped; a text holding a lone
/// surrogate (which CPython's string can hold) must be an error here.
fn expected_answer(want: &str) -> Result<String, String> {
    if let Some(msg) = want.strip_prefix('!') {
        let (mut out, mut chars) = (String::new(), msg.chars());
        while let Some(c) = chars.next() {
            out.push(match (c, c == '\\') {
                (_, true) => match chars.next().unwrap() {
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    other => other,
                },
                (c, false) => c,
            });
        }
        return Ok(format!("!{out}"));
    }
    match String::from_utf8(hex(want)) {
        Ok(_) => Ok(want.to_owned()),
        Err(_) => Err(want.to_owned()),
    }
}

#[tokio::test]
async fn punycode_files_decode_as_cpython() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t");
    let mut checked = 0;
    for f in PUNYCODE.lines().map(|l| l.split('\t').collect::<Vec<_>>()).filter(|f| f[0] == "decode") {
        let (input, errors) = (hex(f[1]), f[2]);
        let got = decode_file(&path, &input, "punycode", errors, None).await;
        match expected_answer(f[3]) {
            Ok(want) => {
                assert_eq!(got, want, "{errors} {:?}", String::from_utf8_lossy(&input));
                // Read in small steps (many chunks for the long sample):
                // the same text, the file decoded as one string.
                let stepped = decode_file(&path, &input, "punycode", errors, Some(1000)).await;
                assert_eq!(stepped, want, "{errors} {:?} read(1000)", String::from_utf8_lossy(&input));
            }
            Err(surrogate) => {
                assert!(
                    got.contains("a lone surrogate, which a Rust String cannot hold"),
                    "{got} vs {surrogate}"
                );
            }
        }
        checked += 1;
    }
    assert!(checked > 250, "{checked}");
}

#[tokio::test]
async fn punycode_encodes_each_write_as_cpython() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t");
    for f in PUNYCODE.lines().map(|l| l.split('\t').collect::<Vec<_>>()).filter(|f| f[0] == "encode") {
        let writes: Vec<String> = f[1].split(',').map(|w| String::from_utf8(hex(w)).unwrap()).collect();
        let mut file =
            afile_core::open_text(&path, "w").encoding("punycode").newline(Some("")).await.unwrap();
        for w in &writes {
            file.write(w).await.unwrap();
        }
        file.close().await.unwrap();
        assert_eq!(to_hex(&std::fs::read(&path).unwrap()), f[3], "{writes:?}");
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
async fn idna_files_decode_as_cpython() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t");
    let mut checked = 0;
    for f in IDNA.lines().map(|l| l.split('\t').collect::<Vec<_>>()).filter(|f| f[0] == "decode") {
        let (input, errors) = (hex(f[1]), f[2]);
        let want = expected_answer(f[3]).unwrap();
        let got = decode_file(&path, &input, "idna", errors, None).await;
        assert_eq!(got, want, "{errors} {:?}", String::from_utf8_lossy(&input));
        if !want.starts_with('!') {
            // Labels cut by the 64 KiB chunks of the long sample wait for
            // the rest: the same text in small steps.
            let stepped = decode_file(&path, &input, "idna", errors, Some(7)).await;
            assert_eq!(stepped, want, "{errors} {:?} read(7)", String::from_utf8_lossy(&input));
        }
        checked += 1;
    }
    assert!(checked > 60, "{checked}");
}

#[tokio::test]
async fn idna_writes_encode_as_cpython() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t");
    let mut checked = 0;
    for f in IDNA.lines().map(|l| l.split('\t').collect::<Vec<_>>()).filter(|f| f[0] == "encode") {
        let (text, errors) = (String::from_utf8(hex(f[1])).unwrap(), f[2]);
        let want = expected_answer(f[3]).unwrap();
        let mut file = afile_core::open_text(&path, "w")
            .encoding("idna")
            .errors(errors)
            .newline(Some(""))
            .await
            .unwrap();
        let got = match file.write(&text).await {
            Ok(_) => {
                file.close().await.unwrap();
                to_hex(&std::fs::read(&path).unwrap())
            }
            Err(e) => format!("!{e}"),
        };
        assert_eq!(got, want, "{errors} {text:?}");
        checked += 1;
    }
    assert!(checked > 40, "{checked}");
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
