//! macOS and the BSDs: no `O_TMPFILE` and no memory files, so no reserve
//! of nameless files; random bytes from `getentropy`.

use std::fs::File;
use std::io;
use std::path::Path;

use crate::sys::Linked;

/// No reserve of nameless files: there are none to keep.
pub(crate) const HAS_RESERVE: bool = false;

/// Fills `buf` from the kernel's CSPRNG (`getentropy`, at most 256 bytes a
/// call).
pub(crate) fn fill_random(buf: &mut [u8]) -> io::Result<()> {
    for chunk in buf.chunks_mut(256) {
        // SAFETY: `chunk` is writable memory of the length passed (at most
        // 256 bytes, getentropy's limit).
        if unsafe { libc::getentropy(chunk.as_mut_ptr().cast(), chunk.len()) } != 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

/// There is no `O_TMPFILE` here.
pub(crate) fn tmpfile(_dir: &Path, _mode: u32) -> io::Result<File> {
    Err(io::ErrorKind::Unsupported.into())
}

/// Nothing is ever nameless here (see [`tmpfile`]).
pub(crate) fn can_link_unnamed() -> bool {
    false
}

/// Nothing is ever nameless here (see [`tmpfile`]).
pub(crate) fn link_unnamed(_file: &File, _to: &Path) -> io::Result<Linked> {
    Ok(Linked::Unlinkable)
}

/// There are no memory files here: spooled files use a nameless file.
pub(crate) fn memory_file() -> io::Result<File> {
    Err(io::ErrorKind::Unsupported.into())
}
