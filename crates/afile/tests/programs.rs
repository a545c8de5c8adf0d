//! The four example programs (`examples/grep.rs`, `csv_cp1252_to_utf8.rs`,
//! `atomic_save.rs`, `du_spooled.rs`) run here on small data, so CI builds
//! and checks them: each compares its result with a std-only computation and
//! panics when they differ.

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn grep_finds_what_std_finds() {
    let found = grep::run(true).await.expect("grep example");
    assert!(found.lines > 1000 && found.matches > 10, "{found:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csv_converts_cp1252_to_utf8() {
    assert_eq!(csv_cp1252_to_utf8::run(true).await.expect("csv example"), 2001);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn atomic_saves_are_never_torn() {
    assert!(atomic_save::run(true).await.expect("atomic save example") > 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn du_matches_std_and_spools_the_report() {
    let total = du_spooled::run(true).await.expect("du example");
    assert!(total > 1 << 20, "{total}");
}
