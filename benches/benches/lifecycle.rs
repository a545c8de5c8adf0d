//! Where files are born and die (issue 18): lines appended to a log, and
//! durable atomic saves on ext4 (the disk here) and on tmpfs. See
//! docs/performance.md for what each group measures.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use afile_benches::{runtime, scratch};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tokio::io::AsyncWriteExt;

/// Lines per iteration of `append_lines`.
const LINES: usize = 200_000;

/// One 60-byte log line (59 characters and `\n`).
fn log_line(n: usize) -> String {
    let line = format!("2026-12-01T10:00:00Z INFO id={n:08} served in 3ms ok.....\n");
    debug_assert_eq!(line.len(), 60);
    line
}

/// 200,000 60-byte lines appended to a log (mode `a`), then closed; the
/// file is removed before each iteration, outside the timing.
fn append_lines(c: &mut Criterion) {
    let lines: Vec<String> = (0..LINES).map(log_line).collect();
    let path = scratch().join("append.log");
    let rt = runtime();
    let mut g = c.benchmark_group("append_lines");
    g.throughput(Throughput::Elements(LINES as u64)).sample_size(10).measurement_time(Duration::from_secs(5));
    let fresh = |path: &Path| {
        let _ = std::fs::remove_file(path);
    };
    g.bench_function("std BufWriter", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                fresh(&path);
                let start = Instant::now();
                let f = std::fs::File::options().append(true).create(true).open(&path).unwrap();
                let mut w = std::io::BufWriter::new(f);
                for line in &lines {
                    w.write_all(line.as_bytes()).unwrap();
                }
                w.flush().unwrap();
                drop(w);
                total += start.elapsed();
            }
            total
        })
    });
    g.bench_function("afile text write", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    fresh(&path);
                    let start = Instant::now();
                    let mut f = afile::open_text(&path, "a").await.unwrap();
                    for line in &lines {
                        f.write(line).await.unwrap();
                    }
                    f.close().await.unwrap();
                    total += start.elapsed();
                }
                total
            })
        })
    });
    g.bench_function("afile binary write", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    fresh(&path);
                    let start = Instant::now();
                    let mut f = afile::open(&path, "ab").await.unwrap();
                    for line in &lines {
                        f.write(line.as_bytes()).await.unwrap();
                    }
                    f.close().await.unwrap();
                    total += start.elapsed();
                }
                total
            })
        })
    });
    g.bench_function("tokio BufWriter", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    fresh(&path);
                    let start = Instant::now();
                    let f =
                        tokio::fs::OpenOptions::new().append(true).create(true).open(&path).await.unwrap();
                    let mut w = tokio::io::BufWriter::new(f);
                    for line in &lines {
                        w.write_all(line.as_bytes()).await.unwrap();
                    }
                    w.flush().await.unwrap();
                    drop(w);
                    total += start.elapsed();
                }
                total
            })
        })
    });
    g.finish();
}

/// The `tempfile` crate's durable save: a named file in the target's
/// directory, the data, `fsync`, `persist` (rename), the directory `fsync`.
fn tempfile_save(path: &Path, data: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().expect("a parent");
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(data)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    std::fs::File::open(dir)?.sync_all()
}

/// One durable atomic save of 4 KiB over an existing file in `dir`, per
/// iteration.
fn atomic_saves(c: &mut Criterion, group: &str, dir: &Path) {
    let rt = runtime();
    let data: Vec<u8> = (0..4096).map(|i| (i % 251) as u8).collect();
    let target = dir.join("state.json");
    std::fs::write(&target, &data).unwrap();
    let mut g = c.benchmark_group(group);
    g.throughput(Throughput::Elements(1)).sample_size(10).measurement_time(Duration::from_secs(5));
    g.bench_function("std tempfile save in spawn_blocking", |b| {
        b.to_async(&rt).iter(|| {
            let (target, data) = (target.clone(), data.clone());
            async move {
                tokio::task::spawn_blocking(move || tempfile_save(&target, &data)).await.unwrap().unwrap()
            }
        })
    });
    g.bench_function("afile atomic_write", |b| {
        b.to_async(&rt).iter(|| async { afile::atomic_write(&target, &data).await.unwrap() })
    });
    g.bench_function("tempfile save sync", |b| b.iter(|| tempfile_save(&target, &data).unwrap()));
    g.finish();
}

fn atomic_ext4(c: &mut Criterion) {
    let dir = scratch().join("atomic");
    std::fs::create_dir_all(&dir).unwrap();
    atomic_saves(c, "atomic_save_ext4", &dir);
}

/// A tmpfs mounted in a temporary directory for the run (root only).
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount() -> Option<Self> {
        let dir = scratch().join("tmpfs");
        std::fs::create_dir_all(&dir).ok()?;
        let status = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=64m", "afile-bench"])
            .arg(&dir)
            .stderr(std::process::Stdio::null())
            .status();
        match status {
            Ok(s) if s.success() => Some(Self(dir)),
            _ => None,
        }
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

fn atomic_tmpfs(c: &mut Criterion) {
    let Some(tmpfs) = Tmpfs::mount() else {
        println!("atomic_save_tmpfs: skipped, cannot mount a tmpfs (needs root)");
        return;
    };
    atomic_saves(c, "atomic_save_tmpfs", &tmpfs.0);
}

criterion_group!(benches, append_lines, atomic_ext4, atomic_tmpfs);
criterion_main!(benches);
