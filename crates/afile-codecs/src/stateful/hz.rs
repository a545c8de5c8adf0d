//! hz (RFC 1843): `~{` shifts into GB2312, `~}` back to ASCII, as
//! CPython's `_codecs_cn.c`.

use super::State;
use super::tables::{UNMAPPED, gb2312};
use crate::decoding::{Decoding, ILLEGAL_MULTIBYTE};
use crate::error::{Error, Result};

/// hz: `~{` shifts into GB2312, `~}` back to ASCII; in ASCII `~~` is `~`
/// and `~` before a newline continues the line.
pub(super) fn decode_hz(st: &mut State, d: &mut Decoding<'_>, input: &[u8], last: bool) -> Result<usize> {
    let Some(gb) = gb2312() else { return Err(Error::Decode("internal codec error".into())) };
    let mut i = 0;
    while i < input.len() {
        let c = input[i];
        if c == b'~' {
            let Some(&c2) = input.get(i + 1) else { break };
            // `~~`, `~{` and `~` newline in ASCII, `~}` in GB2312.
            let to = match (c2, st.shifted) {
                (b'~', false) => {
                    d.out.push('~');
                    Some(false)
                }
                (b'{', false) => Some(true),
                (b'\n', false) => Some(false),
                (b'}', true) => Some(false),
                _ => None,
            };
            match to {
                Some(s) => {
                    st.shifted = s;
                    i += 2;
                }
                None => {
                    d.bad(&input[i..=i], i, ILLEGAL_MULTIBYTE)?;
                    i += 1;
                }
            }
        } else if c >= 0x80 {
            d.bad(&input[i..=i], i, ILLEGAL_MULTIBYTE)?;
            i += 1;
        } else if !st.shifted {
            let run = input[i..].iter().position(|&b| b == b'~' || b >= 0x80).unwrap_or(input.len() - i);
            d.out.extend(input[i..i + run].iter().map(|&b| char::from(b)));
            i += run;
        } else if i + 1 < input.len() {
            match gb.get(&input[i..i + 2]) {
                UNMAPPED => {
                    d.bad(&input[i..=i], i, ILLEGAL_MULTIBYTE)?;
                    i += 1;
                }
                e => {
                    gb.push(e, d.out);
                    i += 2;
                }
            }
        } else {
            break;
        }
    }
    d.incomplete(input, i, last)
}

pub(super) fn encode_hz(st: &mut State, c: char, out: &mut Vec<u8>) -> usize {
    let n = u32::from(c);
    if n < 0x80 {
        if st.shifted {
            out.extend_from_slice(b"~}");
            st.shifted = false;
        }
        out.push(n as u8);
        if c == '~' {
            out.push(b'~');
        }
        return 1;
    }
    let Some(code) = gb2312().and_then(|gb| gb.code(n)) else { return 0 };
    if !st.shifted {
        out.extend_from_slice(b"~{");
        st.shifted = true;
    }
    out.extend_from_slice(&code.to_be_bytes());
    1
}

/// CPython's `ENCODER_RESET` for hz: back to ASCII.
pub(super) fn finish_hz(st: &mut State, out: &mut Vec<u8>) {
    if st.shifted {
        out.extend_from_slice(b"~}");
        st.shifted = false;
    }
}
