//! The streaming encoder: encodes text, keeping the codec's state between
//! calls (a BOM still to write, a stateful codec's designations).

use crate::decoder::UNDEFINED;
use crate::encoding::{Unencodable, encode_ahead, encode_each};
use crate::error::{Error, Result};
use crate::errors::Errors;
use crate::kind::Kind;
use crate::stateful::State;
use crate::unicode::{Endian, push_wide};
use crate::{escape, gb18030, idna, punycode, utf7};

/// A codec's encoder with its state, small and `Copy`: whether a BOM is
/// still to be written and, for hz and iso2022, the designations and shift
/// the bytes written so far left.
///
/// Unlike [`IncrementalEncoder`](crate::IncrementalEncoder), it does not
/// hold back a character that may combine with the next one (see
/// [`holds_back`](Encoder::holds_back)).
///
/// ```
/// use afile_codecs::Errors;
/// let mut e = afile_codecs::lookup("iso2022_jp")?.encoder();
/// let mut out = Vec::new();
/// e.encode_to_vec("か", Errors::Strict, &mut out)?;
/// e.encode_to_vec("き", Errors::Strict, &mut out)?; // still designated
/// e.finish(&mut out);
/// assert_eq!(out, b"\x1b$B$+$-\x1b(B");
/// # Ok::<(), afile_codecs::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Encoder {
    kind: Kind,
    bom_pending: bool,
    st: State,
}

impl Encoder {
    pub(crate) fn new(kind: Kind) -> Self {
        Self { kind, bom_pending: kind.writes_bom(), st: State::INITIAL }
    }

    /// Encodes `text` onto `out` (after the BOM, if this is the first
    /// call of a codec that writes one).
    ///
    /// # Errors
    ///
    /// What the handler `errors` raises, as in CPython
    /// ([`Error::Encode`] for strict). On an error, the encoder is as it
    /// was; `out` may hold part of the text.
    ///
    /// # Examples
    ///
    /// ```
    /// use afile_codecs::Errors;
    /// let mut e = afile_codecs::lookup("cp1252")?.encoder();
    /// let mut out = Vec::new();
    /// e.encode_to_vec("€ ½ ✓", Errors::XmlCharRefReplace, &mut out)?;
    /// assert_eq!(out, b"\x80 \xbd &#10003;");
    /// # Ok::<(), afile_codecs::Error>(())
    /// ```
    pub fn encode_to_vec(&mut self, text: &str, errors: Errors, out: &mut Vec<u8>) -> Result<()> {
        if self.bom_pending {
            match self.kind {
                Kind::Utf8 { sig: true } => out.extend_from_slice(b"\xef\xbb\xbf"),
                Kind::Utf { width, fixed: None } => push_wide(out, 0xFEFF, width, Endian::native()),
                _ => {}
            }
        }
        self.encode_text(text, errors, out)?;
        self.bom_pending = false;
        Ok(())
    }

    fn encode_text(&mut self, text: &str, errors: Errors, out: &mut Vec<u8>) -> Result<()> {
        let limited = |name, reason| Unencodable { name, reason, runs: true };
        match self.kind {
            Kind::Utf8 { .. } => out.extend_from_slice(text.as_bytes()),
            Kind::Ascii => {
                let how = limited("ascii", "ordinal not in range(128)");
                encode_each(text, out, errors, &how, |c, o| c.is_ascii().then(|| o.push(c as u8)).is_some())?
            }
            Kind::Latin1 => {
                let how = limited("latin-1", "ordinal not in range(256)");
                encode_each(text, out, errors, &how, |c, o| {
                    u8::try_from(u32::from(c)).map(|b| o.push(b)).is_ok()
                })?
            }
            Kind::Charmap(t) => {
                // CPython encodes the identity-mapped iso8859_1 with latin-1.
                let reason = if t.encode_name == "latin-1" {
                    "ordinal not in range(256)"
                } else {
                    "character maps to <undefined>"
                };
                encode_each(text, out, errors, &limited(t.encode_name, reason), |c, o| t.encode_char(c, o))?
            }
            Kind::DoubleByte(t) => {
                let how = Unencodable::multibyte(t.module);
                encode_ahead(text, out, errors, &how, |c, next, o| t.encode_char(c, next, o))?
            }
            Kind::Gb18030 => {
                let how = Unencodable::multibyte("gb18030");
                let t = gb18030::table();
                encode_each(text, out, errors, &how, |c, o| t.encode_char(c, o))?
            }
            // Never fails: a Rust `str` holds no surrogates.
            Kind::Utf7 => utf7::encode(text, out),
            Kind::Stateful(codec) => {
                let how = Unencodable::multibyte(codec.module);
                let mut st = self.st;
                encode_ahead(text, out, errors, &how, |c, next, o| codec.encode_char(&mut st, c, next, o))?;
                self.st = st;
            }
            Kind::Utf { width, fixed } => {
                // CPython's utf-16/32 encoder writes native order after its BOM.
                let e = fixed.unwrap_or(Endian::native());
                for c in text.chars() {
                    if width == 4 {
                        push_wide(out, u32::from(c), 4, e);
                    } else {
                        let mut units = [0u16; 2];
                        for u in c.encode_utf16(&mut units) {
                            push_wide(out, u32::from(*u), 2, e);
                        }
                    }
                }
            }
            Kind::Undefined => return Err(Error::Encode(UNDEFINED.into())),
            Kind::UnicodeEscape { raw } => escape::encode(text, raw, out),
            Kind::Punycode => punycode::encode(text, out),
            Kind::Idna => idna::encode(text, errors, out)?,
        }
        Ok(())
    }

    /// Ends the stream: a stateful codec returns to its initial state
    /// (CPython's final `encode("", True)`: iso2022 writes `SI` if shifted
    /// and `ESC ( B` unless G0 is ASCII, hz `~}` inside GB2312); other
    /// codecs write nothing.
    ///
    /// ```
    /// use afile_codecs::Errors;
    /// let mut e = afile_codecs::lookup("iso2022_kr")?.encoder();
    /// let mut out = Vec::new();
    /// e.encode_to_vec("가", Errors::Strict, &mut out)?;
    /// e.finish(&mut out);
    /// assert_eq!(out, b"\x1b$)C\x0e0!\x0f");
    /// # Ok::<(), afile_codecs::Error>(())
    /// ```
    pub fn finish(&mut self, out: &mut Vec<u8>) {
        if let Kind::Stateful(codec) = self.kind {
            codec.finish(&mut self.st, out);
        }
    }

    /// Whether a codec's incremental encoder holds `c` back at the end of
    /// a call, because the next character may combine with it into one
    /// code (the first of a JIS X 0213 or HKSCS pair), as CPython's does.
    ///
    /// ```
    /// let e = afile_codecs::lookup("shift_jis_2004")?.encoder();
    /// assert!(e.holds_back('か')); // か + U+309A is one code
    /// assert!(!e.holds_back('a'));
    /// # Ok::<(), afile_codecs::Error>(())
    /// ```
    pub fn holds_back(&self, c: char) -> bool {
        match self.kind {
            Kind::DoubleByte(t) => t.starts_pair(c),
            Kind::Stateful(codec) => codec.starts_pair(c),
            _ => false,
        }
    }

    /// Whether this codec writes a byte order mark first (utf-16, utf-32,
    /// utf-8-sig).
    ///
    /// ```
    /// assert!(afile_codecs::lookup("utf-16")?.encoder().writes_bom());
    /// assert!(!afile_codecs::lookup("utf-16-le")?.encoder().writes_bom());
    /// # Ok::<(), afile_codecs::Error>(())
    /// ```
    pub fn writes_bom(&self) -> bool {
        self.kind.writes_bom()
    }

    /// The encoder's state as a number: for hz and iso2022 the
    /// designations and shift (afile's own numbers, but 0 is CPython's 0:
    /// nothing designated),
    /// for utf-16/32 CPython's 2 while the BOM is still to be written,
    /// for utf-8-sig CPython's 1; else 0.
    ///
    /// ```
    /// let mut e = afile_codecs::lookup("utf-16")?.encoder();
    /// assert_eq!(e.state(), 2);
    /// e.encode_to_vec("", afile_codecs::Errors::Strict, &mut Vec::new())?;
    /// assert_eq!(e.state(), 0);
    /// # Ok::<(), afile_codecs::Error>(())
    /// ```
    pub fn state(&self) -> u32 {
        match self.kind {
            Kind::Stateful(_) => self.st.pack_raw(),
            Kind::Utf { fixed: None, .. } => 2 * u32::from(self.bom_pending),
            Kind::Utf8 { sig: true } => u32::from(self.bom_pending),
            _ => 0,
        }
    }

    /// Sets the state, as CPython's encoder `setstate`: a number that
    /// [`state`](Self::state) gave. CPython's `TextIOWrapper` calls
    /// `setstate(0)` after a seek away from the start: then a stateful
    /// codec has nothing designated, so the next character designates its
    /// set again, and no BOM is written.
    ///
    /// ```
    /// use afile_codecs::Errors;
    /// let mut e = afile_codecs::lookup("iso2022_jp")?.encoder();
    /// e.set_state(0);
    /// let mut out = Vec::new();
    /// e.encode_to_vec("a", Errors::Strict, &mut out)?;
    /// assert_eq!(out, b"\x1b(Ba");
    /// # Ok::<(), afile_codecs::Error>(())
    /// ```
    pub fn set_state(&mut self, state: u32) {
        match self.kind {
            Kind::Stateful(_) => self.st = State::unpack_raw(state),
            Kind::Utf { fixed: None, .. } | Kind::Utf8 { sig: true } => self.bom_pending = state != 0,
            _ => {}
        }
    }

    /// CPython's encoder `reset()`: a BOM is written again first, and a
    /// stateful codec returns G0 to ASCII and shifts out (without writing
    /// the bytes that would do it).
    ///
    /// ```
    /// let mut e = afile_codecs::lookup("utf-8-sig")?.encoder();
    /// let mut out = Vec::new();
    /// e.encode_to_vec("a", afile_codecs::Errors::Strict, &mut out)?;
    /// e.reset();
    /// e.encode_to_vec("b", afile_codecs::Errors::Strict, &mut out)?;
    /// assert_eq!(out, b"\xef\xbb\xbfa\xef\xbb\xbfb");
    /// # Ok::<(), afile_codecs::Error>(())
    /// ```
    pub fn reset(&mut self) {
        self.bom_pending = self.kind.writes_bom();
        self.st.reset_decoder();
    }
}
