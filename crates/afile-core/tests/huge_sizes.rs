//! No size aborts or panics (issue 19): a huge `size`, `limit`, `hint` or
//! `buffering`, a 1 TiB sparse file, `/dev/zero`. Buffers grow with the
//! bytes that arrive; when memory runs out the call fails with
//! `[Errno 12] Cannot allocate memory` and the file stays usable. The
//! memory-limited cases run in a child process (this test binary again,
//! under `setrlimit(RLIMIT_AS)`), so an abort there fails the test instead
//! of killing the run.

// Linux: `/dev/zero`, `/proc/self/status` and `setrlimit(RLIMIT_AS)`.
#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used)] // tests may unwrap

use std::io::SeekFrom;
use std::path::{Path, PathBuf};
use std::process::Command;

use afile_core::Executor;
use tokio::io::AsyncBufReadExt;

const TIB: u64 = 1 << 40;

fn sparse_file(dir: &Path) -> PathBuf {
    let path = dir.join("sparse");
    std::fs::File::create(&path).unwrap().set_len(TIB).unwrap();
    path
}

#[tokio::test]
async fn huge_sizes_on_a_small_file_return_what_is_there() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("small");
    std::fs::write(&path, b"hello\nworld\n").unwrap();
    for buffering in [-1, 0, 1, 7, i32::MAX as isize] {
        let mut f = afile_core::open(&path, "rb").buffering(buffering).await.unwrap();
        assert_eq!(f.read(1 << 40).await.unwrap(), "hello\nworld\n", "buffering {buffering}");
        for size in [usize::MAX, usize::MAX - 1, isize::MAX as usize, (1 << 40) + 4095] {
            f.seek(SeekFrom::Start(0)).await.unwrap();
            assert_eq!(f.read(size).await.unwrap(), "hello\nworld\n", "read({size})");
            f.seek(SeekFrom::Start(0)).await.unwrap();
            assert_eq!(f.read1(size).await.unwrap(), "hello\nworld\n", "read1({size})");
            f.seek(SeekFrom::Start(0)).await.unwrap();
            assert_eq!(f.readline(size).await.unwrap(), "hello\n", "readline({size})");
            assert_eq!(f.readlines(size).await.unwrap(), ["world\n"], "readlines({size})");
        }
        f.seek(SeekFrom::Start(0)).await.unwrap();
        assert_eq!(f.fill_buf().await.unwrap().first(), Some(&b'h'));
        let mut buf = [0u8; 64];
        assert_eq!(f.readinto1(&mut buf).await.unwrap(), 12);
    }
    let mut t = afile_core::open_text(&path, "r").await.unwrap();
    for size in [usize::MAX, 1 << 40] {
        t.seek(SeekFrom::Start(0)).await.unwrap();
        assert_eq!(t.read(size).await.unwrap(), "hello\nworld\n");
        t.seek(SeekFrom::Start(0)).await.unwrap();
        assert_eq!(t.readline(size).await.unwrap(), "hello\n");
        assert_eq!(t.readlines(size).await.unwrap(), ["world\n"]);
    }
}

#[tokio::test]
async fn buffering_beyond_a_c_int_is_refused_as_cpython_refuses_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f");
    std::fs::write(&path, b"x").unwrap();
    for buffering in [isize::MAX, isize::MIN, i32::MAX as isize + 1, i32::MIN as isize - 1] {
        let err = afile_core::open(&path, "rb").buffering(buffering).await.unwrap_err();
        assert_eq!(err.to_string(), "Python int too large to convert to C int");
        let err = afile_core::open_text(&path, "r").buffering(buffering).await.unwrap_err();
        assert_eq!(err.to_string(), "Python int too large to convert to C int");
        let std_file = std::fs::File::open(&path).unwrap();
        assert!(afile_core::File::wrap(std_file, "rb", buffering, None).is_err());
    }
    // The largest C int is a buffer size: fills still read a bounded step.
    let mut f = afile_core::open(&path, "rb").buffering(i32::MAX as isize).await.unwrap();
    assert_eq!(f.read(None).await.unwrap(), "x");
}

#[tokio::test]
async fn a_terabyte_sparse_file_is_read_in_bounded_steps() {
    let dir = tempfile::tempdir().unwrap();
    let path = sparse_file(dir.path());
    let mut f = afile_core::open(&path, "rb").await.unwrap();
    // One read of at most a bounded step, whatever was asked.
    let got = f.read1(usize::MAX).await.unwrap();
    assert!(!got.is_empty() && got.len() <= 64 << 20 && got.iter().all(|&b| b == 0));
    f.seek(SeekFrom::End(-10)).await.unwrap();
    assert_eq!(f.read(usize::MAX).await.unwrap().len(), 10);
    f.seek(SeekFrom::End(-3)).await.unwrap();
    assert_eq!(f.readline(None).await.unwrap().len(), 3);
    let mut t = afile_core::open_text(&path, "r").encoding("latin-1").await.unwrap();
    assert_eq!(t.read(1000).await.unwrap(), "\0".repeat(1000));
}

/// The environment variable that makes `child_process_entry` run a case.
const CASE: &str = "AFILE_HUGE_SIZES_CASE";
const FILE: &str = "AFILE_HUGE_SIZES_FILE";

/// Runs `case` in a child process with an address-space limit of its
/// current size plus 256 MiB; returns what it printed.
fn in_child(case: &str, file: &Path) -> String {
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child_process_entry", "--ignored", "--nocapture", "--test-threads=1"])
        .env(CASE, case)
        .env(FILE, file)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{case}: the child failed ({}):\n{stdout}\n{stderr}", out.status);
    stdout
}

/// The cases that read until memory runs out, and the file they read.
const CASES: &[(&str, &str)] = &[
    ("read_none", "sparse"),
    ("readall", "sparse"),
    ("read_huge_n", "sparse"),
    ("read_usize_max", "sparse"),
    ("readline", "sparse"),
    ("lines", "sparse"),
    ("read_none_pool", "sparse"),
    ("whole_read", "sparse"),
    ("whole_read_text", "sparse"),
    ("whole_read_pool", "sparse"),
    ("text_read_none", "sparse"),
    ("text_read_n", "sparse"),
    ("text_readline", "sparse"),
    ("text_readline_latin1", "sparse"),
    ("text_lines", "sparse"),
    ("read_none", "/dev/zero"),
    ("read_none_unbuffered", "/dev/zero"),
    ("text_readline", "/dev/zero"),
];

#[test]
fn reading_until_memory_runs_out_is_an_error_not_an_abort() {
    let dir = tempfile::tempdir().unwrap();
    let sparse = sparse_file(dir.path());
    for (case, file) in CASES {
        let file = if *file == "sparse" { sparse.clone() } else { PathBuf::from(file) };
        let out = in_child(case, &file);
        assert!(out.contains("ERROR [Errno 12] Cannot allocate memory"), "{case} {}: {out}", file.display());
        assert!(out.contains("KIND OutOfMemory"), "{case}: {out}");
        assert!(out.contains("THEN usable"), "{case}: {out}");
    }
}

/// The child's side of [`reading_until_memory_runs_out_is_an_error_not_an_abort`]:
/// ignored in a normal run, started by that test with `--ignored --exact`.
#[test]
#[ignore = "run in a child process by reading_until_memory_runs_out_is_an_error_not_an_abort"]
fn child_process_entry() {
    let case = std::env::var(CASE).expect("started by the parent test, with a case");
    let file = PathBuf::from(std::env::var_os(FILE).expect("and a file"));
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    // A pool thread exists before the limit, for the cases that hop.
    rt.block_on(async { tokio::task::spawn_blocking(|| ()).await.unwrap() });
    limit_address_space(256 << 20);
    let (result, then) = rt.block_on(run_case(&case, &file));
    match result {
        Ok(len) => println!("OK {len}"),
        Err(e) => println!("ERROR {e}\nKIND {:?}", e.kind()),
    }
    println!("THEN {then}");
}

/// `RLIMIT_AS` = what the process maps now plus `extra` bytes.
fn limit_address_space(extra: u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmSize:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap();
    let limit = kb * 1024 + extra;
    let rlimit = rustix::process::Rlimit { current: Some(limit), maximum: Some(limit) };
    rustix::process::setrlimit(rustix::process::Resource::As, rlimit).unwrap();
}

/// Runs one case; returns its result (the length read) and whether the
/// file (or, for whole-file reads, the process) is usable afterwards.
async fn run_case(case: &str, path: &Path) -> (afile_core::Result<usize>, &'static str) {
    let inline = Executor::inline();
    let binary = |buffering| afile_core::open(path, "rb").buffering(buffering).executor(inline.clone());
    let text = |enc| afile_core::open_text(path, "r").encoding(enc).executor(inline.clone());
    match case {
        "read_none"
        | "readall"
        | "read_huge_n"
        | "read_usize_max"
        | "readline"
        | "lines"
        | "read_none_unbuffered"
        | "read_none_pool" => {
            let mut f = match case {
                "read_none_unbuffered" => binary(0).await.unwrap(),
                "read_none_pool" => afile_core::open(path, "rb").await.unwrap(),
                _ => binary(-1).await.unwrap(),
            };
            let result = match case {
                "readall" => f.readall().await.map(|b| b.len()),
                "read_huge_n" => f.read(1 << 40).await.map(|b| b.len()),
                "read_usize_max" => f.read(usize::MAX).await.map(|b| b.len()),
                "readline" => f.readline(None).await.map(|b| b.len()),
                "lines" => afile_core::File::lines(&mut f).next().await.unwrap().map(|b| b.len()),
                _ => f.read(None).await.map(|b| b.len()),
            };
            (result, binary_usable(&mut f).await)
        }
        "whole_read" => (afile_core::read(path).executor(inline.clone()).await.map(|v| v.len()), "usable"),
        "whole_read_pool" => (afile_core::read(path).await.map(|v| v.len()), "usable"),
        "whole_read_text" => {
            (afile_core::read_text(path).executor(inline.clone()).await.map(|s| s.len()), "usable")
        }
        _ => {
            let mut f = text(if case == "text_readline_latin1" { "latin-1" } else { "utf-8" }).await.unwrap();
            let result = match case {
                "text_read_none" => f.read(None).await.map(|s| s.len()),
                "text_read_n" => f.read(usize::MAX).await.map(|s| s.len()),
                "text_lines" => f.lines().next().await.unwrap().map(|s| s.len()),
                _ => f.readline(None).await.map(|s| s.len()),
            };
            let then = match f.read(3).await {
                Ok(s) if s == "\0\0\0" => "usable",
                _ => "broken",
            };
            (result, then)
        }
    }
}

/// Whether a short read still works after the failed one.
async fn binary_usable(f: &mut afile_core::File) -> &'static str {
    match f.read(3).await {
        Ok(b) if b[..] == [0, 0, 0] => "usable",
        _ => "broken",
    }
}
