//! Every failure point, tested (the SQLite way): each script runs once to
//! count its fault points, then once per point with exactly that operation
//! failing (`EIO`). After each run: the error reached the caller (or, for a
//! drop, nothing panicked), every file holds a prefix of the bytes `write`
//! accepted (nothing written twice or out of order), nothing accepted was
//! lost without an error, no descriptor leaked and no temp file was left.
//!
//! The only test in its binary, so the descriptors counted in
//! `/proc/self/fd` are this script's.

use std::future::{Future, poll_fn};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::time::{Duration, Instant};

use afile::testing::{Faults, errno};
use futures_core::Stream;

/// What a script tells the checker.
#[derive(Default)]
struct Log {
    /// Per file written: the bytes `write` accepted, in order.
    accepted: Vec<(PathBuf, Vec<u8>)>,
    /// The bytes of the write in progress: a line-buffered text write whose
    /// flush fails has its bytes accepted by the buffer all the same (as in
    /// CPython), so they may reach the file after what was accepted.
    offered: Vec<u8>,
    /// The fault count when the script started dropping files unclosed:
    /// failures after it cannot reach the caller.
    drop_from: Option<u64>,
}

impl Log {
    fn file(&mut self, path: &Path) -> usize {
        self.accepted.push((path.to_path_buf(), Vec::new()));
        self.accepted.len() - 1
    }
}

type Script =
    for<'a> fn(&'a Ctx, &'a mut Log) -> Pin<Box<dyn Future<Output = afile::Result<()>> + Send + 'a>>;

/// Where a script works, and its plan (to mark the drop phase).
struct Ctx {
    out: PathBuf,
    tmp: PathBuf,
    plan: Faults,
}

/// A deterministic payload: distinct bytes so reordering shows.
fn payload(len: usize, seed: u8) -> Vec<u8> {
    (0..len).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed)).collect()
}

fn binary_writes<'a>(
    cx: &'a Ctx,
    log: &'a mut Log,
) -> Pin<Box<dyn Future<Output = afile::Result<()>> + Send + 'a>> {
    Box::pin(async move {
        for (n, buffering) in [-1isize, 0, 4096].into_iter().enumerate() {
            let path = cx.out.join(format!("bin{n}"));
            let id = log.file(&path);
            let mut f = afile::open(&path, "wb").buffering(buffering).await?;
            for (i, size) in [1usize, 100, 5000, 70_000, 3, 9000].into_iter().enumerate() {
                let data = payload(size, i as u8);
                f.write(&data).await?;
                log.accepted[id].1.extend_from_slice(&data);
                if i == 2 {
                    f.flush().await?;
                }
            }
            f.close().await?;
        }
        Ok(())
    })
}

fn text_writes<'a>(
    cx: &'a Ctx,
    log: &'a mut Log,
) -> Pin<Box<dyn Future<Output = afile::Result<()>> + Send + 'a>> {
    Box::pin(async move {
        for (n, buffering) in [-1isize, 1, 64].into_iter().enumerate() {
            let path = cx.out.join(format!("text{n}"));
            let id = log.file(&path);
            let mut t = afile::open_text(&path, "w").buffering(buffering).await?;
            for i in 0..40 {
                let line = format!("line {i} héllo wörld {}\n", "x".repeat(i * 7));
                log.offered = line.clone().into_bytes();
                t.write(&line).await?;
                log.accepted[id].1.extend_from_slice(line.as_bytes());
            }
            t.flush().await?;
            t.close().await?;
        }
        Ok(())
    })
}

fn drop_unclosed<'a>(
    cx: &'a Ctx,
    log: &'a mut Log,
) -> Pin<Box<dyn Future<Output = afile::Result<()>> + Send + 'a>> {
    Box::pin(async move {
        let path = cx.out.join("dropped");
        let id = log.file(&path);
        let mut f = afile::open(&path, "wb").buffering(8192).await?;
        // From here a write-behind failure may still be pending when the
        // file is dropped, and a drop cannot report it: it writes the bytes
        // again (or logs their loss).
        log.drop_from = Some(cx.plan.total());
        for i in 0..5 {
            let data = payload(3000, i);
            f.write(&data).await?;
            log.accepted[id].1.extend_from_slice(&data);
        }
        drop(f);
        Ok(())
    })
}

fn truncate_sync_read<'a>(
    cx: &'a Ctx,
    _log: &'a mut Log,
) -> Pin<Box<dyn Future<Output = afile::Result<()>> + Send + 'a>> {
    Box::pin(async move {
        let path = cx.out.join("trunc");
        let mut f = afile::open(&path, "w+b").await?;
        f.write(&payload(20_000, 7)).await?;
        assert_eq!(f.truncate(5000).await?, 5000);
        f.sync_all().await?;
        f.seek(std::io::SeekFrom::Start(0)).await?;
        let back = f.read(None).await?;
        assert_eq!(back, payload(5000, 7), "what a successful run reads back");
        f.close().await?;
        Ok(())
    })
}

fn temp_objects<'a>(
    cx: &'a Ctx,
    _log: &'a mut Log,
) -> Pin<Box<dyn Future<Output = afile::Result<()>> + Send + 'a>> {
    Box::pin(async move {
        use afile::tempfile::{
            NamedTemporaryFile, SpooledTemporaryFile, TemporaryDirectory, TemporaryFile, mkdtemp, mkstemp,
        };
        let mut named = NamedTemporaryFile::builder().dir(&cx.tmp).await?;
        named.write(b"named").await?;
        named.close().await?;
        let mut named_text = NamedTemporaryFile::builder().dir(&cx.tmp).text().await?;
        named_text.write("text").await?;
        named_text.flush().await?;
        drop(named_text); // cleanup by drop; nothing left to write in it
        let mut unnamed = TemporaryFile::builder().dir(&cx.tmp).await?;
        unnamed.write(b"unnamed").await?;
        unnamed.close().await?;
        let mut spooled = SpooledTemporaryFile::builder().max_size(10).dir(&cx.tmp).await?;
        spooled.write(b"more than ten bytes").await?;
        spooled.close().await?;
        let mut dir = TemporaryDirectory::builder().dir(&cx.tmp).await?;
        std::fs::write(dir.path().join("inside"), b"x")?;
        dir.cleanup().await?;
        let (mut file, path) = mkstemp().dir(&cx.tmp).await?;
        let closed = file.close().await;
        std::fs::remove_file(&path)?;
        closed?;
        let made = mkdtemp().dir(&cx.tmp).await?;
        std::fs::remove_dir(made)?;
        Ok(())
    })
}

fn os_calls<'a>(
    cx: &'a Ctx,
    log: &'a mut Log,
) -> Pin<Box<dyn Future<Output = afile::Result<()>> + Send + 'a>> {
    Box::pin(async move {
        let src = cx.out.join("src");
        std::fs::write(&src, payload(50_000, 3))?;
        let copy = cx.out.join("copy");
        let id = log.file(&copy);
        afile::os::copyfile(&src, &copy).await?;
        log.accepted[id].1 = payload(50_000, 3);
        let moved = cx.out.join("moved");
        afile::os::rename(&copy, &moved).await?;
        log.accepted[id].0 = moved;
        let mut entries = afile::os::scandir(&cx.out);
        let mut names = 0;
        while let Some(entry) = poll_fn(|c| Pin::new(&mut entries).poll_next(c)).await {
            entry?;
            names += 1;
        }
        assert!(names >= 2);
        Ok(())
    })
}

/// An atomic save, in one call, streamed, and in text form: whatever
/// fails, an `Err` other than [`afile::Error::Committed`] leaves the old
/// bytes in the target and `Committed` (or `Ok`) means the new ones are
/// there, whole; nothing else is left in the directory.
fn atomic_saves<'a>(
    cx: &'a Ctx,
    _log: &'a mut Log,
) -> Pin<Box<dyn Future<Output = afile::Result<()>> + Send + 'a>> {
    Box::pin(async move {
        let target = cx.out.join("target");
        let old = payload(3000, 1);
        std::fs::write(&target, &old)?;
        let check = |res: &afile::Result<()>, before: &[u8], after: &[u8]| {
            let now = std::fs::read(&target).expect("the target is never missing");
            let expected = match res {
                Ok(()) | Err(afile::Error::Committed { .. }) => after,
                Err(_) => before,
            };
            assert!(now == expected, "after {res:?} the target does not hold what the result says");
            let names: Vec<_> =
                std::fs::read_dir(&cx.out).expect("out dir").flatten().map(|e| e.file_name()).collect();
            assert_eq!(names, ["target"], "an atomic save left something beside its target");
        };
        let one_call = payload(70_000, 2);
        let res = afile::atomic_write(&target, &one_call).await;
        check(&res, &old, &one_call);
        res?;
        let streamed = payload(90_000, 3);
        let res = async {
            let mut f = afile::AtomicWrite::new(&target).open().await?;
            for chunk in streamed.chunks(30_000) {
                f.write(chunk).await?;
            }
            f.commit().await
        }
        .await;
        check(&res, &one_call, &streamed);
        res?;
        let text = "na\u{ef}ve text\n".repeat(500);
        let res = async {
            let mut f = afile::AtomicWrite::new(&target).text().encoding("latin-1").open().await?;
            f.write(&text).await?;
            f.commit().await
        }
        .await;
        let latin1: Vec<u8> = text.chars().map(|c| c as u32 as u8).collect();
        check(&res, &streamed, &latin1);
        res
    })
}

const SCRIPTS: [(&str, Script); 7] = [
    ("binary writes", binary_writes),
    ("text writes", text_writes),
    ("drop unclosed", drop_unclosed),
    ("truncate, sync_all, read", truncate_sync_read),
    ("temp objects", temp_objects),
    ("copyfile, rename, scandir", os_calls),
    ("atomic_write, AtomicWrite and its text form", atomic_saves),
];

/// Most unnamed files the temp-file reserve keeps open per directory.
const RESERVE: usize = 8;

/// The descriptors open, not counting the temp-file reserve (unnamed files
/// in a temp directory, shown as `#inode (deleted)`), and that reserve.
fn fds() -> (usize, usize) {
    let (mut other, mut reserve) = (0, 0);
    for entry in std::fs::read_dir("/proc/self/fd").into_iter().flatten().flatten() {
        let target = std::fs::read_link(entry.path()).unwrap_or_default();
        let text = target.to_string_lossy();
        if text.contains("/tmp/#") && text.ends_with("(deleted)") {
            reserve += 1;
        } else {
            other += 1;
        }
    }
    (other, reserve)
}

fn fd_count() -> usize {
    fds().0
}

/// Waits (up to 2 s) for background work (a reserve refill, a dropped
/// scandir batch) to settle back to `baseline` descriptors.
fn settled_fds(baseline: usize) -> usize {
    let start = Instant::now();
    loop {
        let now = fd_count();
        if now <= baseline || start.elapsed() > Duration::from_secs(2) {
            return now;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[derive(Default, Debug)]
struct Tally {
    points: u64,
    runs: u64,
    operations: u64,
    inconsistencies: Vec<String>,
    bytes_lost: u64,
    fds_leaked: usize,
    temps_left: usize,
    drop_failures: u64,
}

fn check_files(log: &Log, script_ok: bool, tally: &mut Tally, label: &str) {
    for (n, (path, accepted)) in log.accepted.iter().enumerate() {
        let on_disk = std::fs::read(path).unwrap_or_default();
        let mut allowed = accepted.clone();
        if n + 1 == log.accepted.len() {
            allowed.extend_from_slice(&log.offered);
        }
        if !allowed.starts_with(&on_disk) {
            let same = on_disk.iter().zip(accepted).take_while(|(a, b)| a == b).count();
            tally.inconsistencies.push(format!(
                "{label}: {} is not a prefix of what was accepted ({} on disk, {} accepted, equal for {same})",
                path.display(),
                on_disk.len(),
                accepted.len()
            ));
        }
        if script_ok && on_disk.len() < accepted.len() {
            tally.bytes_lost += (accepted.len() - on_disk.len()) as u64;
        }
    }
}

async fn run_once(script: Script, cx: &Ctx) -> (afile::Result<()>, Log) {
    let mut log = Log::default();
    let outcome = cx.plan.scope(script(cx, &mut log)).await;
    (outcome, log)
}

#[test]
fn every_failure_point_surfaces_and_leaves_nothing_behind() {
    let rt =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let root = tempfile::tempdir().expect("tempdir");
    let mut tally = Tally::default();
    let started = Instant::now();
    rt.block_on(async {
        for (name, script) in SCRIPTS {
            let out = root.path().join("out");
            let tmp = root.path().join("tmp");
            let fresh = || {
                let _ = std::fs::remove_dir_all(&out);
                std::fs::create_dir_all(&out).expect("out dir");
                std::fs::create_dir_all(&tmp).expect("tmp dir");
            };
            // Warm-up: the temp-file reserve and the runtime's threads reach
            // their steady number of descriptors.
            fresh();
            let counting = Ctx { out: out.clone(), tmp: tmp.clone(), plan: Faults::new() };
            let (res, _) = run_once(script, &counting).await;
            res.unwrap_or_else(|e| panic!("{name}: the clean run failed: {e}"));
            fresh();
            let _ = settled_fds(0);
            let counting = Ctx { out: out.clone(), tmp: tmp.clone(), plan: Faults::new() };
            let baseline = fd_count();
            let (res, log) = run_once(script, &counting).await;
            res.unwrap_or_else(|e| panic!("{name}: the clean run failed: {e}"));
            check_files(&log, true, &mut tally, name);
            let points = counting.plan.total();
            tally.operations += points;
            assert!(points > 0, "{name}: no fault points");
            let _ = settled_fds(baseline);
            for point in 1..=points {
                fresh();
                let baseline = fd_count();
                let cx = Ctx {
                    out: out.clone(),
                    tmp: tmp.clone(),
                    plan: Faults::new().fail_any(point, errno::EIO),
                };
                let (res, log) = run_once(script, &cx).await;
                tally.runs += 1;
                tally.operations += cx.plan.total();
                let label = format!("{name}, point {point}");
                let injected = cx.plan.injected() == 1;
                if injected {
                    tally.points += 1;
                }
                let in_drop = log.drop_from.is_some_and(|from| point > from);
                match (&res, injected, in_drop) {
                    (Err(e), true, _) if e.errno() == Some(errno::EIO) => {}
                    (Ok(()), true, true) => tally.drop_failures += 1,
                    (Ok(()), false, _) => {}
                    other => tally.inconsistencies.push(format!("{label}: outcome {:?}", other.0)),
                }
                check_files(&log, res.is_ok() && !in_drop, &mut tally, &label);
                let now = settled_fds(baseline);
                if now > baseline {
                    tally.inconsistencies.push(format!("{label}: {} descriptors leaked", now - baseline));
                    tally.fds_leaked += now - baseline;
                }
                let reserve = fds().1;
                if reserve > RESERVE {
                    tally.inconsistencies.push(format!("{label}: {reserve} unnamed temp files open"));
                    tally.fds_leaked += reserve - RESERVE;
                }
                let left = std::fs::read_dir(&tmp).map(|d| d.count()).unwrap_or(0);
                if left > 0 {
                    tally.inconsistencies.push(format!("{label}: {left} temp entries left"));
                    tally.temps_left += left;
                    let _ = std::fs::remove_dir_all(&tmp);
                }
            }
        }
    });
    println!(
        "failure points covered: {}, scripts: {}, runs: {}, operations run: {}, inconsistencies: {}, \
         bytes lost: {}, fds leaked: {}, temp files left: {}, failures inside drop (logged, no panic): {}, in {:.1?}",
        tally.points,
        SCRIPTS.len(),
        tally.runs,
        tally.operations,
        tally.inconsistencies.len(),
        tally.bytes_lost,
        tally.fds_leaked,
        tally.temps_left,
        tally.drop_failures,
        started.elapsed()
    );
    assert!(tally.inconsistencies.is_empty(), "{:#?}", tally.inconsistencies);
    assert_eq!(tally.bytes_lost, 0);
    assert!(tally.points >= 100, "too few failure points covered: {}", tally.points);
}
