//! `~` as `posixpath.expanduser` reads it: `$HOME`, else the current
//! user's entry in `/etc/passwd`; `~user` that user's entry.

use std::ffi::OsString;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};

/// A leading `~` or `~user` of `path` replaced by that home directory.
pub(crate) fn expanduser(path: &Path) -> PathBuf {
    let passwd = || std::fs::read("/etc/passwd").unwrap_or_default();
    let home = std::env::var_os("HOME").map(OsString::into_vec);
    let uid = rustix::process::getuid().as_raw();
    PathBuf::from(OsString::from_vec(expand_user_with(path.as_os_str().as_bytes(), home, uid, passwd)))
}

/// [`expanduser`] with the environment's `HOME`, the user id and the
/// password file given.
fn expand_user_with(path: &[u8], home: Option<Vec<u8>>, uid: u32, passwd: impl Fn() -> Vec<u8>) -> Vec<u8> {
    if !path.starts_with(b"~") {
        return path.to_vec();
    }
    let i = path[1..].iter().position(|&b| b == b'/').map_or(path.len(), |k| k + 1);
    let entry = |matches: &dyn Fn(&[&[u8]]) -> bool| -> Option<Vec<u8>> {
        let file = passwd();
        file.split(|&b| b == b'\n')
            .map(|line| line.split(|&b| b == b':').collect::<Vec<_>>())
            .find_map(|fields| (fields.len() >= 6 && matches(&fields)).then(|| fields[5].to_vec()))
    };
    let userhome = if i == 1 {
        match home {
            Some(h) => Some(h),
            None => entry(&|f| f[2] == uid.to_string().as_bytes()),
        }
    } else {
        let name = &path[1..i];
        entry(&|f| f[0] == name)
    };
    let Some(mut userhome) = userhome else { return path.to_vec() };
    while userhome.ends_with(b"/") {
        userhome.pop();
    }
    userhome.extend_from_slice(&path[i..]);
    if userhome.is_empty() { b"/".to_vec() } else { userhome }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // tests may unwrap

    use super::*;

    /// Answers of CPython 3.12.1's `posixpath.expanduser` with
    /// `HOME=/home/tester` (and `HOME=/`), root's home `/root`.
    #[test]
    fn expanduser_as_cpython() {
        let passwd = || b"root:x:0:0:root:/root:/bin/bash\nuser:x:1000:1000::/home/user/:/bin/sh\n".to_vec();
        let home = Some(b"/home/tester".to_vec());
        for (input, want) in [
            ("~", "/home/tester"),
            ("~/x", "/home/tester/x"),
            ("~root/y", "/root/y"),
            ("~nosuchuser/z", "~nosuchuser/z"),
            ("x/~", "x/~"),
            ("~root", "/root"),
            ("~/", "/home/tester/"),
            ("", ""),
        ] {
            assert_eq!(
                expand_user_with(input.as_bytes(), home.clone(), 0, passwd),
                want.as_bytes(),
                "{input}"
            );
        }
        assert_eq!(expand_user_with(b"~/x", Some(b"/".to_vec()), 0, passwd), b"/x");
        assert_eq!(expand_user_with(b"~", Some(b"/".to_vec()), 0, passwd), b"/");
        // No HOME: the current user's entry.
        assert_eq!(expand_user_with(b"~/x", None, 1000, passwd), b"/home/user/x");
    }
}
