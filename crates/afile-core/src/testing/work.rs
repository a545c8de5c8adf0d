//! How many bytes afile's line search and decoding looked at, counted on
//! the current thread: for tests that check that reading a line, however
//! long, costs work in proportion to its length (each byte searched and
//! decoded a bounded number of times, however many refills the line takes).

use std::cell::Cell;

thread_local! {
    static LOOKED: Cell<u64> = const { Cell::new(0) };
}

/// The bytes looked at so far on this thread: searched for a line end,
/// checked or counted as characters, decoded, or copied to keep a line
/// whole across refills. Read it before and after the reads you measure
/// (with a current-thread runtime, where the reads run on this thread).
///
/// ```
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> afile_core::Result<()> {
/// # let dir = tempfile::tempdir()?; let p = dir.path().join("t");
/// use afile_core::testing::work;
/// std::fs::write(&p, format!("{}\n", "x".repeat(1 << 20)))?;
/// let mut f = afile_core::open_text(&p, "r").encoding("latin-1").await?;
/// let before = work::bytes_looked_at();
/// assert_eq!(f.readline(None).await?.len(), (1 << 20) + 1);
/// assert!(work::bytes_looked_at() - before < 8 << 20);
/// # Ok(()) }
/// ```
pub fn bytes_looked_at() -> u64 {
    LOOKED.with(Cell::get)
}

/// Adds `n` bytes to this thread's count.
pub(crate) fn add(n: usize) {
    LOOKED.with(|c| c.set(c.get().saturating_add(n as u64)));
}
