//! What a codec error handler is given (Python's `UnicodeDecodeError` and
//! `UnicodeEncodeError`) and what an encode handler may return.

use std::fmt;

use crate::error::Error;

/// A bad stretch of bytes that a codec could not decode: what Python hands
/// a decode error handler (its `UnicodeDecodeError`). `Display` gives
/// Python's message.
///
/// ```
/// struct Show;
/// impl afile_codecs::ErrorHandler for Show {
///     fn decode(&self, err: &afile_codecs::UnicodeDecodeError<'_>) -> afile_codecs::Result<(String, isize)> {
///         assert_eq!((err.encoding, err.object, err.start, err.end), ("ascii", &b"ab\xffcd"[..], 2, 3));
///         assert_eq!(err.reason, "ordinal not in range(128)");
///         assert_eq!(err.to_string(), "'ascii' codec can't decode byte 0xff in position 2: ordinal not in range(128)");
///         Ok((format!("<{:02x}>", err.bad()[0]), err.end as isize))
///     }
/// }
/// afile_codecs::register_error("doc-codecs-show", Show)?;
/// assert_eq!(afile_codecs::decode(b"ab\xffcd", "ascii", "doc-codecs-show")?, "ab<ff>cd");
/// # Ok::<(), afile_codecs::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct UnicodeDecodeError<'a> {
    /// The codec's name as Python's messages give it (`utf-8`, `ascii`,
    /// `utf-16-be`, `shift_jis`, …).
    pub encoding: &'a str,
    /// The bytes being decoded: all of them for a one-shot
    /// [`decode`](crate::decode); for an incremental decoder, as in Python,
    /// the bytes of one decode call with what the call before left undecoded
    /// (in afile's text files, one chunk of the file, not the whole file).
    pub object: &'a [u8],
    /// Where the bad bytes start in `object`.
    pub start: usize,
    /// Where they end (exclusive).
    pub end: usize,
    /// Why they are bad (`invalid start byte`, …).
    pub reason: &'a str,
}

impl UnicodeDecodeError<'_> {
    /// The bad bytes, `object[start..end]`.
    ///
    /// ```
    /// struct Hex;
    /// impl afile_codecs::ErrorHandler for Hex {
    ///     fn decode(&self, err: &afile_codecs::UnicodeDecodeError<'_>) -> afile_codecs::Result<(String, isize)> {
    ///         let hex: String = err.bad().iter().map(|b| format!("{b:02X}")).collect();
    ///         Ok((hex, err.end as isize))
    ///     }
    /// }
    /// afile_codecs::register_error("doc-codecs-hex", Hex)?;
    /// assert_eq!(afile_codecs::decode(b"a\xffb", "utf-8", "doc-codecs-hex")?, "aFFb");
    /// # Ok::<(), afile_codecs::Error>(())
    /// ```
    pub fn bad(&self) -> &[u8] {
        &self.object[self.start..self.end]
    }
}

impl fmt::Display for UnicodeDecodeError<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (name, start) = (self.encoding, self.start);
        match self.bad() {
            [b] => {
                write!(f, "'{name}' codec can't decode byte 0x{b:02x} in position {start}: {}", self.reason)
            }
            _ => write!(
                f,
                "'{name}' codec can't decode bytes in position {start}-{}: {}",
                self.end.max(start + 1) - 1,
                self.reason
            ),
        }
    }
}

impl std::error::Error for UnicodeDecodeError<'_> {}

impl From<&UnicodeDecodeError<'_>> for Error {
    fn from(err: &UnicodeDecodeError<'_>) -> Self {
        Error::Decode(err.to_string())
    }
}

/// Characters that a codec could not encode: what Python hands an encode
/// error handler (its `UnicodeEncodeError`). Positions count characters,
/// as Python's do. `Display` gives Python's message.
///
/// ```
/// use afile_codecs::{ErrorHandler, Replacement, UnicodeEncodeError};
/// struct Show;
/// impl ErrorHandler for Show {
///     fn encode(&self, err: &UnicodeEncodeError<'_>) -> afile_codecs::Result<(Replacement, isize)> {
///         assert_eq!((err.encoding, err.object, err.start, err.end), ("ascii", "añb", 1, 2));
///         assert_eq!(err.bad(), "ñ");
///         assert_eq!(err.to_string(),
///             "'ascii' codec can't encode character '\\xf1' in position 1: ordinal not in range(128)");
///         Ok((Replacement::Text("n~".into()), err.end as isize))
///     }
/// }
/// afile_codecs::register_error("doc-codecs-show-encode", Show)?;
/// assert_eq!(afile_codecs::encode("añb", "ascii", "doc-codecs-show-encode")?, b"an~b");
/// # Ok::<(), afile_codecs::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct UnicodeEncodeError<'a> {
    /// The codec's name as Python's messages give it (`ascii`, `charmap`,
    /// `shift_jis`, …).
    pub encoding: &'a str,
    /// The text being encoded: all of it for a one-shot
    /// [`encode`](crate::encode); for an incremental encoder, the text of
    /// one encode call (in afile's text files, the string of one `write`
    /// after newline translation, as Python's `TextIOWrapper` hands its
    /// encoder).
    pub object: &'a str,
    /// The first bad character, counted in characters from the start of `object`.
    pub start: usize,
    /// The end of the bad characters (exclusive), in characters.
    pub end: usize,
    /// Why they cannot be encoded (`ordinal not in range(128)`, …).
    pub reason: &'a str,
}

impl UnicodeEncodeError<'_> {
    /// The characters that could not be encoded.
    ///
    /// ```
    /// use afile_codecs::{ErrorHandler, Replacement, UnicodeEncodeError};
    /// struct Upper;
    /// impl ErrorHandler for Upper {
    ///     fn encode(&self, err: &UnicodeEncodeError<'_>) -> afile_codecs::Result<(Replacement, isize)> {
    ///         Ok((format!("[{}]", err.bad().chars().count()).into(), err.end as isize))
    ///     }
    /// }
    /// afile_codecs::register_error("doc-codecs-count", Upper)?;
    /// assert_eq!(afile_codecs::encode("a€€b", "ascii", "doc-codecs-count")?, b"a[2]b");
    /// # Ok::<(), afile_codecs::Error>(())
    /// ```
    pub fn bad(&self) -> &str {
        let at = |n| self.object.char_indices().nth(n).map_or(self.object.len(), |(i, _)| i);
        &self.object[at(self.start)..at(self.end)]
    }
}

impl fmt::Display for UnicodeEncodeError<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (name, start) = (self.encoding, self.start);
        let bad = self.bad();
        let mut chars = bad.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => write!(
                f,
                "'{name}' codec can't encode character {} in position {start}: {}",
                crate::pyrepr::char_repr(c),
                self.reason
            ),
            _ => write!(
                f,
                "'{name}' codec can't encode characters in position {start}-{}: {}",
                self.end.max(start + 1) - 1,
                self.reason
            ),
        }
    }
}

impl std::error::Error for UnicodeEncodeError<'_> {}

impl From<&UnicodeEncodeError<'_>> for Error {
    fn from(err: &UnicodeEncodeError<'_>) -> Self {
        Error::Encode(err.to_string())
    }
}

/// What an encode error handler puts in place of the bad characters:
/// text, which the codec then encodes (it must be encodable: otherwise the
/// write fails, as in CPython), or bytes, written as they are.
///
/// ```
/// use afile_codecs::Replacement;
/// assert_eq!(Replacement::from("?"), Replacement::Text("?".into()));
/// assert_eq!(Replacement::from(vec![0xff]), Replacement::Bytes(vec![0xff]));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Replacement {
    /// Text, encoded by the codec.
    Text(String),
    /// Bytes, written as they are.
    Bytes(Vec<u8>),
}

impl From<&str> for Replacement {
    fn from(s: &str) -> Self {
        Self::Text(s.to_owned())
    }
}

impl From<String> for Replacement {
    fn from(s: String) -> Self {
        Self::Text(s)
    }
}

impl From<Vec<u8>> for Replacement {
    fn from(b: Vec<u8>) -> Self {
        Self::Bytes(b)
    }
}
