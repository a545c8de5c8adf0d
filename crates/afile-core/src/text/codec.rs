//! The text layer's codec: an [`afile_codecs`] streaming decoder and
//! encoder held together, with what `TextIOWrapper` does around them (a
//! utf-8-sig BOM skipped only at the file's first byte, cookie states in
//! which 0 is the start of a stream, the encoder restarted after a seek).

pub(crate) use afile_codecs::Errors;
use afile_codecs::{Decoder, Encoder};

use crate::error::Result;

/// What the text layer needs to know about a codec beyond its decoder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    /// `utf-8` (`sig: false`) or `utf-8-sig`.
    Utf8 {
        sig: bool,
    },
    /// `utf-16` or `utf-32`: a BOM says the byte order.
    WideBom,
    /// `ascii`, `latin-1` or `charmap`: ASCII text encodes as its own bytes.
    AsciiAsIs,
    Other,
}

/// A codec and the state it learnt from the file (a BOM's byte order, a
/// stateful codec's designations), for decoding and for encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Codec {
    dec: Decoder,
    enc: Encoder,
    family: Family,
}

impl Codec {
    /// Looks up `name` as Python's codec registry would.
    pub(crate) fn lookup(name: &str) -> Result<Self> {
        Ok(Self::new(afile_codecs::lookup(name)?))
    }

    /// UTF-8 (what the standard streams use).
    pub(crate) fn utf8_plain() -> Self {
        Self::new(afile_codecs::Codec::UTF_8)
    }

    fn new(codec: afile_codecs::Codec) -> Self {
        let family = match codec.name() {
            "utf-8" => Family::Utf8 { sig: false },
            "utf-8-sig" => Family::Utf8 { sig: true },
            "utf-16" | "utf-32" => Family::WideBom,
            "ascii" | "iso8859-1" | "charmap" => Family::AsciiAsIs,
            _ => Family::Other,
        };
        Self { dec: codec.decoder(), enc: codec.encoder(), family }
    }

    /// `Some(sig)` for utf-8 (`false`) and utf-8-sig (`true`).
    pub(crate) fn utf8(&self) -> Option<bool> {
        match self.family {
            Family::Utf8 { sig } => Some(sig),
            _ => None,
        }
    }

    /// Whether ASCII text encodes as its own bytes with nothing to look
    /// at (`ascii`, `latin-1`; utf-8 is told by [`Codec::utf8`]).
    pub(crate) fn ascii_as_is(&self) -> bool {
        self.family == Family::AsciiAsIs
    }

    /// Whether this is a stateful codec (hz, iso2022).
    pub(crate) fn is_stateful(&self) -> bool {
        self.dec.is_stateful()
    }

    /// The bytes of `'\r'` in this codec (to hold a trailing one back).
    pub(crate) fn cr_bytes(&self) -> &'static [u8] {
        self.dec.cr_bytes()
    }

    /// Whether this codec writes a byte order mark at the start of a file.
    pub(crate) fn writes_bom(&self) -> bool {
        self.enc.writes_bom()
    }

    /// Whether the encoder holds `c` back at the end of a write, as
    /// CPython's incremental encoder does (see [`Encoder::holds_back`]).
    pub(crate) fn holds_back(&self, c: char) -> bool {
        self.enc.holds_back(c)
    }

    /// The decoder's state, `0` for the initial one (and for every
    /// stateless codec): what a [`TextCookie`](super::TextCookie) records.
    /// For utf-16/32 it is CPython's `dec_flags`: 1 when a BOM chose the
    /// byte order that is not this machine's, else 0.
    pub(crate) fn decoder_state(&self) -> u32 {
        match (self.family, self.dec.state()) {
            (Family::WideBom, 1) => 1,
            (Family::Other, state) if self.dec.is_stateful() => state,
            _ => 0,
        }
    }

    /// Restores a state that [`decoder_state`](Self::decoder_state) gave,
    /// as CPython's decoder `setstate` after a seek; `at_start` (byte 0)
    /// makes a utf-16/32 decoder look for a BOM again instead.
    pub(crate) fn set_decoder_state(&mut self, at_start: bool, state: u32) {
        match self.family {
            Family::WideBom if at_start => self.dec.reset(),
            Family::WideBom => self.dec.set_state(u32::from(state != 0)),
            Family::Other if self.dec.is_stateful() => self.dec.set_state(state),
            _ => {}
        }
    }

    /// CPython's decoder `reset()` (after a write): utf-16/32 look for a
    /// BOM again; for iso2022, G0 back to ASCII and shifted out, the other
    /// designations stay.
    pub(crate) fn reset_decoder(&mut self) {
        self.dec.reset();
    }

    /// The encoder after a seek, as CPython's `TextIOWrapper`: reset at the
    /// start of the stream, else `setstate(0)` (so the next character
    /// written designates its set again).
    pub(crate) fn reset_encoder(&mut self, at_start: bool) {
        if self.is_stateful() {
            if at_start { self.enc.reset() } else { self.enc.set_state(0) }
        }
    }

    /// Decodes `input`, at the start of which the decoder is at a character
    /// boundary (`at_start`: at the file's first byte, where a utf-8-sig
    /// BOM may be), appending the text to `out`. Unless `last`, an
    /// incomplete character at the end is left. Returns how many bytes it
    /// used; on an error `out` and the codec are as they were.
    pub(crate) fn decode(
        &mut self,
        input: &[u8],
        at_start: bool,
        last: bool,
        errors: Errors,
        out: &mut String,
    ) -> Result<usize> {
        if self.family == (Family::Utf8 { sig: true }) {
            self.dec.set_state(u32::from(at_start));
        }
        Ok(self.dec.decode_to_string(input, last, errors, out)?)
    }

    /// Encodes `text`, with a BOM first if `bom`.
    pub(crate) fn encode(&mut self, text: &str, bom: bool, errors: Errors, out: &mut Vec<u8>) -> Result<()> {
        if self.enc.writes_bom() {
            self.enc.set_state(u32::from(bom) * 2);
        }
        Ok(self.enc.encode_to_vec(text, errors, out)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_messages_match_cpython() {
        let mut c = Codec::lookup("UTF8").unwrap();
        let mut out = String::from("kept");
        let err = c.decode(b"ab\xffcd", true, true, Errors::Strict, &mut out).unwrap_err();
        assert_eq!(err.to_string(), "'utf-8' codec can't decode byte 0xff in position 2: invalid start byte");
        assert_eq!(out, "kept");
        let err = c.decode(b"ab\xe6\x97", true, true, Errors::Strict, &mut out).unwrap_err();
        assert_eq!(
            err.to_string(),
            "'utf-8' codec can't decode bytes in position 2-3: unexpected end of data"
        );
        assert_eq!(c.decode(b"ab\xe6\x97", true, false, Errors::Strict, &mut out).unwrap(), 2);
        assert_eq!(out, "keptab");
    }

    #[test]
    fn a_utf8_sig_bom_is_skipped_only_at_the_start() {
        let mut c = Codec::lookup("utf-8-sig").unwrap();
        let mut out = String::new();
        assert_eq!(c.decode(b"\xef\xbb\xbfa", true, false, Errors::Strict, &mut out).unwrap(), 4);
        assert_eq!(c.decode(b"\xef\xbb\xbfb", false, false, Errors::Strict, &mut out).unwrap(), 4);
        assert_eq!(out, "a\u{feff}b");
        assert_eq!(c.decoder_state(), 0);
    }

    #[test]
    fn unknown_names_use_python_wording() {
        let mut c = Codec::lookup("utf-8").unwrap();
        assert_eq!(
            Codec::lookup("no-such-codec").unwrap_err().to_string(),
            "unknown encoding: no-such-codec"
        );
        assert!(matches!(Codec::lookup("nope"), Err(crate::Error::InvalidArgument(_))));
        // An unknown handler name is looked up when a codec needs it.
        let nope = Errors::named("nope");
        assert_eq!(nope.name(), "nope");
        let mut out = String::new();
        assert_eq!(c.decode(b"fine", true, true, nope, &mut out).unwrap(), 4);
        let err = c.decode(b"\xff", true, true, nope, &mut out).unwrap_err();
        assert_eq!(err.to_string(), "unknown error handler name 'nope'");
    }
}
