//! `TextCookie`: an opaque text position.

/// A position in a [`TextFile`](super::TextFile), as returned by
/// [`tell`](super::TextFile::tell) and accepted by
/// [`seek_cookie`](super::TextFile::seek_cookie): the byte offset of a point
/// where decoding can start afresh, and how far into the decoded text after
/// it. Like CPython's integer cookies, it restores the exact position even
/// in the middle of multi-byte text or after a BOM.
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let p = dir.path().join("t");
/// std::fs::write(&p, "日本語\nテキスト\n")?;
/// let mut f = afile_core::open_text(&p, "r").await?;
/// f.read(2).await?;
/// let here = f.tell().await?;
/// assert_eq!(f.read(None).await?, "語\nテキスト\n");
/// f.seek_cookie(here).await?;
/// assert_eq!(f.read(1).await?, "語");
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TextCookie {
    pub(super) pos: u64,
    pub(super) skip: usize,
    /// The decoder's state at `pos`, 0 for the initial one: a stateful
    /// codec's (iso2022, hz) designations and shift, or 1 for a utf-16/32
    /// file in the byte order that is not this machine's (CPython's
    /// `dec_flags`).
    pub(super) state: u32,
}

impl TextCookie {
    /// The plain byte offset, when the cookie is one (a position where
    /// decoding starts afresh, as after `seek(SeekFrom::Start(n))`): `None`
    /// inside decoded text, or where a stateful codec (iso2022, hz) is not
    /// in its initial state (after `ESC $ B`, say).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let dir = tempfile::tempdir()?;
    /// let mut f = afile_core::open_text(dir.path().join("t"), "w").await?;
    /// f.write("abc").await?;
    /// assert_eq!(f.tell().await?.byte_offset(), Some(3));
    /// # Ok(()) }
    /// ```
    pub fn byte_offset(&self) -> Option<u64> {
        (self.skip == 0 && self.state == 0).then_some(self.pos)
    }
}

/// The bytes read from a cookie's chunk start by `seek_cookie`, and the
/// decoder state there: enough to find the cookie's exact byte offset
/// later ([`TextFile::exact_offset`](super::TextFile)).
#[derive(Debug)]
pub(super) struct CookieBytes {
    pub(super) cookie: TextCookie,
    pub(super) codec: super::codec::Codec,
    pub(super) raw: Vec<u8>,
    /// The offset and the decoder's state there, once found.
    pub(super) at: Option<(u64, u32)>,
}
