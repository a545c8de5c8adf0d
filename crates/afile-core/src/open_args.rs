//! The checks CPython's `open()` makes while it parses its arguments,
//! before it looks at the mode: a NUL in a string argument, a `buffering`
//! that does not fit a C `int`.

use crate::error::{Error, Result};

/// CPython's `ValueError: embedded null character` for a NUL in a string
/// argument (the mode, an encoding, an error handler or newline name).
pub(crate) fn check_strings(args: &[&str]) -> Result<()> {
    match args.iter().any(|a| a.contains('\0')) {
        true => Err(Error::InvalidArgument("embedded null character".into())),
        false => Ok(()),
    }
}

/// CPython takes `buffering` as a C `int`: beyond its range `open()` raises
/// `OverflowError: Python int too large to convert to C int`.
pub(crate) fn check_buffering(buffering: isize) -> Result<()> {
    match i32::try_from(buffering) {
        Ok(_) => Ok(()),
        Err(_) => Err(Error::InvalidArgument("Python int too large to convert to C int".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpython_texts() {
        assert_eq!(check_strings(&["r", "rb\0"]).unwrap_err().to_string(), "embedded null character");
        check_strings(&["r", "utf-8"]).expect("no NUL");
        check_buffering(i32::MAX as isize).expect("fits");
        let err = check_buffering(isize::MAX).unwrap_err();
        assert_eq!(err.to_string(), "Python int too large to convert to C int");
        assert!(check_buffering(i32::MIN as isize - 1).is_err());
    }
}
