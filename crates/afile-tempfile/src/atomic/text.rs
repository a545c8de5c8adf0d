//! The text form of an atomic write: an [`AtomicTextFile`] is a
//! [`TextFile`] over the staged file, with the same commit.

use std::ops::{Deref, DerefMut};
use std::path::Path;

use afile_core::{Result, TextFile};

use super::{AtomicWrite, Staged};

/// The builder of an atomic text write, from [`AtomicWrite::text`]:
/// `encoding` (default `utf-8`), `errors` (`strict`) and `newline`
/// (`None`: `\n` written as `\n` on Linux), as `open_text` takes them.
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let d = tempfile::tempdir()?; let path = d.path().join("rows.csv");
/// let mut f = afile_tempfile::AtomicWrite::new(&path).text().newline(Some("\r\n")).open().await?;
/// f.write("a,b\n").await?;
/// f.commit().await?;
/// assert_eq!(std::fs::read(&path)?, b"a,b\r\n");
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
#[must_use = "an AtomicTextWrite does nothing until opened"]
pub struct AtomicTextWrite {
    write: AtomicWrite,
    encoding: String,
    errors: String,
    newline: Option<String>,
}

impl AtomicTextWrite {
    pub(super) fn new(write: AtomicWrite) -> Self {
        Self { write, encoding: "utf-8".into(), errors: "strict".into(), newline: None }
    }

    /// The encoding, by any name Python accepts (default `utf-8`).
    ///
    /// ```
    /// let w = afile_tempfile::AtomicWrite::new("out.txt").text().encoding("cp1252");
    /// # drop(w);
    /// ```
    pub fn encoding(mut self, encoding: &str) -> Self {
        encoding.clone_into(&mut self.encoding);
        self
    }

    /// Python's `errors` (default `strict`).
    ///
    /// ```
    /// let w = afile_tempfile::AtomicWrite::new("out.txt").text().errors("replace");
    /// # drop(w);
    /// ```
    pub fn errors(mut self, errors: &str) -> Self {
        errors.clone_into(&mut self.errors);
        self
    }

    /// CPython's `newline` (default `None`).
    ///
    /// ```
    /// let w = afile_tempfile::AtomicWrite::new("out.txt").text().newline(Some(""));
    /// # drop(w);
    /// ```
    pub fn newline(mut self, newline: Option<&str>) -> Self {
        self.newline = newline.map(str::to_owned);
        self
    }

    /// Checks the text settings (a bad one creates nothing), then creates
    /// the file to write, as [`AtomicWrite::open`].
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let d = tempfile::tempdir()?; let path = d.path().join("a.txt");
    /// let err = afile_tempfile::AtomicWrite::new(&path).text().encoding("nope").open().await.unwrap_err();
    /// assert_eq!(err.to_string(), "unknown encoding: nope");
    /// assert!(!path.exists());
    /// # Ok(()) }
    /// ```
    pub async fn open(self) -> Result<AtomicTextFile> {
        TextFile::check_options(&self.encoding, &self.errors, self.newline.as_deref())?;
        let super::AtomicFile { file, staged, options } = self.write.open().await?;
        let text = TextFile::wrap(file, &self.encoding, &self.errors, self.newline.as_deref(), false)?;
        Ok(AtomicTextFile { text, staged, options })
    }
}

/// A text file being written for an atomic save: a [`TextFile`] (it derefs
/// to one) whose [`commit`](AtomicTextFile::commit) encodes what is held,
/// then does what [`AtomicFile::commit`](super::AtomicFile::commit) does.
/// Dropping it instead leaves the target untouched and nothing behind.
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// # let d = tempfile::tempdir()?; let path = d.path().join("a.txt");
/// std::fs::write(&path, "old")?;
/// let mut f = afile_tempfile::AtomicWrite::new(&path).text().open().await?;
/// f.write("new ").await?;
/// f.writelines(["lines\n"]).await?;
/// f.commit().await?;
/// assert_eq!(std::fs::read_to_string(&path)?, "new lines\n");
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct AtomicTextFile {
    text: TextFile,
    staged: Staged,
    options: AtomicWrite,
}

impl AtomicTextFile {
    /// The path the file will have once committed.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let d = tempfile::tempdir()?; let path = d.path().join("a.txt");
    /// let f = afile_tempfile::AtomicWrite::new(&path).text().open().await?;
    /// assert_eq!(f.target(), path);
    /// # Ok(()) }
    /// ```
    pub fn target(&self) -> &Path {
        self.staged.target()
    }

    /// Encodes what the text layer holds, then commits as
    /// [`AtomicFile::commit`](super::AtomicFile::commit) does, with the
    /// same errors.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// # let d = tempfile::tempdir()?; let path = d.path().join("a.txt");
    /// let mut f = afile_tempfile::AtomicWrite::new(&path).text().encoding("utf-16").open().await?;
    /// f.write("hi").await?;
    /// f.commit().await?;
    /// assert_eq!(std::fs::read(&path)?, b"\xff\xfeh\x00i\x00");
    /// # Ok(()) }
    /// ```
    pub async fn commit(self) -> Result<()> {
        let Self { text, staged, options } = self;
        let file = text.detach().await?;
        super::commit_file(file, staged, &options).await
    }
}

impl Deref for AtomicTextFile {
    type Target = TextFile;
    fn deref(&self) -> &TextFile {
        &self.text
    }
}

impl DerefMut for AtomicTextFile {
    fn deref_mut(&mut self) -> &mut TextFile {
        &mut self.text
    }
}
