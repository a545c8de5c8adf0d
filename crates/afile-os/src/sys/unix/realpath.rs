//! `posixpath.realpath(path)` with `strict=False`, step for step: symlinks
//! resolved one component at a time, a missing part kept as written, a
//! loop left unresolved. The path is split and joined with
//! [`posixpath`](crate::posixpath)'s own functions.

use std::fs;
use std::path::{Path, PathBuf};

use crate::posixpath;
use crate::pystr::{self, Chars};

/// The path with every symlink resolved that can be (relative if `path`
/// is; the caller makes it absolute).
pub(crate) fn realpath(path: &Path) -> PathBuf {
    let (p, _) = join_realpath(Vec::new(), &pystr::of(&path), &mut Vec::new());
    pystr::path(&p)
}

/// CPython's `posixpath._joinrealpath` with `strict=False`: resolves `rest`
/// onto the resolved `path`; `seen` maps symlinks to what they resolved to
/// (`None` while being resolved). Returns the path and whether it resolved
/// completely (not: a symlink loop).
fn join_realpath(mut path: Chars, rest: &[u32], seen: &mut Vec<(Chars, Option<Chars>)>) -> (Chars, bool) {
    let (slash, dot) = (u32::from(b'/'), u32::from(b'.'));
    let join = |a: &[u32], b: &[u32]| posixpath::join_chars(a, &[b.to_vec()]);
    let mut rest = rest;
    if rest.first() == Some(&slash) {
        rest = &rest[1..];
        path = vec![slash];
    }
    while !rest.is_empty() {
        let (name, tail) = match rest.iter().position(|&c| c == slash) {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, &rest[rest.len()..]),
        };
        rest = tail;
        if name.is_empty() || name == [dot] {
            continue;
        }
        if name == [dot, dot] {
            if path.is_empty() {
                path = vec![dot, dot];
            } else {
                let (head, last) = posixpath::split_chars(&path);
                path = if last == [dot, dot] {
                    join(&join(head, &[dot, dot]), &[dot, dot])
                } else {
                    head.to_vec()
                };
            }
            continue;
        }
        let new = join(&path, name);
        let link = pystr::path(&new);
        if !fs::symlink_metadata(&link).is_ok_and(|m| m.file_type().is_symlink()) {
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
        let Ok(target) = fs::read_link(&link) else {
            path = new;
            continue;
        };
        let (resolved, ok) = join_realpath(path, &pystr::of(&target), seen);
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
