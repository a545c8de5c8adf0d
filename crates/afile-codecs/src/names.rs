//! Unicode character names as `unicode_escape`'s `\N{NAME}` takes them and
//! `errors="namereplace"` writes them (CPython 3.12, Unicode 15.0).
//!
//! `data/codecs/unicode_names.bin` (from `cargo xtask codecs`) holds every
//! name `unicodedata.name` gives and the aliases and named sequences of
//! CPython's name table, at the private code points (U+F0000 and up) where
//! CPython keeps them and where its `namereplace` handler finds them;
//! Hangul syllables and CJK unified ideographs are named by rule, as in
//! CPython: `HANGUL SYLLABLE ` + the jamo short names, and
//! `CJK UNIFIED IDEOGRAPH-` + four or five upper-case hex digits. Those two
//! prefixes must be upper case; other names match in any ASCII case.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::tables::Reader;

static DATA: &[u8] = include_bytes!("../data/unicode_names.bin");

/// The parsed name data.
struct Names {
    /// Upper-case name (or alias) to code point.
    code: HashMap<String, u32>,
    /// Hangul jamo short names: leading consonants, vowels, trailing
    /// consonants.
    jamo: [Vec<&'static str>; 3],
    /// Inclusive ranges of the CJK unified ideographs.
    cjk: Vec<(u32, u32)>,
}

/// Reads one name: a word count, then each word's number (one byte below
/// 0x80, else two).
fn read_name(r: &mut Reader, words: &[&str]) -> Option<String> {
    let n = r.u8()?;
    let mut name = String::new();
    for k in 0..n {
        let b = r.u8()?;
        let i = if b < 0x80 { usize::from(b) } else { (usize::from(b & 0x7F) << 8) | usize::from(r.u8()?) };
        if k > 0 {
            name.push(' ');
        }
        name.push_str(words.get(i)?);
    }
    Some(name)
}

fn leb128(r: &mut Reader) -> Option<u32> {
    let (mut v, mut shift) = (0u32, 0);
    loop {
        let b = r.u8()?;
        v |= u32::from(b & 0x7F).checked_shl(shift)?;
        if b < 0x80 {
            return Some(v);
        }
        shift += 7;
    }
}

/// An alias or named sequence: its name, its private code point, and the
/// character an alias stands for (`None` for a named sequence).
type Alias = (String, u32, Option<u32>);

/// Everything in the data file: the names by code point, the aliases, the
/// jamo short names and the CJK ranges.
type Parsed = (Vec<(String, u32)>, Vec<Alias>, [Vec<&'static str>; 3], Vec<(u32, u32)>);

fn parse() -> Option<Parsed> {
    let mut r = Reader(DATA);
    let words: Vec<&str> = (0..r.u16()?).map(|_| r.str()).collect::<Option<_>>()?;
    let count = r.u32()?;
    let mut regular = Vec::with_capacity(count as usize);
    let mut cp: u32 = 0;
    for k in 0..count {
        let delta = leb128(&mut r)?;
        cp = if k == 0 { delta } else { cp + 1 + delta };
        regular.push((read_name(&mut r, &words)?, cp));
    }
    let aliases = (0..r.u16()?).map(|_| {
        let (code, cp) = (r.u32()?, r.u32()?);
        Some((read_name(&mut r, &words)?, code, (cp != u32::MAX).then_some(cp)))
    });
    let aliases: Vec<Alias> = aliases.collect::<Option<_>>()?;
    let mut table = || -> Option<Vec<&'static str>> { (0..r.u8()?).map(|_| r.str()).collect() };
    let jamo = [table()?, table()?, table()?];
    let cjk = (0..r.u16()?).map(|_| Some((r.u32()?, r.u32()?))).collect::<Option<_>>()?;
    Some((regular, aliases, jamo, cjk))
}

fn names() -> &'static Names {
    static NAMES: OnceLock<Names> = OnceLock::new();
    NAMES.get_or_init(|| match parse() {
        Some((regular, aliases, jamo, cjk)) => {
            let aliases = aliases.into_iter().filter_map(|(name, _, cp)| Some((name, cp?)));
            Names { code: regular.into_iter().chain(aliases).collect(), jamo, cjk }
        }
        None => Names { code: HashMap::new(), jamo: [vec![], vec![], vec![]], cjk: vec![] },
    })
}

/// The index of the longest of `table` that `s` starts with, and its
/// length (the first one wins a tie, as in CPython).
fn longest_prefix(s: &[u8], table: &[&str]) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for (i, t) in table.iter().enumerate() {
        if s.starts_with(t.as_bytes()) && best.is_none_or(|(_, len)| t.len() > len) {
            best = Some((i, t.len()));
        }
    }
    best
}

fn hangul(rest: &[u8], jamo: &[Vec<&str>; 3]) -> Option<char> {
    let (l, n1) = longest_prefix(rest, &jamo[0])?;
    let (v, n2) = longest_prefix(&rest[n1..], &jamo[1])?;
    let (t, n3) = longest_prefix(&rest[n1 + n2..], &jamo[2])?;
    if n1 + n2 + n3 != rest.len() {
        return None;
    }
    char::from_u32(0xAC00 + ((l * 21 + v) * 28 + t) as u32)
}

fn cjk(hex: &[u8], ranges: &[(u32, u32)]) -> Option<char> {
    if !(4..=5).contains(&hex.len()) || !hex.iter().all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(b)) {
        return None;
    }
    let cp = u32::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
    ranges.iter().any(|&(a, b)| (a..=b).contains(&cp)).then(|| char::from_u32(cp)).flatten()
}

/// The character `\N{name}` stands for in CPython 3.12 (`None`: CPython's
/// `unknown Unicode character name`). A name may stand for a surrogate
/// only in theory; none does.
pub(crate) fn lookup(name: &[u8]) -> Option<char> {
    let n = names();
    if let Some(rest) = name.strip_prefix(b"HANGUL SYLLABLE ") {
        return hangul(rest, &n.jamo);
    }
    if let Some(hex) = name.strip_prefix(b"CJK UNIFIED IDEOGRAPH-") {
        return cjk(hex, &n.cjk);
    }
    let upper = std::str::from_utf8(name).ok()?.to_ascii_uppercase();
    n.code.get(&upper).and_then(|&cp| char::from_u32(cp))
}

/// The names by code point, sorted: every named character, and the
/// aliases and named sequences at their private code points.
fn by_code() -> &'static [(u32, String)] {
    static BY_CODE: OnceLock<Vec<(u32, String)>> = OnceLock::new();
    BY_CODE.get_or_init(|| {
        let Some((regular, aliases, ..)) = parse() else { return Vec::new() };
        let mut all: Vec<(u32, String)> = regular.into_iter().map(|(name, cp)| (cp, name)).collect();
        all.extend(aliases.into_iter().map(|(name, code, _)| (code, name)));
        all.sort_unstable();
        all
    })
}

/// The name CPython's `namereplace` handler gives `c`, if it gives one:
/// `unicodedata.name`'s, and for U+F0000 and up the alias or named
/// sequence CPython keeps there.
pub(crate) fn name(c: char) -> Option<String> {
    let (cp, n) = (u32::from(c), names());
    if (0xAC00..=0xD7A3).contains(&cp) {
        let s = (cp - 0xAC00) as usize;
        let (l, v, t) = (n.jamo[0].get(s / 588)?, n.jamo[1].get(s % 588 / 28)?, n.jamo[2].get(s % 28)?);
        return Some(format!("HANGUL SYLLABLE {l}{v}{t}"));
    }
    if n.cjk.iter().any(|&(a, b)| (a..=b).contains(&cp)) {
        return Some(format!("CJK UNIFIED IDEOGRAPH-{cp:X}"));
    }
    let all = by_code();
    all.binary_search_by_key(&cp, |e| e.0).ok().map(|i| all[i].1.clone())
}

/// Every name that [`lookup`] knows, with its code point, in the order of
/// the generator's test data: names by code point, aliases, Hangul
/// syllables, CJK unified ideographs.
#[cfg(test)]
pub(crate) fn all() -> Vec<(String, u32)> {
    let Some((regular, aliases, jamo, cjk)) = parse() else { return Vec::new() };
    let aliases = aliases.into_iter().filter_map(|(name, _, cp)| Some((name, cp?)));
    let mut all: Vec<(String, u32)> = regular.into_iter().chain(aliases).collect();
    for s in 0..11172u32 {
        let (l, v, t) = ((s / 588) as usize, ((s % 588) / 28) as usize, (s % 28) as usize);
        all.push((format!("HANGUL SYLLABLE {}{}{}", jamo[0][l], jamo[1][v], jamo[2][t]), 0xAC00 + s));
    }
    for (a, b) in cjk {
        all.extend((a..=b).map(|cp| (format!("CJK UNIFIED IDEOGRAPH-{cp:X}"), cp)));
    }
    all
}
