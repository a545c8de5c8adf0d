//! Codecs through real files, where the text layer matters: chunk
//! boundaries, `tell`/`seek_cookie` with a codec's state, encoder state
//! across writes, a held-back character at flush, close, drop, detach and
//! truncate, against CPython 3.12's answers recorded by `cargo xtask codecs`
//! into `tests/data/codecs/`. The codec tables themselves (every byte, pair
//! and character, the messages, the names) are afile-codecs' tests.

#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use common::hex;

use std::path::Path;

const STATEFUL_WRITES: &str = include_str!("data/codecs/stateful_writes.tsv");
const STATEFUL_SAMPLES: &str = include_str!("data/codecs/stateful_samples.tsv");

/// Decodes `data` from a file as `open(p, encoding=codec, errors=errors,
/// newline='').read()`, in one go or `n` characters at a time.
async fn decode_file(
    path: &Path,
    data: &[u8],
    codec: &str,
    errors: &str,
    step: Option<usize>,
) -> afile_core::Result<String> {
    std::fs::write(path, data).unwrap();
    let mut f = afile_core::open_text(path, "r").encoding(codec).errors(errors).newline(Some("")).await?;
    let Some(n) = step else { return f.read(None).await };
    let mut out = String::new();
    loop {
        let s = f.read(n).await?;
        if s.is_empty() {
            return Ok(out);
        }
        out.push_str(&s);
    }
}

async fn encode_file(path: &Path, text: &str, codec: &str, errors: &str) -> afile_core::Result<Vec<u8>> {
    let mut f = afile_core::open_text(path, "w").encoding(codec).errors(errors).newline(Some("")).await?;
    f.write(text).await?;
    f.close().await?;
    Ok(std::fs::read(path).unwrap())
}

/// A text of every kind of code `codec` has, long enough to cross the
/// text layer's chunk boundaries at several offsets.
fn mixed(units: &[&str], repeat: usize) -> String {
    let mut s = String::new();
    for k in 0..repeat {
        s.push_str(units[k % units.len()]);
    }
    s
}

/// Writes `text` in `codec`, then: the bytes are `want` (if given), whole
/// and stepwise reads give the text back, and a `tell` at every character
/// of the first `tells` characters restores to that character.
async fn file_round_trip(codec: &str, text: &str, want: Option<&[u8]>, tells: usize) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t");
    let bytes = encode_file(&path, text, codec, "strict").await.unwrap();
    if let Some(want) = want {
        assert_eq!(bytes, want, "{codec}: bytes of {text:?}");
    }
    assert_eq!(decode_file(&path, &bytes, codec, "strict", None).await.unwrap(), text, "{codec} whole");
    assert_eq!(decode_file(&path, &bytes, codec, "strict", Some(7)).await.unwrap(), text, "{codec} read(7)");
    let mut f = afile_core::open_text(&path, "r").encoding(codec).newline(Some("")).await.unwrap();
    let mut cookies = Vec::new();
    for _ in 0..tells {
        cookies.push(f.tell().await.unwrap());
        if f.read(1).await.unwrap().is_empty() {
            break;
        }
    }
    let chars: Vec<char> = text.chars().collect();
    for (k, cookie) in cookies.iter().enumerate().rev() {
        f.seek_cookie(*cookie).await.unwrap();
        let rest: String = chars[k..chars.len().min(k + 5)].iter().collect();
        assert_eq!(f.read(5).await.unwrap(), rest, "{codec}: seek_cookie to character {k}");
    }
}

#[tokio::test]
async fn gb18030_files_round_trip_and_restore_every_position() {
    // ASCII, two-byte, four-byte BMP and four-byte supplementary codes,
    // with prefixes that move each code across the 64 KiB chunk edges.
    let units =
        ["a", "\u{4e2d}", "\u{80}", "\u{1f600}", "\r\n", "\u{e7c7}", "\u{1e3f}", "\u{ffff}", "x\u{20ac}"];
    file_round_trip("gb18030", &mixed(&units, 60), None, 80).await;
    file_round_trip(
        "gb18030",
        "\u{e7c7}\u{1e3f}\u{80}\u{1f600}",
        Some(b"\xa8\xbc\x81\x35\xf4\x37\x81\x30\x81\x30\x94\x39\xfc\x36"),
        0,
    )
    .await;
    for prefix in 0..4 {
        let text = "-".repeat(prefix) + &mixed(&units, 40_000);
        file_round_trip("gb18030", &text, None, 0).await;
    }
}

#[tokio::test]
async fn gb18030_errors_and_handlers_through_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t");
    let read = |data: &'static [u8], errors: &'static str| {
        let path = path.clone();
        async move { decode_file(&path, data, "gb18030", errors, None).await }
    };
    // A bad four-byte code is its first byte alone (as CPython); the
    // digit after it is then text, and `fe 39 62` is an incomplete code.
    assert_eq!(read(b"a\x84\x39\xfe\x39b", "replace").await.unwrap(), "a\u{fffd}9\u{fffd}");
    assert_eq!(read(b"a\x84\x39\xfe\x39b", "backslashreplace").await.unwrap(), "a\\x849\\xfe\\x39\\x62");
    assert_eq!(read(b"a\x81\x30\x81", "ignore").await.unwrap(), "a");
    assert_eq!(read(b"a\x81\x30\x81", "replace").await.unwrap(), "a\u{fffd}");
    // CPython escapes the 0x81 (to '\udc81') and drops the rest.
    assert_eq!(
        read(b"a\x81\x30\x81", "surrogateescape").await.unwrap_err().to_string(),
        "'gb18030' codec can't decode bytes in position 1-3: incomplete multibyte sequence \
         (errors='surrogateescape' would decode it to a lone surrogate, which a Rust String cannot hold)"
    );
    assert_eq!(read(b"\x81\x30\x81\x30", "surrogateescape").await.unwrap(), "\u{80}");
    let mut w = afile_core::open_text(&path, "w").encoding("GB18030").await.unwrap();
    assert_eq!(w.encoding(), "GB18030");
    w.write("\u{10ffff}").await.unwrap();
    w.close().await.unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"\xe3\x32\x9a\x35");
}

#[tokio::test]
async fn utf7_files_round_trip_and_restore_every_position() {
    let units = ["a", "\u{e9}", "+", "~\\", "\u{1f600}", "\r\n", "-", "\u{4e2d}\u{6587}.", "x\u{20ac}1", " "];
    file_round_trip("utf-7", &mixed(&units, 60), None, 120).await;
    file_round_trip("utf-7", "Hi Mom -\u{263a}-!", Some(b"Hi Mom -+Jjo--!"), 0).await;
    for prefix in 0..4 {
        let text = "-".repeat(prefix) + &mixed(&units, 40_000);
        file_round_trip("utf-7", &text, None, 0).await;
    }
    // Each write ends its base64 run, as CPython's stateless encoder.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t");
    let mut f = afile_core::open_text(&path, "w").encoding("utf7").await.unwrap();
    for s in ["\u{e9}", "\u{e9}", "a~"] {
        f.write(s).await.unwrap();
    }
    f.writelines(["~", "b"]).await.unwrap();
    f.close().await.unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"+AOk-+AOk-a+AH4-+AH4-b");
}

#[tokio::test]
async fn utf7_base64_cr_at_a_chunk_edge_still_pairs_with_its_lf() {
    // `+AA0-` is a '\r' in base64; wherever the chunks end, it and the
    // '\n' after it read as one newline, as in CPython.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t");
    for pad in (64 * 1024 - 8)..=(64 * 1024 + 2) {
        let mut data = vec![b'.'; pad];
        data.extend_from_slice(b"+AA0-\nX+AA0-");
        std::fs::write(&path, &data).unwrap();
        let mut f = afile_core::open_text(&path, "r").encoding("utf-7").await.unwrap();
        let text = f.read(None).await.unwrap();
        assert_eq!(&text[pad..], "\nX\n", "pad {pad}");
        let mut f = afile_core::open_text(&path, "r").encoding("utf-7").await.unwrap();
        let mut lines = Vec::new();
        loop {
            let line = f.readline(None).await.unwrap();
            if line.is_empty() {
                break;
            }
            lines.push(line);
        }
        assert_eq!(lines.len(), 2, "pad {pad}");
        assert_eq!(lines[1], "X\n", "pad {pad}");
    }
}

/// Replays one line of `stateful_writes.tsv`: the operations (`w:HEX`
/// writes the text, `pre:HEX` starts from a file holding those bytes in
/// append mode, `seek0`, `seekcur`, `seekend`, `tell`, `flush`, `trunc`)
/// on an afile text file; returns the bytes the file holds after close.
async fn replay_writes(path: &Path, codec: &str, spec: &str) -> Vec<u8> {
    use std::io::SeekFrom;
    let ops: Vec<(&str, Vec<u8>)> =
        spec.split(',').map(|op| op.split_once(':').map_or((op, Vec::new()), |(o, a)| (o, hex(a)))).collect();
    let mode = match ops.first() {
        Some(("pre", bytes)) => {
            std::fs::write(path, bytes).unwrap();
            "a"
        }
        _ => "w",
    };
    let mut f = afile_core::open_text(path, mode).encoding(codec).newline(Some("")).await.unwrap();
    for (op, arg) in &ops {
        match *op {
            "w" => {
                f.write(std::str::from_utf8(arg).unwrap()).await.unwrap();
            }
            "seek0" => {
                f.seek(SeekFrom::Start(0)).await.unwrap();
            }
            "seekcur" => {
                f.seek(SeekFrom::Current(0)).await.unwrap();
            }
            "seekend" => {
                f.seek(SeekFrom::End(0)).await.unwrap();
            }
            "tell" => {
                f.tell().await.unwrap();
            }
            "flush" => f.flush().await.unwrap(),
            "trunc" => {
                f.truncate(None).await.unwrap();
            }
            "pre" => {}
            _ => panic!("unknown operation {op}"),
        }
    }
    f.close().await.unwrap();
    std::fs::read(path).unwrap()
}

#[tokio::test]
async fn stateful_encoders_keep_their_state_across_writes_as_cpython() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t");
    let (mut checked, mut held) = (0, 0);
    for line in STATEFUL_WRITES.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        // A fourth column: what afile writes where CPython drops a
        // character held back at close.
        let (codec, spec, want) = (f[0], f[1], hex(f.get(3).unwrap_or(&f[2])));
        let got = replay_writes(&path, codec, spec).await;
        assert_eq!(got, want, "{codec} {spec}");
        checked += 1;
        held += usize::from(f.len() > 3);
    }
    assert!(checked > 3000 && held > 100, "{checked} write sequences, {held} holding back");
}

#[tokio::test]
async fn a_held_back_character_is_written_never_lost() {
    use std::io::SeekFrom;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("t");
    let open = |codec: &'static str| afile_core::open_text(&p, "w+").encoding(codec);
    // CPython 3.12.1: 'aか'.encode('shift_jis_2004') == b'a\x82\xa9',
    // 'aか\u309a' gives b'a\x82\xf5', 'か'.encode('iso2022_jp_2004') gives
    // b'\x1b$B$+' before its return to ASCII.
    let mut f = open("shift_jis_2004").await.unwrap();
    f.write("a\u{304b}").await.unwrap();
    assert_eq!(std::fs::read(&p).unwrap(), b"", "nothing written before a flush");
    f.flush().await.unwrap();
    assert_eq!(std::fs::read(&p).unwrap(), b"a\x82\xa9", "flush writes the held character");
    f.write("\u{304b}").await.unwrap();
    f.write("\u{309a}").await.unwrap();
    f.close().await.unwrap();
    assert_eq!(std::fs::read(&p).unwrap(), b"a\x82\xa9\x82\xf5", "a pair across writes is one code");

    let mut f = open("iso2022_jp_2004").await.unwrap();
    f.write("a\u{304b}").await.unwrap();
    drop(f);
    assert_eq!(std::fs::read(&p).unwrap(), b"a\x1b$B$+", "drop writes the held character");

    let mut f = open("euc_jis_2004").await.unwrap();
    f.write("\u{304b}").await.unwrap();
    let mut b = f.detach().await.unwrap();
    b.write(b"|").await.unwrap();
    b.close().await.unwrap();
    assert_eq!(std::fs::read(&p).unwrap(), b"\xa4\xab|", "detach writes it before handing the file out");

    let mut f = open("big5hkscs").await.unwrap();
    f.write("x\u{ca}").await.unwrap();
    let here = f.tell().await.unwrap();
    assert_eq!(here.byte_offset(), Some(3), "tell writes it first");
    f.seek(SeekFrom::Start(0)).await.unwrap();
    assert_eq!(f.read(None).await.unwrap(), "x\u{ca}");
    f.write("\u{ca}").await.unwrap();
    f.truncate(None).await.unwrap();
    f.close().await.unwrap();
    assert_eq!(std::fs::read(&p).unwrap(), b"x\x88f\x88f", "truncate writes it first");
}

#[tokio::test]
async fn stateful_tell_and_seek_cookie_restore_the_decoder_state() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t");
    for line in STATEFUL_SAMPLES.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        let (codec, sample, text) = (f[0], hex(f[1]), String::from_utf8(hex(f[2])).unwrap());
        // Past one 64 KiB decode chunk, so that the state also crosses
        // chunk boundaries (at whatever place in the sample they fall).
        let reps = 70_000 / sample.len() + 1;
        std::fs::write(&path, sample.repeat(reps)).unwrap();
        let want: Vec<char> = text.repeat(reps).chars().collect();
        let mut t = afile_core::open_text(&path, "r").encoding(codec).newline(Some("")).await.unwrap();
        let mut cookies = Vec::new();
        loop {
            let cookie = t.tell().await.unwrap();
            if t.read(1).await.unwrap().is_empty() {
                break;
            }
            cookies.push(cookie);
        }
        assert_eq!(cookies.len(), want.len(), "{codec}");
        assert_eq!(cookies[0].byte_offset(), Some(0), "{codec}");
        assert!(cookies.iter().any(|c| c.byte_offset().is_none()), "{codec}");
        // Every character of the first and last samples, and of a stretch
        // around the first chunk boundary; a sparse sample elsewhere
        // (each seek decodes its chunk again).
        let per = text.chars().count();
        let boundary = 65536 * per / sample.len();
        let near = boundary.saturating_sub(3 * per)..(boundary + 3 * per).min(want.len());
        let picks =
            (0..per).chain(near).chain(want.len() - per..want.len()).chain((0..want.len()).step_by(997));
        for i in picks {
            t.seek_cookie(cookies[i]).await.unwrap();
            let got = t.read(30).await.unwrap();
            let end = (i + 30).min(want.len());
            assert_eq!(got, want[i..end].iter().collect::<String>(), "{codec} at character {i}");
        }
    }
}
