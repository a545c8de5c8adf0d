//! Python's codec error handlers (`errors=`): which one a name names.

use crate::custom;
use crate::error::{Error, Result};

/// A codec error handler, as Python's `errors=` names it: parsed once
/// (`Errors::parse("replace")`, Python's `codecs.lookup_error`), then
/// handed to every decode or encode call.
///
/// ```
/// use afile_codecs::Errors;
/// assert_eq!(Errors::parse("replace")?, Errors::Replace);
/// assert_eq!(Errors::Replace.name(), "replace");
/// assert_eq!(Errors::parse("nope").unwrap_err().to_string(), "unknown error handler name 'nope'");
/// # Ok::<(), afile_codecs::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Errors {
    /// Fail at the first bad byte or character.
    Strict,
    /// U+FFFD for bytes that do not decode, `?` for characters that do not encode.
    Replace,
    /// Drop what does not decode or encode.
    Ignore,
    /// `\xNN` for bytes, `\xNN`/`\uNNNN`/`\UNNNNNNNN` for characters.
    BackslashReplace,
    /// `&#NNNN;` for characters that do not encode (decoding: an error).
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
    /// A handler from [`register_error`](crate::register_error).
    Custom(Registered),
}

/// A handler registered with [`register_error`](crate::register_error),
/// as [`Errors::parse`] found it.
///
/// ```
/// use afile_codecs::{Errors, ErrorHandler};
/// struct Nothing;
/// impl ErrorHandler for Nothing {}
/// afile_codecs::register_error("doc-codecs-nothing", Nothing)?;
/// let Errors::Custom(handler) = Errors::parse("doc-codecs-nothing")? else { unreachable!() };
/// assert_eq!(handler.name(), "doc-codecs-nothing");
/// # Ok::<(), afile_codecs::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Registered(pub(crate) u32);

impl Registered {
    /// The name the handler was registered under.
    pub fn name(self) -> String {
        custom::name(self.0)
    }
}

impl Errors {
    /// The handler's name, as `errors=` spells it.
    ///
    /// ```
    /// assert_eq!(afile_codecs::Errors::BackslashReplace.name(), "backslashreplace");
    /// ```
    pub fn name(self) -> String {
        match self {
            Self::Strict => "strict".into(),
            Self::Replace => "replace".into(),
            Self::Ignore => "ignore".into(),
            Self::BackslashReplace => "backslashreplace".into(),
            Self::XmlCharRefReplace => "xmlcharrefreplace".into(),
            Self::NameReplace => "namereplace".into(),
            Self::SurrogateEscape => "surrogateescape".into(),
            Self::SurrogatePass => "surrogatepass".into(),
            Self::Custom(id) => id.name(),
        }
    }

    /// The handler `name` names: a built-in one, or one registered with
    /// [`register_error`](crate::register_error) (Python's
    /// `codecs.lookup_error`).
    ///
    /// # Errors
    ///
    /// [`Error::Lookup`] with Python's `unknown error handler name 'x'`.
    ///
    /// ```
    /// assert_eq!(afile_codecs::Errors::parse("ignore")?, afile_codecs::Errors::Ignore);
    /// # Ok::<(), afile_codecs::Error>(())
    /// ```
    pub fn parse(name: &str) -> Result<Self> {
        Ok(match name {
            "strict" => Self::Strict,
            "replace" => Self::Replace,
            "ignore" => Self::Ignore,
            "backslashreplace" => Self::BackslashReplace,
            "xmlcharrefreplace" => Self::XmlCharRefReplace,
            "surrogateescape" => Self::SurrogateEscape,
            "surrogatepass" => Self::SurrogatePass,
            "namereplace" => Self::NameReplace,
            _ if let Some(id) = custom::find(name) => Self::Custom(Registered(id)),
            _ => return Err(Error::Lookup(format!("unknown error handler name '{name}'"))),
        })
    }

    /// The handler `name` names, looked up only when a codec first needs
    /// it, as Python's `open(errors=name)` does: a name nothing is
    /// registered under is accepted, fails with [`Error::Lookup`]
    /// (`unknown error handler name 'x'`) when a byte or a character needs
    /// a handler, and finds a handler registered later.
    ///
    /// ```
    /// use afile_codecs::Errors;
    /// let late = Errors::named("doc-codecs-not-yet");
    /// assert_eq!(late.name(), "doc-codecs-not-yet");
    /// assert_eq!(afile_codecs::decode(b"fine", "utf-8", "strict")?, "fine");
    /// let mut d = afile_codecs::lookup("utf-8")?.decoder();
    /// let mut text = String::new();
    /// d.decode_to_string(b"fine", false, late, &mut text)?;
    /// let err = d.decode_to_string(b"\xff", true, late, &mut text).unwrap_err();
    /// assert_eq!(err.to_string(), "unknown error handler name 'doc-codecs-not-yet'");
    /// # Ok::<(), afile_codecs::Error>(())
    /// ```
    pub fn named(name: &str) -> Self {
        match Self::parse(name) {
            Ok(errors) => errors,
            Err(_) => Self::Custom(Registered(custom::find_or_reserve(name))),
        }
    }
}
