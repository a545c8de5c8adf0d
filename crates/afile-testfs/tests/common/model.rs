//! A model of CPython's buffered binary file (`BufferedRandom`) as far as
//! its observable results go: the bytes, the position, and append mode.

use std::io::SeekFrom;

/// The file as CPython's `open(path, mode)` would see it.
#[derive(Clone, Debug)]
pub struct Model {
    pub data: Vec<u8>,
    pub pos: usize,
    pub append: bool,
    /// Buffered (not unbuffered) writes.
    pub buffered: bool,
    /// CPython's `tell()` while appended bytes wait in the buffer: its raw
    /// position is stale until they are written, so it says `pos + len`
    /// where the bytes will really land at the end. afile reproduces it.
    pub stale: Option<usize>,
}

impl Model {
    /// The file right after `open(mode)` over `initial`.
    pub fn open(initial: &[u8], mode: &str, buffering: isize) -> Model {
        let data = if mode.starts_with('w') { Vec::new() } else { initial.to_vec() };
        let append = mode.starts_with('a');
        let pos = if append { data.len() } else { 0 };
        Model { data, pos, append, buffered: buffering != 0, stale: None }
    }

    /// Whether `pos` is a position CPython may report now; a report of the
    /// true position ends the stale state (the appended bytes went out).
    pub fn accept_position(&mut self, pos: u64) -> bool {
        if pos == self.pos as u64 {
            self.stale = None;
            return true;
        }
        self.stale.is_some_and(|s| s as u64 == pos)
    }

    fn rest(&self) -> &[u8] {
        &self.data[self.pos.min(self.data.len())..]
    }

    /// `read(n)` / `read(None)`; also `readinto` of an `n`-byte buffer
    /// (regular files return short only at end of file).
    pub fn read(&mut self, n: Option<usize>) -> Vec<u8> {
        let rest = self.rest();
        let out = rest[..n.unwrap_or(rest.len()).min(rest.len())].to_vec();
        self.pos += out.len();
        out
    }

    /// `readline(limit)`: up to and including the next `\n`.
    pub fn readline(&mut self, limit: Option<usize>) -> Vec<u8> {
        let rest = self.rest();
        let line_end = rest.iter().position(|&b| b == b'\n').map_or(rest.len(), |i| i + 1);
        let out = rest[..line_end.min(limit.unwrap_or(usize::MAX))].to_vec();
        self.pos += out.len();
        out
    }

    /// Whether `got` is a result `read1(n)` may give: a prefix of what
    /// `read(n)` would give, not empty unless at end of file or `n == 0`.
    pub fn read1_allows(&self, n: usize, got: &[u8]) -> bool {
        let rest = self.rest();
        let most = n.min(rest.len());
        got.len() <= most && got == &rest[..got.len()] && (most == 0 || !got.is_empty())
    }

    /// Where a write of `len` bytes starts: the end in append mode.
    pub fn write_start(&self) -> usize {
        if self.append { self.data.len() } else { self.pos }
    }

    /// `write(b)`: overwrites or extends at the position (the end in append
    /// mode), filling a gap with zeros. An empty write changes nothing, in
    /// append mode too (CPython, and `write(2)` of 0 bytes).
    ///
    /// After a buffered append CPython's `tell()` may say `pos + len` until
    /// the bytes are written out (see [`Model::stale`]).
    pub fn write(&mut self, b: &[u8]) -> usize {
        if b.is_empty() {
            return 0;
        }
        if self.append && self.buffered {
            self.stale = Some(self.stale.unwrap_or(self.pos) + b.len());
        }
        let at = self.write_start();
        if self.data.len() < at + b.len() {
            self.data.resize(at + b.len(), 0);
        }
        self.data[at..at + b.len()].copy_from_slice(b);
        self.pos = at + b.len();
        b.len()
    }

    /// Where `seek(to)` lands, or `None` for a negative position (`EINVAL`).
    pub fn seek_target(&self, to: SeekFrom) -> Option<usize> {
        let target = match to {
            SeekFrom::Start(n) => i128::from(n),
            SeekFrom::Current(d) => self.pos as i128 + i128::from(d),
            SeekFrom::End(d) => self.data.len() as i128 + i128::from(d),
        };
        usize::try_from(target).ok()
    }

    /// `seek(to)`: the new position, or `None` (and no change) if negative.
    pub fn seek(&mut self, to: SeekFrom) -> Option<u64> {
        let target = self.seek_target(to)?;
        self.pos = target;
        Some(target as u64)
    }

    /// `truncate(size)`: the size, the position by default; the position
    /// does not move; growing fills with zeros.
    pub fn truncate(&mut self, size: Option<u64>) -> u64 {
        let size = size.unwrap_or(self.pos as u64);
        self.data.resize(size as usize, 0);
        size
    }
}
