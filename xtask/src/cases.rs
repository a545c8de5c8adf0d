//! `cargo xtask cases`: records CPython's behaviour into `cases/` by
//! running every `xtask/cases/*.py` script with CPython 3.12.1
//! (`$AFILE_PYTHON`, or pyenv's 3.12.1, as `cargo xtask codecs` finds it).
//! Each script is run as `python3 SCRIPT --out CASES_DIR` from the
//! workspace root and writes its own JSON files there (see `cases/README.md`); the
//! scripts are seeded, so running them again writes the same files.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs every recording script, in name order.
pub(crate) fn run(root: &Path) -> Result<(), String> {
    let python = python()?;
    let dir = root.join("xtask/cases");
    let mut scripts: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|ext| ext == "py"))
        .collect();
    scripts.sort();
    if scripts.is_empty() {
        return Err(format!("no recording scripts in {}", dir.display()));
    }
    let out = root.join("cases");
    for script in &scripts {
        println!("xtask: cases: {} {} --out {}", python.display(), script.display(), out.display());
        let status = Command::new(&python)
            .arg(script)
            .arg("--out")
            .arg(&out)
            .current_dir(root)
            .status()
            .map_err(|e| format!("{}: {e}", python.display()))?;
        if !status.success() {
            return Err(format!("{} failed ({status})", script.display()));
        }
    }
    Ok(())
}

/// CPython 3.12.1: `$AFILE_PYTHON`, else pyenv's.
fn python() -> Result<PathBuf, String> {
    if let Ok(p) = std::env::var("AFILE_PYTHON") {
        return Ok(PathBuf::from(p));
    }
    let out = Command::new("pyenv").arg("root").output().map_err(|e| format!("pyenv root: {e}"))?;
    let pyenv = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    Ok(Path::new(&pyenv).join("versions/3.12.1/bin/python3"))
}
