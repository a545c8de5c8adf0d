//! An upload buffer: each request body arrives in 16 KiB chunks and is
//! spooled into a `SpooledTemporaryFile` (in memory up to 256 KiB, on disk
//! beyond), then read back from the start and "sent on" — Python's
//! `tempfile.SpooledTemporaryFile(max_size=…)` in a web handler. Eight
//! uploads run at once; most are small, a few are megabytes.
//!
//! It checks every byte sent on against the body that came in.
//!
//! ```text
//! cargo run --release -p afile --example upload_buffer
//! cargo run -p afile --example upload_buffer -- --small
//! ```

use std::io::SeekFrom;
use std::time::{Duration, Instant};

use afile::tempfile::SpooledTemporaryFile;
use tokio::task::JoinSet;

/// Uploads handled at once.
const CONCURRENCY: usize = 8;
/// Bodies up to this size stay in memory.
const MAX_SIZE: usize = 256 << 10;
/// The size of each piece of a body as it arrives.
const CHUNK: usize = 16 << 10;

#[tokio::main]
async fn main() -> afile::Result<()> {
    let small = std::env::args().any(|a| a == "--small");
    run(small).await?;
    Ok(())
}

/// The size of upload `n`: four in five are 1–64 KiB, one in five 0.5–2 MiB.
fn body_len(n: usize) -> usize {
    if n % 5 == 4 { (512 << 10) + (n * 104_729) % (3 << 19) } else { 1024 + (n * 7_919) % (63 << 10) }
}

/// The `i`th byte of upload `n`.
fn byte(n: usize, i: usize) -> u8 {
    (i.wrapping_mul(31).wrapping_add(n * 17) % 251) as u8
}

/// Handles every upload; returns the bytes sent on and how long it took.
pub async fn run(small: bool) -> afile::Result<(u64, Duration)> {
    let uploads = if small { 20 } else { 200 };
    let started = Instant::now();
    let mut running = JoinSet::new();
    let (mut next, mut sent, mut rolled) = (0, 0u64, 0);
    while next < uploads || !running.is_empty() {
        while next < uploads && running.len() < CONCURRENCY {
            running.spawn(handle(next));
            next += 1;
        }
        if let Some(done) = running.join_next().await {
            let (bytes, on_disk) = done.map_err(std::io::Error::other)??;
            sent += bytes;
            rolled += usize::from(on_disk);
        }
    }
    let took = started.elapsed();
    println!("{uploads} uploads, {sent} bytes spooled and sent on ({rolled} went to disk) in {took:.2?}");
    let expected: u64 = (0..uploads).map(|n| body_len(n) as u64).sum();
    assert_eq!(sent, expected, "every byte sent on once");
    println!("checked: every body sent on whole and unchanged");
    Ok((sent, took))
}

/// One upload: spool the body as its chunks arrive, then send it on.
/// Returns its size and whether it went to disk.
async fn handle(n: usize) -> afile::Result<(u64, bool)> {
    let len = body_len(n);
    let mut spool = SpooledTemporaryFile::builder().max_size(MAX_SIZE).await?;
    let mut chunk = Vec::with_capacity(CHUNK);
    for start in (0..len).step_by(CHUNK) {
        // A piece of the request body, as it would come off the socket.
        chunk.clear();
        chunk.extend((start..len.min(start + CHUNK)).map(|i| byte(n, i)));
        spool.write(&chunk).await?;
        tokio::task::yield_now().await;
    }
    let on_disk = spool.rolled();
    spool.seek(SeekFrom::Start(0)).await?;
    let mut at = 0;
    loop {
        let piece = spool.read(64 << 10).await?;
        if piece.is_empty() {
            break;
        }
        assert!(piece.iter().enumerate().all(|(i, &b)| b == byte(n, at + i)), "upload {n} changed at {at}");
        at += piece.len();
    }
    assert_eq!(at, len, "upload {n} sent on whole");
    spool.close().await?;
    Ok((len as u64, on_disk))
}
