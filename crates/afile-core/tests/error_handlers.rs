//! `errors="namereplace"` and custom error handlers (`register_error`),
//! through real files, against answers recorded from CPython 3.12.

#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use common::crc32;

use std::path::Path;

use afile_core::{Error, ErrorHandler, Replacement, UnicodeDecodeError, UnicodeEncodeError, register_error};

async fn write_with(path: &Path, encoding: &str, errors: &str, text: &str) -> afile_core::Result<Vec<u8>> {
    let mut f = afile_core::open_text(path, "w").encoding(encoding).errors(errors).newline(Some("")).await?;
    f.write(text).await?;
    f.close().await?;
    Ok(std::fs::read(path)?)
}

async fn read_with(path: &Path, bytes: &[u8], encoding: &str, errors: &str) -> afile_core::Result<String> {
    std::fs::write(path, bytes)?;
    let mut f = afile_core::open_text(path, "r").encoding(encoding).errors(errors).newline(Some("")).await?;
    f.read(None).await
}

const SAMPLE: &str = "Café €5 — 한글 中文 ½ ΔĀ😀\u{17000}\u{e000}\u{80}ア-ｶ\n";

#[tokio::test]
async fn namereplace_writes_what_cpython_writes() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("t");
    // `SAMPLE.encode(codec, "namereplace")` in CPython 3.12.1.
    let expected: [(&str, &[u8]); 4] = [
        (
            "ascii",
            b"Caf\\N{LATIN SMALL LETTER E WITH ACUTE} \\N{EURO SIGN}5 \\N{EM DASH} \\N{HANGUL SYLLABLE HAN}\\N{HANGUL SYLLABLE GEUL} \\N{CJK UNIFIED IDEOGRAPH-4E2D}\\N{CJK UNIFIED IDEOGRAPH-6587} \\N{VULGAR FRACTION ONE HALF} \\N{GREEK CAPITAL LETTER DELTA}\\N{LATIN CAPITAL LETTER A WITH MACRON}\\N{GRINNING FACE}\\U00017000\\ue000\\x80\\N{KATAKANA LETTER A}-\\N{HALFWIDTH KATAKANA LETTER KA}\n",
        ),
        (
            "latin-1",
            b"Caf\xe9 \\N{EURO SIGN}5 \\N{EM DASH} \\N{HANGUL SYLLABLE HAN}\\N{HANGUL SYLLABLE GEUL} \\N{CJK UNIFIED IDEOGRAPH-4E2D}\\N{CJK UNIFIED IDEOGRAPH-6587} \xbd \\N{GREEK CAPITAL LETTER DELTA}\\N{LATIN CAPITAL LETTER A WITH MACRON}\\N{GRINNING FACE}\\U00017000\\ue000\x80\\N{KATAKANA LETTER A}-\\N{HALFWIDTH KATAKANA LETTER KA}\n",
        ),
        (
            "cp1252",
            b"Caf\xe9 \x805 \x97 \\N{HANGUL SYLLABLE HAN}\\N{HANGUL SYLLABLE GEUL} \\N{CJK UNIFIED IDEOGRAPH-4E2D}\\N{CJK UNIFIED IDEOGRAPH-6587} \xbd \\N{GREEK CAPITAL LETTER DELTA}\\N{LATIN CAPITAL LETTER A WITH MACRON}\\N{GRINNING FACE}\\U00017000\\ue000\\x80\\N{KATAKANA LETTER A}-\\N{HALFWIDTH KATAKANA LETTER KA}\n",
        ),
        (
            "shift_jis",
            b"Caf\\N{LATIN SMALL LETTER E WITH ACUTE} \\N{EURO SIGN}5 \\N{EM DASH} \\N{HANGUL SYLLABLE HAN}\\N{HANGUL SYLLABLE GEUL} \x92\x86\x95\xb6 \\N{VULGAR FRACTION ONE HALF} \x83\xa2\\N{LATIN CAPITAL LETTER A WITH MACRON}\\N{GRINNING FACE}\\U00017000\\ue000\\x80\x83A-\xb6\n",
        ),
    ];
    for (codec, bytes) in expected {
        let got = write_with(&p, codec, "namereplace", SAMPLE).await.unwrap();
        assert_eq!(String::from_utf8_lossy(&got), String::from_utf8_lossy(bytes), "{codec}");
        assert_eq!(got, bytes, "{codec}");
    }
}

/// Every code point's `\N{NAME}` (or escape), block by block, against the
/// length and CRC-32 of CPython's own `ascii`/`namereplace` encode of the
/// block (`tests/data/codecs/names.tsv`, from `cargo xtask codecs`).
#[tokio::test]
async fn every_code_point_is_named_as_cpython_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("names");
    let expected = include_str!("data/codecs/names.tsv");
    let mut f = afile_core::open_text(&p, "w")
        .encoding("ascii")
        .errors("namereplace")
        .newline(Some(""))
        .await
        .unwrap();
    let mut ends = Vec::new();
    for block in 0u32..0x1100 {
        let text: String = (block << 8..(block + 1) << 8).filter_map(char::from_u32).collect();
        f.write(&text).await.unwrap();
        ends.push(f.tell().await.unwrap().byte_offset().unwrap() as usize);
    }
    f.close().await.unwrap();
    let all = std::fs::read(&p).unwrap();
    let mut start = 0;
    let mut wrong = Vec::new();
    for (line, end) in expected.lines().zip(&ends) {
        let fields: Vec<&str> = line.split('\t').collect();
        let got = &all[start..*end];
        let want = (fields[1].parse::<usize>().unwrap(), fields[2]);
        if (got.len(), format!("{:08x}", crc32(got)).as_str()) != want {
            wrong.push(fields[0].to_owned());
        }
        start = *end;
    }
    assert_eq!(expected.lines().count(), ends.len());
    assert!(wrong.is_empty(), "blocks named differently from CPython: {wrong:?}");
}

#[tokio::test]
async fn decoding_with_an_encode_only_handler_fails_as_cpython() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("t");
    assert_eq!(read_with(&p, b"clean", "ascii", "namereplace").await.unwrap(), "clean");
    for handler in ["namereplace", "xmlcharrefreplace"] {
        let err = read_with(&p, b"ab\xffcd", "ascii", handler).await.unwrap_err();
        // CPython: TypeError.
        assert_eq!(err.to_string(), "don't know how to handle UnicodeDecodeError in error callback");
    }
}

/// Records what it was given and answers with a fixed resume position.
struct Recorder {
    seen: std::sync::Mutex<Vec<String>>,
    resume: Option<isize>,
}

impl Recorder {
    fn new(resume: Option<isize>) -> std::sync::Arc<Self> {
        std::sync::Arc::new(Self { seen: std::sync::Mutex::new(Vec::new()), resume })
    }
}

struct Shared(std::sync::Arc<Recorder>);

impl ErrorHandler for Shared {
    fn decode(&self, err: &UnicodeDecodeError<'_>) -> afile_core::Result<(String, isize)> {
        let r = &self.0;
        let hex: String = err.object.iter().map(|b| format!("{b:02x}")).collect();
        r.seen
            .lock()
            .unwrap()
            .push(format!("{} {hex} {} {} {}", err.encoding, err.start, err.end, err.reason));
        match r.resume {
            Some(pos) => Ok((format!("<{}-{}>", err.start, err.end), pos)),
            None => Ok(("[R]".into(), err.end as isize)),
        }
    }

    fn encode(&self, err: &UnicodeEncodeError<'_>) -> afile_core::Result<(Replacement, isize)> {
        let r = &self.0;
        r.seen
            .lock()
            .unwrap()
            .push(format!("{} {} {} {} {}", err.encoding, err.object, err.start, err.end, err.reason));
        match r.resume {
            Some(pos) => Ok((format!("<{}-{}>", err.start, err.end).into(), pos)),
            None => Ok(("[R]".into(), err.end as isize)),
        }
    }
}

#[tokio::test]
async fn a_decode_handler_gets_what_python_gives_and_resumes_where_it_says() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("t");
    let rec = Recorder::new(None);
    register_error("test-record-decode", Shared(rec.clone())).unwrap();
    let input = b"a\xff\xfeb\x81x";
    // CPython 3.12: b'a\xff\xfeb\x81x'.decode(codec, handler)
    assert_eq!(read_with(&p, input, "ascii", "test-record-decode").await.unwrap(), "a[R][R]b[R]x");
    assert_eq!(read_with(&p, input, "utf-8", "test-record-decode").await.unwrap(), "a[R][R]b[R]x");
    assert_eq!(read_with(&p, input, "shift_jis", "test-record-decode").await.unwrap(), "a[R][R]b』");
    let seen = std::mem::take(&mut *rec.seen.lock().unwrap());
    assert_eq!(
        seen,
        [
            "ascii 61fffe628178 1 2 ordinal not in range(128)",
            "ascii 61fffe628178 2 3 ordinal not in range(128)",
            "ascii 61fffe628178 4 5 ordinal not in range(128)",
            "utf-8 61fffe628178 1 2 invalid start byte",
            "utf-8 61fffe628178 2 3 invalid start byte",
            "utf-8 61fffe628178 4 5 invalid start byte",
            "shift_jis 61fffe628178 1 2 illegal multibyte sequence",
            "shift_jis 61fffe628178 2 3 illegal multibyte sequence",
        ]
    );

    // The object is what the decoder was given: with a UTF-16 BOM, positions
    // count it; utf-8-sig counts after its BOM (as CPython).
    assert_eq!(
        read_with(&p, b"\xfe\xff\x00a\xd8\x00\x00b", "utf-16", "test-record-decode").await.unwrap(),
        "a[R]b"
    );
    assert_eq!(
        read_with(&p, b"\xef\xbb\xbfa\xffb", "utf-8-sig", "test-record-decode").await.unwrap(),
        "a[R]b"
    );
    let seen = std::mem::take(&mut *rec.seen.lock().unwrap());
    assert_eq!(
        seen,
        ["utf-16-be feff0061d8000062 4 6 illegal UTF-16 surrogate", "utf-8 61ff62 1 2 invalid start byte"]
    );
}

#[tokio::test]
async fn a_stateful_decoder_resumes_in_the_state_it_had_reached() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("t");
    let rec = Recorder::new(None);
    register_error("test-record-stateful", Shared(rec.clone())).unwrap();
    // CPython 3.12: after the handler, decoding goes on in JIS X 0208 (hz:
    // GB2312), the set the escape chose before the bad byte.
    let jis = b"a\x1b$B$+\x7f$+\x1b(Bz";
    assert_eq!(
        read_with(&p, jis, "iso2022_jp", "test-record-stateful").await.unwrap(),
        "a\u{304b}[R][R][R][R]"
    );
    assert_eq!(
        read_with(&p, b"~{$+\x7f$+~}z", "hz", "test-record-stateful").await.unwrap(),
        "\u{304b}[R]\u{304b}z"
    );
    let seen = std::mem::take(&mut *rec.seen.lock().unwrap());
    let hex: String = jis.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(
        seen,
        [
            format!("iso2022_jp {hex} 6 8 illegal multibyte sequence"),
            format!("iso2022_jp {hex} 8 10 illegal multibyte sequence"),
            format!("iso2022_jp {hex} 10 12 illegal multibyte sequence"),
            format!("iso2022_jp {hex} 12 13 incomplete multibyte sequence"),
            "hz 7e7b242b7f242b7e7d7a 4 5 illegal multibyte sequence".to_owned(),
        ]
    );
}

#[tokio::test]
async fn negative_and_out_of_range_resume_positions() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("t");
    register_error("test-resume-last", Shared(Recorder::new(Some(-1)))).unwrap();
    register_error("test-resume-99", Shared(Recorder::new(Some(99)))).unwrap();
    let input = b"a\xff\xfeb\x81x";
    // CPython: 'a<1-2>x' for ascii, utf-8 and shift_jis.
    for codec in ["ascii", "utf-8", "shift_jis"] {
        assert_eq!(read_with(&p, input, codec, "test-resume-last").await.unwrap(), "a<1-2>x", "{codec}");
        let err = read_with(&p, input, codec, "test-resume-99").await.unwrap_err();
        assert_eq!(err.to_string(), "position 99 from error handler out of bounds");
    }
    // Encoding: 'a\u0100\u0101b\u4e02c'.encode(codec, handler) in CPython.
    let text = "a\u{100}\u{101}b\u{4e02}c";
    assert_eq!(write_with(&p, "ascii", "test-resume-last", text).await.unwrap(), b"a<1-3>c");
    assert_eq!(write_with(&p, "cp1252", "test-resume-last", text).await.unwrap(), b"a<1-3>c");
    assert_eq!(write_with(&p, "shift_jis", "test-resume-last", text).await.unwrap(), b"a<1-2>c");
    let err = write_with(&p, "latin-1", "test-resume-99", text).await.unwrap_err();
    assert_eq!(err.to_string(), "position 99 from error handler out of bounds");
}

#[tokio::test]
async fn an_encode_handler_gets_what_python_gives() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("t");
    let rec = Recorder::new(None);
    register_error("test-record-encode", Shared(rec.clone())).unwrap();
    let text = "a\u{100}\u{101}b\u{4e02}c";
    assert_eq!(write_with(&p, "ascii", "test-record-encode", text).await.unwrap(), b"a[R]b[R]c");
    assert_eq!(write_with(&p, "cp1252", "test-record-encode", text).await.unwrap(), b"a[R]b[R]c");
    assert_eq!(write_with(&p, "shift_jis", "test-record-encode", text).await.unwrap(), b"a[R][R]b[R]c");
    let seen = std::mem::take(&mut *rec.seen.lock().unwrap());
    assert_eq!(
        seen,
        [
            "ascii aĀāb丂c 1 3 ordinal not in range(128)",
            "ascii aĀāb丂c 4 5 ordinal not in range(128)",
            "charmap aĀāb丂c 1 3 character maps to <undefined>",
            "charmap aĀāb丂c 4 5 character maps to <undefined>",
            "shift_jis aĀāb丂c 1 2 illegal multibyte sequence",
            "shift_jis aĀāb丂c 2 3 illegal multibyte sequence",
            "shift_jis aĀāb丂c 4 5 illegal multibyte sequence",
        ]
    );
}

struct Euro;
impl ErrorHandler for Euro {
    fn encode(&self, err: &UnicodeEncodeError<'_>) -> afile_core::Result<(Replacement, isize)> {
        Ok(("\u{20ac}".into(), err.end as isize))
    }
}

struct RawBytes;
impl ErrorHandler for RawBytes {
    fn encode(&self, err: &UnicodeEncodeError<'_>) -> afile_core::Result<(Replacement, isize)> {
        Ok((vec![0xff, 0xfe].into(), err.end as isize))
    }
}

#[tokio::test]
async fn replacements_that_do_not_encode_and_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("t");
    register_error("test-euro", Euro).unwrap();
    register_error("test-bytes", RawBytes).unwrap();
    let text = "a\u{100}\u{101}b\u{4e02}c";
    // CPython 3.12 answers.
    let err = write_with(&p, "ascii", "test-euro", text).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "'ascii' codec can't encode characters in position 1-2: ordinal not in range(128)"
    );
    let err = write_with(&p, "latin-1", "test-euro", text).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "'latin-1' codec can't encode characters in position 1-2: ordinal not in range(256)"
    );
    assert_eq!(write_with(&p, "cp1252", "test-euro", text).await.unwrap(), b"a\x80b\x80c");
    let err = write_with(&p, "shift_jis", "test-euro", text).await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "'shift_jis' codec can't encode character '\\u20ac' in position 0: illegal multibyte sequence"
    );
    assert!(matches!(err, Error::Encode(_)));
    for codec in ["ascii", "latin-1", "cp1252"] {
        assert_eq!(
            write_with(&p, codec, "test-bytes", text).await.unwrap(),
            b"a\xff\xfeb\xff\xfec",
            "{codec}"
        );
    }
    assert_eq!(
        write_with(&p, "shift_jis", "test-bytes", text).await.unwrap(),
        b"a\xff\xfe\xff\xfeb\xff\xfec"
    );
    // A failed write writes nothing.
    assert_eq!(std::fs::read(&p).unwrap(), b"a\xff\xfe\xff\xfeb\xff\xfec");
}

struct Boom;
impl ErrorHandler for Boom {
    fn decode(&self, _: &UnicodeDecodeError<'_>) -> afile_core::Result<(String, isize)> {
        Err(Error::InvalidArgument("boom".into()))
    }
}

struct StrictDecode;
impl ErrorHandler for StrictDecode {}

#[tokio::test]
async fn a_handler_error_reaches_the_caller_with_context() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("t");
    register_error("test-boom", Boom).unwrap();
    register_error("test-default", StrictDecode).unwrap();
    let err = read_with(&p, b"ab\xffcd", "ascii", "test-boom").await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "error handler 'test-boom' failed on 'ascii' codec can't decode byte 0xff in position 2: \
         ordinal not in range(128): boom"
    );
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    let source = std::error::Error::source(&err).unwrap();
    assert_eq!(source.to_string(), "boom");
    // A handler that returns the codec error (the trait's default) is strict.
    let err = read_with(&p, b"ab\xffcd", "ascii", "test-default").await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "'ascii' codec can't decode byte 0xff in position 2: ordinal not in range(128)"
    );
    let err = write_with(&p, "ascii", "test-default", "é").await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "'ascii' codec can't encode character '\\xe9' in position 0: ordinal not in range(128)"
    );
    // As in CPython, the failed read consumed the bytes: reading on ends.
    std::fs::write(&p, b"ab\xffcd").unwrap();
    let mut f = afile_core::open_text(&p, "r").encoding("ascii").errors("test-boom").await.unwrap();
    assert!(matches!(f.read(None).await.unwrap_err(), Error::Handler { .. }));
    assert_eq!(f.read(None).await.unwrap(), "");
}

#[tokio::test]
async fn names_and_registration_rules() {
    let dir = tempfile::tempdir().unwrap();
    let err = register_error("strict", Euro).unwrap_err();
    assert_eq!(err.to_string(), "cannot replace the built-in error handler 'strict'");
    assert!(register_error("namereplace", Euro).is_err());
    // An unknown name is accepted at open, as in Python, and looked up when
    // a codec first needs a handler; registering it later makes it work.
    let t = dir.path().join("t");
    let mut f = afile_core::open_text(&t, "w").encoding("cp1252").errors("test-late").await.unwrap();
    assert_eq!(f.errors(), "test-late");
    f.write("fine").await.unwrap();
    let err = f.write("\u{100}").await.unwrap_err();
    assert_eq!(err.to_string(), "unknown error handler name 'test-late'");
    register_error("test-late", Euro).unwrap();
    f.write("\u{100}").await.unwrap();
    f.close().await.unwrap();
    assert_eq!(std::fs::read(&t).unwrap(), b"fine\x80");
    std::fs::write(&t, b"ok\x81").unwrap();
    let mut f = afile_core::open_text(&t, "r").encoding("cp1252").errors("test-never").await.unwrap();
    let err = f.read(None).await.unwrap_err();
    assert_eq!(err.to_string(), "unknown error handler name 'test-never'");
    // Registering again replaces the handler, also for a file already open.
    register_error("test-swap", Euro).unwrap();
    let p = dir.path().join("swap");
    let mut f = afile_core::open_text(&p, "w").encoding("cp1252").errors("test-swap").await.unwrap();
    f.write("\u{100}").await.unwrap();
    register_error("test-swap", RawBytes).unwrap();
    f.write("\u{100}").await.unwrap();
    f.close().await.unwrap();
    assert_eq!(std::fs::read(&p).unwrap(), b"\x80\xff\xfe");
    assert_eq!(f.errors(), "test-swap");
}
