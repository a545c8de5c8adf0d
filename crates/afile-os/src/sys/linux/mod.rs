//! Linux: the Unix calls, plus `sendfile(2)` between any two descriptors and
//! copies handed to the kernel.

use std::fs::File;
use std::io;
use std::os::fd::OwnedFd;

pub(crate) use super::unix::{
    access, chmod, ctime, current_uid, decode_path, encode_path, entry_ino, file_id, is_a_directory, is_fifo,
    ismount, mkdir, realpath, rename, replace, symlink, utime,
};

/// Copies the rest of `input` into `output`; the count of bytes copied.
/// [`std::io::copy`] between two files hands the copy to the kernel on
/// Linux (`copy_file_range`, so reflinks where the file system has them,
/// then `sendfile`, then a read/write loop).
pub(crate) fn copy_contents(input: &mut File, output: &mut File) -> io::Result<u64> {
    io::copy(input, output)
}

/// One `sendfile(2)` from `input` (at `offset`, advanced, or at its
/// position, which then advances) to `output`; the count sent.
pub(crate) fn sendfile_once(
    output: &OwnedFd,
    input: &OwnedFd,
    offset: Option<&mut u64>,
    count: usize,
) -> io::Result<usize> {
    Ok(rustix::fs::sendfile(output, input, offset, count)?)
}
