//! Paths as Python's `str` holds them: a sequence of code points, so that
//! [`ntpath`](crate::ntpath) and [`posixpath`](crate::posixpath) can follow
//! CPython's code index for index (`p[1:2] == ':'` is the second
//! *character*, `lower()` is Unicode's).
//!
//! A path's bytes that are not UTF-8 become the code points CPython's
//! `os.fsdecode` gives them on Unix (`surrogateescape`: byte `b` is
//! `U+DC00 + b`); on Windows an unpaired surrogate is itself. Converting
//! back gives the same bytes, so nothing is lost either way. The two
//! conversions are the platform's (`sys`).

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

/// A path as code points.
pub(crate) type Chars = Vec<u32>;

/// The code points of `bytes` decoded as CPython's `os.fsdecode` does on
/// Unix: UTF-8, each byte that is not part of it as `U+DC00 + byte`.
pub(crate) fn from_bytes(bytes: &[u8]) -> Chars {
    let mut out = Vec::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.extend(chunk.valid().chars().map(u32::from));
        out.extend(chunk.invalid().iter().map(|&b| 0xDC00 + u32::from(b)));
    }
    out
}

/// The code points of `path` (see the module docs).
pub(crate) fn decode(path: &OsStr) -> Chars {
    crate::sys::decode_path(path)
}

/// The path whose code points are `chars` (the inverse of [`decode`]).
pub(crate) fn encode(chars: &[u32]) -> OsString {
    crate::sys::encode_path(chars)
}

/// The code points of a path given as `AsRef<Path>`.
pub(crate) fn of(path: &impl AsRef<std::path::Path>) -> Chars {
    decode(path.as_ref().as_os_str())
}

/// [`encode`] as a `PathBuf`.
pub(crate) fn path(chars: &[u32]) -> PathBuf {
    PathBuf::from(encode(chars))
}

/// An environment variable's value as code points (`None` when unset).
pub(crate) fn env(name: &[u32]) -> Option<Chars> {
    std::env::var_os(encode(name)).map(|v| decode(&v))
}

/// The code points of a literal.
pub(crate) fn lit(s: &str) -> Chars {
    s.chars().map(u32::from).collect()
}

/// Python's `str.lower()`: Unicode's full lowercase mapping, with the
/// final-sigma rule; lone surrogates stay as they are.
pub(crate) fn lower(chars: &[u32]) -> Chars {
    map_runs(chars, str::to_lowercase)
}

/// Python's `str.upper()` (see [`lower`]).
pub(crate) fn upper(chars: &[u32]) -> Chars {
    map_runs(chars, str::to_uppercase)
}

/// Applies `f` to each run of real characters, keeping surrogates.
fn map_runs(chars: &[u32], f: fn(&str) -> String) -> Chars {
    let mut out = Vec::with_capacity(chars.len());
    let mut run = String::new();
    for &c in chars {
        match char::from_u32(c) {
            Some(ch) => run.push(ch),
            None => {
                out.extend(f(&run).chars().map(u32::from));
                run.clear();
                out.push(c);
            }
        }
    }
    out.extend(f(&run).chars().map(u32::from));
    out
}

/// Python's `s.find(c, start)`.
pub(crate) fn find(s: &[u32], c: u32, start: usize) -> Option<usize> {
    s.get(start..)?.iter().position(|&x| x == c).map(|i| i + start)
}

/// Python's `s.replace(from, to)` for one character.
pub(crate) fn replace(s: &[u32], from: u32, to: u32) -> Chars {
    s.iter().map(|&c| if c == from { to } else { c }).collect()
}

/// Python's `s.rstrip(chars)`.
pub(crate) fn rstrip<'a>(s: &'a [u32], strip: &[u32]) -> &'a [u32] {
    let end = s.iter().rposition(|c| !strip.contains(c)).map_or(0, |i| i + 1);
    &s[..end]
}

/// Python's `s.split(sep)` for one character.
pub(crate) fn split(s: &[u32], sep: u32) -> Vec<&[u32]> {
    s.split(|&c| c == sep).collect()
}

/// Python's `sep.join(parts)`.
pub(crate) fn join(parts: &[&[u32]], sep: u32) -> Chars {
    let mut out = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push(sep);
        }
        out.extend_from_slice(p);
    }
    out
}

/// Concatenation of pieces.
pub(crate) fn cat(parts: &[&[u32]]) -> Chars {
    parts.concat()
}

/// Python's `repr()` of a `str`, as `%r` prints it in an error message:
/// single quotes unless the text holds `'` and no `"`; backslash,
/// the quote, `\t`, `\n`, `\r` escaped; other control characters, lone
/// surrogates and the few invisible Latin-1 ones as `\xNN`/`\uNNNN`.
pub(crate) fn repr(s: &[u32]) -> String {
    let quote = if s.contains(&u32::from('\'')) && !s.contains(&u32::from('"')) { '"' } else { '\'' };
    let mut out = String::from(quote);
    for &c in s {
        match char::from_u32(c) {
            Some('\\') => out.push_str("\\\\"),
            Some('\t') => out.push_str("\\t"),
            Some('\n') => out.push_str("\\n"),
            Some('\r') => out.push_str("\\r"),
            Some(ch) if ch == quote => {
                out.push('\\');
                out.push(ch);
            }
            Some(ch) if !printable(ch) => out.push_str(&escape(c)),
            Some(ch) => out.push(ch),
            None => out.push_str(&escape(c)),
        }
    }
    out.push(quote);
    out
}

/// Whether Python's `str.isprintable()` holds for `ch`, for the characters
/// a path name is likely to hold (controls, Latin-1's invisible ones, the
/// separators and format characters most often met).
fn printable(ch: char) -> bool {
    !(ch.is_control()
        || matches!(ch, '\u{a0}' | '\u{ad}' | '\u{2000}'..='\u{200f}' | '\u{2028}'..='\u{202f}')
        || matches!(ch, '\u{205f}'..='\u{206f}' | '\u{3000}' | '\u{feff}'))
}

fn escape(c: u32) -> String {
    match c {
        0..=0xFF => format!("\\x{c:02x}"),
        0x100..=0xFFFF => format!("\\u{c:04x}"),
        _ => format!("\\U{c:08x}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_that_are_not_utf8_survive_the_round_trip() {
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let raw = OsStr::from_bytes(b"a\xff/\xc3\xa9\xed\xa0\x80");
            let chars = decode(raw);
            assert_eq!(chars, [0x61, 0xDCFF, 0x2F, 0xE9, 0xDCED, 0xDCA0, 0xDC80]);
            assert_eq!(encode(&chars), raw);
        }
        assert_eq!(encode(&decode(OsStr::new("C:\\Ünïcode/𝄞"))), "C:\\Ünïcode/𝄞");
    }

    #[test]
    fn lower_and_upper_follow_python() {
        let l = |s: &str| encode(&lower(&lit(s))).into_string().unwrap_or_default();
        assert_eq!(l("ΟΔΟΣ X"), "οδος x");
        assert_eq!(l("İ"), "i\u{307}");
        assert_eq!(encode(&upper(&lit("ß"))), "SS");
    }

    #[test]
    fn repr_quotes_as_python() {
        assert_eq!(repr(&lit("C:")), "'C:'");
        assert_eq!(repr(&lit("\\\\s\\x")), "'\\\\\\\\s\\\\x'");
        assert_eq!(repr(&lit("it's")), "\"it's\"");
        assert_eq!(repr(&lit("'\"")), "'\\'\"'");
        assert_eq!(repr(&lit("a\u{1}é\n")), "'a\\x01é\\n'");
        assert_eq!(repr(&[0xDC80]), "'\\udc80'");
    }
}
