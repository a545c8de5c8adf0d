//! CPython's `FileIO` refuses a directory: opening one, by path or by
//! descriptor, is `IsADirectoryError` (`[Errno 21] Is a directory: 'path'`).
//! Linux already refuses to open a directory for writing; a read-only
//! descriptor needs one `fstat` to tell (see [`sys::is_directory`]).

use std::io;
use std::path::Path;

use crate::error::{Error, Result};
use crate::sys::{self, Posix};

/// `Ok` unless `file` is a directory; the error names `path` if given.
pub(crate) fn check_not_dir(file: &std::fs::File, path: Option<&Path>) -> Result<()> {
    if sys::is_directory(file).map_err(|e| os_error(e, path))? {
        return Err(os_error(sys::posix_error(Posix::IsDir), path));
    }
    Ok(())
}

/// `NUL` cannot be part of a path: CPython's `ValueError: embedded null
/// byte`, raised before anything touches the file system.
pub(crate) fn check_no_nul(path: &Path) -> Result<()> {
    if path.as_os_str().as_encoded_bytes().contains(&0) {
        return Err(Error::InvalidArgument("embedded null byte".into()));
    }
    Ok(())
}

fn os_error(e: io::Error, path: Option<&Path>) -> Error {
    match path {
        Some(p) => Error::with_path(e, p),
        None => Error::from(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directory_is_refused_and_a_file_is_not() {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = std::fs::File::open(dir.path()).expect("open dir");
        let err = check_not_dir(&d, Some(Path::new("d"))).expect_err("a directory");
        assert_eq!(err.to_string(), "[Errno 21] Is a directory: 'd'");
        assert_eq!(err.kind(), io::ErrorKind::IsADirectory);
        assert_eq!(err.errno(), Some(21));
        assert_eq!(check_not_dir(&d, None).expect_err("dir").to_string(), "[Errno 21] Is a directory");
        let f = std::fs::File::create(dir.path().join("f")).expect("create");
        check_not_dir(&f, None).expect("a file for writing");
        let f = std::fs::File::open(dir.path().join("f")).expect("open");
        check_not_dir(&f, None).expect("a file for reading");
    }

    #[test]
    fn nul_is_a_value_error() {
        let err = check_no_nul(Path::new("a\0b")).expect_err("NUL");
        assert!(matches!(err, Error::InvalidArgument(_)));
        assert_eq!(err.to_string(), "embedded null byte");
        check_no_nul(Path::new("ab")).expect("no NUL");
    }
}
