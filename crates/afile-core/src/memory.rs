//! Buffers that grow with the bytes that arrive, never by what a caller
//! asked for or what a file's size claims, and that fail with an error
//! instead of aborting the process when memory runs out.
//!
//! Every buffer afile fills from a file (a read-ahead, a read to the end, a
//! long line, a whole file, decoded text) grows through these functions: by
//! at most [`STEP`] bytes beyond what it holds (doubling below that), with
//! Rust's fallible `try_reserve`, so a huge `read(n)`, a 1 TiB sparse file
//! or `/dev/zero` under a memory limit ends in `[Errno 12] Cannot allocate
//! memory` (`ErrorKind::OutOfMemory`), where CPython raises `MemoryError`.

use std::io;

use bytes::{Bytes, BytesMut};

use crate::error::{Error, Result};

/// The most one read asks of the kernel, and the most a buffer grows at
/// once beyond the bytes it holds.
pub(crate) const STEP: usize = 64 << 20;

/// The error for an allocation that failed: `ENOMEM`, which is what a
/// failing `malloc` sets (`[Errno 12] Cannot allocate memory`, kind
/// `OutOfMemory`).
pub(crate) fn out_of_memory() -> io::Error {
    crate::sys::posix_error(crate::sys::Posix::NoMem)
}

/// Makes room in `vec` for `additional` more bytes: as much again as it
/// holds (up to [`STEP`]) when that is more, else exactly `additional`.
pub(crate) fn reserve_vec(vec: &mut Vec<u8>, additional: usize) -> io::Result<()> {
    if vec.capacity() - vec.len() >= additional {
        return Ok(());
    }
    // Growing may copy what is there.
    crate::work::looked(vec.len());
    let generous = additional.max(vec.len().min(STEP));
    vec.try_reserve_exact(generous)
        .or_else(|_| vec.try_reserve_exact(additional))
        .map_err(|_| out_of_memory())
}

/// [`reserve_vec`] for a `BytesMut`. The bytes move into a `Vec` and back
/// without a copy (a `BytesMut` that does not start at its allocation is
/// moved to its start once); the `Vec` grows with `realloc`, which moves
/// large blocks by remapping pages, not by copying them.
pub(crate) fn reserve(buf: &mut BytesMut, additional: usize) -> io::Result<()> {
    if buf.capacity() - buf.len() >= additional || buf.try_reclaim(additional) {
        return Ok(());
    }
    let mut vec = Vec::from(std::mem::take(buf));
    let grown = reserve_vec(&mut vec, additional);
    *buf = BytesMut::from(Bytes::from(vec));
    grown
}

/// An empty `BytesMut` with room for `capacity` bytes.
pub(crate) fn with_capacity(capacity: usize) -> io::Result<BytesMut> {
    let mut buf = BytesMut::new();
    reserve(&mut buf, capacity)?;
    Ok(buf)
}

/// [`reserve_vec`] for text.
pub(crate) fn reserve_str(s: &mut String, additional: usize) -> Result<()> {
    if s.capacity() - s.len() >= additional {
        return Ok(());
    }
    crate::work::looked(s.len());
    let generous = additional.max(s.len().min(STEP));
    s.try_reserve_exact(generous)
        .or_else(|_| s.try_reserve_exact(additional))
        .map_err(|_| Error::from(out_of_memory()))
}

/// Below this, text is copied with Rust's ordinary allocation (a failure
/// there is the process's, not a size's): the hot path of short lines.
const SMALL: usize = 64 << 10;

/// `s` appended to `out`, or the out-of-memory error.
#[inline(always)]
pub(crate) fn push_str(out: &mut String, s: &str) -> Result<()> {
    if out.capacity() == 0 && s.len() < SMALL {
        // A new `String` at the text's size in one step.
        *out = s.to_owned();
        return Ok(());
    }
    if out.capacity() - out.len() < s.len() {
        grow_for(out, s.len())?;
    }
    out.push_str(s);
    Ok(())
}

/// The growth path of [`push_str`], out of line.
#[inline(never)]
fn grow_for(out: &mut String, additional: usize) -> Result<()> {
    if out.capacity() == 0 {
        return out.try_reserve_exact(additional).map_err(|_| Error::from(out_of_memory()));
    }
    reserve_str(out, additional)
}

/// A copy of `s`, or the out-of-memory error.
pub(crate) fn to_owned(s: &str) -> Result<String> {
    let mut out = String::new();
    push_str(&mut out, s)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn growth_keeps_the_bytes_and_is_bounded() {
        let mut buf = BytesMut::from(&b"0123456789"[..]);
        bytes::Buf::advance(&mut buf, 4);
        reserve(&mut buf, 1000).expect("room");
        assert_eq!(&buf[..], b"456789");
        assert!(buf.capacity() >= 1006);
        let mut big = vec![0u8; 3 * STEP];
        reserve_vec(&mut big, 10).expect("room");
        assert!(big.capacity() <= 4 * STEP, "grew by at most STEP");
    }

    #[test]
    fn an_impossible_size_is_an_error_not_an_abort() {
        let err = with_capacity(usize::MAX / 2).expect_err("too large");
        assert_eq!(err.kind(), io::ErrorKind::OutOfMemory);
        assert_eq!(Error::from(err).to_string(), "[Errno 12] Cannot allocate memory");
        let mut s = String::from("kept");
        assert!(reserve_str(&mut s, usize::MAX / 2).is_err());
        assert_eq!(s, "kept");
    }
}
