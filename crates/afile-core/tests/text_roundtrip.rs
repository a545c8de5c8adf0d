//! Round trips: random strings × encodings × newline settings × buffer
//! sizes — write, read back, compare — with `tell`/`seek_cookie` at random
//! points, and a `\r\n` split across buffer refills read as one newline.

#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use common::Lcg;

const EVERYTHING: &[&str] = &["a", "b", " ", "é", "ß", "日", "本", "😀", "\r", "\n", "\r\n", "\r\r"];
const LATIN: &[&str] = &["a", "b", " ", "é", "ß", "\r", "\n", "\r\n"];
const CJK: &[&str] = &["a", " ", "日", "本", "\r", "\n", "\r\n"];

fn random_text(rng: &mut Lcg, alphabet: &[&str], len: usize) -> String {
    (0..len).map(|_| alphabet[rng.below(alphabet.len() as u64) as usize]).collect()
}

/// What reading gives back for text written with the same `newline`.
fn expected(written: &str, newline: Option<&str>) -> String {
    let on_disk = match newline {
        Some("\r") => written.replace('\n', "\r"),
        Some("\r\n") => written.replace('\n', "\r\n"),
        _ => written.to_owned(),
    };
    match newline {
        None => on_disk.replace("\r\n", "\n").replace('\r', "\n"),
        _ => on_disk,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_round_trips_with_tell_and_seek() {
    let dir = tempfile::tempdir().unwrap();
    let encodings: &[(&str, &[&str])] = &[
        ("utf-8", EVERYTHING),
        ("utf-8-sig", EVERYTHING),
        ("utf-16", EVERYTHING),
        ("utf-16-be", EVERYTHING),
        ("utf-32", EVERYTHING),
        ("latin-1", LATIN),
        ("cp1252", LATIN),
        ("shift_jis", CJK),
        ("gbk", CJK),
    ];
    let newlines = [None, Some(""), Some("\n"), Some("\r"), Some("\r\n")];
    let mut rng = Lcg(2024);
    let mut n = 0;
    for &(encoding, alphabet) in encodings {
        for newline in newlines {
            for buffering in [2isize, 7, 64, -1] {
                n += 1;
                let path = dir.path().join(format!("t{n}"));
                let len = [0, 1, 5, 300, 9000][rng.below(5) as usize];
                let text = random_text(&mut rng, alphabet, len);
                let ctx = format!("{encoding} newline={newline:?} buffering={buffering} len={len}");

                let mut w = afile_core::open_text(&path, "w")
                    .encoding(encoding)
                    .newline(newline)
                    .buffering(buffering)
                    .await
                    .unwrap();
                assert_eq!(w.write(&text).await.unwrap(), text.chars().count(), "{ctx}");
                w.close().await.unwrap();

                let want = expected(&text, newline);
                let mut r = afile_core::open_text(&path, "r")
                    .encoding(encoding)
                    .newline(newline)
                    .buffering(buffering)
                    .await
                    .unwrap();
                // Read in random steps, taking cookies on the way.
                let mut got = String::new();
                let mut marks = Vec::new();
                loop {
                    if rng.below(4) == 0 {
                        marks.push((r.tell().await.unwrap(), got.chars().count()));
                    }
                    let piece = if rng.below(2) == 0 {
                        r.read(1 + rng.below(40) as usize).await.unwrap()
                    } else {
                        r.readline(None).await.unwrap()
                    };
                    if piece.is_empty() {
                        break;
                    }
                    got.push_str(&piece);
                }
                assert!(got == want, "{ctx}: read back differs");
                for (cookie, chars_before) in marks {
                    r.seek_cookie(cookie).await.unwrap();
                    let rest = r.read(None).await.unwrap();
                    let want_rest: String = want.chars().skip(chars_before).collect();
                    assert!(rest == want_rest, "{ctx}: seek_cookie to char {chars_before}");
                }
            }
        }
    }
}

#[tokio::test]
async fn crlf_split_across_refills_is_one_newline() {
    let dir = tempfile::tempdir().unwrap();
    for (prefix, buffering) in [(8191usize, -1isize), (8191, 3), (2, 3), (1, 2), (4095, 4096)] {
        let path = dir.path().join(format!("crlf{prefix}-{buffering}"));
        let mut data = "a".repeat(prefix);
        data.push_str("\r\nnext\r\n");
        std::fs::write(&path, &data).unwrap();
        let mut f = afile_core::open_text(&path, "r").buffering(buffering).await.unwrap();
        assert_eq!(f.readline(None).await.unwrap(), format!("{}\n", "a".repeat(prefix)));
        assert_eq!(f.readline(None).await.unwrap(), "next\n");
        assert_eq!(f.readline(None).await.unwrap(), "");
        assert_eq!(f.newlines(), ["\r\n"], "prefix {prefix} buffering {buffering}");
        let mut f = afile_core::open_text(&path, "r").newline(Some("")).buffering(buffering).await.unwrap();
        assert_eq!(f.readline(None).await.unwrap(), format!("{}\r\n", "a".repeat(prefix)));
    }
}

#[tokio::test]
async fn bad_arguments_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keep");
    std::fs::write(&path, b"precious").unwrap();
    for (mode, enc, newline, buffering, want) in [
        ("w", "nope", None, -1, "unknown encoding: nope".to_owned()),
        ("w", "utf-8", Some("x"), -1, "illegal newline value: x".into()),
        ("w", "utf-8", None, 0, "can't have unbuffered text I/O".into()),
        // CPython's order: buffering, then newline, then encoding.
        ("w", "nope", Some("x"), 0, "can't have unbuffered text I/O".into()),
        ("w", "nope", Some("x"), -1, "illegal newline value: x".into()),
        // The open's own error comes first, as CPython opens before it
        // checks these; afile finds it without creating or truncating.
        ("x", "nope", Some("x"), 0, format!("[Errno 17] File exists: '{}'", path.display())),
        ("r+", "nope", None, -1, "unknown encoding: nope".into()),
        ("w", "utf-8\0", None, 0, "embedded null character".into()),
    ] {
        let err = afile_core::open_text(&path, mode)
            .encoding(enc)
            .newline(newline)
            .buffering(buffering)
            .await
            .unwrap_err();
        assert_eq!(err.to_string(), want);
        assert_eq!(std::fs::read(&path).unwrap(), b"precious", "{want}: the file was not truncated");
    }
    let missing = dir.path().join("no-dir").join("f");
    let err = afile_core::open_text(&missing, "w").encoding("nope").await.unwrap_err();
    assert_eq!(err.errno(), Some(2), "the open's error first: {err}");
    assert!(!missing.parent().unwrap().exists());
    let err = afile_core::open_text(&path, "wb").await.unwrap_err();
    assert_eq!(err.to_string(), "mode 'wb' is binary here: open_text() is text, use open() for binary");
    // surrogateescape decodes clean input; a byte that would need a lone
    // surrogate is an error that says why.
    let mut f = afile_core::open_text(&path, "r").errors("surrogateescape").await.unwrap();
    assert_eq!(f.read(None).await.unwrap(), "precious");
    std::fs::write(&path, b"ab\xff").unwrap();
    let err = afile_core::open_text(&path, "r")
        .errors("surrogateescape")
        .await
        .unwrap()
        .read(None)
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "'utf-8' codec can't decode byte 0xff in position 2: invalid start byte (errors='surrogateescape' \
         would decode it to a lone surrogate, which a Rust String cannot hold)"
    );
}
