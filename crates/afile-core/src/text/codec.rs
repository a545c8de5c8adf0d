//! Codecs as Python names them, with Python's error handlers and messages.
//!
//! The simple codecs, where Python differs from the WHATWG labels that
//! `encoding_rs` follows (`latin-1` maps all 256 bytes; `utf-16`/`utf-32`
//! write a BOM; `ascii` is 7-bit), are written here. The legacy multi-byte
//! and single-byte codecs come from `encoding_rs`; `cp1252`'s five undefined
//! bytes are errors, as in Python, although WHATWG maps them to C1 controls.

use std::fmt::Write as _;

use encoding_rs::{DecoderResult, Encoding};

use crate::error::{Error, Result};

/// A codec error handler (Python's `errors=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Errors {
    Strict,
    Replace,
    Ignore,
    BackslashReplace,
    XmlCharRefReplace,
    /// Decoding would need lone surrogates, which a Rust `String` cannot
    /// hold; encoding a Rust `&str` (never a surrogate) is strict.
    SurrogateEscape,
}

impl Errors {
    pub(crate) fn parse(name: &str) -> Result<Self> {
        Ok(match name {
            "strict" => Self::Strict,
            "replace" => Self::Replace,
            "ignore" => Self::Ignore,
            "backslashreplace" => Self::BackslashReplace,
            "xmlcharrefreplace" => Self::XmlCharRefReplace,
            "surrogateescape" => Self::SurrogateEscape,
            _ => return Err(Error::InvalidArgument(format!("unknown error handler name '{name}'"))),
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Endian {
    Little,
    Big,
}

/// A codec and whatever state it learnt from the file (a BOM's byte order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Codec {
    Utf8 {
        sig: bool,
    },
    Ascii,
    Latin1,
    /// `width` 2 or 4; `endian` `None` until a BOM (or the first write) says.
    Utf {
        width: usize,
        endian: Option<Endian>,
        bom: bool,
    },
    Legacy(&'static Encoding),
}

/// Python's normalisation: lower case, `_` and ` ` as `-`.
fn normalise(name: &str) -> String {
    name.trim().to_ascii_lowercase().replace(['_', ' '], "-")
}

impl Codec {
    /// Looks up `name` as Python's codec registry would.
    pub(crate) fn lookup(name: &str) -> Result<Self> {
        let n = normalise(name);
        let codec = match n.as_str() {
            "utf-8" | "utf8" | "u8" | "utf" | "cp65001" => Self::Utf8 { sig: false },
            "utf-8-sig" | "utf8-sig" => Self::Utf8 { sig: true },
            "ascii" | "us-ascii" | "646" | "ansi-x3.4-1968" => Self::Ascii,
            "latin-1" | "latin1" | "latin" | "l1" | "iso-8859-1" | "iso8859-1" | "8859" | "cp819"
            | "iso-ir-100" => Self::Latin1,
            "utf-16" | "utf16" | "u16" => Self::Utf { width: 2, endian: None, bom: true },
            "utf-16-le" | "utf-16le" | "utf16le" => {
                Self::Utf { width: 2, endian: Some(Endian::Little), bom: false }
            }
            "utf-16-be" | "utf-16be" | "utf16be" => {
                Self::Utf { width: 2, endian: Some(Endian::Big), bom: false }
            }
            "utf-32" | "utf32" | "u32" => Self::Utf { width: 4, endian: None, bom: true },
            "utf-32-le" | "utf-32le" | "utf32le" => {
                Self::Utf { width: 4, endian: Some(Endian::Little), bom: false }
            }
            "utf-32-be" | "utf-32be" | "utf32be" => {
                Self::Utf { width: 4, endian: Some(Endian::Big), bom: false }
            }
            other => {
                let label = match other {
                    "cp1252" | "windows-1252" => "windows-1252".to_owned(),
                    "shift-jis" | "sjis" | "s-jis" | "shiftjis" | "cp932" | "ms932" | "mskanji" => {
                        "shift_jis".into()
                    }
                    "euc-kr" | "euckr" | "cp949" => "euc-kr".into(),
                    "big5" | "big5-tw" | "csbig5" => "big5".into(),
                    "gb2312" | "gbk" | "cp936" | "ms936" => "gbk".into(),
                    "koi8-r" | "koi8r" => "koi8-r".into(),
                    "koi8-u" | "koi8u" => "koi8-u".into(),
                    "euc-jp" | "eucjp" => "euc-jp".into(),
                    l if l.starts_with("cp125") => l.replacen("cp", "windows-", 1),
                    l => l.to_owned(),
                };
                match Encoding::for_label_no_replacement(label.as_bytes()) {
                    Some(enc) if enc != encoding_rs::UTF_8 => Self::Legacy(enc),
                    _ => return Err(Error::InvalidArgument(format!("unknown encoding: {name}"))),
                }
            }
        };
        Ok(codec)
    }

    /// The name Python's messages use for this codec.
    fn python_name(&self) -> String {
        match self {
            Self::Utf8 { sig: false } => "utf-8".into(),
            Self::Utf8 { sig: true } => "utf-8-sig".into(),
            Self::Ascii => "ascii".into(),
            Self::Latin1 => "latin-1".into(),
            Self::Utf { width, endian, bom } => {
                let bits = width * 8;
                match (endian, bom) {
                    (Some(Endian::Little), false) => format!("utf-{bits}-le"),
                    (Some(Endian::Big), false) => format!("utf-{bits}-be"),
                    _ => format!("utf-{bits}"),
                }
            }
            Self::Legacy(enc) if *enc == encoding_rs::WINDOWS_1252 || enc.is_single_byte() => {
                "charmap".into()
            }
            Self::Legacy(enc) => enc.name().to_ascii_lowercase().replace('-', "_"),
        }
    }

    /// The bytes `'\r'` takes in this codec (to hold a trailing one back).
    pub(crate) fn cr_len(&self) -> usize {
        match self {
            Self::Utf { width, .. } => *width,
            _ => 1,
        }
    }

    /// Whether this codec writes a byte order mark at the start of a file.
    pub(crate) fn writes_bom(&self) -> bool {
        matches!(self, Self::Utf8 { sig: true } | Self::Utf { bom: true, .. })
    }

    /// Decodes `input`, at the start of which the decoder is at a character
    /// boundary (`at_start`: at the file's first byte, where a BOM may be),
    /// appending the text to `out`. Unless `last`, an incomplete character
    /// at the end is left. Returns how many bytes it used; on an error
    /// `out` is as it was.
    pub(crate) fn decode(
        &mut self,
        input: &[u8],
        at_start: bool,
        last: bool,
        errors: Errors,
        out: &mut String,
    ) -> Result<usize> {
        let before = out.len();
        let res = self.decode_onto(input, at_start, last, errors, out);
        if res.is_err() {
            out.truncate(before);
        }
        res
    }

    fn decode_onto(
        &mut self,
        input: &[u8],
        at_start: bool,
        last: bool,
        errors: Errors,
        out: &mut String,
    ) -> Result<usize> {
        if errors == Errors::SurrogateEscape {
            return Err(Error::InvalidArgument(
                "errors='surrogateescape' cannot decode into a Rust String, which has no lone surrogates"
                    .into(),
            ));
        }
        let name = self.python_name();
        out.reserve(input.len());
        let mut d = Decoding { out, errors, name };
        let used = match self {
            Self::Utf8 { sig } => {
                let skip = if *sig && at_start && input.starts_with(b"\xef\xbb\xbf") { 3 } else { 0 };
                if *sig && at_start && !last && input.len() < 3 && b"\xef\xbb\xbf".starts_with(input) {
                    return Ok(0);
                }
                skip + d.utf8(&input[skip..], last, skip)?
            }
            Self::Ascii => {
                d.single_byte(input, |b| (b < 0x80).then_some(b as char), "ordinal not in range(128)")?
            }
            Self::Latin1 => d.single_byte(input, |b| Some(b as char), "")?,
            Self::Utf { width, endian, bom } => {
                let mut skip = 0;
                if *bom && at_start {
                    if input.len() < *width && !last {
                        return Ok(0);
                    }
                    let (le, be): (&[u8], &[u8]) = if *width == 2 {
                        (b"\xff\xfe", b"\xfe\xff")
                    } else {
                        (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
                    };
                    if input.starts_with(le) {
                        (*endian, skip) = (Some(Endian::Little), *width);
                    } else if input.starts_with(be) {
                        (*endian, skip) = (Some(Endian::Big), *width);
                    } else if endian.is_none() {
                        *endian = Some(Endian::Little);
                    }
                }
                let e = endian.unwrap_or(Endian::Little);
                skip + d.utf_wide(&input[skip..], *width, e, last, skip)?
            }
            Self::Legacy(enc) => d.legacy(enc, input, last)?,
        };
        Ok(used)
    }

    /// Encodes `text`, with a BOM first if `bom`.
    pub(crate) fn encode(&mut self, text: &str, bom: bool, errors: Errors, out: &mut Vec<u8>) -> Result<()> {
        if bom {
            match self {
                Self::Utf8 { sig: true } => out.extend_from_slice(b"\xef\xbb\xbf"),
                Self::Utf { width, endian, bom: true } => {
                    let e = *endian.get_or_insert(Endian::Little);
                    push_unit(out, 0xFEFF, *width, e);
                }
                _ => {}
            }
        }
        let name = self.python_name();
        match self {
            Self::Utf8 { .. } => out.extend_from_slice(text.as_bytes()),
            Self::Ascii => encode_each(text, out, errors, &name, "ordinal not in range(128)", |c, o| {
                (c.is_ascii()).then(|| o.push(c as u8)).is_some()
            })?,
            Self::Latin1 => encode_each(text, out, errors, &name, "ordinal not in range(256)", |c, o| {
                (u32::from(c) < 256).then(|| o.push(c as u32 as u8)).is_some()
            })?,
            Self::Utf { width, endian, .. } => {
                let e = *endian.get_or_insert(Endian::Little);
                for c in text.chars() {
                    if *width == 4 {
                        push_unit(out, u32::from(c), 4, e);
                    } else {
                        let mut units = [0u16; 2];
                        for u in c.encode_utf16(&mut units) {
                            push_unit(out, u32::from(*u), 2, e);
                        }
                    }
                }
            }
            Self::Legacy(enc) => {
                let enc = *enc;
                encode_each(text, out, errors, &name, "illegal multibyte sequence", |c, o| {
                    let mut buf = [0u8; 4];
                    let (bytes, _, unmappable) = enc.encode(c.encode_utf8(&mut buf));
                    if unmappable {
                        return false;
                    }
                    o.extend_from_slice(&bytes);
                    true
                })?
            }
        }
        Ok(())
    }
}

fn push_unit(out: &mut Vec<u8>, unit: u32, width: usize, e: Endian) {
    let bytes = unit.to_le_bytes();
    let mut unit_bytes = bytes[..width].to_vec();
    if e == Endian::Big {
        unit_bytes.reverse();
    }
    out.extend_from_slice(&unit_bytes);
}

/// Encodes char by char with `one`, applying the error handler to the chars
/// it cannot encode.
fn encode_each(
    text: &str,
    out: &mut Vec<u8>,
    errors: Errors,
    codec: &str,
    reason: &str,
    mut one: impl FnMut(char, &mut Vec<u8>) -> bool,
) -> Result<()> {
    for (pos, c) in text.chars().enumerate() {
        if one(c, out) {
            continue;
        }
        match errors {
            Errors::Strict | Errors::SurrogateEscape => {
                return Err(Error::Encode(format!(
                    "'{codec}' codec can't encode character {} in position {pos}: {reason}",
                    python_repr_char(c)
                )));
            }
            Errors::Replace => {
                one('?', out);
            }
            Errors::Ignore => {}
            Errors::BackslashReplace => {
                for b in escape(c).chars() {
                    one(b, out);
                }
            }
            Errors::XmlCharRefReplace => {
                for b in format!("&#{};", u32::from(c)).chars() {
                    one(b, out);
                }
            }
        }
    }
    Ok(())
}

/// Python's `\xNN`, `\uNNNN` or `\UNNNNNNNN` escape of a character.
fn escape(c: char) -> String {
    match u32::from(c) {
        n if n < 0x100 => format!("\\x{n:02x}"),
        n if n < 0x10000 => format!("\\u{n:04x}"),
        n => format!("\\U{n:08x}"),
    }
}

/// A character as Python's `repr` shows it in codec messages: `'\xef'`.
fn python_repr_char(c: char) -> String {
    format!("'{}'", escape(c))
}

/// One decode call: where the text goes and how errors are handled.
struct Decoding<'a> {
    out: &'a mut String,
    errors: Errors,
    name: String,
}

impl Decoding<'_> {
    /// Applies the error handler to the bad bytes `bad` at `pos`.
    fn bad(&mut self, bad: &[u8], pos: usize, reason: &str) -> Result<()> {
        match self.errors {
            Errors::Strict | Errors::SurrogateEscape | Errors::XmlCharRefReplace => {
                let what = match bad.len() {
                    1 => format!("byte 0x{:02x} in position {pos}", bad[0]),
                    n => format!("bytes in position {pos}-{}", pos + n - 1),
                };
                Err(Error::Decode(format!("'{}' codec can't decode {what}: {reason}", self.name)))
            }
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

    fn single_byte(&mut self, input: &[u8], map: impl Fn(u8) -> Option<char>, reason: &str) -> Result<usize> {
        for (i, &b) in input.iter().enumerate() {
            match map(b) {
                Some(c) => self.out.push(c),
                None => self.bad(&[b], i, reason)?,
            }
        }
        Ok(input.len())
    }

    fn utf8(&mut self, mut input: &[u8], last: bool, offset: usize) -> Result<usize> {
        let total = input.len();
        loop {
            match std::str::from_utf8(input) {
                Ok(s) => {
                    self.out.push_str(s);
                    return Ok(total);
                }
                Err(e) => {
                    let good = e.valid_up_to();
                    // SAFETY-free: `good` bytes were just validated.
                    self.out.push_str(std::str::from_utf8(&input[..good]).unwrap_or_default());
                    let pos = offset + total - input.len() + good;
                    match e.error_len() {
                        None if !last => return Ok(total - (input.len() - good)),
                        None => {
                            self.bad(&input[good..], pos, "unexpected end of data")?;
                            return Ok(total);
                        }
                        Some(n) => {
                            let lead = input[good];
                            let reason = if (0xC2..=0xF4).contains(&lead) {
                                "invalid continuation byte"
                            } else {
                                "invalid start byte"
                            };
                            self.bad(&input[good..good + n], pos, reason)?;
                            input = &input[good + n..];
                        }
                    }
                }
            }
        }
    }

    fn utf_wide(
        &mut self,
        input: &[u8],
        width: usize,
        e: Endian,
        last: bool,
        offset: usize,
    ) -> Result<usize> {
        let unit = |i: usize| -> u32 {
            let mut b = [0u8; 4];
            b[..width].copy_from_slice(&input[i..i + width]);
            if e == Endian::Big {
                b[..width].reverse();
            }
            u32::from_le_bytes(b)
        };
        let mut i = 0;
        while i + width <= input.len() {
            let u = unit(i);
            if width == 2 && (0xD800..0xDC00).contains(&u) {
                if i + 4 > input.len() {
                    if !last {
                        return Ok(i);
                    }
                    self.bad(&input[i..], offset + i, "unexpected end of data")?;
                    return Ok(input.len());
                }
                let low = unit(i + 2);
                if (0xDC00..0xE000).contains(&low) {
                    let c = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
                    self.out.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
                    i += 4;
                } else {
                    self.bad(&input[i..i + 2], offset + i, "illegal UTF-16 surrogate")?;
                    i += 2;
                }
                continue;
            }
            match char::from_u32(u) {
                Some(c) => self.out.push(c),
                None if width == 2 => self.bad(&input[i..i + 2], offset + i, "illegal encoding")?,
                None => self.bad(&input[i..i + 4], offset + i, "code point not in range(0x110000)")?,
            }
            i += width;
        }
        if i < input.len() {
            if !last {
                return Ok(i);
            }
            self.bad(&input[i..], offset + i, "truncated data")?;
        }
        Ok(input.len())
    }

    /// Decodes with `encoding_rs`, a fresh decoder per run so that no state
    /// outlives the call: an incomplete sequence at the end (unless `last`) is
    /// left for the next call, which keeps segment starts at clean boundaries.
    fn legacy(&mut self, enc: &'static Encoding, input: &[u8], last: bool) -> Result<usize> {
        let single = enc.is_single_byte();
        let reason = if single { "character maps to <undefined>" } else { "illegal multibyte sequence" };
        let hole = |b: u8| enc == encoding_rs::WINDOWS_1252 && matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D);
        let mut pos = 0;
        while pos < input.len() {
            if hole(input[pos]) {
                self.bad(&input[pos..=pos], pos, reason)?;
                pos += 1;
                continue;
            }
            let end = input[pos..].iter().position(|&b| hole(b)).map_or(input.len(), |k| pos + k);
            let mut decoder = enc.new_decoder_without_bom_handling();
            let room =
                decoder.max_utf8_buffer_length_without_replacement(end - pos).unwrap_or(4 * (end - pos) + 16);
            self.out.reserve(room);
            let (result, read) =
                decoder.decode_to_string_without_replacement(&input[pos..end], self.out, true);
            match result {
                DecoderResult::Malformed(bad, extra) => {
                    let start = pos + read - usize::from(extra) - usize::from(bad);
                    let bad = usize::from(bad).max(1);
                    if !last && start + bad >= input.len() {
                        return Ok(start);
                    }
                    self.bad(&input[start..start + bad], start, reason)?;
                    pos = start + bad;
                }
                _ => pos += read,
            }
        }
        Ok(input.len())
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
    fn unknown_names_use_python_wording() {
        assert_eq!(
            Codec::lookup("no-such-codec").unwrap_err().to_string(),
            "unknown encoding: no-such-codec"
        );
        assert_eq!(Errors::parse("nope").unwrap_err().to_string(), "unknown error handler name 'nope'");
    }
}
