//! Every codec against CPython 3.12, through real files: the names and
//! aliases `codecs.lookup` accepts, every byte of every single-byte codec
//! (and every lead/trail pair of every multi-byte codec), every character
//! encoded, and the strict error messages. The expectations are CPython's
//! own answers, recorded by `cargo xtask codecs` into `tests/data/codecs/`;
//! the test never runs Python.

#![allow(clippy::unwrap_used)] // tests may unwrap

use std::path::Path;

const LOOKUP: &str = include_str!("data/codecs/lookup.tsv");
const EXPECTED: &str = include_str!("data/codecs/expected.tsv");
const MESSAGES: &str = include_str!("data/codecs/messages.tsv");

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
    panic!("unknown decode group {name}");
}

/// The text of an encode group: every scalar value of a plane, one a line.
fn encode_group(name: &str) -> String {
    let plane: u32 = name.strip_prefix("plane:").unwrap().parse().unwrap();
    let chars: Vec<String> =
        ((plane << 16)..((plane + 1) << 16)).filter_map(char::from_u32).map(String::from).collect();
    chars.join("\n")
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

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

/// Python's text codecs that afile does not implement yet (canonical
/// names): opening with them is refused with a clear error, never decoded
/// differently. docs/mapping.md lists them.
const NOT_YET: &[&str] = &[
    "euc_jp",
    "euc_jis_2004",
    "euc_jisx0213",
    "gb18030",
    "hz",
    "iso2022_jp",
    "iso2022_jp_1",
    "iso2022_jp_2",
    "iso2022_jp_2004",
    "iso2022_jp_3",
    "iso2022_jp_ext",
    "iso2022_kr",
    "utf-7",
];

#[test]
fn every_name_python_accepts_names_the_same_codec() {
    let mut checked = 0;
    for line in LOOKUP.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        let got = afile_core::lookup_encoding(f[0]);
        match (f[1], got) {
            ("ok", Ok(name)) => assert_eq!(name, f[2], "{:?}", f[0]),
            ("ok", Err(e)) if NOT_YET.contains(&f[2]) => {
                assert!(e.to_string().ends_with("codec) is not supported by afile"), "{:?}: {e}", f[0]);
            }
            ("error", Err(e)) => assert_eq!(e.to_string(), f[2], "{:?}", f[0]),
            (_, got) => panic!("{:?}: CPython says {} {}, afile {got:?}", f[0], f[1], f[2]),
        }
        checked += 1;
    }
    assert!(checked > 2000, "{checked} names");
}

/// Checks every expectation row of `kind` ("decode" or "encode").
async fn check_expected(kind: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t");
    let mut checked = 0;
    for line in EXPECTED.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        let (codec, group, len, crc) = (f[0], f[2], f[3].parse::<usize>().unwrap(), f[4]);
        if f[1] != kind {
            continue;
        }
        let got = if kind == "decode" {
            let data = decode_group(group);
            let whole = decode_file(&path, &data, codec, "backslashreplace", None).await.unwrap();
            let stepped = decode_file(&path, &data, codec, "backslashreplace", Some(1000)).await.unwrap();
            assert_eq!(whole, stepped, "{codec} {group}: read(None) and read(1000) differ");
            whole.into_bytes()
        } else {
            encode_file(&path, &encode_group(group), codec, "backslashreplace").await.unwrap()
        };
        assert_eq!(
            (got.len(), format!("{:08x}", crc32(&got))),
            (len, crc.to_owned()),
            "{codec} {kind} {group}"
        );
        checked += 1;
    }
    assert!(checked > 300, "{checked} {kind} groups");
}

#[tokio::test]
async fn every_byte_and_pair_decodes_as_cpython() {
    check_expected("decode").await;
}

#[tokio::test]
async fn every_character_encodes_as_cpython() {
    check_expected("encode").await;
}

#[tokio::test]
async fn strict_errors_use_cpython_messages() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t");
    for line in MESSAGES.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        let (codec, kind, input, want) = (f[0], f[1], hex(f[2]), f[3]);
        let err = if kind == "decode" {
            decode_file(&path, &input, codec, "strict", None).await.unwrap_err()
        } else {
            let text = String::from_utf8(input).unwrap();
            encode_file(&path, &text, codec, "strict").await.unwrap_err()
        };
        assert_eq!(err.to_string(), want, "{codec} {kind} {}", f[2]);
    }
}
