//! The state of a stateful codec's decoder or encoder.

use super::tables::ASCII;

/// What [`State::pack`] XORs into [`State::pack_raw`]'s number: ASCII in
/// each of G0, G1 and G2.
const RAW: u32 = u32::from_le_bytes([ASCII, ASCII, ASCII, 0]);

/// The decoder's or encoder's state: the set designated to G0, G1 and G2
/// (a mark; `0` for none, as after CPython's encoder `setstate(0)`), whether
/// G1 is shifted in (hz: whether GB2312 is), and whether the decoder is
/// passing a non-ISO-2022 escape sequence through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct State {
    pub(super) g: [u8; 3],
    pub(super) shifted: bool,
    pub(super) escape_through: bool,
}

impl State {
    /// The state at the start of a stream.
    pub(crate) const INITIAL: State = State { g: [ASCII; 3], shifted: false, escape_through: false };

    /// The state as a number, `0` for [`State::INITIAL`].
    pub(crate) fn pack(self) -> u32 {
        let g = self.g.map(|m| u32::from(m ^ ASCII));
        g[0] | g[1] << 8 | g[2] << 16 | u32::from(self.shifted) << 24 | u32::from(self.escape_through) << 25
    }

    /// The state [`pack`](Self::pack) made `n` of.
    pub(crate) fn unpack(n: u32) -> State {
        let b = n.to_le_bytes();
        State {
            g: [b[0] ^ ASCII, b[1] ^ ASCII, b[2] ^ ASCII],
            shifted: b[3] & 1 != 0,
            escape_through: b[3] & 2 != 0,
        }
    }

    /// The state as a number in which nothing designated is `0`, as in
    /// CPython's encoder `getstate()`/`setstate()`.
    pub(crate) fn pack_raw(self) -> u32 {
        self.pack() ^ RAW
    }

    /// The state [`pack_raw`](Self::pack_raw) made `n` of.
    pub(crate) fn unpack_raw(n: u32) -> State {
        State::unpack(n ^ RAW)
    }

    /// CPython's decoder `reset()`: G0 back to ASCII, shifted out; G1, G2
    /// and an escape being passed through stay.
    pub(crate) fn reset_decoder(&mut self) {
        self.g[0] = ASCII;
        self.shifted = false;
    }
}
