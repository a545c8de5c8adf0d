//! The read window: bytes of the file already read, and where they start.

use std::io;

use bytes::{Buf, Bytes, BytesMut};

use crate::memory;

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
    /// slice of it. If the room cannot be had, the window is left as it was.
    pub(crate) fn buffer_for_fill(&mut self, pos: u64, room: usize) -> io::Result<BytesMut> {
        let Some(off) = self.offset_of(pos) else {
            let data = std::mem::take(&mut self.data);
            self.eof = false;
            return reuse(data, room);
        };
        let tail_len = self.data.len() - off;
        let data = std::mem::take(&mut self.data);
        let (start, eof) = (self.start, std::mem::take(&mut self.eof));
        let grown = match data.try_into_mut() {
            Ok(mut owned) => {
                owned.advance(off);
                match memory::reserve(&mut owned, room) {
                    Ok(()) => Ok(owned),
                    Err(e) => Err((e, owned.freeze(), pos)),
                }
            }
            Err(shared) => match memory::with_capacity(tail_len + room) {
                Ok(mut fresh) => {
                    crate::work::looked(tail_len);
                    fresh.extend_from_slice(&shared[off..]);
                    Ok(fresh)
                }
                Err(e) => Err((e, shared, start)),
            },
        };
        grown.map_err(|(e, data, start)| {
            (self.data, self.start, self.eof) = (data, start, eof);
            e
        })
    }

    /// An empty buffer of at least `capacity` bytes for a read-ahead.
    pub(crate) fn spare_buffer(&mut self, capacity: usize) -> io::Result<BytesMut> {
        let mut buf = self.spare.take().unwrap_or_default();
        buf.clear();
        memory::reserve(&mut buf, capacity)?;
        Ok(buf)
    }

    /// Keeps `buf` for the next read-ahead.
    pub(crate) fn recycle(&mut self, buf: BytesMut) {
        self.spare = Some(buf);
    }

    /// Appends a read-ahead to the window: `buf` holds `head` spare bytes,
    /// then the bytes that follow the window. The unread tail from `pos`
    /// goes into the spare room when it fits (no copy of the chunk); a
    /// longer tail (a long line) gets the chunk appended instead, so a line
    /// that grows over many read-aheads is copied as it grows, not again at
    /// each one. If memory for that cannot be had, the read-ahead is
    /// dropped (the next fill reads those bytes again) and the error
    /// returned, for the read waiting for those bytes.
    pub(crate) fn join(&mut self, pos: u64, mut buf: BytesMut, head: usize, eof: bool) -> io::Result<()> {
        let off = self.offset_of_in(&self.data, pos);
        let tail_len = self.data.len() - off;
        if tail_len <= head {
            let old = std::mem::take(&mut self.data);
            buf[head - tail_len..head].copy_from_slice(&old[off..]);
            buf.advance(head - tail_len);
            if let Ok(owned) = old.try_into_mut() {
                self.spare = Some(owned);
            }
            self.install(buf, pos, eof);
            return Ok(());
        }
        let chunk = &buf[head..];
        let grown = match std::mem::take(&mut self.data).try_into_mut() {
            Ok(mut owned) => {
                owned.advance(off);
                match memory::reserve(&mut owned, chunk.len()) {
                    Ok(()) => Ok(owned),
                    Err(e) => Err((e, owned.freeze())),
                }
            }
            Err(shared) => match memory::with_capacity(tail_len + chunk.len()) {
                Ok(mut fresh) => {
                    crate::work::looked(tail_len);
                    fresh.extend_from_slice(&shared[off..]);
                    Ok(fresh)
                }
                Err(e) => Err((e, shared.slice(off..))),
            },
        };
        match grown {
            Ok(mut joined) => {
                crate::work::looked(chunk.len());
                joined.extend_from_slice(chunk);
                self.spare = Some(buf);
                self.install(joined, pos, eof);
                Ok(())
            }
            Err((e, kept)) => {
                self.data = kept;
                self.start = pos;
                Err(e)
            }
        }
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
fn reuse(old: Bytes, room: usize) -> io::Result<BytesMut> {
    match old.try_into_mut() {
        Ok(mut owned) => {
            owned.clear();
            memory::reserve(&mut owned, room)?;
            Ok(owned)
        }
        Err(_) => memory::with_capacity(room),
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
        let buf = w.buffer_for_fill(106, 16).expect("room");
        assert_eq!(&buf[..], b"world");
        assert!(buf.capacity() >= 21);
    }

    #[test]
    fn slices_share_memory_and_copy_when_shared() {
        let mut w = Window::default();
        w.install(BytesMut::from(&b"abcdef"[..]), 0, true);
        let held = w.slice(0, 2);
        assert!(w.eof_at(2));
        let buf = w.buffer_for_fill(2, 4).expect("room");
        assert_eq!(&buf[..], b"cdef");
        assert_eq!(&held[..], b"ab");
    }
}
