//! Python's codec error handlers (`errors=`) and its error messages.

use std::fmt::Write as _;

use super::custom::{self, Replacement, UnicodeEncodeError};
use super::namereplace;
use crate::error::{Error, Result};

/// A codec error handler (Python's `errors=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Errors {
    Strict,
    Replace,
    Ignore,
    BackslashReplace,
    XmlCharRefReplace,
    /// Decodes what decodes cleanly; a byte that Python would turn into a
    /// lone surrogate is an error here, because a Rust `String` cannot hold
    /// one. Encoding a Rust `&str` (never a surrogate) is strict, as in
    /// Python for characters that are not surrogates.
    SurrogateEscape,
    /// As `SurrogateEscape`, for the surrogates that UTF-8/16/32 bytes encode.
    SurrogatePass,
    /// `\N{NAME}` for characters that do not encode (decoding: an error).
    NameReplace,
    /// A handler from [`register_error`](super::custom::register_error),
    /// by its index in the registry.
    Custom(u32),
}

/// CPython's `TypeError` when a handler that only encodes meets bytes.
const DECODE_ONLY: &str = "don't know how to handle UnicodeDecodeError in error callback";

impl Errors {
    /// The handler's name, as `errors=` spells it.
    pub(crate) fn name(self) -> String {
        match self {
            Self::Strict => "strict".into(),
            Self::Replace => "replace".into(),
            Self::Ignore => "ignore".into(),
            Self::BackslashReplace => "backslashreplace".into(),
            Self::XmlCharRefReplace => "xmlcharrefreplace".into(),
            Self::NameReplace => "namereplace".into(),
            Self::SurrogateEscape => "surrogateescape".into(),
            Self::SurrogatePass => "surrogatepass".into(),
            Self::Custom(id) => custom::name(id),
        }
    }

    pub(crate) fn parse(name: &str) -> Result<Self> {
        Ok(match name {
            "strict" => Self::Strict,
            "replace" => Self::Replace,
            "ignore" => Self::Ignore,
            "backslashreplace" => Self::BackslashReplace,
            "xmlcharrefreplace" => Self::XmlCharRefReplace,
            "surrogateescape" => Self::SurrogateEscape,
            "surrogatepass" => Self::SurrogatePass,
            "namereplace" => Self::NameReplace,
            // Looked up when a codec first needs it, as in Python.
            _ => Self::Custom(custom::find_or_reserve(name)),
        })
    }
}

/// One decode call: where the text goes and how errors are handled.
pub(crate) struct Decoding<'a> {
    pub(crate) out: &'a mut String,
    pub(crate) errors: Errors,
    pub(crate) name: &'static str,
    /// Added to the positions decoders report: where their input starts
    /// in the bytes of the decode call (nonzero after a custom handler
    /// moved the decoder on).
    pub(crate) base: usize,
    /// A custom handler's error stopped decoding here: (start, end, reason)
    /// in the bytes of the decode call.
    pub(crate) stop: Option<(usize, usize, String)>,
}

impl<'a> Decoding<'a> {
    /// A decode step onto `out`, for codec `name` in messages.
    pub(crate) fn new(out: &'a mut String, errors: Errors, name: &'static str) -> Self {
        Self { out, errors, name, base: 0, stop: None }
    }

    fn message(&self, bad: &[u8], pos: usize, reason: &str) -> String {
        let what = match bad {
            [b] => format!("byte 0x{b:02x} in position {pos}"),
            _ => format!("bytes in position {pos}-{}", pos + bad.len().max(1) - 1),
        };
        format!("'{}' codec can't decode {what}: {reason}", self.name)
    }

    /// Applies the error handler to the bad bytes `bad` at `pos`.
    pub(crate) fn bad(&mut self, bad: &[u8], pos: usize, reason: &str) -> Result<()> {
        let pos = self.base + pos;
        match self.errors {
            Errors::Strict | Errors::SurrogatePass => Err(Error::Decode(self.message(bad, pos, reason))),
            Errors::XmlCharRefReplace | Errors::NameReplace => {
                Err(Error::InvalidArgument(DECODE_ONLY.into()))
            }
            Errors::Custom(_) => {
                // The driver (`Codec::decode`) calls the handler with the
                // whole input and restarts where it says.
                self.stop = Some((pos, pos + bad.len(), reason.to_owned()));
                Err(Error::Decode(self.message(bad, pos, reason)))
            }
            // CPython escapes the bytes >= 0x80 that start the bad range
            // (and raises only when there are none).
            Errors::SurrogateEscape if bad.first().is_some_and(|&b| b >= 0x80) => {
                Err(Error::Decode(format!(
                    "{} (errors='surrogateescape' would decode {}, which a Rust String cannot hold)",
                    self.message(bad, pos, reason),
                    if bad.iter().take_while(|&&b| b >= 0x80).count() == 1 {
                        "it to a lone surrogate"
                    } else {
                        "them to lone surrogates"
                    }
                )))
            }
            Errors::SurrogateEscape => Err(Error::Decode(self.message(bad, pos, reason))),
            Errors::Replace => {
                self.out.push('\u{FFFD}');
                Ok(())
            }
            Errors::Ignore => Ok(()),
            Errors::BackslashReplace => {
                for b in bad {
                    let _ = write!(self.out, "\\x{b:02x}");
                }
                Ok(())
            }
        }
    }

    /// Bad bytes that encode a surrogate in UTF-8/16/32, which
    /// `surrogatepass` would decode to a lone surrogate.
    pub(crate) fn surrogate(&mut self, bad: &[u8], pos: usize, reason: &str) -> Result<()> {
        if self.errors == Errors::SurrogatePass {
            return Err(Error::Decode(format!(
                "{} (errors='surrogatepass' would decode it to a lone surrogate, which a Rust String cannot hold)",
                self.message(bad, self.base + pos, reason)
            )));
        }
        self.bad(bad, pos, reason)
    }
}

/// CPython's multibyte codecs' reason for a sequence (or a character)
/// they cannot take.
pub(crate) const ILLEGAL_MULTIBYTE: &str = "illegal multibyte sequence";
/// CPython's multibyte codecs' reason for a sequence cut by the end of input.
pub(crate) const INCOMPLETE_MULTIBYTE: &str = "incomplete multibyte sequence";

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
    if text.is_ascii() {
        // Fast path: most encoders take ASCII as is; each byte is still checked.
        let start = out.len();
        if text.chars().all(|c| one(c, None, out) == 1) {
            return Ok(());
        }
        out.truncate(start);
    }
    let chars: Vec<char> = text.chars().collect();
    encode_slow(text, &chars, out, errors, how, one)
}

fn encode_slow(
    text: &str,
    chars: &[char],
    out: &mut Vec<u8>,
    errors: Errors,
    how: &Unencodable<'_>,
    mut one: impl FnMut(char, Option<char>, &mut Vec<u8>) -> usize,
) -> Result<()> {
    let mut i = 0;
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
            Errors::Custom(id) => match custom::encode(id, &info, chars.len())? {
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
    let chars: Vec<char> = replacement.chars().collect();
    let mut k = 0;
    while k < chars.len() {
        match one(chars[k], chars.get(k + 1).copied(), out) {
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
            took => k += took,
        }
    }
    Ok(())
}

/// Python's `\xNN`, `\uNNNN` or `\UNNNNNNNN` escape of a character.
pub(crate) fn escape(c: char) -> String {
    match u32::from(c) {
        n if n < 0x100 => format!("\\x{n:02x}"),
        n if n < 0x10000 => format!("\\u{n:04x}"),
        n => format!("\\U{n:08x}"),
    }
}

/// A character as Python's `repr` shows it in codec messages: `'\xef'`.
pub(crate) fn python_repr_char(c: char) -> String {
    format!("'{}'", escape(c))
}
