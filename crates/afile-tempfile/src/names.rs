//! Random names, as CPython's `_RandomNameSequence` makes them, but from
//! the kernel's CSPRNG (`getrandom(2)`).

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
        let mut filled = 0;
        while filled < buf.len() {
            filled += rustix::rand::getrandom(&mut buf[filled..], rustix::rand::GetRandomFlags::empty())?;
        }
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

/// Checks `prefix`/`suffix` and returns `dir` made absolute. A name part
/// with a `/` or a NUL would escape `dir` or fail in the kernel: refused
/// before anything is created.
pub(crate) fn check(dir: &Path, prefix: &str, suffix: &str) -> Result<PathBuf> {
    for (what, part) in [("prefix", prefix), ("suffix", suffix)] {
        if part.contains('/') || part.contains('\0') {
            return Err(Error::InvalidArgument(format!("{what} must not contain '/' or NUL: {part:?}")));
        }
    }
    std::path::absolute(dir).map_err(|e| Error::with_path(e, dir))
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
    fn bad_name_parts_are_refused() {
        assert!(check(Path::new("/tmp"), "a/b", "").is_err());
        assert!(check(Path::new("/tmp"), "", "x\0").is_err());
        assert!(check(Path::new("rel"), "", "").unwrap().is_absolute());
    }
}
