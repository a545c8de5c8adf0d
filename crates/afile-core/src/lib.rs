//! The core of [afile](https://docs.rs/afile): where blocking work runs, the
//! error type, and the buffered binary [`File`].
//!
//! Most programs depend on the `afile` facade, which re-exports everything
//! here; this crate is for the other afile crates and for programs that want
//! only files.
//!
//! # How it fits together
//!
//! Python's `io` stack is the model: a file descriptor ([`raw`](crate) level,
//! private), a buffered binary [`File`] on top of it (CPython's
//! `BufferedReader`/`BufferedWriter`/`BufferedRandom`), and everything that
//! blocks handed to an [`Executor`] as one closure per operation.
//!
//! ```
//! # #[tokio::main] async fn main() -> afile_core::Result<()> {
//! # let dir = tempfile::tempdir()?; let path = dir.path().join("notes.bin");
//! let mut f = afile_core::open(&path, "w+b").await?;
//! f.writelines([&b"one\n"[..], b"two\n"]).await?;
//! f.seek(std::io::SeekFrom::Start(0)).await?;
//! assert_eq!(f.readlines(None).await?, ["one\n", "two\n"]);
//! # Ok(()) }
//! ```

mod error;
mod executor;
mod fault;
mod file;
mod memory;
mod mode;
mod normpath;
mod nowait;
mod open_args;
mod raw;
mod repr;
mod stdio;
mod sys;
mod text;
mod whole;
mod work;

#[cfg(feature = "testing")]
pub mod testing;

/// CPython's codecs, error handlers and names (the [`afile_codecs`]
/// crate): one-shot and incremental decoding and encoding without files.
pub use afile_codecs as codecs;
pub use error::{Error, Result};
pub use executor::{Executor, Op};
pub use fault::FaultOp;
pub use file::{File, Lines, OpenFile, open};
pub use mode::Mode;
pub use normpath::normpath;
pub use repr::PathRepr;
pub use stdio::{stderr, stderr_bytes, stdin, stdin_bytes, stdout, stdout_bytes};
pub use sys::Fileno;
pub use text::{
    ErrorHandler, OpenText, Replacement, TextCookie, TextFile, TextLines, UnicodeDecodeError,
    UnicodeEncodeError, lookup_encoding, open_text, register_error,
};
pub use whole::{ReadFile, ReadText, WriteFile, read, read_text, read_to_string, write};

/// The README's example, compiled by `cargo test --doc`.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
