//! `cargo xtask`: afile's CI and benchmark driver.
//!
//! * `cargo xtask ci` — formatting, clippy (all targets, warnings denied),
//!   the whole test suite, the docs with warnings denied, and a build of the
//!   benches. `.ci/run` runs exactly this.
//! * `cargo xtask bench` — runs the criterion benches (peers in the same
//!   run) and writes the ratios into `docs/performance.md`.
//! * `cargo xtask codecs` — regenerates the codec tables and their test
//!   expectations from CPython 3.12 (`xtask/codecs/gen_codecs.py`).

mod bench;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("ci") => ci(),
        Some("bench") => bench::run(&root(), &args[1..]),
        Some("codecs") => codecs(),
        _ => Err("usage: cargo xtask <ci | bench [filter] | codecs>".to_owned()),
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

/// Runs the codec table generator with CPython 3.12: `$AFILE_PYTHON`, or
/// pyenv's 3.12.1.
fn codecs() -> Result<(), String> {
    let python = match std::env::var("AFILE_PYTHON") {
        Ok(p) => PathBuf::from(p),
        Err(_) => {
            let out = Command::new("pyenv").arg("root").output().map_err(|e| format!("pyenv root: {e}"))?;
            let pyenv = String::from_utf8_lossy(&out.stdout).trim().to_owned();
            Path::new(&pyenv).join("versions/3.12.1/bin/python3")
        }
    };
    let script = root().join("xtask/codecs/gen_codecs.py");
    println!("xtask: codecs: {} {}", python.display(), script.display());
    let status =
        Command::new(&python).arg(&script).status().map_err(|e| format!("{}: {e}", python.display()))?;
    if status.success() { Ok(()) } else { Err(format!("codec generator failed ({status})")) }
}

fn ci() -> Result<(), String> {
    cargo("fmt", &["fmt", "--all", "--check"], &[])?;
    cargo("clippy", &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"], &[])?;
    cargo("test", &["test", "--workspace"], &[])?;
    cargo("doc", &["doc", "--workspace", "--no-deps"], &[("RUSTDOCFLAGS", "-D warnings")])?;
    cargo("bench build", &["build", "--workspace", "--benches"], &[])?;
    println!("xtask: ci passed");
    Ok(())
}
