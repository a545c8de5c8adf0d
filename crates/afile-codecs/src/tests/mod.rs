//! Codec unit tests: decoding split at every byte boundary, and CPython's
//! messages for the cases the all-pairs test does not reach.

#![allow(clippy::unwrap_used)] // tests may unwrap

use crate::{Decoder, Encoder, Errors, Result};

/// The streaming decoder and encoder of one codec, as a text layer holds
/// them: `at_start` says whether the input starts the stream (where a
/// utf-8-sig BOM may be).
struct Codec {
    dec: Decoder,
    enc: Encoder,
    sig: bool,
}

impl Codec {
    fn lookup(name: &str) -> Result<Self> {
        let codec = crate::lookup(name)?;
        Ok(Self { dec: codec.decoder(), enc: codec.encoder(), sig: codec.name() == "utf-8-sig" })
    }

    fn decode(
        &mut self,
        input: &[u8],
        at_start: bool,
        last: bool,
        errors: Errors,
        out: &mut String,
    ) -> Result<usize> {
        if self.sig {
            // utf-8-sig: a BOM only at the start.
            self.dec.set_state(u32::from(at_start));
        }
        self.dec.decode_to_string(input, last, errors, out)
    }

    fn encode(&mut self, text: &str, bom: bool, errors: Errors, out: &mut Vec<u8>) -> Result<()> {
        if !bom && self.enc.writes_bom() {
            self.enc.set_state(0);
        }
        self.enc.encode_to_vec(text, errors, out)
    }

    fn decoder_state(&self) -> u32 {
        self.dec.state()
    }

    fn set_decoder_state(&mut self, state: u32) {
        self.dec.set_state(state);
    }

    fn holds_back(&self, c: char) -> bool {
        self.enc.holds_back(c)
    }
}

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
    "gb18030",
    "utf-7",
    "unicode_escape",
    "raw_unicode_escape",
    "punycode",
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

#[test]
fn utf7_leaves_an_unfinished_run_for_the_next_chunk() {
    // As CPython's incremental decoder: back to the '+' when not final.
    let mut c = Codec::lookup("utf-7").unwrap();
    let mut out = String::new();
    assert_eq!(c.decode(b"ab+AGE", true, false, Errors::Strict, &mut out).unwrap(), 2);
    assert_eq!(out, "ab");
    assert_eq!(c.decode(b"+AGE", false, true, Errors::Strict, &mut out).unwrap(), 4);
    assert_eq!(out, "aba");
}

#[test]
fn gb18030_and_utf7_codes_split_anywhere_decode_as_whole() {
    let text = "a\u{80}\u{4e2d}\u{1f600}+~\\-\r\n\u{10ffff}\u{e7c7}\u{1e3f}\u{ffff}x\u{20ac}.\u{e9}\u{e9}-Z";
    for name in ["gb18030", "utf-7"] {
        let mut bytes = Vec::new();
        Codec::lookup(name).unwrap().encode(text, false, Errors::Strict, &mut bytes).unwrap();
        for k in 0..=bytes.len() {
            for j in k..=bytes.len() {
                // Three pieces: [..k], [k..j], [j..], each decode given what
                // the one before left.
                let mut c = Codec::lookup(name).unwrap();
                let mut out = String::new();
                let a = c.decode(&bytes[..k], true, false, Errors::Strict, &mut out).unwrap();
                let b = a + c.decode(&bytes[a..j], a == 0, false, Errors::Strict, &mut out).unwrap();
                c.decode(&bytes[b..], b == 0, true, Errors::Strict, &mut out).unwrap();
                assert_eq!(out, text, "{name} split at {k} and {j}");
            }
        }
    }
}

mod recorded;
