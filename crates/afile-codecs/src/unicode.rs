//! UTF-8, UTF-16 and UTF-32 decoding with CPython's error reports.

use crate::decoding::Decoding;
use crate::error::Result;
use crate::fast::Packed;

/// Byte order of a UTF-16/32 stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Endian {
    Little,
    Big,
}

impl Endian {
    /// This machine's order, which CPython's utf-16/32 codecs use where no
    /// BOM says otherwise (writing, and after a seek away from the start).
    pub(crate) fn native() -> Self {
        if cfg!(target_endian = "big") { Self::Big } else { Self::Little }
    }

    /// The other byte order.
    pub(crate) fn other(self) -> Self {
        match self {
            Self::Big => Self::Little,
            Self::Little => Self::Big,
        }
    }
}

/// Appends one UTF-16 (`width` 2) or UTF-32 (4) code unit in byte order `e`.
pub(crate) fn push_wide(out: &mut Vec<u8>, unit: u32, width: usize, e: Endian) {
    let bytes = match e {
        Endian::Little => unit.to_le_bytes(),
        Endian::Big => unit.to_be_bytes(),
    };
    match e {
        Endian::Little => out.extend_from_slice(&bytes[..width]),
        Endian::Big => out.extend_from_slice(&bytes[4 - width..]),
    }
}

impl Decoding<'_> {
    /// Decodes UTF-8; unless `last`, an incomplete character at the end is
    /// left. Error positions count from `offset`. Returns the bytes used.
    pub(crate) fn utf8(&mut self, mut input: &[u8], last: bool, offset: usize) -> Result<usize> {
        let total = input.len();
        loop {
            match std::str::from_utf8(input) {
                Ok(s) => {
                    self.out.push_str(s);
                    return Ok(total);
                }
                Err(e) => {
                    let good = e.valid_up_to();
                    // SAFETY: `from_utf8` just validated the first `good`
                    // bytes (`valid_up_to`); validating them again would
                    // double the cost of every chunk that ends mid-character.
                    self.out.push_str(unsafe { std::str::from_utf8_unchecked(&input[..good]) });
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
                            let rest = &input[good..];
                            if matches!(rest, [0xED, 0xA0..=0xBF, 0x80..=0xBF, ..]) {
                                self.surrogate(&rest[..n], pos, reason)?;
                            } else {
                                self.bad(&rest[..n], pos, reason)?;
                            }
                            input = &input[good + n..];
                        }
                    }
                }
            }
        }
    }

    /// Decodes UTF-16 (`width` 2) or UTF-32 (`width` 4) in byte order `e`.
    pub(crate) fn utf_wide(
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
            if width == 2 {
                // Everything but surrogates, fast; the loop below takes
                // what stopped it.
                i = utf16_run(self.out, input, i, e);
                if i + width > input.len() {
                    break;
                }
            }
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
                    self.surrogate(&input[i..i + 2], offset + i, "illegal UTF-16 surrogate")?;
                    i += 2;
                }
                continue;
            }
            match char::from_u32(u) {
                Some(c) => self.out.push(c),
                None if width == 2 => self.surrogate(&input[i..i + 2], offset + i, "illegal encoding")?,
                None if (0xD800..0xE000).contains(&u) => self.surrogate(
                    &input[i..i + 4],
                    offset + i,
                    "code point in surrogate code point range(0xd800, 0xe000)",
                )?,
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
}

/// The UTF-8 of a BMP code point that is not a surrogate, as a table
/// entry (see [`Packed`]).
#[inline(always)]
fn pack_bmp(u: u32) -> Packed {
    match u {
        0..0x80 => u | 1 << 24,
        0x80..0x800 => (0xC0 | u >> 6) | (0x80 | (u & 0x3F)) << 8 | 2 << 24,
        _ => (0xE0 | u >> 12) | (0x80 | ((u >> 6) & 0x3F)) << 8 | (0x80 | (u & 0x3F)) << 16 | 3 << 24,
    }
}

/// The low bytes of eight UTF-16 units in byte order `e` (the units'
/// characters where they are ASCII), and how many units lead that are.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn ascii_units_sse2(block: [u8; 16], e: Endian) -> (u64, usize) {
    use std::arch::x86_64::{
        _mm_and_si128, _mm_cmpeq_epi16, _mm_cvtsi128_si64, _mm_movemask_epi8, _mm_or_si128, _mm_packus_epi16,
        _mm_set_epi64x, _mm_set1_epi16, _mm_setzero_si128, _mm_slli_epi16, _mm_srli_epi16,
    };
    let lo =
        i64::from_le_bytes([block[0], block[1], block[2], block[3], block[4], block[5], block[6], block[7]]);
    let hi = i64::from_le_bytes([
        block[8], block[9], block[10], block[11], block[12], block[13], block[14], block[15],
    ]);
    let v = _mm_set_epi64x(hi, lo);
    let v = if e == Endian::Little { v } else { _mm_or_si128(_mm_slli_epi16(v, 8), _mm_srli_epi16(v, 8)) };
    let ascii = _mm_cmpeq_epi16(_mm_and_si128(v, _mm_set1_epi16(0xFF80u16 as i16)), _mm_setzero_si128());
    let count = ((!_mm_movemask_epi8(ascii)) as u32).trailing_zeros().min(16) / 2;
    (_mm_cvtsi128_si64(_mm_packus_epi16(v, v)) as u64, count as usize)
}

/// The low bytes of eight UTF-16 units in byte order `e` (the units'
/// characters where they are ASCII), and how many units lead that are.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn ascii_units(block: [u8; 16], e: Endian) -> (u64, usize) {
    // SAFETY: SSE2 is part of every x86_64 processor (the target's
    // baseline), so the function's target feature is always there.
    unsafe { ascii_units_sse2(block, e) }
}

/// The low bytes of eight UTF-16 units in byte order `e` (the units'
/// characters where they are ASCII), and how many units lead that are.
#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
fn ascii_units(block: [u8; 16], e: Endian) -> (u64, usize) {
    let (mut bytes, mut count) = (0u64, 8);
    for k in (0..8).rev() {
        let pair = [block[2 * k], block[2 * k + 1]];
        let u = if e == Endian::Little { u16::from_le_bytes(pair) } else { u16::from_be_bytes(pair) };
        bytes = bytes << 8 | u64::from(u as u8);
        if u >= 0x80 {
            count = k;
        }
    }
    (bytes, count)
}

/// Decodes UTF-16 units in byte order `e` from `input[i..]` up to the first
/// surrogate (or the end of the whole units): four ASCII units at a time
/// where it can. Returns where it stopped.
fn utf16_run(out: &mut String, input: &[u8], mut i: usize, e: Endian) -> usize {
    while i + 2 <= input.len() {
        // Whole units only, 8,192 at a time.
        let end = i + ((input.len() - i) & !1).min(16 * 1024);
        out.reserve((end - i) / 2 * 3 + 4);
        // SAFETY: only whole UTF-8 sequences are written before the length
        // is set: ASCII bytes, and `pack_bmp`'s UTF-8 of code points that
        // are not surrogates.
        let v = unsafe { out.as_mut_vec() };
        let (ptr, mut len) = (v.as_mut_ptr(), v.len());
        let mut stopped = false;
        'block: while i + 2 <= end {
            // ASCII, eight units at a time: eight bytes are stored, and as
            // many count as ASCII units lead; the rest is overwritten
            // later. A whole block of ASCII loops without waiting for the
            // count.
            while let Some(block) = input.get(i..i + 16).filter(|_| i + 16 <= end)
                && let Ok(block) = <[u8; 16]>::try_from(block)
            {
                let (bytes, ascii) = ascii_units(block, e);
                // SAFETY: eight bytes fit: three were reserved for each of
                // these eight units.
                unsafe { ptr.add(len).cast::<u64>().write_unaligned(bytes.to_le()) };
                if ascii < 8 {
                    // Only here does the step wait for the count.
                    (len, i) = (len + ascii, i + 2 * ascii);
                    break;
                }
                (len, i) = (len + 8, i + 16);
            }
            // Then a run of other units, up to the next ASCII one (the
            // last few units of the block, whatever they are).
            while let Some(&[b0, b1]) = input.get(i..i + 2).filter(|_| i + 2 <= end) {
                let u = u32::from(if e == Endian::Little {
                    u16::from_le_bytes([b0, b1])
                } else {
                    u16::from_be_bytes([b0, b1])
                });
                if u < 0x80 && i + 16 <= end {
                    continue 'block;
                }
                if (0xD800..0xE000).contains(&u) {
                    stopped = true;
                    break 'block;
                }
                let p = pack_bmp(u);
                // SAFETY: at most three bytes per unit were reserved, and
                // four more for this store's spare byte.
                unsafe { ptr.add(len).cast::<u32>().write_unaligned(p.to_le()) };
                (len, i) = (len + (p >> 24) as usize, i + 2);
            }
        }
        // SAFETY: the first `len` bytes are initialised and valid UTF-8.
        unsafe { v.set_len(len) };
        if stopped {
            break;
        }
    }
    i
}
