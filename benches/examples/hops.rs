//! Executor hops and system calls per operation where files are born and
//! die (issue 18): `hops <op> <count>` runs `count` operations and prints
//! how many executor hops they took (afile labels each with a tracing span;
//! a subscriber here counts them). Run under `strace -c -f` with two counts
//! and divide the difference in system calls by the difference in counts:
//!
//! ```text
//! cargo run --release -p afile-benches --example hops -- open-read-close 1000
//! strace -c -f target/release/examples/hops open-read-close 2000
//! ```
//!
//! Ops: `std-read`, `afile-read`, `open-read-close`, `append-text`,
//! `append-binary`, `std-append`, `named-temp`, `named-temp-close`,
//! `std-named-temp`, `unnamed-temp`, `unnamed-temp-close`,
//! `std-unnamed-temp`, `atomic-write`, `std-atomic-save`, `spool` (a 474 KiB
//! report through `tokio::io::copy` into a spooled file of 64 KiB `max_size`,
//! read back).

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Counts the spans afile opens per executor operation (`afile`, `op = …`).
#[derive(Default)]
struct Hops {
    next: AtomicU64,
    by_op: Mutex<BTreeMap<String, u64>>,
}

struct OpName(String);

impl tracing::field::Visit for OpName {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        if field.name() == "op" {
            self.0 = value.to_owned();
        }
    }
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        if field.name() == "op" {
            self.0 = format!("{value:?}").trim_matches('"').to_owned();
        }
    }
}

impl Subscriber for Hops {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.name() == "afile"
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut name = OpName(String::new());
        span.record(&mut name);
        *self.by_op.lock().expect("lock").entry(name.0).or_default() += 1;
        Id::from_u64(self.next.fetch_add(1, Ordering::Relaxed) + 1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, _: &Event<'_>) {}
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

static HOPS: std::sync::OnceLock<&'static Hops> = std::sync::OnceLock::new();

fn main() {
    let hops: &'static Hops = Box::leak(Box::default());
    HOPS.set(hops).ok();
    tracing::subscriber::set_global_default(ForwardTo(hops)).expect("subscriber");
    let mut args = std::env::args().skip(1);
    let op = args.next().unwrap_or_default();
    let count: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(1000);
    let dir = afile_benches::scratch().join("hops");
    std::fs::create_dir_all(&dir).expect("dir");
    let reads = ["std-read", "afile-read", "open-read-close"].contains(&op.as_str());
    let files = if reads { afile_benches::small_files("hops-small", 2000, 4096) } else { Vec::new() };
    let rt = afile_benches::runtime();
    let data = vec![b'x'; 100];
    let line = "2026-12-01T10:00:00Z INFO id=00000000 served in 3ms ok.....\n";
    rt.block_on(async {
        match op.as_str() {
            "std-read" => {
                for i in 0..count {
                    assert_eq!(std::fs::read(&files[i % files.len()]).expect("read").len(), 4096);
                }
            }
            "afile-read" => {
                for i in 0..count {
                    assert_eq!(afile::read(&files[i % files.len()]).await.expect("read").len(), 4096);
                }
            }
            "open-read-close" => {
                for i in 0..count {
                    let mut f = afile::open(&files[i % files.len()], "rb").await.expect("open");
                    assert_eq!(f.read(None).await.expect("read").len(), 4096);
                    f.close().await.expect("close");
                }
            }
            "append-text" => {
                let mut f = afile::open_text(dir.join("a.log"), "a").await.expect("open");
                for _ in 0..count {
                    f.write(line).await.expect("write");
                }
                f.close().await.expect("close");
            }
            "append-binary" => {
                let mut f = afile::open(dir.join("b.log"), "ab").await.expect("open");
                for _ in 0..count {
                    f.write(line.as_bytes()).await.expect("write");
                }
                f.close().await.expect("close");
            }
            "std-append" => {
                let f =
                    std::fs::File::options().append(true).create(true).open(dir.join("s.log")).expect("open");
                let mut w = std::io::BufWriter::new(f);
                for _ in 0..count {
                    w.write_all(line.as_bytes()).expect("write");
                }
                w.flush().expect("flush");
            }
            "named-temp" | "named-temp-close" => {
                for _ in 0..count {
                    let mut f =
                        afile::tempfile::NamedTemporaryFile::builder().dir(&dir).await.expect("create");
                    f.write(&data).await.expect("write");
                    if op == "named-temp-close" {
                        f.close().await.expect("close");
                    }
                }
            }
            "std-named-temp" => {
                for _ in 0..count {
                    let mut f = tempfile::NamedTempFile::new_in(&dir).expect("create");
                    f.write_all(&data).expect("write");
                    f.close().expect("close");
                }
            }
            "unnamed-temp" | "unnamed-temp-close" => {
                for _ in 0..count {
                    let mut f = afile::tempfile::TemporaryFile::builder().dir(&dir).await.expect("create");
                    f.write(&data).await.expect("write");
                    if op == "unnamed-temp-close" {
                        f.close().await.expect("close");
                    }
                }
            }
            "std-unnamed-temp" => {
                for _ in 0..count {
                    let mut f = tempfile::tempfile_in(&dir).expect("create");
                    f.write_all(&data).expect("write");
                }
            }
            "atomic-write" => {
                let target = dir.join("state.json");
                std::fs::write(&target, b"old").expect("old");
                for _ in 0..count {
                    afile::atomic_write(&target, &data).await.expect("save");
                }
            }
            "std-atomic-save" => {
                let target = dir.join("state.json");
                for _ in 0..count {
                    let mut tmp = tempfile::NamedTempFile::new_in(&dir).expect("create");
                    tmp.write_all(&data).expect("write");
                    tmp.as_file().sync_all().expect("sync");
                    tmp.persist(&target).expect("persist");
                    std::fs::File::open(&dir).and_then(|d| d.sync_all()).expect("dir sync");
                }
            }
            "spool" => {
                use tokio::io::AsyncReadExt;
                let report = vec![b'r'; 474 << 10];
                for _ in 0..count {
                    let mut upload = afile::tempfile::SpooledTemporaryFile::builder()
                        .max_size(64 << 10)
                        .await
                        .expect("spool");
                    tokio::io::copy(&mut report.as_slice(), &mut upload).await.expect("copy");
                    upload.seek(std::io::SeekFrom::Start(0)).await.expect("seek");
                    let mut sent = Vec::new();
                    upload.read_to_end(&mut sent).await.expect("read back");
                    assert_eq!(sent.len(), report.len());
                }
            }
            other => panic!("unknown op {other:?}"),
        }
    });
    let by_op = hops.by_op.lock().expect("lock");
    let total: u64 = by_op.values().sum();
    println!("{op} x{count}: {:.2} hops each {:?}", total as f64 / count as f64, *by_op);
}

/// A `'static` reference as the global subscriber.
struct ForwardTo(&'static Hops);

impl Subscriber for ForwardTo {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        self.0.enabled(metadata)
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        self.0.new_span(span)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, _: &Event<'_>) {}
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}
