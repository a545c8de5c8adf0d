//! Random names, as CPython's `_RandomNameSequence` makes them, but from
//! the kernel's CSPRNG (`getrandom(2)` on Linux, `getentropy` on macOS and
//! the BSDs, `BCryptGenRandom` on Windows).

use std::ffi::OsString;
use std::io;
use std::path::{Path, PathBuf};

use afile_core::{Error, Result};

/// CPython's alphabet for temporary names.
const ALPHABET: &[u8; 37] = b"abcdefghijklmnopqrstuvwxyz0123456789_";

/// CPython's `os.TMP_MAX`: how many names are tried before giving up.
pub(crate) const TMP_MAX: usize = 238_328;

/// Eight random characters from CPython's alphabet, without modulo bias.
pub(crate) fn random_name() -> io::Result<String> {
    let mut out = String::with_capacity(8);
    let mut buf = [0u8; 32];
    while out.len() < 8 {
        crate::sys::fill_random(&mut buf)?;
        // 222 = 6 × 37: bytes above it would favour the first letters.
        for &b in buf.iter().filter(|&&b| b < 222) {
            if out.len() == 8 {
                break;
            }
            out.push(ALPHABET[usize::from(b % 37)] as char);
        }
    }
    Ok(out)
}

/// Checks `prefix`/`suffix` and returns `dir` made absolute and normalised,
/// as CPython's `os.path.abspath(dir)`. A NUL cannot reach the kernel:
/// refused (CPython's `ValueError: embedded null byte`) before anything is
/// created. A `/` is allowed, as in CPython: the name is then made inside
/// that subdirectory of `dir` (or, for a `prefix` starting with `/` or
/// `../`, outside `dir`; see the crate's `# Security` section).
pub(crate) fn check(dir: &Path, prefix: &str, suffix: &str) -> Result<PathBuf> {
    if prefix.contains('\0') || suffix.contains('\0') || dir.as_os_str().as_encoded_bytes().contains(&0) {
        return Err(Error::InvalidArgument("embedded null byte".into()));
    }
    let cwd = if dir.is_absolute() {
        PathBuf::new()
    } else {
        std::env::current_dir().map_err(|e| Error::with_path(e, dir))?
    };
    Ok(crate::abspath::abspath(dir, &cwd))
}

/// `dir/prefix + random + suffix`.
pub(crate) fn candidate(dir: &Path, prefix: &str, suffix: &str) -> io::Result<PathBuf> {
    let mut name = OsString::from(prefix);
    name.push(random_name()?);
    name.push(suffix);
    Ok(dir.join(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_eight_chars_of_the_alphabet_and_differ() {
        let a = random_name().unwrap();
        let b = random_name().unwrap();
        assert_eq!(a.len(), 8);
        assert!(a.bytes().all(|c| ALPHABET.contains(&c)));
        assert_ne!(a, b);
    }

    #[test]
    fn nul_is_refused_and_dir_is_made_absolute() {
        let err = check(Path::new("/tmp"), "", "x\0").unwrap_err();
        assert_eq!(err.to_string(), "embedded null byte");
        assert!(check(Path::new("/tmp"), "a\0", "").is_err());
        assert_eq!(check(Path::new("/tmp"), "logs/app-", "/").unwrap(), Path::new("/tmp"));
        assert_eq!(check(Path::new("/tmp/a/../b/"), "", "").unwrap(), Path::new("/tmp/b"));
        assert!(check(Path::new("rel"), "", "").unwrap().is_absolute());
    }
}
