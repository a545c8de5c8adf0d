//! The single-byte (charmap) codecs: cp037 … cp1258, the DOS and Mac pages,
//! iso8859_*, koi8_*, kz1048, ptcp154, tis_620, hp_roman8, palmos, …
//!
//! Each is a 256-entry decode table and the list of characters CPython
//! encodes (not always the inverse of the decode table: CPython leaves a
//! character that two bytes decode to unencodable in some codecs), from
//! `data/codecs/single_byte.bin`, which `cargo xtask codecs` generates by
//! asking CPython 3.12 about every byte and every BMP character.

use std::sync::OnceLock;

use crate::ascii::ascii_len;
use crate::decoding::Decoding;
use crate::error::Result;
use crate::fast::{Packed, decode_bytes, pack};
use crate::tables::Reader;

static DATA: &[u8] = include_bytes!("../data/single_byte.bin");

/// The decode entry of a byte that maps to nothing (as in CPython's tables).
const UNDEFINED: u16 = 0xFFFE;

/// One charmap codec.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct SingleByte {
    /// Its module in CPython's `encodings` package.
    pub(crate) module: &'static str,
    /// The codec name in its decode and its encode error messages.
    pub(crate) decode_name: &'static str,
    pub(crate) encode_name: &'static str,
    decode: [u16; 256],
    /// Each byte's character as UTF-8 (0: none).
    utf8: [Packed; 256],
    /// Bytes 0..0x80 decode to themselves and ASCII encodes to itself.
    ascii: bool,
    /// (character, byte), sorted by character.
    encode: Vec<(u16, u8)>,
}

fn parse_one(r: &mut Reader) -> Option<SingleByte> {
    let (module, decode_name, encode_name) = (r.str()?, r.str()?, r.str()?);
    let mut decode = [0u16; 256];
    for d in &mut decode {
        *d = r.u16()?;
    }
    let n = r.u16()?;
    let mut encode = Vec::with_capacity(usize::from(n));
    for _ in 0..n {
        encode.push((r.u16()?, r.u8()?));
    }
    let ascii = (0..0x80u16).all(|b| decode[usize::from(b)] == b)
        && encode
            .iter()
            .take_while(|e| e.0 < 0x80)
            .eq((0..0x80u16).map(|b| (b, b as u8)).collect::<Vec<_>>().iter());
    let utf8 = decode.map(|u| match u {
        UNDEFINED => 0,
        u => char::from_u32(u32::from(u)).map_or(0, pack),
    });
    Some(SingleByte { module, decode_name, encode_name, decode, utf8, ascii, encode })
}

fn tables() -> &'static [SingleByte] {
    static TABLES: OnceLock<Vec<SingleByte>> = OnceLock::new();
    TABLES.get_or_init(|| Reader::all(DATA, parse_one))
}

/// The charmap codec of CPython module `module`, if it is one.
pub(crate) fn find(module: &str) -> Option<&'static SingleByte> {
    tables().iter().find(|t| t.module == module)
}

impl SingleByte {
    /// Appends the byte for `c`, if the codec has one.
    pub(crate) fn encode_char(&self, c: char, out: &mut Vec<u8>) -> bool {
        let n = u32::from(c);
        if self.ascii && n < 0x80 {
            out.push(n as u8);
            return true;
        }
        let Ok(n) = u16::try_from(n) else { return false };
        match self.encode.binary_search_by_key(&n, |e| e.0) {
            Ok(i) => {
                out.push(self.encode[i].1);
                true
            }
            Err(_) => false,
        }
    }
}

impl Decoding<'_> {
    /// Decodes with a charmap table (every byte stands alone).
    pub(crate) fn charmap(&mut self, t: &SingleByte, input: &[u8]) -> Result<usize> {
        let mut i = 0;
        loop {
            i = decode_bytes(self.out, input, i, t.ascii, &t.utf8);
            let Some(&b) = input.get(i) else { return Ok(input.len()) };
            match t.decode[usize::from(b)] {
                UNDEFINED => self.bad(&[b], i, "character maps to <undefined>")?,
                u => self.out.push(char::from_u32(u32::from(u)).unwrap_or('\u{FFFD}')),
            }
            i += 1;
        }
    }
}

impl Decoding<'_> {
    /// Decodes ASCII: every byte below 0x80 is itself.
    pub(crate) fn ascii(&mut self, input: &[u8]) -> Result<usize> {
        let mut i = 0;
        while i < input.len() {
            let run = ascii_len(&input[i..]);
            self.push_ascii(&input[i..i + run]);
            i += run;
            if i < input.len() {
                self.bad(&input[i..=i], i, "ordinal not in range(128)")?;
                i += 1;
            }
        }
        Ok(input.len())
    }

    /// Decodes Latin-1: every byte is the code point of its value.
    pub(crate) fn latin1(&mut self, input: &[u8]) {
        let mut i = 0;
        while i < input.len() {
            let run = ascii_len(&input[i..]);
            self.push_ascii(&input[i..i + run]);
            i += run;
            while let Some(&b) = input.get(i).filter(|b| !b.is_ascii()) {
                // SAFETY: two bytes 0b110000xx 0b10xxxxxx are the UTF-8 of
                // U+0080..=U+00FF.
                unsafe { self.push_utf8(&[0xC0 | (b >> 6), 0x80 | (b & 0x3F)]) };
                i += 1;
            }
        }
    }
}
