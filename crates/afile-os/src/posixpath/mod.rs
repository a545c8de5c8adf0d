//! Python's `posixpath`: the POSIX rules for path strings (`/` the only
//! separator, no drives), on every platform, as in Python, where
//! `import posixpath` works anywhere. [`path`](crate::path) is this module
//! (plus the functions that ask the file system) on Unix.
//!
//! Every function here is lexical: it looks at the string only, never at
//! the file system or the current directory — except [`expanduser`] and
//! [`expandvars`], which read the environment (and the password file) as
//! CPython's do. Those that need the current directory take it as `cwd`.
//! The results are CPython 3.12's, character for character.
//!
//! ```
//! use afile_os::posixpath;
//! assert_eq!(posixpath::join("/usr", ["lib", "x.so"]).as_os_str(), "/usr/lib/x.so");
//! let (head, tail) = posixpath::split("a/b//c");
//! assert_eq!((head.as_os_str(), tail.as_os_str()), ("a/b".as_ref(), "c".as_ref()));
//! assert_eq!(posixpath::normpath("a//b/../c").as_os_str(), "a/c");
//! ```

mod expand;
mod relative;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

pub use crate::genericpath::commonprefix;
pub use afile_core::normpath;
pub use expand::{expanduser, expandvars};
pub use relative::{abspath, commonpath, relpath};

use crate::genericpath;
use crate::pystr::{self, Chars};

const SEP: u32 = b'/' as u32;

/// Splits `p` into drive, root and the rest (`posixpath.splitroot`): the
/// drive is always empty; the root is empty, `/`, or exactly two slashes
/// (which POSIX lets a system give a meaning of its own).
///
/// ```
/// use afile_os::posixpath::splitroot;
/// let parts = |p| { let (d, r, t) = splitroot(p); [d, r, t].map(|x| x.into_os_string()) };
/// assert_eq!(parts("foo/bar"), ["", "", "foo/bar"]);
/// assert_eq!(parts("//foo/bar"), ["", "//", "foo/bar"]);
/// assert_eq!(parts("///foo/bar"), ["", "/", "//foo/bar"]);
/// ```
pub fn splitroot(p: impl AsRef<Path>) -> (PathBuf, PathBuf, PathBuf) {
    let p = pystr::of(&p);
    let r = match (p.first(), p.get(1), p.get(2)) {
        (Some(&SEP), Some(&SEP), third) if third != Some(&SEP) => 2,
        (Some(&SEP), ..) => 1,
        _ => 0,
    };
    (PathBuf::new(), pystr::path(&p[..r]), pystr::path(&p[r..]))
}

/// Splits `p` into drive and path (`posixpath.splitdrive`): the drive is
/// always empty.
///
/// ```
/// let (drive, rest) = afile_os::posixpath::splitdrive("/a/b");
/// assert_eq!((drive.as_os_str(), rest.as_os_str()), ("".as_ref(), "/a/b".as_ref()));
/// ```
pub fn splitdrive(p: impl AsRef<Path>) -> (PathBuf, PathBuf) {
    (PathBuf::new(), p.as_ref().to_path_buf())
}

/// `posixpath.split` on code points.
pub(crate) fn split_chars(p: &[u32]) -> (&[u32], &[u32]) {
    let i = p.iter().rposition(|&c| c == SEP).map_or(0, |i| i + 1);
    let head = &p[..i];
    // Trailing slashes go, unless the head is nothing but slashes.
    let head = if head.iter().all(|&c| c == SEP) { head } else { pystr::rstrip(head, &[SEP]) };
    (head, &p[i..])
}

/// Splits `p` at its last `/` (`posixpath.split`): the head loses its
/// trailing slashes unless it is only slashes; the tail is empty when `p`
/// ends in `/`.
///
/// ```
/// let (head, tail) = afile_os::posixpath::split("/usr/lib/");
/// assert_eq!((head.as_os_str(), tail.as_os_str()), ("/usr/lib".as_ref(), "".as_ref()));
/// ```
pub fn split(p: impl AsRef<Path>) -> (PathBuf, PathBuf) {
    let p = pystr::of(&p);
    let (head, tail) = split_chars(&p);
    (pystr::path(head), pystr::path(tail))
}

/// Splits `p` into root and extension (`posixpath.splitext`): the
/// extension is the last dot of the last component and what follows,
/// unless the component is only dots before it (`.bashrc` has none).
///
/// ```
/// let (root, ext) = afile_os::posixpath::splitext("a.d/archive.tar.gz");
/// assert_eq!((root.as_os_str(), ext.as_os_str()), ("a.d/archive.tar".as_ref(), ".gz".as_ref()));
/// ```
pub fn splitext(p: impl AsRef<Path>) -> (PathBuf, PathBuf) {
    let p = pystr::of(&p);
    let at = genericpath::ext_start(&p, &[SEP]).unwrap_or(p.len());
    (pystr::path(&p[..at]), pystr::path(&p[at..]))
}

/// What follows the last `/` of `p` (`posixpath.basename`).
///
/// ```
/// assert_eq!(afile_os::posixpath::basename("/a/b.txt").as_os_str(), "b.txt");
/// assert_eq!(afile_os::posixpath::basename("/a/").as_os_str(), "");
/// ```
pub fn basename(p: impl AsRef<Path>) -> PathBuf {
    split(p).1
}

/// What precedes the last `/` of `p` (`posixpath.dirname`).
///
/// ```
/// assert_eq!(afile_os::posixpath::dirname("/a/b.txt").as_os_str(), "/a");
/// assert_eq!(afile_os::posixpath::dirname("//x").as_os_str(), "//");
/// ```
pub fn dirname(p: impl AsRef<Path>) -> PathBuf {
    split(p).0
}

/// Whether `p` starts with `/` (`posixpath.isabs`).
///
/// ```
/// assert!(afile_os::posixpath::isabs("/x") && !afile_os::posixpath::isabs("x/y"));
/// ```
pub fn isabs(p: impl AsRef<Path>) -> bool {
    pystr::of(&p).first() == Some(&SEP)
}

/// `posixpath.join` on code points.
pub(crate) fn join_chars(path: &[u32], paths: &[Chars]) -> Chars {
    let mut out = path.to_vec();
    for b in paths {
        if b.first() == Some(&SEP) {
            out = b.clone();
        } else {
            if !out.is_empty() && out.last() != Some(&SEP) {
                out.push(SEP);
            }
            out.extend_from_slice(b);
        }
    }
    out
}

/// Joins `path` and each of `paths` with `/` (`posixpath.join(path,
/// *paths)`): an absolute part starts again from it, and an empty last
/// part leaves a trailing `/`.
///
/// ```
/// use afile_os::posixpath::join;
/// assert_eq!(join("a", ["b", "c"]).as_os_str(), "a/b/c");
/// assert_eq!(join("a", ["/b"]).as_os_str(), "/b");
/// assert_eq!(join("a", [""]).as_os_str(), "a/");
/// ```
pub fn join<P: AsRef<Path>>(path: impl AsRef<Path>, paths: impl IntoIterator<Item = P>) -> PathBuf {
    let rest: Vec<Chars> = paths.into_iter().map(|p| pystr::of(&p)).collect();
    pystr::path(&join_chars(&pystr::of(&path), &rest))
}

/// `p` unchanged (`posixpath.normcase`: POSIX names are case-sensitive).
///
/// ```
/// assert_eq!(afile_os::posixpath::normcase("A/B").as_os_str(), "A/B");
/// ```
pub fn normcase(p: impl AsRef<Path>) -> PathBuf {
    p.as_ref().to_path_buf()
}

/// [`normpath`] on code points.
pub(crate) fn normpath_chars(p: &[u32]) -> Chars {
    pystr::decode(normpath(pystr::encode(p)).as_os_str())
}
