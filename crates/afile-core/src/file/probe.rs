//! What opening a file would report, found without creating or truncating
//! anything: CPython opens the file before it checks the text arguments
//! (`buffering=0`, `newline`, `encoding`), so an error of the open comes
//! first; afile reports that error too, but a bad text argument still
//! changes nothing on disk.

use std::fs;
use std::io;
use std::path::Path;

use crate::error::{Error, Result};
use crate::executor::Executor;
use crate::mode::Mode;
use crate::sys::{self, Posix};

/// `Ok` if opening `path` with `mode` would succeed (as far as can be told
/// without creating it), else the open's error with the path.
pub(crate) async fn probe_open(path: &Path, mode: Mode, executor: &Executor) -> Result<()> {
    let path = path.to_path_buf();
    executor.clone().in_scope().run("open", move || probe_blocking(&path, mode)).await
}

fn probe_blocking(path: &Path, mode: Mode) -> Result<()> {
    let fail = |e: io::Error| Err(Error::with_path(e, path));
    if mode.exclusive() && fs::symlink_metadata(path).is_ok() {
        return fail(sys::posix_error(Posix::Exist));
    }
    // The access the open asks for, without creating, truncating or
    // appending.
    match fs::OpenOptions::new().read(mode.readable()).write(mode.writable()).open(path) {
        Ok(file) => super::not_dir::check_not_dir(&file, Some(path)),
        Err(e) if e.kind() == io::ErrorKind::NotFound && mode.creates() => {
            // A missing file would be created if its directory exists.
            let parent = match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            match fs::metadata(parent) {
                Ok(m) if m.is_dir() => Ok(()),
                Ok(_) => fail(sys::posix_error(Posix::NotDir)),
                Err(e) => fail(e),
            }
        }
        Err(e) => fail(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_what_the_open_would_without_side_effects() {
        let dir = tempfile::tempdir().expect("tempdir");
        let f = dir.path().join("f");
        std::fs::write(&f, b"keep").expect("write");
        let x = Mode::parse("x").expect("mode");
        let err = probe_blocking(&f, x).expect_err("exists");
        assert_eq!(err.errno(), Some(17));
        probe_blocking(&f, Mode::parse("w").expect("mode")).expect("opens");
        assert_eq!(std::fs::read(&f).expect("read"), b"keep", "not truncated");
        let new = dir.path().join("new");
        probe_blocking(&new, Mode::parse("w").expect("mode")).expect("would be created");
        assert!(!new.exists(), "not created");
        let err = probe_blocking(&new, Mode::parse("r").expect("mode")).expect_err("missing");
        assert_eq!(err.errno(), Some(2));
        let err =
            probe_blocking(&dir.path().join("no/f"), Mode::parse("w").expect("mode")).expect_err("no dir");
        assert_eq!(err.errno(), Some(2));
        let err = probe_blocking(dir.path(), Mode::parse("r").expect("mode")).expect_err("a directory");
        assert_eq!(err.errno(), Some(21));
    }
}
