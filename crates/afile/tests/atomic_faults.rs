//! Every system call of an atomic save asks the fault hook, and each
//! failure leaves the target as the error says: untouched, or (only for
//! [`afile::Error::Committed`]) holding the new content.

use afile::FaultOp;
use afile::testing::{Faults, errno};

/// The kinds of fault point one save passes, with how many of each.
const KINDS: [FaultOp; 6] =
    [FaultOp::Open, FaultOp::Write, FaultOp::Fsync, FaultOp::Os, FaultOp::Rename, FaultOp::Close];

/// The three ways to save: bytes in hand, streamed, text.
#[derive(Clone, Copy, Debug)]
enum How {
    OneCall,
    Streamed,
    Text,
}

async fn save(how: How, target: &std::path::Path, overwrite: bool, data: &str) -> afile::Result<()> {
    let write = afile::AtomicWrite::new(target).overwrite(overwrite);
    match how {
        How::OneCall => write.save(data).await,
        How::Streamed => {
            let mut f = write.open().await?;
            f.write(data.as_bytes()).await?;
            f.commit().await
        }
        How::Text => {
            let mut f = write.text().open().await?;
            f.write(data).await?;
            f.commit().await
        }
    }
}

/// Runs a save over `old` (or to a free name with `overwrite(false)`) with
/// `plan`, then checks the target against the outcome.
async fn run(how: How, overwrite: bool, plan: &Faults) -> afile::Result<()> {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir.path().join("state.json");
    if overwrite {
        std::fs::write(&target, "old").expect("old version");
    }
    let res = plan.scope(save(how, &target, overwrite, "new")).await;
    let now = std::fs::read_to_string(&target).ok();
    match &res {
        Ok(()) | Err(afile::Error::Committed { .. }) => {
            assert_eq!(now.as_deref(), Some("new"), "{how:?}: {res:?}")
        }
        Err(_) if overwrite => assert_eq!(now.as_deref(), Some("old"), "{how:?}: {res:?}"),
        Err(_) => assert_eq!(now, None, "{how:?}: {res:?}"),
    }
    let names: Vec<_> =
        std::fs::read_dir(dir.path()).expect("dir").flatten().map(|e| e.file_name()).collect();
    assert!(names.len() <= 1, "{how:?}, {res:?}: left behind: {names:?}");
    res
}

#[tokio::test]
async fn each_system_call_of_a_save_is_a_fault_point_and_each_failure_is_reported_truthfully() {
    for how in [How::OneCall, How::Streamed, How::Text] {
        for overwrite in [true, false] {
            let counting = Faults::new();
            run(how, overwrite, &counting).await.expect("a clean save");
            // The file is opened (created), written,
            // both synced, the file linked (and with overwrite renamed)
            // and closed.
            assert_eq!(counting.count(FaultOp::Open), 1, "{how:?}");
            assert_eq!(counting.count(FaultOp::Write), 1, "{how:?}");
            assert_eq!(counting.count(FaultOp::Fsync), 2, "{how:?}");
            assert_eq!(counting.count(FaultOp::Rename), if overwrite { 2 } else { 1 }, "{how:?}");
            assert_eq!(counting.count(FaultOp::Close), 1, "{how:?}");
            // The old file's mode is given to the new one (fchmod).
            assert_eq!(counting.count(FaultOp::Os), u64::from(overwrite), "{how:?}");
            let mut committed = 0;
            for op in KINDS {
                for n in 1..=counting.count(op) {
                    for code in [errno::EIO, errno::ENOSPC] {
                        let plan = Faults::new().fail(op, n, code);
                        let err =
                            run(how, overwrite, &plan).await.expect_err("the injected failure is reported");
                        assert_eq!(err.errno(), Some(code), "{how:?} {op:?} #{n}: {err}");
                        if let afile::Error::Committed { step, .. } = &err {
                            committed += 1;
                            // Only what follows the rename or link: the
                            // directory fsync, or the close after a link.
                            let last_sync = op == FaultOp::Fsync && n == 2;
                            let close_after_link = op == FaultOp::Close && !overwrite;
                            assert!(
                                last_sync || close_after_link,
                                "{how:?} {op:?} #{n}: committed at {step}"
                            );
                        }
                    }
                }
            }
            assert_eq!(committed, if overwrite { 2 } else { 4 }, "{how:?}");
        }
    }
}

#[tokio::test]
async fn a_committed_error_says_what_failed_after_the_rename() {
    let plan = Faults::new().fail(FaultOp::Fsync, 2, errno::EIO);
    let err = run(How::OneCall, true, &plan).await.expect_err("the directory fsync fails");
    assert!(matches!(&err, afile::Error::Committed { step: "directory fsync", .. }), "{err:?}");
    let text = err.to_string();
    assert!(text.starts_with("[Errno 5] Input/output error: the new '"), "{text}");
    assert!(text.ends_with("state.json' is in place, but its directory fsync failed"), "{text}");
    assert_eq!(err.kind(), std::io::Error::from_raw_os_error(errno::EIO).kind(), "the io kind is kept");
}
