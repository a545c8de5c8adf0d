//! Shared set-up for afile's criterion benches: data files in one temporary
//! directory per bench process, and the runtime every async entry uses.

use std::io::Write;

pub mod codec_samples;
use std::path::{Path, PathBuf};

/// A temporary directory that lives as long as the bench process.
pub fn scratch() -> &'static Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("a temporary directory for bench data")).path()
}

/// A file of `size` bytes of varied data, created once and then cached by the
/// OS (benches read it once before measuring).
pub fn data_file(name: &str, size: usize) -> PathBuf {
    let path = scratch().join(name);
    if !path.exists() {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).expect("create bench data"));
        let block: Vec<u8> = (0..1 << 20).map(|i: usize| (i * 31 % 251) as u8).collect();
        let mut left = size;
        while left > 0 {
            let n = left.min(block.len());
            f.write_all(&block[..n]).expect("write bench data");
            left -= n;
        }
        settle(f);
    }
    warm(&path);
    path
}

/// A file of `size` bytes made of 80-byte lines (79 characters and `\n`).
pub fn lines_file(name: &str, size: usize) -> PathBuf {
    let path = scratch().join(name);
    if !path.exists() {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).expect("create bench data"));
        let mut line = [b'x'; 80];
        line[79] = b'\n';
        for i in 0..size / 80 {
            line[..8].copy_from_slice(format!("{:08}", i % 100_000_000).as_bytes());
            f.write_all(&line).expect("write bench data");
        }
        settle(f);
    }
    warm(&path);
    path
}

/// The characters of the non-ASCII Latin text (for cp1252 files and their
/// UTF-8 twin): about one character in four is not ASCII.
pub const LATIN: &str = "abcdefghij klmnopé ÀÇÑ€ßü";

/// The characters of the Japanese text (for UTF-8 and shift_jis files):
/// mostly 3-byte characters in UTF-8, 2-byte ones in shift_jis.
pub const JAPANESE: &str = "あいうえお日本語テキストabc ";

/// A file in `dir` of `lines` lines of 79 characters from `alphabet` and
/// `\n`, in `encoding`, written once through afile itself (then synced and
/// read once, so the measured runs find it cached).
pub fn text_file(dir: &Path, name: &str, alphabet: &str, encoding: &str, lines: usize) -> PathBuf {
    let path = dir.join(name);
    if !path.exists() {
        let alphabet: Vec<char> = alphabet.chars().collect();
        let rt = tokio::runtime::Builder::new_current_thread().build().expect("a tokio runtime");
        rt.block_on(async {
            let mut f = afile::open_text(&path, "w").encoding(encoding).await.expect("create bench data");
            let mut chunk = String::new();
            for i in 0..lines {
                chunk.extend((0..79).map(|k| alphabet[(i + k * 7) % alphabet.len()]));
                chunk.push('\n');
                if chunk.len() > 1 << 20 {
                    f.write(&chunk).await.expect("write bench data");
                    chunk.clear();
                }
            }
            f.write(&chunk).await.expect("write bench data");
            f.close().await.expect("close bench data");
        });
        std::fs::File::open(&path).and_then(|f| f.sync_all()).expect("sync bench data");
    }
    warm(&path);
    path
}

/// Flushes freshly written bench data to the disk, so that no writeback of
/// it runs beside the measurements.
fn settle(f: std::io::BufWriter<std::fs::File>) {
    let f = f.into_inner().expect("flush bench data");
    f.sync_all().expect("sync bench data");
}

/// Reads a file once so that the measured runs find it in the page cache.
fn warm(path: &Path) {
    let _ = std::io::copy(&mut std::fs::File::open(path).expect("open bench data"), &mut std::io::sink());
}

/// The runtime the async entries run on: tokio's default multi-threaded one.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a tokio runtime")
}

/// `count` files of `size` bytes each in one directory, created once, synced
/// and read once so that the measured runs find them in the page cache.
pub fn small_files(dir_name: &str, count: usize, size: usize) -> Vec<PathBuf> {
    let dir = scratch().join(dir_name);
    let block: Vec<u8> = (0..size).map(|i| (i * 7 % 251) as u8).collect();
    if !dir.exists() {
        std::fs::create_dir(&dir).expect("create bench directory");
        for i in 0..count {
            std::fs::write(dir.join(format!("{i:05}")), &block).expect("write bench data");
        }
        std::fs::File::open(&dir).and_then(|d| d.sync_all()).expect("sync bench directory");
        sync_everything();
    }
    let paths: Vec<PathBuf> = (0..count).map(|i| dir.join(format!("{i:05}"))).collect();
    for p in &paths {
        warm(p);
    }
    paths
}

/// Writes every dirty page back, so that no writeback runs beside the
/// measurements (`sync(1)`).
fn sync_everything() {
    let _ = std::process::Command::new("sync").status();
}

/// Offsets of `count` 4 KiB blocks spread over a file of `size` bytes, in a
/// fixed pseudo-random order (the same in every run and for every peer).
pub fn random_blocks(size: usize, count: usize) -> Vec<u64> {
    let blocks = (size / 4096) as u64;
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..count)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % blocks) * 4096
        })
        .collect()
}
