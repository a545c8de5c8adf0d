//! Python's `ntpath`: the Windows rules for path strings (drives, UNC
//! shares, `\\?\` prefixes, both `\` and `/` as separators), on every
//! platform, as in Python, where `import ntpath` works anywhere.
//! `os.path` is this module on Windows.
//!
//! Every function here is lexical: it looks at the string only, never at
//! the file system, the current directory or the environment — except
//! [`expanduser`] and [`expandvars`], which read the environment as
//! CPython's do. Those that need the current directory take it as `cwd`.
//! The results are CPython 3.12's, character for character, as its
//! `ntpath` computes them in Python; on Windows CPython has three of them
//! call into the system instead (`normcase` through `LCMapStringEx`,
//! `abspath` through `GetFullPathNameW`, `normpath` in C), which agree on
//! ordinary paths (see `docs/mapping.md`).
//!
//! ```
//! use afile_os::ntpath;
//! use std::path::Path;
//! assert_eq!(ntpath::join("C:\\Users", ["me", "notes.txt"]).as_os_str(), "C:\\Users\\me\\notes.txt");
//! assert_eq!(ntpath::normpath("C:/a/./b/../c").as_os_str(), "C:\\a\\c");
//! let (drive, rest) = ntpath::splitdrive("\\\\server\\share\\dir\\f");
//! assert_eq!((drive.as_os_str(), rest.as_os_str()), ("\\\\server\\share".as_ref(), "\\dir\\f".as_ref()));
//! ```

mod expand;
mod relative;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

pub use crate::genericpath::commonprefix;
pub use expand::{expanduser, expandvars};
pub use relative::{abspath, commonpath, relpath};

use crate::genericpath;
use crate::pystr::{self, Chars};

const SEP: u32 = b'\\' as u32;
const ALTSEP: u32 = b'/' as u32;
const COLON: u32 = b':' as u32;
const DOT: u32 = b'.' as u32;

fn is_sep(c: u32) -> bool {
    c == SEP || c == ALTSEP
}

/// `splitroot` as two cut points: the drive is `p[..d]`, the root
/// `p[d..r]`, the rest `p[r..]`.
pub(crate) fn root_bounds(p: &[u32]) -> (usize, usize) {
    let norm = pystr::replace(p, ALTSEP, SEP);
    let at = |i: usize| norm.get(i).copied();
    if at(0) == Some(SEP) {
        if at(1) != Some(SEP) {
            // A root without a drive: `\Windows`.
            return (0, 1);
        }
        // UNC (`\\server\share`, `\\?\UNC\server\share`) or a device
        // (`\\.\device`, `\\?\device`): the drive runs to the second
        // separator after the prefix.
        let head = &norm[..norm.len().min(8)];
        let start = if pystr::upper(head) == pystr::lit("\\\\?\\UNC\\") { 8 } else { 2 };
        let Some(first) = pystr::find(&norm, SEP, start) else { return (p.len(), p.len()) };
        let Some(second) = pystr::find(&norm, SEP, first + 1) else { return (p.len(), p.len()) };
        return (second, second + 1);
    }
    if at(1) == Some(COLON) {
        // `X:\Windows` has a root, `X:Windows` not.
        return if at(2) == Some(SEP) { (2, 3) } else { (2, 2) };
    }
    (0, 0)
}

/// Splits `p` into drive, root and the rest (`ntpath.splitroot`): the
/// three parts joined give `p` back.
///
/// ```
/// use afile_os::ntpath::splitroot;
/// let parts = |p| { let (d, r, t) = splitroot(p); [d, r, t].map(|x| x.into_os_string()) };
/// assert_eq!(parts("//server/share/"), ["//server/share", "/", ""]);
/// assert_eq!(parts("C:/Users/Barney"), ["C:", "/", "Users/Barney"]);
/// assert_eq!(parts("C:///spam///ham"), ["C:", "/", "//spam///ham"]);
/// assert_eq!(parts("Windows/notepad"), ["", "", "Windows/notepad"]);
/// ```
pub fn splitroot(p: impl AsRef<Path>) -> (PathBuf, PathBuf, PathBuf) {
    let p = pystr::of(&p);
    let (d, r) = root_bounds(&p);
    (pystr::path(&p[..d]), pystr::path(&p[d..r]), pystr::path(&p[r..]))
}

/// Splits `p` into a drive (`C:`, `\\server\share`, `\\?\UNC\server\share`,
/// `\\.\device`) and the rest (`ntpath.splitdrive`).
///
/// ```
/// let (drive, rest) = afile_os::ntpath::splitdrive("c:/dir");
/// assert_eq!((drive.as_os_str(), rest.as_os_str()), ("c:".as_ref(), "/dir".as_ref()));
/// ```
pub fn splitdrive(p: impl AsRef<Path>) -> (PathBuf, PathBuf) {
    let p = pystr::of(&p);
    let (d, _) = root_bounds(&p);
    (pystr::path(&p[..d]), pystr::path(&p[d..]))
}

/// `ntpath.split` on code points.
pub(crate) fn split_chars(p: &[u32]) -> (&[u32], &[u32]) {
    let (_, r) = root_bounds(p);
    let rest = &p[r..];
    let i = rest.iter().rposition(|&c| is_sep(c)).map_or(0, |i| i + 1);
    // Drive and root, then the rest up to the last separator, less the
    // separators it ends with: one piece of `p`.
    let head = pystr::rstrip(&rest[..i], &[SEP, ALTSEP]);
    (&p[..r + head.len()], &rest[i..])
}

/// Splits `p` into the part before its last separator and the part after
/// it (`ntpath.split`); the head keeps the drive and root and loses its
/// trailing separators.
///
/// ```
/// let (head, tail) = afile_os::ntpath::split("C:\\dir\\\\file.txt");
/// assert_eq!((head.as_os_str(), tail.as_os_str()), ("C:\\dir".as_ref(), "file.txt".as_ref()));
/// ```
pub fn split(p: impl AsRef<Path>) -> (PathBuf, PathBuf) {
    let p = pystr::of(&p);
    let (head, tail) = split_chars(&p);
    (pystr::path(head), pystr::path(tail))
}

/// Splits `p` into root and extension (`ntpath.splitext`): the extension
/// is the last dot of the last component and what follows, unless the
/// component is only dots before it (`.profile` has none).
///
/// ```
/// let (root, ext) = afile_os::ntpath::splitext("C:\\dir.d\\archive.tar.gz");
/// assert_eq!((root.as_os_str(), ext.as_os_str()), ("C:\\dir.d\\archive.tar".as_ref(), ".gz".as_ref()));
/// ```
pub fn splitext(p: impl AsRef<Path>) -> (PathBuf, PathBuf) {
    let p = pystr::of(&p);
    let at = genericpath::ext_start(&p, &[SEP, ALTSEP]).unwrap_or(p.len());
    (pystr::path(&p[..at]), pystr::path(&p[at..]))
}

/// The last component of `p` (`ntpath.basename`): the tail of [`split`].
///
/// ```
/// assert_eq!(afile_os::ntpath::basename("C:/a/b.txt").as_os_str(), "b.txt");
/// assert_eq!(afile_os::ntpath::basename("C:/a/").as_os_str(), "");
/// ```
pub fn basename(p: impl AsRef<Path>) -> PathBuf {
    split(p).1
}

/// All but the last component of `p` (`ntpath.dirname`): the head of
/// [`split`].
///
/// ```
/// assert_eq!(afile_os::ntpath::dirname("C:/a/b.txt").as_os_str(), "C:/a");
/// ```
pub fn dirname(p: impl AsRef<Path>) -> PathBuf {
    split(p).0
}

/// `ntpath.isabs` on code points.
pub(crate) fn isabs_chars(p: &[u32]) -> bool {
    let s = pystr::replace(&p[..p.len().min(3)], ALTSEP, SEP);
    s.first() == Some(&SEP) || s.get(1..3) == Some(&[COLON, SEP])
}

/// Whether `p` is absolute (`ntpath.isabs`): a UNC or device path, a drive
/// with a root, or — CPython's legacy rule — any path starting with a
/// separator (`\x` has no drive, yet counts).
///
/// ```
/// use afile_os::ntpath::isabs;
/// assert!(isabs("C:\\x") && isabs("\\\\server\\share") && isabs("/x"));
/// assert!(!isabs("C:x") && !isabs("x\\y"));
/// ```
pub fn isabs(p: impl AsRef<Path>) -> bool {
    isabs_chars(&pystr::of(&p))
}

/// `ntpath.join` on code points.
pub(crate) fn join_chars(path: &[u32], paths: &[Chars]) -> Chars {
    let (d, r) = root_bounds(path);
    let (mut drive, mut root, mut rest) = (path[..d].to_vec(), path[d..r].to_vec(), path[r..].to_vec());
    for p in paths {
        let (pd, pr) = root_bounds(p);
        let (p_drive, p_root, p_rest) = (&p[..pd], &p[pd..pr], &p[pr..]);
        if !p_root.is_empty() {
            // An absolute part replaces what came before (keeping the
            // drive if it has none).
            if !p_drive.is_empty() || drive.is_empty() {
                drive = p_drive.to_vec();
            }
            root = p_root.to_vec();
            rest = p_rest.to_vec();
            continue;
        }
        if !p_drive.is_empty() && p_drive != drive.as_slice() {
            if pystr::lower(p_drive) != pystr::lower(&drive) {
                // Another drive: start again from it.
                drive = p_drive.to_vec();
                root = p_root.to_vec();
                rest = p_rest.to_vec();
                continue;
            }
            // The same drive, in another case.
            drive = p_drive.to_vec();
        }
        if rest.last().is_some_and(|&c| !is_sep(c)) {
            rest.push(SEP);
        }
        rest.extend_from_slice(p_rest);
    }
    // A UNC drive and a relative rest need a separator between them.
    if !rest.is_empty() && root.is_empty() && drive.last().is_some_and(|&c| c != COLON && !is_sep(c)) {
        return pystr::cat(&[&drive, &[SEP], &rest]);
    }
    pystr::cat(&[&drive, &root, &rest])
}

/// Joins `path` and each of `paths` with `\` (`ntpath.join(path, *paths)`):
/// a part with a root starts again from it, a part on another drive
/// starts again altogether, and a drive-relative part (`C:x`) stays on its
/// drive.
///
/// ```
/// use afile_os::ntpath::join;
/// assert_eq!(join("C:\\a", ["b", "c"]).as_os_str(), "C:\\a\\b\\c");
/// assert_eq!(join("C:\\a", ["\\b"]).as_os_str(), "C:\\b");
/// assert_eq!(join("C:\\a", ["D:b"]).as_os_str(), "D:b");
/// assert_eq!(join("//server/share", ["x"]).as_os_str(), "//server/share\\x");
/// ```
pub fn join<P: AsRef<Path>>(path: impl AsRef<Path>, paths: impl IntoIterator<Item = P>) -> PathBuf {
    let rest: Vec<Chars> = paths.into_iter().map(|p| pystr::of(&p)).collect();
    pystr::path(&join_chars(&pystr::of(&path), &rest))
}

/// `ntpath.normpath` on code points (CPython's Python version).
pub(crate) fn normpath_chars(p: &[u32]) -> Chars {
    let p = pystr::replace(p, ALTSEP, SEP);
    let (d, r) = root_bounds(&p);
    let has_root = r > d;
    let mut comps: Vec<&[u32]> = Vec::new();
    for comp in pystr::split(&p[r..], SEP) {
        match comp {
            [] | [DOT] => {}
            [DOT, DOT] if comps.last().is_some_and(|c| *c != [DOT, DOT]) => {
                comps.pop();
            }
            // `..` right after the root goes nowhere.
            [DOT, DOT] if comps.is_empty() && has_root => {}
            _ => comps.push(comp),
        }
    }
    if r == 0 && comps.is_empty() {
        return vec![DOT];
    }
    pystr::cat(&[&p[..r], &pystr::join(&comps, SEP)])
}

/// Collapses `.`, `..` and repeated separators, turning `/` into `\`
/// (`ntpath.normpath`); `..` never climbs above a drive or root.
///
/// ```
/// use afile_os::ntpath::normpath;
/// assert_eq!(normpath("A//B/./C/../D").as_os_str(), "A\\B\\D");
/// assert_eq!(normpath("C:\\..\\x").as_os_str(), "C:\\x");
/// assert_eq!(normpath("..\\..\\x").as_os_str(), "..\\..\\x");
/// assert_eq!(normpath("").as_os_str(), ".");
/// ```
pub fn normpath(p: impl AsRef<Path>) -> PathBuf {
    pystr::path(&normpath_chars(&pystr::of(&p)))
}

/// `ntpath.normcase` on code points.
pub(crate) fn normcase_chars(p: &[u32]) -> Chars {
    pystr::lower(&pystr::replace(p, ALTSEP, SEP))
}

/// `p` in lower case with `/` turned into `\` (`ntpath.normcase`), for
/// comparing paths as Windows does. Lower case is Unicode's (Python's
/// `str.lower()`).
///
/// ```
/// assert_eq!(afile_os::ntpath::normcase("C:/Dir/FILE.TXT").as_os_str(), "c:\\dir\\file.txt");
/// ```
pub fn normcase(p: impl AsRef<Path>) -> PathBuf {
    pystr::path(&normcase_chars(&pystr::of(&p)))
}
