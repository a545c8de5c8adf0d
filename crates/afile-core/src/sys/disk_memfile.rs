//! The in-memory file system's files where the platform has no memory file
//! that can be opened again by path (everywhere but Linux): a file of its
//! own in the temporary directory, removed when dropped.

use std::fs;
use std::io;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// One backing file of a `MemFs` path.
#[derive(Debug)]
#[cfg_attr(not(feature = "testing"), allow(dead_code))]
pub(crate) struct MemFile {
    path: PathBuf,
}

#[cfg_attr(not(feature = "testing"), allow(dead_code))]
impl MemFile {
    /// A new, empty backing file.
    pub(crate) fn create() -> io::Result<Self> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let stamp = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
        loop {
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            let name = format!("afile-memfs-{}-{stamp}-{n}", std::process::id());
            let path = std::env::temp_dir().join(name);
            match fs::OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(_) => return Ok(Self { path }),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// A new open file description of the backing file, with `options`.
    pub(crate) fn reopen(&self, options: &fs::OpenOptions) -> io::Result<fs::File> {
        options.open(&self.path)
    }
}

impl Drop for MemFile {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}
