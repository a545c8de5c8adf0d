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

pub(crate) mod codec;
mod cookie;
mod handlers;
mod lines;
pub(crate) mod newline;
mod open;
mod read;
mod sync;
mod write;

use std::path::Path;

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
    /// which UTF-8 lines are copied without decoding (see [`read::Clean`]).
    clean: read::Clean,
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
            clean: read::Clean::default(),
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
        let codec = Codec::lookup(encoding)?;
        let handler = Errors::parse(errors)?;
        let newline = Newline::parse(newline)?;
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
    /// at all when a setting is wrong.
    ///
    /// ```
    /// assert!(afile_core::TextFile::check_options("utf-8", "strict", None).is_ok());
    /// let err = afile_core::TextFile::check_options("nope", "strict", None).unwrap_err();
    /// assert_eq!(err.to_string(), "unknown encoding: nope");
    /// ```
    pub fn check_options(encoding: &str, errors: &str, newline: Option<&str>) -> Result<()> {
        Codec::lookup(encoding)?;
        Errors::parse(errors)?;
        Newline::parse(newline)?;
        Ok(())
    }

    /// A standard stream: UTF-8, universal newlines, CPython's settings.
    pub(crate) fn standard(file: File, errors: &str, line_buffering: bool) -> Self {
        let handler = Errors::parse(errors).unwrap_or(Errors::Strict);
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

    /// The binary file underneath (CPython's `buffer` attribute).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// let f = afile_core::open_text(dir.path().join("t"), "w").await?;
    /// assert_eq!(f.buffer().mode(), "wb");
    /// # Ok(()) }
    /// ```
    pub fn buffer(&self) -> &File {
        &self.file
    }

    /// The binary file underneath, mutably: for writing bytes between
    /// pieces of text, or reaching what only `File` has.
    ///
    /// Reading or seeking through it while the text layer holds decoded
    /// text ahead leaves that text stale, as with CPython's `f.buffer`; a
    /// [`seek`](TextFile::seek) on the text file starts afresh.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let p = dir.path().join("t");
    /// let mut f = afile_core::open_text(&p, "w").await?;
    /// f.write("text ").await?;
    /// f.buffer_mut().write(b"\xff raw bytes").await?;
    /// f.close().await?;
    /// assert_eq!(std::fs::read(&p)?, b"text \xff raw bytes");
    /// # Ok(()) }
    /// ```
    pub fn buffer_mut(&mut self) -> &mut File {
        // Bytes written or a position moved through it are not checked.
        self.clean = read::Clean::default();
        &mut self.file
    }

    /// Flushes and returns the binary file, leaving the text layer unusable
    /// (CPython's `detach`). Bytes read ahead but not yet returned as text are
    /// dropped, as in CPython.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let p = dir.path().join("t");
    /// let mut t = afile_core::open_text(&p, "w").await?;
    /// t.write("text, then ").await?;
    /// let mut b = t.detach().await?;
    /// b.write(b"bytes").await?;
    /// b.close().await?;
    /// assert_eq!(std::fs::read_to_string(&p)?, "text, then bytes");
    /// # Ok(()) }
    /// ```
    pub async fn detach(mut self) -> Result<File> {
        self.write_held().await?;
        self.file.flush().await?;
        let placeholder = self.file.closed_placeholder();
        Ok(std::mem::replace(&mut self.file, placeholder))
    }

    /// The encoding name, as given to `open_text`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// let f = afile_core::open_text(dir.path().join("t"), "w").encoding("latin1").await?;
    /// assert_eq!(f.encoding(), "latin1");
    /// # Ok(()) }
    /// ```
    pub fn encoding(&self) -> &str {
        &self.encoding_name
    }

    /// The error handler name (`strict`, `replace`, …).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// let f = afile_core::open_text(dir.path().join("t"), "w").await?;
    /// assert_eq!(f.errors(), "strict");
    /// # Ok(()) }
    /// ```
    pub fn errors(&self) -> &str {
        &self.errors_name
    }

    /// The newline terminators seen so far while reading, in CPython's
    /// order `\r`, `\n`, `\r\n`: empty for CPython's `None`, one for a
    /// string, several for a tuple. Only tracked when `newline` is `None`
    /// or `""`.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let p = dir.path().join("t");
    /// std::fs::write(&p, "a\r\nb\n")?;
    /// let mut f = afile_core::open_text(&p, "r").await?;
    /// f.read(None).await?;
    /// assert_eq!(f.newlines(), ["\n", "\r\n"]);
    /// # Ok(()) }
    /// ```
    pub fn newlines(&self) -> Vec<&'static str> {
        newline::seen_list(self.seen)
    }

    /// Whether writes flush at each newline (`buffering(1)`, or a terminal).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// let f = afile_core::open_text(dir.path().join("t"), "w").buffering(1).await?;
    /// assert!(f.line_buffering());
    /// # Ok(()) }
    /// ```
    pub fn line_buffering(&self) -> bool {
        self.line_buffering
    }

    /// The mode string, as given to `open_text` (CPython's `mode`).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// let f = afile_core::open_text(dir.path().join("t"), "w+").await?;
    /// assert_eq!(f.mode(), "w+");
    /// # Ok(()) }
    /// ```
    pub fn mode(&self) -> &str {
        &self.mode_name
    }

    /// The path the file was opened with.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?; let p = dir.path().join("t");
    /// let f = afile_core::open_text(&p, "w").await?;
    /// assert_eq!(f.name(), Some(p.as_path()));
    /// # Ok(()) }
    /// ```
    pub fn name(&self) -> Option<&Path> {
        self.file.name()
    }

    /// Whether the file is closed.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// let mut f = afile_core::open_text(dir.path().join("t"), "w").await?;
    /// f.close().await?;
    /// assert!(f.closed());
    /// # Ok(()) }
    /// ```
    pub fn closed(&self) -> bool {
        self.file.closed()
    }

    /// Whether the file was opened for reading.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// assert!(afile_core::open_text(dir.path().join("t"), "w+").await?.readable()?);
    /// # Ok(()) }
    /// ```
    pub fn readable(&self) -> Result<bool> {
        self.file.readable()
    }

    /// Whether the file was opened for writing.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// assert!(afile_core::open_text(dir.path().join("t"), "a").await?.writable()?);
    /// # Ok(()) }
    /// ```
    pub fn writable(&self) -> Result<bool> {
        self.file.writable()
    }

    /// Whether `seek` and `tell` work.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// assert!(afile_core::open_text(dir.path().join("t"), "w").await?.seekable()?);
    /// # Ok(()) }
    /// ```
    pub fn seekable(&self) -> Result<bool> {
        self.file.seekable()
    }

    /// Whether the file is a terminal.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// assert!(!afile_core::open_text(dir.path().join("t"), "w").await?.isatty()?);
    /// # Ok(()) }
    /// ```
    pub fn isatty(&self) -> Result<bool> {
        self.file.isatty()
    }

    /// The file descriptor on Unix, the file's handle on Windows (see
    /// [`Fileno`](crate::Fileno)).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// let fd: afile_core::Fileno = afile_core::open_text(dir.path().join("t"), "w").await?.fileno()?;
    /// # drop(fd); Ok(()) }
    /// ```
    pub fn fileno(&self) -> Result<crate::Fileno> {
        self.file.fileno()
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
        self.clean = read::Clean::default();
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
