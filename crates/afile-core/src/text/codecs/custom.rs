//! Custom codec error handlers: Python's `codecs.register_error`.
//!
//! A handler registered under a name is global, as in Python's registry;
//! `.errors(name)` then finds it. Codecs refer to a handler by its index
//! here, so [`Errors`](super::handler::Errors) stays `Copy`.

use std::sync::{Arc, PoisonError, RwLock};

pub use super::unicode_error::{Replacement, UnicodeDecodeError, UnicodeEncodeError};
use crate::error::{Error, Result};

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
    /// ```
    /// struct Skip3;
    /// impl afile_core::ErrorHandler for Skip3 {
    ///     /// Drops the bad byte and the two after it.
    ///     fn decode(&self, err: &afile_core::UnicodeDecodeError<'_>) -> afile_core::Result<(String, isize)> {
    ///         Ok((String::new(), (err.start + 3).min(err.object.len()) as isize))
    ///     }
    /// }
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("t");
    /// afile_core::register_error("doc-skip3", Skip3)?;
    /// std::fs::write(&path, b"a\xffxyb")?;
    /// assert_eq!(afile_core::read_text(&path).errors("doc-skip3").await?, "ab");
    /// # Ok(()) }
    /// ```
    fn decode(&self, err: &UnicodeDecodeError<'_>) -> Result<(String, isize)> {
        Err(err.into())
    }

    /// Handles characters that do not encode: the replacement and where
    /// in `err.object` (in characters) to go on encoding.
    ///
    /// ```
    /// use afile_core::{ErrorHandler, Replacement, UnicodeEncodeError};
    /// struct Raw;
    /// impl ErrorHandler for Raw {
    ///     /// The character's UTF-8 bytes, as they are.
    ///     fn encode(&self, err: &UnicodeEncodeError<'_>) -> afile_core::Result<(Replacement, isize)> {
    ///         Ok((Replacement::Bytes(err.bad().as_bytes().to_vec()), err.end as isize))
    ///     }
    /// }
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("t");
    /// afile_core::register_error("doc-raw", Raw)?;
    /// let mut f = afile_core::open_text(&path, "w").encoding("latin-1").errors("doc-raw").await?;
    /// f.write("é€").await?;
    /// f.close().await?;
    /// assert_eq!(std::fs::read(&path)?, b"\xe9\xe2\x82\xac");
    /// # Ok(()) }
    /// ```
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

/// Each name with its handler; `None` for a name a file was opened with
/// before any handler was registered under it (Python looks a handler up
/// only when a codec needs it, so registering it later still works).
type Registry = Vec<(String, Option<Arc<dyn ErrorHandler>>)>;

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
        Some(slot) => slot.1 = Some(handler),
        None => all.push((name.to_owned(), Some(handler))),
    }
    Ok(())
}

/// The index of `name`, holding a place for it if nothing is registered
/// under it yet: using it fails with Python's `LookupError` text
/// (`unknown error handler name 'x'`) until a handler is registered.
pub(crate) fn find_or_reserve(name: &str) -> u32 {
    if let Some(id) = find(name) {
        return id;
    }
    let mut all = HANDLERS.write().unwrap_or_else(PoisonError::into_inner);
    let i = match all.iter().position(|(n, _)| n == name) {
        Some(i) => i,
        None => {
            all.push((name.to_owned(), None));
            all.len() - 1
        }
    };
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// The registry index of the handler registered as `name`.
pub(crate) fn find(name: &str) -> Option<u32> {
    let all = HANDLERS.read().unwrap_or_else(PoisonError::into_inner);
    all.iter().position(|(n, _)| n == name).and_then(|i| u32::try_from(i).ok())
}

/// The name handler `id` was registered under.
pub(crate) fn name(id: u32) -> String {
    let all = HANDLERS.read().unwrap_or_else(PoisonError::into_inner);
    all.get(id as usize).map_or_else(|| format!("#{id}"), |(name, _)| name.clone())
}

fn get(id: u32) -> Result<(String, Arc<dyn ErrorHandler>)> {
    let all = HANDLERS.read().unwrap_or_else(PoisonError::into_inner);
    match all.get(id as usize) {
        Some((name, Some(handler))) => Ok((name.clone(), handler.clone())),
        Some((name, None)) => Err(Error::InvalidArgument(format!("unknown error handler name '{name}'"))),
        None => Err(Error::InvalidArgument(format!("no error handler number {id}"))),
    }
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
