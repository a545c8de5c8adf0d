//! The character names that `errors="namereplace"` writes as `\N{NAME}`:
//! CPython 3.12's answers (Unicode 15.0 names, and the aliases its handler
//! also gives for code points U+F0000 and up), from `data/codecs/names.bin`,
//! which `cargo xtask codecs` generates by running CPython's handler on
//! every code point. Algorithmic names (`CJK UNIFIED IDEOGRAPH-4E00`,
//! `HANGUL SYLLABLE GA`, …) are stored as ranges and a rule.

use std::sync::OnceLock;

use super::single_byte::Reader;

static DATA: &[u8] = include_bytes!("../../../data/codecs/names.bin");

/// The parsed table: rules by range, and an index into the word-coded names.
struct Names {
    prefixes: Vec<&'static str>,
    /// (first, last, prefix index), sorted.
    ranges: Vec<(u32, u32, u16)>,
    words: Vec<&'static str>,
    /// (code point, offset of its token count in `DATA`), sorted.
    index: Vec<(u32, usize)>,
}

const HANGUL_L: [&str; 19] =
    ["G", "GG", "N", "D", "DD", "R", "M", "B", "BB", "S", "SS", "", "J", "JJ", "C", "K", "T", "P", "H"];
const HANGUL_V: [&str; 21] = [
    "A", "AE", "YA", "YAE", "EO", "E", "YEO", "YE", "O", "WA", "WAE", "OE", "YO", "U", "WEO", "WE", "WI",
    "YU", "EU", "YI", "I",
];
const HANGUL_T: [&str; 28] = [
    "", "G", "GG", "GS", "N", "NJ", "NH", "D", "L", "LG", "LM", "LB", "LS", "LT", "LP", "LH", "M", "B", "BS",
    "S", "SS", "NG", "J", "C", "K", "T", "P", "H",
];

fn parse() -> Option<Names> {
    let mut r = Reader(DATA);
    let prefixes = (0..r.u16()?).map(|_| r.str()).collect::<Option<Vec<_>>>()?;
    let ranges = (0..r.u16()?).map(|_| Some((r.u32()?, r.u32()?, r.u16()?))).collect::<Option<Vec<_>>>()?;
    let words = (0..r.u16()?).map(|_| r.str()).collect::<Option<Vec<_>>>()?;
    let n = r.u32()?;
    let mut index = Vec::with_capacity(n as usize);
    let mut cp = 0u32;
    for _ in 0..n {
        cp += varint(&mut r)?;
        index.push((cp, DATA.len() - r.0.len()));
        for _ in 0..r.u8()? {
            if r.u8()? & 0x80 != 0 {
                r.u8()?;
            }
        }
    }
    Some(Names { prefixes, ranges, words, index })
}

fn varint(r: &mut Reader) -> Option<u32> {
    let (mut n, mut shift) = (0u32, 0);
    loop {
        let b = r.u8()?;
        n |= u32::from(b & 0x7F) << shift;
        if b & 0x80 == 0 {
            return Some(n);
        }
        shift += 7;
    }
}

fn names() -> &'static Names {
    static NAMES: OnceLock<Names> = OnceLock::new();
    NAMES.get_or_init(|| {
        parse().unwrap_or(Names {
            prefixes: Vec::new(),
            ranges: Vec::new(),
            words: Vec::new(),
            index: Vec::new(),
        })
    })
}

/// The name CPython's `namereplace` handler gives `c`, if it gives one.
pub(crate) fn name(c: char) -> Option<String> {
    let cp = u32::from(c);
    let t = names();
    let k = t.ranges.partition_point(|r| r.1 < cp);
    if let Some(&(_, _, p)) = t.ranges.get(k).filter(|r| r.0 <= cp) {
        let prefix = t.prefixes.get(usize::from(p))?;
        if prefix.is_empty() {
            let s = (cp - 0xAC00) as usize;
            return Some(format!(
                "HANGUL SYLLABLE {}{}{}",
                HANGUL_L[s / 588],
                HANGUL_V[s % 588 / 28],
                HANGUL_T[s % 28]
            ));
        }
        return Some(format!("{prefix}-{cp:04X}"));
    }
    let at = t.index.binary_search_by_key(&cp, |e| e.0).ok()?;
    let mut r = Reader(&DATA[t.index[at].1..]);
    let mut out = String::new();
    for _ in 0..r.u8()? {
        let b = r.u8()?;
        let token = if b & 0x80 == 0 { u16::from(b) } else { u16::from_be_bytes([b & 0x7F, r.u8()?]) };
        out.push_str(t.words.get(usize::from(token / 2))?);
        out.push(if token % 2 == 1 { '-' } else { ' ' });
    }
    out.pop();
    Some(out)
}

/// What `namereplace` writes for `c`: `\N{NAME}`, or Python's `\x`/`\u`/`\U`
/// escape for a character without a name.
pub(crate) fn replace(c: char) -> String {
    match name(c) {
        Some(n) => format!("\\N{{{n}}}"),
        None => super::handler::escape(c),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // tests may unwrap

    use super::*;

    #[test]
    fn names_as_cpython_gives_them() {
        assert_eq!(name('é').unwrap(), "LATIN SMALL LETTER E WITH ACUTE");
        assert_eq!(name('\u{ac00}').unwrap(), "HANGUL SYLLABLE GA");
        assert_eq!(name('\u{d7a3}').unwrap(), "HANGUL SYLLABLE HIH");
        assert_eq!(name('\u{4e00}').unwrap(), "CJK UNIFIED IDEOGRAPH-4E00");
        assert_eq!(name('\u{f0000}').unwrap(), "NULL");
        assert_eq!(name('\u{2011}').unwrap(), "NON-BREAKING HYPHEN");
        assert_eq!(name('\u{17000}'), None);
        assert_eq!(replace('\u{80}'), "\\x80");
        assert_eq!(replace('\u{e000}'), "\\ue000");
        assert_eq!(replace('\u{1f600}'), "\\N{GRINNING FACE}");
    }
}
