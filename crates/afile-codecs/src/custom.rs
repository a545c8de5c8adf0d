//! Custom codec error handlers: Python's `codecs.register_error`.
//!
//! A handler registered under a name is global, as in Python's registry;
//! [`Errors::parse`](crate::Errors::parse) then finds it. Codecs refer to a
//! handler by its index here, so [`Errors`](crate::Errors) stays `Copy`.

use std::sync::{Arc, PoisonError, RwLock};

use crate::error::{Error, Result};
use crate::unicode_error::{Replacement, UnicodeDecodeError, UnicodeEncodeError};

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
/// use afile_codecs::{ErrorHandler, Replacement, UnicodeDecodeError, UnicodeEncodeError};
/// /// Latin-1 for bytes that do not decode, `{U+XXXX}` for characters that do not encode.
/// struct Fallback;
/// impl ErrorHandler for Fallback {
///     fn decode(&self, err: &UnicodeDecodeError<'_>) -> afile_codecs::Result<(String, isize)> {
///         Ok((err.bad().iter().map(|&b| char::from(b)).collect(), err.end as isize))
///     }
///     fn encode(&self, err: &UnicodeEncodeError<'_>) -> afile_codecs::Result<(Replacement, isize)> {
///         let text = err.bad().chars().map(|c| format!("{{U+{:04X}}}", u32::from(c))).collect::<String>();
///         Ok((text.into(), err.end as isize))
///     }
/// }
/// afile_codecs::register_error("doc-codecs-fallback", Fallback)?;
/// assert_eq!(afile_codecs::encode("€5", "ascii", "doc-codecs-fallback")?, b"{U+20AC}5");
/// assert_eq!(afile_codecs::decode(b" \xe9t\xe9", "ascii", "doc-codecs-fallback")?, " été");
/// # Ok::<(), afile_codecs::Error>(())
/// ```
pub trait ErrorHandler: Send + Sync + 'static {
    /// Handles bytes that do not decode: the text to put in their place
    /// and where in `err.object` to go on decoding.
    ///
    /// ```
    /// struct Skip3;
    /// impl afile_codecs::ErrorHandler for Skip3 {
    ///     /// Drops the bad byte and the two after it.
    ///     fn decode(&self, err: &afile_codecs::UnicodeDecodeError<'_>) -> afile_codecs::Result<(String, isize)> {
    ///         Ok((String::new(), (err.start + 3).min(err.object.len()) as isize))
    ///     }
    /// }
    /// afile_codecs::register_error("doc-codecs-skip3", Skip3)?;
    /// assert_eq!(afile_codecs::decode(b"a\xffxyb", "utf-8", "doc-codecs-skip3")?, "ab");
    /// # Ok::<(), afile_codecs::Error>(())
    /// ```
    fn decode(&self, err: &UnicodeDecodeError<'_>) -> Result<(String, isize)> {
        Err(err.into())
    }

    /// Handles characters that do not encode: the replacement and where
    /// in `err.object` (in characters) to go on encoding.
    ///
    /// ```
    /// use afile_codecs::{ErrorHandler, Replacement, UnicodeEncodeError};
    /// struct Raw;
    /// impl ErrorHandler for Raw {
    ///     /// The character's UTF-8 bytes, as they are.
    ///     fn encode(&self, err: &UnicodeEncodeError<'_>) -> afile_codecs::Result<(Replacement, isize)> {
    ///         Ok((Replacement::Bytes(err.bad().as_bytes().to_vec()), err.end as isize))
    ///     }
    /// }
    /// afile_codecs::register_error("doc-codecs-raw", Raw)?;
    /// assert_eq!(afile_codecs::encode("é€", "latin-1", "doc-codecs-raw")?, b"\xe9\xe2\x82\xac");
    /// # Ok::<(), afile_codecs::Error>(())
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

/// Registers `handler` under `name` for every decode and encode that
/// names it afterwards (`errors=name`), like Python's
/// `codecs.register_error(name, handler)`; registering a name again
/// replaces its handler, also for decoders and encoders made with it.
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
/// use afile_codecs::{ErrorHandler, UnicodeDecodeError};
/// /// Drops the bad bytes and the rest of the input.
/// struct StopHere;
/// impl ErrorHandler for StopHere {
///     fn decode(&self, err: &UnicodeDecodeError<'_>) -> afile_codecs::Result<(String, isize)> {
///         Ok(("[cut]".into(), err.object.len() as isize))
///     }
/// }
/// afile_codecs::register_error("doc-codecs-stop-here", StopHere)?;
/// assert_eq!(afile_codecs::decode(b"good\xffrest", "utf-8", "doc-codecs-stop-here")?, "good[cut]");
/// let err = afile_codecs::register_error("strict", StopHere).unwrap_err();
/// assert_eq!(err.to_string(), "cannot replace the built-in error handler 'strict'");
/// # Ok::<(), afile_codecs::Error>(())
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
    all.iter().position(|(n, h)| n == name && h.is_some()).and_then(|i| u32::try_from(i).ok())
}

/// The name handler `id` was registered (or looked for) under.
pub(crate) fn name(id: u32) -> String {
    let all = HANDLERS.read().unwrap_or_else(PoisonError::into_inner);
    all.get(id as usize).map_or_else(|| format!("#{id}"), |(name, _)| name.clone())
}

fn get(id: u32) -> Result<(String, Arc<dyn ErrorHandler>)> {
    let all = HANDLERS.read().unwrap_or_else(PoisonError::into_inner);
    match all.get(id as usize) {
        Some((name, Some(handler))) => Ok((name.clone(), handler.clone())),
        Some((name, None)) => Err(Error::Lookup(format!("unknown error handler name '{name}'"))),
        None => Err(Error::InvalidArgument(format!("no error handler number {id}"))),
    }
}

/// A handler's error as the caller sees it: a codec error as it is,
/// anything else with the handler's name and what it was handling.
fn in_context(handler: String, during: String, err: Error) -> Error {
    match err {
        Error::Decode(_) | Error::Encode(_) => err,
        Error::Custom(source) => Error::Handler { handler, during, source },
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
