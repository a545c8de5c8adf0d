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

/// zlib's CRC-32, which the generator records.
fn crc32(data: &[u8]) -> u32 {
    let mut table = [0u32; 256];
    for (i, t) in table.iter_mut().enumerate() {
        let mut c = i as u32;
        for _ in 0..8 {
            c = if c & 1 == 1 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
        }
        *t = c;
    }
    !data.iter().fold(!0u32, |c, &b| table[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8))
}

#[test]
fn every_unicode_name_decodes_as_cpython() {
    // CPython's answers: the length and CRC-32 of `\N{NAME}` for every
    // name it knows (names, aliases, Hangul syllables, CJK ideographs), of
    // the text it decodes that to, and the same for the names in lower case
    // (which CPython takes, except for the two named by rule).
    let expected = include_str!("../tests/data/escape.tsv");
    let row = |kind: &str| {
        let line = expected.lines().find(|l| l.split('\t').nth(1) == Some(kind)).unwrap();
        let f: Vec<&str> = line.split('\t').collect();
        (f[2].to_owned(), f[4].to_owned())
    };
    let sum = |b: &[u8]| format!("{}:{:08x}", b.len(), crc32(b));
    let all = super::names::all();
    for (kind, lower) in [("names", false), ("lower-names", true)] {
        let input: String = all
            .iter()
            .filter(|(n, cp)| {
                !lower || !((0xAC00..=0xD7A3).contains(cp) || n.starts_with("CJK UNIFIED IDEOGRAPH-"))
            })
            .map(|(n, _)| format!("\\N{{{}}}", if lower { n.to_ascii_lowercase() } else { n.clone() }))
            .collect();
        let mut out = String::new();
        Codec::lookup("unicode_escape")
            .unwrap()
            .decode(input.as_bytes(), true, true, Errors::Strict, &mut out)
            .unwrap();
        assert_eq!((sum(input.as_bytes()), sum(out.as_bytes())), row(kind), "{kind}");
    }
}

/// `ToASCII`'s answer as the generator writes it: the ASCII label, or `!`
/// and the message.
fn to_ascii_line(label: &[u32]) -> String {
    match super::idna::to_ascii(label) {
        Ok(ascii) => format!("{}\n", String::from_utf8(ascii).unwrap()),
        Err(msg) => format!("!{msg}\n"),
    }
}

#[test]
fn idna_to_ascii_of_every_code_point_and_random_labels_is_cpythons() {
    // CPython's answers: the length and CRC-32 of ToASCII's answer for each
    // code point of a range (nameprep: mapping, NFKC, prohibited
    // characters, bidi, then punycode), and for 4,000 random labels drawn
    // from combining marks, jamo, compatibility and bidi characters.
    let expected = include_str!("../tests/data/idna.tsv");
    let sum = |s: &str| format!("{}:{:08x}", s.len(), crc32(s.as_bytes()));
    let mut checked = 0;
    for f in expected.lines().map(|l| l.split('\t').collect::<Vec<_>>()).filter(|f| f[0] == "toascii") {
        let text: String = if let Some(alphabet) = f[1].strip_prefix("random:") {
            let bytes: Vec<u8> = (0..alphabet.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&alphabet[i..i + 2], 16).unwrap())
                .collect();
            let alphabet: Vec<u32> = String::from_utf8(bytes).unwrap().chars().map(u32::from).collect();
            let mut state: u64 = 3491;
            let mut next = || {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                (state >> 33) as usize
            };
            (0..4000)
                .map(|_| {
                    let n = 1 + next() % 8;
                    let label: Vec<u32> = (0..n).map(|_| alphabet[next() % alphabet.len()]).collect();
                    to_ascii_line(&label)
                })
                .collect()
        } else {
            let (lo, hi) = f[1].split_once('-').unwrap();
            let (lo, hi) = (u32::from_str_radix(lo, 16).unwrap(), u32::from_str_radix(hi, 16).unwrap());
            (lo..hi).filter(|c| !(0xD800..0xE000).contains(c)).map(|c| to_ascii_line(&[c])).collect()
        };
        assert_eq!(sum(&text), f[3], "toascii {}", &f[1][..f[1].len().min(20)]);
        checked += 1;
    }
    assert_eq!(checked, 4);
}

#[test]
fn idna_decoding_split_at_every_byte_gives_the_same_text() {
    // A label runs from dot to dot, newlines included (as in CPython).
    let bytes = b"www.xn--bcher-kva.de.\r\n.xn--mnchen-3ya..example.\n.xn--ls8h.la";
    let text = "www.b\u{fc}cher.de.\r\n.m\u{fc}nchen..example.\n.\u{1f4a9}.la";
    for k in 0..=bytes.len() {
        let mut c = Codec::lookup("idna").unwrap();
        let mut out = String::new();
        let used = c.decode(&bytes[..k], true, false, Errors::Strict, &mut out).unwrap();
        assert!(used <= k && out.len() <= text.len(), "split {k}");
        c.decode(&bytes[used..], used == 0, true, Errors::Strict, &mut out).unwrap();
        assert_eq!(out, text, "split at {k}");
    }
}

/// A mixed sample of each stateful codec (escape sequences, SO/SI, single
/// shifts, `~{`…`~}`, escapes CPython passes through) and the text
/// CPython 3.12.1 decodes it to, recorded by `cargo xtask codecs`.
const STATEFUL_SAMPLES: &str = include_str!("../tests/data/stateful_samples.tsv");

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
    let held = include_str!("../tests/data/stateful_held.tsv");
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
