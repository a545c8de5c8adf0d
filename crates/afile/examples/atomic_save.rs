//! Saves a program's state atomically, over and over, while another task
//! keeps reading it: the reader must only ever see a whole version, never a
//! half-written file. Python programs write this by hand with
//! `NamedTemporaryFile(dir=…, delete=False)`, `os.fsync` and `os.replace`;
//! here it is `afile::atomic_write`, and `afile::AtomicWrite` for a save
//! written in pieces.
//!
//! ```text
//! cargo run --release -p afile --example atomic_save
//! cargo run -p afile --example atomic_save -- --small
//! ```

use std::os::unix::fs::PermissionsExt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use afile::AtomicWrite;
use afile::tempfile::TemporaryDirectory;

#[tokio::main]
async fn main() -> afile::Result<()> {
    let small = std::env::args().any(|a| a == "--small");
    run(small).await?;
    Ok(())
}

/// One saved version: a header with its number and length, then filler, so
/// a torn or mixed file is easy to spot.
fn version(n: u32) -> String {
    let body = "x".repeat(4096 + (n as usize * 37) % 8192);
    format!("{{\"version\": {n}, \"len\": {}, \"body\": \"{body}\"}}\n", body.len())
}

/// Whether `text` is one whole version.
fn is_whole(text: &str) -> bool {
    let Some(n) = text.strip_prefix("{\"version\": ").and_then(|r| r.split(',').next()) else {
        return false;
    };
    n.parse().is_ok_and(|n| text == version(n))
}

/// Saves `saves` versions while a reader checks every read; returns how
/// many reads the reader made and how long the saves took.
pub async fn run(small: bool) -> afile::Result<(u64, Duration)> {
    let dir = TemporaryDirectory::new().await?;
    let path = dir.path().join("state.json");
    let saves: u32 = if small { 20 } else { 200 };

    afile::atomic_write(&path, version(0)).await?;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640))?;

    let done = Arc::new(AtomicBool::new(false));
    let reader = tokio::spawn({
        let (path, done) = (path.clone(), done.clone());
        async move {
            let mut reads = 0u64;
            while !done.load(Ordering::Relaxed) || reads == 0 {
                let mut f = afile::open_text(&path, "r").await?;
                let text = f.read(None).await?;
                assert!(is_whole(&text), "a reader saw a torn file: {} bytes", text.len());
                reads += 1;
            }
            Ok::<u64, afile::Error>(reads)
        }
    });

    let started = Instant::now();
    for n in 1..saves {
        afile::atomic_write(&path, version(n)).await?;
    }
    // The last save is streamed in pieces, as a program writing a big
    // document would, and committed in one step.
    let last = version(saves);
    let mut out = AtomicWrite::new(&path).open().await?;
    for piece in last.as_bytes().chunks(1000) {
        out.write(piece).await?;
    }
    out.commit().await?;
    let took = started.elapsed();
    done.store(true, Ordering::Relaxed);
    let reads = reader.await.map_err(std::io::Error::other)??;

    println!(
        "{saves} atomic saves in {took:.2?} ({:.2?} each); a concurrent reader made {reads} reads, all whole",
        took / saves
    );

    assert_eq!(std::fs::read_to_string(&path)?, last);
    let mode = std::fs::metadata(&path)?.permissions().mode() & 0o777;
    assert_eq!(mode, 0o640, "the saves kept the file's permissions");
    let left: Vec<_> = afile::os::listdir(dir.path()).await?;
    assert_eq!(left, ["state.json"], "nothing but the target is left in the directory");

    // A save that must not replace anything fails with Python's error and
    // changes nothing.
    let err = AtomicWrite::new(&path).overwrite(false).open().await.err();
    let err = err.expect("overwrite(false) refuses an existing file");
    assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists, "{err}");
    assert_eq!(std::fs::read_to_string(&path)?, last);
    println!(
        "checked: last version in place, mode 0640 kept, no temporary files left, overwrite(false) refused: {err}"
    );
    Ok((reads, took))
}
