//! Text files: a codec and newline layer over the buffered binary [`File`],
//! as CPython's `TextIOWrapper` wraps a `BufferedRandom`.
//!
//! # How text is read
//!
//! Bytes come from the binary file in chunks and are decoded into `text`,
//! the current *segment*. Every chunk starts at a clean decoder boundary: an
//! incomplete character, or a final `\r` that a `\n` may follow, stays
//! undecoded in `carry` for the next chunk. So a position in the text is
//! always "the chunk that starts at byte *b*, then *k* bytes of its text",
//! and that pair is the [`TextCookie`] that `tell` returns and `seek_cookie`
//! restores, whatever the codec, BOM or newline translation. The stateful
//! codecs (hz, iso2022) also record their decoder's state at each chunk
//! start, and the cookie carries it.

mod attrs;
pub(crate) mod codec;
mod cookie;
mod decode;
mod handlers;
mod line;
mod lines;
pub(crate) mod newline;
mod open;
mod position;
mod read;
mod sync;
mod write;

pub use afile_codecs::{Replacement, UnicodeDecodeError, UnicodeEncodeError};
pub use cookie::TextCookie;
pub use handlers::{ErrorHandler, register_error};
pub use lines::TextLines;
pub use open::{OpenText, open_text};

use crate::error::{Error, Result};
use crate::file::File;
use codec::{Codec, Errors};
use newline::Newline;

/// The canonical name of the text encoding `name` names, as Python's
/// `codecs.lookup(name).name`: any spelling and alias Python accepts
/// (`"Latin-1"`, `"UTF 8"`, `"sjis"`), with Python's `LookupError` wording
/// (`unknown encoding: x`) otherwise.
///
/// ```
/// assert_eq!(afile_core::lookup_encoding("Latin-1")?, "iso8859-1");
/// assert_eq!(afile_core::lookup_encoding("IBM437")?, "cp437");
/// assert_eq!(afile_core::lookup_encoding("nope").unwrap_err().to_string(), "unknown encoding: nope");
/// # Ok::<(), afile_core::Error>(())
/// ```
pub fn lookup_encoding(name: &str) -> Result<&'static str> {
    Ok(afile_codecs::lookup(name)?.name())
}

const CLOSED_DOT: &str = "I/O operation on closed file.";

/// How many bytes each decode step asks of the binary file (CPython's
/// `_CHUNK_SIZE` is 8 KiB; larger chunks decode faster, and only change
/// how far ahead `newlines` has looked).
const CHUNK: usize = 64 * 1024;

/// A file opened for text I/O: `str` in, `str` out, with an encoding, an
/// error handler and newline translation, like CPython's `TextIOWrapper`.
///
/// Get one with [`open_text`]. Sizes and limits count characters, `tell`
/// returns an opaque [`TextCookie`], and the binary [`File`] underneath is
/// reachable with [`buffer`](TextFile::buffer) and
/// [`detach`](TextFile::detach). Dropping a `TextFile` drops its `File`,
/// which writes what is still buffered but cannot report errors; call
/// [`close`](TextFile::close) to see them.
///
/// # Examples
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let path = dir.path().join("notes.txt");
/// let mut f = afile_core::open_text(&path, "w+").encoding("utf-16").await?;
/// assert_eq!(f.write("naïve\r\nline two\n").await?, 16); // characters
/// f.seek(std::io::SeekFrom::Start(0)).await?;
/// assert_eq!(f.readline(None).await?, "naïve\n"); // universal newlines
/// assert_eq!(f.newlines(), ["\n", "\r\n"]); // both seen in the decoded chunk
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct TextFile {
    file: File,
    codec: Codec,
    errors: Errors,
    newline: Newline,
    encoding_name: String,
    errors_name: String,
    mode_name: String,
    line_buffering: bool,
    /// Decoded (and translated) text of the current segment.
    text: String,
    /// Byte index in `text` of the next character to read.
    tpos: usize,
    /// Where each decoded chunk starts: (index in `text`, file offset, the
    /// decoder's state there; always 0 for stateless codecs).
    chunks: Vec<(usize, u64, u32)>,
    /// Bytes read but not decoded yet (an incomplete character, a held `\r`).
    carry: Vec<u8>,
    /// Newline kinds seen so far (universal modes).
    seen: u8,
    /// The next write starts the file: write a BOM first if the codec has one.
    bom_pending: bool,
    /// The last character written, held back because the next one may
    /// combine with it into one code (JIS X 0213, HKSCS pairs), as CPython's
    /// incremental encoder holds it; written at the next write, flush,
    /// seek, tell, truncate, detach, close or drop.
    held: Option<char>,
    /// After `seek_cookie` to a point inside a chunk, and until the next
    /// read: what finds the exact byte offset of that point, where
    /// CPython's binary file stands then, so a write or `truncate()` lands
    /// there (found only if one comes).
    write_at: Option<cookie::CookieBytes>,
    /// The run of the binary file's window known to decode to itself, from
    /// which UTF-8 lines are copied without decoding (see [`line::Clean`]).
    clean: line::Clean,
    /// How far the search for the next line has got in `text`.
    scan: line::Scan,
    /// A decode error met past the decoded text (a lone surrogate that a
    /// Rust `String` cannot hold), for the read that gets there.
    deferred: Option<Error>,
}

impl TextFile {
    pub(crate) fn new(
        file: File,
        codec: Codec,
        errors: (Errors, String),
        newline: Newline,
        names: (String, String),
    ) -> Self {
        let line_buffering = false;
        Self {
            file,
            codec,
            errors: errors.0,
            newline,
            encoding_name: names.0,
            errors_name: errors.1,
            mode_name: names.1,
            line_buffering,
            text: String::new(),
            tpos: 0,
            chunks: Vec::new(),
            carry: Vec::new(),
            seen: 0,
            bom_pending: false,
            held: None,
            write_at: None,
            clean: line::Clean::default(),
            scan: line::Scan::default(),
            deferred: None,
        }
    }

    /// Wraps a binary [`File`] for text, like Python's
    /// `io.TextIOWrapper(buffer, encoding, errors, newline, line_buffering)`.
    /// The arguments are checked as [`open_text`] checks them.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let path = dir.path().join("t");
    /// let binary = afile_core::open(&path, "w+b").await?;
    /// let mut text = afile_core::TextFile::wrap(binary, "latin-1", "strict", None, false)?;
    /// text.write("é").await?;
    /// text.flush().await?;
    /// assert_eq!(std::fs::read(&path)?, b"\xe9");
    /// # Ok(()) }
    /// ```
    pub fn wrap(
        file: File,
        encoding: &str,
        errors: &str,
        newline: Option<&str>,
        line_buffering: bool,
    ) -> Result<Self> {
        let (codec, newline) = Self::settings_checked(encoding, errors, newline)?;
        let handler = Errors::named(errors);
        let mode = match (file.readable()?, file.writable()?) {
            (true, true) => "w+",
            (true, false) => "r",
            _ => "w",
        };
        let at_start = file.position() == 0;
        let mut text = Self::new(
            file,
            codec,
            (handler, errors.to_owned()),
            newline,
            (encoding.to_owned(), mode.to_owned()),
        );
        text.line_buffering = line_buffering;
        text.restart_encoder(at_start);
        Ok(text)
    }

    /// Checks text settings as [`open_text`] does, without opening
    /// anything: for code that creates a file later and must not create it
    /// at all when a setting is wrong. An error handler name is not looked
    /// up (Python looks it up when a codec first needs it).
    ///
    /// ```
    /// assert!(afile_core::TextFile::check_options("utf-8", "strict", None).is_ok());
    /// let err = afile_core::TextFile::check_options("nope", "strict", None).unwrap_err();
    /// assert_eq!(err.to_string(), "unknown encoding: nope");
    /// assert!(afile_core::TextFile::check_options("utf-8", "not-registered-yet", None).is_ok());
    /// ```
    pub fn check_options(encoding: &str, errors: &str, newline: Option<&str>) -> Result<()> {
        Self::settings_checked(encoding, errors, newline).map(drop)
    }

    /// The codec and newline mode for these arguments, checked in
    /// CPython's order: a NUL in any of them, then `newline`, then
    /// `encoding`. The error handler is not looked up: Python finds it
    /// only when a codec needs it.
    fn settings_checked(encoding: &str, errors: &str, newline: Option<&str>) -> Result<(Codec, Newline)> {
        crate::open_args::check_strings(&[encoding, errors, newline.unwrap_or("")])?;
        Self::settings(encoding, newline)
    }

    /// `newline` checked, then `encoding` looked up (CPython's order).
    pub(crate) fn settings(encoding: &str, newline: Option<&str>) -> Result<(Codec, Newline)> {
        let newline = Newline::parse(newline)?;
        Ok((Codec::lookup(encoding)?, newline))
    }

    /// A standard stream: UTF-8, universal newlines, CPython's settings.
    pub(crate) fn standard(file: File, errors: &str, line_buffering: bool) -> Self {
        let handler = Errors::named(errors);
        let mode = match (file.readable().unwrap_or(false), file.writable().unwrap_or(false)) {
            (true, true) => "r+",
            (true, false) => "r",
            _ => "w",
        };
        let mut text = Self::new(
            file,
            Codec::utf8_plain(),
            (handler, errors.to_owned()),
            Newline::Universal,
            ("utf-8".to_owned(), mode.to_owned()),
        );
        text.line_buffering = line_buffering;
        text
    }

    fn check_open(&self) -> Result<()> {
        match self.file.closed() {
            true => Err(Error::Closed(CLOSED_DOT)),
            false => Ok(()),
        }
    }

    fn check_readable(&self) -> Result<()> {
        self.check_open()?;
        match self.file.readable()? {
            true => Ok(()),
            false => Err(Error::Unsupported("not readable")),
        }
    }

    fn check_writable(&self) -> Result<()> {
        self.check_open()?;
        match self.file.writable()? {
            true => Ok(()),
            false => Err(Error::Unsupported("not writable")),
        }
    }

    /// The held-back character's bytes, if there is one.
    fn encode_held(&mut self) -> Result<Option<Vec<u8>>> {
        let Some(c) = self.held.take() else { return Ok(None) };
        let mut out = Vec::new();
        self.codec.encode(c.encode_utf8(&mut [0; 4]), false, self.errors, &mut out)?;
        Ok(Some(out))
    }

    /// Writes the held-back character (where CPython's `TextIOWrapper`
    /// would drop it or keep holding it: afile loses nothing written).
    async fn write_held(&mut self) -> Result<()> {
        if let Some(out) = self.encode_held()? {
            self.file.write(&out).await?;
        }
        Ok(())
    }

    /// The encoder starts again: at the start of the stream (a BOM to
    /// write, a fresh state) or elsewhere (CPython's `setstate(0)`).
    fn restart_encoder(&mut self, at_start: bool) {
        self.bom_pending = at_start && self.codec.writes_bom();
        self.codec.reset_encoder(at_start);
    }

    /// Forgets decoded text, undecoded bytes and the newlines seen (after a
    /// seek or a write), as CPython's decoder `reset()` does.
    #[inline]
    fn reset_decoder(&mut self) {
        self.seen = 0;
        self.text.clear();
        self.tpos = 0;
        self.chunks.clear();
        self.carry.clear();
        self.write_at = None;
        self.clean = line::Clean::default();
        self.scan = line::Scan::default();
        self.deferred = None;
    }
}

impl Drop for TextFile {
    /// A held-back character is written with the file's other unwritten
    /// bytes (on the dropping thread, as [`File`]'s drop writes them).
    fn drop(&mut self) {
        if let Ok(Some(out)) = self.encode_held() {
            self.file.add_for_drop(&out);
        }
    }
}
