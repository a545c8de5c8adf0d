//! CPython's `os.path.abspath` with a given current directory, done
//! lexically: `tempfile` normalises the directory it creates in this way
//! (with afile-core's `normpath`, which afile-os exports too).

use std::path::{Path, PathBuf};

use afile_core::normpath;

/// `path` joined to `cwd` if relative, then normalised.
pub(crate) fn abspath(path: &Path, cwd: &Path) -> PathBuf {
    if path.is_absolute() { normpath(path) } else { normpath(cwd.join(path)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_as_posixpath() {
        let cases = [
            ("t1/", "/cwd/t1"),
            ("t1/../t2", "/cwd/t2"),
            ("./a//b/", "/cwd/a/b"),
            ("/x/../../y", "/y"),
            ("//x/y", "//x/y"),
            ("///x", "/x"),
            (".", "/cwd"),
        ];
        for (given, want) in cases {
            assert_eq!(abspath(Path::new(given), Path::new("/cwd")), Path::new(want), "{given}");
        }
        assert_eq!(normpath(Path::new("../a/..")), Path::new(".."));
        assert_eq!(normpath(Path::new("")), Path::new("."));
    }
}
