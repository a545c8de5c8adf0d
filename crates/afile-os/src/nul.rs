//! CPython's first check on every path: a NUL byte cannot be part of one.

use std::path::Path;

use afile_core::{Error, Result};

/// `Ok` unless `path` holds a NUL byte: then CPython's `ValueError:
/// embedded null byte`, before anything touches the file system.
pub(crate) fn check(path: &Path) -> Result<()> {
    if path.as_os_str().as_encoded_bytes().contains(&0) {
        return Err(Error::InvalidArgument("embedded null byte".into()));
    }
    Ok(())
}

/// [`check`] for both paths of a two-path call.
pub(crate) fn check2(a: &Path, b: &Path) -> Result<()> {
    check(a)?;
    check(b)
}
