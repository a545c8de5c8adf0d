//! `scandir(..).prefetch_stat()` serves `stat(false)` and `stat(true)` from
//! the batch: no executor hop per entry. Every executor operation opens a
//! tracing span named by its `op`; a global subscriber counts them. This
//! file holds one test, so its process sees no other test's operations.

#![allow(clippy::unwrap_used)] // tests may unwrap

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Counts executor operations by their `op` name.
#[derive(Clone, Default)]
struct OpCounter {
    ops: Arc<Mutex<HashMap<String, u64>>>,
    next_id: Arc<AtomicU64>,
}

struct OpName(Option<String>);

impl Visit for OpName {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "op" {
            self.0 = Some(value.to_owned());
        }
    }
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if field.name() == "op" {
            self.0 = Some(format!("{value:?}").trim_matches('"').to_owned());
        }
    }
}

impl Subscriber for OpCounter {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut name = OpName(None);
        span.record(&mut name);
        if let Some(op) = name.0 {
            *self.ops.lock().unwrap().entry(op).or_default() += 1;
        }
        Id::from_u64(self.next_id.fetch_add(1, Ordering::Relaxed) + 1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, _: &Event<'_>) {}
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

impl OpCounter {
    /// Operations other than the listing itself, since the last call.
    fn hops_besides_scandir(&self) -> u64 {
        let mut ops = self.ops.lock().unwrap();
        let n = ops.iter().filter(|(op, _)| op.as_str() != "scandir").map(|(_, n)| n).sum();
        ops.clear();
        n
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prefetched_stat_false_and_true_make_no_hop() {
    let counter = OpCounter::default();
    tracing::subscriber::set_global_default(counter.clone()).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for i in 0..600 {
        std::fs::write(root.join(format!("f{i:03}")), vec![0u8; i]).unwrap();
    }
    std::fs::create_dir(root.join("sub")).unwrap();
    std::os::unix::fs::symlink("f010", root.join("link-file")).unwrap();
    std::os::unix::fs::symlink("sub", root.join("link-dir")).unwrap();
    std::os::unix::fs::symlink("missing", root.join("link-broken")).unwrap();
    counter.hops_besides_scandir();

    let mut entries = afile_os::scandir(root).prefetch_stat();
    let (mut seen, mut bytes) = (0, 0);
    while let Some(entry) = entries.next().await {
        let entry = entry.unwrap();
        let name = entry.name().to_str().unwrap().to_owned();
        let own = entry.stat(false).await.unwrap();
        assert_eq!(own.file_type().is_symlink(), name.starts_with("link"), "{name}: lstat");
        if name != "link-broken" {
            let followed = entry.stat(true).await.unwrap();
            assert!(!followed.file_type().is_symlink(), "{name}: stat follows");
            assert_eq!(followed.is_dir(), name == "sub" || name == "link-dir", "{name}");
            assert_eq!(entry.is_dir(true).await, followed.is_dir());
        }
        assert_eq!(entry.is_file(false).await, name.starts_with('f'));
        if name.starts_with('f') {
            bytes += own.len();
        }
        seen += 1;
    }
    assert_eq!(seen, 604);
    assert_eq!(bytes, (0..600).sum::<u64>());
    assert_eq!(counter.hops_besides_scandir(), 0, "prefetched stats must not hop");

    // Without prefetch every stat(false) is a hop of its own: the counter
    // sees hops when there are some.
    let mut entries = afile_os::scandir(root);
    while let Some(entry) = entries.next().await {
        entry.unwrap().stat(false).await.unwrap();
    }
    assert_eq!(counter.hops_besides_scandir(), 604);

    // A prefetch that failed (the broken link, followed) is retried, to
    // report the error with its path.
    let mut entries = afile_os::scandir(root).prefetch_stat();
    while let Some(entry) = entries.next().await {
        let entry = entry.unwrap();
        if entry.name() == "link-broken" {
            let err = entry.stat(true).await.unwrap_err();
            assert!(err.to_string().starts_with("[Errno 2] No such file or directory"), "{err}");
        }
    }
    assert_eq!(counter.hops_besides_scandir(), 1);
}
