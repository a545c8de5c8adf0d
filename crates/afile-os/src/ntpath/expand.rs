//! `ntpath.expanduser` and `ntpath.expandvars`.

use std::path::{Path, PathBuf};

use super::{is_sep, join_chars, split_chars};
use crate::pystr::{self, Chars};

/// A leading `~` or `~user` replaced by a home directory, as
/// `ntpath.expanduser`: `~` is `%USERPROFILE%` (else `%HOMEDRIVE%` joined
/// with `%HOMEPATH%`); `~user` is that name beside the current user's home,
/// when the current user's home ends in `%USERNAME%`. Otherwise the path
/// is returned as written.
///
/// ```
/// // With USERPROFILE=C:\Users\me and USERNAME=me (as on Windows):
/// // expanduser("~\\x") == "C:\\Users\\me\\x", expanduser("~ann") == "C:\\Users\\ann".
/// let p = afile_os::ntpath::expanduser("x\\~");
/// assert_eq!(p.as_os_str(), "x\\~");
/// ```
pub fn expanduser(path: impl AsRef<Path>) -> PathBuf {
    pystr::path(&expanduser_with(&pystr::of(&path), &|name| pystr::env(&pystr::lit(name))))
}

/// [`expanduser`] with `env` for the environment.
pub(crate) fn expanduser_with(path: &[u32], env: &dyn Fn(&str) -> Option<Chars>) -> Chars {
    if path.first() != Some(&u32::from(b'~')) {
        return path.to_vec();
    }
    let i = path[1..].iter().position(|&c| is_sep(c)).map_or(path.len(), |k| k + 1);
    let mut home = match (env("USERPROFILE"), env("HOMEPATH")) {
        (Some(profile), _) => profile,
        (None, None) => return path.to_vec(),
        (None, Some(homepath)) => join_chars(&env("HOMEDRIVE").unwrap_or_default(), &[homepath]),
    };
    if i != 1 {
        let target = &path[1..i];
        let current = env("USERNAME");
        if current.as_deref() != Some(target) {
            // Guess that profiles sit side by side, named after their users;
            // unless the current one does, the guess is off.
            let (parent, last) = split_chars(&home);
            if current.as_deref() != Some(last) {
                return path.to_vec();
            }
            home = join_chars(parent, &[target.to_vec()]);
        }
    }
    pystr::cat(&[&home, &path[i..]])
}

/// `$name`, `${name}` and `%name%` replaced by environment variables, as
/// `ntpath.expandvars`: `$$` and `%%` are a single `$` or `%`, nothing
/// inside single quotes is expanded, `$name` takes ASCII letters, digits,
/// `_` and `-`, and an unknown variable is left as written.
///
/// ```
/// let p = afile_os::ntpath::expandvars("'%AFILE_NO_SUCH%' $$%AFILE_NO_SUCH%");
/// assert_eq!(p.as_os_str(), "'%AFILE_NO_SUCH%' $%AFILE_NO_SUCH%");
/// ```
pub fn expandvars(path: impl AsRef<Path>) -> PathBuf {
    pystr::path(&expandvars_with(&pystr::of(&path), &pystr::env))
}

/// [`expandvars`] with `env` for the environment, step for step as
/// CPython's loop (which moves its window `s` along the path).
pub(crate) fn expandvars_with(path: &[u32], env: &dyn Fn(&[u32]) -> Option<Chars>) -> Chars {
    let [quote, percent, dollar, brace, rbrace] = [b'\'', b'%', b'$', b'{', b'}'].map(u32::from);
    if !path.contains(&dollar) && !path.contains(&percent) {
        return path.to_vec();
    }
    let varchar =
        |c: u32| char::from_u32(c).is_some_and(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '-');
    let mut res = Vec::with_capacity(path.len());
    let mut s = path;
    let mut index = 0;
    while index < s.len() {
        let c = s[index];
        let next = s.get(index + 1).copied();
        if c == quote {
            // Up to the closing quote, as written.
            s = &s[index + 1..];
            res.push(c);
            match s.iter().position(|&x| x == quote) {
                Some(end) => {
                    res.extend_from_slice(&s[..=end]);
                    index = end;
                }
                None => {
                    res.extend_from_slice(s);
                    index = s.len().saturating_sub(1);
                }
            }
        } else if c == percent && next == Some(percent) {
            res.push(c);
            index += 1;
        } else if c == percent {
            s = &s[index + 1..];
            match s.iter().position(|&x| x == percent) {
                None => {
                    res.push(percent);
                    res.extend_from_slice(s);
                    index = s.len().saturating_sub(1);
                }
                Some(end) => {
                    let var = &s[..end];
                    res.extend(env(var).unwrap_or_else(|| pystr::cat(&[&[percent], var, &[percent]])));
                    index = end;
                }
            }
        } else if c == dollar && next == Some(dollar) {
            res.push(c);
            index += 1;
        } else if c == dollar && next == Some(brace) {
            s = &s[index + 2..];
            match s.iter().position(|&x| x == rbrace) {
                None => {
                    res.extend_from_slice(&[dollar, brace]);
                    res.extend_from_slice(s);
                    index = s.len().saturating_sub(1);
                }
                Some(end) => {
                    let var = &s[..end];
                    res.extend(env(var).unwrap_or_else(|| pystr::cat(&[&[dollar, brace], var, &[rbrace]])));
                    index = end;
                }
            }
        } else if c == dollar {
            let start = index + 1;
            let len = s[start..].iter().take_while(|&&x| varchar(x)).count();
            let var = &s[start..start + len];
            res.extend(env(var).unwrap_or_else(|| pystr::cat(&[&[dollar], var])));
            // CPython steps back onto the character that ended the name.
            index = if start + len < s.len() { start + len - 1 } else { start + len };
        } else {
            res.push(c);
        }
        index += 1;
    }
    res
}
