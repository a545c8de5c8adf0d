//! `sendfile`: copy between descriptors inside the kernel.

use std::os::fd::AsFd;

use afile_core::{Error, Result};

use crate::blocking;

/// Copies up to `count` bytes from `input` to `output` inside the kernel
/// (Linux `sendfile(2)`, as `os.sendfile`), returning how many were sent.
///
/// With `offset = Some(n)` it reads from byte `n` of `input` and leaves
/// `input`'s position alone; with `None` it reads from, and advances, the
/// descriptor's position. The descriptors are duplicated for the call, so
/// they may be any open files or sockets (for an afile `File`, pass an
/// explicit offset: its position lives in the `File`, not the descriptor).
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let (a, b) = (dir.path().join("a"), dir.path().join("b"));
/// std::fs::write(&a, b"0123456789")?;
/// let input = std::fs::File::open(&a)?;
/// let output = std::fs::File::create(&b)?;
/// assert_eq!(afile_os::sendfile(&output, &input, Some(2), 5).await?, 5);
/// assert_eq!(std::fs::read(&b)?, b"23456");
/// # Ok(()) }
/// ```
pub async fn sendfile(
    output: &impl AsFd,
    input: &impl AsFd,
    offset: Option<u64>,
    count: usize,
) -> Result<usize> {
    let out = rustix::io::fcntl_dupfd_cloexec(output, 0).map_err(Error::from)?;
    let inp = rustix::io::fcntl_dupfd_cloexec(input, 0).map_err(Error::from)?;
    blocking("sendfile", move || {
        let mut offset = offset;
        loop {
            match rustix::fs::sendfile(&out, &inp, offset.as_mut(), count) {
                Err(rustix::io::Errno::INTR) => continue,
                other => return other.map_err(Error::from),
            }
        }
    })
    .await
}
