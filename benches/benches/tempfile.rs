//! Temporary files: create, write 100 bytes, delete — afile against the sync
//! `tempfile` crate and `async-tempfile`, in one run. Named files and unnamed
//! ones are separate groups, each with its own `std` (sync `tempfile`) limit.

use std::io::Write;
use std::time::Duration;

use afile_benches::{runtime, scratch};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const PAYLOAD: [u8; 100] = [b'x'; 100];

fn temp_create(c: &mut Criterion) {
    let dir = scratch().join("temps");
    std::fs::create_dir_all(&dir).unwrap();
    let rt = runtime();
    let mut g = c.benchmark_group("temp_named");
    g.throughput(Throughput::Elements(1)).sample_size(20).measurement_time(Duration::from_secs(5));
    g.bench_function("std tempfile NamedTempFile", |b| {
        b.iter(|| {
            let mut f = tempfile::NamedTempFile::new_in(&dir).unwrap();
            f.write_all(&PAYLOAD).unwrap();
            f.close().unwrap();
        })
    });
    g.bench_function("afile NamedTemporaryFile", |b| {
        b.to_async(&rt).iter(|| async {
            let mut f = afile::tempfile::NamedTemporaryFile::builder().dir(&dir).await.unwrap();
            f.write(&PAYLOAD).await.unwrap();
            drop(f);
        })
    });
    g.bench_function("afile NamedTemporaryFile close", |b| {
        b.to_async(&rt).iter(|| async {
            let mut f = afile::tempfile::NamedTemporaryFile::builder().dir(&dir).await.unwrap();
            f.write(&PAYLOAD).await.unwrap();
            f.close().await.unwrap();
        })
    });
    g.bench_function("async-tempfile TempFile", |b| {
        b.to_async(&rt).iter(|| async {
            use tokio::io::AsyncWriteExt;
            let mut f = async_tempfile::TempFile::new_in(dir.clone()).await.unwrap();
            f.write_all(&PAYLOAD).await.unwrap();
            f.flush().await.unwrap();
            drop(f);
        })
    });
    g.finish();

    let mut g = c.benchmark_group("temp_unnamed");
    g.throughput(Throughput::Elements(1)).sample_size(20).measurement_time(Duration::from_secs(5));
    g.bench_function("std tempfile tempfile()", |b| {
        b.iter(|| {
            let mut f = tempfile::tempfile_in(&dir).unwrap();
            f.write_all(&PAYLOAD).unwrap();
        })
    });
    g.bench_function("afile TemporaryFile", |b| {
        b.to_async(&rt).iter(|| async {
            let mut f = afile::tempfile::TemporaryFile::builder().dir(&dir).await.unwrap();
            f.write(&PAYLOAD).await.unwrap();
        })
    });
    g.bench_function("afile TemporaryFile close", |b| {
        b.to_async(&rt).iter(|| async {
            let mut f = afile::tempfile::TemporaryFile::builder().dir(&dir).await.unwrap();
            f.write(&PAYLOAD).await.unwrap();
            f.close().await.unwrap();
        })
    });
    g.finish();
}

criterion_group!(benches, temp_create);
criterion_main!(benches);
