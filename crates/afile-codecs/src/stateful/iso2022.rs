//! The iso2022 family: escape sequences that designate character sets to
//! G0, G1 and G2, `SO`/`SI` shifts, `ESC N` single shifts; decoding and
//! encoding as CPython's `_codecs_iso2022.c`.

use super::State;
use super::tables::{
    ASCII, DBCS, ESC, JISX0208, LF, MAX_ESCAPE, NO_SHIFT, SI, SO, Stateful, UNMAPPED, USE_G2,
    USE_JISX0208_EXT, tables,
};
use crate::decoding::{Decoding, ILLEGAL_MULTIBYTE};
use crate::error::{Error, Result};

/// `(`, `)`, `$`, `.`, `&`: the bytes after `ESC` that start a
/// designation.
fn starts_designation(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'$' | b'.' | b'&')
}

/// The final byte of an escape sequence.
fn ends_escape(b: u8) -> bool {
    b.is_ascii_uppercase() || b == b'@'
}

/// What an escape sequence at the start of the input does.
enum Escape {
    /// Consumed this many bytes.
    Done(usize),
    /// The input ends inside it.
    More,
    /// These many bytes are an illegal sequence.
    Bad(usize),
    /// CPython's "internal codec error" (`ESC N` with a G2 it cannot read).
    Internal,
}

impl Stateful {
    /// Decodes `input` from state `st`; unless `last`, an incomplete
    /// sequence at the end is left. Returns the bytes used.
    pub(super) fn decode_iso2022(
        &self,
        st: &mut State,
        d: &mut Decoding<'_>,
        input: &[u8],
        last: bool,
    ) -> Result<usize> {
        let shifts = self.flags & NO_SHIFT == 0;
        let mut i = 0;
        while i < input.len() {
            let c = input[i];
            if st.escape_through {
                d.out.push(char::from(c));
                st.escape_through = !ends_escape(c);
                i += 1;
                continue;
            }
            let mark = if st.shifted { st.g[1] } else { st.g[0] };
            match c {
                ESC => match self.escape(st, d, &input[i..]) {
                    Escape::Done(n) => i += n,
                    Escape::More => break,
                    Escape::Bad(n) => {
                        let n = n.min(input.len() - i);
                        d.bad(&input[i..i + n], i, ILLEGAL_MULTIBYTE)?;
                        i += n;
                    }
                    Escape::Internal => return Err(Error::Decode("internal codec error".into())),
                },
                SO | SI if shifts => {
                    st.shifted = c == SO;
                    i += 1;
                }
                LF => {
                    st.shifted = false;
                    d.out.push('\n');
                    i += 1;
                }
                0x80.. => {
                    d.bad(&input[i..=i], i, ILLEGAL_MULTIBYTE)?;
                    i += 1;
                }
                _ if c < 0x20 || mark == ASCII => {
                    // Controls and ASCII pass through: a run of them at once.
                    let through = |b: u8| b < 0x80 && b != ESC && !(shifts && (b == SO || b == SI));
                    let plain = |b: u8| through(b) && (b < 0x20 || mark == ASCII) && (b != LF || !st.shifted);
                    let run = input[i..].iter().position(|&b| !plain(b)).unwrap_or(input.len() - i).max(1);
                    d.out.extend(input[i..i + run].iter().map(|&b| char::from(b)));
                    i += run;
                }
                _ => {
                    let Some(set) = self.charset(mark) else {
                        return Err(Error::Decode("internal codec error".into()));
                    };
                    let w = usize::from(set.width);
                    if input.len() - i < w {
                        break;
                    }
                    match set.get(&input[i..i + w]) {
                        UNMAPPED => d.bad(&input[i..i + w], i, ILLEGAL_MULTIBYTE)?,
                        e => set.push(e, d.out),
                    }
                    i += w;
                }
            }
        }
        d.incomplete(input, i, last)
    }

    /// An `ESC` at the start of `buf`: a designation, a single shift, or
    /// an escape CPython passes through.
    fn escape(&self, st: &mut State, d: &mut Decoding<'_>, buf: &[u8]) -> Escape {
        let Some(&b1) = buf.get(1) else { return Escape::More };
        if starts_designation(b1) {
            return self.designate(st, buf);
        }
        if self.flags & USE_G2 != 0 && b1 == b'N' {
            let Some(&b) = buf.get(2) else { return Escape::More };
            let e = match st.g[2] {
                ASCII if b < 0x80 => u32::from(b),
                ASCII => UNMAPPED,
                mark => match self.charset(mark).and_then(|s| s.single_shift.as_ref()) {
                    Some(t) => t[usize::from(b)],
                    None => return Escape::Internal,
                },
            };
            if e == UNMAPPED {
                return Escape::Bad(3);
            }
            d.out.push(char::from_u32(e).unwrap_or('\u{FFFD}'));
            return Escape::Done(3);
        }
        d.out.push('\u{1b}');
        st.escape_through = true;
        Escape::Done(1)
    }

    /// A designation escape sequence (`ESC ( B`, `ESC $ ) C`, …).
    fn designate(&self, st: &mut State, buf: &[u8]) -> Escape {
        let ext = self.flags & USE_JISX0208_EXT != 0;
        let mut i = 1;
        let len = loop {
            if i >= MAX_ESCAPE {
                return Escape::Bad(1);
            }
            if i >= buf.len() {
                return Escape::More;
            }
            if ends_escape(buf[i]) {
                break i + 1;
            }
            if ext && i + 1 < buf.len() && buf[i] == b'&' && buf[i + 1] == b'@' {
                i += 2;
            }
            i += 1;
        };
        let (plane, mark) = match len {
            3 if buf[1] == b'$' => (0, buf[2] | DBCS),
            3 => match buf[1] {
                b'(' => (0, buf[2]),
                b')' => (1, buf[2]),
                b'.' if self.flags & USE_G2 != 0 => (2, buf[2]),
                _ => return Escape::Bad(3),
            },
            4 if buf[1] == b'$' => match buf[2] {
                b'(' => (0, buf[3] | DBCS),
                b')' => (1, buf[3] | DBCS),
                _ => return Escape::Bad(4),
            },
            6 if ext && buf[3..6] == [ESC, b'$', b'B'] => (0, JISX0208),
            n => return Escape::Bad(n),
        };
        if mark != ASCII && !self.designations.iter().any(|d| d.mark == mark) {
            return Escape::Bad(len);
        }
        st.g[plane] = mark;
        Escape::Done(len)
    }

    /// Whether `c` is the first of two characters written as one code.
    pub(super) fn iso2022_starts_pair(&self, c: char) -> bool {
        let n = u32::from(c);
        let sets = &tables().charsets;
        self.designations.iter().any(|d| d.pair_only && sets[d.charset].encode_pairs.iter().any(|p| p.0 == n))
    }

    /// Appends the bytes of `c` (with `next` when the two are written as
    /// one code) from state `st`; returns how many characters it took, 0
    /// if it cannot encode `c`.
    pub(super) fn encode_iso2022(
        &self,
        st: &mut State,
        c: char,
        next: Option<char>,
        out: &mut Vec<u8>,
    ) -> usize {
        let n = u32::from(c);
        if n < 0x80 {
            if st.g[0] != ASCII {
                out.extend_from_slice(b"\x1b(B");
                st.g[0] = ASCII;
            }
            if st.shifted {
                out.push(SI);
                st.shifted = false;
            }
            out.push(n as u8);
            return 1;
        }
        let sets = &tables().charsets;
        let found = self.designations.iter().find_map(|d| {
            let set = &sets[d.charset];
            if d.pair_only {
                let code = set.pair_code(n, u32::from(next?))?;
                Some((d, set, code, 2))
            } else {
                set.code(n).map(|code| (d, set, code, 1))
            }
        });
        let Some((d, set, code, took)) = found else { return 0 };
        let fin = d.mark & !DBCS;
        if d.plane == 0 {
            if st.shifted {
                out.push(SI);
                st.shifted = false;
            }
            if st.g[0] != d.mark {
                match (set.width, d.mark) {
                    (1, _) => out.extend_from_slice(&[ESC, b'(', fin]),
                    (_, JISX0208) => out.extend_from_slice(&[ESC, b'$', fin]),
                    _ => out.extend_from_slice(&[ESC, b'$', b'(', fin]),
                }
                st.g[0] = d.mark;
            }
        } else {
            if st.g[1] != d.mark {
                match set.width {
                    1 => out.extend_from_slice(&[ESC, b')', fin]),
                    _ => out.extend_from_slice(&[ESC, b'$', b')', fin]),
                }
                st.g[1] = d.mark;
            }
            if !st.shifted {
                out.push(SO);
                st.shifted = true;
            }
        }
        set.push_code(code, out);
        took
    }

    /// CPython's `ENCODER_RESET` for iso2022: shift out, then G0 back to
    /// ASCII.
    pub(super) fn finish_iso2022(&self, st: &mut State, out: &mut Vec<u8>) {
        if st.shifted {
            out.push(SI);
            st.shifted = false;
        }
        if st.g[0] != ASCII {
            out.extend_from_slice(&[ESC, b'(', b'B']);
            st.g[0] = ASCII;
        }
    }
}
