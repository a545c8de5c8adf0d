//! The whole-file helpers under issue 10's rule: `afile::read`,
//! `read_to_string` and `read_text` on a FUSE mount whose lookups, opens and
//! reads stall never make a request from the runtime thread (a cached local
//! file is read in the task; a FUSE file never is), and a ticker beside them
//! stays on time.

// FUSE, and the in-task rules it checks, are Linux's: nothing to build elsewhere.
#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used)] // tests may unwrap

mod common;

use std::time::{Duration, Instant};

use afile_testfs::{MountOptions, Op, TestFs};
use common::{Ticker, pattern, runtimes};

const STALL: Duration = Duration::from_millis(300);
const TICK: Duration = Duration::from_millis(5);
/// See `runtime_never_waits.rs`: half a stall, above a loaded machine's noise.
const MAX_LATENESS: Duration = Duration::from_millis(150);
/// `close(2)` sends `flush` and `release` from the closing thread.
const MAY_COME_FROM_THE_RUNTIME: [Op; 2] = [Op::Flush, Op::Release];

#[test]
fn whole_file_reads_on_a_stalled_mount_do_not_hold_the_runtime() {
    let dir = tempfile::tempdir().unwrap();
    let test = "whole_file_reads_on_a_stalled_mount_do_not_hold_the_runtime";
    // Names and attributes cached: the lookup succeeds from the cache, so
    // only the file system gate keeps the open off the runtime thread.
    let options = MountOptions { cache_ttl: Duration::from_secs(60), ..MountOptions::default() };
    let Some(fs) = TestFs::mount_with_or_skip(dir.path(), options, test) else { return };
    let data = pattern(10_000);
    fs.insert("data", data.clone());
    fs.insert("text", b"one\r\ntwo\n".to_vec());
    let path = fs.path().join("data");
    let text = fs.path().join("text");
    // Warm the names and the page cache before the stalls start, on a
    // thread of its own (a current-thread runtime runs on this one, and the
    // server records who asked).
    std::thread::scope(|s| {
        s.spawn(|| {
            assert!(std::fs::read(&path).unwrap() == data);
            assert_eq!(std::fs::read(&text).unwrap(), b"one\r\ntwo\n");
        });
    });
    for op in [Op::Lookup, Op::Open, Op::Read] {
        fs.stall(op, STALL);
    }
    for (flavour, rt) in runtimes() {
        let (ticks, took, runtime_thread) = rt.block_on(async {
            let runtime_thread = tokio::spawn(async { common::gettid() }).await.unwrap();
            let ticker = Ticker::start(TICK);
            let t = Instant::now();
            let (path, text, data) = (path.clone(), text.clone(), data.clone());
            tokio::spawn(async move {
                assert!(afile::read(&path).await.unwrap() == data);
                assert_eq!(afile::read_to_string(&text).await.unwrap(), "one\r\ntwo\n");
                assert_eq!(afile::read_text(&text).await.unwrap(), "one\ntwo\n");
            })
            .await
            .unwrap();
            (ticker.stop().await, t.elapsed(), runtime_thread)
        });
        let waited: Vec<Op> = Op::ALL
            .into_iter()
            .filter(|&op| {
                fs.requesters(op).contains(&runtime_thread) && !MAY_COME_FROM_THE_RUNTIME.contains(&op)
            })
            .collect();
        println!(
            "{flavour}: took {took:?}; worst lateness {:?}; runtime requests {waited:?}",
            ticks.worst_lateness
        );
        assert!(waited.is_empty(), "{flavour}: the runtime thread waited on the server for {waited:?}");
        assert!(took >= STALL, "{flavour}: the opens went to the server ({took:?})");
        assert!(
            ticks.worst_lateness < MAX_LATENESS,
            "{flavour}: a tick came {:?} late",
            ticks.worst_lateness
        );
    }
    assert!(fs.calls(Op::Open) > 0);
}
