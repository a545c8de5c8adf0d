//! `copyfile`: the kernel copies, with `copy_file_range` where it can.

use std::fs::File;
use std::io;
use std::path::Path;

use afile_core::{Error, Result};
use rustix::io::Errno;

use crate::blocking;

/// Copies the contents of `src` to `dst` (created or truncated), like
/// `shutil.copyfile`: data only, no permission bits. The kernel does the
/// copy with `copy_file_range` (reflinks on file systems that have them),
/// falling back to `sendfile` and then to a read/write loop. Returns the
/// number of bytes copied.
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let (a, b) = (dir.path().join("a"), dir.path().join("b"));
/// std::fs::write(&a, b"payload")?;
/// assert_eq!(afile_os::copyfile(&a, &b).await?, 7);
/// assert_eq!(std::fs::read(&b)?, b"payload");
/// # Ok(()) }
/// ```
pub async fn copyfile(src: impl AsRef<Path>, dst: impl AsRef<Path>) -> Result<u64> {
    let (src, dst) = (src.as_ref().to_path_buf(), dst.as_ref().to_path_buf());
    blocking("copyfile", move || {
        let input = File::open(&src).map_err(|e| Error::with_path(e, &src))?;
        let output = File::create(&dst).map_err(|e| Error::with_path(e, &dst))?;
        copy_fds(&input, &output).map_err(|e| Error::with_paths(e, &src, &dst))
    })
    .await
}

fn copy_fds(input: &File, output: &File) -> io::Result<u64> {
    let mut total = 0u64;
    let mut use_range = true;
    loop {
        let chunk = 1 << 30;
        let step = if use_range {
            rustix::fs::copy_file_range(input, None, output, None, chunk)
        } else {
            rustix::fs::sendfile(output, input, None, chunk)
        };
        match step {
            Ok(0) => return Ok(total),
            Ok(n) => total += n as u64,
            Err(Errno::INTR) => {}
            Err(Errno::XDEV | Errno::NOSYS | Errno::INVAL | Errno::OPNOTSUPP) if use_range && total == 0 => {
                use_range = false;
            }
            Err(Errno::INVAL | Errno::NOSYS) if total == 0 => {
                return std::io::copy(&mut &*input, &mut &*output);
            }
            Err(e) => return Err(e.into()),
        }
    }
}
