//! `access` and its mode flags.

use std::ops::BitOr;
use std::path::Path;

use afile_core::Result;
use rustix::fs::{Access, AtFlags, CWD};

use crate::{blocking, nul};

/// What [`access`] checks: [`F_OK`] (exists), [`R_OK`], [`W_OK`], [`X_OK`],
/// combined with `|` as in Python.
///
/// ```
/// let rw = afile_os::R_OK | afile_os::W_OK;
/// assert_ne!(rw, afile_os::R_OK);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AccessMode(Access);

/// The path exists.
pub const F_OK: AccessMode = AccessMode(Access::EXISTS);
/// The path can be read.
pub const R_OK: AccessMode = AccessMode(Access::READ_OK);
/// The path can be written.
pub const W_OK: AccessMode = AccessMode(Access::WRITE_OK);
/// The path can be executed (searched, for a directory).
pub const X_OK: AccessMode = AccessMode(Access::EXEC_OK);

impl BitOr for AccessMode {
    type Output = AccessMode;

    fn bitor(self, rhs: AccessMode) -> AccessMode {
        AccessMode(self.0 | rhs.0)
    }
}

/// Whether the real user may access `path` as `mode` says (`os.access`).
/// A missing path is simply `false`.
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
    blocking("access", move || Ok(rustix::fs::accessat(CWD, &path, mode.0, AtFlags::empty()).is_ok())).await
}
