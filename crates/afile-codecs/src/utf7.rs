//! UTF-7 (RFC 2152) as CPython 3.12's `utf_7` codec has it.
//!
//! Decoding follows CPython's incremental decoder, the one `open()` uses:
//! every ASCII byte but `+` stands for itself; `+` starts a run of base64
//! holding UTF-16 units, which ends at the first byte that is not base64
//! (a `-` there is dropped); `+-` is `+`. Unless the input is final, a run
//! not yet ended is left undecoded, so every call starts outside a run and
//! a chunk boundary never changes the text. Errors are CPython's, under its
//! codec name `utf7`: `unexpected special character` (a byte >= 0x80
//! outside a run), `ill-formed sequence` (`+` and a byte that neither
//! starts base64 nor is `-`), `partial character in shift sequence` and
//! `non-zero padding bits in shift sequence` (a run ending with bits left
//! over), and `unterminated shift sequence` (the same at the end of the
//! input). Where CPython decodes a run to a lone surrogate (a high surrogate
//! not followed by a low one, or a low one alone), afile reports an error
//! instead, because a Rust `String` cannot hold one.
//!
//! Encoding is CPython's (no state between calls: each write ends its
//! base64 run): the RFC's Set D, Set O and the whitespace `\t \n \r` and
//! space stand for themselves, `+` is `+-`, everything else goes in base64
//! runs, closed with `-` when the next byte is base64 or `-` (or at the end
//! of the text) and left open before any other direct character.

use crate::decoding::Decoding;
use crate::error::{Error, Result};
use crate::errors::Errors;

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// The value of a base64 byte.
fn base64_value(b: u8) -> Option<u32> {
    let v = match b {
        b'A'..=b'Z' => b - b'A',
        b'a'..=b'z' => b - b'a' + 26,
        b'0'..=b'9' => b - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    };
    Some(u32::from(v))
}

/// Whether the encoder writes `c` as itself: RFC 2152's Set D and Set O,
/// space, tab, CR and LF (not `+`, `\`, `~`, other controls or NUL).
fn encodes_direct(c: char) -> bool {
    match c {
        '\t' | '\n' | '\r' => true,
        ' '..='}' => !matches!(c, '+' | '\\'),
        _ => false,
    }
}

/// Encodes `text` as CPython's `utf_7` encoder does in one call.
pub(crate) fn encode(text: &str, out: &mut Vec<u8>) {
    let (mut in_run, mut bits, mut buf) = (false, 0u32, 0u32);
    let emit = |out: &mut Vec<u8>, v: u32| out.push(BASE64[(v & 0x3F) as usize]);
    for c in text.chars() {
        if encodes_direct(c) {
            if in_run {
                if bits > 0 {
                    emit(out, buf << (6 - bits));
                    (bits, buf) = (0, 0);
                }
                in_run = false;
                if c == '-' || base64_value(c as u8).is_some() {
                    out.push(b'-');
                }
            }
            out.push(c as u8);
            continue;
        }
        if c == '+' && !in_run {
            out.extend_from_slice(b"+-");
            continue;
        }
        if !in_run {
            out.push(b'+');
            in_run = true;
        }
        let mut units = [0u16; 2];
        for &u in c.encode_utf16(&mut units).iter() {
            buf = (buf << 16) | u32::from(u);
            bits += 16;
            while bits >= 6 {
                bits -= 6;
                emit(out, buf >> bits);
            }
            buf &= (1 << bits) - 1;
        }
    }
    if bits > 0 {
        emit(out, buf << (6 - bits));
    }
    if in_run {
        out.push(b'-');
    }
}

/// An error held back to the end of the call: CPython's text goes on past
/// this point, and a later error CPython cannot handle comes first.
struct Later {
    /// Where its placeholder (U+FFFD) is in the text.
    at: usize,
    error: Error,
}

/// Holds back `error` (the first one of a call wins) and its place.
fn later(out: &mut String, pending: &mut Option<Later>, error: Error) {
    if pending.is_none() {
        *pending = Some(Later { at: out.len(), error });
    }
    out.push('\u{FFFD}');
}

/// CPython's text would hold the lone surrogate `unit`, which bytes
/// `start..end` decode to.
fn lone(start: usize, end: usize, unit: u32) -> Error {
    Error::Decode(format!(
        "'utf7' codec can't decode bytes in position {start}-{}: CPython decodes them to a text holding \
         the lone surrogate '\\u{unit:04x}', which a Rust String cannot hold",
        end.max(start + 1) - 1
    ))
}

/// A base64 run being decoded.
struct Run {
    /// Where its `+` is, and how long the text was there.
    start: usize,
    out_start: usize,
    bits: u32,
    buf: u32,
    /// A high surrogate waiting for its low half.
    high: Option<u32>,
}

impl Decoding<'_> {
    /// Decodes UTF-7; unless `last`, a base64 run at the end is left for
    /// the next call.
    pub(crate) fn utf7(&mut self, input: &[u8], last: bool) -> Result<usize> {
        let mut i = 0;
        let mut run: Option<Run> = None;
        let mut pending: Option<Later> = None;
        while i < input.len() {
            let b = input[i];
            let Some(r) = run.as_mut() else {
                if b == b'+' {
                    let start = i;
                    i += 1;
                    match input.get(i) {
                        Some(b'-') => {
                            i += 1;
                            self.out.push('+');
                        }
                        Some(&next) if base64_value(next).is_none() => {
                            i += 1;
                            self.bad(&input[start..i], start, "ill-formed sequence")?;
                        }
                        _ => {
                            run = Some(Run { start, out_start: self.out.len(), bits: 0, buf: 0, high: None })
                        }
                    }
                } else if b.is_ascii() {
                    let n = input[i..]
                        .iter()
                        .position(|&b| !b.is_ascii() || b == b'+')
                        .unwrap_or(input.len() - i);
                    self.out.push_str(std::str::from_utf8(&input[i..i + n]).unwrap_or_default());
                    i += n;
                } else if self.errors == Errors::SurrogateEscape {
                    // CPython escapes the byte to a lone surrogate and goes on.
                    if let Err(e) = self.bad(&input[i..=i], i, "unexpected special character") {
                        later(self.out, &mut pending, e);
                    }
                    i += 1;
                } else {
                    self.bad(&input[i..=i], i, "unexpected special character")?;
                    i += 1;
                }
                continue;
            };
            if let Some(v) = base64_value(b) {
                i += 1;
                r.buf = (r.buf << 6) | v;
                r.bits += 6;
                if r.bits < 16 {
                    continue;
                }
                r.bits -= 16;
                let unit = r.buf >> r.bits;
                r.buf &= (1 << r.bits) - 1;
                if let Some(high) = r.high.take() {
                    if (0xDC00..0xE000).contains(&unit) {
                        let c = 0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00);
                        self.out.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
                        continue;
                    }
                    later(self.out, &mut pending, lone(r.start, i, high));
                }
                match unit {
                    0xD800..0xDC00 => r.high = Some(unit),
                    0xDC00..0xE000 => later(self.out, &mut pending, lone(r.start, i, unit)),
                    _ => self.out.push(char::from_u32(unit).unwrap_or('\u{FFFD}')),
                }
                continue;
            }
            // The run ends here.
            let Some(r) = run.take() else { continue };
            if r.bits >= 6 || (r.bits > 0 && r.buf != 0) {
                i += 1;
                let reason = if r.bits >= 6 {
                    "partial character in shift sequence"
                } else {
                    "non-zero padding bits in shift sequence"
                };
                self.bad(&input[r.start..i], r.start, reason)?;
                continue;
            }
            if let Some(high) = r.high
                && b.is_ascii()
                && b != b'+'
            {
                later(self.out, &mut pending, lone(r.start, i, high));
            }
            if b == b'-' {
                i += 1;
            }
        }
        let mut used = input.len();
        if let Some(r) = run {
            if !last {
                self.out.truncate(r.out_start);
                used = r.start;
            } else if r.high.is_some() || r.bits >= 6 || (r.bits > 0 && r.buf != 0) {
                self.bad(&input[r.start..], r.start, "unterminated shift sequence")?;
            }
        }
        match pending {
            Some(p) if p.at < self.out.len() => Err(p.error),
            _ => Ok(used),
        }
    }
}
