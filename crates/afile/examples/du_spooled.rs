//! A concurrent `du`: sizes every directory of a tree, listing directories
//! several at a time with `scandir(..).prefetch_stat()` (so each entry's
//! `stat(false)` — `lstat`, as `du` counts a symlink itself — comes with the
//! listing), then spools the report into a `SpooledTemporaryFile`, the
//! upload buffer a service would send: in memory while small, on disk once
//! it passes `max_size`.
//!
//! It builds its own tree in a temporary directory and checks every total
//! against a `std` walk.
//!
//! ```text
//! cargo run --release -p afile --example du_spooled
//! cargo run -p afile --example du_spooled -- --small
//! ```

use std::collections::BTreeMap;
use std::io::SeekFrom;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use afile::tempfile::{SpooledTemporaryFile, TemporaryDirectory};
use tokio::io::AsyncReadExt;
use tokio::task::JoinSet;

/// How many directories are listed at once.
const CONCURRENCY: usize = 8;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let small = std::env::args().any(|a| a == "--small");
    run(small).await?;
    Ok(())
}

/// Builds the tree, sizes it, spools and reads back the report, checks it
/// all; returns the total size of the tree, how long `du` took and how long
/// spooling and reading back the report took.
pub async fn run(small: bool) -> Result<(u64, Duration, Duration), Box<dyn std::error::Error>> {
    let dir = TemporaryDirectory::new().await?;
    let root = dir.path().join("tree");
    let (dirs, files) = if small { (4, 50) } else { (20, 500) };
    make_tree(&root, dirs, files)?;

    let started = Instant::now();
    let (sizes, files) = du(&root).await?;
    let took = started.elapsed();
    let total = sizes[&root];
    println!(
        "du {}: {} directories, {} files, {total} bytes in {took:.2?}",
        root.display(),
        sizes.len(),
        files.len()
    );

    let (expected, expected_files) = du_std(&root)?;
    assert_eq!(sizes, expected, "afile's du disagrees with a std walk");
    assert_eq!(files, expected_files, "afile's file sizes disagree with std's");

    // The report, one `size<TAB>path` line per file and directory (`du -ab`'s
    // format), goes into the upload buffer through tokio's `copy`.
    let report: String =
        files.iter().chain(&sizes).map(|(path, size)| format!("{size}\t{}\n", path.display())).collect();
    let max_size = if small { 4 << 10 } else { 64 << 10 }; // the report is larger: it rolls over
    let started = Instant::now();
    let mut upload = SpooledTemporaryFile::builder().max_size(max_size).await?;
    tokio::io::copy(&mut report.as_bytes(), &mut upload).await?;
    println!(
        "spooled a {} byte report (max_size {max_size}): rolled over to disk = {}",
        report.len(),
        upload.rolled()
    );
    assert!(upload.rolled(), "a report past max_size is on disk");

    // "Upload" it: read it back from the start, as a sender would.
    upload.seek(SeekFrom::Start(0)).await?;
    let mut sent = Vec::new();
    upload.read_to_end(&mut sent).await?;
    let spooled = started.elapsed();
    println!("spooled and read back in {spooled:.2?}");
    assert!(sent == report.as_bytes(), "the buffer gives back the report");
    println!("checked: every directory total matches std, the buffer gives back the report");
    Ok((total, took, spooled))
}

/// Sizes by path.
type Sizes = BTreeMap<PathBuf, u64>;

/// Apparent sizes (as `du -ab`, links not followed) of `root` and of every
/// directory below it, each including its subdirectories; and of each file.
async fn du(root: &Path) -> afile::Result<(Sizes, Sizes)> {
    let mut own = BTreeMap::new(); // each directory's files only
    let mut files = BTreeMap::new();
    let mut parents = BTreeMap::new();
    let mut pending = vec![root.to_path_buf()];
    let mut running = JoinSet::new();
    while !pending.is_empty() || !running.is_empty() {
        while running.len() < CONCURRENCY {
            let Some(dir) = pending.pop() else { break };
            running.spawn(list(dir));
        }
        let Some(done) = running.join_next().await else { break };
        let (dir, listed, subdirs) = done.map_err(std::io::Error::other)??;
        let size = listed.iter().map(|(_, len)| len).sum();
        files.extend(listed);
        for sub in &subdirs {
            parents.insert(sub.clone(), dir.clone());
        }
        own.insert(dir, size);
        pending.extend(subdirs);
    }
    // Add each directory into its ancestors, deepest first.
    let mut total = own.clone();
    let mut by_depth: Vec<_> = own.keys().cloned().collect();
    by_depth.sort_by_key(|p| std::cmp::Reverse(p.components().count()));
    for dir in by_depth {
        if let Some(parent) = parents.get(&dir) {
            let size = total[&dir];
            *total.entry(parent.clone()).or_default() += size;
        }
    }
    Ok((total, files))
}

/// One directory: the size of each file (and symlink) it holds, and its
/// subdirectories.
async fn list(dir: PathBuf) -> afile::Result<(PathBuf, Vec<(PathBuf, u64)>, Vec<PathBuf>)> {
    let (mut files, mut subdirs) = (Vec::new(), Vec::new());
    let mut entries = afile::os::scandir(&dir).prefetch_stat();
    while let Some(entry) = entries.next().await {
        let entry = entry?;
        let meta = entry.stat(false).await?; // from the batch: no hop
        if meta.is_dir() {
            subdirs.push(entry.path().to_path_buf());
        } else {
            files.push((entry.path().to_path_buf(), meta.len()));
        }
    }
    Ok((dir, files, subdirs))
}

/// The same sizes with std, to check.
fn du_std(root: &Path) -> std::io::Result<(Sizes, Sizes)> {
    fn walk(dir: &Path, dirs: &mut Sizes, files: &mut Sizes) -> std::io::Result<u64> {
        let mut size = 0;
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            let meta = std::fs::symlink_metadata(&path)?;
            if meta.is_dir() {
                size += walk(&path, dirs, files)?;
            } else {
                size += meta.len();
                files.insert(path, meta.len());
            }
        }
        dirs.insert(dir.to_path_buf(), size);
        Ok(size)
    }
    let (mut dirs, mut files) = (BTreeMap::new(), BTreeMap::new());
    walk(root, &mut dirs, &mut files)?;
    Ok((dirs, files))
}

/// `dirs` directories, each with `files` files of varied sizes, a
/// subdirectory with a few more, and a symlink to a large file (which `du`
/// counts as the link's own size).
fn make_tree(root: &Path, dirs: usize, files: usize) -> std::io::Result<()> {
    std::fs::create_dir(root)?;
    let big = root.join("big.bin");
    std::fs::write(&big, vec![7u8; 1 << 20])?;
    for d in 0..dirs {
        let dir = root.join(format!("dir{d:03}"));
        std::fs::create_dir_all(dir.join("sub"))?;
        for f in 0..files {
            std::fs::write(dir.join(format!("file{f:04}.dat")), vec![b'a'; (d * 31 + f * 7) % 5000])?;
        }
        for f in 0..5 {
            std::fs::write(dir.join("sub").join(format!("s{f}")), vec![b'b'; 100 * f])?;
        }
        std::os::unix::fs::symlink(&big, dir.join("link-to-big"))?;
    }
    Ok(())
}
