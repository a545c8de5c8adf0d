//! `posixpath.expandvars` and `posixpath.expanduser`.

use std::path::{Path, PathBuf};

use super::SEP;
use crate::pystr::{self, Chars};

/// `$NAME` and `${NAME}` replaced by environment variables, as
/// `posixpath.expandvars`: `NAME` is ASCII letters, digits and `_` (any text
/// between braces); unknown variables are left as written.
///
/// ```
/// // HOME is set in the doc test's environment.
/// let home = std::env::var_os("HOME").unwrap_or_default();
/// assert_eq!(afile_os::posixpath::expandvars("$HOME/x").into_os_string(), {
///     let mut h = home.clone(); h.push("/x"); h });
/// assert_eq!(afile_os::posixpath::expandvars("$AFILE_NO_SUCH_VAR/y").as_os_str(), "$AFILE_NO_SUCH_VAR/y");
/// ```
pub fn expandvars(path: impl AsRef<Path>) -> PathBuf {
    pystr::path(&expandvars_with(&pystr::of(&path), &pystr::env))
}

/// [`expandvars`] with `lookup` for the environment: CPython's search for
/// `\$(\w+|\{[^}]*\})` (ASCII `\w`), replacing from left to right.
pub(crate) fn expandvars_with(path: &[u32], lookup: &dyn Fn(&[u32]) -> Option<Chars>) -> Chars {
    let [dollar, lbrace, rbrace] = [b'$', b'{', b'}'].map(u32::from);
    let word = |c: &u32| char::from_u32(*c).is_some_and(|ch| ch.is_ascii_alphanumeric() || ch == '_');
    let mut out = path.to_vec();
    let mut i = 0;
    while let Some(k) = out[i..].iter().position(|&c| c == dollar) {
        let at = i + k;
        let rest = &out[at + 1..];
        let (name, len) = if rest.first() == Some(&lbrace) {
            match rest.iter().position(|&c| c == rbrace) {
                Some(close) => (&rest[1..close], close + 1),
                None => (&rest[..0], 0),
            }
        } else {
            let n = rest.iter().take_while(|c| word(c)).count();
            (&rest[..n], n)
        };
        if len == 0 {
            i = at + 1;
            continue;
        }
        let end = at + 1 + len;
        match lookup(name) {
            Some(value) => {
                let tail = out.split_off(end);
                out.truncate(at);
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
/// `posixpath.expanduser`: `~` is `$HOME` (else the current user's entry in
/// `/etc/passwd`), `~user` that user's entry in `/etc/passwd`; a user that
/// is not found leaves the path as written.
///
/// CPython asks the C library (`getpwnam`), which may also consult other
/// name services (LDAP, `systemd-homed`) configured in `nsswitch.conf`;
/// afile reads `/etc/passwd` only, because the crates use no C library
/// bindings.
///
/// ```
/// use afile_os::posixpath::expanduser;
/// assert_eq!(expanduser("~root/y").as_os_str(), "/root/y");
/// assert_eq!(expanduser("x/~").as_os_str(), "x/~");
/// ```
pub fn expanduser(path: impl AsRef<Path>) -> PathBuf {
    let passwd = || pystr::from_bytes(&std::fs::read("/etc/passwd").unwrap_or_default());
    let home = pystr::env(&pystr::lit("HOME"));
    let uid = crate::sys::current_uid();
    pystr::path(&expanduser_with(&pystr::of(&path), home, uid, &passwd))
}

/// [`expanduser`] with the environment's `HOME`, the user id and the
/// password file given.
pub(crate) fn expanduser_with(
    path: &[u32],
    home: Option<Chars>,
    uid: Option<u32>,
    passwd: &dyn Fn() -> Chars,
) -> Chars {
    if path.first() != Some(&u32::from(b'~')) {
        return path.to_vec();
    }
    let i = path[1..].iter().position(|&c| c == SEP).map_or(path.len(), |k| k + 1);
    let entry = |matches: &dyn Fn(&[&[u32]]) -> bool| -> Option<Chars> {
        let file = passwd();
        pystr::split(&file, u32::from(b'\n'))
            .into_iter()
            .map(|line| pystr::split(line, u32::from(b':')))
            .find_map(|fields| (fields.len() >= 6 && matches(&fields)).then(|| fields[5].to_vec()))
    };
    let userhome = if i == 1 {
        match (home, uid) {
            (Some(h), _) => Some(h),
            (None, Some(uid)) => entry(&|f| f[2] == pystr::lit(&uid.to_string()).as_slice()),
            (None, None) => None,
        }
    } else {
        let name = &path[1..i];
        entry(&|f| f[0] == name)
    };
    let Some(userhome) = userhome else { return path.to_vec() };
    let out = pystr::cat(&[pystr::rstrip(&userhome, &[SEP]), &path[i..]]);
    if out.is_empty() { vec![SEP] } else { out }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // tests may unwrap

    use super::*;

    fn text(c: &[u32]) -> String {
        pystr::encode(c).into_string().unwrap()
    }

    /// Answers of CPython 3.12.1's `posixpath.expandvars` with
    /// `FOO=bar EMPTY=` in the environment.
    #[test]
    fn expandvars_as_cpython() {
        let env = |name: &[u32]| match text(name).as_str() {
            "FOO" => Some(pystr::lit("bar")),
            "EMPTY" => Some(Vec::new()),
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
            assert_eq!(text(&expandvars_with(&pystr::lit(input), &env)), want, "{input}");
        }
    }

    /// Answers of CPython 3.12.1's `posixpath.expanduser` with
    /// `HOME=/home/tester` (and `HOME=/`), root's home `/root`.
    #[test]
    fn expanduser_as_cpython() {
        let passwd =
            || pystr::lit("root:x:0:0:root:/root:/bin/bash\nuser:x:1000:1000::/home/user/:/bin/sh\n");
        let home = Some(pystr::lit("/home/tester"));
        let expand = |p: &str, home: Option<Chars>, uid| {
            text(&expanduser_with(&pystr::lit(p), home, Some(uid), &passwd))
        };
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
            assert_eq!(expand(input, home.clone(), 0), want, "{input}");
        }
        assert_eq!(expand("~/x", Some(pystr::lit("/")), 0), "/x");
        assert_eq!(expand("~", Some(pystr::lit("/")), 0), "/");
        // No HOME: the current user's entry.
        assert_eq!(expand("~/x", None, 1000), "/home/user/x");
    }
}
