//! A temp object's `close` reports what `close(2)` reports (`EBADF` for a
//! descriptor closed behind its back) and still cleans up.
//!
//! One test in its own binary, on one thread: nothing else in this process
//! opens a file between the two closes, so the number cannot be reused.

const EBADF: i32 = 9;

#[test]
fn named_temp_close_reports_ebadf_and_still_removes_the_file() {
    let rt = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
    let dir = tempfile::tempdir().expect("tempdir");
    rt.block_on(async {
        let mut f = afile_tempfile::NamedTemporaryFile::builder().dir(dir.path()).await.expect("create");
        f.write(b"data").await.expect("write");
        f.flush().await.expect("flush");
        let path = f.path().to_path_buf();
        // SAFETY: the test owns the temp file; closing its descriptor here is
        // the misuse under test, and the temp file's close must report it.
        unsafe { rustix::io::close(f.fileno().expect("fileno")) };
        let err = f.close().await.expect_err("close must report EBADF");
        assert_eq!(err.errno(), Some(EBADF), "{err}");
        assert!(!path.exists(), "the file is removed all the same");
    });
}
