//! Codec unit tests: decoding split at every byte boundary, and CPython's
//! messages for the cases the all-pairs test does not reach.

#![allow(clippy::unwrap_used)] // tests may unwrap

use super::super::codec::{Codec, Errors};

const CODECS: &[&str] = &[
    "utf-8",
    "utf-8-sig",
    "utf-16",
    "utf-16-be",
    "utf-32",
    "utf-32-le",
    "ascii",
    "latin-1",
    "cp037",
    "cp437",
    "cp1250",
    "cp1252",
    "iso8859-9",
    "koi8-u",
    "mac-roman",
    "tis-620",
    "shift_jis",
    "cp932",
    "shift_jis_2004",
    "gb2312",
    "gbk",
    "big5",
    "cp950",
    "big5hkscs",
    "euc_kr",
    "cp949",
    "johab",
];

const SAMPLE: &str = "aé\r\n日本語テキスト€ß한국어 갂 中文字ｶﾅ ÀÇ Ê\u{304} か\u{309a} Ёё ก \u{2d8}丂\n";

/// The characters of `SAMPLE` (and, for single-byte codecs, every byte's
/// character) that `name` encodes, encoded.
fn sample(name: &str) -> (String, Vec<u8>) {
    let mut text = String::new();
    let mut c = Codec::lookup(name).unwrap();
    for ch in SAMPLE.chars() {
        if c.encode(&ch.to_string(), false, Errors::Strict, &mut Vec::new()).is_ok() {
            text.push(ch);
        }
    }
    let mut all = String::new();
    let bytes: Vec<u8> = (0..=255).collect();
    if c.decode(&bytes, false, true, Errors::Ignore, &mut all).is_ok() && all.chars().count() > 200 {
        text.push_str(&all);
    }
    let mut c = Codec::lookup(name).unwrap();
    let mut out = Vec::new();
    c.encode(&text, true, Errors::Strict, &mut out).unwrap();
    (text, out)
}

#[test]
fn decoding_split_at_every_byte_gives_the_same_text() {
    for name in CODECS {
        let (text, bytes) = sample(name);
        assert!(text.chars().count() > 5, "{name}: sample {text:?}");
        for k in 0..=bytes.len() {
            let mut c = Codec::lookup(name).unwrap();
            let mut out = String::new();
            let used = c.decode(&bytes[..k], true, false, Errors::Strict, &mut out).unwrap();
            assert!(used <= k, "{name} split {k}");
            let rest = &bytes[used..];
            c.decode(rest, used == 0, true, Errors::Strict, &mut out).unwrap();
            assert_eq!(out, text, "{name} split at {k}");
        }
    }
}

fn decode_err(name: &str, bytes: &[u8], errors: Errors) -> String {
    let mut c = Codec::lookup(name).unwrap();
    c.decode(bytes, true, true, errors, &mut String::new()).unwrap_err().to_string()
}

fn encode_err(name: &str, text: &str) -> String {
    let mut c = Codec::lookup(name).unwrap();
    c.encode(text, false, Errors::Strict, &mut Vec::new()).unwrap_err().to_string()
}

#[test]
fn messages_match_cpython() {
    // Each expected text is what CPython 3.12.1 printed for the same call.
    assert_eq!(decode_err("utf-16", b"a\x00b\x00", Errors::Strict), "UTF-16 stream does not start with BOM");
    assert_eq!(
        decode_err("utf-32", b"a\x00\x00\x00", Errors::Strict),
        "UTF-32 stream does not start with BOM"
    );
    assert_eq!(
        decode_err("utf-16", b"\xfe\xff\xd8\x00a", Errors::Strict),
        "'utf-16-be' codec can't decode bytes in position 2-4: unexpected end of data"
    );
    assert_eq!(
        decode_err("utf-32", b"\xff\xfe\x00\x00\x00\xd8\x00\x00", Errors::Strict),
        "'utf-32-le' codec can't decode bytes in position 4-7: code point in surrogate code point range(0xd800, 0xe000)"
    );
    assert_eq!(
        decode_err("utf-8-sig", b"\xef\xbb\xbf\xff", Errors::Strict),
        "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"
    );
    assert_eq!(
        encode_err("ascii", "abc\u{e9}\u{e8}d"),
        "'ascii' codec can't encode characters in position 3-4: ordinal not in range(128)"
    );
    assert_eq!(
        encode_err("cp437", "\u{20ac}"),
        "'charmap' codec can't encode character '\\u20ac' in position 0: character maps to <undefined>"
    );
    assert_eq!(
        decode_err("cp1250", b"A\x81B", Errors::Strict),
        "'charmap' codec can't decode byte 0x81 in position 1: character maps to <undefined>"
    );
    assert_eq!(
        decode_err("shift_jis", b"\x87\x40", Errors::Strict),
        "'shift_jis' codec can't decode byte 0x87 in position 0: illegal multibyte sequence"
    );
    assert_eq!(
        decode_err("shift_jis", b"ab\x88", Errors::Strict),
        "'shift_jis' codec can't decode byte 0x88 in position 2: incomplete multibyte sequence"
    );
    assert_eq!(
        decode_err("euc_kr", b"\xa4\xd4\xa4\xa1\xa4", Errors::Strict),
        "'euc_kr' codec can't decode bytes in position 0-4: incomplete multibyte sequence"
    );
    assert_eq!(
        encode_err("gbk", "a\u{e9}\u{3042}\u{1f600}"),
        "'gbk' codec can't encode character '\\U0001f600' in position 3: illegal multibyte sequence"
    );
}

#[test]
fn surrogate_handlers_decode_clean_input_and_explain_the_rest() {
    let mut c = Codec::lookup("cp1252").unwrap();
    let mut out = String::new();
    c.decode(b"caf\xe9", true, true, Errors::SurrogateEscape, &mut out).unwrap();
    assert_eq!(out, "caf\u{e9}");
    assert_eq!(
        decode_err("cp1252", b"a\x81", Errors::SurrogateEscape),
        "'charmap' codec can't decode byte 0x81 in position 1: character maps to <undefined> \
         (errors='surrogateescape' would decode it to a lone surrogate, which a Rust String cannot hold)"
    );
    // surrogatepass only concerns encoded surrogates; elsewhere it is strict.
    assert_eq!(
        decode_err("cp1252", b"a\x81", Errors::SurrogatePass),
        "'charmap' codec can't decode byte 0x81 in position 1: character maps to <undefined>"
    );
    assert_eq!(
        decode_err("utf-16-le", b"\x00\xd8a\x00", Errors::SurrogatePass),
        "'utf-16-le' codec can't decode bytes in position 0-1: illegal UTF-16 surrogate \
         (errors='surrogatepass' would decode it to a lone surrogate, which a Rust String cannot hold)"
    );
    let mut bytes = Vec::new();
    Codec::lookup("cp1252").unwrap().encode("caf\u{e9}", false, Errors::SurrogateEscape, &mut bytes).unwrap();
    assert_eq!(bytes, b"caf\xe9");
    assert_eq!(Errors::parse("surrogatepass").unwrap(), Errors::SurrogatePass);
}

#[test]
fn the_undefined_codec_always_raises() {
    assert_eq!(decode_err("undefined", b"", Errors::Strict), "undefined encoding");
    assert_eq!(encode_err("undefined", "a"), "undefined encoding");
}

/// A mixed sample of each stateful codec (escape sequences, SO/SI, single
/// shifts, `~{`…`~}`, escapes CPython passes through) and the text
/// CPython 3.12.1 decodes it to, recorded by `cargo xtask codecs`.
const STATEFUL_SAMPLES: &str = include_str!("../../../tests/data/codecs/stateful_samples.tsv");

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

fn stateful_samples() -> Vec<(String, Vec<u8>, String)> {
    STATEFUL_SAMPLES
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0].to_owned(), unhex(f[1]), String::from_utf8(unhex(f[2])).unwrap())
        })
        .collect()
}

#[test]
fn stateful_decoding_split_anywhere_gives_the_same_text() {
    let samples = stateful_samples();
    assert_eq!(samples.len(), 8);
    for (name, bytes, text) in &samples {
        let (name, bytes, text) = (name.as_str(), bytes.as_slice(), text.as_str());
        let mut out = String::new();
        Codec::lookup(name).unwrap().decode(bytes, true, true, Errors::Strict, &mut out).unwrap();
        assert_eq!(out, text, "{name}");
        for k in 0..=bytes.len() {
            let mut c = Codec::lookup(name).unwrap();
            let mut out = String::new();
            let used = c.decode(&bytes[..k], true, false, Errors::Strict, &mut out).unwrap();
            c.decode(&bytes[used..], used == 0, true, Errors::Strict, &mut out).unwrap();
            assert_eq!(out, text, "{name} split at {k}");
        }
        // One byte more at a time, as a reader meeting tiny chunks.
        let (mut c, mut out, mut pending) = (Codec::lookup(name).unwrap(), String::new(), Vec::new());
        for &b in bytes {
            pending.push(b);
            let used = c.decode(&pending, false, false, Errors::Strict, &mut out).unwrap();
            pending.drain(..used);
        }
        c.decode(&pending, false, true, Errors::Strict, &mut out).unwrap();
        assert_eq!(out, text, "{name} byte by byte");
    }
}

#[test]
fn stateful_decoder_state_survives_a_failed_call_and_round_trips() {
    // A failed call leaves the state as it was: reading again meets the
    // same error, at the same place.
    let mut c = Codec::lookup("iso2022_jp").unwrap();
    let before = c.decoder_state();
    let err = c.decode(b"\x1b$B$+\x80", false, true, Errors::Strict, &mut String::new()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "'iso2022_jp' codec can't decode byte 0x80 in position 5: illegal multibyte sequence"
    );
    assert_eq!(c.decoder_state(), before);
    c.decode(b"\x1b$B", false, false, Errors::Strict, &mut String::new()).unwrap();
    let state = c.decoder_state();
    assert_ne!(state, 0);
    let mut d = Codec::lookup("iso2022_jp").unwrap();
    d.set_decoder_state(state);
    let mut out = String::new();
    d.decode(b"$+", false, true, Errors::Strict, &mut out).unwrap();
    assert_eq!(out, "\u{304b}");
    // CPython's "internal codec error": ESC N after ESC . J designated a
    // set that has no single shift.
    assert_eq!(decode_err("iso2022_jp_2", b"\x1b.J\x1bNa", Errors::Replace), "internal codec error");
}

#[test]
fn encoders_hold_back_what_cpython_holds_back() {
    // What CPython 3.12.1's incremental encoders return nothing for (the
    // character waits for the next write), recorded by `cargo xtask codecs`.
    let held = include_str!("../../../tests/data/codecs/stateful_held.tsv");
    let mut codecs = 0;
    for line in held.lines() {
        let (name, list) = line.split_once('\t').unwrap();
        let want: Vec<u32> = list.split(',').map(|h| u32::from_str_radix(h, 16).unwrap()).collect();
        let codec = Codec::lookup(name).unwrap();
        let got: Vec<u32> = (0x80..0x10000)
            .filter_map(char::from_u32)
            .filter(|&c| codec.holds_back(c))
            .map(u32::from)
            .collect();
        assert_eq!(got, want, "{name}");
        codecs += 1;
    }
    assert_eq!(codecs, 7);
    assert!(!Codec::lookup("utf-8").unwrap().holds_back('\u{304b}'));
}
