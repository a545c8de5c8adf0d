//! The codec families, and what each needs to know about itself: the
//! value [`Codec`](crate::Codec), [`Decoder`](crate::Decoder) and
//! [`Encoder`](crate::Encoder) hold.

use crate::double_byte::DoubleByte;
use crate::single_byte::SingleByte;
use crate::stateful::Stateful;
use crate::unicode::Endian;

/// Which codec, and what it needs to know about itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Utf8 {
        /// `utf_8_sig`: a BOM is skipped at the start and written first.
        sig: bool,
    },
    Ascii,
    /// `latin_1`, and the `charmap` codec without a mapping (the same).
    Latin1,
    /// `width` 2 or 4, in byte order `fixed` (`utf_16_le`, …), or with a
    /// BOM (`utf_16`, `utf_32`: `fixed` is `None`).
    Utf {
        width: usize,
        fixed: Option<Endian>,
    },
    /// A single-byte codec from the generated tables.
    Charmap(&'static SingleByte),
    /// A double-byte CJK codec from the generated tables.
    DoubleByte(&'static DoubleByte),
    /// gb18030: one-, two- and four-byte codes.
    Gb18030,
    /// `utf_7`: ASCII with base64 runs of UTF-16.
    Utf7,
    /// A stateful codec (hz, the iso2022 family).
    Stateful(&'static Stateful),
    /// CPython's `undefined` codec: every use raises.
    Undefined,
    /// `unicode_escape` (`raw: false`) and `raw_unicode_escape`.
    UnicodeEscape {
        raw: bool,
    },
    /// `punycode`: the whole input is one punycode string.
    Punycode,
    /// `idna`: labels between dots, nameprep and punycode.
    Idna,
}

impl Kind {
    /// Whether this codec writes a byte order mark first.
    pub(crate) fn writes_bom(self) -> bool {
        matches!(self, Self::Utf8 { sig: true } | Self::Utf { fixed: None, .. })
    }
}
