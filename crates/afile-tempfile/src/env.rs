//! `gettempdir`: where temporary things go, found as CPython finds it.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use afile_core::{Error, Executor, Result};

/// The chosen directory, once found, or the one set with [`set_tempdir`]
/// (CPython's module-level `tempfile.tempdir`).
static TEMPDIR: Mutex<Option<PathBuf>> = Mutex::new(None);

/// The directory for temporary files, as CPython's `tempfile.gettempdir()`:
/// the first of `$TMPDIR`, `$TEMP`, `$TMP`, then on POSIX `/tmp`,
/// `/var/tmp`, `/usr/tmp` (on Windows `~\AppData\Local\Temp`,
/// `%SYSTEMROOT%\Temp`, `c:\temp`, `c:\tmp`, `\temp`, `\tmp`), and the
/// current directory, in which a probe file can be created, made
/// absolute and normalised as CPython's `os.path.abspath` does
/// (`TMPDIR=t1/` gives `<cwd>/t1`, `TMPDIR=t1/../t2` gives `<cwd>/t2`) —
/// except a value of exactly `.`, which CPython keeps as `.`. The answer
/// is cached for the life of the process; [`set_tempdir`] overrides it.
/// The constructors always create in the absolute form of the directory.
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// let dir = afile_tempfile::gettempdir().await?;
/// assert!(dir.is_dir()); // absolute, unless TMPDIR (or TEMP, TMP) is "."
/// # Ok(()) }
/// ```
pub async fn gettempdir() -> Result<PathBuf> {
    if let Some(dir) = tempdir() {
        return Ok(dir);
    }
    let found = Executor::default()
        .run("gettempdir", || {
            let cwd = std::env::current_dir().ok();
            first_usable(&candidates(|k| std::env::var_os(k), cwd.as_deref()), cwd.as_deref())
        })
        .await?;
    let mut cached = TEMPDIR.lock().unwrap_or_else(PoisonError::into_inner);
    Ok(cached.get_or_insert(found).clone())
}

/// [`gettempdir`] as bytes (CPython's `gettempdirb`: `os.fsencode`, so
/// UTF-8 on Windows).
///
/// ```
/// # #[tokio::main] async fn main() -> afile_core::Result<()> {
/// let dir = afile_tempfile::gettempdirb().await?;
/// assert_eq!(dir, afile_tempfile::gettempdir().await?.into_os_string().into_encoded_bytes());
/// # Ok(()) }
/// ```
pub async fn gettempdirb() -> Result<Vec<u8>> {
    Ok(gettempdir().await?.into_os_string().into_encoded_bytes())
}

/// The default prefix of temporary names, `"tmp"` (CPython's
/// `gettempprefix`).
///
/// ```
/// assert_eq!(afile_tempfile::gettempprefix(), "tmp");
/// ```
pub fn gettempprefix() -> &'static str {
    "tmp"
}

/// Sets (or with `None` clears) the directory every constructor uses by
/// default, like assigning `tempfile.tempdir` in Python.
///
/// ```
/// afile_tempfile::set_tempdir(Some("/tmp".into()));
/// assert_eq!(afile_tempfile::tempdir().as_deref(), Some(std::path::Path::new("/tmp")));
/// afile_tempfile::set_tempdir(None); // back to the search
/// ```
pub fn set_tempdir(dir: Option<PathBuf>) {
    *TEMPDIR.lock().unwrap_or_else(PoisonError::into_inner) = dir;
}

/// The directory set with [`set_tempdir`] or already found by
/// [`gettempdir`], if any (CPython's `tempfile.tempdir`).
///
/// ```
/// let maybe = afile_tempfile::tempdir();
/// # drop(maybe);
/// ```
pub fn tempdir() -> Option<PathBuf> {
    TEMPDIR.lock().unwrap_or_else(PoisonError::into_inner).clone()
}

/// CPython's `_candidate_tempdir_list`, with `env` for the environment:
/// the values as given, the fixed places, then the current directory
/// (`.` when it cannot be read).
pub(crate) fn candidates(env: impl Fn(&str) -> Option<OsString>, cwd: Option<&Path>) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = ["TMPDIR", "TEMP", "TMP"]
        .iter()
        .filter_map(|k| env(k))
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .collect();
    out.extend(crate::sys::os_tempdirs(&env));
    out.push(cwd.map_or_else(|| PathBuf::from("."), Path::to_path_buf));
    out
}

/// A candidate as CPython tries it: `os.path.abspath` of it, unless it is
/// exactly `.` (or the current directory is unknown).
fn resolve(given: &Path, cwd: Option<&Path>) -> PathBuf {
    match cwd {
        Some(cwd) if given.as_os_str() != "." => crate::abspath::abspath(given, cwd),
        _ => given.to_path_buf(),
    }
}

/// The first candidate where a probe file can be created, written and
/// removed (CPython's `_get_default_tempdir`), made absolute and
/// normalised as CPython's `os.path.abspath` does — unless it is exactly
/// `.`, which CPython returns as it is.
pub(crate) fn first_usable(candidates: &[PathBuf], cwd: Option<&Path>) -> Result<PathBuf> {
    for given in candidates {
        let dir = resolve(given, cwd);
        for _ in 0..100 {
            let Ok((mut file, guard)) = crate::create::file(&dir, "", "") else { break };
            if file.write_all(b"blat").is_ok() {
                drop(guard);
                return Ok(dir);
            }
        }
    }
    let list: Vec<String> = candidates.iter().map(|d| format!("'{}'", d.display())).collect();
    Err(Error::Os {
        source: std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!("No usable temporary directory found in [{}]", list.join(", ")),
        ),
        path: None,
        path2: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Replays the `gettempdir` cases of `shared/cases/tempfile.json` on a
    /// scratch tree, with the environment given to the search (the real
    /// environment is left alone: tests run in parallel).
    #[test]
    fn gettempdir_cases_match_cpython() {
        let cases = std::env::var_os("AFILE_CASES")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../cases"));
        let text = std::fs::read_to_string(cases.join("tempfile.json")).expect("the CPython tempfile cases");
        let doc: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        let text = std::fs::read_to_string(cases.join("tempfile_more.json")).expect("the more cases");
        let more: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        let literal = more["cases"].as_array().expect("cases").iter().filter(|c| c["kind"] == "gettempdir");
        let scratch = tempfile::tempdir().expect("scratch");
        std::fs::create_dir(scratch.path().join("t1")).expect("t1");
        std::fs::create_dir(scratch.path().join("t2")).expect("t2");
        std::fs::write(scratch.path().join("afile"), b"a file, not a directory").expect("afile");
        let mut ran = 0;
        for case in doc["cases"].as_array().expect("cases").iter().filter(|c| c["kind"] == "gettempdir") {
            let env = case["env"].as_object().expect("env");
            let lookup = |k: &str| {
                env.get(k).and_then(|v| v.as_str()).map(|v| scratch.path().join(v).into_os_string())
            };
            let got = first_usable(&candidates(lookup, Some(scratch.path())), Some(scratch.path()))
                .expect("a usable directory");
            let want = case["gettempdir"]
                .as_str()
                .expect("answer")
                .replace("$DIR", &scratch.path().display().to_string());
            assert_eq!(got, PathBuf::from(want), "{}", case["about"]);
            assert_eq!(case["gettempdirb"], case["gettempdir"], "gettempdirb is the same path as bytes");
            assert_eq!(gettempprefix(), case["gettempprefix"]);
            assert_eq!(gettempprefix(), case["gettempprefixb"]);
            ran += 1;
        }
        // Values passed as written, the working directory the scratch one.
        for case in literal {
            let value = case["env"]["TMPDIR"].as_str().expect("TMPDIR");
            let env = |k: &str| (k == "TMPDIR").then(|| OsString::from(value));
            let list = candidates(env, Some(scratch.path()));
            let want = case["gettempdir"]
                .as_str()
                .expect("answer")
                .replace("$DIR", scratch.path().to_str().expect("UTF-8"));
            // `.` is kept as `.`: checked without a probe file, which would
            // land in this process's real working directory.
            let got = match list.first() {
                Some(first) if first.as_os_str() == "." => resolve(first, Some(scratch.path())),
                _ => first_usable(&list, Some(scratch.path())).expect("a usable directory"),
            };
            assert_eq!(got.as_os_str(), Path::new(&want).as_os_str(), "{}", case["about"]);
            ran += 1;
        }
        assert_eq!(ran, 16);
    }

    /// `TMPDIR=t1/` and `TMPDIR=t1/../t2`, relative to the working
    /// directory, as CPython 3.12 answers them (`…/t1` and `…/t2`); checked
    /// through the environment-taking search, so the process's real
    /// environment and working directory are left alone.
    #[test]
    fn candidates_are_normalised_as_abspath() {
        let scratch = tempfile::tempdir().expect("scratch");
        std::fs::create_dir(scratch.path().join("t1")).expect("t1");
        std::fs::create_dir(scratch.path().join("t2")).expect("t2");
        for (value, want) in [("t1/", "t1"), ("t1/../t2", "t2"), ("./t1//", "t1")] {
            let env = |k: &str| (k == "TMPDIR").then(|| OsString::from(value));
            let list = candidates(env, Some(scratch.path()));
            assert_eq!(list[0], Path::new(value), "TMPDIR={value}: listed as given");
            let got = first_usable(&list, Some(scratch.path())).expect("usable");
            assert_eq!(got.as_os_str(), scratch.path().join(want).as_os_str(), "TMPDIR={value}");
        }
        let env = |k: &str| (k == "TMP").then(|| OsString::from(format!("{}/t2/", scratch.path().display())));
        let got = first_usable(&candidates(env, Some(Path::new("/"))), Some(Path::new("/"))).expect("usable");
        assert_eq!(got.as_os_str(), scratch.path().join("t2").as_os_str(), "absolute, trailing slash");
    }
}
