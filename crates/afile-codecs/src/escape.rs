//! `unicode_escape` and `raw_unicode_escape`, as CPython 3.12's incremental
//! decoders and encoders (the ones `open()` uses).
//!
//! Decoding: bytes other than `\` are Latin-1. `unicode_escape` knows the
//! escapes of a Python string literal (`\n`, `\t`, octal `\OOO`, `\xXX`,
//! `\uXXXX`, `\UXXXXXXXX`, `\N{NAME}`, `\` + newline); any other `\c`
//! stays as is. `raw_unicode_escape` knows only `\uXXXX` and `\UXXXXXXXX`.
//! Errors and their messages are CPython's (`'unicodeescape' codec can't
//! decode bytes in position 0-1: truncated \xXX escape`), with its error
//! handlers. Two choices differ from CPython, both for a Rust `String`:
//!
//! * An escape of a surrogate (`\ud800`), which CPython decodes to a lone
//!   surrogate, is an error whatever the handler: a `String` cannot hold
//!   one.
//! * An escape cut by a chunk boundary waits for the next chunk, octal
//!   escapes included. CPython's decoder ends an octal escape at the end of
//!   its chunk (`\1` + `23` gives `'\x01' '23'`), so its text there depends
//!   on where its 8 KiB chunks fall; afile always gives what decoding the
//!   whole file at once gives (`'S'`).
//!
//! A decoded `\r` (from any escape) at a chunk's end is held back by the
//! text layer from the start of its escape, so newline translation sees
//! `\r\n` whole.

use crate::decoding::Decoding;
use crate::error::{Error, Result};
use crate::names;

/// How one escape ended.
enum Escape {
    /// A character, and where its escape ends.
    Char(char, usize),
    /// Nothing to output (`\` + newline), and where it ends.
    Nothing(usize),
    /// `\` and the character after it, kept as they are.
    Kept(char, usize),
    /// The input ends inside the escape.
    Incomplete(&'static str),
    /// A bad escape: its end and CPython's reason.
    Bad(usize, &'static str),
    /// An escape of a surrogate, ending at the given index.
    Surrogate(u32, usize),
}

/// Reads `count` hex digits at `input[i..]` as CPython does: the value and
/// the end, or (where it stopped, incomplete) if the digits run out or
/// a non-digit comes first.
fn hex_digits(input: &[u8], i: usize, count: usize) -> std::result::Result<(u32, usize), (usize, bool)> {
    let mut v = 0u32;
    for k in i..i + count {
        let Some(&b) = input.get(k) else { return Err((k, true)) };
        let d = char::from(b).to_digit(16).ok_or((k, false))?;
        v = (v << 4) | d;
    }
    Ok((v, i + count))
}

/// Parses the escape whose backslash is at `input[start]`. `last`: the
/// input ends here (else an escape running past the end is incomplete).
fn parse(input: &[u8], start: usize, raw: bool, last: bool) -> Escape {
    let Some(&c) = input.get(start + 1) else {
        return if raw && last {
            Escape::Char('\\', start + 1)
        } else {
            Escape::Incomplete("\\ at end of string")
        };
    };
    let i = start + 2;
    let (count, truncated) = match c {
        b'u' => (4, "truncated \\uXXXX escape"),
        b'U' => (8, "truncated \\UXXXXXXXX escape"),
        b'x' if !raw => (2, "truncated \\xXX escape"),
        _ if raw => return Escape::Kept(char::from(c), i),
        _ => return simple(input, c, i, last),
    };
    match hex_digits(input, i, count) {
        Err((_, true)) => Escape::Incomplete(truncated),
        Err((end, false)) => Escape::Bad(end, truncated),
        Ok((v, end)) if v > 0x10FFFF => {
            Escape::Bad(end, if raw { "\\Uxxxxxxxx out of range" } else { "illegal Unicode character" })
        }
        Ok((v, end)) => match char::from_u32(v) {
            Some(ch) => Escape::Char(ch, end),
            None => Escape::Surrogate(v, end),
        },
    }
}

/// The escapes of `unicode_escape` other than `\x`, `\u`, `\U`: `c`
/// follows the backslash, `i` is just after it.
fn simple(input: &[u8], c: u8, i: usize, last: bool) -> Escape {
    let ch = match c {
        b'\n' => return Escape::Nothing(i),
        b'\\' | b'\'' | b'"' => char::from(c),
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b't' => '\t',
        b'n' => '\n',
        b'r' => '\r',
        b'v' => '\u{b}',
        b'a' => '\u{7}',
        b'0'..=b'7' => {
            let mut v = u32::from(c - b'0');
            let mut end = i;
            while end < i + 2 {
                match input.get(end) {
                    Some(&d @ b'0'..=b'7') => v = (v << 3) | u32::from(d - b'0'),
                    Some(_) => break,
                    None if last => break,
                    None => return Escape::Incomplete(""),
                }
                end += 1;
            }
            // At most 0o777: never a surrogate.
            return Escape::Char(char::from_u32(v).unwrap_or('\u{FFFD}'), end);
        }
        b'N' => return named(input, i),
        _ => return Escape::Kept(char::from(c), i),
    };
    Escape::Char(ch, i)
}

/// `\N{NAME}`, with `i` just after the `N`.
fn named(input: &[u8], i: usize) -> Escape {
    const MALFORMED: &str = "malformed \\N character escape";
    match input.get(i) {
        None => Escape::Incomplete(MALFORMED),
        Some(b'{') => {
            let Some(len) = memchr::memchr(b'}', &input[i + 1..]) else {
                return Escape::Incomplete(MALFORMED);
            };
            if len == 0 {
                return Escape::Bad(i + 1, MALFORMED);
            }
            let end = i + 1 + len + 1;
            match names::lookup(&input[i + 1..i + 1 + len]) {
                Some(ch) => Escape::Char(ch, end),
                None => Escape::Bad(end, "unknown Unicode character name"),
            }
        }
        Some(_) => Escape::Bad(i, MALFORMED),
    }
}

impl Decoding<'_> {
    /// Decodes `unicode_escape` (or, if `raw`, `raw_unicode_escape`);
    /// unless `last`, an escape cut by the end of `input` is left. Returns
    /// the bytes used.
    pub(crate) fn unicode_escape(&mut self, input: &[u8], last: bool, raw: bool) -> Result<usize> {
        let mut i = 0;
        let used = loop {
            let run_end = memchr::memchr(b'\\', &input[i..]).map_or(input.len(), |k| i + k);
            if run_end > i {
                latin1(&input[i..run_end], self.out);
            }
            if run_end == input.len() {
                break input.len();
            }
            let start = run_end;
            let end = match parse(input, start, raw, last) {
                Escape::Char(ch, end) => {
                    self.out.push(ch);
                    end
                }
                Escape::Kept(ch, end) => {
                    self.out.push('\\');
                    self.out.push(ch);
                    end
                }
                Escape::Nothing(end) => end,
                Escape::Incomplete(_) if !last => break start,
                Escape::Incomplete(reason) => {
                    self.bad(&input[start..], start, reason)?;
                    input.len()
                }
                Escape::Bad(end, reason) => {
                    self.bad(&input[start..end], start, reason)?;
                    end
                }
                Escape::Surrogate(v, end) => return Err(self.lone_surrogate(&input[start..end], start, v)),
            };
            i = end;
        };
        Ok(used)
    }

    fn lone_surrogate(&self, bad: &[u8], pos: usize, v: u32) -> Error {
        Error::Decode(format!(
            "'{}' codec can't decode bytes in position {pos}-{}: \\u{v:04x} is a lone surrogate, \
             which a Rust String cannot hold (CPython decodes it to one)",
            self.name,
            pos + bad.len() - 1
        ))
    }
}

/// Appends `bytes` as Latin-1.
fn latin1(bytes: &[u8], out: &mut String) {
    if bytes.is_ascii() {
        // ASCII is UTF-8 as it is.
        out.push_str(std::str::from_utf8(bytes).unwrap_or_default());
    } else {
        out.extend(bytes.iter().map(|&b| char::from(b)));
    }
}

/// Encodes `text` as `unicode_escape` (or, if `raw`, `raw_unicode_escape`)
/// does: these encoders never fail.
pub(crate) fn encode(text: &str, raw: bool, out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let hex = |out: &mut Vec<u8>, v: u32, digits: u32| {
        out.extend((0..digits).rev().map(|k| HEX[((v >> (4 * k)) & 0xF) as usize]));
    };
    for c in text.chars() {
        let v = u32::from(c);
        match c {
            _ if raw && v < 0x100 => out.push(v as u8),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\t' => out.extend_from_slice(b"\\t"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            ' '..='~' => out.push(v as u8),
            _ if v < 0x100 => {
                out.extend_from_slice(b"\\x");
                hex(out, v, 2);
            }
            _ if v < 0x10000 => {
                out.extend_from_slice(b"\\u");
                hex(out, v, 4);
            }
            _ => {
                out.extend_from_slice(b"\\U");
                hex(out, v, 8);
            }
        }
    }
}
