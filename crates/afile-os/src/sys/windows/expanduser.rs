//! `~` as `ntpath.expanduser` reads it: `%USERPROFILE%`, else
//! `%HOMEDRIVE%%HOMEPATH%`; `~user` is guessed as a sibling of the current
//! user's profile directory, only when that directory is named after the
//! current user (`%USERNAME%`).

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// A leading `~` or `~user` of `path` replaced by that home directory.
pub(crate) fn expanduser(path: &Path) -> PathBuf {
    expand_user_with(path, |name| std::env::var_os(name))
}

/// [`expanduser`] with `env` for the environment.
fn expand_user_with(path: &Path, env: impl Fn(&str) -> Option<OsString>) -> PathBuf {
    let text: Vec<u16> = {
        use std::os::windows::ffi::OsStrExt;
        path.as_os_str().encode_wide().collect()
    };
    if text.first() != Some(&u16::from(b'~')) {
        return path.to_path_buf();
    }
    let is_sep = |c: &u16| *c == u16::from(b'\\') || *c == u16::from(b'/');
    let i = text[1..].iter().position(is_sep).map_or(text.len(), |k| k + 1);
    let mut userhome = match (env("USERPROFILE"), env("HOMEPATH")) {
        (Some(profile), _) => PathBuf::from(profile),
        (None, None) => return path.to_path_buf(),
        (None, Some(homepath)) => PathBuf::from(env("HOMEDRIVE").unwrap_or_default()).join(homepath),
    };
    if i != 1 {
        let target = String::from_utf16_lossy(&text[1..i]);
        let current = env("USERNAME");
        if current.as_deref() != Some(std::ffi::OsStr::new(&target)) {
            if current.as_deref() != userhome.file_name() {
                return path.to_path_buf();
            }
            userhome = userhome.parent().map(Path::to_path_buf).unwrap_or_default().join(&target);
        }
    }
    let mut out = userhome.into_os_string();
    out.push(OsString::from(String::from_utf16_lossy(&text[i..])));
    PathBuf::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Answers of CPython 3.12's `ntpath.expanduser` with
    /// `USERPROFILE=C:\Users\eve`, `USERNAME=eve`.
    #[test]
    fn expanduser_as_ntpath() {
        let env = |name: &str| match name {
            "USERPROFILE" => Some(OsString::from(r"C:\Users\eve")),
            "USERNAME" => Some(OsString::from("eve")),
            _ => None,
        };
        for (input, want) in [
            ("~", r"C:\Users\eve"),
            (r"~\x", r"C:\Users\eve\x"),
            ("~/x", r"C:\Users\eve/x"),
            (r"~bob\y", r"C:\Users\bob\y"),
            (r"~eve\z", r"C:\Users\eve\z"),
            (r"x\~", r"x\~"),
        ] {
            assert_eq!(expand_user_with(Path::new(input), env), Path::new(want), "{input}");
        }
        let none = |_: &str| None;
        assert_eq!(expand_user_with(Path::new(r"~\x"), none), Path::new(r"~\x"));
        let drive = |name: &str| match name {
            "HOMEDRIVE" => Some(OsString::from("D:")),
            "HOMEPATH" => Some(OsString::from(r"\home")),
            _ => None,
        };
        assert_eq!(expand_user_with(Path::new(r"~\x"), drive), Path::new(r"D:\home\x"));
    }
}
