//! The builders: CPython's parameters and defaults, `.await` for the binary
//! form, `.text()` for the text form.

use std::marker::PhantomData;
use std::path::{Path, PathBuf};

use afile_core::{Error, Executor, FaultOp, File, Mode, Result, TextFile};

use crate::create::{self, Guard};
use crate::names;
use crate::sys::{self, Create};

/// The name and place setters every builder here shares; `$ctor` is the
/// builder the doc examples start from.
macro_rules! place_setters {
    ($ctor:literal) => {
        /// The end of the name (default empty). A NUL is an error, and
        /// nothing is created; a `/` works as in CPython (see the crate's
        /// `# Security` section).
        ///
        #[doc = concat!("```\nlet builder = ", $ctor, ".suffix(\".log\");\n```")]
        pub fn suffix(mut self, suffix: &str) -> Self {
            self.common.suffix = suffix.to_owned();
            self
        }

        /// The start of the name (default `"tmp"`). A NUL is an error, and
        /// nothing is created; a `/` makes the name inside that
        /// subdirectory of `dir`, as in CPython (see the crate's
        /// `# Security` section).
        ///
        #[doc = concat!("```\nlet builder = ", $ctor, ".prefix(\"job-\");\n```")]
        pub fn prefix(mut self, prefix: &str) -> Self {
            self.common.prefix = prefix.to_owned();
            self
        }

        /// The directory to create in (default
        /// [`gettempdir`](crate::gettempdir)).
        ///
        #[doc = concat!("```\nlet builder = ", $ctor, ".dir(\"/tmp\");\n```")]
        pub fn dir(mut self, dir: impl AsRef<Path>) -> Self {
            self.common.dir = Some(dir.as_ref().to_path_buf());
            self
        }

        /// Runs the blocking work on `executor`.
        ///
        #[doc = concat!("```\nlet builder = ", $ctor, ".executor(afile_core::Executor::dedicated(1));\n```")]
        pub fn executor(mut self, executor: Executor) -> Self {
            self.common.executor = executor;
            self
        }
    };
}

/// The parameters every temporary file shares.
#[derive(Clone, Debug)]
pub(crate) struct Common {
    pub(crate) mode: String,
    pub(crate) buffering: isize,
    pub(crate) suffix: String,
    pub(crate) prefix: String,
    pub(crate) dir: Option<PathBuf>,
    pub(crate) delete: bool,
    pub(crate) delete_on_close: bool,
    pub(crate) max_size: usize,
    pub(crate) executor: Executor,
}

impl Default for Common {
    fn default() -> Self {
        Self {
            mode: "w+b".into(),
            buffering: -1,
            suffix: String::new(),
            prefix: crate::gettempprefix().into(),
            dir: None,
            delete: true,
            delete_on_close: true,
            max_size: 0,
            executor: Executor::default(),
        }
    }
}

/// Where a temporary file's bytes live.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Place {
    /// `NamedTemporaryFile`: on Windows deleted by the system on close
    /// when `delete` and `delete_on_close` (CPython's `O_TEMPORARY`).
    Named,
    /// `mkstemp`: named, and nothing ever deletes it.
    Kept,
    Unnamed,
    Memory,
}

impl Common {
    /// The directory to create in: `dir`, or [`gettempdir`](crate::gettempdir).
    pub(crate) async fn directory(&self) -> Result<PathBuf> {
        let dir = match &self.dir {
            Some(d) => d.clone(),
            None => crate::gettempdir().await?,
        };
        names::check(&dir, &self.prefix, &self.suffix)
    }

    /// The binary layer's mode: `mode` without `t`. The binary form refuses
    /// a `t` and the text form a `b`, before anything is created.
    fn binary_mode(&self, text: bool) -> Result<String> {
        let remedy = if text { "the text form takes a text mode" } else { "use .text() for a text mode" };
        Mode::parse_for(&self.mode, text, remedy)?;
        Ok(self.mode.chars().filter(|&c| c != 't').collect())
    }

    /// Creates the file in `place` and wraps it; the guard (named files)
    /// removes it if the caller never takes it.
    pub(crate) async fn open(&self, place: Place, text: bool) -> Result<(File, Option<Guard>)> {
        let mode = self.binary_mode(text)?;
        let buffering = if self.buffering == 1 { -1 } else { self.buffering };
        let dir = if place == Place::Memory { PathBuf::new() } else { self.directory().await? };
        let in_task = matches!(place, Place::Unnamed | Place::Memory);
        if in_task {
            // The open fault point of a file taken from the reserve or made
            // in memory, both in the task.
            self.executor.fault_point(FaultOp::Open)?;
        }
        // A memory file (`memfd_create`) is made with no I/O: no hop. Where
        // there is none, the stand-in on disk is made on the executor.
        let ready = match place {
            Place::Unnamed => crate::reserve::take(&dir, &self.executor),
            Place::Memory => sys::memory_file().ok(),
            Place::Named | Place::Kept => None,
        };
        if let Some(std_file) = ready {
            let file = File::wrap(std_file, &mode, buffering, None)?.with_executor(self.executor.clone());
            return Ok((file, None));
        }
        let (prefix, suffix, ex) = (self.prefix.clone(), self.suffix.clone(), self.executor.clone());
        let how = if place == Place::Named && self.delete && self.delete_on_close {
            Create::DeleteOnClose
        } else {
            Create::Private
        };
        self.executor
            .run("tempfile", move || {
                if !in_task {
                    ex.fault_point(FaultOp::Open)?;
                }
                let (std_file, guard, name) = match place {
                    Place::Named | Place::Kept => {
                        let (f, g) = create::file_as(&dir, &prefix, &suffix, how)?;
                        let name = Some(g.path().to_path_buf());
                        (f, Some(g), name)
                    }
                    Place::Unnamed => {
                        let (f, name) = create::unnamed(&dir)?;
                        (f, None, name)
                    }
                    Place::Memory => (memory()?, None, None),
                };
                let file = File::wrap(std_file, &mode, buffering, name)?.with_executor(ex);
                Ok((file, guard))
            })
            .await
    }
}

/// The memory side of a spooled file: an anonymous in-memory file
/// (`memfd_create`) on Linux; elsewhere a nameless temporary file in the
/// system's temporary directory (the page cache holds it while it is small).
fn memory() -> Result<std::fs::File> {
    match sys::memory_file() {
        Ok(file) => Ok(file),
        Err(_) => Ok(create::unnamed(&std::env::temp_dir())?.0),
    }
}

/// Builder for the temporary file types: CPython's parameters, with its
/// defaults (`mode "w+b"`, `buffering -1`, `prefix "tmp"`, `suffix ""`,
/// `dir` = [`gettempdir`](crate::gettempdir), `delete true`,
/// `delete_on_close true`, `max_size 0`). `.await` gives the binary form;
/// [`text`](FileOptions::text) switches to the text form.
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// let f = afile_tempfile::NamedTemporaryFile::builder().prefix("job-").suffix(".csv").await?;
/// let name = f.name().file_name().unwrap().to_str().unwrap().to_owned();
/// assert!(name.starts_with("job-") && name.ends_with(".csv"));
/// # Ok(()) }
/// ```
#[derive(Debug)]
#[must_use = "builders do nothing until awaited"]
pub struct FileOptions<K> {
    pub(crate) common: Common,
    kind: PhantomData<fn() -> K>,
}

impl<K> Default for FileOptions<K> {
    fn default() -> Self {
        Self { common: Common::default(), kind: PhantomData }
    }
}

impl<K> FileOptions<K> {
    place_setters!("afile_tempfile::NamedTemporaryFile::builder()");

    /// The mode (default `"w+b"`).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let f = afile_tempfile::TemporaryFile::builder().mode("wb").await?;
    /// assert!(!f.readable()?);
    /// # Ok(()) }
    /// ```
    pub fn mode(mut self, mode: &str) -> Self {
        self.common.mode = mode.to_owned();
        self
    }

    /// CPython's `buffering` (default `-1`).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let f = afile_tempfile::TemporaryFile::builder().buffering(0).await?;
    /// # drop(f); Ok(()) }
    /// ```
    pub fn buffering(mut self, buffering: isize) -> Self {
        self.common.buffering = buffering;
        self
    }

    /// The text form: the file is a [`TextFile`] (`encoding` default
    /// `utf-8`, `errors` `strict`, `newline` `None`). The mode must then be
    /// a text one: the default `w+b` becomes `w+`; a `b` set with
    /// [`mode`](FileOptions::mode) is an error.
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let mut f = afile_tempfile::TemporaryFile::builder().text().encoding("utf-16").await?;
    /// f.write("text").await?;
    /// # Ok(()) }
    /// ```
    pub fn text(mut self) -> TextOptions<K> {
        if self.common.mode == "w+b" {
            self.common.mode = "w+".into();
        }
        TextOptions {
            common: self.common,
            encoding: "utf-8".into(),
            errors: "strict".into(),
            newline: None,
            kind: PhantomData,
        }
    }
}

/// The text form of [`FileOptions`]; `.await` it.
#[derive(Debug)]
#[must_use = "builders do nothing until awaited"]
pub struct TextOptions<K> {
    pub(crate) common: Common,
    encoding: String,
    errors: String,
    newline: Option<String>,
    kind: PhantomData<fn() -> K>,
}

impl<K> TextOptions<K> {
    /// The encoding (default `utf-8`).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let f = afile_tempfile::TemporaryFile::builder().text().encoding("latin-1").await?;
    /// assert_eq!(f.encoding(), "latin-1");
    /// # Ok(()) }
    /// ```
    pub fn encoding(mut self, encoding: &str) -> Self {
        self.encoding = encoding.to_owned();
        self
    }

    /// The error handler (default `strict`).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let f = afile_tempfile::TemporaryFile::builder().text().errors("replace").await?;
    /// assert_eq!(f.errors(), "replace");
    /// # Ok(()) }
    /// ```
    pub fn errors(mut self, errors: &str) -> Self {
        self.errors = errors.to_owned();
        self
    }

    /// CPython's `newline` (default `None`).
    ///
    /// ```
    /// # #[tokio::main] async fn main() -> afile_core::Result<()> {
    /// let f = afile_tempfile::TemporaryFile::builder().text().newline(Some("\r\n")).await?;
    /// # drop(f); Ok(()) }
    /// ```
    pub fn newline(mut self, newline: Option<&str>) -> Self {
        self.newline = newline.map(str::to_owned);
        self
    }

    /// Creates the file in `place` and wraps it for text. Every text
    /// argument is checked first, so a bad one creates nothing.
    pub(crate) async fn open(&self, place: Place) -> Result<(TextFile, Option<Guard>)> {
        if self.common.buffering == 0 {
            return Err(Error::InvalidMode("can't have unbuffered text I/O".into()));
        }
        TextFile::check_options(&self.encoding, &self.errors, self.newline.as_deref())?;
        let (file, guard) = self.common.open(place, true).await?;
        Ok((self.wrap_again(file, self.common.buffering == 1)?, guard))
    }

    /// The `newline` setting.
    pub(crate) fn newline_setting(&self) -> Option<&str> {
        self.newline.as_deref()
    }

    /// The settings, to wrap another binary file the same way (rollover).
    pub(crate) fn wrap_again(&self, file: File, line_buffering: bool) -> Result<TextFile> {
        TextFile::wrap(file, &self.encoding, &self.errors, self.newline.as_deref(), line_buffering)
    }
}

impl<K> Clone for TextOptions<K> {
    fn clone(&self) -> Self {
        Self {
            common: self.common.clone(),
            encoding: self.encoding.clone(),
            errors: self.errors.clone(),
            newline: self.newline.clone(),
            kind: PhantomData,
        }
    }
}

/// Builder for [`TemporaryDirectory`](crate::TemporaryDirectory): `suffix`, `prefix`, `dir`, `delete`,
/// `ignore_cleanup_errors`, `executor`.
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// let dir = afile_tempfile::TemporaryDirectory::builder().suffix(".d").delete(false).await?;
/// let kept = dir.path().to_path_buf();
/// drop(dir);
/// assert!(kept.is_dir());
/// std::fs::remove_dir(kept)?;
/// # Ok(()) }
/// ```
#[derive(Debug)]
#[must_use = "builders do nothing until awaited"]
pub struct DirOptions<K> {
    pub(crate) common: Common,
    pub(crate) ignore_cleanup_errors: bool,
    kind: PhantomData<fn() -> K>,
}

impl<K> Default for DirOptions<K> {
    fn default() -> Self {
        Self { common: Common::default(), ignore_cleanup_errors: false, kind: PhantomData }
    }
}

impl<K> DirOptions<K> {
    /// Creates the directory; the guard removes it unless kept.
    pub(crate) async fn create(&self) -> Result<Guard> {
        let dir = self.common.directory().await?;
        let (prefix, suffix) = (self.common.prefix.clone(), self.common.suffix.clone());
        let ex = self.common.executor.clone();
        self.common
            .executor
            .run("mkdtemp", move || {
                ex.fault_point(FaultOp::Os)?;
                create::directory(&dir, &prefix, &suffix)
            })
            .await
    }

    place_setters!("afile_tempfile::TemporaryDirectory::builder()");

    /// Whether drop removes the directory (default `true`).
    ///
    /// ```
    /// let b = afile_tempfile::TemporaryDirectory::builder().delete(false);
    /// ```
    pub fn delete(mut self, delete: bool) -> Self {
        self.common.delete = delete;
        self
    }

    /// Whether `cleanup` ignores errors (default `false`).
    ///
    /// ```
    /// let b = afile_tempfile::TemporaryDirectory::builder().ignore_cleanup_errors(true);
    /// ```
    pub fn ignore_cleanup_errors(mut self, ignore: bool) -> Self {
        self.ignore_cleanup_errors = ignore;
        self
    }
}
