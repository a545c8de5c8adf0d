//! The fast path every table-driven decoder shares: table entries that
//! hold a character's UTF-8 bytes, written straight into the output
//! `String`'s spare capacity (no `char` decoded and encoded again, no
//! per-character capacity check), and ASCII runs copied in bulk.

/// A table entry holding a character's UTF-8: its bytes in the low three
/// bytes (the first lowest), its length (1 to 3) in the top byte; 0 for
/// what the fast path does not take (no character, four bytes of UTF-8,
/// several characters, a lead byte).
pub(crate) type Packed = u32;

/// The entry of `c`, or 0 if its UTF-8 is four bytes.
pub(crate) fn pack(c: char) -> Packed {
    let mut buf = [0u8; 4];
    let len = c.encode_utf8(&mut buf).len();
    if len > 3 {
        return 0;
    }
    u32::from_le_bytes([buf[0], buf[1], buf[2], len as u8])
}

/// The high bit of each of eight bytes.
const HIGH: u64 = 0x8080_8080_8080_8080;

/// How many input bytes a block reserves output for at a time.
const BLOCK: usize = 8 * 1024;

/// Decodes from `input[i..]` while `next` gives an entry: `next(input, i)`
/// returns the entry of the sequence at `i` and its length in bytes (an
/// entry of 0 stops, and so does a length of 0). With `ascii`, bytes below
/// 0x80 are themselves, and runs of them are copied eight at a time
/// without asking `next` (which must still give their entries: a run's
/// last few bytes are looked up like any other). Returns
/// where it stopped (`input.len()` when it ran through).
#[inline(always)]
pub(crate) fn decode_run(
    out: &mut String,
    input: &[u8],
    mut i: usize,
    ascii: bool,
    mut next: impl FnMut(&[u8], usize) -> (Packed, usize),
) -> usize {
    while i < input.len() {
        let end = (i + BLOCK).min(input.len());
        // At most three bytes of UTF-8 per input byte; the last entry's
        // four-byte store needs one more, and a sequence may run past
        // `end` (by fewer than eight bytes).
        out.reserve((end - i + 8) * 3 + 1);
        // SAFETY: only whole UTF-8 sequences (ASCII bytes, or the valid
        // UTF-8 of a `char` that `pack` stored) are appended before the
        // length is set, so the string stays valid UTF-8.
        let v = unsafe { out.as_mut_vec() };
        let (ptr, mut len) = (v.as_mut_ptr(), v.len());
        let mut bulk = true;
        let stopped = loop {
            if i >= end {
                break false;
            }
            let b = input[i];
            if ascii && b < 0x80 && bulk {
                // At the start of an ASCII run: eight bytes at a time while
                // they last; the rest of the run, byte by byte.
                bulk = false;
                while let Some(block) = input.get(i..i + 8).filter(|_| i + 8 <= end)
                    && let Ok(block) = <[u8; 8]>::try_from(block)
                    && u64::from_le_bytes(block) & HIGH == 0
                {
                    // SAFETY: eight bytes out for eight in fit in the
                    // reserved capacity.
                    unsafe { ptr.add(len).cast::<[u8; 8]>().write_unaligned(block) };
                    (len, i) = (len + 8, i + 8);
                }
                continue;
            }
            bulk |= b >= 0x80;
            let (e, n) = next(input, i);
            if e == 0 || n == 0 {
                break true;
            }
            // SAFETY: `len + 4` is within the capacity reserved above
            // (at most three bytes were added per input byte consumed
            // since, plus the slack); the bytes past the entry's length
            // are overwritten by the next entry or lie beyond `len`.
            unsafe { ptr.add(len).cast::<u32>().write_unaligned(e.to_le()) };
            (len, i) = (len + (e >> 24) as usize, i + n);
        };
        // SAFETY: the first `len` bytes are initialised and valid UTF-8.
        unsafe { v.set_len(len) };
        if stopped {
            return i;
        }
    }
    i
}

/// As [`decode_run`] for a codec whose every byte stands alone, with the
/// table of each byte's entry: eight bytes at a time, copied as they are
/// when all are ASCII (`ascii`: ASCII bytes are themselves), else looked up
/// one by one. Returns where it stopped (an entry of 0).
#[inline(always)]
pub(crate) fn decode_bytes(
    out: &mut String,
    input: &[u8],
    mut i: usize,
    ascii: bool,
    table: &[Packed; 256],
) -> usize {
    while i < input.len() {
        let end = (i + BLOCK).min(input.len());
        out.reserve((end - i) * 3 + 1);
        // SAFETY: only whole UTF-8 sequences (ASCII bytes, or the valid
        // UTF-8 of a `char` that `pack` stored) are appended before the
        // length is set, so the string stays valid UTF-8.
        let v = unsafe { out.as_mut_vec() };
        let (ptr, mut len) = (v.as_mut_ptr(), v.len());
        let mut stopped = false;
        'bytes: while i < end {
            let group = &input[i..end.min(i + 8)];
            if ascii
                && let Ok(word) = <[u8; 8]>::try_from(group)
                && u64::from_le_bytes(word) & HIGH == 0
            {
                // SAFETY: eight bytes out for eight in fit in the reserved
                // capacity (three per byte).
                unsafe { ptr.add(len).cast::<[u8; 8]>().write_unaligned(word) };
                (len, i) = (len + 8, i + 8);
                continue;
            }
            for &b in group {
                let e = table[usize::from(b)];
                if e == 0 {
                    stopped = true;
                    break 'bytes;
                }
                // SAFETY: `len + 4` is within the capacity reserved above
                // (at most three bytes were added per byte consumed, plus
                // one of slack); bytes past the entry's length are
                // overwritten by the next entry or lie beyond `len`.
                unsafe { ptr.add(len).cast::<u32>().write_unaligned(e.to_le()) };
                (len, i) = (len + (e >> 24) as usize, i + 1);
            }
        }
        // SAFETY: the first `len` bytes are initialised and valid UTF-8.
        unsafe { v.set_len(len) };
        if stopped {
            return i;
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_hold_utf8_and_its_length() {
        for c in ['a', 'é', '€', '\u{ffff}'] {
            let e = pack(c);
            let mut s = String::new();
            let used = decode_run(&mut s, &[0x80, 0x80], 0, true, |_, _| (e, 1));
            assert_eq!((used, s), (2, format!("{c}{c}")));
        }
        assert_eq!(pack('\u{1f600}'), 0);
        let mut s = String::from("x");
        let ascii_only = |input: &[u8], i: usize| match input[i] {
            b @ 0..0x80 => (pack(char::from(b)), 1),
            _ => (0, 1),
        };
        assert_eq!(decode_run(&mut s, b"ab\xffcd", 0, true, ascii_only), 2);
        assert_eq!(s, "xab");
        let long = b"0123456789abcdefghij\xff";
        assert_eq!(decode_run(&mut s, long, 0, true, ascii_only), 20);
        assert_eq!(s, "xab0123456789abcdefghij");
        let mut table = [0; 256];
        for b in 0..0x80u8 {
            table[usize::from(b)] = pack(char::from(b));
        }
        table[0xE9] = pack('é');
        let mut s = String::new();
        assert_eq!(decode_bytes(&mut s, b"caf\xe9 0123456789abcdef\xe9\xff!", 0, true, &table), 22);
        assert_eq!(s, "café 0123456789abcdefé");
    }
}
