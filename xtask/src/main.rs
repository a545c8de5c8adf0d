//! `cargo xtask`: afile's CI and benchmark driver.
//!
//! * `cargo xtask ci` — doc examples that show their call (see `tidy`),
//!   formatting, clippy (all targets, warnings denied), the whole test suite, the docs with warnings denied, a build of the
//!   benches, and `cargo publish --workspace --dry-run` (every crate packs
//!   and builds from its package alone). `.ci/run` runs exactly this.
//! * `cargo xtask publish-check` — only the publish dry run.
//! * `cargo xtask bench` — runs the criterion benches (peers in the same
//!   run), writes the ratios into `docs/performance.md` and draws them in
//!   `docs/performance.svg`; `--report-only` redraws both from the results
//!   already in `target/criterion`.
//! * `cargo xtask codecs` — regenerates the codec tables and their test
//!   expectations from CPython 3.12 (`xtask/codecs/gen_codecs.py`).
//! * `cargo xtask cases` — records CPython 3.12's behaviour cases into
//!   `cases/` (every `xtask/cases/*.py`).

mod bench;
mod cases;
mod chart;
mod layout;
mod results;
mod tidy;
mod workspace;

use workspace::{cargo, root};

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("ci") => ci(),
        Some("bench") => bench::run(&root(), &args[1..]),
        Some("publish-check") => publish_dry_run(),
        Some("codecs") => codecs(),
        Some("cases") => cases::run(&root()),
        _ => Err("usage: cargo xtask <ci | publish-check | codecs | cases | bench [--report-only] [criterion args]>"
            .to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
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
    tidy()?;
    cargo("fmt", &["fmt", "--all", "--check"], &[])?;
    cargo("clippy", &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"], &[])?;
    // The libraries alone, as users build them: without the `testing`
    // feature that the test targets switch on.
    cargo("clippy lib", &["clippy", "--workspace", "--lib", "--", "-D", "warnings"], &[])?;
    cargo("test", &["test", "--workspace"], &[])?;
    cargo("doc", &["doc", "--workspace", "--no-deps"], &[("RUSTDOCFLAGS", "-D warnings")])?;
    cargo(
        "doc testing",
        &["doc", "--workspace", "--no-deps", "--features", "afile/testing"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    )?;
    cargo("bench build", &["build", "--workspace", "--benches"], &[])?;
    publish_dry_run()?;
    println!("xtask: ci passed");
    Ok(())
}

/// Fails if a doc example consists only of hidden `#` lines, or files
/// import each other in a circle; lists files over the line limit.
fn tidy() -> Result<(), String> {
    let found = tidy::hidden_only_examples(&root())?;
    if !found.is_empty() {
        return Err(format!(
            "tidy: these doc examples consist only of hidden `#` lines and render empty:\n  {}",
            found.join("\n  ")
        ));
    }
    println!("xtask: tidy: every doc example shows its call");
    let circles = layout::circles(&root())?;
    if !circles.is_empty() {
        return Err(format!("tidy: import circles between files:\n  {}", circles.join("\n  ")));
    }
    println!("xtask: tidy: no import circle between files");
    let long = layout::long_files(&root())?;
    if !long.is_empty() {
        // Reported, not yet fatal: the last long files are being split.
        println!("xtask: tidy: files over {} lines:\n  {}", layout::MAX_LINES, long.join("\n  "));
        return Ok(());
    }
    println!("xtask: tidy: no file over {} lines", layout::MAX_LINES);
    Ok(())
}

/// `cargo publish --workspace --dry-run`: each crate is packed and built from
/// its package, with the unpublished afile crates served from a local
/// registry. A clean checkout (CI) runs exactly that; a checkout with local
/// changes adds `--allow-dirty`, since nothing is uploaded.
///
/// Cargo treats a registry crate as immutable, and ours keep their version
/// between commits: it unpacks each packaged crate into
/// `$CARGO_HOME/registry/src/-HASH/afile-core-0.1.0/` and, finding that
/// there on the next run, would build the next run's `afile-os` against the
/// first run's afile-core. So the check runs with a `CARGO_HOME` of its
/// own, inside its target directory (`$CARGO_TARGET_DIR/publish-check`,
/// where the dependencies also stay compiled): the downloaded crates.io
/// index and `.crate` files are reused through links to the user's own
/// (nothing under the user's `~/.cargo` is removed or rewritten), and only
/// the unpacked copies of our own crates there are forgotten before each
/// run, with what the last run compiled of them.
fn publish_dry_run() -> Result<(), String> {
    let target = target_dir().join("publish-check");
    let home = target.join("cargo-home");
    prepare_cargo_home(&home)?;
    forget_built_packages(&target);
    let target_arg = target.to_string_lossy().into_owned();
    let mut args = vec!["publish", "--workspace", "--dry-run", "--target-dir", &target_arg];
    if has_local_changes() {
        println!("xtask: publish: the checkout has local changes, so --allow-dirty");
        args.push("--allow-dirty");
    }
    let home_arg = home.to_string_lossy().into_owned();
    cargo("publish dry run", &args, &[("CARGO_HOME", &home_arg)])?;
    report_package_sizes(&target);
    Ok(())
}

/// Where cargo builds: `$CARGO_TARGET_DIR` (relative to the workspace root
/// if relative), else the workspace's `target/`.
fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => root().join(dir),
        _ => root().join("target"),
    }
}

/// The user's cargo home: `$CARGO_HOME`, else `~/.cargo`.
fn user_cargo_home() -> Option<PathBuf> {
    std::env::var_os("CARGO_HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::home_dir().map(|h| h.join(".cargo")))
}

/// Makes `home` a cargo home that reuses the user's downloads: a link to
/// each registry index and download cache of the user's cargo home (and to
/// its `config.toml`, for mirrors and proxies), and a `registry/src` of its
/// own, from which our crates' unpacked copies of the last run are removed.
fn prepare_cargo_home(home: &Path) -> Result<(), String> {
    let user = user_cargo_home();
    for dir in ["registry/index", "registry/cache"] {
        let mine = home.join(dir);
        std::fs::create_dir_all(&mine).map_err(|e| format!("publish: {}: {e}", mine.display()))?;
        let Some(theirs) = user.as_ref().map(|u| u.join(dir)) else { continue };
        let Ok(entries) = std::fs::read_dir(&theirs) else { continue };
        for entry in entries.filter_map(Result::ok) {
            // Unnamed registries (`-HASH`) are the dry runs' own.
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('-') || mine.join(&name).exists() {
                continue;
            }
            link(&entry.path(), &mine.join(&name))?;
        }
    }
    for file in ["config.toml", "config"] {
        let theirs = user.as_ref().map(|u| u.join(file));
        if let Some(theirs) = theirs.filter(|t| t.is_file())
            && !home.join(file).exists()
        {
            link(&theirs, &home.join(file))?;
        }
    }
    let Ok(registries) = std::fs::read_dir(home.join("registry/src")) else { return Ok(()) };
    for registry in registries.filter_map(|e| e.ok().map(|e| e.path())) {
        for name in PUBLISHED {
            let unpacked = registry.join(format!("{name}-{}", env!("CARGO_PKG_VERSION")));
            if unpacked.is_dir() {
                std::fs::remove_dir_all(&unpacked)
                    .map_err(|e| format!("publish: {}: {e}", unpacked.display()))?;
            }
        }
    }
    Ok(())
}

#[cfg(unix)]
fn link(from: &Path, to: &Path) -> Result<(), String> {
    std::os::unix::fs::symlink(from, to).map_err(|e| format!("publish: link {}: {e}", to.display()))
}

#[cfg(windows)]
fn link(from: &Path, to: &Path) -> Result<(), String> {
    let made = if from.is_dir() {
        std::os::windows::fs::symlink_dir(from, to)
    } else {
        std::os::windows::fs::symlink_file(from, to)
    };
    made.map_err(|e| format!("publish: link {}: {e}", to.display()))
}

/// Prints the size of each crate's package (the `.crate` file the dry run
/// packed, under `package/tmp-crate/` with `--workspace`).
fn report_package_sizes(target: &Path) {
    for name in PUBLISHED {
        let file = format!("{name}-{}.crate", env!("CARGO_PKG_VERSION"));
        let found = ["package/tmp-crate", "package"]
            .iter()
            .map(|dir| target.join(dir).join(&file))
            .find(|p| p.is_file());
        if let Some(meta) = found.and_then(|p| std::fs::metadata(p).ok()) {
            println!("xtask: publish: {name} package {:.1} KiB", meta.len() as f64 / 1024.0);
        }
    }
}

/// Removes what the last check compiled of our own crates under `target`.
fn forget_built_packages(target: &Path) {
    for dir in ["debug/deps", "debug/.fingerprint", "debug/build"] {
        let Ok(entries) = std::fs::read_dir(target.join(dir)) else { continue };
        for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if !(name.starts_with("afile") || name.starts_with("libafile")) {
                continue;
            }
            let _ = if path.is_dir() { std::fs::remove_dir_all(&path) } else { std::fs::remove_file(&path) };
        }
    }
}

/// Whether `git status` lists anything (false outside a git checkout).
fn has_local_changes() -> bool {
    Command::new("git")
        .args(["status", "--porcelain"])
        .current_dir(root())
        .output()
        .is_ok_and(|out| out.status.success() && !out.stdout.is_empty())
}

/// The crates `cargo publish` packs (the rest have `publish = false`).
const PUBLISHED: [&str; 5] = ["afile-codecs", "afile-core", "afile-os", "afile-tempfile", "afile"];
