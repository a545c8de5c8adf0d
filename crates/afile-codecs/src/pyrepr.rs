//! How Python shows characters and names in codec messages.

/// Python's `\xNN`, `\uNNNN` or `\UNNNNNNNN` escape of a character.
pub(crate) fn escape(c: char) -> String {
    match u32::from(c) {
        n if n < 0x100 => format!("\\x{n:02x}"),
        n if n < 0x10000 => format!("\\u{n:04x}"),
        n => format!("\\U{n:08x}"),
    }
}

/// A character as Python's `repr` shows it in codec messages: `'\xef'`.
pub(crate) fn char_repr(c: char) -> String {
    format!("'{}'", escape(c))
}

/// Python's `repr` of a plain name (no quotes or escapes inside, as codec
/// names are).
pub(crate) fn name_repr(s: &str) -> String {
    if s.contains('\'') && !s.contains('"') { format!("\"{s}\"") } else { format!("'{s}'") }
}
