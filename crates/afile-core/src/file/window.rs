//! The read window: bytes of the file already read, and where they start.

use bytes::{Buf, Bytes, BytesMut};

/// A run of the file's bytes held in memory: `data` is the file from offset
/// `start`. Reads inside the window are served from memory; slices of it are
/// handed out as [`Bytes`] without a copy.
#[derive(Debug, Default)]
pub(crate) struct Window {
    data: Bytes,
    start: u64,
    /// The fill that made this window reached the end of the file.
    eof: bool,
    /// A consumed buffer kept for the next read-ahead.
    spare: Option<BytesMut>,
}

impl Window {
    /// The file offset just past the window.
    #[inline]
    pub(crate) fn end(&self) -> u64 {
        self.start + self.data.len() as u64
    }

    #[inline]
    fn offset_of(&self, pos: u64) -> Option<usize> {
        (pos >= self.start && pos <= self.end()).then(|| (pos - self.start) as usize)
    }

    /// The bytes from `pos` to the end of the window (empty outside it).
    #[inline]
    pub(crate) fn available(&self, pos: u64) -> &[u8] {
        match self.offset_of(pos) {
            Some(off) => &self.data[off..],
            None => &[],
        }
    }

    /// Whether the window ends at end of file and `pos` is inside it.
    #[inline]
    pub(crate) fn eof_at(&self, pos: u64) -> bool {
        self.eof && self.offset_of(pos).is_some()
    }

    /// `n` bytes from `pos`, as a slice of the window (no copy). Taking the
    /// window's last byte forgets the end-of-file mark, so the next read asks
    /// the file again (it may have grown).
    #[inline]
    pub(crate) fn slice(&mut self, pos: u64, n: usize) -> Bytes {
        let off = self.offset_of(pos).unwrap_or(self.data.len());
        let end = (off + n).min(self.data.len());
        if end == self.data.len() {
            self.eof = false;
        }
        self.data.slice(off..end)
    }

    /// Copies up to `out.len()` bytes from `pos` into `out`; returns the count.
    #[inline]
    pub(crate) fn copy_to(&mut self, pos: u64, out: &mut [u8]) -> usize {
        let off = self.offset_of(pos).unwrap_or(self.data.len());
        let n = out.len().min(self.data.len() - off);
        out[..n].copy_from_slice(&self.data[off..off + n]);
        if off + n == self.data.len() {
            self.eof = false;
        }
        n
    }

    /// Notes that `n` bytes from `pos` were consumed in place.
    #[inline]
    pub(crate) fn advance_within(&mut self, pos: u64, n: usize) {
        if pos + n as u64 >= self.end() {
            self.eof = false;
        }
    }

    /// Forgets the window (after a write, a truncate, or in unbuffered mode).
    #[inline]
    pub(crate) fn clear(&mut self) {
        if !self.data.is_empty() {
            self.data.clear();
        }
        self.eof = false;
    }

    /// A buffer for the next fill at `pos`: the unread tail of the window
    /// first (so a line or read spanning two fills stays whole), with room for
    /// `room` more bytes. Reuses the window's memory when nobody else holds a
    /// slice of it.
    pub(crate) fn buffer_for_fill(&mut self, pos: u64, room: usize) -> BytesMut {
        let off = self.offset_of(pos);
        let data = std::mem::take(&mut self.data);
        self.eof = false;
        let Some(off) = off else {
            return reuse(data, room);
        };
        match data.try_into_mut() {
            Ok(mut owned) => {
                owned.advance(off);
                owned.reserve(room);
                owned
            }
            Err(shared) => {
                let tail = &shared[off..];
                let mut fresh = BytesMut::with_capacity(tail.len() + room);
                fresh.extend_from_slice(tail);
                fresh
            }
        }
    }

    /// An empty buffer of at least `capacity` bytes for a read-ahead.
    pub(crate) fn spare_buffer(&mut self, capacity: usize) -> BytesMut {
        let mut buf = self.spare.take().unwrap_or_default();
        buf.clear();
        buf.reserve(capacity);
        buf
    }

    /// Keeps `buf` for the next read-ahead.
    pub(crate) fn recycle(&mut self, buf: BytesMut) {
        self.spare = Some(buf);
    }

    /// Appends a read-ahead to the window: `buf` holds `head` spare bytes,
    /// then the bytes that follow the window. The unread tail from `pos`
    /// goes into the spare room when it fits (no copy of the chunk).
    pub(crate) fn join(&mut self, pos: u64, mut buf: BytesMut, head: usize, eof: bool) {
        let old = std::mem::take(&mut self.data);
        let off = self.offset_of_in(&old, pos);
        let tail = &old[off..];
        let joined = if tail.len() <= head {
            buf[head - tail.len()..head].copy_from_slice(tail);
            buf.advance(head - tail.len());
            buf
        } else {
            let mut fresh = BytesMut::with_capacity(tail.len() + buf.len() - head);
            fresh.extend_from_slice(tail);
            fresh.extend_from_slice(&buf[head..]);
            fresh
        };
        if let Ok(owned) = old.try_into_mut() {
            self.spare = Some(owned);
        }
        self.install(joined, pos, eof);
    }

    fn offset_of_in(&self, data: &Bytes, pos: u64) -> usize {
        let off = pos.saturating_sub(self.start) as usize;
        off.min(data.len())
    }

    /// Installs the result of a fill: `buf` is the file from `start`.
    pub(crate) fn install(&mut self, buf: BytesMut, start: u64, eof: bool) {
        self.data = buf.freeze();
        self.start = start;
        self.eof = eof;
    }
}

/// An empty buffer with room for `room` bytes, recycling `old` if unique.
fn reuse(old: Bytes, room: usize) -> BytesMut {
    match old.try_into_mut() {
        Ok(mut owned) => {
            owned.clear();
            owned.reserve(room);
            owned
        }
        Err(_) => BytesMut::with_capacity(room),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_tail_for_the_next_fill() {
        let mut w = Window::default();
        w.install(BytesMut::from(&b"hello world"[..]), 100, false);
        assert_eq!(w.available(106), b"world");
        assert_eq!(w.available(99), b"");
        let buf = w.buffer_for_fill(106, 16);
        assert_eq!(&buf[..], b"world");
        assert!(buf.capacity() >= 21);
    }

    #[test]
    fn slices_share_memory_and_copy_when_shared() {
        let mut w = Window::default();
        w.install(BytesMut::from(&b"abcdef"[..]), 0, true);
        let held = w.slice(0, 2);
        assert!(w.eof_at(2));
        let buf = w.buffer_for_fill(2, 4);
        assert_eq!(&buf[..], b"cdef");
        assert_eq!(&held[..], b"ab");
    }
}
