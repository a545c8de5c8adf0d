//! Error handlers written against afile's [`Error`]: Python's
//! `codecs.register_error` for afile users, registered in
//! [`afile_codecs`]' one registry through a small adapter, and the
//! conversion of the codecs' errors into afile's.

use afile_codecs::{Replacement, UnicodeDecodeError, UnicodeEncodeError};

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

/// Runs an afile [`ErrorHandler`] as an [`afile_codecs::ErrorHandler`]:
/// its codec errors pass as they are, any other error travels inside
/// [`afile_codecs::Error::Custom`] and comes back as itself.
struct Adapter<H>(H);

impl<H: ErrorHandler> afile_codecs::ErrorHandler for Adapter<H> {
    fn decode(&self, err: &UnicodeDecodeError<'_>) -> afile_codecs::Result<(String, isize)> {
        self.0.decode(err).map_err(to_codecs)
    }

    fn encode(&self, err: &UnicodeEncodeError<'_>) -> afile_codecs::Result<(Replacement, isize)> {
        self.0.encode(err).map_err(to_codecs)
    }
}

fn to_codecs(err: Error) -> afile_codecs::Error {
    match err {
        Error::Decode(s) => afile_codecs::Error::Decode(s),
        Error::Encode(s) => afile_codecs::Error::Encode(s),
        other => afile_codecs::Error::Custom(Box::new(other)),
    }
}

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
    Ok(afile_codecs::register_error(name, Adapter(handler))?)
}

impl From<&UnicodeDecodeError<'_>> for Error {
    fn from(err: &UnicodeDecodeError<'_>) -> Self {
        Error::Decode(err.to_string())
    }
}

impl From<&UnicodeEncodeError<'_>> for Error {
    fn from(err: &UnicodeEncodeError<'_>) -> Self {
        Error::Encode(err.to_string())
    }
}

impl From<afile_codecs::Error> for Error {
    /// The codecs' errors as afile's: decode and encode errors as they
    /// are, unknown names and bad arguments as [`Error::InvalidArgument`]
    /// (where afile has always put them), and a failed handler as
    /// [`Error::Handler`] with its own error (an afile error stays one).
    fn from(err: afile_codecs::Error) -> Self {
        use afile_codecs::Error as E;
        match err {
            E::Decode(s) => Error::Decode(s),
            E::Encode(s) => Error::Encode(s),
            E::Lookup(s) | E::InvalidArgument(s) => Error::InvalidArgument(s),
            E::Handler { handler, during, source } => {
                Error::Handler { handler, during, source: Box::new(from_source(source)) }
            }
            E::Custom(source) => from_source(source),
            other => Error::InvalidArgument(other.to_string()),
        }
    }
}

/// A handler's own error: an afile error that went through
/// [`afile_codecs::Error::Custom`] comes back as itself.
fn from_source(source: Box<dyn std::error::Error + Send + Sync>) -> Error {
    match source.downcast::<Error>() {
        Ok(err) => *err,
        Err(other) => match other.downcast::<afile_codecs::Error>() {
            Ok(err) => Error::from(*err),
            Err(other) => Error::InvalidArgument(other.to_string()),
        },
    }
}
