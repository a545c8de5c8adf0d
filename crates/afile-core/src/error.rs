//! One error type for every afile operation.
//!
//! OS errors keep their [`io::ErrorKind`] and errno and print the way CPython
//! prints them (`[Errno 2] No such file or directory: 'x'`); the errors that
//! CPython raises as `ValueError` or `io.UnsupportedOperation` carry CPython's
//! exact text, so ported code and logs read the same.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use crate::repr::PathRepr;
use crate::sys::Described;

/// The result type of afile operations.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in afile.
///
/// Converts to and from [`std::io::Error`] both ways, so `?` works in functions
/// that return either.
///
/// # Examples
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// let err = afile_core::open("/no/such/file", "rb").await.unwrap_err();
/// assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
/// assert_eq!(err.errno(), Some(2));
/// assert_eq!(err.to_string(), "[Errno 2] No such file or directory: '/no/such/file'");
/// # }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An error from the operating system, with the path(s) involved if any.
    #[error("{}", OsMessage(source, path.as_deref(), path2.as_deref()))]
    Os {
        /// The original error; its kind and errno are kept.
        source: io::Error,
        /// The path the operation was about.
        path: Option<PathBuf>,
        /// The second path of a two-path operation (rename, link, …).
        path2: Option<PathBuf>,
    },
    /// The file was closed; the text is CPython's for the method called
    /// (for example `I/O operation on closed file.`).
    #[error("{0}")]
    Closed(&'static str),
    /// The operation is not supported by this file (CPython's
    /// `io.UnsupportedOperation`), for example `File not open for reading`.
    #[error("{0}")]
    Unsupported(&'static str),
    /// A mode string that CPython's `open()` rejects, with its text.
    #[error("{0}")]
    InvalidMode(String),
    /// An argument that CPython rejects with `ValueError`, with its text.
    #[error("{0}")]
    InvalidArgument(String),
    /// Bytes that could not be decoded (CPython's `UnicodeDecodeError` text).
    #[error("{0}")]
    Decode(String),
    /// Text that could not be encoded (CPython's `UnicodeEncodeError` text).
    #[error("{0}")]
    Encode(String),
    /// A custom error handler (see [`register_error`](crate::register_error))
    /// failed with an error other than a codec error: its name, the codec
    /// error it was handling, and its own error as the `source()`.
    ///
    /// ```
    /// use afile_core::{Error, ErrorHandler, UnicodeDecodeError};
    /// struct Refuse;
    /// impl ErrorHandler for Refuse {
    ///     fn decode(&self, _: &UnicodeDecodeError<'_>) -> afile_core::Result<(String, isize)> {
    ///         Err(Error::InvalidArgument("no bad bytes here".into()))
    ///     }
    /// }
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("t");
    /// afile_core::register_error("doc-refuse", Refuse)?;
    /// std::fs::write(&path, b"a\xff")?;
    /// let err = afile_core::read_text(&path).errors("doc-refuse").await.unwrap_err();
    /// assert_eq!(err.to_string(), "error handler 'doc-refuse' failed on 'utf-8' codec can't decode \
    ///     byte 0xff in position 1: invalid start byte: no bad bytes here");
    /// assert!(matches!(err, Error::Handler { .. }));
    /// # Ok(()) }
    /// ```
    #[error("error handler '{handler}' failed on {during}: {source}")]
    Handler {
        /// The name the handler was registered under.
        handler: String,
        /// The codec error it was handling, as Python words it.
        during: String,
        /// What the handler returned.
        source: Box<Error>,
    },
    /// An atomic save whose new content is already in place at `path` (its
    /// rename or link succeeded), after which `step` failed: the directory
    /// `fsync` (a crash may still bring the old content back), or the
    /// `close` of the new file. Every other error of an atomic save means
    /// the target is untouched.
    ///
    /// ```
    /// use std::io;
    /// let e = afile_core::Error::Committed {
    ///     step: "directory fsync",
    ///     path: "state.json".into(),
    ///     source: io::Error::from_raw_os_error(5),
    /// };
    /// assert_eq!(e.to_string(), "[Errno 5] Input/output error: the new 'state.json' is in place, \
    ///     but its directory fsync failed");
    /// assert_eq!(e.errno(), Some(5));
    /// ```
    #[error(
        "{}: the new {} is in place, but its {step} failed",
        OsMessage(source, None, None),
        PathRepr(path)
    )]
    Committed {
        /// What failed after the new content was put in place.
        step: &'static str,
        /// The target, which now holds the new content.
        path: PathBuf,
        /// The error of that step; its kind and errno are kept.
        source: io::Error,
    },
}

impl Error {
    /// An OS error about `path`, printed as CPython prints it.
    ///
    /// ```
    /// use std::io;
    /// let e = afile_core::Error::with_path(io::Error::from_raw_os_error(2), "x");
    /// assert_eq!(e.to_string(), "[Errno 2] No such file or directory: 'x'");
    /// ```
    pub fn with_path(source: io::Error, path: impl AsRef<Path>) -> Self {
        Self::Os { source, path: Some(path.as_ref().to_path_buf()), path2: None }
    }

    /// An OS error about two paths (`rename`, `link`, …), printed as CPython
    /// prints it: `[Errno 2] No such file or directory: 'a' -> 'b'`.
    ///
    /// ```
    /// use std::io;
    /// let e = afile_core::Error::with_paths(io::Error::from_raw_os_error(2), "a", "b");
    /// assert_eq!(e.to_string(), "[Errno 2] No such file or directory: 'a' -> 'b'");
    /// ```
    pub fn with_paths(source: io::Error, from: impl AsRef<Path>, to: impl AsRef<Path>) -> Self {
        Self::Os { source, path: Some(from.as_ref().to_path_buf()), path2: Some(to.as_ref().to_path_buf()) }
    }

    /// The [`io::ErrorKind`] this error corresponds to.
    ///
    /// ```
    /// let e = afile_core::Error::Closed("I/O operation on closed file.");
    /// assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput);
    /// ```
    pub fn kind(&self) -> io::ErrorKind {
        match self {
            Self::Os { source, .. } => source.kind(),
            Self::Unsupported(_) => io::ErrorKind::Unsupported,
            Self::Decode(_) | Self::Encode(_) => io::ErrorKind::InvalidData,
            Self::Closed(_) | Self::InvalidMode(_) | Self::InvalidArgument(_) => io::ErrorKind::InvalidInput,
            Self::Handler { source, .. } => source.kind(),
            Self::Committed { source, .. } => source.kind(),
        }
    }

    /// The OS error number, if this is an OS error that has one.
    ///
    /// ```
    /// let e = afile_core::Error::from(std::io::Error::from_raw_os_error(28));
    /// assert_eq!(e.errno(), Some(28));
    /// ```
    pub fn errno(&self) -> Option<i32> {
        match self {
            Self::Os { source, .. } => crate::sys::errno_of(source),
            Self::Handler { source, .. } => source.errno(),
            Self::Committed { source, .. } => source.raw_os_error(),
            _ => None,
        }
    }

    /// The `EINVAL` that CPython raises for a negative seek position.
    pub(crate) fn invalid_seek() -> Self {
        crate::sys::posix_error(crate::sys::Posix::Inval).into()
    }
}

impl From<io::Error> for Error {
    fn from(source: io::Error) -> Self {
        if !source.get_ref().is_some_and(|inner| inner.is::<Error>()) {
            return Self::Os { source, path: None, path2: None };
        }
        // An afile error that went through io::Error comes back as itself.
        let kind = source.kind();
        match source.into_inner().map(|inner| inner.downcast::<Error>()) {
            Some(Ok(err)) => *err,
            _ => Self::Os { source: kind.into(), path: None, path2: None },
        }
    }
}

impl From<Error> for io::Error {
    fn from(err: Error) -> Self {
        match err {
            Error::Os { source, path: None, path2: None } => source,
            other => io::Error::new(other.kind(), other),
        }
    }
}

/// CPython's `OSError.__str__`: `[Errno N] strerror: 'path'` (on Windows,
/// `[WinError N] text: 'path'` for errors of the Win32 API), the path as
/// its `repr()`.
struct OsMessage<'a>(&'a io::Error, Option<&'a Path>, Option<&'a Path>);

impl fmt::Display for OsMessage<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self(err, path, path2) = self;
        match crate::sys::describe(err) {
            Some(Described::Errno(code, text)) => write!(f, "[Errno {code}] {text}")?,
            Some(Described::WinError(code, text)) => write!(f, "[WinError {code}] {text}")?,
            None => write!(f, "{err}")?,
        }
        if let Some(p) = path {
            write!(f, ": {}", PathRepr(p))?;
        }
        if let Some(p) = path2 {
            write!(f, " -> {}", PathRepr(p))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_io_error() {
        let err = Error::Closed("I/O operation on closed file.");
        let io_err: io::Error = err.into();
        assert_eq!(io_err.kind(), io::ErrorKind::InvalidInput);
        let back = Error::from(io_err);
        assert!(matches!(back, Error::Closed("I/O operation on closed file.")));
    }

    #[test]
    fn plain_os_error_keeps_errno_both_ways() {
        let err = Error::from(io::Error::from_raw_os_error(28));
        assert_eq!(err.to_string(), "[Errno 28] No space left on device");
        let io_err: io::Error = err.into();
        assert_eq!(io_err.raw_os_error(), Some(28));
    }
}
