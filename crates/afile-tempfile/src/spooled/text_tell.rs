//! The text form's `tell`: CPython's plain byte offset wherever its cookie
//! is one.
//!
//! CPython's text cookie is the byte offset itself when the decoder holds
//! nothing at the position; afile's [`TextFile::tell`] gives a chunk start
//! and a count of characters. Where the two must agree, this finds the
//! exact byte: back to the position, an empty write (which writes nothing)
//! makes the text layer settle on its exact byte, and `tell` reads it. It
//! is done only where the result is certain: a codec without state between
//! characters, and not right after a `\r` that universal newlines hold back
//! (CPython's cookie is not a plain offset there either).

use std::io::SeekFrom;

use afile_core::{Result, TextCookie, TextFile};

use super::SpooledTemporaryFile;

/// What the text form last returned, as far as `tell` needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tail {
    /// Nothing read since the start or a seek to a byte offset.
    Start,
    /// The last character returned by a read.
    Char(char),
    /// Read through a stream, or moved to an opaque cookie: not known.
    Unknown,
}

impl<F> SpooledTemporaryFile<F> {
    /// Notes the text just returned (nothing read leaves the note as is).
    pub(super) fn saw(&mut self, text: &str) {
        if let Some(c) = text.chars().next_back() {
            self.tail = Tail::Char(c);
        }
    }
}

impl SpooledTemporaryFile<TextFile> {
    /// The position as a cookie, as [`TextFile::tell`]; where CPython's
    /// integer cookie is the plain byte offset (the decoder holds no state
    /// there), so is this one ([`TextCookie::byte_offset`] is `Some`). For
    /// the codecs that carry state between characters (utf-16, utf-32,
    /// utf-8-sig, iso2022, hz), and right after a `\r` held back by
    /// universal newlines, the cookie stays opaque, as CPython's is.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::SpooledTemporaryFile::builder().text().await?;
    /// f.write("héllo\nwörld\n").await?;
    /// f.seek(std::io::SeekFrom::Start(0)).await?;
    /// assert_eq!(f.read(2).await?, "hé");
    /// assert_eq!(f.tell().await?.byte_offset(), Some(3)); // CPython: 3
    /// assert_eq!(f.readline(None).await?, "llo\n");
    /// assert_eq!(f.tell().await?.byte_offset(), Some(7)); // CPython: 7
    /// assert_eq!(f.read(None).await?, "wörld\n");
    /// # Ok(()) }
    /// ```
    pub async fn tell(&mut self) -> Result<TextCookie> {
        let cookie = self.file.tell().await?;
        let newline = self.text.as_ref().and_then(|t| t.newline_setting());
        let universal = matches!(newline, None | Some(""));
        let settled = match self.tail {
            Tail::Unknown => !universal,
            // A `\r` kept as itself ("" newlines) may still pair with `\n`.
            Tail::Char('\r') => !universal,
            Tail::Start | Tail::Char(_) => true,
        };
        if cookie.byte_offset().is_some() || !settled || !self.plain_cookies()? {
            return Ok(cookie);
        }
        self.file.seek_cookie(cookie).await?;
        self.file.write("").await?;
        let plain = self.file.tell().await?;
        if universal && newline.is_none() && self.tail == Tail::Char('\n') {
            // That `\n` may stand for a lone `\r`, which CPython's decoder
            // still holds: then the cookie stays opaque.
            let at = plain.byte_offset().unwrap_or(0);
            let before = match at.checked_sub(1) {
                Some(prev) => {
                    let binary = self.file.buffer_mut();
                    binary.seek(SeekFrom::Start(prev)).await?;
                    binary.read(1).await?
                }
                None => Default::default(),
            };
            if &before[..] != b"\n" {
                return self.file.seek_cookie(cookie).await;
            }
            self.file.seek_cookie(plain).await?;
        }
        Ok(plain)
    }

    /// Whether [`tell`](Self::tell) can look for a plain byte offset: a
    /// writable file whose codec carries no state between characters.
    fn plain_cookies(&self) -> Result<bool> {
        let name = afile_core::lookup_encoding(self.file.encoding())?;
        let stateful = ["utf-16", "utf-32", "utf-8-sig", "iso2022", "hz"].iter().any(|p| name.starts_with(p));
        Ok(!stateful && self.file.writable()?)
    }
}
