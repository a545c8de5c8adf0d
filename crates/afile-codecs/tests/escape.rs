//! `unicode_escape`, `raw_unicode_escape`, `punycode` and `idna` against
//! CPython 3.12's answers recorded by `cargo xtask codecs` through `open()`
//! into `tests/data/{escape,punycode,idna}.tsv` (the tests never run
//! Python): every escape form under each error handler, strict messages,
//! encoding, every character of planes 0, 1 and 16, punycode and idna
//! samples. Decoding as afile's text files do it: the incremental decoder,
//! in one go or a few bytes at a time.

#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use common::{crc32, decode_pieces, decode_whole, encode_written, hex, to_hex};

const ESCAPE: &str = include_str!("data/escape.tsv");
const PUNYCODE: &str = include_str!("data/punycode.tsv");
const IDNA: &str = include_str!("data/idna.tsv");

/// The text of `data` decoded with `codec` and `errors` (in one go, or
/// fed `step` bytes at a time), as hex, or `!` and the error.
fn decode_file(data: &[u8], codec: &str, errors: &str, step: Option<usize>) -> String {
    let got = match step {
        None => decode_whole(data, codec, errors),
        Some(n) => decode_pieces(data, codec, errors, n),
    };
    match got {
        Ok(s) => to_hex(s.as_bytes()),
        Err(e) => format!("!{e}"),
    }
}

/// The bytes of one write of `text`.
fn encode_file(text: &str, codec: &str) -> Vec<u8> {
    encode_written(text, codec, "strict").unwrap()
}

fn rows(kind: &str) -> Vec<Vec<&'static str>> {
    ESCAPE.lines().map(|l| l.split('\t').collect::<Vec<_>>()).filter(|f| f[1] == kind).collect()
}

#[test]
fn every_escape_decodes_as_cpython_with_every_handler() {
    let rows = rows("decode");
    assert!(rows.len() > 1000, "{} rows", rows.len());
    for f in &rows {
        {
            let (codec, input, errors, want) = (f[0], hex(f[2]), f[3], f[4]);
            let got = decode_file(&input, codec, errors, None);
            assert_eq!(got, want, "{codec} {errors} {:?}", String::from_utf8_lossy(&input));
            // Decoding a byte at a time (strict), CPython (and afile)
            // count error positions from the first byte not yet decoded:
            // only the reason is the same.
            if errors == "strict" {
                let stepped = decode_file(&input, codec, errors, Some(1));
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
    }
}

#[test]
fn text_encodes_as_cpython() {
    for f in rows("encode") {
        let text = String::from_utf8(hex(f[2])).unwrap();
        assert_eq!(to_hex(&encode_file(&text, f[0])), f[4], "{} {text:?}", f[0]);
    }
}

#[test]
fn every_character_encodes_as_cpython_and_round_trips() {
    let rows = rows("plane");
    assert_eq!(rows.len(), 6);
    for f in rows {
        let plane: u32 = f[2].parse().unwrap();
        let text: String = ((plane << 16)..((plane + 1) << 16)).filter_map(char::from_u32).collect();
        let bytes = encode_file(&text, f[0]);
        assert_eq!(format!("{}:{:08x}", bytes.len(), crc32(&bytes)), f[4], "{} plane {plane}", f[0]);
        // Read back in one go and in steps that cross the 64 KiB chunks.
        assert_eq!(decode_file(&bytes, f[0], "strict", None), to_hex(text.as_bytes()));
        assert_eq!(decode_file(&bytes, f[0], "strict", Some(4093)), to_hex(text.as_bytes()));
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

#[test]
fn punycode_files_decode_as_cpython() {
    let mut checked = 0;
    for f in PUNYCODE.lines().map(|l| l.split('\t').collect::<Vec<_>>()).filter(|f| f[0] == "decode") {
        let (input, errors) = (hex(f[1]), f[2]);
        let got = decode_file(&input, "punycode", errors, None);
        match expected_answer(f[3]) {
            Ok(want) => {
                assert_eq!(got, want, "{errors} {:?}", String::from_utf8_lossy(&input));
                // Read in small steps (many chunks for the long sample):
                // the same text, the file decoded as one string.
                let stepped = decode_file(&input, "punycode", errors, Some(1000));
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

#[test]
fn punycode_encodes_each_write_as_cpython() {
    for f in PUNYCODE.lines().map(|l| l.split('\t').collect::<Vec<_>>()).filter(|f| f[0] == "encode") {
        let writes: Vec<String> = f[1].split(',').map(|w| String::from_utf8(hex(w)).unwrap()).collect();
        // Each write is encoded on its own (punycode keeps no state).
        let bytes: Vec<u8> = writes.iter().flat_map(|w| encode_file(w, "punycode")).collect();
        assert_eq!(to_hex(&bytes), f[3], "{writes:?}");
    }
}

#[test]
fn idna_files_decode_as_cpython() {
    let mut checked = 0;
    for f in IDNA.lines().map(|l| l.split('\t').collect::<Vec<_>>()).filter(|f| f[0] == "decode") {
        let (input, errors) = (hex(f[1]), f[2]);
        let want = expected_answer(f[3]).unwrap();
        let got = decode_file(&input, "idna", errors, None);
        assert_eq!(got, want, "{errors} {:?}", String::from_utf8_lossy(&input));
        if !want.starts_with('!') {
            // Labels cut by the 64 KiB chunks of the long sample wait for
            // the rest: the same text in small steps.
            let stepped = decode_file(&input, "idna", errors, Some(7));
            assert_eq!(stepped, want, "{errors} {:?} read(7)", String::from_utf8_lossy(&input));
        }
        checked += 1;
    }
    assert!(checked > 60, "{checked}");
}

#[test]
fn idna_writes_encode_as_cpython() {
    let mut checked = 0;
    for f in IDNA.lines().map(|l| l.split('\t').collect::<Vec<_>>()).filter(|f| f[0] == "encode") {
        let (text, errors) = (String::from_utf8(hex(f[1])).unwrap(), f[2]);
        let want = expected_answer(f[3]).unwrap();
        let got = match encode_written(&text, "idna", errors) {
            Ok(bytes) => to_hex(&bytes),
            Err(e) => format!("!{e}"),
        };
        assert_eq!(got, want, "{errors} {text:?}");
        checked += 1;
    }
    assert!(checked > 40, "{checked}");
}
