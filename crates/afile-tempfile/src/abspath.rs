//! CPython's `os.path.abspath`, done lexically: `tempfile` normalises the
//! directory it creates in (and `mkdtemp` the name it returns) this way.
//! afile-os has the public form (`afile_os::path::normpath`); this crate
//! depends on afile-core only, so it keeps its own copy of the rule.

use std::ffi::OsString;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};

/// `path` joined to `cwd` if relative, then normalised.
pub(crate) fn abspath(path: &Path, cwd: &Path) -> PathBuf {
    if path.is_absolute() { normpath(path) } else { normpath(&cwd.join(path)) }
}

/// Collapses `.`, `..`, repeated and trailing slashes without touching the
/// file system (CPython's `posixpath.normpath`).
pub(crate) fn normpath(path: &Path) -> PathBuf {
    let bytes = path.as_os_str().as_bytes();
    if bytes.is_empty() {
        return PathBuf::from(".");
    }
    // POSIX keeps exactly two leading slashes; three or more become one.
    let lead = match bytes.iter().take_while(|&&b| b == b'/').count() {
        0 => 0,
        2 => 2,
        _ => 1,
    };
    let mut parts: Vec<&[u8]> = Vec::new();
    for part in bytes.split(|&b| b == b'/') {
        match part {
            b"" | b"." => {}
            b".." if lead == 0 && parts.last().is_none_or(|p| *p == b"..") => parts.push(part),
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
    PathBuf::from(OsString::from_vec(out))
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
