//! `access` and its mode flags.

use std::ops::BitOr;
use std::path::Path;

use afile_core::Result;

use crate::{blocking, nul};

/// What [`access`] checks: [`F_OK`] (exists), [`R_OK`], [`W_OK`], [`X_OK`],
/// combined with `|` as in Python.
///
/// ```
/// let rw = afile_os::R_OK | afile_os::W_OK;
/// assert_ne!(rw, afile_os::R_OK);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AccessMode(u32);

/// The path exists.
pub const F_OK: AccessMode = AccessMode(0);
/// The path can be read.
pub const R_OK: AccessMode = AccessMode(4);
/// The path can be written.
pub const W_OK: AccessMode = AccessMode(2);
/// The path can be executed (searched, for a directory).
pub const X_OK: AccessMode = AccessMode(1);

impl BitOr for AccessMode {
    type Output = AccessMode;

    fn bitor(self, rhs: AccessMode) -> AccessMode {
        AccessMode(self.0 | rhs.0)
    }
}

/// Whether the real user may access `path` as `mode` says (`os.access`).
/// A missing path is simply `false`. On Windows, as in CPython, only
/// existence and the read-only attribute are checked (`W_OK` fails for a
/// read-only file, not for a directory).
///
/// # Errors
///
/// CPython's `embedded null byte` for a path holding NUL, before any
/// system call.
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// use afile_os::{access, F_OK, R_OK, X_OK};
/// assert!(access("/", F_OK | R_OK | X_OK).await?);
/// assert!(!access("/no/such/path", F_OK).await?);
/// # Ok(()) }
/// ```
pub async fn access(path: impl AsRef<Path>, mode: AccessMode) -> Result<bool> {
    let path = path.as_ref().to_path_buf();
    nul::check(&path)?;
    blocking("access", move || Ok(crate::sys::access(&path, mode.0))).await
}
