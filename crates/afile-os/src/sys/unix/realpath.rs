//! `posixpath.realpath(path)` with `strict=False`, step for step: symlinks
//! resolved one component at a time, a missing part kept as written, a
//! loop left unresolved.

use std::ffi::OsStr;
use std::fs;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

/// The path with every symlink resolved that can be (relative if `path`
/// is; the caller makes it absolute).
pub(crate) fn realpath(path: &Path) -> PathBuf {
    let (p, _) = join_realpath(Vec::new(), path.as_os_str().as_bytes(), &mut Vec::new());
    PathBuf::from(OsStr::from_bytes(&p))
}

/// `posixpath.join(a, b)` on bytes.
fn join(a: &[u8], b: &[u8]) -> Vec<u8> {
    if b.starts_with(b"/") || a.is_empty() {
        return b.to_vec();
    }
    let mut out = a.to_vec();
    if !a.ends_with(b"/") {
        out.push(b'/');
    }
    out.extend_from_slice(b);
    out
}

/// `posixpath.split(p)` on bytes.
fn split(p: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let i = p.iter().rposition(|&b| b == b'/').map_or(0, |i| i + 1);
    let (head, tail) = (&p[..i], &p[i..]);
    let trimmed = head.iter().rposition(|&b| b != b'/').map_or(head, |j| &head[..=j]);
    (trimmed.to_vec(), tail.to_vec())
}

/// CPython's `posixpath._joinrealpath` with `strict=False`: resolves `rest`
/// onto the resolved `path`; `seen` maps symlinks to what they resolved to
/// (`None` while being resolved). Returns the path and whether it resolved
/// completely (not: a symlink loop).
fn join_realpath(
    mut path: Vec<u8>,
    rest: &[u8],
    seen: &mut Vec<(Vec<u8>, Option<Vec<u8>>)>,
) -> (Vec<u8>, bool) {
    let mut rest = rest;
    if rest.starts_with(b"/") {
        rest = &rest[1..];
        path = b"/".to_vec();
    }
    while !rest.is_empty() {
        let (name, tail) = match rest.iter().position(|&b| b == b'/') {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, &rest[rest.len()..]),
        };
        rest = tail;
        if name.is_empty() || name == b"." {
            continue;
        }
        if name == b".." {
            if path.is_empty() {
                path = b"..".to_vec();
            } else {
                let (head, last) = split(&path);
                path = if last == b".." { join(&join(&head, b".."), b"..") } else { head };
            }
            continue;
        }
        let new = join(&path, name);
        let is_link = fs::symlink_metadata(OsStr::from_bytes(&new)).is_ok_and(|m| m.file_type().is_symlink());
        if !is_link {
            path = new;
            continue;
        }
        if let Some((_, known)) = seen.iter().find(|(p, _)| *p == new) {
            match known {
                Some(resolved) => {
                    path = resolved.clone();
                    continue;
                }
                // Being resolved: a loop. The rest stays as written.
                None => return (join(&new, rest), false),
            }
        }
        seen.push((new.clone(), None));
        let Ok(target) = fs::read_link(OsStr::from_bytes(&new)) else {
            path = new;
            continue;
        };
        let (resolved, ok) = join_realpath(path, target.as_os_str().as_bytes(), seen);
        if !ok {
            return (join(&resolved, rest), false);
        }
        if let Some(entry) = seen.iter_mut().find(|(p, _)| *p == new) {
            entry.1 = Some(resolved.clone());
        }
        path = resolved;
    }
    (path, true)
}
