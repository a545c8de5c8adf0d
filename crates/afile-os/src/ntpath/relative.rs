//! `ntpath.abspath`, `relpath` and `commonpath`, lexically.

use std::path::{Path, PathBuf};

use afile_core::{Error, Result};

use super::{SEP, isabs_chars, join_chars, normcase_chars, normpath_chars, root_bounds};
use crate::pystr::{self, Chars};

fn abspath_chars(p: &[u32], cwd: &[u32]) -> Chars {
    if isabs_chars(p) { normpath_chars(p) } else { normpath_chars(&join_chars(cwd, &[p.to_vec()])) }
}

/// `p` made absolute against the current directory `cwd`, then normalised,
/// as CPython's `ntpath.abspath` computes it without Windows (its
/// `_abspath_fallback`); on Windows CPython asks `GetFullPathNameW`, which
/// also applies the per-drive current directory of `C:x` and drops
/// trailing dots and spaces from names.
///
/// ```
/// use afile_os::ntpath::abspath;
/// assert_eq!(abspath("x\\..\\y", "C:\\work").as_os_str(), "C:\\work\\y");
/// assert_eq!(abspath("D:\\a\\.", "C:\\work").as_os_str(), "D:\\a");
/// ```
pub fn abspath(p: impl AsRef<Path>, cwd: impl AsRef<Path>) -> PathBuf {
    pystr::path(&abspath_chars(&pystr::of(&p), &pystr::of(&cwd)))
}

/// `path` relative to `start` (Python's default is `"."`), both made
/// absolute against `cwd` first (`ntpath.relpath`); names compare without
/// regard to case, as on Windows.
///
/// # Errors
///
/// CPython's `ValueError`s: `no path specified` for an empty `path`, and
/// `path is on mount 'D:', start on mount 'C:'` for paths on two drives.
///
/// ```
/// use afile_os::ntpath::relpath;
/// assert_eq!(relpath("C:\\a\\b\\c", "c:\\A\\x", "C:\\")?.as_os_str(), "..\\b\\c");
/// let err = relpath("D:\\a", "C:\\b", "C:\\").unwrap_err();
/// assert_eq!(err.to_string(), "path is on mount 'D:', start on mount 'C:'");
/// # Ok::<(), afile_core::Error>(())
/// ```
pub fn relpath(path: impl AsRef<Path>, start: impl AsRef<Path>, cwd: impl AsRef<Path>) -> Result<PathBuf> {
    let (path, start, cwd) = (pystr::of(&path), pystr::of(&start), pystr::of(&cwd));
    if path.is_empty() {
        return Err(Error::InvalidArgument("no path specified".into()));
    }
    let start_abs = abspath_chars(&normpath_chars(&start), &cwd);
    let path_abs = abspath_chars(&normpath_chars(&path), &cwd);
    let ((sd, sr), (pd, pr)) = (root_bounds(&start_abs), root_bounds(&path_abs));
    let (start_drive, path_drive) = (&start_abs[..sd], &path_abs[..pd]);
    if normcase_chars(start_drive) != normcase_chars(path_drive) {
        return Err(Error::InvalidArgument(format!(
            "path is on mount {}, start on mount {}",
            pystr::repr(path_drive),
            pystr::repr(start_drive)
        )));
    }
    let parts = |s: &[u32]| -> Vec<Chars> {
        pystr::split(s, SEP).into_iter().filter(|x| !x.is_empty()).map(<[u32]>::to_vec).collect()
    };
    let (start_list, path_list) = (parts(&start_abs[sr..]), parts(&path_abs[pr..]));
    let common =
        start_list.iter().zip(&path_list).take_while(|(a, b)| normcase_chars(a) == normcase_chars(b)).count();
    let mut rel: Vec<Chars> = vec![pystr::lit(".."); start_list.len() - common];
    rel.extend(path_list[common..].iter().cloned());
    let Some((first, others)) = rel.split_first() else { return Ok(PathBuf::from(".")) };
    Ok(pystr::path(&join_chars(first, others)))
}

/// The longest common sub-path of `paths` (`ntpath.commonpath`): whole
/// components, compared without regard to case or separator, in the case
/// and with the drive of the first path, `\` between components.
///
/// # Errors
///
/// CPython's texts: `commonpath() arg is an empty sequence`, `Can't mix
/// absolute and relative paths`, `Paths don't have the same drive`.
///
/// ```
/// use afile_os::ntpath::commonpath;
/// assert_eq!(commonpath(["C:\\Users\\Me\\a", "c:/users/me/b"])?.as_os_str(), "C:\\Users\\Me");
/// assert_eq!(commonpath(["C:\\a", "D:\\a"]).unwrap_err().to_string(), "Paths don't have the same drive");
/// # Ok::<(), afile_core::Error>(())
/// ```
pub fn commonpath<P: AsRef<Path>>(paths: impl IntoIterator<Item = P>) -> Result<PathBuf> {
    let paths: Vec<Chars> = paths.into_iter().map(|p| pystr::of(&p)).collect();
    let Some(first) = paths.first() else {
        return Err(Error::InvalidArgument("commonpath() arg is an empty sequence".into()));
    };
    let lowered: Vec<Chars> =
        paths.iter().map(|p| pystr::lower(&pystr::replace(p, '/' as u32, SEP))).collect();
    let splits: Vec<(&[u32], &[u32], &[u32])> = lowered
        .iter()
        .map(|p| {
            let (d, r) = root_bounds(p);
            (&p[..d], &p[d..r], &p[r..])
        })
        .collect();
    if splits.iter().any(|s| s.1 != splits[0].1) {
        return Err(Error::InvalidArgument("Can't mix absolute and relative paths".into()));
    }
    if splits.iter().any(|s| s.0 != splits[0].0) {
        return Err(Error::InvalidArgument("Paths don't have the same drive".into()));
    }
    let keep = |c: &&[u32]| !c.is_empty() && *c != [u32::from(b'.')];
    let first = pystr::replace(first, '/' as u32, SEP);
    let (_, r) = root_bounds(&first);
    let common: Vec<&[u32]> = pystr::split(&first[r..], SEP).into_iter().filter(keep).collect();
    let split_paths: Vec<Vec<&[u32]>> =
        splits.iter().map(|s| pystr::split(s.2, SEP).into_iter().filter(keep).collect()).collect();
    // CPython compares the smallest and the largest split: what they share
    // is what all share.
    let (Some(s1), Some(s2)) = (split_paths.iter().min(), split_paths.iter().max()) else {
        return Ok(pystr::path(&first[..r]));
    };
    let shared = s1.iter().zip(s2.iter()).take_while(|(a, b)| a == b).count();
    let kept = &common[..shared.min(common.len())];
    Ok(pystr::path(&pystr::cat(&[&first[..r], &pystr::join(kept, SEP)])))
}
