//! Paths as CPython's `repr()` shows them in error messages, so that a
//! newline, an escape sequence or a byte that is not UTF-8 in a path never
//! reaches a log raw.

use std::fmt::{self, Write as _};
use std::path::Path;

/// A path shown as CPython's `repr()` of the `str` that `os.fsdecode` makes
/// of it: in quotes (single, or double when the path has a `'` and no
/// `"`), with `\\`, the quote, `\t`, `\n`, `\r`, control characters and
/// characters that are not printable (Unicode's `Cc Cf Cs Co Cn Zl Zp Zs`,
/// space excepted) escaped as `\xhh`, `\uhhhh` or `\Uhhhhhhhh`, and each
/// byte that is not UTF-8 shown as the lone surrogate Python's
/// `surrogateescape` decodes it to (`\udcff`; on Windows an unpaired
/// UTF-16 unit as itself). This is what afile's errors print after
/// `[Errno N] text: `.
///
/// Printable means what Rust's own `{:?}` leaves unescaped, which follows
/// the same Unicode categories as Python's `str.isprintable` (Rust's
/// Unicode version, which may be newer than CPython 3.12's 15.0).
///
/// # Examples
///
/// ```
/// use std::path::Path;
/// use afile_core::PathRepr;
/// assert_eq!(PathRepr(Path::new("a\nb")).to_string(), r"'a\nb'");
/// assert_eq!(PathRepr(Path::new("it's")).to_string(), r#""it's""#);
/// assert_eq!(PathRepr(Path::new("\x1b[31mred")).to_string(), r"'\x1b[31mred'");
/// ```
#[derive(Clone, Copy, Debug)]
pub struct PathRepr<'a>(pub &'a Path);

impl fmt::Display for PathRepr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let points = crate::sys::path_code_points(self.0.as_os_str());
        let has = |c: char| points.contains(&u32::from(c));
        let quote = if has('\'') && !has('"') { '"' } else { '\'' };
        f.write_char(quote)?;
        for &point in &points {
            match char::from_u32(point) {
                Some(c) => write_char(f, c, quote)?,
                // A lone surrogate: a byte that is not UTF-8 (Unix), an
                // unpaired UTF-16 unit (Windows).
                None => write!(f, "\\u{point:04x}")?,
            }
        }
        f.write_char(quote)
    }
}

/// One character as `repr()` writes it inside `quote`s.
fn write_char(f: &mut fmt::Formatter<'_>, c: char, quote: char) -> fmt::Result {
    match c {
        '\\' => f.write_str("\\\\"),
        '\t' => f.write_str("\\t"),
        '\n' => f.write_str("\\n"),
        '\r' => f.write_str("\\r"),
        c if c == quote => write!(f, "\\{c}"),
        c if c < ' ' || c == '\x7f' => write!(f, "\\x{:02x}", u32::from(c)),
        c if c.is_ascii() || printable(c) => f.write_char(c),
        c => match u32::from(c) {
            n @ ..=0xff => write!(f, "\\x{n:02x}"),
            n @ ..=0xffff => write!(f, "\\u{n:04x}"),
            n => write!(f, "\\U{n:08x}"),
        },
    }
}

/// Whether Python's `str.isprintable()` holds for `c` (not ASCII): Rust's
/// `escape_debug` leaves a character after the first one as it is exactly
/// when it is printable in the same sense (the first one would also be
/// escaped for being a combining mark, which Python prints).
fn printable(c: char) -> bool {
    let mut pair = String::with_capacity(8);
    pair.push('a');
    pair.push(c);
    pair.escape_debug().eq(pair.chars())
}

// Paths of any bytes are Unix's.
#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    fn repr(bytes: &[u8]) -> String {
        PathRepr(Path::new(OsStr::from_bytes(bytes))).to_string()
    }

    /// CPython 3.12.1's `repr()` of `os.fsdecode(name)`.
    #[test]
    fn matches_cpython() {
        let cases: &[(&[u8], &str)] = &[
            (b"a\nb", r"'a\nb'"),
            (b"esc\x1b[31m", r"'esc\x1b[31m'"),
            (b"it's", r#""it's""#),
            (b"say \"hi\"", r#"'say "hi"'"#),
            (b"both '\"", r#"'both \'"'"#),
            (b"back\\slash", r"'back\\slash'"),
            (b"tab\t", r"'tab\t'"),
            ("café".as_bytes(), "'café'"),
            ("comb e\u{301}".as_bytes(), "'comb e\u{301}'"),
            ("zw\u{200b}".as_bytes(), r"'zw\u200b'"),
            ("nbsp\u{a0}".as_bytes(), r"'nbsp\xa0'"),
            ("ls\u{2028}".as_bytes(), r"'ls\u2028'"),
            ("pua\u{e000}".as_bytes(), r"'pua\ue000'"),
            ("emoji\u{1f600}".as_bytes(), "'emoji\u{1f600}'"),
            (b"del\x7f", r"'del\x7f'"),
            ("c1\u{85}".as_bytes(), r"'c1\x85'"),
            (b"bad\xff\xfe", r"'bad\udcff\udcfe'"),
            (b"sur\xed\xa0\x80", r"'sur\udced\udca0\udc80'"),
            ("noncharacter\u{fdd0}".as_bytes(), r"'noncharacter\ufdd0'"),
            ("unassigned\u{378}".as_bytes(), r"'unassigned\u0378'"),
            ("soft\u{ad}".as_bytes(), r"'soft\xad'"),
            (b"space end ", "'space end '"),
            ("ideo\u{3000}".as_bytes(), r"'ideo\u3000'"),
            ("tag\u{e0001}".as_bytes(), r"'tag\U000e0001'"),
        ];
        for (name, want) in cases {
            assert_eq!(repr(name), *want, "{name:?}");
        }
    }
}
