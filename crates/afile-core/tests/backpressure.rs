//! Backpressure on a failing file: once a background write has failed, a
//! `write` that would grow the unwritten bytes beyond the buffer size tries
//! them again first and fails if they still cannot go out, so memory stays
//! within the buffer size plus one write whatever the caller does (CPython's
//! `BufferedWriter` raises on every such write). An unbuffered write that
//! fails keeps nothing.
//!
//! One test in its own binary, so that the process's peak memory (`VmHWM`)
//! measures this test alone.

use std::path::Path;
use std::process::Command;

const WRITE: usize = 3 << 20;
const WRITES: usize = 60;
/// Room for the caller's buffer, the pending bytes, one write in flight and
/// the allocator's slack. Without backpressure the process grew by 90 MiB
/// (buffered) and 183 MiB (unbuffered) here.
const BOUND: u64 = 4 * WRITE as u64;

fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("read /proc/self/status");
    let line = status.lines().find(|l| l.starts_with(field)).expect("field in /proc/self/status");
    line.split_whitespace().nth(1).and_then(|v| v.parse().ok()).expect("a number of kB")
}

/// Sixty 3 MiB writes to `path` with `buffering`; returns the outcomes
/// (`None` for Ok, the errno otherwise) and the growth of the process's
/// peak memory in bytes.
async fn hammer(path: &Path, mode: &str, buffering: isize) -> (Vec<Option<i32>>, u64) {
    let data = vec![b'x'; WRITE];
    // Reset the peak to the current size (Linux 4.0+), so each run is measured alone.
    std::fs::write("/proc/self/clear_refs", "5").expect("reset VmHWM");
    let before = status_kib("VmHWM:");
    let mut f = afile_core::open(path, mode).buffering(buffering).await.expect("open");
    let mut outcomes = Vec::new();
    for _ in 0..WRITES {
        outcomes.push(f.write(&data).await.err().map(|e| e.errno().unwrap_or(-1)));
    }
    let close = f.close().await;
    assert!(close.is_err() || buffering == 0, "close with unwritten bytes must fail: {close:?}");
    let grew = (status_kib("VmHWM:") - before) * 1024;
    (outcomes, grew)
}

fn check(label: &str, outcomes: &[Option<i32>], grew: u64, buffering: isize) {
    let errors = outcomes.iter().filter(|o| o.is_some()).count();
    let first = outcomes.iter().position(Option::is_some).expect("at least one error");
    let accepted_after = outcomes[first..].iter().filter(|o| o.is_none()).count();
    println!(
        "{label}: {errors} errors, {accepted_after} accepted after the first, peak grew {} KiB",
        grew / 1024
    );
    assert!(outcomes.iter().flatten().all(|&e| e == libc_enospc()), "{label}: {outcomes:?}");
    assert_eq!(accepted_after, 0, "{label}: every write after the first failure fails: {outcomes:?}");
    if buffering == 0 {
        assert_eq!(errors, WRITES, "{label}: every unbuffered write fails");
    } else {
        // Write-behind: the first write is accepted, its failure is reported
        // by the second, and every later one fails again.
        assert_eq!(first, 1, "{label}: {outcomes:?}");
    }
    assert!(grew <= BOUND, "{label}: memory grew by {grew} bytes, more than {BOUND}");
}

fn libc_enospc() -> i32 {
    rustix::io::Errno::NOSPC.raw_os_error()
}

/// A 1 MiB tmpfs mounted in the test's own directory, unmounted on drop.
struct Tmpfs<'a>(&'a Path);

impl<'a> Tmpfs<'a> {
    fn mount(dir: &'a Path) -> Option<Self> {
        if !rustix::process::geteuid().is_root() {
            println!("skipped the full-tmpfs half: mounting a tmpfs needs root");
            return None;
        }
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=1m", "afile-test", &dir.to_string_lossy()])
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        if !ok {
            println!("skipped the full-tmpfs half: `mount -t tmpfs` failed");
            return None;
        }
        Some(Self(dir))
    }
}

impl Drop for Tmpfs<'_> {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.0).status();
    }
}

#[test]
fn a_failing_file_keeps_at_most_one_buffer_and_fails_every_later_write() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).build().expect("runtime");
    rt.block_on(async {
        for buffering in [-1, 8192, 0] {
            let (outcomes, grew) = hammer(Path::new("/dev/full"), "wb", buffering).await;
            check(&format!("/dev/full buffering={buffering}"), &outcomes, grew, buffering);
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let mnt = dir.path().join("mnt");
        std::fs::create_dir(&mnt).expect("mkdir");
        let Some(_tmpfs) = Tmpfs::mount(&mnt) else { return };
        // Fill it to the last byte.
        let fill = std::fs::write(mnt.join("fill"), vec![0u8; 2 << 20]);
        assert_eq!(fill.err().and_then(|e| e.raw_os_error()), Some(libc_enospc()));
        for buffering in [-1, 8192, 0] {
            let path = mnt.join(format!("victim{buffering}"));
            let (outcomes, grew) = hammer(&path, "wb", buffering).await;
            check(&format!("full tmpfs buffering={buffering}"), &outcomes, grew, buffering);
            assert_eq!(std::fs::metadata(&path).expect("stat").len(), 0, "nothing fits on a full tmpfs");
        }
    });
}
