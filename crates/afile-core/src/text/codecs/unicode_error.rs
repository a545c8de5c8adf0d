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
/// impl afile_core::ErrorHandler for Show {
///     fn decode(&self, err: &afile_core::UnicodeDecodeError<'_>) -> afile_core::Result<(String, isize)> {
///         assert_eq!((err.encoding, err.object, err.start, err.end), ("ascii", &b"ab\xffcd"[..], 2, 3));
///         assert_eq!(err.reason, "ordinal not in range(128)");
///         assert_eq!(err.to_string(), "'ascii' codec can't decode byte 0xff in position 2: ordinal not in range(128)");
///         Ok((format!("<{:02x}>", err.bad()[0]), err.end as isize))
///     }
/// }
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let path = dir.path().join("t");
/// afile_core::register_error("doc-show", Show)?;
/// std::fs::write(&path, b"ab\xffcd")?;
/// let text = afile_core::read_text(&path).encoding("ascii").errors("doc-show").await?;
/// assert_eq!(text, "ab<ff>cd");
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct UnicodeDecodeError<'a> {
    /// The codec's name as Python's messages give it (`utf-8`, `ascii`,
    /// `utf-16-be`, `shift_jis`, …).
    pub encoding: &'a str,
    /// The bytes being decoded: like Python's incremental decoder inside
    /// `open()`, the bytes of one decode step (a chunk of the file, with
    /// the incomplete character the previous chunk left), not the whole file.
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
    /// impl afile_core::ErrorHandler for Hex {
    ///     fn decode(&self, err: &afile_core::UnicodeDecodeError<'_>) -> afile_core::Result<(String, isize)> {
    ///         let hex: String = err.bad().iter().map(|b| format!("{b:02X}")).collect();
    ///         Ok((hex, err.end as isize))
    ///     }
    /// }
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("t");
    /// afile_core::register_error("doc-hex", Hex)?;
    /// std::fs::write(&path, b"a\xffb")?;
    /// assert_eq!(afile_core::read_text(&path).errors("doc-hex").await?, "aFFb");
    /// # Ok(()) }
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
/// use afile_core::{ErrorHandler, Replacement, UnicodeEncodeError};
/// struct Show;
/// impl ErrorHandler for Show {
///     fn encode(&self, err: &UnicodeEncodeError<'_>) -> afile_core::Result<(Replacement, isize)> {
///         assert_eq!((err.encoding, err.object, err.start, err.end), ("ascii", "añb", 1, 2));
///         assert_eq!(err.bad(), "ñ");
///         assert_eq!(err.to_string(),
///             "'ascii' codec can't encode character '\\xf1' in position 1: ordinal not in range(128)");
///         Ok((Replacement::Text("n~".into()), err.end as isize))
///     }
/// }
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let path = dir.path().join("t");
/// afile_core::register_error("doc-show-encode", Show)?;
/// let mut f = afile_core::open_text(&path, "w").encoding("ascii").errors("doc-show-encode").await?;
/// f.write("añb").await?;
/// f.close().await?;
/// assert_eq!(std::fs::read(&path)?, b"an~b");
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct UnicodeEncodeError<'a> {
    /// The codec's name as Python's messages give it (`ascii`, `charmap`,
    /// `shift_jis`, …).
    pub encoding: &'a str,
    /// The text being encoded: the string of one `write` (after newline
    /// translation), as Python's `TextIOWrapper` hands its encoder.
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
    /// use afile_core::{ErrorHandler, Replacement, UnicodeEncodeError};
    /// struct Upper;
    /// impl ErrorHandler for Upper {
    ///     fn encode(&self, err: &UnicodeEncodeError<'_>) -> afile_core::Result<(Replacement, isize)> {
    ///         Ok((format!("[{}]", err.bad().chars().count()).into(), err.end as isize))
    ///     }
    /// }
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("t");
    /// afile_core::register_error("doc-count", Upper)?;
    /// let mut f = afile_core::open_text(&path, "w").encoding("ascii").errors("doc-count").await?;
    /// f.write("a€€b").await?;
    /// f.close().await?;
    /// assert_eq!(std::fs::read(&path)?, b"a[2]b");
    /// # Ok(()) }
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
                super::handler::python_repr_char(c),
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
/// use afile_core::Replacement;
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
