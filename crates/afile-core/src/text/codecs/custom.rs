//! Custom codec error handlers: Python's `codecs.register_error`.
//!
//! A handler registered under a name is global, as in Python's registry;
//! `.errors(name)` then finds it. Codecs refer to a handler by its index
//! here, so [`Errors`](super::handler::Errors) stays `Copy`.

use std::fmt;
use std::sync::{Arc, PoisonError, RwLock};

use crate::error::{Error, Result};

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
    /// See [`UnicodeDecodeError`] for a handler that calls it.
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
    /// See [`UnicodeEncodeError`] for a handler that calls it.
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

/// A codec error handler, Python's `codecs.register_error` callable: given
/// what went wrong, it returns the replacement and the position to resume
/// at (in `object`; a negative one counts from its end, as in Python).
///
/// Each method's default fails with the codec's own error, like a Python
/// handler that raises the exception it was given; implement the
/// directions you handle. An error the handler returns reaches the caller:
/// a [`Error::Decode`]/[`Error::Encode`] (such as the one it was given,
/// turned into an [`Error`] with `err.into()`) as it is, any other wrapped
/// in [`Error::Handler`], which names the handler and the codec error.
///
/// ```
/// use afile_core::{ErrorHandler, Replacement, UnicodeDecodeError, UnicodeEncodeError};
/// /// Latin-1 for bytes that do not decode, `{U+XXXX}` for characters that do not encode.
/// struct Fallback;
/// impl ErrorHandler for Fallback {
///     fn decode(&self, err: &UnicodeDecodeError<'_>) -> afile_core::Result<(String, isize)> {
///         Ok((err.bad().iter().map(|&b| char::from(b)).collect(), err.end as isize))
///     }
///     fn encode(&self, err: &UnicodeEncodeError<'_>) -> afile_core::Result<(Replacement, isize)> {
///         let text = err.bad().chars().map(|c| format!("{{U+{:04X}}}", u32::from(c))).collect::<String>();
///         Ok((text.into(), err.end as isize))
///     }
/// }
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let path = dir.path().join("t");
/// afile_core::register_error("doc-fallback", Fallback)?;
/// let mut f = afile_core::open_text(&path, "w+").encoding("ascii").errors("doc-fallback").await?;
/// f.write("€5").await?;
/// f.buffer_mut().write(b" \xe9t\xe9").await?;
/// f.seek(std::io::SeekFrom::Start(0)).await?;
/// assert_eq!(f.read(None).await?, "{U+20AC}5 été");
/// # Ok(()) }
/// ```
pub trait ErrorHandler: Send + Sync + 'static {
    /// Handles bytes that do not decode: the text to put in their place
    /// and where in `err.object` to go on decoding.
    ///
    /// See [`ErrorHandler`] for an implementation.
    fn decode(&self, err: &UnicodeDecodeError<'_>) -> Result<(String, isize)> {
        Err(err.into())
    }

    /// Handles characters that do not encode: the replacement and where
    /// in `err.object` (in characters) to go on encoding.
    ///
    /// See [`ErrorHandler`] for an implementation.
    fn encode(&self, err: &UnicodeEncodeError<'_>) -> Result<(Replacement, isize)> {
        Err(err.into())
    }
}

/// The names Python's codecs handle themselves; they cannot be replaced.
pub(crate) const BUILT_IN: [&str; 8] = [
    "strict",
    "replace",
    "ignore",
    "backslashreplace",
    "xmlcharrefreplace",
    "namereplace",
    "surrogateescape",
    "surrogatepass",
];

type Registry = Vec<(String, Arc<dyn ErrorHandler>)>;

static HANDLERS: RwLock<Registry> = RwLock::new(Vec::new());

/// Registers `handler` under `name` for every file opened (or wrapped)
/// afterwards with `.errors(name)`, like Python's
/// `codecs.register_error(name, handler)`; registering a name again
/// replaces its handler, also for files already open with it.
///
/// # Errors
///
/// The built-in names (`strict`, `replace`, `ignore`, `backslashreplace`,
/// `xmlcharrefreplace`, `namereplace`, `surrogateescape`,
/// `surrogatepass`) cannot be replaced. CPython 3.12 accepts a
/// replacement, but its C codecs handle those names themselves in some
/// paths and ask the registry in others, so what the replacement changes
/// depends on the codec; afile refuses instead.
///
/// # Examples
///
/// ```
/// use afile_core::{ErrorHandler, UnicodeDecodeError};
/// /// Drops the bad bytes and the rest of the chunk.
/// struct StopHere;
/// impl ErrorHandler for StopHere {
///     fn decode(&self, err: &UnicodeDecodeError<'_>) -> afile_core::Result<(String, isize)> {
///         Ok(("[cut]".into(), err.object.len() as isize))
///     }
/// }
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let path = dir.path().join("t");
/// afile_core::register_error("doc-stop-here", StopHere)?;
/// std::fs::write(&path, b"good\xffrest")?;
/// let text = afile_core::read_text(&path).errors("doc-stop-here").await?;
/// assert_eq!(text, "good[cut]");
/// let err = afile_core::register_error("strict", StopHere).unwrap_err();
/// assert_eq!(err.to_string(), "cannot replace the built-in error handler 'strict'");
/// # Ok(()) }
/// ```
pub fn register_error(name: &str, handler: impl ErrorHandler) -> Result<()> {
    if BUILT_IN.contains(&name) {
        return Err(Error::InvalidArgument(format!("cannot replace the built-in error handler '{name}'")));
    }
    let mut all = HANDLERS.write().unwrap_or_else(PoisonError::into_inner);
    let handler: Arc<dyn ErrorHandler> = Arc::new(handler);
    match all.iter_mut().find(|(n, _)| n == name) {
        Some(slot) => slot.1 = handler,
        None => all.push((name.to_owned(), handler)),
    }
    Ok(())
}

/// The registry index of the handler registered as `name`.
pub(crate) fn find(name: &str) -> Option<u32> {
    let all = HANDLERS.read().unwrap_or_else(PoisonError::into_inner);
    all.iter().position(|(n, _)| n == name).and_then(|i| u32::try_from(i).ok())
}

fn get(id: u32) -> Result<(String, Arc<dyn ErrorHandler>)> {
    let all = HANDLERS.read().unwrap_or_else(PoisonError::into_inner);
    all.get(id as usize)
        .cloned()
        .ok_or_else(|| Error::InvalidArgument(format!("no error handler number {id}")))
}

/// A handler's error as the caller sees it: a codec error as it is,
/// anything else with the handler's name and what it was handling.
fn in_context(handler: String, during: String, err: Error) -> Error {
    match err {
        Error::Decode(_) | Error::Encode(_) => err,
        other => Error::Handler { handler, during, source: Box::new(other) },
    }
}

/// Python's check of a resume position: negative counts from the end.
fn resume_at(pos: isize, len: usize) -> Result<usize> {
    let abs = if pos < 0 { len.checked_add_signed(pos) } else { Some(pos.unsigned_abs()) };
    abs.filter(|&p| p <= len)
        .ok_or_else(|| Error::InvalidArgument(format!("position {pos} from error handler out of bounds")))
}

/// Calls handler `id` for a decode error; returns the text and where to resume.
pub(crate) fn decode(id: u32, err: &UnicodeDecodeError<'_>) -> Result<(String, usize)> {
    let (name, handler) = get(id)?;
    let (text, pos) = handler.decode(err).map_err(|e| in_context(name, err.to_string(), e))?;
    Ok((text, resume_at(pos, err.object.len())?))
}

/// Calls handler `id` for an encode error; returns the replacement and
/// where to resume (in characters).
pub(crate) fn encode(id: u32, err: &UnicodeEncodeError<'_>, len: usize) -> Result<(Replacement, usize)> {
    let (name, handler) = get(id)?;
    let (rep, pos) = handler.encode(err).map_err(|e| in_context(name, err.to_string(), e))?;
    Ok((rep, resume_at(pos, len)?))
}
