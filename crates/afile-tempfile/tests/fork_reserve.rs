//! The reserve of unnamed files does not cross `fork()`: a child process
//! never gets a file its parent will also hand out (issue 19).
//!
//! A plain `main` (no test harness): `fork()` is only sound in a process
//! with one thread, and the work here runs on afile's inline executor.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may unwrap

#[cfg(target_os = "linux")]
fn main() {
    use std::os::unix::fs::MetadataExt;

    use afile_core::Executor;
    use afile_tempfile::TemporaryFile;

    let scratch = tempfile::tempdir().expect("scratch");
    let dir = scratch.path().to_path_buf();
    let rt = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
    let make = || {
        rt.block_on(TemporaryFile::builder().dir(&dir).executor(Executor::inline()).into_future())
            .expect("a temporary file")
    };
    // The first file finds the reserve empty and fills it (inline).
    let first = make();
    let ino =
        |f: &TemporaryFile| f.fileno().map(|fd| std::fs::metadata(format!("/proc/self/fd/{fd}"))).unwrap();
    let _ = ino(&first).expect("fstat through /proc");
    let report = dir.join("child-inode");
    // SAFETY: this process has a single thread (no harness, an inline
    // executor, a current-thread runtime), so the child may run anything.
    match unsafe { libc::fork() } {
        -1 => panic!("fork failed: {}", std::io::Error::last_os_error()),
        0 => {
            let mut f = make();
            let code = rt.block_on(async {
                f.write(b"the child's data").await?;
                f.flush().await?;
                let ino = std::fs::metadata(format!("/proc/self/fd/{}", f.fileno()?))?.ino();
                std::fs::write(&report, ino.to_string())?;
                Ok::<(), afile_core::Error>(())
            });
            // SAFETY: `_exit` ends the child at once, without running the
            // parent's destructors or exit handlers a second time.
            unsafe { libc::_exit(i32::from(code.is_err())) }
        }
        child => {
            let mut status = 0;
            // SAFETY: waits for the child created above; `status` is ours.
            let waited = unsafe { libc::waitpid(child, &mut status, 0) };
            assert_eq!(waited, child, "waitpid");
            assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0, "the child failed");
            let mut mine = make();
            let child_ino: u64 =
                std::fs::read_to_string(&report).expect("the child's report").parse().unwrap();
            let my_ino = ino(&mine).unwrap().ino();
            assert_ne!(my_ino, child_ino, "parent and child were handed the same reserved file");
            rt.block_on(async {
                mine.seek(std::io::SeekFrom::Start(0)).await?;
                assert_eq!(mine.read(None).await?, "", "the parent sees none of the child's data");
                Ok::<(), afile_core::Error>(())
            })
            .unwrap();
            println!("fork_reserve: parent inode {my_ino}, child inode {child_ino}: ok");
        }
    }
}

/// The reserve exists only where `O_TMPFILE` does (Linux).
#[cfg(not(target_os = "linux"))]
fn main() {
    println!("fork_reserve: skipped, no reserve of unnamed files on this platform");
}
