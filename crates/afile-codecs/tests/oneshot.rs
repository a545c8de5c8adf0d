//! The one-shot API (`afile_codecs::decode`/`encode`, Python's
//! `codecs.decode`/`codecs.encode`) against CPython 3.12's answers for
//! every text codec, recorded by `cargo xtask codecs` into
//! `tests/data/oneshot.tsv`: utf-16 and utf-32 without a BOM, the stateful
//! codecs' return to their initial state, three handlers.

#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use common::{hex, to_hex};

const ONESHOT: &str = include_str!("data/oneshot.tsv");

#[test]
fn one_shot_decode_and_encode_are_cpythons() {
    let mut checked = 0;
    for line in ONESHOT.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        let (codec, kind, errors, input, want, answer) = (f[0], f[1], f[2], hex(f[3]), f[4], f[5]);
        let got = if kind == "encode" {
            afile_codecs::encode(std::str::from_utf8(&input).unwrap(), codec, errors)
        } else {
            afile_codecs::decode(&input, codec, errors).map(String::into_bytes)
        };
        match (want, got) {
            ("ok", Ok(got)) => assert_eq!(to_hex(&got), answer, "{line}"),
            ("error", Err(e)) => assert_eq!(e.to_string(), answer, "{line}"),
            ("lone", Err(e)) => assert!(e.to_string().contains("a Rust String cannot hold"), "{line}: {e}"),
            (_, got) => panic!("{line}: afile gives {got:?}"),
        }
        checked += 1;
    }
    assert!(checked > 6000, "{checked}");
}
