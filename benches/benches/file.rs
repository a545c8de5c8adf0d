//! afile's buffered `File` against std, tokio::fs and async-fs, each group in
//! one run. See docs/performance.md for what each group measures.

use std::io::{BufRead, Read, Seek, SeekFrom, Write};
use std::time::{Duration, Instant};

use afile_benches::{data_file, lines_file, random_blocks, runtime, small_files};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use futures_lite::{AsyncBufReadExt as _, AsyncWriteExt as _};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncSeekExt, AsyncWriteExt};

const MB: usize = 1 << 20;

/// Sums the byte counts `$read` returns until it returns 0 (end of file).
macro_rules! until_eof {
    ($read:expr) => {{
        let mut n = 0;
        loop {
            let got = $read;
            if got == 0 {
                break n;
            }
            n += got;
        }
    }};
}

/// `read(4)` per call on a 1 MB file, rewinding at end of file.
fn read4(c: &mut Criterion) {
    let path = data_file("read4.bin", 1_000_000);
    let rt = runtime();
    let mut g = c.benchmark_group("read4");
    g.throughput(Throughput::Elements(1)).sample_size(20).measurement_time(Duration::from_secs(3));
    g.bench_function("std BufReader", |b| {
        let mut f = std::io::BufReader::new(std::fs::File::open(&path).unwrap());
        let mut buf = [0u8; 4];
        b.iter(|| {
            if f.read_exact(&mut buf).is_err() {
                f.seek(SeekFrom::Start(0)).unwrap();
            }
            buf[0]
        })
    });
    g.bench_function("afile", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut f = afile::open(&path, "rb").await.unwrap();
                let start = Instant::now();
                for _ in 0..iters {
                    if f.read(4).await.unwrap().len() < 4 {
                        f.seek(SeekFrom::Start(0)).await.unwrap();
                    }
                }
                start.elapsed()
            })
        })
    });
    g.bench_function("afile readinto", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut f = afile::open(&path, "rb").await.unwrap();
                let mut buf = [0u8; 4];
                let start = Instant::now();
                for _ in 0..iters {
                    if f.readinto(&mut buf).await.unwrap() < 4 {
                        f.seek(SeekFrom::Start(0)).await.unwrap();
                    }
                }
                start.elapsed()
            })
        })
    });
    g.bench_function("tokio File", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut f = tokio::fs::File::open(&path).await.unwrap();
                let mut buf = [0u8; 4];
                let start = Instant::now();
                for _ in 0..iters {
                    if f.read_exact(&mut buf).await.is_err() {
                        f.seek(SeekFrom::Start(0)).await.unwrap();
                    }
                }
                start.elapsed()
            })
        })
    });
    g.bench_function("tokio BufReader", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut f = tokio::io::BufReader::new(tokio::fs::File::open(&path).await.unwrap());
                let mut buf = [0u8; 4];
                let start = Instant::now();
                for _ in 0..iters {
                    if f.read_exact(&mut buf).await.is_err() {
                        f.seek(SeekFrom::Start(0)).await.unwrap();
                    }
                }
                start.elapsed()
            })
        })
    });
    g.bench_function("async-fs BufReader", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut f = futures_lite::io::BufReader::new(async_fs::File::open(&path).await.unwrap());
                let mut buf = [0u8; 4];
                let start = Instant::now();
                for _ in 0..iters {
                    if futures_lite::AsyncReadExt::read_exact(&mut f, &mut buf).await.is_err() {
                        futures_lite::AsyncSeekExt::seek(&mut f, SeekFrom::Start(0)).await.unwrap();
                    }
                }
                start.elapsed()
            })
        })
    });
    g.finish();
}

/// Every line of a file of 80-byte lines.
fn lines(c: &mut Criterion) {
    let size = 200 * MB;
    let path = lines_file("lines.txt", size);
    let rt = runtime();
    let mut g = c.benchmark_group("lines");
    g.throughput(Throughput::Bytes(size as u64)).sample_size(10).measurement_time(Duration::from_secs(8));
    g.bench_function("std BufReader read_line", |b| {
        b.iter(|| {
            let mut f = std::io::BufReader::new(std::fs::File::open(&path).unwrap());
            let (mut line, mut n) = (String::new(), 0usize);
            while f.read_line(&mut line).unwrap() > 0 {
                n += line.len();
                line.clear();
            }
            n
        })
    });
    g.bench_function("afile lines", |b| {
        b.to_async(&rt).iter(|| async {
            let mut f = afile::open(&path, "rb").await.unwrap();
            let mut lines = afile::File::lines(&mut f);
            let mut n = 0usize;
            while let Some(line) = lines.next().await {
                n += line.unwrap().len();
            }
            n
        })
    });
    g.bench_function("afile text lines utf-8", |b| {
        b.to_async(&rt).iter(|| async {
            let mut f = afile::open_text(&path, "r").await.unwrap();
            let mut lines = f.lines();
            let mut n = 0usize;
            while let Some(line) = lines.next().await {
                n += line.unwrap().len();
            }
            n
        })
    });
    g.bench_function("tokio BufReader lines", |b| {
        b.to_async(&rt).iter(|| async {
            let f = tokio::io::BufReader::new(tokio::fs::File::open(&path).await.unwrap());
            let mut lines = f.lines();
            let mut n = 0usize;
            while let Some(line) = lines.next_line().await.unwrap() {
                n += line.len() + 1;
            }
            n
        })
    });
    g.bench_function("async-fs BufReader read_line", |b| {
        b.to_async(&rt).iter(|| async {
            let mut f = futures_lite::io::BufReader::new(async_fs::File::open(&path).await.unwrap());
            let (mut line, mut n) = (String::new(), 0usize);
            while f.read_line(&mut line).await.unwrap() > 0 {
                n += line.len();
                line.clear();
            }
            n
        })
    });
    g.finish();
}

/// Sequential 1 MiB reads of a cached file.
fn seq_read(c: &mut Criterion) {
    let size = 512 * MB;
    let path = data_file("seq.bin", size);
    let rt = runtime();
    let mut g = c.benchmark_group("seq_read");
    g.throughput(Throughput::Bytes(size as u64)).sample_size(10).measurement_time(Duration::from_secs(8));
    g.bench_function("std read", |b| {
        let mut buf = vec![0u8; MB];
        b.iter(|| {
            let mut f = std::fs::File::open(&path).unwrap();
            until_eof!(f.read(&mut buf).unwrap())
        })
    });
    g.bench_function("afile read", |b| {
        b.to_async(&rt).iter(|| async {
            let mut f = afile::open(&path, "rb").await.unwrap();
            until_eof!(f.read(MB).await.unwrap().len())
        })
    });
    g.bench_function("afile readinto", |b| {
        let mut buf = vec![0u8; MB];
        b.iter(|| {
            rt.block_on(async {
                let mut f = afile::open(&path, "rb").await.unwrap();
                until_eof!(f.readinto(&mut buf).await.unwrap())
            })
        })
    });
    g.bench_function("tokio File", |b| {
        let mut buf = vec![0u8; MB];
        b.iter(|| {
            rt.block_on(async {
                let mut f = tokio::fs::File::open(&path).await.unwrap();
                until_eof!(f.read(&mut buf).await.unwrap())
            })
        })
    });
    g.bench_function("async-fs File", |b| {
        let mut buf = vec![0u8; MB];
        b.iter(|| {
            rt.block_on(async {
                let mut f = async_fs::File::open(&path).await.unwrap();
                until_eof!(futures_lite::AsyncReadExt::read(&mut f, &mut buf).await.unwrap())
            })
        })
    });
    g.finish();
}

/// 512 MB written as 64 KiB writes, then fsync.
fn seq_write(c: &mut Criterion) {
    let size = 512 * MB;
    let chunk = vec![7u8; 64 * 1024];
    let dir = afile_benches::scratch();
    let rt = runtime();
    let mut g = c.benchmark_group("seq_write");
    g.throughput(Throughput::Bytes(size as u64)).sample_size(10).measurement_time(Duration::from_secs(10));
    let path = dir.join("out.bin");
    g.bench_function("std write", |b| {
        b.iter(|| {
            let mut f = std::fs::File::create(&path).unwrap();
            for _ in 0..size / chunk.len() {
                f.write_all(&chunk).unwrap();
            }
            f.sync_all().unwrap();
        })
    });
    g.bench_function("afile write", |b| {
        b.to_async(&rt).iter(|| async {
            let mut f = afile::open(&path, "wb").await.unwrap();
            for _ in 0..size / chunk.len() {
                f.write(&chunk).await.unwrap();
            }
            f.sync_all().await.unwrap();
        })
    });
    g.bench_function("tokio File", |b| {
        b.to_async(&rt).iter(|| async {
            let mut f = tokio::fs::File::create(&path).await.unwrap();
            for _ in 0..size / chunk.len() {
                f.write_all(&chunk).await.unwrap();
            }
            f.flush().await.unwrap();
            f.sync_all().await.unwrap();
        })
    });
    g.bench_function("async-fs File", |b| {
        b.to_async(&rt).iter(|| async {
            let mut f = async_fs::File::create(&path).await.unwrap();
            for _ in 0..size / chunk.len() {
                f.write_all(&chunk).await.unwrap();
            }
            f.flush().await.unwrap();
            f.sync_all().await.unwrap();
        })
    });
    g.finish();
}

/// Random 4 KiB reads (a seek, then a read of 4096 bytes) over a cached
/// 256 MiB file.
fn random_read(c: &mut Criterion) {
    let size = 256 * MB;
    let path = data_file("random.bin", size);
    let offsets = random_blocks(size, 100_000);
    let rt = runtime();
    let mut g = c.benchmark_group("random_read");
    g.throughput(Throughput::Elements(1)).sample_size(20).measurement_time(Duration::from_secs(3));
    // The offset of the `i`th read.
    let at = |i: u64| offsets[i as usize % offsets.len()];
    g.bench_function("std seek+read_exact", |b| {
        let mut f = std::fs::File::open(&path).unwrap();
        let mut buf = vec![0u8; 4096];
        b.iter_custom(|iters| {
            let start = Instant::now();
            for i in 0..iters {
                f.seek(SeekFrom::Start(at(i))).unwrap();
                f.read_exact(&mut buf).unwrap();
            }
            start.elapsed()
        })
    });
    for (name, buffering) in [("afile", -1), ("afile buffering(0)", 0)] {
        g.bench_function(name, |b| {
            b.iter_custom(|iters| {
                rt.block_on(async {
                    let mut f = afile::open(&path, "rb").buffering(buffering).await.unwrap();
                    let start = Instant::now();
                    for i in 0..iters {
                        f.seek(SeekFrom::Start(at(i))).await.unwrap();
                        assert_eq!(f.read(4096).await.unwrap().len(), 4096);
                    }
                    start.elapsed()
                })
            })
        });
    }
    g.bench_function("afile readinto", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut f = afile::open(&path, "rb").await.unwrap();
                let mut buf = vec![0u8; 4096];
                let start = Instant::now();
                for i in 0..iters {
                    f.seek(SeekFrom::Start(at(i))).await.unwrap();
                    assert_eq!(f.readinto(&mut buf).await.unwrap(), 4096);
                }
                start.elapsed()
            })
        })
    });
    g.bench_function("tokio File", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut f = tokio::fs::File::open(&path).await.unwrap();
                let mut buf = vec![0u8; 4096];
                let start = Instant::now();
                for i in 0..iters {
                    f.seek(SeekFrom::Start(at(i))).await.unwrap();
                    f.read_exact(&mut buf).await.unwrap();
                }
                start.elapsed()
            })
        })
    });
    g.bench_function("async-fs File", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut f = async_fs::File::open(&path).await.unwrap();
                let mut buf = vec![0u8; 4096];
                let start = Instant::now();
                for i in 0..iters {
                    futures_lite::AsyncSeekExt::seek(&mut f, SeekFrom::Start(at(i))).await.unwrap();
                    futures_lite::AsyncReadExt::read_exact(&mut f, &mut buf).await.unwrap();
                }
                start.elapsed()
            })
        })
    });
    g.finish();
}

/// Open, read whole and close each of 10,000 cached 4 KiB files.
fn small_files_read(c: &mut Criterion) {
    let paths = small_files("small", 10_000, 4096);
    let rt = runtime();
    let mut g = c.benchmark_group("small_files");
    g.throughput(Throughput::Elements(1)).sample_size(20).measurement_time(Duration::from_secs(3));
    let path = |i: u64| &paths[i as usize % paths.len()];
    g.bench_function("std fs::read", |b| {
        b.iter_custom(|iters| {
            let start = Instant::now();
            for i in 0..iters {
                assert_eq!(std::fs::read(path(i)).unwrap().len(), 4096);
            }
            start.elapsed()
        })
    });
    g.bench_function("afile read", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let start = Instant::now();
                for i in 0..iters {
                    assert_eq!(afile::read(path(i)).await.unwrap().len(), 4096);
                }
                start.elapsed()
            })
        })
    });
    g.bench_function("afile open read(None)", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let start = Instant::now();
                for i in 0..iters {
                    let mut f = afile::open(path(i), "rb").await.unwrap();
                    assert_eq!(f.read(None).await.unwrap().len(), 4096);
                    f.close().await.unwrap();
                }
                start.elapsed()
            })
        })
    });
    g.bench_function("tokio fs::read", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let start = Instant::now();
                for i in 0..iters {
                    assert_eq!(tokio::fs::read(path(i)).await.unwrap().len(), 4096);
                }
                start.elapsed()
            })
        })
    });
    g.bench_function("async-fs read", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let start = Instant::now();
                for i in 0..iters {
                    assert_eq!(async_fs::read(path(i)).await.unwrap().len(), 4096);
                }
                start.elapsed()
            })
        })
    });
    g.finish();
}

/// `readline` over 512 KiB without a newline, with a 17-byte buffer.
fn readline_small_buffer(c: &mut Criterion) {
    let size = 512 * 1024;
    let path = afile_benches::scratch().join("noline.bin");
    std::fs::write(&path, vec![b'x'; size]).unwrap();
    let rt = runtime();
    let mut g = c.benchmark_group("readline17");
    g.throughput(Throughput::Bytes(size as u64)).sample_size(10).measurement_time(Duration::from_secs(3));
    g.bench_function("std BufReader(17) read_until", |b| {
        b.iter(|| {
            let mut f = std::io::BufReader::with_capacity(17, std::fs::File::open(&path).unwrap());
            let mut line = Vec::new();
            f.read_until(b'\n', &mut line).unwrap()
        })
    });
    g.bench_function("afile buffering(17) readline", |b| {
        b.to_async(&rt).iter(|| async {
            let mut f = afile::open(&path, "rb").buffering(17).await.unwrap();
            f.readline(None).await.unwrap().len()
        })
    });
    g.finish();
}

criterion_group!(
    benches,
    read4,
    random_read,
    small_files_read,
    readline_small_buffer,
    lines,
    seq_read,
    seq_write
);
criterion_main!(benches);
