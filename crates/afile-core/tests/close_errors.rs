//! `close()` reports what `close(2)` reports: a descriptor closed behind the
//! file's back gives `EBADF`, as CPython raises it.
//!
//! One test in its own binary, run on one thread: between closing the
//! descriptor behind afile's back and afile's own `close`, nothing else in
//! this process opens a file, so the number cannot be reused by someone else.

use std::os::fd::RawFd;

const EBADF: i32 = 9;

fn close_behind_the_back(fd: RawFd) {
    // SAFETY: the test owns the file that owns `fd`; closing it here is the
    // misuse under test, and the file's own close below must report it.
    unsafe { rustix::io::close(fd) };
}

fn is_open(fd: RawFd) -> bool {
    std::path::Path::new(&format!("/proc/self/fd/{fd}")).exists()
}

#[test]
fn close_reports_ebadf_for_a_descriptor_closed_behind_its_back() {
    let rt = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
    let dir = tempfile::tempdir().expect("tempdir");
    rt.block_on(async {
        for (mode, buffering) in [("wb", -1), ("wb", 0), ("rb", -1), ("r+b", 8192)] {
            let path = dir.path().join("f");
            std::fs::write(&path, b"abc").expect("write");
            let mut f = afile_core::open(&path, mode).buffering(buffering).await.expect("open");
            let fd = f.fileno().expect("fileno");
            close_behind_the_back(fd);
            let err = f.close().await.expect_err("close must report EBADF");
            assert_eq!(err.errno(), Some(EBADF), "{mode} {buffering}: {err}");
            assert_eq!(err.to_string(), "[Errno 9] Bad file descriptor");
            assert!(f.closed());
            f.close().await.expect("a second close does nothing");
        }

        // Pending bytes: the flush fails first with EBADF, as in CPython.
        let mut f = afile_core::open(dir.path().join("g"), "wb").await.expect("open");
        f.write(b"pending").await.expect("buffered");
        close_behind_the_back(f.fileno().expect("fileno"));
        assert_eq!(f.close().await.expect_err("EBADF").errno(), Some(EBADF));

        // TextFile::close surfaces it too.
        let mut t = afile_core::open_text(dir.path().join("t"), "w").await.expect("open_text");
        t.write("text").await.expect("buffered");
        t.flush().await.expect("flush");
        close_behind_the_back(t.buffer().fileno().expect("fileno"));
        assert_eq!(t.close().await.expect_err("EBADF").errno(), Some(EBADF));

        // A healthy close still succeeds and releases the descriptor.
        let mut f = afile_core::open(dir.path().join("h"), "wb").await.expect("open");
        let fd = f.fileno().expect("fileno");
        f.close().await.expect("close");
        assert!(!is_open(fd));
    });
}
