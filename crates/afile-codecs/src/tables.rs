//! Reading the generated tables in `data/` (`cargo xtask codecs`): a
//! cursor over little-endian numbers and short strings.

/// A cursor over the generated data.
pub(crate) struct Reader(pub(crate) &'static [u8]);

impl Reader {
    pub(crate) fn take(&mut self, n: usize) -> Option<&'static [u8]> {
        let (head, tail) = (self.0.get(..n)?, self.0.get(n..)?);
        self.0 = tail;
        Some(head)
    }
    pub(crate) fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }
    pub(crate) fn u16(&mut self) -> Option<u16> {
        self.take(2).map(|b| u16::from_le_bytes([b[0], b[1]]))
    }
    pub(crate) fn u32(&mut self) -> Option<u32> {
        self.take(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    pub(crate) fn str(&mut self) -> Option<&'static str> {
        let n = self.u8()?;
        std::str::from_utf8(self.take(usize::from(n))?).ok()
    }

    /// Every table of a generated data file, parsed one after another until
    /// the data ends (or stops making sense).
    pub(crate) fn all<T>(data: &'static [u8], parse_one: fn(&mut Reader) -> Option<T>) -> Vec<T> {
        let mut r = Reader(data);
        let mut all = Vec::new();
        while !r.0.is_empty() {
            match parse_one(&mut r) {
                Some(t) => all.push(t),
                None => break,
            }
        }
        all
    }
}
