//! Mode strings, parsed and checked exactly as CPython's `open()` does.

use crate::error::{Error, Result};

/// A parsed `open()` mode such as `"rb"`, `"a+"` or `"x"`.
///
/// Parsing follows CPython's `open()`: each letter of `rwxabt+` at most once,
/// exactly one of `r w x a`, never both `b` and `t`; the error texts are
/// CPython's.
///
/// # Examples
///
/// ```
/// use afile_core::Mode;
/// let m = Mode::parse("r+b")?;
/// assert!(m.readable() && m.writable() && m.binary());
/// assert_eq!(m.binary_name(), "rb+");
/// assert_eq!(Mode::parse("rw").unwrap_err().to_string(),
///            "must have exactly one of create/read/write/append mode");
/// # Ok::<(), afile_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Mode {
    creating: bool,
    reading: bool,
    writing: bool,
    appending: bool,
    updating: bool,
    text: bool,
    binary: bool,
}

impl Mode {
    /// Parses a mode string with CPython's rules and messages.
    ///
    /// ```
    /// assert_eq!(afile_core::Mode::parse("rr").unwrap_err().to_string(), "invalid mode: 'rr'");
    /// ```
    pub fn parse(mode: &str) -> Result<Self> {
        let invalid = || Error::InvalidMode(format!("invalid mode: '{mode}'"));
        let mut m = Mode::default();
        for (i, c) in mode.char_indices() {
            let flag = match c {
                'x' => &mut m.creating,
                'r' => &mut m.reading,
                'w' => &mut m.writing,
                'a' => &mut m.appending,
                '+' => &mut m.updating,
                't' => &mut m.text,
                'b' => &mut m.binary,
                _ => return Err(invalid()),
            };
            *flag = true;
            if mode[i + c.len_utf8()..].contains(c) {
                return Err(invalid());
            }
        }
        if m.text && m.binary {
            return Err(Error::InvalidMode("can't have text and binary mode at once".into()));
        }
        let primary = [m.creating, m.reading, m.writing, m.appending].iter().filter(|b| **b).count();
        if primary > 1 {
            return Err(Error::InvalidMode("must have exactly one of create/read/write/append mode".into()));
        }
        if primary == 0 {
            return Err(Error::InvalidMode(
                "Must have exactly one of create/read/write/append mode and at most one plus".into(),
            ));
        }
        Ok(m)
    }

    /// Parses `mode` for one form: a text form refuses `b` and a binary form
    /// refuses `t`, with a message naming `remedy` (what to use instead).
    ///
    /// ```
    /// let err = afile_core::Mode::parse_for("rb", true, "use open() for binary").unwrap_err();
    /// assert_eq!(err.to_string(), "mode 'rb' is binary here: use open() for binary");
    /// assert!(afile_core::Mode::parse_for("r", false, "").is_ok()); // no letter: fits both
    /// ```
    pub fn parse_for(mode: &str, text: bool, remedy: &str) -> Result<Self> {
        let parsed = Self::parse(mode)?;
        let clash = if text { parsed.binary.then_some("binary") } else { parsed.text.then_some("text") };
        match clash {
            Some(form) => Err(Error::InvalidMode(format!("mode '{mode}' is {form} here: {remedy}"))),
            None => Ok(parsed),
        }
    }

    /// Whether the file can be read (`r` or `+`).
    ///
    /// ```
    /// assert!(afile_core::Mode::parse("w+")?.readable());
    /// # Ok::<(), afile_core::Error>(())
    /// ```
    pub fn readable(&self) -> bool {
        self.reading || self.updating
    }

    /// Whether the file can be written (`w`, `a`, `x` or `+`).
    ///
    /// ```
    /// assert!(!afile_core::Mode::parse("rb")?.writable());
    /// # Ok::<(), afile_core::Error>(())
    /// ```
    pub fn writable(&self) -> bool {
        self.writing || self.appending || self.creating || self.updating
    }

    /// Whether writes always go to the end (`a`).
    ///
    /// ```
    /// assert!(afile_core::Mode::parse("ab")?.appending());
    /// # Ok::<(), afile_core::Error>(())
    /// ```
    pub fn appending(&self) -> bool {
        self.appending
    }

    /// Whether opening creates a missing file (`w`, `a`, `x`).
    pub(crate) fn creates(&self) -> bool {
        self.writing || self.appending || self.creating
    }

    /// Whether opening fails if the file exists (`x`).
    pub(crate) fn exclusive(&self) -> bool {
        self.creating
    }

    /// Whether the mode has `b`.
    ///
    /// ```
    /// assert!(afile_core::Mode::parse("wb")?.binary());
    /// # Ok::<(), afile_core::Error>(())
    /// ```
    pub fn binary(&self) -> bool {
        self.binary
    }

    /// Whether the mode has `t`.
    ///
    /// ```
    /// assert!(afile_core::Mode::parse("rt")?.text());
    /// # Ok::<(), afile_core::Error>(())
    /// ```
    pub fn text(&self) -> bool {
        self.text
    }

    /// The `mode` attribute CPython gives the binary file: `rb`, `rb+` (also
    /// for `w+`), `wb`, `ab`, `ab+`, `xb`, `xb+`.
    ///
    /// ```
    /// assert_eq!(afile_core::Mode::parse("w+")?.binary_name(), "rb+");
    /// # Ok::<(), afile_core::Error>(())
    /// ```
    pub fn binary_name(&self) -> &'static str {
        match (self.creating, self.appending, self.readable(), self.writable()) {
            (true, _, true, _) => "xb+",
            (true, _, false, _) => "xb",
            (_, true, true, _) => "ab+",
            (_, true, false, _) => "ab",
            (_, _, true, true) => "rb+",
            (_, _, true, false) => "rb",
            _ => "wb",
        }
    }

    /// The std `OpenOptions` for this mode (files created 0666 less umask).
    pub(crate) fn open_options(&self) -> std::fs::OpenOptions {
        let mut o = std::fs::OpenOptions::new();
        o.read(self.readable()).write(self.writable());
        if self.writing {
            o.create(true).truncate(true);
        }
        if self.appending {
            o.append(true).create(true);
        }
        if self.creating {
            o.create_new(true);
        }
        o
    }

    /// For a file that exists already (the in-memory file system): the
    /// options that open it again without creating, and whether the mode
    /// may create a missing file and must create it (`x`).
    #[cfg(feature = "testing")]
    pub(crate) fn reopen_options(&self) -> (std::fs::OpenOptions, bool, bool) {
        let mut o = std::fs::OpenOptions::new();
        o.read(self.readable()).write(self.writable()).append(self.appending).truncate(self.writing);
        (o, self.writing || self.appending || self.creating, self.creating)
    }
}

#[cfg(test)]
mod tests {
    use super::Mode;

    #[test]
    fn duplicate_and_unknown_letters() {
        for bad in ["rr", "U", "rU", " r", "r ", "z", "rbb"] {
            assert_eq!(Mode::parse(bad).unwrap_err().to_string(), format!("invalid mode: '{bad}'"));
        }
    }

    #[test]
    fn names_match_cpython() {
        let cases = [("r", "rb"), ("w", "wb"), ("w+", "rb+"), ("a", "ab"), ("a+", "ab+"), ("x+", "xb+")];
        for (m, name) in cases {
            assert_eq!(Mode::parse(m).map(|m| m.binary_name()).ok(), Some(name));
        }
    }
}
