//! Every text codec of CPython 3.12, byte for byte: Python's `codecs`
//! module in Rust form, with no async runtime and no I/O.
//!
//! The codecs of [afile](https://docs.rs/afile)'s text files, usable on
//! their own: the same names and aliases, the same bytes and text, the
//! same error positions, messages and handler resume points as CPython.
//!
//! | Python | afile-codecs |
//! |---|---|
//! | `codecs.lookup(name)` / `.name` | [`lookup`] / [`Codec::name`] |
//! | `codecs.decode(b, name, errors)` | [`decode`], [`Codec::decode`] |
//! | `codecs.encode(s, name, errors)` | [`encode`], [`Codec::encode`] |
//! | `codecs.getincrementaldecoder(name)(errors)` | [`Codec::incremental_decoder`] → [`IncrementalDecoder`] |
//! | `codecs.getincrementalencoder(name)(errors)` | [`Codec::incremental_encoder`] → [`IncrementalEncoder`] |
//! | `.decode(input, final)`, `.getstate()`, `.setstate()`, `.reset()` | the same four verbs |
//! | `codecs.register_error(name, handler)` | [`register_error`] with an [`ErrorHandler`] |
//! | `codecs.lookup_error(name)` | [`Errors::parse`] |
//! | `UnicodeDecodeError`, `UnicodeEncodeError` | [`UnicodeDecodeError`], [`UnicodeEncodeError`] |
//!
//! Below the incremental forms, [`Decoder`] and [`Encoder`] are the
//! streaming codecs themselves (small and `Copy`): a decoder decodes what
//! is complete at the start of its input and returns how much it used, so a
//! caller that keeps its own buffer (as afile's `TextFile` does) never
//! copies bytes twice, and its state is a number a seek cookie can hold.
//!
//! ```
//! // A file's bytes arrive in pieces; a character may be cut between them.
//! let mut d = afile_codecs::lookup("gbk")?.incremental_decoder("strict")?;
//! let mut text = String::new();
//! for piece in [&b"\xc4\xe3\xba"[..], b"\xc3, world"] {
//!     d.decode_to_string(piece, false, &mut text)?;
//! }
//! d.decode_to_string(b"", true, &mut text)?;
//! assert_eq!(text, "你好, world");
//! # Ok::<(), afile_codecs::Error>(())
//! ```
//!
//! Where a Rust `String` cannot hold what CPython would give (a lone
//! surrogate from `surrogateescape`, `surrogatepass`, UTF-7 or an escape),
//! the codec fails with CPython's message and the reason.

mod ascii;
mod codec;
mod custom;
mod decoder;
mod decoding;
mod double_byte;
mod encoder;
mod encoding;
mod error;
mod errors;
mod escape;
mod fast;
mod gb18030;
mod idna;
mod incremental;
mod kind;
mod nameprep;
mod namereplace;
mod names;
mod punycode;
mod pyrepr;
mod registry;
mod single_byte;
mod stateful;
mod tables;
#[cfg(test)]
mod tests;
mod unicode;
mod unicode_error;
mod utf7;

pub use codec::{Codec, lookup};
pub use custom::{ErrorHandler, register_error};
pub use decoder::Decoder;
pub use encoder::Encoder;
pub use error::{Error, Result};
pub use errors::{Errors, Registered};
pub use incremental::{IncrementalDecoder, IncrementalEncoder};
pub use unicode_error::{Replacement, UnicodeDecodeError, UnicodeEncodeError};

/// Decodes `input` with the codec `encoding` names and the handler
/// `errors` names, as Python's `codecs.decode(input, encoding, errors)`
/// (see [`Codec::decode`]).
///
/// # Errors
///
/// [`Error::Lookup`] for a name that names no codec or handler, and what
/// the handler raises ([`Error::Decode`] for `strict`), in CPython's words.
///
/// # Examples
///
/// ```
/// assert_eq!(afile_codecs::decode(b"caf\xe9", "latin-1", "strict")?, "café");
/// assert_eq!(afile_codecs::decode(b"ab\xff", "utf-8", "backslashreplace")?, "ab\\xff");
/// # Ok::<(), afile_codecs::Error>(())
/// ```
pub fn decode(input: &[u8], encoding: &str, errors: &str) -> Result<String> {
    lookup(encoding)?.decode(input, errors)
}

/// Encodes `text` with the codec `encoding` names and the handler
/// `errors` names, as Python's `codecs.encode(text, encoding, errors)`
/// (see [`Codec::encode`]).
///
/// # Errors
///
/// [`Error::Lookup`] for a name that names no codec or handler, and what
/// the handler raises ([`Error::Encode`] for `strict`), in CPython's words.
///
/// # Examples
///
/// ```
/// assert_eq!(afile_codecs::encode("日本", "euc_jp", "strict")?, b"\xc6\xfc\xcb\xdc");
/// assert_eq!(afile_codecs::encode("a€", "ascii", "xmlcharrefreplace")?, b"a&#8364;");
/// # Ok::<(), afile_codecs::Error>(())
/// ```
pub fn encode(text: &str, encoding: &str, errors: &str) -> Result<Vec<u8>> {
    lookup(encoding)?.encode(text, errors)
}

/// The README's example, compiled by `cargo test --doc`.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
