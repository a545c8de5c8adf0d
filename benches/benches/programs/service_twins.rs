//! The three service programs of `crates/afile/examples` (log rotator, job
//! queue, upload buffer) written with `tokio::fs` and the `tempfile` crate,
//! as a user would from those crates' docs (see `twins.rs` for the others).

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncWriteExt, BufWriter};
use tokio::task::JoinSet;

use super::twins::Res;

/// The log rotator: 8 producers → a tokio channel → one writer appending
/// through `tokio::io::BufWriter` (its default 8 KiB) over a
/// `tokio::fs::File` opened for append, rotating before 1 MB with
/// `tokio::fs::rename`.
pub async fn log_rotator(dir: &Path) -> Res<Duration> {
    const PRODUCERS: usize = 8;
    const MAX_BYTES: u64 = 1 << 20;
    let per_producer = 25_000;
    let line = |who: usize, n: usize| {
        format!("2026-12-01T10:00:00.{n:06}Z INFO worker={who} seq={n} msg=\"request served\" status=200\n")
    };
    let path = dir.join("app.log");
    let started = Instant::now();
    let (tx, mut rx) = tokio::sync::mpsc::channel::<String>(1024);
    let writer = tokio::spawn({
        let path = path.clone();
        async move {
            let mut options = tokio::fs::OpenOptions::new();
            options.append(true).create(true);
            let mut log = BufWriter::new(options.open(&path).await?);
            let (mut size, mut rotated) = (0u64, 0usize);
            while let Some(line) = rx.recv().await {
                if size + line.len() as u64 > MAX_BYTES {
                    log.flush().await?;
                    drop(log);
                    rotated += 1;
                    tokio::fs::rename(&path, path.with_extension(format!("log.{rotated:04}"))).await?;
                    log = BufWriter::new(options.open(&path).await?);
                    size = 0;
                }
                log.write_all(line.as_bytes()).await?;
                size += line.len() as u64;
            }
            log.flush().await?;
            Ok::<usize, std::io::Error>(rotated + 1)
        }
    });
    let mut producers = Vec::new();
    for who in 0..PRODUCERS {
        let tx = tx.clone();
        producers.push(tokio::spawn(async move {
            for n in 0..per_producer {
                tx.send(line(who, n)).await.expect("writer alive");
            }
        }));
    }
    drop(tx);
    for p in producers {
        p.await?;
    }
    let files = writer.await??;
    let took = started.elapsed();
    let total: u64 = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.metadata().map(|m| m.len()).unwrap_or(0)))
        .sum::<Result<u64, _>>()?;
    let expected: usize = (0..PRODUCERS)
        .flat_map(|w| (0..per_producer).map(move |n| (w, n)))
        .map(|(w, n)| line(w, n).len())
        .sum();
    assert_eq!(total, expected as u64);
    assert!(files > 10);
    Ok(took)
}

/// The job queue: each save is `tempfile::NamedTempFile::new_in` + write +
/// `sync_all` + `persist` + a directory `sync_all` in one `spawn_blocking`
/// (the `tempfile` crate is synchronous); claims, listings, reads and
/// removals with `tokio::fs`.
pub async fn job_queue(dir: &Path) -> Res<Duration> {
    const WORKERS: usize = 4;
    let jobs = 200;
    let job = |n: usize| format!("{{\"job\": {n}, \"payload\": \"{}\"}}\n", "p".repeat(200 + n % 800));
    let result_of = |job: &str| format!("{{\"done\": true, \"len\": {}}}\n", job.len());
    async fn save(path: PathBuf, data: String) -> std::io::Result<()> {
        tokio::task::spawn_blocking(move || {
            let parent = path.parent().expect("a parent");
            let mut tmp = tempfile::NamedTempFile::new_in(parent)?;
            tmp.write_all(data.as_bytes())?;
            tmp.as_file().sync_all()?;
            tmp.persist(&path).map_err(|e| e.error)?;
            std::fs::File::open(parent)?.sync_all()
        })
        .await?
    }
    let (queue, claimed, done) = (dir.join("queue"), dir.join("claimed"), dir.join("done"));
    for d in [&queue, &claimed, &done] {
        tokio::fs::create_dir(d).await?;
    }
    let started = Instant::now();
    let hidden = Arc::new(AtomicU64::new(0));
    let mut workers = Vec::new();
    for me in 0..WORKERS {
        let (queue, claimed, done, hidden) = (queue.clone(), claimed.clone(), done.clone(), hidden.clone());
        workers.push(tokio::spawn(async move {
            let mut handled = 0;
            loop {
                let mut names = Vec::new();
                let mut entries = tokio::fs::read_dir(&queue).await?;
                while let Some(e) = entries.next_entry().await? {
                    names.push(e.file_name().to_string_lossy().into_owned());
                }
                let mut claimed_any = false;
                for name in names {
                    if name.starts_with('.') {
                        hidden.fetch_add(1, Ordering::Relaxed);
                        continue;
                    }
                    let mine = claimed.join(format!("{name}.{me}"));
                    match tokio::fs::rename(queue.join(&name), &mine).await {
                        Ok(()) => {}
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                        Err(e) => return Err(e),
                    }
                    claimed_any = true;
                    let text = tokio::fs::read_to_string(&mine).await?;
                    save(done.join(&name), result_of(&text)).await?;
                    tokio::fs::remove_file(&mine).await?;
                    handled += 1;
                }
                if !claimed_any {
                    let mut count = 0;
                    let mut entries = tokio::fs::read_dir(&done).await?;
                    while let Some(e) = entries.next_entry().await? {
                        count += usize::from(!e.file_name().to_string_lossy().starts_with('.'));
                    }
                    if count >= jobs {
                        return Ok::<usize, std::io::Error>(handled);
                    }
                    tokio::time::sleep(Duration::from_millis(1)).await;
                }
            }
        }));
    }
    for n in 0..jobs {
        save(queue.join(format!("job-{n:05}.json")), job(n)).await?;
    }
    let mut handled = 0;
    for w in workers {
        handled += w.await??;
    }
    let took = started.elapsed();
    assert_eq!(handled, jobs);
    for n in 0..jobs {
        assert_eq!(std::fs::read_to_string(done.join(format!("job-{n:05}.json")))?, result_of(&job(n)));
    }
    Ok(took)
}

/// The upload buffer: `tempfile::SpooledTempFile::new(256 KiB)` per upload,
/// written and read back synchronously in the task (the crate's API is
/// synchronous), eight uploads at once.
pub async fn upload_buffer(_dir: &Path) -> Res<Duration> {
    const CONCURRENCY: usize = 8;
    const MAX_SIZE: usize = 256 << 10;
    const CHUNK: usize = 16 << 10;
    fn body_len(n: usize) -> usize {
        if n % 5 == 4 { (512 << 10) + (n * 104_729) % (3 << 19) } else { 1024 + (n * 7_919) % (63 << 10) }
    }
    fn byte(n: usize, i: usize) -> u8 {
        (i.wrapping_mul(31).wrapping_add(n * 17) % 251) as u8
    }
    async fn handle(n: usize) -> std::io::Result<u64> {
        let len = body_len(n);
        let mut spool = tempfile::SpooledTempFile::new(MAX_SIZE);
        let mut chunk = Vec::with_capacity(CHUNK);
        for start in (0..len).step_by(CHUNK) {
            chunk.clear();
            chunk.extend((start..len.min(start + CHUNK)).map(|i| byte(n, i)));
            spool.write_all(&chunk)?;
            tokio::task::yield_now().await;
        }
        spool.seek(SeekFrom::Start(0))?;
        let (mut at, mut piece) = (0, vec![0u8; 64 << 10]);
        loop {
            let got = spool.read(&mut piece)?;
            if got == 0 {
                break;
            }
            assert!(piece[..got].iter().enumerate().all(|(i, &b)| b == byte(n, at + i)));
            at += got;
        }
        assert_eq!(at, len);
        Ok(len as u64)
    }
    let uploads = 200;
    let started = Instant::now();
    let mut running = JoinSet::new();
    let (mut next, mut sent) = (0, 0u64);
    while next < uploads || !running.is_empty() {
        while next < uploads && running.len() < CONCURRENCY {
            running.spawn(handle(next));
            next += 1;
        }
        if let Some(done) = running.join_next().await {
            sent += done??;
        }
    }
    let took = started.elapsed();
    assert_eq!(sent, (0..uploads).map(|n| body_len(n) as u64).sum::<u64>());
    Ok(took)
}
