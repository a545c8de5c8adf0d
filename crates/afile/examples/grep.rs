//! An async `grep`: count and show the lines of a log that contain a word,
//! reading the file line by line — Python's
//! `async for line in f: if b"ERROR" in line: ...`.
//!
//! It writes its own ~50 MB log in a temporary directory, searches it, and
//! checks the answer against a plain `std` search of the same file.
//!
//! ```text
//! cargo run --release -p afile --example grep            # ~50 MB log
//! cargo run -p afile --example grep -- --small           # ~0.5 MB, for CI
//! ```

use std::path::Path;
use std::time::{Duration, Instant};

use afile::tempfile::TemporaryDirectory;

/// What the search found.
#[derive(Debug, PartialEq)]
pub struct Found {
    /// Lines read.
    pub lines: u64,
    /// Lines that contain the word.
    pub matches: u64,
    /// The first few matching lines.
    pub first: Vec<String>,
}

#[tokio::main]
async fn main() -> afile::Result<()> {
    let small = std::env::args().any(|a| a == "--small");
    run(small).await?;
    Ok(())
}

/// Writes the log, searches it with afile, checks the result with std;
/// returns what it found and how long the search took.
pub async fn run(small: bool) -> afile::Result<(Found, Duration)> {
    let dir = TemporaryDirectory::new().await?;
    let log = dir.path().join("app.log");
    let target: u64 = if small { 512 << 10 } else { 50 << 20 };
    write_log(&log, target).await?;

    let started = Instant::now();
    let found = grep(&log, b"ERROR").await?;
    let took = started.elapsed();

    println!(
        "grep ERROR {}: {} of {} lines match ({} bytes) in {took:.2?}",
        log.display(),
        found.matches,
        found.lines,
        std::fs::metadata(&log)?.len()
    );
    for line in &found.first {
        println!("  {line}");
    }

    let expected = grep_std(&log, b"ERROR")?;
    assert_eq!(found, expected, "afile's grep disagrees with std's");
    assert!(found.matches > 0, "the log was written with ERROR lines");
    println!("checked against a std search of the same file: identical");
    Ok((found, took))
}

/// The search itself: one line at a time, as `async for line in f`.
async fn grep(path: &Path, word: &[u8]) -> afile::Result<Found> {
    let mut f = afile::open(path, "rb").await?;
    let mut found = Found { lines: 0, matches: 0, first: Vec::new() };
    let mut lines = f.lines();
    while let Some(line) = lines.next().await {
        let line = line?;
        found.lines += 1;
        if contains(&line, word) {
            found.matches += 1;
            if found.first.len() < 3 {
                found.first.push(String::from_utf8_lossy(&line).trim_end().to_owned());
            }
        }
    }
    f.close().await?;
    Ok(found)
}

/// The same search with std only, to check the async one.
fn grep_std(path: &Path, word: &[u8]) -> std::io::Result<Found> {
    let data = std::fs::read(path)?;
    let mut found = Found { lines: 0, matches: 0, first: Vec::new() };
    for line in data.split_inclusive(|&b| b == b'\n') {
        found.lines += 1;
        if contains(line, word) {
            found.matches += 1;
            if found.first.len() < 3 {
                found.first.push(String::from_utf8_lossy(line).trim_end().to_owned());
            }
        }
    }
    Ok(found)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Writes log lines until the file holds about `target` bytes; one line in
/// 97 is an error.
async fn write_log(path: &Path, target: u64) -> afile::Result<()> {
    let mut f = afile::open(path, "wb").await?;
    let (mut written, mut n) = (0u64, 0u64);
    while written < target {
        let level = if n % 97 == 13 { "ERROR" } else { "INFO" };
        let line = format!(
            "2026-12-01T{:02}:{:02}:{:02}Z {level} request id={n} path=/api/v1/items/{} took {}ms\n",
            (n / 3600) % 24,
            (n / 60) % 60,
            n % 60,
            n % 1000,
            n % 250
        );
        written += f.write(line.as_bytes()).await? as u64;
        n += 1;
    }
    f.close().await?;
    Ok(())
}
