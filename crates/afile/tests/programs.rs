//! The example programs (`examples/grep.rs`, `csv_cp1252_to_utf8.rs`,
//! `atomic_save.rs`, `du_spooled.rs`, `log_rotator.rs`, `job_queue.rs`,
//! `upload_buffer.rs`) run here on small data, so CI builds and checks
//! them: each compares its result with a std-only computation and panics
//! when they differ.

#[path = "../examples/grep.rs"]
#[allow(dead_code)] // the example's own `main`
mod grep;

#[path = "../examples/csv_cp1252_to_utf8.rs"]
#[allow(dead_code)]
mod csv_cp1252_to_utf8;

#[path = "../examples/atomic_save.rs"]
#[allow(dead_code)]
mod atomic_save;

#[path = "../examples/du_spooled.rs"]
#[allow(dead_code)]
mod du_spooled;

#[path = "../examples/log_rotator.rs"]
#[allow(dead_code)]
mod log_rotator;

#[path = "../examples/job_queue.rs"]
#[allow(dead_code)]
mod job_queue;

#[path = "../examples/upload_buffer.rs"]
#[allow(dead_code)]
mod upload_buffer;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn grep_finds_what_std_finds() {
    let (found, _) = grep::run(true).await.expect("grep example");
    assert!(found.lines > 1000 && found.matches > 10, "{found:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csv_converts_cp1252_to_utf8() {
    assert_eq!(csv_cp1252_to_utf8::run(true).await.expect("csv example").0, 2001);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn atomic_saves_are_never_torn() {
    assert!(atomic_save::run(true).await.expect("atomic save example").0 > 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn du_matches_std_and_spools_the_report() {
    let (total, _, _) = du_spooled::run(true).await.expect("du example");
    assert!(total > 1 << 20, "{total}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_log_rotator_keeps_every_line_in_order() {
    let (files, _) = log_rotator::run(true).await.expect("log rotator example");
    assert!(files >= 2, "1.4 MB of lines rotate at least once: {files}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_job_queue_does_every_job_once() {
    job_queue::run(true).await.expect("job queue example");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_upload_buffer_sends_every_body_whole() {
    let (sent, _) = upload_buffer::run(true).await.expect("upload buffer example");
    assert!(sent > 1 << 20, "{sent}");
}
