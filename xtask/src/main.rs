//! `cargo xtask`: afile's CI and benchmark driver.
//!
//! * `cargo xtask ci` — doc examples that show their call (see `tidy`),
//!   formatting, clippy (all targets, warnings denied), the whole test suite, the docs with warnings denied, a build of the
//!   benches, and `cargo publish --workspace --dry-run` (every crate packs
//!   and builds from its package alone). `.ci/run` runs exactly this.
//! * `cargo xtask bench` — runs the criterion benches (peers in the same
//!   run), writes the ratios into `docs/performance.md` and draws them in
//!   `docs/performance.svg`; `--report-only` redraws both from the results
//!   already in `target/criterion`.

mod bench;
mod chart;
mod tidy;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("ci") => ci(),
        Some("bench") => bench::run(&root(), &args[1..]),
        _ => Err("usage: cargo xtask <ci | bench [--report-only] [criterion args]>".to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (the parent of this crate).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// Runs one cargo step, printing its name and time.
pub(crate) fn cargo(step: &str, args: &[&str], env: &[(&str, &str)]) -> Result<(), String> {
    println!("xtask: {step}: cargo {}", args.join(" "));
    let start = Instant::now();
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.args(args).current_dir(root());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let status = cmd.status().map_err(|e| format!("{step}: cannot run cargo: {e}"))?;
    println!("xtask: {step}: {:.1}s", start.elapsed().as_secs_f64());
    if status.success() { Ok(()) } else { Err(format!("{step} failed ({status})")) }
}

fn ci() -> Result<(), String> {
    tidy()?;
    cargo("fmt", &["fmt", "--all", "--check"], &[])?;
    cargo("clippy", &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"], &[])?;
    cargo("test", &["test", "--workspace"], &[])?;
    cargo("doc", &["doc", "--workspace", "--no-deps"], &[("RUSTDOCFLAGS", "-D warnings")])?;
    cargo("bench build", &["build", "--workspace", "--benches"], &[])?;
    publish_dry_run()?;
    println!("xtask: ci passed");
    Ok(())
}

/// Fails if a doc example consists only of hidden `#` lines.
fn tidy() -> Result<(), String> {
    let found = tidy::hidden_only_examples(&root())?;
    if found.is_empty() {
        println!("xtask: tidy: every doc example shows its call");
        return Ok(());
    }
    Err(format!(
        "tidy: these doc examples consist only of hidden `#` lines and render empty:\n  {}",
        found.join("\n  ")
    ))
}

/// `cargo publish --workspace --dry-run`: each crate is packed and built from
/// its package, with the unpublished afile crates served from a local
/// registry. A clean checkout (CI) runs exactly that; a checkout with local
/// changes adds `--allow-dirty`, since nothing is uploaded.
fn publish_dry_run() -> Result<(), String> {
    let mut args = vec!["publish", "--workspace", "--dry-run"];
    if has_local_changes() {
        println!("xtask: publish: the checkout has local changes, so --allow-dirty");
        args.push("--allow-dirty");
    }
    cargo("publish dry run", &args, &[])
}

/// Whether `git status` lists anything (false outside a git checkout).
fn has_local_changes() -> bool {
    Command::new("git")
        .args(["status", "--porcelain"])
        .current_dir(root())
        .output()
        .is_ok_and(|out| out.status.success() && !out.stdout.is_empty())
}
