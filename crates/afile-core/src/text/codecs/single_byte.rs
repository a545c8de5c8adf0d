//! The single-byte (charmap) codecs: cp037 … cp1258, the DOS and Mac pages,
//! iso8859_*, koi8_*, kz1048, ptcp154, tis_620, hp_roman8, palmos, …
//!
//! Each is a 256-entry decode table and the list of characters CPython
//! encodes (not always the inverse of the decode table: CPython leaves a
//! character that two bytes decode to unencodable in some codecs), from
//! `data/codecs/single_byte.bin`, which `cargo xtask codecs` generates by
//! asking CPython 3.12 about every byte and every BMP character.

use std::sync::OnceLock;

use super::handler::Decoding;
use crate::error::Result;

static DATA: &[u8] = include_bytes!("../../../data/codecs/single_byte.bin");

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
    /// Bytes 0..0x80 decode to themselves and ASCII encodes to itself.
    ascii: bool,
    /// (character, byte), sorted by character.
    encode: Vec<(u16, u8)>,
}

/// A cursor over the generated data.
pub(crate) struct Reader(pub(crate) &'static [u8]);

impl Reader {
    pub(crate) fn take(&mut self, n: usize) -> Option<&'static [u8]> {
        let (head, tail) = (self.0.get(..n)?, self.0.get(n..)?);
        self.0 = tail;
        Some(head)
    }
    pub(crate) fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }
    pub(crate) fn u16(&mut self) -> Option<u16> {
        self.take(2).map(|b| u16::from_le_bytes([b[0], b[1]]))
    }
    pub(crate) fn u32(&mut self) -> Option<u32> {
        self.take(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    pub(crate) fn str(&mut self) -> Option<&'static str> {
        let n = self.u8()?;
        std::str::from_utf8(self.take(usize::from(n))?).ok()
    }

    /// Every table of a generated data file, parsed one after another until
    /// the data ends (or stops making sense).
    pub(crate) fn all<T>(data: &'static [u8], parse_one: fn(&mut Reader) -> Option<T>) -> Vec<T> {
        let mut r = Reader(data);
        let mut all = Vec::new();
        while !r.0.is_empty() {
            match parse_one(&mut r) {
                Some(t) => all.push(t),
                None => break,
            }
        }
        all
    }
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
    Some(SingleByte { module, decode_name, encode_name, decode, ascii, encode })
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
        while i < input.len() {
            if t.ascii && input[i].is_ascii() {
                let run = input[i..].iter().position(|b| !b.is_ascii()).unwrap_or(input.len() - i);
                // The run is ASCII, so it is UTF-8.
                self.out.push_str(std::str::from_utf8(&input[i..i + run]).unwrap_or_default());
                i += run;
                if i == input.len() {
                    break;
                }
            }
            let b = input[i];
            match t.decode[usize::from(b)] {
                UNDEFINED => self.bad(&[b], i, "character maps to <undefined>")?,
                u => self.out.push(char::from_u32(u32::from(u)).unwrap_or('\u{FFFD}')),
            }
            i += 1;
        }
        Ok(input.len())
    }
}
