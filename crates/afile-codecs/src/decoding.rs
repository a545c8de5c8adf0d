//! One decode call: where the text goes, and how the error handler deals
//! with bytes that do not decode (CPython's messages and resume points).

use std::fmt::Write as _;

use crate::error::{Error, Result};
use crate::errors::Errors;

/// CPython's multibyte codecs' reason for a sequence (or a character)
/// they cannot take.
pub(crate) const ILLEGAL_MULTIBYTE: &str = "illegal multibyte sequence";
/// CPython's multibyte codecs' reason for a sequence cut by the end of input.
pub(crate) const INCOMPLETE_MULTIBYTE: &str = "incomplete multibyte sequence";

/// CPython's `TypeError` when a handler that only encodes meets bytes.
const DECODE_ONLY: &str = "don't know how to handle UnicodeDecodeError in error callback";

/// One decode step onto `out`.
pub(crate) struct Decoding<'a> {
    pub(crate) out: &'a mut String,
    pub(crate) errors: Errors,
    pub(crate) name: &'static str,
    /// Added to the positions decoders report: where their input starts
    /// in the bytes of the decode call (nonzero after a custom handler
    /// moved the decoder on).
    pub(crate) base: usize,
    /// A custom handler's error stopped decoding here: (start, end, reason)
    /// in the bytes of the decode call.
    pub(crate) stop: Option<(usize, usize, String)>,
}

impl<'a> Decoding<'a> {
    /// A decode step onto `out`, for codec `name` in messages.
    pub(crate) fn new(out: &'a mut String, errors: Errors, name: &'static str) -> Self {
        Self { out, errors, name, base: 0, stop: None }
    }

    /// Appends bytes that are valid UTF-8 (ASCII runs, table entries
    /// already in UTF-8) without checking them again.
    ///
    /// # Safety
    ///
    /// `bytes` must be valid UTF-8.
    #[inline(always)]
    pub(crate) unsafe fn push_utf8(&mut self, bytes: &[u8]) {
        // SAFETY: the caller promises `bytes` is valid UTF-8, so the
        // string stays valid UTF-8.
        unsafe { self.out.as_mut_vec() }.extend_from_slice(bytes);
    }

    /// Appends an ASCII run.
    #[inline(always)]
    pub(crate) fn push_ascii(&mut self, ascii: &[u8]) {
        debug_assert!(ascii.is_ascii());
        // SAFETY: every caller passes bytes it found to be ASCII, and
        // ASCII is UTF-8.
        unsafe { self.push_utf8(ascii) }
    }

    fn message(&self, bad: &[u8], pos: usize, reason: &str) -> String {
        let what = match bad {
            [b] => format!("byte 0x{b:02x} in position {pos}"),
            _ => format!("bytes in position {pos}-{}", pos + bad.len().max(1) - 1),
        };
        format!("'{}' codec can't decode {what}: {reason}", self.name)
    }

    /// Applies the error handler to the bad bytes `bad` at `pos`.
    #[cold]
    pub(crate) fn bad(&mut self, bad: &[u8], pos: usize, reason: &str) -> Result<()> {
        let pos = self.base + pos;
        match self.errors {
            Errors::Strict | Errors::SurrogatePass => Err(Error::Decode(self.message(bad, pos, reason))),
            Errors::XmlCharRefReplace | Errors::NameReplace => {
                Err(Error::InvalidArgument(DECODE_ONLY.into()))
            }
            Errors::Custom(_) => {
                // The driver (`Decoder::decode_to_string`) calls the
                // handler with the whole input and restarts where it says.
                self.stop = Some((pos, pos + bad.len(), reason.to_owned()));
                Err(Error::Decode(self.message(bad, pos, reason)))
            }
            // CPython escapes the bytes >= 0x80 that start the bad range
            // (and raises only when there are none).
            Errors::SurrogateEscape if bad.first().is_some_and(|&b| b >= 0x80) => {
                Err(Error::Decode(format!(
                    "{} (errors='surrogateescape' would decode {}, which a Rust String cannot hold)",
                    self.message(bad, pos, reason),
                    if bad.iter().take_while(|&&b| b >= 0x80).count() == 1 {
                        "it to a lone surrogate"
                    } else {
                        "them to lone surrogates"
                    }
                )))
            }
            Errors::SurrogateEscape => Err(Error::Decode(self.message(bad, pos, reason))),
            Errors::Replace => {
                self.out.push('\u{FFFD}');
                Ok(())
            }
            Errors::Ignore => Ok(()),
            Errors::BackslashReplace => {
                for b in bad {
                    let _ = write!(self.out, "\\x{b:02x}");
                }
                Ok(())
            }
        }
    }

    /// Bad bytes that encode a surrogate in UTF-8/16/32, which
    /// `surrogatepass` would decode to a lone surrogate.
    #[cold]
    pub(crate) fn surrogate(&mut self, bad: &[u8], pos: usize, reason: &str) -> Result<()> {
        if self.errors == Errors::SurrogatePass {
            return Err(Error::Decode(format!(
                "{} (errors='surrogatepass' would decode it to a lone surrogate, which a Rust String cannot hold)",
                self.message(bad, self.base + pos, reason)
            )));
        }
        self.bad(bad, pos, reason)
    }

    /// The end of a decode call that stopped at `i`: an incomplete
    /// sequence is left for the next call, or (`last`) is an error.
    pub(crate) fn incomplete(&mut self, input: &[u8], i: usize, last: bool) -> Result<usize> {
        if i == input.len() || !last {
            return Ok(i);
        }
        self.bad(&input[i..], i, INCOMPLETE_MULTIBYTE)?;
        Ok(input.len())
    }
}
