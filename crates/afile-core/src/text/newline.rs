//! Newline handling, exactly as CPython's `TextIOWrapper`.
//!
//! Reading: `None` = universal newlines translated to `\n`; `""` = universal
//! line splitting without translation; `"\n"`, `"\r"`, `"\r\n"` = only that
//! terminator ends a line. Writing: `None` writes `\n` as the platform's
//! separator (`\n` here); `""` and `"\n"` write as given; `"\r"` and `"\r\n"`
//! write each `\n` as that.

use std::borrow::Cow;

use crate::error::{Error, Result};

/// The `newline` argument of `open_text`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Newline {
    Universal,
    Untranslated,
    Lf,
    Cr,
    CrLf,
}

pub(crate) const SEEN_CR: u8 = 1;
pub(crate) const SEEN_LF: u8 = 2;
pub(crate) const SEEN_CRLF: u8 = 4;

impl Newline {
    pub(crate) fn parse(value: Option<&str>) -> Result<Self> {
        Ok(match value {
            None => Self::Universal,
            Some("") => Self::Untranslated,
            Some("\n") => Self::Lf,
            Some("\r") => Self::Cr,
            Some("\r\n") => Self::CrLf,
            Some(other) => return Err(Error::InvalidArgument(format!("illegal newline value: {other}"))),
        })
    }

    fn universal(&self) -> bool {
        matches!(self, Self::Universal | Self::Untranslated)
    }

    /// Notes which terminators `text` has (universal modes only) and
    /// translates them to `\n` for `None`.
    pub(crate) fn decode<'a>(&self, text: &'a str, seen: &mut u8) -> Cow<'a, str> {
        match self.note(text, seen) {
            true => Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n")),
            false => Cow::Borrowed(text),
        }
    }

    /// [`decode`](Self::decode) of a whole text, in place when nothing
    /// changes, else into one new string whose memory is reserved
    /// fallibly (an out-of-memory error, not an abort).
    pub(crate) fn decode_owned(&self, text: String, seen: &mut u8) -> Result<String> {
        if !self.note(&text, seen) {
            return Ok(text);
        }
        let mut out = String::new();
        crate::memory::reserve_str(&mut out, text.len())?;
        let bytes = text.as_bytes();
        let mut from = 0;
        for cr in memchr::memchr_iter(b'\r', bytes) {
            out.push_str(&text[from..cr]);
            out.push('\n');
            from = cr + 1 + usize::from(bytes.get(cr + 1) == Some(&b'\n'));
        }
        out.push_str(&text[from..]);
        Ok(out)
    }

    /// Notes which terminators `text` has (universal modes only); whether
    /// it needs translating (newline `None` and a `\r` in it).
    fn note(&self, text: &str, seen: &mut u8) -> bool {
        if !self.universal() {
            return false;
        }
        let bytes = text.as_bytes();
        if memchr::memchr(b'\r', bytes).is_none() {
            if memchr::memchr(b'\n', bytes).is_some() {
                *seen |= SEEN_LF;
            }
            return false;
        }
        let crlf = memchr::memmem::find_iter(bytes, b"\r\n").count();
        let cr = memchr::memchr_iter(b'\r', bytes).count() - crlf;
        let lf = memchr::memchr_iter(b'\n', bytes).count() - crlf;
        *seen |= (if cr > 0 { SEEN_CR } else { 0 })
            | (if lf > 0 { SEEN_LF } else { 0 })
            | (if crlf > 0 { SEEN_CRLF } else { 0 });
        *self == Self::Universal
    }

    /// The byte index just past the first line end in `b` (UTF-8 text, or
    /// a part of it), if there is one. (Text never ends in a `\r` that a `\n` might follow: the reader
    /// holds such a `\r` back until it knows.)
    pub(crate) fn line_end(&self, b: &[u8]) -> Option<usize> {
        match self {
            Self::Universal | Self::Lf => memchr::memchr(b'\n', b).map(|i| i + 1),
            Self::Cr => memchr::memchr(b'\r', b).map(|i| i + 1),
            Self::CrLf => memchr::memmem::find(b, b"\r\n").map(|i| i + 2),
            Self::Untranslated => memchr::memchr2(b'\r', b'\n', b).map(|i| match (b[i], b.get(i + 1)) {
                (b'\r', Some(b'\n')) => i + 2,
                _ => i + 1,
            }),
        }
    }

    /// `text` as it should be written.
    pub(crate) fn encode<'a>(&self, text: &'a str) -> Cow<'a, str> {
        match self {
            Self::Cr if text.contains('\n') => Cow::Owned(text.replace('\n', "\r")),
            Self::CrLf if text.contains('\n') => Cow::Owned(text.replace('\n', "\r\n")),
            _ => Cow::Borrowed(text),
        }
    }
}

/// CPython's `newlines` attribute from the seen set: nothing, one
/// terminator, or several in the order `\r`, `\n`, `\r\n`.
pub(crate) fn seen_list(seen: u8) -> Vec<&'static str> {
    [(SEEN_CR, "\r"), (SEEN_LF, "\n"), (SEEN_CRLF, "\r\n")]
        .into_iter()
        .filter(|(bit, _)| seen & bit != 0)
        .map(|(_, s)| s)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn universal_translates_and_counts() {
        let mut seen = 0;
        assert_eq!(Newline::Universal.decode("a\nb\r\nc\rd", &mut seen), "a\nb\nc\nd");
        assert_eq!(seen_list(seen), ["\r", "\n", "\r\n"]);
        let mut seen = 0;
        let whole = Newline::Universal.decode_owned("a\r\r\nb\rc\r".into(), &mut seen).unwrap();
        assert_eq!(whole, "a\n\nb\nc\n");
    }

    #[test]
    fn line_ends_per_mode() {
        assert_eq!(Newline::Untranslated.line_end(b"ab\r\ncd"), Some(4));
        assert_eq!(Newline::Untranslated.line_end(b"ab\rcd"), Some(3));
        assert_eq!(Newline::CrLf.line_end(b"a\rb\r\n"), Some(5));
        assert_eq!(Newline::parse(Some("x")).unwrap_err().to_string(), "illegal newline value: x");
    }
}
