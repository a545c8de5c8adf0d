//! The streaming decoder: decodes what is complete at the start of its
//! input and says how much that was, keeping only the codec's state
//! between calls (the caller keeps the undecoded bytes, as
//! `encoding_rs`'s decoders report how much they read).

use crate::custom;
use crate::decoding::Decoding;
use crate::error::{Error, Result};
use crate::errors::Errors;
use crate::kind::Kind;
use crate::stateful::State;
use crate::unicode::Endian;
use crate::{gb18030, idna, punycode};

/// CPython's wording when the `undefined` codec is used.
pub(crate) const UNDEFINED: &str = "undefined encoding";

/// A codec's decoder with its state, small and `Copy`: what a text layer
/// keeps (the state at each chunk is what its seek cookies record).
///
/// Unlike [`IncrementalDecoder`](crate::IncrementalDecoder), it does not
/// keep the bytes of an incomplete character: [`decode_to_string`]
/// returns how many bytes it used, and the caller passes the rest again
/// with the next bytes.
///
/// [`decode_to_string`]: Decoder::decode_to_string
///
/// ```
/// use afile_codecs::Errors;
/// let mut d = afile_codecs::lookup("iso2022_jp")?.decoder();
/// let mut text = String::new();
/// let used = d.decode_to_string(b"\x1b$B$+$", false, Errors::Strict, &mut text)?;
/// assert_eq!((used, text.as_str()), (5, "か")); // the last byte waits
/// let state = d.state(); // JIS X 0208 designated
/// let mut again = afile_codecs::lookup("iso2022_jp")?.decoder();
/// again.set_state(state);
/// again.decode_to_string(b"$+", true, Errors::Strict, &mut text)?;
/// assert_eq!(text, "かか");
/// # Ok::<(), afile_codecs::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decoder {
    kind: Kind,
    /// utf-16/32 with a BOM: the byte order, once a BOM said it.
    endian: Option<Endian>,
    /// utf-8-sig: a BOM may still come (CPython's `first`).
    first: bool,
    /// utf-16/32 with a BOM: decode without one in this machine's order
    /// (one-shot `decode`), instead of refusing (incremental decoders).
    guess: bool,
    /// hz and iso2022: designations and shift.
    st: State,
}

impl Decoder {
    pub(crate) fn new(kind: Kind) -> Self {
        let endian = match kind {
            Kind::Utf { fixed, .. } => fixed,
            _ => None,
        };
        Self { kind, endian, first: true, guess: false, st: State::INITIAL }
    }

    /// One-shot decoding: utf-16/32 without a BOM decode in native order.
    pub(crate) fn guess_byte_order(&mut self) {
        self.guess = true;
    }

    /// Decodes the complete characters at the start of `input`, appending
    /// their text to `out`, and returns how many bytes that used; unless
    /// `last`, an incomplete character (or escape sequence, base64 run,
    /// label…) at the end is left, for the caller to pass again with the
    /// bytes that follow. With `last`, all of `input` is used.
    ///
    /// Error positions and the bytes a custom handler sees count from the
    /// start of `input`, as in Python's decoders.
    ///
    /// # Errors
    ///
    /// What the handler `errors` raises, as in CPython
    /// ([`Error::Decode`] for strict). On an error, `out` and the decoder
    /// are as they were.
    ///
    /// # Examples
    ///
    /// ```
    /// use afile_codecs::Errors;
    /// let mut d = afile_codecs::lookup("utf-16")?.decoder();
    /// let mut text = String::new();
    /// assert_eq!(d.decode_to_string(b"\xfe\xff\x00a\x00", false, Errors::Strict, &mut text)?, 4);
    /// assert_eq!(d.decode_to_string(b"\x00b", true, Errors::Strict, &mut text)?, 2);
    /// assert_eq!(text, "ab");
    /// # Ok::<(), afile_codecs::Error>(())
    /// ```
    pub fn decode_to_string(
        &mut self,
        input: &[u8],
        last: bool,
        errors: Errors,
        out: &mut String,
    ) -> Result<usize> {
        let (before, state) = (out.len(), *self);
        let res = self.decode_onto(input, last, errors, out);
        if res.is_err() {
            out.truncate(before);
            *self = state;
        }
        res
    }

    /// The decoder's state as a number: 0 for the initial state of every
    /// codec but these, as CPython's `getstate()` flags: utf-16 and utf-32
    /// (with a BOM) 2 until a BOM said the byte order, then 0 for this
    /// machine's order and 1 for the other; utf-8-sig 1 while a BOM may
    /// still come, then 0. For hz and iso2022 it packs the designations
    /// and the shift (afile's own numbers: CPython's differ).
    ///
    /// ```
    /// use afile_codecs::Errors;
    /// let mut d = afile_codecs::lookup("utf-16")?.decoder();
    /// assert_eq!(d.state(), 2);
    /// d.decode_to_string(b"\xff\xfe", false, Errors::Strict, &mut String::new())?;
    /// assert_eq!(d.state(), if cfg!(target_endian = "little") { 0 } else { 1 });
    /// # Ok::<(), afile_codecs::Error>(())
    /// ```
    pub fn state(&self) -> u32 {
        match self.kind {
            Kind::Stateful(_) => self.st.pack(),
            Kind::Utf { fixed: None, .. } => match self.endian {
                None => 2,
                Some(e) => u32::from(e != Endian::native()),
            },
            Kind::Utf8 { sig: true } => u32::from(self.first),
            _ => 0,
        }
    }

    /// Restores a state that [`state`](Self::state) gave (CPython's
    /// `setstate`).
    ///
    /// ```
    /// use afile_codecs::Errors;
    /// let mut d = afile_codecs::lookup("utf-16")?.decoder();
    /// d.set_state(1); // the byte order that is not this machine's
    /// let mut text = String::new();
    /// let bytes = if cfg!(target_endian = "little") { b"\x00a" } else { b"a\x00" };
    /// d.decode_to_string(bytes, true, Errors::Strict, &mut text)?;
    /// assert_eq!(text, "a");
    /// # Ok::<(), afile_codecs::Error>(())
    /// ```
    pub fn set_state(&mut self, state: u32) {
        match self.kind {
            Kind::Stateful(_) => self.st = State::unpack(state),
            Kind::Utf { fixed: None, .. } => {
                self.endian = match state {
                    0 => Some(Endian::native()),
                    1 => Some(Endian::native().other()),
                    _ => None,
                };
            }
            Kind::Utf8 { sig: true } => self.first = state != 0,
            _ => {}
        }
    }

    /// CPython's decoder `reset()`: utf-16/32 and utf-8-sig look for a BOM
    /// again; for iso2022, G0 goes back to ASCII and the shift out, the
    /// other designations stay.
    ///
    /// ```
    /// use afile_codecs::Errors;
    /// let mut d = afile_codecs::lookup("utf-8-sig")?.decoder();
    /// d.decode_to_string(b"a", false, Errors::Strict, &mut String::new())?;
    /// assert_eq!(d.state(), 0);
    /// d.reset();
    /// assert_eq!(d.state(), 1);
    /// # Ok::<(), afile_codecs::Error>(())
    /// ```
    pub fn reset(&mut self) {
        match self.kind {
            Kind::Stateful(_) => self.st.reset_decoder(),
            Kind::Utf { fixed: None, .. } => self.endian = None,
            Kind::Utf8 { sig: true } => self.first = true,
            _ => {}
        }
    }

    /// The bytes of `'\r'` in this codec's current byte order (a text layer
    /// holds a final one back until it knows whether `'\n'` follows).
    ///
    /// ```
    /// let d = afile_codecs::lookup("utf-16-be")?.decoder();
    /// assert_eq!(d.cr_bytes(), b"\x00\r");
    /// # Ok::<(), afile_codecs::Error>(())
    /// ```
    pub fn cr_bytes(&self) -> &'static [u8] {
        match (self.kind, self.endian.unwrap_or(Endian::native())) {
            (Kind::Utf { width: 2, .. }, Endian::Little) => b"\r\x00",
            (Kind::Utf { width: 2, .. }, Endian::Big) => b"\x00\r",
            (Kind::Utf { .. }, Endian::Little) => b"\r\x00\x00\x00",
            (Kind::Utf { .. }, Endian::Big) => b"\x00\x00\x00\r",
            _ => b"\r",
        }
    }

    /// Whether this is a stateful codec (hz, iso2022), whose bytes mean
    /// different characters depending on what came before.
    ///
    /// ```
    /// assert!(afile_codecs::lookup("hz")?.decoder().is_stateful());
    /// assert!(!afile_codecs::lookup("gbk")?.decoder().is_stateful());
    /// # Ok::<(), afile_codecs::Error>(())
    /// ```
    pub fn is_stateful(&self) -> bool {
        matches!(self.kind, Kind::Stateful(_))
    }

    /// The name Python's decode error messages use for this codec.
    fn name(&self) -> &'static str {
        match self.kind {
            Kind::Utf8 { .. } => "utf-8",
            Kind::Ascii => "ascii",
            Kind::Latin1 => "latin-1",
            Kind::Utf { width, .. } => wide_name(width, self.endian),
            Kind::Charmap(t) => t.decode_name,
            Kind::DoubleByte(t) => t.module,
            Kind::Gb18030 => "gb18030",
            Kind::Utf7 => "utf7",
            Kind::Stateful(codec) => codec.module,
            Kind::Undefined => "undefined",
            Kind::UnicodeEscape { raw: false } => "unicodeescape",
            Kind::UnicodeEscape { raw: true } => "rawunicodeescape",
            Kind::Punycode => "punycode",
            Kind::Idna => "idna",
        }
    }

    fn decode_onto(&mut self, input: &[u8], last: bool, errors: Errors, out: &mut String) -> Result<usize> {
        out.reserve(input.len());
        let mut skip = 0;
        // As CPython's incremental utf-16/32 decoder (the one `open()`
        // uses): while the byte order is undetermined (at the start, and
        // after a reset), the input must start with a BOM; it will not
        // guess. CPython's one-shot decode takes native order instead.
        if let (Kind::Utf { width, fixed: None }, None) = (self.kind, self.endian) {
            if input.len() < width && !last {
                return Ok(0);
            }
            let (le, be): (&[u8], &[u8]) = if width == 2 {
                (b"\xff\xfe", b"\xfe\xff")
            } else {
                (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
            };
            if input.starts_with(le) {
                (self.endian, skip) = (Some(Endian::Little), width);
            } else if input.starts_with(be) {
                (self.endian, skip) = (Some(Endian::Big), width);
            } else if self.guess {
                self.endian = Some(Endian::native());
            } else if input.len() >= width {
                // CPython decodes in native order first, so its errors come
                // first; then it refuses the missing BOM.
                let errors = if matches!(errors, Errors::Custom(_)) { Errors::Replace } else { errors };
                let mut scratch = String::new();
                let name = wide_name(width, Some(Endian::native()));
                Decoding::new(&mut scratch, errors, name).utf_wide(
                    input,
                    width,
                    Endian::native(),
                    last,
                    0,
                )?;
                return Err(Error::Decode(format!("UTF-{} stream does not start with BOM", width * 8)));
            }
        }
        // Python's decoders hand an error handler the input of this call
        // (utf-8-sig: after its BOM), positions counted from its start.
        let object_start = match self.kind {
            Kind::Utf8 { sig: true } if self.first => {
                let bom = b"\xef\xbb\xbf";
                if !last && input.len() < 3 && bom.starts_with(input) {
                    return Ok(0);
                }
                self.first = false;
                if input.starts_with(bom) { 3 } else { 0 }
            }
            _ => 0,
        };
        let object = &input[object_start..];
        let mut d = Decoding::new(out, errors, self.name());
        let mut from = skip;
        loop {
            d.base = from;
            match self.decode_from(&mut d, &object[from..], last) {
                Ok(used) => return Ok(object_start + from + used),
                Err(e) => {
                    let (Errors::Custom(id), Some((start, end, reason))) = (errors, d.stop.take()) else {
                        return Err(e);
                    };
                    let err =
                        crate::UnicodeDecodeError { encoding: d.name, object, start, end, reason: &reason };
                    let (text, resume) = custom::decode(id.0, &err)?;
                    d.out.push_str(&text);
                    from = resume;
                }
            }
        }
    }

    /// Decodes `input`, which starts at a character boundary past any BOM,
    /// with positions reported from `d.base`.
    fn decode_from(&mut self, d: &mut Decoding<'_>, input: &[u8], last: bool) -> Result<usize> {
        let used = match self.kind {
            Kind::Utf8 { .. } => d.utf8(input, last, 0)?,
            Kind::Ascii => d.ascii(input)?,
            Kind::Latin1 => {
                d.latin1(input);
                input.len()
            }
            Kind::Utf { width, .. } => {
                d.utf_wide(input, width, self.endian.unwrap_or(Endian::native()), last, 0)?
            }
            Kind::Charmap(t) => d.charmap(t, input)?,
            Kind::DoubleByte(t) => d.double_byte(t, input, last)?,
            Kind::Gb18030 => d.gb18030(gb18030::table(), input, last)?,
            Kind::Utf7 => d.utf7(input, last)?,
            // The state moves as far as decoding got, so that an error
            // handler's resume point continues in it, as in CPython; a call
            // that fails in the end leaves the decoder as it was.
            Kind::Stateful(codec) => codec.decode(&mut self.st, d, input, last)?,
            Kind::Undefined => return Err(Error::Decode(UNDEFINED.into())),
            Kind::UnicodeEscape { raw } => d.unicode_escape(input, last, raw)?,
            Kind::Punycode => {
                // CPython refuses the handler at every call; the string
                // can only be decoded once it is all there.
                punycode::check_handler(d.errors)?;
                if !last {
                    return Ok(0);
                }
                punycode::decode(input, d.errors, d.out)?;
                input.len()
            }
            Kind::Idna => idna::decode(input, last, d.errors, d.out)?,
        };
        Ok(used)
    }
}

/// The name of a utf-16/32 codec in decode messages, in byte order `e`.
fn wide_name(width: usize, e: Option<Endian>) -> &'static str {
    match (width, e) {
        (2, Some(Endian::Big)) => "utf-16-be",
        (2, _) => "utf-16-le",
        (_, Some(Endian::Big)) => "utf-32-be",
        _ => "utf-32-le",
    }
}
