//! Python's incremental decoders and encoders
//! (`codecs.getincrementaldecoder(name)(errors)`), on top of the streaming
//! [`Decoder`] and [`Encoder`]: they keep what a call could not finish.

use crate::decoder::Decoder;
use crate::encoder::Encoder;
use crate::error::Result;
use crate::errors::Errors;

/// A decoder fed bytes in pieces, Python's `IncrementalDecoder`: the bytes
/// of a character cut at the end of one call wait for the next.
///
/// `getstate()` is `(bytes waiting, flags)` as in Python; the flags are
/// [`Decoder::state`]'s number (CPython's for utf-16/32 and utf-8-sig).
///
/// ```
/// let mut d = afile_codecs::lookup("shift_jis")?.incremental_decoder("strict")?;
/// assert_eq!(d.decode(b"a\x82", false)?, "a");
/// assert_eq!(d.getstate(), (&b"\x82"[..], 0));
/// assert_eq!(d.decode(b"\xa0", false)?, "あ");
/// d.reset();
/// assert_eq!(d.decode(b"\x82", true).unwrap_err().to_string(),
///     "'shift_jis' codec can't decode byte 0x82 in position 0: incomplete multibyte sequence");
/// # Ok::<(), afile_codecs::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct IncrementalDecoder {
    decoder: Decoder,
    errors: Errors,
    pending: Vec<u8>,
}

impl IncrementalDecoder {
    pub(crate) fn new(decoder: Decoder, errors: Errors) -> Self {
        Self { decoder, errors, pending: Vec::new() }
    }

    /// Decodes `input` after what the last call left; with `final_`, the
    /// input ends here and an incomplete character is an error.
    ///
    /// # Errors
    ///
    /// What the handler raises, as in CPython; the decoder is then as it
    /// was before the call.
    ///
    /// ```
    /// let mut d = afile_codecs::lookup("utf-16")?.incremental_decoder("strict")?;
    /// assert_eq!(d.decode(b"\xff\xfea", false)?, "");
    /// assert_eq!(d.decode(b"\x00", true)?, "a");
    /// # Ok::<(), afile_codecs::Error>(())
    /// ```
    pub fn decode(&mut self, input: &[u8], final_: bool) -> Result<String> {
        let mut out = String::new();
        self.decode_to_string(input, final_, &mut out)?;
        Ok(out)
    }

    /// As [`decode`](Self::decode), appending the text to `out` (no
    /// `String` per call).
    ///
    /// # Errors
    ///
    /// As [`decode`](Self::decode); `out` is then as it was.
    ///
    /// ```
    /// let mut d = afile_codecs::lookup("cp1252")?.incremental_decoder("replace")?;
    /// let mut text = String::new();
    /// d.decode_to_string(b"caf\xe9", false, &mut text)?;
    /// d.decode_to_string(b" \x81", true, &mut text)?;
    /// assert_eq!(text, "café \u{fffd}");
    /// # Ok::<(), afile_codecs::Error>(())
    /// ```
    pub fn decode_to_string(&mut self, input: &[u8], final_: bool, out: &mut String) -> Result<()> {
        if self.pending.is_empty() {
            let used = self.decoder.decode_to_string(input, final_, self.errors, out)?;
            self.pending.extend_from_slice(&input[used..]);
            return Ok(());
        }
        let mut joined = std::mem::take(&mut self.pending);
        let kept = joined.len();
        joined.extend_from_slice(input);
        match self.decoder.decode_to_string(&joined, final_, self.errors, out) {
            Ok(used) => {
                joined.drain(..used);
                self.pending = joined;
                Ok(())
            }
            Err(e) => {
                joined.truncate(kept);
                self.pending = joined;
                Err(e)
            }
        }
    }

    /// Python's `getstate()`: the bytes waiting for the next call, and
    /// the decoder's flags ([`Decoder::state`]).
    ///
    /// ```
    /// let mut d = afile_codecs::lookup("utf-8-sig")?.incremental_decoder("strict")?;
    /// assert_eq!(d.getstate(), (&b""[..], 1)); // a BOM may come
    /// d.decode(b"\xef\xbb", false)?;
    /// assert_eq!(d.getstate(), (&b"\xef\xbb"[..], 1));
    /// # Ok::<(), afile_codecs::Error>(())
    /// ```
    pub fn getstate(&self) -> (&[u8], u64) {
        (&self.pending, u64::from(self.decoder.state()))
    }

    /// Python's `setstate((bytes, flags))`: restores what
    /// [`getstate`](Self::getstate) gave (flags beyond `u32` mean nothing).
    ///
    /// ```
    /// let codec = afile_codecs::lookup("euc_jp")?;
    /// let mut d = codec.incremental_decoder("strict")?;
    /// d.decode(b"\xa4", false)?;
    /// let (waiting, flags) = d.getstate();
    /// let mut e = codec.incremental_decoder("strict")?;
    /// e.setstate((&waiting.to_vec(), flags));
    /// assert_eq!(e.decode(b"\xa4", true)?, "い");
    /// # Ok::<(), afile_codecs::Error>(())
    /// ```
    pub fn setstate(&mut self, state: (&[u8], u64)) {
        self.pending = state.0.to_vec();
        self.decoder.set_state(u32::try_from(state.1).unwrap_or(u32::MAX));
    }

    /// Python's `reset()`: drops the bytes waiting and resets the decoder
    /// ([`Decoder::reset`]).
    ///
    /// ```
    /// let mut d = afile_codecs::lookup("utf-8")?.incremental_decoder("strict")?;
    /// d.decode(b"\xe6", false)?;
    /// d.reset();
    /// assert_eq!(d.decode(b"ok", true)?, "ok");
    /// # Ok::<(), afile_codecs::Error>(())
    /// ```
    pub fn reset(&mut self) {
        self.pending.clear();
        self.decoder.reset();
    }
}

/// An encoder fed text in pieces, Python's `IncrementalEncoder`: a BOM
/// before the first piece, a stateful codec's designations kept between
/// pieces, and a last character that may combine with the next piece's
/// first (JIS X 0213, HKSCS pairs) held back until it comes or `final_`.
///
/// ```
/// let mut e = afile_codecs::lookup("shift_jis_2004")?.incremental_encoder("strict")?;
/// assert_eq!(e.encode("aか", false)?, b"a"); // か may combine with U+309A
/// assert_eq!(e.encode("\u{309a}", true)?, b"\x82\xf5");
/// # Ok::<(), afile_codecs::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct IncrementalEncoder {
    encoder: Encoder,
    errors: Errors,
    held: Option<char>,
}

impl IncrementalEncoder {
    pub(crate) fn new(encoder: Encoder, errors: Errors) -> Self {
        Self { encoder, errors, held: None }
    }

    /// Encodes `text` after what the last call held back; with `final_`,
    /// the text ends here: nothing is held back, and a stateful codec
    /// returns to its initial state.
    ///
    /// # Errors
    ///
    /// What the handler raises, as in CPython; the encoder is then as it
    /// was before the call.
    ///
    /// ```
    /// let mut e = afile_codecs::lookup("hz")?.incremental_encoder("strict")?;
    /// assert_eq!(e.encode("中", false)?, b"~{VP");
    /// assert_eq!(e.encode("", true)?, b"~}");
    /// # Ok::<(), afile_codecs::Error>(())
    /// ```
    pub fn encode(&mut self, text: &str, final_: bool) -> Result<Vec<u8>> {
        let mut out = Vec::with_capacity(text.len() + 4);
        self.encode_to_vec(text, final_, &mut out)?;
        Ok(out)
    }

    /// As [`encode`](Self::encode), appending the bytes to `out`.
    ///
    /// # Errors
    ///
    /// As [`encode`](Self::encode); `out` is then as it was.
    ///
    /// ```
    /// let mut e = afile_codecs::lookup("latin-1")?.incremental_encoder("backslashreplace")?;
    /// let mut out = Vec::new();
    /// e.encode_to_vec("é€", true, &mut out)?;
    /// assert_eq!(out, b"\xe9\\u20ac");
    /// # Ok::<(), afile_codecs::Error>(())
    /// ```
    pub fn encode_to_vec(&mut self, text: &str, final_: bool, out: &mut Vec<u8>) -> Result<()> {
        let joined;
        let mut text = text;
        if let Some(c) = self.held {
            joined = format!("{c}{text}");
            text = &joined;
        }
        let hold = text.chars().next_back().filter(|&c| !final_ && self.encoder.holds_back(c));
        let body = &text[..text.len() - hold.map_or(0, char::len_utf8)];
        let (before, len) = (self.encoder, out.len());
        if let Err(e) = self.encoder.encode_to_vec(body, self.errors, out) {
            self.encoder = before;
            out.truncate(len);
            return Err(e);
        }
        self.held = hold;
        if final_ {
            self.encoder.finish(out);
        }
        Ok(())
    }

    /// Python's `getstate()`: the encoder's state ([`Encoder::state`]) in
    /// the low 32 bits, and a held-back character (its code point plus
    /// one) above them.
    ///
    /// ```
    /// let mut e = afile_codecs::lookup("euc_jis_2004")?.incremental_encoder("strict")?;
    /// e.encode("か", false)?;
    /// assert_eq!(e.getstate() >> 32, u64::from(u32::from('か')) + 1);
    /// # Ok::<(), afile_codecs::Error>(())
    /// ```
    pub fn getstate(&self) -> u64 {
        let held = self.held.map_or(0, |c| u64::from(u32::from(c)) + 1);
        held << 32 | u64::from(self.encoder.state())
    }

    /// Python's `setstate(state)`: restores what
    /// [`getstate`](Self::getstate) gave. `setstate(0)` is CPython's
    /// `TextIOWrapper` after a seek away from the start: nothing held, no
    /// BOM, and nothing designated.
    ///
    /// ```
    /// let mut e = afile_codecs::lookup("iso2022_jp")?.incremental_encoder("strict")?;
    /// e.setstate(0);
    /// assert_eq!(e.encode("a", false)?, b"\x1b(Ba");
    /// # Ok::<(), afile_codecs::Error>(())
    /// ```
    pub fn setstate(&mut self, state: u64) {
        let held = (state >> 32) as u32;
        self.held = held.checked_sub(1).and_then(char::from_u32);
        self.encoder.set_state(state as u32);
    }

    /// Python's `reset()`: forgets a held-back character and resets the
    /// encoder ([`Encoder::reset`]).
    ///
    /// ```
    /// let mut e = afile_codecs::lookup("utf-16-le")?.incremental_encoder("strict")?;
    /// e.reset();
    /// assert_eq!(e.encode("a", true)?, b"a\x00");
    /// # Ok::<(), afile_codecs::Error>(())
    /// ```
    pub fn reset(&mut self) {
        self.held = None;
        self.encoder.reset();
    }
}
