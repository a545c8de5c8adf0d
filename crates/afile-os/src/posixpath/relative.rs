//! `posixpath.abspath`, `relpath` and `commonpath`, lexically.

use std::path::{Path, PathBuf};

use afile_core::{Error, Result};

use super::{SEP, join_chars, normpath_chars};
use crate::pystr::{self, Chars};

fn abspath_chars(p: &[u32], cwd: &[u32]) -> Chars {
    if p.first() == Some(&SEP) { normpath_chars(p) } else { normpath_chars(&join_chars(cwd, &[p.to_vec()])) }
}

/// `p` made absolute against the current directory `cwd`, then normalised
/// (`posixpath.abspath`, with the directory given); symlinks are not
/// resolved. [`path::abspath`](crate::path::abspath) asks for the current
/// directory itself.
///
/// ```
/// use afile_os::posixpath::abspath;
/// assert_eq!(abspath("x/../y", "/work").as_os_str(), "/work/y");
/// assert_eq!(abspath("/a/./b", "/work").as_os_str(), "/a/b");
/// ```
pub fn abspath(p: impl AsRef<Path>, cwd: impl AsRef<Path>) -> PathBuf {
    pystr::path(&abspath_chars(&pystr::of(&p), &pystr::of(&cwd)))
}

/// `path` relative to `start` (Python's default is `"."`), both made
/// absolute against `cwd` and normalised first (`posixpath.relpath`):
/// `..` for each part of `start` not shared, then the rest of `path`.
///
/// # Errors
///
/// CPython's `no path specified` for an empty `path`.
///
/// ```
/// use afile_os::posixpath::relpath;
/// assert_eq!(relpath("/a/b/c", "/a/x", "/")?.as_os_str(), "../b/c");
/// assert_eq!(relpath("..", "a", "/w/d")?.as_os_str(), "../..");
/// assert_eq!(relpath("/a/b", "/a/b", "/")?.as_os_str(), ".");
/// # Ok::<(), afile_core::Error>(())
/// ```
pub fn relpath(path: impl AsRef<Path>, start: impl AsRef<Path>, cwd: impl AsRef<Path>) -> Result<PathBuf> {
    let (path, start, cwd) = (pystr::of(&path), pystr::of(&start), pystr::of(&cwd));
    if path.is_empty() {
        return Err(Error::InvalidArgument("no path specified".into()));
    }
    let parts = |p: &[u32]| -> Vec<Chars> {
        pystr::split(&abspath_chars(p, &cwd), SEP)
            .into_iter()
            .filter(|x| !x.is_empty())
            .map(<[u32]>::to_vec)
            .collect()
    };
    let (start_list, path_list) = (parts(&start), parts(&path));
    let common = start_list.iter().zip(&path_list).take_while(|(a, b)| a == b).count();
    let mut rel: Vec<Chars> = vec![pystr::lit(".."); start_list.len() - common];
    rel.extend(path_list[common..].iter().cloned());
    let Some((first, others)) = rel.split_first() else { return Ok(PathBuf::from(".")) };
    Ok(pystr::path(&join_chars(first, others)))
}

/// The longest common sub-path of `paths` (`posixpath.commonpath`): whole
/// components (`/a/b` and `/a/bc` share `/a`), `//` and `.` ignored, no
/// trailing `/`.
///
/// # Errors
///
/// CPython's texts: `commonpath() arg is an empty sequence`, `Can't mix
/// absolute and relative paths`.
///
/// ```
/// use afile_os::posixpath::commonpath;
/// assert_eq!(commonpath(["/a/b/c", "/a/b/d"])?.as_os_str(), "/a/b");
/// assert_eq!(commonpath(["/a/b", "/a/bc"])?.as_os_str(), "/a");
/// assert_eq!(commonpath(["/a", "b"]).unwrap_err().to_string(), "Can't mix absolute and relative paths");
/// # Ok::<(), afile_core::Error>(())
/// ```
pub fn commonpath<P: AsRef<Path>>(paths: impl IntoIterator<Item = P>) -> Result<PathBuf> {
    let paths: Vec<Chars> = paths.into_iter().map(|p| pystr::of(&p)).collect();
    let Some(first) = paths.first() else {
        return Err(Error::InvalidArgument("commonpath() arg is an empty sequence".into()));
    };
    let absolute = first.first() == Some(&SEP);
    if paths.iter().any(|p| (p.first() == Some(&SEP)) != absolute) {
        return Err(Error::InvalidArgument("Can't mix absolute and relative paths".into()));
    }
    let keep = |c: &&[u32]| !c.is_empty() && *c != [u32::from(b'.')];
    let split: Vec<Vec<&[u32]>> =
        paths.iter().map(|p| pystr::split(p, SEP).into_iter().filter(keep).collect()).collect();
    let (Some(s1), Some(s2)) = (split.iter().min(), split.iter().max()) else {
        return Ok(PathBuf::new());
    };
    let shared = s1.iter().zip(s2.iter()).take_while(|(a, b)| a == b).count();
    let prefix: &[u32] = if absolute { &[SEP] } else { &[] };
    Ok(pystr::path(&pystr::cat(&[prefix, &pystr::join(&s1[..shared], SEP)])))
}
