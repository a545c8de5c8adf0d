//! The `os.path` functions that std has no one-call form of, with
//! CPython's `posixpath` rules: `relpath`, `commonpath`, `commonprefix`,
//! `expandvars`, `expanduser`. Re-exported from [`path`](crate::path).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use afile_core::{Error, Result};

use crate::path::abspath;

/// The non-empty components of a path's bytes split on `/`.
fn parts(p: &[u8]) -> Vec<&[u8]> {
    p.split(|&b| b == b'/').filter(|c| !c.is_empty()).collect()
}

fn path_of(bytes: Vec<u8>) -> PathBuf {
    PathBuf::from(crate::sys::os_from_bytes(bytes))
}

/// `path` relative to `start` (the current directory with `None`), as
/// `os.path.relpath`: both made absolute and normalised first (lexically,
/// symlinks are not resolved), then `..` for each part of `start` not shared.
///
/// # Errors
///
/// CPython's `no path specified` for an empty `path`; reading the current
/// directory.
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// use std::path::Path;
/// assert_eq!(afile_os::path::relpath("/a/b/c", Some("/a/x")).await?, Path::new("../b/c"));
/// assert_eq!(afile_os::path::relpath("/a", Some("/a/b/c")).await?, Path::new("../.."));
/// assert_eq!(afile_os::path::relpath("/a/b", Some("/a/b")).await?, Path::new("."));
/// # Ok(()) }
/// ```
pub async fn relpath(path: impl AsRef<Path>, start: Option<impl AsRef<Path>>) -> Result<PathBuf> {
    let path = path.as_ref();
    if path.as_os_str().is_empty() {
        return Err(Error::InvalidArgument("no path specified".into()));
    }
    let start = match start {
        Some(s) => abspath(s).await?,
        None => abspath(".").await?,
    };
    let path = abspath(path).await?;
    let (s, p) = (parts(start.as_os_str().as_encoded_bytes()), parts(path.as_os_str().as_encoded_bytes()));
    let common = s.iter().zip(&p).take_while(|(a, b)| a == b).count();
    let rel: Vec<&[u8]> =
        std::iter::repeat_n(&b".."[..], s.len() - common).chain(p[common..].iter().copied()).collect();
    if rel.is_empty() {
        return Ok(PathBuf::from("."));
    }
    Ok(path_of(rel.join(&b'/')))
}

/// The longest common sub-path of `paths`, as `os.path.commonpath`:
/// whole components (`/a/b` and `/a/bc` share `/a`), `//` and `.` ignored.
///
/// # Errors
///
/// CPython's texts: `commonpath() arg is an empty sequence`, `Can't mix
/// absolute and relative paths`.
///
/// ```
/// use std::path::Path;
/// assert_eq!(afile_os::path::commonpath(["/a/b/c", "/a/b/d"])?, Path::new("/a/b"));
/// assert_eq!(afile_os::path::commonpath(["/a/b", "/a/bc"])?, Path::new("/a"));
/// assert_eq!(afile_os::path::commonpath(["/a", "b"]).unwrap_err().to_string(),
///            "Can't mix absolute and relative paths");
/// # Ok::<(), afile_core::Error>(())
/// ```
pub fn commonpath<P: AsRef<Path>>(paths: impl IntoIterator<Item = P>) -> Result<PathBuf> {
    let paths: Vec<P> = paths.into_iter().collect();
    let Some(first) = paths.first() else {
        return Err(Error::InvalidArgument("commonpath() arg is an empty sequence".into()));
    };
    let absolute = first.as_ref().as_os_str().as_encoded_bytes().starts_with(b"/");
    if paths.iter().any(|p| p.as_ref().as_os_str().as_encoded_bytes().starts_with(b"/") != absolute) {
        return Err(Error::InvalidArgument("Can't mix absolute and relative paths".into()));
    }
    let split: Vec<Vec<&[u8]>> = paths
        .iter()
        .map(|p| {
            parts(p.as_ref().as_os_str().as_encoded_bytes()).into_iter().filter(|c| *c != b".").collect()
        })
        .collect();
    let mut common = split[0].len();
    for other in &split[1..] {
        common = common.min(split[0].iter().zip(other).take_while(|(a, b)| a == b).count());
    }
    let mut out = if absolute { b"/".to_vec() } else { Vec::new() };
    out.extend(split[0][..common].join(&b'/'));
    Ok(path_of(out))
}

/// The longest common leading string of `items`, character by character
/// (`os.path.commonprefix`: not path-aware, so `/a/b` and `/a/bc` give
/// `/a/b`); empty for no items.
///
/// ```
/// assert_eq!(afile_os::path::commonprefix(["/a/b", "/a/bc"]), "/a/b");
/// assert_eq!(afile_os::path::commonprefix(["héllo", "hélp"]), "hél");
/// ```
pub fn commonprefix<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> String {
    let items: Vec<S> = items.into_iter().collect();
    let Some(first) = items.first().map(AsRef::as_ref) else { return String::new() };
    let mut end = first.len();
    for other in &items[1..] {
        let shared =
            first.char_indices().zip(other.as_ref().chars()).take_while(|((_, a), b)| a == b).count();
        end = end.min(first.char_indices().nth(shared).map_or(first.len(), |(i, _)| i));
    }
    first[..end].to_owned()
}

/// `$NAME` and `${NAME}` replaced by environment variables, as
/// `os.path.expandvars`: `NAME` is ASCII letters, digits and `_` (any text
/// between braces); unknown variables are left as written.
///
/// ```
/// // HOME is set in the doc test's environment.
/// let home = std::env::var_os("HOME").unwrap_or_default();
/// assert_eq!(afile_os::path::expandvars("$HOME/x").into_os_string(), {
///     let mut h = home.clone(); h.push("/x"); h });
/// assert_eq!(afile_os::path::expandvars("$AFILE_NO_SUCH_VAR/y"), std::path::Path::new("$AFILE_NO_SUCH_VAR/y"));
/// ```
pub fn expandvars(path: impl AsRef<Path>) -> PathBuf {
    path_of(expand_vars_with(path.as_ref().as_os_str().as_encoded_bytes(), |name| {
        std::env::var_os(crate::sys::os_from_bytes(name.to_vec())).map(OsString::into_encoded_bytes)
    }))
}

/// [`expandvars`] with `lookup` for the environment.
fn expand_vars_with(path: &[u8], lookup: impl Fn(&[u8]) -> Option<Vec<u8>>) -> Vec<u8> {
    let mut out = path.to_vec();
    let mut i = 0;
    while let Some(k) = out[i..].iter().position(|&b| b == b'$') {
        let dollar = i + k;
        let rest = &out[dollar + 1..];
        let (name, len) = if rest.first() == Some(&b'{') {
            match rest.iter().position(|&b| b == b'}') {
                Some(close) => (&rest[1..close], close + 1),
                None => (&rest[..0], 0),
            }
        } else {
            let n = rest.iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'_').count();
            (&rest[..n], n)
        };
        if len == 0 {
            i = dollar + 1;
            continue;
        }
        let end = dollar + 1 + len;
        match lookup(name) {
            Some(value) => {
                let tail = out.split_off(end);
                out.truncate(dollar);
                out.extend_from_slice(&value);
                i = out.len();
                out.extend_from_slice(&tail);
            }
            None => i = end,
        }
    }
    out
}

/// A leading `~` or `~user` replaced by that home directory, as
/// `os.path.expanduser` on the platform: on Unix (`posixpath`) `~` is
/// `$HOME` (else the current user's entry in `/etc/passwd`), `~user` that
/// user's entry in `/etc/passwd`; on Windows (`ntpath`) `~` is
/// `%USERPROFILE%` (else `%HOMEDRIVE%%HOMEPATH%`) and `~user` a sibling of
/// it. A user that is not found leaves the path as written.
///
/// CPython on Unix asks the C library (`getpwnam`), which may also consult
/// other name services (LDAP, `systemd-homed`) configured in
/// `nsswitch.conf`; afile reads `/etc/passwd` only, because the crates use
/// no C library bindings for it.
///
/// ```
/// use std::path::Path;
/// assert_eq!(afile_os::path::expanduser("x/~"), Path::new("x/~"));
/// println!("{}", afile_os::path::expanduser("~/notes").display());
/// ```
pub fn expanduser(path: impl AsRef<Path>) -> PathBuf {
    crate::sys::expanduser(path.as_ref())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // tests may unwrap

    use super::*;

    /// Answers of CPython 3.12.1's `posixpath.expandvars` with
    /// `FOO=bar EMPTY=` in the environment.
    #[test]
    fn expandvars_as_cpython() {
        let env = |name: &[u8]| match name {
            b"FOO" => Some(b"bar".to_vec()),
            b"EMPTY" => Some(Vec::new()),
            _ => None,
        };
        for (input, want) in [
            ("$FOO/x", "bar/x"),
            ("${FOO}x", "barx"),
            ("$NOPE/y", "$NOPE/y"),
            ("${NOPE", "${NOPE"),
            ("a$", "a$"),
            ("$FOO$FOO", "barbar"),
            ("$EMPTY-z", "-z"),
            ("${F OO}", "${F OO}"),
            ("$é", "$é"),
            ("$1x", "$1x"),
            ("x${FOO}${FOO", "xbar${FOO"),
        ] {
            assert_eq!(expand_vars_with(input.as_bytes(), env), want.as_bytes(), "{input}");
        }
    }
}
