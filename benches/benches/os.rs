//! afile-os's `scandir` + `stat` against std, tokio::fs and async-fs on a
//! 10,000-entry directory, in one run.

use std::time::Duration;

use afile_benches::{runtime, scratch};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use futures_lite::StreamExt;

const ENTRIES: usize = 10_000;

fn make_dir() -> std::path::PathBuf {
    let dir = scratch().join("tenk");
    if !dir.exists() {
        std::fs::create_dir(&dir).unwrap();
        for i in 0..ENTRIES {
            std::fs::write(dir.join(format!("entry-{i:05}")), [0u8; 16]).unwrap();
        }
    }
    dir
}

fn scandir_stat(c: &mut Criterion) {
    let dir = make_dir();
    let rt = runtime();
    let mut g = c.benchmark_group("scandir_stat");
    g.throughput(Throughput::Elements(ENTRIES as u64))
        .sample_size(10)
        .measurement_time(Duration::from_secs(6));
    g.bench_function("std read_dir+metadata", |b| {
        b.iter(|| {
            let mut total = 0;
            for e in std::fs::read_dir(&dir).unwrap() {
                total += e.unwrap().metadata().unwrap().len();
            }
            total
        })
    });
    g.bench_function("afile scandir+stat", |b| {
        b.to_async(&rt).iter(|| async {
            let mut entries = afile::os::scandir(&dir).prefetch_stat();
            let mut total = 0;
            while let Some(e) = entries.next().await {
                total += e.unwrap().stat(true).await.unwrap().len();
            }
            total
        })
    });
    // The `du` idiom (CPython's `stat(follow_symlinks=False)`): served from
    // the same batch as `stat(true)`.
    g.bench_function("afile scandir+stat(false)", |b| {
        b.to_async(&rt).iter(|| async {
            let mut entries = afile::os::scandir(&dir).prefetch_stat();
            let mut total = 0;
            while let Some(e) = entries.next().await {
                total += e.unwrap().stat(false).await.unwrap().len();
            }
            total
        })
    });
    g.bench_function("tokio read_dir+metadata", |b| {
        b.to_async(&rt).iter(|| async {
            let mut rd = tokio::fs::read_dir(&dir).await.unwrap();
            let mut total = 0;
            while let Some(e) = rd.next_entry().await.unwrap() {
                total += e.metadata().await.unwrap().len();
            }
            total
        })
    });
    g.bench_function("async-fs read_dir+metadata", |b| {
        b.to_async(&rt).iter(|| async {
            let mut rd = async_fs::read_dir(&dir).await.unwrap();
            let mut total = 0;
            while let Some(e) = rd.next().await {
                total += e.unwrap().metadata().await.unwrap().len();
            }
            total
        })
    });
    g.finish();
}

criterion_group!(benches, scandir_stat);
criterion_main!(benches);
