//! `idna` (RFC 3490, with nameprep), as CPython 3.12's `encodings.idna`
//! incremental codecs, the ones `open()` uses.
//!
//! Decoding: the bytes must be ASCII; they are split at `.` into labels,
//! and a label that starts with `xn--` is punycode-decoded and must
//! survive `ToASCII` unchanged (`IDNA does not round-trip`). Labels are
//! decoded as soon as the `.` after them has been read; the rest waits for
//! the next chunk or the end of the file. Only `errors='strict'` is
//! accepted (`Unsupported error handling X` otherwise, as CPython).
//!
//! Encoding splits at the four dots IDNA knows (`.`, `。`, `．`, `｡`) and
//! turns each label into ASCII (`ToASCII`: nameprep, punycode, `xn--`).
//!
//! Two differences from CPython, both where CPython's incremental codecs
//! lose or repeat text through `open()`:
//!
//! * CPython's encoder keeps the text after the last dot of a `write()` for
//!   the next `write()`, and `TextIOWrapper` never asks for it at close, so
//!   `write("www.bücher.de")` leaves `www.xn--bcher-kva.` in the file. afile
//!   encodes each `write()` whole (nothing written is lost); a label split
//!   across two `write()` calls is therefore encoded as two pieces.
//! * CPython's decoder miscounts the bytes it used when a chunk starts with
//!   empty labels (`..a`), so `readline()` repeats text (`...aa`) where
//!   `read()` does not; afile gives `read()`'s answer however it reads.

use crate::error::{Error, Result};
use crate::errors::Errors;
use crate::nameprep::{Refusal, nameprep};
use crate::punycode;

const ACE: &[u8] = b"xn--";

/// CPython's `UnicodeError` texts raised by the idna codec.
fn unicode_error(msg: impl Into<String>) -> Error {
    Error::Decode(msg.into())
}

fn encode_error(msg: impl Into<String>) -> Error {
    Error::Encode(msg.into())
}

/// The length check of `ToASCII`.
fn checked(label: Vec<u8>) -> std::result::Result<Vec<u8>, &'static str> {
    if (1..64).contains(&label.len()) { Ok(label) } else { Err("label empty or too long") }
}

/// `ToASCII` of one label (code points): its ASCII form, or CPython's
/// message.
pub(crate) fn to_ascii(label: &[u32]) -> std::result::Result<Vec<u8>, String> {
    if label.iter().all(|&c| c < 0x80) {
        return checked(label.iter().map(|&c| c as u8).collect()).map_err(String::from);
    }
    let label = nameprep(label).map_err(|r: Refusal| r.to_string())?;
    if label.iter().all(|&c| c < 0x80) {
        return checked(label.iter().map(|&c| c as u8).collect()).map_err(String::from);
    }
    if label.len() >= 4 && label[..4].iter().zip(ACE).all(|(&c, &a)| c == u32::from(a)) {
        return Err("Label starts with ACE prefix".into());
    }
    let mut out = ACE.to_vec();
    punycode::encode_points(&label, &mut out);
    checked(out).map_err(String::from)
}

/// Python's `repr` of a `bytes` value.
fn bytes_repr(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') { '"' } else { '\'' };
    let mut s = format!("b{quote}");
    for &c in b {
        match c {
            b'\\' => s.push_str("\\\\"),
            b'\t' => s.push_str("\\t"),
            b'\n' => s.push_str("\\n"),
            b'\r' => s.push_str("\\r"),
            _ if c == quote as u8 => {
                s.push('\\');
                s.push(quote);
            }
            0x20..=0x7E => s.push(char::from(c)),
            _ => s.push_str(&format!("\\x{c:02x}")),
        }
    }
    s.push(quote);
    s
}

/// `ToUnicode` of one ASCII label, appended to `out`.
fn to_unicode(label: &[u8], out: &mut String) -> Result<()> {
    if label.len() > 1024 {
        return Err(unicode_error("label way too long"));
    }
    if !label.starts_with(ACE) {
        // ASCII (checked by the caller), so UTF-8.
        out.push_str(std::str::from_utf8(label).unwrap_or_default());
        return Ok(());
    }
    let result = punycode::decode_points(&label[ACE.len()..], Errors::Strict)?;
    let again = to_ascii(&result).map_err(unicode_error)?;
    if label.to_ascii_lowercase() != again {
        return Err(unicode_error(format!(
            "('IDNA does not round-trip', {}, {})",
            bytes_repr(label),
            bytes_repr(&again)
        )));
    }
    match result.iter().map(|&c| char::from_u32(c)).collect::<Option<String>>() {
        Some(text) => {
            out.push_str(&text);
            Ok(())
        }
        // ToASCII refuses surrogates (stringprep C.5), so this is not reached.
        None => Err(unicode_error("label decodes to a lone surrogate, which a Rust String cannot hold")),
    }
}

/// CPython's refusal of any handler but `strict` (its decoder says
/// `Unsupported`, its encoder `unsupported`).
fn check_strict(errors: Errors, capital: bool) -> std::result::Result<(), String> {
    match errors {
        Errors::Strict => Ok(()),
        other => Err(format!(
            "{} error handling {}",
            if capital { "Unsupported" } else { "unsupported" },
            other.name()
        )),
    }
}

/// Decodes the labels of `input` that are complete (all of them if
/// `last`), appending the text to `out`; returns the bytes used.
pub(crate) fn decode(input: &[u8], last: bool, errors: Errors, out: &mut String) -> Result<usize> {
    check_strict(errors, true).map_err(unicode_error)?;
    if let Some(i) = input.iter().position(|b| !b.is_ascii()) {
        return Err(unicode_error(format!(
            "'ascii' codec can't decode byte 0x{:02x} in position {i}: ordinal not in range(128)",
            input[i]
        )));
    }
    let used = if last { input.len() } else { input.iter().rposition(|&b| b == b'.').map_or(0, |d| d + 1) };
    let mut labels: Vec<&[u8]> = input[..used].split(|&b| b == b'.').collect();
    // The piece after the last dot is empty unless it is the last label.
    let trailing_dot = labels.len() > 1 && labels.last().is_some_and(|l| l.is_empty());
    if trailing_dot || used == 0 {
        labels.pop();
    }
    for (k, label) in labels.iter().enumerate() {
        if k > 0 {
            out.push('.');
        }
        to_unicode(label, out)?;
    }
    if trailing_dot {
        out.push('.');
    }
    Ok(used)
}

/// Whether `c` is one of the dots IDNA splits at.
fn is_dot(c: char) -> bool {
    matches!(c, '.' | '\u{3002}' | '\u{FF0E}' | '\u{FF61}')
}

/// Encodes the text of one `write()` as CPython's incremental encoder
/// encodes a final piece.
pub(crate) fn encode(text: &str, errors: Errors, out: &mut Vec<u8>) -> Result<()> {
    check_strict(errors, false).map_err(encode_error)?;
    if text.is_empty() {
        return Ok(());
    }
    let mut labels: Vec<&str> = text.split(is_dot).collect();
    let trailing_dot = labels.last().is_some_and(|l| l.is_empty());
    if trailing_dot {
        labels.pop();
    }
    let mut encoded = Vec::with_capacity(text.len());
    for (k, label) in labels.iter().enumerate() {
        if k > 0 {
            encoded.push(b'.');
        }
        let points: Vec<u32> = label.chars().map(u32::from).collect();
        encoded.extend(to_ascii(&points).map_err(encode_error)?);
    }
    if trailing_dot {
        encoded.push(b'.');
    }
    out.extend(encoded);
    Ok(())
}
