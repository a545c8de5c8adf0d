//! A service's log writer: eight producer tasks send lines through a
//! channel to one writer task, which appends them to `app.log` and rotates
//! the file once it would pass 1 MB (`app.log` → `app.log.0001`, …) —
//! Python's `logging.handlers.RotatingFileHandler(maxBytes=…)` fed by a
//! `QueueHandler`.
//!
//! It checks that every line arrived once, whole and in each producer's
//! order, and that no file passed the limit.
//!
//! ```text
//! cargo run --release -p afile --example log_rotator
//! cargo run -p afile --example log_rotator -- --small
//! ```

use std::path::Path;
use std::time::{Duration, Instant};

use afile::tempfile::TemporaryDirectory;
use tokio::sync::mpsc;

/// Producer tasks.
const PRODUCERS: usize = 8;
/// A file is rotated before it would pass this size.
const MAX_BYTES: u64 = 1 << 20;

#[tokio::main]
async fn main() -> afile::Result<()> {
    let small = std::env::args().any(|a| a == "--small");
    run(small).await?;
    Ok(())
}

/// One log line of producer `who`, its `n`th.
fn line(who: usize, n: usize) -> String {
    format!("2026-12-01T10:00:00.{n:06}Z INFO worker={who} seq={n} msg=\"request served\" status=200\n")
}

/// Runs the producers and the writer, checks the files; returns how many
/// files were written and how long it took.
pub async fn run(small: bool) -> afile::Result<(usize, Duration)> {
    let dir = TemporaryDirectory::new().await?;
    let per_producer = if small { 2_000 } else { 25_000 };

    let started = Instant::now();
    let (tx, rx) = mpsc::channel::<String>(1024);
    let writer = tokio::spawn(write_log(dir.path().join("app.log"), rx));
    let mut producers = Vec::new();
    for who in 0..PRODUCERS {
        let tx = tx.clone();
        producers.push(tokio::spawn(async move {
            for n in 0..per_producer {
                tx.send(line(who, n)).await.expect("the writer runs until every sender is gone");
            }
        }));
    }
    drop(tx);
    for p in producers {
        p.await.map_err(std::io::Error::other)?;
    }
    let files = writer.await.map_err(std::io::Error::other)??;
    let took = started.elapsed();
    println!(
        "{} lines from {PRODUCERS} producers in {files} files of at most {MAX_BYTES} bytes in {took:.2?}",
        PRODUCERS * per_producer
    );

    check(dir.path(), per_producer)?;
    println!("checked: every line once, whole, in each producer's order; no file over the limit");
    Ok((files, took))
}

/// The writer: appends each line, rotating before a line would take the
/// file past [`MAX_BYTES`]. Returns how many files it wrote.
async fn write_log(path: std::path::PathBuf, mut lines: mpsc::Receiver<String>) -> afile::Result<usize> {
    let mut log = afile::open_text(&path, "a").await?;
    let (mut size, mut rotated) = (0u64, 0usize);
    while let Some(line) = lines.recv().await {
        if size + line.len() as u64 > MAX_BYTES {
            log.close().await?;
            rotated += 1;
            afile::os::rename(&path, path.with_extension(format!("log.{rotated:04}"))).await?;
            log = afile::open_text(&path, "a").await?;
            size = 0;
        }
        log.write(&line).await?;
        size += line.len() as u64;
    }
    log.close().await?;
    Ok(rotated + 1)
}

/// Reads the rotated files in order, then `app.log`, with std.
fn check(dir: &Path, per_producer: usize) -> std::io::Result<()> {
    let mut names: Vec<_> =
        std::fs::read_dir(dir)?.map(|e| e.map(|e| e.file_name())).collect::<Result<_, _>>()?;
    names.sort();
    // `app.log` sorts before `app.log.0001`: it is the newest, so it goes last.
    names.rotate_left(1);
    let mut next = [0usize; PRODUCERS];
    for name in names {
        let text = std::fs::read_to_string(dir.join(&name))?;
        assert!(text.len() as u64 <= MAX_BYTES, "{name:?} passed the limit");
        for l in text.split_inclusive('\n') {
            let who: usize = field(l, "worker=");
            let n: usize = field(l, "seq=");
            assert_eq!(n, next[who], "producer {who}'s lines out of order or lost in {name:?}");
            assert_eq!(l, line(who, n), "a torn line in {name:?}");
            next[who] += 1;
        }
    }
    assert!(next.iter().all(|&n| n == per_producer), "lines lost: {next:?}");
    Ok(())
}

fn field(line: &str, key: &str) -> usize {
    line.split(key)
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(usize::MAX)
}
