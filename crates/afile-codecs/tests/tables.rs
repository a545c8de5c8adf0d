//! Every codec against CPython 3.12: the names and aliases
//! `codecs.lookup` accepts, every byte of every single-byte codec (and
//! every lead/trail pair of every multi-byte codec), every character
//! encoded, the strict error messages, and every handler on the stateful
//! codecs. The expectations are CPython's own answers, recorded by
//! `cargo xtask codecs` into `tests/data/` through `open()`; the tests
//! never run Python. Decoding is done as afile's text files do it: the
//! incremental decoder, in one go and in pieces.

#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use common::{crc32, decode_pieces, decode_whole, encode_written, hex};

const LOOKUP: &str = include_str!("data/lookup.tsv");
const EXPECTED: &str = include_str!("data/expected.tsv");
const MESSAGES: &str = include_str!("data/messages.tsv");
const GB18030_EXPECTED: &str = include_str!("data/gb18030_expected.tsv");
const GB18030_MESSAGES: &str = include_str!("data/gb18030_messages.tsv");
const UTF7_EXPECTED: &str = include_str!("data/utf_7_expected.tsv");
const UTF7_MESSAGES: &str = include_str!("data/utf_7_messages.tsv");
const UTF7_SAMPLES: &str = include_str!("data/utf_7_samples.tsv");
const STATEFUL_EXPECTED: &str = include_str!("data/stateful_expected.tsv");
const STATEFUL_MESSAGES: &str = include_str!("data/stateful_messages.tsv");
const STATEFUL_HANDLERS: &str = include_str!("data/stateful_handlers.tsv");

/// The bytes of a decode group, built as the generator builds them.
fn decode_group(name: &str) -> Vec<u8> {
    if name == "bytes" {
        let mut v: Vec<u8> = (0..=255).collect();
        v.push(b'\n');
        v.extend((0..=255u8).flat_map(|b| [b, b'\n']));
        return v;
    }
    if let Some(lead) = name.strip_prefix("pairs:") {
        let lead = u8::from_str_radix(lead, 16).unwrap();
        return (0..=255u8).flat_map(|t| [lead, t, b'\n']).collect();
    }
    if let Some(prefix) = name.strip_prefix("triples:") {
        let (lead, second) =
            (u8::from_str_radix(&prefix[..2], 16).unwrap(), u8::from_str_radix(&prefix[2..], 16).unwrap());
        return (0..=255u8).flat_map(|t| [lead, second, t, b'\n']).collect();
    }
    if let Some(lead) = name.strip_prefix("quads:") {
        // gb18030's four-byte codes after `lead`, and their neighbours.
        let lead = u8::from_str_radix(lead, 16).unwrap();
        let mut v = Vec::new();
        for b2 in 0x30..=0x39u8 {
            for b3 in 0x80..=0xFFu8 {
                for b4 in 0x30..=0x3Au8 {
                    v.extend([lead, b2, b3, b4, b'\n']);
                }
            }
        }
        return v;
    }
    stateful_group(name).unwrap_or_else(|| panic!("unknown decode group {name}"))
}

/// The decode groups of the stateful codecs (see the generator's
/// `stateful_decode_groups`): the pairs of a character set after the
/// escape sequence that designates it.
fn stateful_group(name: &str) -> Option<Vec<u8>> {
    let (kind, arg) = name.split_once(':')?;
    let esc = hex(arg);
    let mut v = Vec::new();
    match kind {
        "set1" => {
            v.extend(&esc);
            v.extend(0x20..0x80u8);
            v.push(b'\n');
        }
        "set2" => {
            for lead in 0x20..0x80u8 {
                v.extend(&esc);
                v.extend((0..=255u8).flat_map(|t| [lead, t]));
                v.push(b'\n');
            }
        }
        "g2" => {
            v.extend(&esc);
            v.extend((0..=255u8).flat_map(|t| [0x1b, b'N', t]));
        }
        "hz" => {
            let lo = u8::from_str_radix(arg, 16).ok()?;
            for lead in lo..lo + 16 {
                for t in 0..=255u8 {
                    v.extend([b'~', b'{', lead, t, b'~', b'}', b'\n']);
                }
            }
        }
        _ => return None,
    }
    Some(v)
}

/// The text of an encode group: every scalar value of a plane, one a line.
fn encode_group(name: &str) -> String {
    let plane: u32 = name.strip_prefix("plane:").unwrap().parse().unwrap();
    let mut text = String::with_capacity(5 << 16);
    for c in ((plane << 16)..((plane + 1) << 16)).filter_map(char::from_u32) {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push(c);
    }
    text
}

#[test]
fn every_name_python_accepts_names_the_same_codec() {
    let mut checked = 0;
    for line in LOOKUP.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        let got = afile_codecs::lookup(f[0]).map(|c| c.name());
        match (f[1], got) {
            ("ok", Ok(name)) => assert_eq!(name, f[2], "{:?}", f[0]),
            ("error", Err(e)) => assert_eq!(e.to_string(), f[2], "{:?}", f[0]),
            (_, got) => panic!("{:?}: CPython says {} {}, afile {got:?}", f[0], f[1], f[2]),
        }
        checked += 1;
    }
    assert!(checked > 2000, "{checked} names");
}

/// Checks every expectation row of `kind` ("decode" or "encode") in
/// `expected`; returns how many.
fn check_expected_in(expected: &str, kind: &str) -> usize {
    let mut checked = 0;
    for line in expected.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        let (codec, group, len, crc) = (f[0], f[2], f[3].parse::<usize>().unwrap(), f[4]);
        if f[1] != kind {
            continue;
        }
        let got = if kind == "decode" {
            let data = decode_group(group);
            let whole = decode_whole(&data, codec, "backslashreplace").unwrap();
            let pieces = decode_pieces(&data, codec, "backslashreplace", 1000).unwrap();
            assert_eq!(whole, pieces, "{codec} {group}: whole and in pieces of 1000 differ");
            whole.into_bytes()
        } else {
            encode_written(&encode_group(group), codec, "backslashreplace").unwrap()
        };
        assert_eq!(
            (got.len(), format!("{:08x}", crc32(&got))),
            (len, crc.to_owned()),
            "{codec} {kind} {group}"
        );
        checked += 1;
    }
    checked
}

#[test]
fn every_byte_and_pair_decodes_as_cpython() {
    let checked = check_expected_in(EXPECTED, "decode");
    assert!(checked > 300, "{checked} decode groups");
}

#[test]
fn every_character_encodes_as_cpython() {
    let checked = check_expected_in(EXPECTED, "encode");
    assert!(checked > 300, "{checked} encode groups");
}

#[test]
fn strict_errors_use_cpython_messages() {
    check_messages(MESSAGES);
}

#[test]
fn stateful_codecs_decode_and_encode_as_cpython() {
    assert!(check_expected_in(STATEFUL_EXPECTED, "decode") > 10);
    assert!(check_expected_in(STATEFUL_EXPECTED, "encode") > 5);
    check_messages(STATEFUL_MESSAGES);
}

/// Checks each recorded strict error message of `messages`.
fn check_messages(messages: &str) {
    for line in messages.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        let (codec, kind, input, want) = (f[0], f[1], hex(f[2]), f[3]);
        let err = if kind == "decode" {
            decode_whole(&input, codec, "strict").unwrap_err()
        } else {
            encode_written(&String::from_utf8(input).unwrap(), codec, "strict").unwrap_err()
        };
        assert_eq!(err.to_string(), want, "{codec} {kind} {}", f[2]);
    }
}

#[test]
fn gb18030_every_code_and_character_as_cpython() {
    // Every byte, every two-byte pair, every four-byte BMP code (and the
    // supplementary ones at the edges), every character of planes 0-3 and 16.
    assert!(check_expected_in(GB18030_EXPECTED, "decode") > 140);
    assert_eq!(check_expected_in(GB18030_EXPECTED, "encode"), 5);
    check_messages(GB18030_MESSAGES);
}

#[test]
fn utf7_every_character_and_byte_as_cpython() {
    assert_eq!(check_expected_in(UTF7_EXPECTED, "decode"), 1);
    assert_eq!(check_expected_in(UTF7_EXPECTED, "encode"), 5);
    check_messages(UTF7_MESSAGES);
    // Every BMP character (one a line, each its own base64 run) back.
    let text = encode_group("plane:0");
    let bytes = encode_written(&text, "utf-7", "strict").unwrap();
    assert_eq!(decode_whole(&bytes, "utf-7", "strict").unwrap(), text);
    assert_eq!(decode_pieces(&bytes, "utf-7", "strict", 4099).unwrap(), text);
}

#[test]
fn utf7_samples_as_cpython() {
    let (mut encoded, mut decoded) = (0, 0);
    for line in UTF7_SAMPLES.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if f[0] == "encode" {
            let text = String::from_utf8(hex(f[1])).unwrap();
            assert_eq!(encode_written(&text, "utf-7", "strict").unwrap(), hex(f[2]), "{text:?}");
            encoded += 1;
            continue;
        }
        let (errors, data, want) = (f[1], hex(f[2]), f[3]);
        let got = decode_whole(&data, "utf-7", errors);
        match (want.split_once(':'), got) {
            (Some(("ok", text)), Ok(got)) => {
                let text = String::from_utf8(hex(text)).unwrap();
                assert_eq!(got, text, "{errors} {}", f[2]);
                // A byte at a time: the same text.
                let stepped = decode_pieces(&data, "utf-7", errors, 1).unwrap();
                assert_eq!(stepped, text, "{errors} {} byte by byte", f[2]);
            }
            (Some(("error", msg)), Err(e)) => assert_eq!(e.to_string(), msg, "{errors} {}", f[2]),
            (None, Err(e)) if want == "lone" => {
                assert!(e.to_string().contains("which a Rust String cannot hold"), "{errors} {}: {e}", f[2]);
            }
            (_, got) => panic!("{errors} {}: CPython {want}, afile {got:?}", f[2]),
        }
        decoded += 1;
    }
    assert!(encoded > 1000 && decoded > 3000, "{encoded} {decoded}");
}

#[test]
fn utf7_lone_surrogates_are_refused_with_a_reason() {
    // CPython reads `+2D0-` as '\ud83d'; a Rust String cannot hold it.
    let err = decode_whole(b"ab+2D0-cd", "utf-7", "replace").unwrap_err();
    assert_eq!(
        err.to_string(),
        "'utf7' codec can't decode bytes in position 2-5: CPython decodes them to a text holding \
         the lone surrogate '\\ud83d', which a Rust String cannot hold"
    );
    // A strict error that CPython meets first is CPython's.
    let err = decode_whole(b"+3gA-\xff", "utf-7", "strict").unwrap_err();
    assert_eq!(
        err.to_string(),
        "'utf7' codec can't decode byte 0xff in position 5: unexpected special character"
    );
    // A pair is fine, and a high surrogate cut by a byte CPython drops too.
    assert_eq!(decode_whole(b"+2D3eAA-", "utf-7", "strict").unwrap(), "\u{1f600}");
    assert_eq!(decode_whole(b"+2D0\xff", "utf-7", "replace").unwrap(), "\u{fffd}");
}

#[test]
fn stateful_codecs_apply_every_error_handler_as_cpython() {
    let mut checked = 0;
    for line in STATEFUL_HANDLERS.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        let (codec, kind, errors, input) = (f[0], f[1], f[2], hex(f[3]));
        let got = if kind == "decode" {
            decode_whole(&input, codec, errors).map(String::into_bytes)
        } else {
            encode_written(&String::from_utf8(input).unwrap(), codec, errors)
        };
        match (f[4], got) {
            ("ok", Ok(got)) => assert_eq!(got, hex(f[5]), "{line}"),
            ("error", Err(e)) => assert_eq!(e.to_string(), f[5], "{line}"),
            (_, got) => panic!("{line}: afile gives {got:?}"),
        }
        checked += 1;
    }
    assert!(checked > 1500, "{checked} cases");
}
