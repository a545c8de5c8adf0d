//! CPython's `posixpath.normpath`, done lexically. afile-os re-exports it as
//! `afile_os::path::normpath` (and builds `abspath` on it); afile-tempfile
//! normalises the directories it creates in with it.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// Collapses `.`, `..` and repeated slashes without touching the file
/// system (`os.path.normpath`): POSIX keeps exactly two leading slashes.
///
/// ```
/// use std::path::Path;
/// assert_eq!(afile_core::normpath("a//b/../c/."), Path::new("a/c"));
/// assert_eq!(afile_core::normpath("../x"), Path::new("../x"));
/// assert_eq!(afile_core::normpath(""), Path::new("."));
/// ```
pub fn normpath(path: impl AsRef<Path>) -> PathBuf {
    let bytes = path.as_ref().as_os_str().as_encoded_bytes();
    if bytes.is_empty() {
        return PathBuf::from(".");
    }
    // POSIX keeps exactly two leading slashes; three or more become one.
    let lead = match bytes.iter().take_while(|&&b| b == b'/').count() {
        2 => 2,
        0 => 0,
        _ => 1,
    };
    let mut parts: Vec<&[u8]> = Vec::new();
    for part in bytes.split(|&b| b == b'/') {
        match part {
            b"" | b"." => {}
            b".." if lead == 0 && (parts.is_empty() || parts.last() == Some(&&b".."[..])) => parts.push(part),
            b".." => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    let mut out = vec![b'/'; lead];
    out.extend_from_slice(&parts.join(&b'/'));
    if out.is_empty() {
        out.push(b'.');
    }
    // SAFETY: `out` is pieces of `path`'s encoded bytes, cut only next to
    // an ASCII `/`, joined by (and led by) ASCII `/`s, or the ASCII `.`:
    // what `OsString::from_encoded_bytes_unchecked` accepts.
    PathBuf::from(unsafe { OsString::from_encoded_bytes_unchecked(out) })
}
