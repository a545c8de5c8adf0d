//! `punycode` (RFC 3492), as CPython 3.12's `encodings.punycode`.
//!
//! CPython's incremental codecs are stateless: its encoder encodes each
//! `write()` on its own (so does afile: the file holds the `write()`s'
//! encodings one after another), and its decoder decodes each chunk that
//! `TextIOWrapper` hands it on its own, so a file longer than one 8 KiB
//! chunk is cut into pieces that are each decoded as if they were a whole
//! punycode string, which gives wrong text (or an error) unless the whole
//! file was read with one `read()`. afile decodes the file as one string,
//! whichever way it is read: the answer CPython's `read()` gives, and
//! CPython's answer for every file up to 8 KiB. The bytes are held until
//! the end of the file (punycode cannot be decoded before that).
//!
//! Messages are CPython's (`Invalid extended code point '!'`, `incomplete
//! punicode string`, `Invalid character U+…`, the `'ascii' codec` errors of
//! its ASCII step, `Unsupported error handling backslashreplace` for the
//! handlers it refuses); numbers are unbounded as Python's are. A code
//! point in the surrogate range, which CPython puts in its string, is an
//! error: a Rust `String` cannot hold one.

use crate::error::{Error, Result};
use crate::errors::Errors;

/// A non-negative integer of any size (Python's `int`), with the few
/// operations punycode needs. Little-endian 32-bit limbs.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Big(Vec<u32>);

impl Big {
    fn new(v: u64) -> Self {
        let mut b = Big(vec![v as u32, (v >> 32) as u32]);
        b.trim();
        b
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    fn add(&mut self, other: &Big) {
        let mut carry = 0u64;
        for i in 0..self.0.len().max(other.0.len()) {
            if i == self.0.len() {
                self.0.push(0);
            }
            let sum = u64::from(self.0[i]) + u64::from(other.0.get(i).copied().unwrap_or(0)) + carry;
            self.0[i] = sum as u32;
            carry = sum >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn mul_small(&mut self, m: u32) {
        let mut carry = 0u64;
        for limb in &mut self.0 {
            let p = u64::from(*limb) * u64::from(m) + carry;
            *limb = p as u32;
            carry = p >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
        self.trim();
    }

    /// The quotient and remainder of a division by `d` (not 0).
    fn div_small(&self, d: u64) -> (Big, u64) {
        let mut q = vec![0u32; self.0.len()];
        let mut rem = 0u128;
        for i in (0..self.0.len()).rev() {
            let cur = (rem << 32) | u128::from(self.0[i]);
            q[i] = (cur / u128::from(d)) as u32;
            rem = cur % u128::from(d);
        }
        let mut q = Big(q);
        q.trim();
        (q, rem as u64)
    }

    fn to_u64(&self) -> Option<u64> {
        match self.0[..] {
            [] => Some(0),
            [a] => Some(u64::from(a)),
            [a, b] => Some(u64::from(a) | (u64::from(b) << 32)),
            _ => None,
        }
    }

    fn gt(&self, v: u64) -> bool {
        self.to_u64().is_none_or(|x| x > v)
    }

    /// Python's `'%x' % n`.
    fn hex(&self) -> String {
        let mut s = String::new();
        for (k, limb) in self.0.iter().rev().enumerate() {
            if k == 0 {
                s.push_str(&format!("{limb:x}"));
            } else {
                s.push_str(&format!("{limb:08x}"));
            }
        }
        if s.is_empty() { "0".into() } else { s }
    }
}

/// RFC 3492's threshold for digit `j` (tmin 1, tmax 26, base 36).
fn threshold(j: u64, bias: u64) -> u64 {
    (36 * (j + 1)).saturating_sub(bias).clamp(1, 26)
}

/// RFC 3492's bias adaptation (damp 700, skew 38).
fn adapt(delta: &Big, first: bool, numchars: usize) -> u64 {
    if let Some(d) = delta.to_u64() {
        return adapt_small(u128::from(d), first, numchars);
    }
    let (mut delta, _) = delta.div_small(if first { 700 } else { 2 });
    let (more, _) = delta.div_small(numchars as u64);
    delta.add(&more);
    let mut divisions = 0;
    while delta.gt(455) {
        delta = delta.div_small(35).0;
        divisions += 36;
    }
    let d = delta.to_u64().unwrap_or(0);
    divisions + 36 * d / (d + 38)
}

/// [`adapt`] for a delta that fits in 128 bits.
fn adapt_small(delta: u128, first: bool, numchars: usize) -> u64 {
    let mut delta = delta / if first { 700 } else { 2 };
    delta += delta / numchars as u128;
    let mut divisions = 0;
    while delta > 455 {
        delta /= 35;
        divisions += 36;
    }
    (divisions + 36 * delta / (delta + 38)) as u64
}

/// CPython's refusal of the handlers its punycode decoder does not know.
pub(crate) fn check_handler(errors: Errors) -> Result<()> {
    match errors {
        Errors::Strict | Errors::Replace | Errors::Ignore => Ok(()),
        other => Err(Error::Decode(format!("Unsupported error handling {}", other.name()))),
    }
}

fn ascii_error(b: u8, pos: usize) -> Error {
    Error::Decode(format!(
        "'ascii' codec can't decode byte 0x{b:02x} in position {pos}: ordinal not in range(128)"
    ))
}

/// One generalized variable-length integer at `ext[pos..]`: where it ends
/// and its value, or `None` where CPython gives up (not strict).
fn read_number(ext: &[u8], mut pos: usize, bias: u64, errors: Errors) -> Result<(usize, Option<Big>)> {
    let (mut result, mut w, mut j) = (Big::new(0), Big::new(1), 0);
    loop {
        let Some(&c) = ext.get(pos) else {
            if errors == Errors::Strict {
                return Err(Error::Decode("incomplete punicode string".into()));
            }
            return Ok((pos + 1, None));
        };
        pos += 1;
        let digit = match c {
            b'A'..=b'Z' => c - b'A',
            b'0'..=b'9' => c - 22,
            _ if errors == Errors::Strict => {
                return Err(Error::Decode(format!("Invalid extended code point '{}'", char::from(c))));
            }
            _ => return Ok((pos, None)),
        };
        let t = threshold(j, bias);
        let mut step = w.clone();
        step.mul_small(u32::from(digit));
        result.add(&step);
        if u64::from(digit) < t {
            return Ok((pos, Some(result)));
        }
        w.mul_small((36 - t) as u32);
        j += 1;
    }
}

/// Decodes a whole punycode string, appending the text to `out`.
pub(crate) fn decode(input: &[u8], errors: Errors, out: &mut String) -> Result<()> {
    check_handler(errors)?;
    let points = decode_points(input, errors)?;
    let text: Option<String> = points.iter().map(|&c| char::from_u32(c)).collect();
    match text {
        Some(text) => {
            out.push_str(&text);
            Ok(())
        }
        None => {
            let code = points.iter().find(|&&c| char::from_u32(c).is_none()).copied().unwrap_or_default();
            Err(Error::Decode(format!(
                "punycode decodes to U+{code:04X}, a lone surrogate, which a Rust String cannot hold"
            )))
        }
    }
}

/// Decodes a whole punycode string to code points (surrogates included,
/// as in CPython's string).
pub(crate) fn decode_points(input: &[u8], errors: Errors) -> Result<Vec<u32>> {
    // CPython counts the positions of the ASCII errors after the last '-'
    // from the byte after it.
    let (base_bytes, ext) = match input.iter().rposition(|&b| b == b'-') {
        Some(dash) => (&input[..dash], &input[dash + 1..]),
        None => (&input[..0], input),
    };
    // Code points, not chars: CPython may insert a surrogate and fail (or
    // not) only later.
    let mut base: Vec<u32> = Vec::with_capacity(base_bytes.len());
    for (i, &b) in base_bytes.iter().enumerate() {
        match errors {
            _ if b.is_ascii() => base.push(u32::from(b)),
            Errors::Replace => base.push(0xFFFD),
            Errors::Ignore => {}
            _ => return Err(ascii_error(b, i)),
        }
    }
    if let Some(i) = ext.iter().position(|b| !b.is_ascii()) {
        return Err(ascii_error(ext[i], i));
    }
    let ext = ext.to_ascii_uppercase();
    let (mut ch, mut pos, mut bias, mut at) = (Big::new(0x80), Big::new(0), 72u64, 0usize);
    let mut first = true;
    while at < ext.len() {
        let (next, delta) = read_number(&ext, at, bias, errors)?;
        let Some(delta) = delta else { break };
        // pos += delta + 1 (pos starts at -1, so pos + 1 is kept).
        pos.add(&delta);
        if !first {
            pos.add(&Big::new(1));
        }
        let (q, rem) = pos.div_small(base.len() as u64 + 1);
        ch.add(&q);
        if ch.gt(0x10FFFF) {
            if errors == Errors::Strict {
                return Err(Error::Decode(format!("Invalid character U+{}", ch.hex())));
            }
            ch = Big::new(u64::from('?'));
        }
        base.insert(rem as usize, ch.to_u64().unwrap_or(0) as u32);
        bias = adapt(&delta, first, base.len());
        pos = Big::new(rem);
        first = false;
        at = next;
    }
    Ok(base)
}

/// Encodes `text` as one punycode string (as CPython's encoder encodes
/// each `write()`): the ASCII characters, then (if there were any) `-`,
/// then the insertions.
pub(crate) fn encode(text: &str, out: &mut Vec<u8>) {
    encode_points(&text.chars().map(u32::from).collect::<Vec<_>>(), out);
}

/// [`encode`] for code points.
pub(crate) fn encode_points(chars: &[u32], out: &mut Vec<u8>) {
    let base: Vec<u8> = chars.iter().filter(|&&c| c < 0x80).map(|&c| c as u8).collect();
    let mut extended: Vec<u32> = chars.iter().copied().filter(|&c| c >= 0x80).collect();
    extended.sort_unstable();
    extended.dedup();
    // The insertion deltas: for each new character in order, how far the
    // insertion point moves (counting only characters up to it).
    let mut deltas: Vec<u128> = Vec::new();
    let (mut oldchar, mut oldindex) = (0x80u32, -1i128);
    for &c in &extended {
        let curlen = chars.iter().filter(|&&x| x < c).count() as i128;
        let mut delta = (curlen + 1) * i128::from(c - oldchar);
        let mut index = -1i128;
        for &x in chars {
            if x == c {
                index += 1;
                delta += index - oldindex;
                deltas.push((delta - 1) as u128);
                oldindex = index;
                delta = 0;
            } else if x < c {
                index += 1;
            }
        }
        oldchar = c;
    }
    out.extend_from_slice(&base);
    if !base.is_empty() {
        out.push(b'-');
    }
    const DIGITS: &[u8; 36] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut bias = 72u64;
    for (points, &delta) in deltas.iter().enumerate() {
        let mut n = delta;
        for j in 0.. {
            let t = u128::from(threshold(j, bias));
            if n < t {
                out.push(DIGITS[n as usize]);
                break;
            }
            out.push(DIGITS[(t + (n - t) % (36 - t)) as usize]);
            n = (n - t) / (36 - t);
        }
        bias = adapt_small(delta, points == 0, base.len() + points + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_numbers_print_as_python() {
        let mut b = Big::new(0x1_0240_3d38);
        b.mul_small(0x10000);
        b.mul_small(0x10000);
        assert_eq!(b.hex(), "102403d3800000000");
        assert_eq!(b.div_small(0x10000).0.hex(), "102403d380000");
        assert_eq!(Big::new(0).hex(), "0");
    }
}
