//! The one error type of the codecs, with CPython's messages.

/// The result type of codec operations.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What can go wrong in a codec, worded as CPython words it.
///
/// # Examples
///
/// ```
/// use afile_codecs::Error;
/// let err = afile_codecs::decode(b"ab\xff", "utf-8", "strict").unwrap_err();
/// assert!(matches!(err, Error::Decode(_)));
/// assert_eq!(err.to_string(), "'utf-8' codec can't decode byte 0xff in position 2: invalid start byte");
/// let err = afile_codecs::lookup("no-such-codec").unwrap_err();
/// assert_eq!(err.to_string(), "unknown encoding: no-such-codec");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Bytes that could not be decoded (CPython's `UnicodeDecodeError`,
    /// or the `UnicodeError` some codecs raise, with its text).
    #[error("{0}")]
    Decode(String),
    /// Text that could not be encoded (CPython's `UnicodeEncodeError` text).
    #[error("{0}")]
    Encode(String),
    /// An encoding or error handler name that names nothing (CPython's
    /// `LookupError`: `unknown encoding: x`, `unknown error handler name 'x'`).
    #[error("{0}")]
    Lookup(String),
    /// An argument CPython rejects with `ValueError` or `TypeError`, with
    /// its text (a handler's resume position out of bounds, a built-in
    /// handler name given to [`register_error`](crate::register_error)).
    #[error("{0}")]
    InvalidArgument(String),
    /// A custom error handler (see [`register_error`](crate::register_error))
    /// failed with an error other than a codec error: its name, the codec
    /// error it was handling, and its own error as the `source()`.
    ///
    /// ```
    /// use afile_codecs::{Error, ErrorHandler, UnicodeDecodeError};
    /// struct Refuse;
    /// impl ErrorHandler for Refuse {
    ///     fn decode(&self, _: &UnicodeDecodeError<'_>) -> afile_codecs::Result<(String, isize)> {
    ///         Err(Error::InvalidArgument("no bad bytes here".into()))
    ///     }
    /// }
    /// afile_codecs::register_error("doc-codecs-refuse", Refuse)?;
    /// let err = afile_codecs::decode(b"a\xff", "utf-8", "doc-codecs-refuse").unwrap_err();
    /// assert_eq!(err.to_string(), "error handler 'doc-codecs-refuse' failed on 'utf-8' codec can't \
    ///     decode byte 0xff in position 1: invalid start byte: no bad bytes here");
    /// # Ok::<(), afile_codecs::Error>(())
    /// ```
    #[error("error handler '{handler}' failed on {during}: {source}")]
    Handler {
        /// The name the handler was registered under.
        handler: String,
        /// The codec error it was handling, as Python words it.
        during: String,
        /// What the handler returned.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// An error of a custom handler's own (a Python handler may raise any
    /// exception): the codec reports it as [`Error::Handler`], with the
    /// handler's name and the codec error it was handling.
    ///
    /// ```
    /// use afile_codecs::{Error, ErrorHandler, UnicodeEncodeError, Replacement};
    /// struct Give;
    /// impl ErrorHandler for Give {
    ///     fn encode(&self, _: &UnicodeEncodeError<'_>) -> afile_codecs::Result<(Replacement, isize)> {
    ///         Err(Error::Custom(std::io::Error::other("gave up").into()))
    ///     }
    /// }
    /// afile_codecs::register_error("doc-codecs-give", Give)?;
    /// let err = afile_codecs::encode("é", "ascii", "doc-codecs-give").unwrap_err();
    /// assert!(matches!(err, Error::Handler { .. }));
    /// assert!(err.to_string().ends_with(": gave up"));
    /// # Ok::<(), afile_codecs::Error>(())
    /// ```
    #[error("{0}")]
    Custom(Box<dyn std::error::Error + Send + Sync>),
}
