//! How much each fill asks of the file: CPython's sizing for reads, and
//! afile's for lines and write-behind.

use super::File;
use super::engine::Want;

impl File {
    /// CPython's sizing for `read(n)` when `avail < n` bytes are buffered:
    /// whole chunks go straight through, then one chunk is buffered.
    pub(crate) fn want_for_read(&self, avail: usize, n: usize) -> Want {
        let remaining = n - avail;
        let bs = self.chunk;
        if self.buffer_size == 0 || remaining.is_multiple_of(bs) {
            return Want::Bytes { want: remaining, min: remaining };
        }
        Want::Bytes { want: (remaining - remaining % bs).saturating_add(bs), min: remaining }
    }

    /// A fill of one chunk that stops at the first bytes.
    pub(crate) fn want_chunk(&self) -> Want {
        let want = if self.buffer_size == 0 { 8192 } else { self.chunk };
        Want::Bytes { want, min: 1 }
    }

    /// A fill for a line not yet found in the `scanned` buffered bytes: at
    /// least a chunk, and as much again as is buffered, so a line longer
    /// than a small buffer takes a few fills that double, not one per
    /// buffer size (CPython's `peek` loop reads one buffer per call). It
    /// grows no further than the `limit` can use.
    pub(crate) fn want_for_line(&self, scanned: usize, limit: usize) -> Want {
        if self.buffer_size == 0 {
            return self.want_chunk();
        }
        let want = self.chunk.max(scanned.min(limit.saturating_sub(scanned)));
        Want::Bytes { want, min: 1 }
    }

    /// The size at which buffered writes are handed off.
    pub(crate) fn write_chunk(&self) -> usize {
        self.chunk
    }
}
