//! `ntpath.realpath(path)` with `strict=False`: the final path the system
//! resolves (`GetFinalPathNameByHandleW`, as std's `canonicalize`); for a
//! path that does not exist, its longest existing head resolved and the
//! rest kept as written. The `\\?\` prefix is dropped unless the path had
//! it, as CPython drops it.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The path with every link resolved that can be.
pub(crate) fn realpath(path: &Path) -> PathBuf {
    let had_prefix = path.as_os_str().to_string_lossy().starts_with(r"\\?\");
    let start = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut head = start.clone();
    let mut tail: Vec<OsString> = Vec::new();
    let resolved = loop {
        if let Ok(real) = std::fs::canonicalize(&head) {
            break tail.iter().rev().fold(real, |p, name| p.join(name));
        }
        match (head.parent(), head.file_name()) {
            (Some(parent), Some(name)) => {
                tail.push(name.to_os_string());
                head = parent.to_path_buf();
            }
            _ => return start,
        }
    };
    if had_prefix {
        return resolved;
    }
    let text = resolved.as_os_str().to_string_lossy();
    if let Some(rest) = text.strip_prefix(r"\\?\UNC\") {
        return PathBuf::from(format!(r"\\{rest}"));
    }
    match text.strip_prefix(r"\\?\") {
        Some(rest) => PathBuf::from(rest),
        None => resolved,
    }
}
