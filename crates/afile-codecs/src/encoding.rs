//! One encode call: the loop that hands characters to a codec and applies
//! the error handler to those it cannot encode, with CPython's messages,
//! ranges and resume points.

use crate::custom;
use crate::decoding::ILLEGAL_MULTIBYTE;
use crate::error::Result;
use crate::errors::Errors;
use crate::namereplace;
use crate::pyrepr::escape;
use crate::unicode_error::{Replacement, UnicodeEncodeError};

/// How a codec reports characters it cannot encode.
pub(crate) struct Unencodable<'a> {
    /// The codec's name in messages (`'charmap' codec …`).
    pub(crate) name: &'a str,
    pub(crate) reason: &'a str,
    /// Whether one error covers a run of unencodable characters (the
    /// ascii, latin-1 and charmap encoders) or a single one (CJK encoders).
    pub(crate) runs: bool,
}

impl<'a> Unencodable<'a> {
    /// A multibyte codec's: one character at a time, `illegal multibyte
    /// sequence`, as CPython's CJK encoders report it.
    pub(crate) fn multibyte(name: &'a str) -> Self {
        Self { name, reason: ILLEGAL_MULTIBYTE, runs: false }
    }
}

/// Encodes char by char with `one`, which appends a character's bytes and
/// says whether it could; the error handler deals with those it could not.
pub(crate) fn encode_each(
    text: &str,
    out: &mut Vec<u8>,
    errors: Errors,
    how: &Unencodable<'_>,
    mut one: impl FnMut(char, &mut Vec<u8>) -> bool,
) -> Result<()> {
    encode_ahead(text, out, errors, how, |c, _, o| usize::from(one(c, o)))
}

/// As [`encode_each`], for encoders that may encode a character together
/// with the next one: `one(c, next, out)` returns how many characters it
/// encoded (0: it cannot encode `c`).
pub(crate) fn encode_ahead(
    text: &str,
    out: &mut Vec<u8>,
    errors: Errors,
    how: &Unencodable<'_>,
    mut one: impl FnMut(char, Option<char>, &mut Vec<u8>) -> usize,
) -> Result<()> {
    // Most text encodes: encode it in one pass (with the next character at
    // hand), and go on the slow way, with positions, from the first
    // character that does not. A failing `one` changes nothing.
    let mut chars = text.chars();
    let (mut next, mut i) = (chars.next(), 0);
    out.reserve(text.len());
    while let Some(c) = next {
        let after = chars.clone().next();
        match one(c, after, out) {
            0 => {
                let chars: Vec<char> = text.chars().collect();
                return encode_slow(text, &chars, i, out, errors, how, one);
            }
            1 => i += 1,
            took => {
                chars.nth(took - 2);
                i += took;
            }
        }
        next = chars.next();
    }
    Ok(())
}

/// The rest of [`encode_ahead`] from character `i` on, which `one` could
/// not encode.
fn encode_slow(
    text: &str,
    chars: &[char],
    mut i: usize,
    out: &mut Vec<u8>,
    errors: Errors,
    how: &Unencodable<'_>,
    mut one: impl FnMut(char, Option<char>, &mut Vec<u8>) -> usize,
) -> Result<()> {
    let mut scratch = Vec::new();
    while i < chars.len() {
        let took = one(chars[i], chars.get(i + 1).copied(), out);
        if took > 0 {
            i += took;
            continue;
        }
        let mut end = i + 1;
        while how.runs && end < chars.len() && {
            scratch.clear();
            one(chars[end], None, &mut scratch) == 0
        } {
            end += 1;
        }
        let info = UnicodeEncodeError { encoding: how.name, object: text, start: i, end, reason: how.reason };
        let (replacement, resume): (String, usize) = match errors {
            Errors::Strict | Errors::SurrogateEscape | Errors::SurrogatePass => return Err((&info).into()),
            Errors::Replace => ("?".repeat(end - i), end),
            Errors::Ignore => (String::new(), end),
            Errors::BackslashReplace => (chars[i..end].iter().map(|&c| escape(c)).collect(), end),
            Errors::XmlCharRefReplace => {
                (chars[i..end].iter().map(|&c| format!("&#{};", u32::from(c))).collect(), end)
            }
            Errors::NameReplace => (chars[i..end].iter().map(|&c| namereplace::replace(c)).collect(), end),
            Errors::Custom(id) => match custom::encode(id.0, &info, chars.len())? {
                (Replacement::Bytes(bytes), resume) => {
                    out.extend_from_slice(&bytes);
                    i = resume;
                    continue;
                }
                (Replacement::Text(text), resume) => (text, resume),
            },
        };
        encode_replacement(&replacement, &info, how, out, &mut one)?;
        i = resume;
    }
    Ok(())
}

/// Encodes a handler's replacement text. If it cannot be encoded, the
/// error is CPython's: the ascii, latin-1 and charmap encoders report the
/// original error; the CJK encoders report the replacement's character.
fn encode_replacement(
    replacement: &str,
    info: &UnicodeEncodeError<'_>,
    how: &Unencodable<'_>,
    out: &mut Vec<u8>,
    one: &mut impl FnMut(char, Option<char>, &mut Vec<u8>) -> usize,
) -> Result<()> {
    let mut chars = replacement.chars();
    let mut k = 0;
    while let Some(c) = chars.next() {
        match one(c, chars.clone().next(), out) {
            0 if how.runs => return Err(info.into()),
            0 => {
                let inner = UnicodeEncodeError {
                    encoding: how.name,
                    object: replacement,
                    start: k,
                    end: k + 1,
                    reason: how.reason,
                };
                return Err((&inner).into());
            }
            took => {
                // A pair (two characters as one code) takes the next one too.
                if took > 1 {
                    chars.nth(took - 2);
                }
                k += took;
            }
        }
    }
    Ok(())
}
