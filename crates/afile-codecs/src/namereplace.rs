//! What `errors="namereplace"` writes for a character it cannot encode:
//! `\N{NAME}` with the name CPython 3.12's handler gives (the names of
//! [`names`](crate::names), Unicode 15.0, and the aliases it gives for
//! code points U+F0000 and up), else Python's `\x`/`\u`/`\U` escape.

use crate::names::name;
use crate::pyrepr::escape;

/// What `namereplace` writes for `c`: `\N{NAME}`, or Python's `\x`/`\u`/`\U`
/// escape for a character without a name.
pub(crate) fn replace(c: char) -> String {
    match name(c) {
        Some(n) => format!("\\N{{{n}}}"),
        None => escape(c),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // tests may unwrap

    use super::*;

    #[test]
    fn names_as_cpython_gives_them() {
        assert_eq!(name('é').unwrap(), "LATIN SMALL LETTER E WITH ACUTE");
        assert_eq!(name('\u{ac00}').unwrap(), "HANGUL SYLLABLE GA");
        assert_eq!(name('\u{d7a3}').unwrap(), "HANGUL SYLLABLE HIH");
        assert_eq!(name('\u{4e00}').unwrap(), "CJK UNIFIED IDEOGRAPH-4E00");
        assert_eq!(name('\u{f0000}').unwrap(), "NULL");
        assert_eq!(name('\u{2011}').unwrap(), "NON-BREAKING HYPHEN");
        assert_eq!(name('\u{17000}'), None);
        assert_eq!(replace('\u{80}'), "\\x80");
        assert_eq!(replace('\u{e000}'), "\\ue000");
        assert_eq!(replace('\u{1f600}'), "\\N{GRINNING FACE}");
    }
}
