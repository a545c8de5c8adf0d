//! gb18030 as CPython 3.12 has it (the GB18030-2000 mappings, with
//! `a8 bc` ↔ U+E7C7 and `81 35 f4 37` ↔ U+1E3F): ASCII bytes, two-byte codes
//! (lead 0x81..=0xfe, trail 0x40..=0xfe), and four-byte codes (lead, a
//! digit, 0x81..=0xfe, a digit), which cover the rest of the BMP and the
//! supplementary planes.
//!
//! The tables, `data/codecs/gb18030.bin`, are CPython's answers (`cargo
//! xtask codecs`): the character of every two-byte code, the four-byte
//! codes as ranges of their linear index that map to runs of consecutive
//! characters, and the characters CPython encodes other than by inverting
//! those two tables (none in 3.12.1; the generator checks).
//!
//! Errors are CPython's: a lead byte (0x80..=0xff) needs one more byte, and
//! a digit after it three more, else the tail is an `incomplete multibyte
//! sequence` at the end of input; a code that maps to nothing is an
//! `illegal multibyte sequence` of its first byte alone, and decoding goes
//! on with the next byte.

use std::sync::OnceLock;

use crate::decoding::{Decoding, ILLEGAL_MULTIBYTE, INCOMPLETE_MULTIBYTE};
use crate::error::Result;
use crate::tables::Reader;

static DATA: &[u8] = include_bytes!("../data/gb18030.bin");

/// The trail bytes of two-byte codes, `0x40..=0xfe`.
const TRAIL_LO: u8 = 0x40;
const TRAILS: usize = 0xFF - 0x40;

/// The parsed tables.
#[derive(Debug)]
pub(crate) struct Gb18030 {
    /// The character of each two-byte code, `(lead - 0x81) * TRAILS +
    /// trail - 0x40`; 0 for none.
    two: Vec<u16>,
    /// Four-byte codes: (first index, end index, first character), sorted
    /// by index.
    ranges: Vec<(u32, u32, u32)>,
    /// The inverse of `two` (the first code of a character), sorted.
    by_char: Vec<(u16, u16)>,
    /// The ranges sorted by character (the generator checks that they
    /// hold disjoint characters).
    ranges_by_char: Vec<(u32, u32, u32)>,
    /// Characters CPython encodes otherwise: (character, code, length).
    exceptions: Vec<(u32, u32, u8)>,
}

fn parse(r: &mut Reader) -> Option<Gb18030> {
    let n = r.u32()? as usize;
    let two = (0..n).map(|_| r.u16()).collect::<Option<Vec<_>>>()?;
    let ranges = (0..r.u16()?).map(|_| Some((r.u32()?, r.u32()?, r.u32()?))).collect::<Option<Vec<_>>>()?;
    let mut exceptions = Vec::new();
    for _ in 0..r.u32()? {
        let (c, len) = (r.u32()?, r.u8()?);
        let code = r.take(4)?;
        exceptions.push((c, u32::from_be_bytes([code[0], code[1], code[2], code[3]]), len));
    }
    let mut by_char: Vec<(u16, u16)> = Vec::with_capacity(two.len());
    for (k, &c) in two.iter().enumerate() {
        if c != 0 {
            let code = (0x81 + k / TRAILS) << 8 | (usize::from(TRAIL_LO) + k % TRAILS);
            by_char.push((c, u16::try_from(code).ok()?));
        }
    }
    // Stable sort: the first code (in code order) of a character leads.
    by_char.sort_by_key(|e| e.0);
    by_char.dedup_by_key(|e| e.0);
    let mut ranges_by_char = ranges.clone();
    ranges_by_char.sort_by_key(|r| r.2);
    exceptions.sort_unstable();
    Some(Gb18030 { two, ranges, by_char, ranges_by_char, exceptions })
}

/// The tables (parsed once).
pub(crate) fn table() -> &'static Gb18030 {
    static TABLE: OnceLock<Gb18030> = OnceLock::new();
    TABLE.get_or_init(|| {
        parse(&mut Reader(DATA)).unwrap_or(Gb18030 {
            two: Vec::new(),
            ranges: Vec::new(),
            by_char: Vec::new(),
            ranges_by_char: Vec::new(),
            exceptions: Vec::new(),
        })
    })
}

/// The four bytes of the four-byte code with linear index `i`.
fn quad(i: u32) -> [u8; 4] {
    let (i, b4) = (i / 10, i % 10);
    let (i, b3) = (i / 126, i % 126);
    let (b1, b2) = (i / 10, i % 10);
    [0x81 + b1 as u8, 0x30 + b2 as u8, 0x81 + b3 as u8, 0x30 + b4 as u8]
}

impl Gb18030 {
    /// The character of a whole two-byte code, if it has one.
    fn pair(&self, lead: u8, trail: u8) -> Option<char> {
        if !(0x81..=0xFE).contains(&lead) || !(TRAIL_LO..=0xFE).contains(&trail) {
            return None;
        }
        let k = usize::from(lead - 0x81) * TRAILS + usize::from(trail - TRAIL_LO);
        self.two.get(k).copied().filter(|&c| c != 0).and_then(|c| char::from_u32(u32::from(c)))
    }

    /// The character of a whole four-byte code (its second byte a digit),
    /// if it has one.
    fn four(&self, code: &[u8]) -> Option<char> {
        let [b1, b2, b3, b4] = *code else { return None };
        if !(0x81..=0xFE).contains(&b1) || !(0x81..=0xFE).contains(&b3) || !b4.is_ascii_digit() {
            return None;
        }
        let i = ((u32::from(b1 - 0x81) * 10 + u32::from(b2 - b'0')) * 126 + u32::from(b3 - 0x81)) * 10
            + u32::from(b4 - b'0');
        let k = self.ranges.partition_point(|r| r.1 <= i);
        let &(start, end, first) = self.ranges.get(k)?;
        (start..end).contains(&i).then(|| char::from_u32(first + i - start)).flatten()
    }

    /// Appends the code of `c`; false if CPython cannot encode it.
    pub(crate) fn encode_char(&self, c: char, out: &mut Vec<u8>) -> bool {
        let n = u32::from(c);
        if let Ok(k) = self.exceptions.binary_search_by_key(&n, |e| e.0) {
            let (_, code, len) = self.exceptions[k];
            out.extend_from_slice(&code.to_be_bytes()[4 - usize::from(len)..]);
            return true;
        }
        if n < 0x80 {
            out.push(n as u8);
            return true;
        }
        if let Ok(small) = u16::try_from(n)
            && let Ok(k) = self.by_char.binary_search_by_key(&small, |e| e.0)
        {
            out.extend_from_slice(&self.by_char[k].1.to_be_bytes());
            return true;
        }
        // The range (they hold disjoint characters) that holds `n`.
        let k = self.ranges_by_char.partition_point(|r| r.2 <= n);
        if let Some(&(start, end, first)) = k.checked_sub(1).and_then(|k| self.ranges_by_char.get(k))
            && n - first < end - start
        {
            out.extend_from_slice(&quad(start + n - first));
            return true;
        }
        false
    }
}

impl Decoding<'_> {
    /// Decodes gb18030; unless `last`, an incomplete code at the end is
    /// left for the next call.
    pub(crate) fn gb18030(&mut self, t: &Gb18030, input: &[u8], last: bool) -> Result<usize> {
        let mut i = 0;
        while i < input.len() {
            let b = input[i];
            if b.is_ascii() {
                let run = input[i..].iter().position(|b| !b.is_ascii()).unwrap_or(input.len() - i);
                self.out.push_str(std::str::from_utf8(&input[i..i + run]).unwrap_or_default());
                i += run;
                continue;
            }
            let need = match input.get(i + 1) {
                Some(b2) if b2.is_ascii_digit() => 4,
                _ => 2,
            };
            if input.len() - i < need {
                if !last {
                    return Ok(i);
                }
                self.bad(&input[i..], i, INCOMPLETE_MULTIBYTE)?;
                return Ok(input.len());
            }
            let c = if need == 4 { t.four(&input[i..i + 4]) } else { t.pair(b, input[i + 1]) };
            match c {
                Some(c) => {
                    self.out.push(c);
                    i += need;
                }
                None => {
                    self.bad(&input[i..=i], i, ILLEGAL_MULTIBYTE)?;
                    i += 1;
                }
            }
        }
        Ok(input.len())
    }
}
