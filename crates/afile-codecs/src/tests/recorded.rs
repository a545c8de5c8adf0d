//! Codec unit tests against answers CPython recorded (`cargo xtask
//! codecs`): every Unicode name, idna's ToASCII, the stateful codecs'
//! samples, state and held-back characters.

#![allow(clippy::unwrap_used)] // tests may unwrap

use super::{Codec, decode_err};
use crate::Errors;

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
    let expected = include_str!("../../tests/data/escape.tsv");
    let row = |kind: &str| {
        let line = expected.lines().find(|l| l.split('\t').nth(1) == Some(kind)).unwrap();
        let f: Vec<&str> = line.split('\t').collect();
        (f[2].to_owned(), f[4].to_owned())
    };
    let sum = |b: &[u8]| format!("{}:{:08x}", b.len(), crc32(b));
    let all = crate::names::all();
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
    match crate::idna::to_ascii(label) {
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
    let expected = include_str!("../../tests/data/idna.tsv");
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
const STATEFUL_SAMPLES: &str = include_str!("../../tests/data/stateful_samples.tsv");

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
    let held = include_str!("../../tests/data/stateful_held.tsv");
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
