//! The test file system itself: it serves files, stalls and fails on
//! demand, and leaves no mount behind, even with a file still open.

// FUSE, and the in-task rules it checks, are Linux's: nothing to build elsewhere.
#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used)] // tests may unwrap

use std::io::{Read, Write};
use std::os::unix::fs::FileExt;
use std::time::{Duration, Instant};

use afile_testfs::{Op, TestFs};

fn is_mounted(path: &std::path::Path) -> bool {
    let mounts = std::fs::read_to_string("/proc/self/mountinfo").unwrap();
    let path = path.to_str().unwrap();
    mounts.lines().any(|l| l.split(' ').nth(4) == Some(path))
}

#[test]
fn serves_reads_and_writes() {
    let dir = tempfile::tempdir().unwrap();
    let Some(fs) = TestFs::mount_or_skip(dir.path(), "serves_reads_and_writes") else { return };
    fs.insert("a", b"hello".to_vec());
    assert_eq!(std::fs::read(fs.path().join("a")).unwrap(), b"hello");
    std::fs::write(fs.path().join("b"), b"new file").unwrap();
    assert_eq!(fs.contents("b").unwrap(), b"new file");
    let mut f = std::fs::OpenOptions::new().read(true).write(true).open(fs.path().join("b")).unwrap();
    f.write_all_at(b"NEW", 0).unwrap();
    f.set_len(5).unwrap();
    let mut back = String::new();
    f.read_to_string(&mut back).unwrap();
    assert_eq!(back, "NEW f");
    assert!(fs.calls(Op::Write) >= 2 && fs.calls(Op::Setattr) >= 1);
}

#[test]
fn fails_the_nth_call_and_every_call_with_the_errno_asked() {
    let dir = tempfile::tempdir().unwrap();
    let Some(fs) = TestFs::mount_direct_io_or_skip(dir.path(), "fails_the_nth_call") else { return };
    fs.insert("a", vec![7; 100]);
    let f = std::fs::File::open(fs.path().join("a")).unwrap();
    fs.fail_nth(Op::Read, 2, libc::ENOLINK);
    let mut buf = [0; 10];
    assert_eq!(f.read_at(&mut buf, 0).unwrap(), 10);
    assert_eq!(f.read_at(&mut buf, 10).unwrap_err().raw_os_error(), Some(libc::ENOLINK));
    assert_eq!(f.read_at(&mut buf, 20).unwrap(), 10);
    fs.fail_every(Op::Write, libc::EDQUOT);
    let mut w = std::fs::OpenOptions::new().write(true).open(fs.path().join("a")).unwrap();
    for _ in 0..2 {
        assert_eq!(w.write(b"x").unwrap_err().raw_os_error(), Some(libc::EDQUOT));
    }
    fs.reset(Op::Write);
    w.write_all(b"x").unwrap();
    fs.fail_nth(Op::Flush, 1, libc::EIO);
    let fd = std::os::fd::IntoRawFd::into_raw_fd(w);
    // SAFETY: `fd` was just taken from the file, so it is open and owned here.
    let rc = unsafe { libc::close(fd) };
    let err = std::io::Error::last_os_error();
    assert_eq!((rc, err.raw_os_error()), (-1, Some(libc::EIO)), "close(2) reports the flush error");
    assert_eq!((fs.failures(Op::Read), fs.failures(Op::Write), fs.failures(Op::Flush)), (1, 2, 1));
}

#[test]
fn a_stall_holds_only_its_own_request() {
    let dir = tempfile::tempdir().unwrap();
    let Some(fs) = TestFs::mount_direct_io_or_skip(dir.path(), "a_stall_holds_only_its_own_request") else {
        return;
    };
    fs.insert("slow", vec![1; 10]);
    fs.insert("fast", vec![2; 10]);
    let slow = std::fs::File::open(fs.path().join("slow")).unwrap();
    fs.stall(Op::Read, Duration::from_millis(300));
    let t = Instant::now();
    let reader = std::thread::spawn(move || {
        let mut b = [0; 10];
        slow.read_at(&mut b, 0).unwrap()
    });
    std::thread::sleep(Duration::from_millis(20));
    // Another file's open and metadata are answered during the stall.
    let opened = Instant::now();
    let fast = std::fs::File::open(fs.path().join("fast")).unwrap();
    assert_eq!(fast.metadata().unwrap().len(), 10);
    assert!(opened.elapsed() < Duration::from_millis(150), "{:?}", opened.elapsed());
    assert_eq!(reader.join().unwrap(), 10);
    assert!(t.elapsed() >= Duration::from_millis(300));
}

#[test]
fn drop_unmounts_even_with_a_file_open_and_a_request_stalled() {
    let dir = tempfile::tempdir().unwrap();
    let Some(fs) = TestFs::mount_direct_io_or_skip(dir.path(), "drop_unmounts") else { return };
    let mnt = fs.path().to_owned();
    fs.insert("a", vec![1; 10]);
    let open = std::fs::File::open(mnt.join("a")).unwrap();
    assert!(is_mounted(&mnt));
    fs.stall(Op::Read, Duration::from_secs(60));
    let stuck = std::thread::spawn(move || {
        let mut b = [0; 10];
        open.read_at(&mut b, 0).map(|_| ())
    });
    std::thread::sleep(Duration::from_millis(50));
    let t = Instant::now();
    drop(fs);
    assert!(!is_mounted(&mnt), "still mounted after drop");
    // The stalled request is released rather than left for a minute.
    let _ = stuck.join().unwrap();
    assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
    dir.close().unwrap();
}
