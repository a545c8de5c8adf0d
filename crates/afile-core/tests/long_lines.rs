//! A line of any length costs work in proportion to its length: each byte
//! is searched, decoded and copied a bounded number of times, however many
//! refills the line takes (issue 19: one 256 MiB text line took 29 s,
//! quadratic). Measured with the `testing` feature's count of the bytes
//! looked at (`afile_core::testing::work`), not with a clock.

#![allow(clippy::unwrap_used)] // tests may unwrap

use afile_core::testing::work::bytes_looked_at;

/// The long line's length: many 64 KiB decode steps and many refills.
const N: usize = 2 << 20;

/// At most this many bytes looked at per byte of the line's text, beyond
/// decoding the file's bytes once. A search that starts again at the
/// line's start after each 64 KiB step looks at about N / 128 KiB bytes per
/// byte: 16 here.
const PER_BYTE: u64 = 6;

/// The codec families (one of each decoder kind) and the newline modes.
const CODECS: &[&str] = &[
    "utf-8",
    "utf-16",
    "utf-32-be",
    "ascii",
    "latin-1",
    "cp1252",
    "shift_jis",
    "gb18030",
    "iso2022_jp",
    "utf-7",
    "unicode_escape",
];
const NEWLINES: &[Option<&str>] = &[None, Some(""), Some("\n"), Some("\r"), Some("\r\n")];

/// How lines end in the files written for `newline`.
fn line_end(newline: Option<&str>) -> &'static str {
    match newline {
        Some("\r") => "\r",
        Some("\r\n") => "\r\n",
        _ => "\n",
    }
}

/// Writes one line of `n` `x`s and a short one, ended as `newline` ends lines.
async fn write_file(path: &std::path::Path, codec: &str, newline: Option<&str>, n: usize) {
    let end = line_end(newline);
    let mut f = afile_core::open_text(path, "w").encoding(codec).newline(Some("")).await.unwrap();
    f.write(&format!("{}{end}tail{end}", "x".repeat(n))).await.unwrap();
    f.close().await.unwrap();
}

/// The bytes looked at while `read` takes the long line, checked to be
/// that line.
async fn work_of(path: &std::path::Path, codec: &str, newline: Option<&str>, how: &str) -> u64 {
    let mut f = afile_core::open_text(path, "r").encoding(codec).newline(newline).await.unwrap();
    let before = bytes_looked_at();
    let line = match how {
        "readline" => f.readline(None).await.unwrap(),
        "readline_limit" => f.readline(usize::MAX / 2).await.unwrap(),
        "lines" => f.lines().next().await.unwrap().unwrap(),
        "read_n" => f.read(N + line_end(newline).len()).await.unwrap(),
        _ => unreachable!(),
    };
    let looked = bytes_looked_at() - before;
    assert_eq!(line.len(), N + line_end(newline).len(), "{codec} {newline:?} {how}");
    assert!(line.starts_with('x'), "{codec} {newline:?} {how}");
    looked
}

#[tokio::test(flavor = "current_thread")]
async fn text_lines_cost_linear_work_in_every_codec_and_newline_mode() {
    let dir = tempfile::tempdir().unwrap();
    let mut worst = (0.0, String::new());
    for codec in CODECS {
        for &newline in NEWLINES {
            let path = dir.path().join(format!("{codec}-{}", newline.map_or(0, str::len)));
            write_file(&path, codec, newline, N).await;
            // `lines()` and `read(n)` share the decoding path with `readline`:
            // every newline mode for `readline`, one for the others.
            let ways: &[&str] = match newline {
                None => &["readline", "readline_limit", "lines", "read_n"],
                _ => &["readline", "readline_limit"],
            };
            for &how in ways {
                let file_len = std::fs::metadata(&path).unwrap().len();
                let looked = work_of(&path, codec, newline, how).await.saturating_sub(file_len);
                let per_byte = looked as f64 / N as f64;
                if per_byte > worst.0 {
                    worst = (per_byte, format!("{codec} {newline:?} {how}"));
                }
                assert!(
                    looked <= PER_BYTE * N as u64,
                    "{codec} newline {newline:?} {how}: {looked} bytes looked at beyond decoding, for a line of {N}"
                );
            }
        }
    }
    println!("most work per byte of the line: {:.2} ({})", worst.0, worst.1);
}

/// Doubling the line doubles the work (a quadratic search would quadruple it).
#[tokio::test(flavor = "current_thread")]
async fn doubling_a_text_line_doubles_the_work() {
    let dir = tempfile::tempdir().unwrap();
    for (codec, newline) in
        [("utf-8", None), ("utf-8", Some("\r\n")), ("latin-1", Some("")), ("utf-16", None)]
    {
        let mut looked = Vec::new();
        for n in [N / 2, N] {
            let path = dir.path().join(format!("{codec}-{n}"));
            write_file(&path, codec, newline, n).await;
            let mut f = afile_core::open_text(&path, "r").encoding(codec).newline(newline).await.unwrap();
            let before = bytes_looked_at();
            assert_eq!(f.readline(None).await.unwrap().len(), n + line_end(newline).len());
            looked.push(bytes_looked_at() - before);
        }
        let ratio = looked[1] as f64 / looked[0] as f64;
        assert!(ratio < 2.5, "{codec} {newline:?}: work {looked:?} grows {ratio:.2}x for twice the line");
    }
}

/// The binary `readline` and `lines()` too, with a small fixed buffer, the
/// default growing one, and reads on the executor with read-ahead (an
/// empty fault plan makes every read take the executor path).
#[tokio::test(flavor = "current_thread")]
async fn binary_lines_cost_linear_work() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b");
    std::fs::write(&path, format!("{}\ntail\n", "x".repeat(N))).unwrap();
    let on_executor = afile_core::Executor::dedicated(1).with_faults(afile_core::testing::Faults::new());
    for buffering in [-1, 4096, 1 << 20] {
        for executor in [afile_core::Executor::default(), on_executor.clone()] {
            for stream in [false, true] {
                let mut f = afile_core::open(&path, "rb")
                    .buffering(buffering)
                    .executor(executor.clone())
                    .await
                    .unwrap();
                let before = bytes_looked_at();
                let line = match stream {
                    false => f.readline(None).await.unwrap(),
                    true => f.lines().next().await.unwrap().unwrap(),
                };
                let looked = bytes_looked_at() - before;
                assert_eq!(line.len(), N + 1);
                assert!(
                    looked <= PER_BYTE * N as u64,
                    "buffering {buffering} stream {stream}: {looked} bytes looked at for a line of {N}"
                );
            }
        }
    }
}
