//! Text `lines()` (a `String` per line) and `readline_into` (one reused
//! `String`) against std's `BufRead::read_line` (one reused `String`) and
//! `BufRead::lines()` (a `String` per line), in the same run, on
//! ASCII, non-ASCII UTF-8, cp1252 and shift_jis files of 80-character
//! lines (200 MiB of ASCII; `AFILE_TEXT_BENCH_MB` changes the size). The
//! data files are written when the bench runs, never at build time. std has
//! no cp1252 or shift_jis decoder, so its rows for those read the same
//! text stored as UTF-8.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::time::Duration;

use afile_benches::{JAPANESE, LATIN, lines_file, runtime, scratch};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// How many 80-character lines the files hold.
fn line_count() -> usize {
    let mb: usize = std::env::var("AFILE_TEXT_BENCH_MB").ok().and_then(|v| v.parse().ok()).unwrap_or(200);
    mb * (1 << 20) / 80
}

/// A file of 80-character lines of `alphabet` in `encoding`, in the
/// bench's scratch directory.
fn text_file(name: &str, alphabet: &str, encoding: &str) -> PathBuf {
    afile_benches::text_file(scratch(), name, alphabet, encoding, line_count())
}

fn std_read_line(path: &Path) -> usize {
    let mut f = std::io::BufReader::new(std::fs::File::open(path).expect("open"));
    let (mut line, mut n) = (String::new(), 0usize);
    while f.read_line(&mut line).expect("read_line") > 0 {
        n += line.len();
        line.clear();
    }
    n
}

/// std's allocating form: a `String` per line (without its `\n`).
fn std_lines(path: &Path) -> usize {
    let f = std::io::BufReader::new(std::fs::File::open(path).expect("open"));
    f.lines().map(|line| line.expect("line").len() + 1).sum()
}

async fn afile_lines(path: &Path, encoding: &str) -> usize {
    let mut f = afile::open_text(path, "r").encoding(encoding).await.expect("open");
    let mut lines = f.lines();
    let mut n = 0usize;
    while let Some(line) = lines.next().await {
        n += line.expect("line").len();
    }
    n
}

/// As std's loop: one `String`, cleared after each line.
async fn afile_readline_into(path: &Path, encoding: &str) -> usize {
    let mut f = afile::open_text(path, "r").encoding(encoding).await.expect("open");
    let (mut line, mut n) = (String::new(), 0usize);
    while f.readline_into(&mut line).await.expect("line") > 0 {
        n += line.len();
        line.clear();
    }
    n
}

fn text_lines(c: &mut Criterion) {
    let rt = runtime();
    let ascii = lines_file("text-ascii.txt", line_count() * 80);
    let files = [
        ("ascii", ascii.clone(), "utf-8", ascii),
        ("utf-8 non-ascii", text_file("text-utf8.txt", JAPANESE, "utf-8"), "utf-8", PathBuf::new()),
        (
            "cp1252",
            text_file("text-cp1252.txt", LATIN, "cp1252"),
            "cp1252",
            text_file("text-latin-utf8.txt", LATIN, "utf-8"),
        ),
        ("shift_jis", text_file("text-sjis.txt", JAPANESE, "shift_jis"), "shift_jis", PathBuf::new()),
    ];
    let mut g = c.benchmark_group("text_lines");
    g.sample_size(10).measurement_time(Duration::from_secs(8));
    for (label, path, encoding, utf8_twin) in &files {
        let twin = if utf8_twin.as_os_str().is_empty() {
            if *encoding == "utf-8" { path.clone() } else { scratch().join("text-utf8.txt") }
        } else {
            utf8_twin.clone()
        };
        let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        g.throughput(Throughput::Bytes(size));
        g.bench_function(format!("std read_line {label} (utf-8 text)"), |b| b.iter(|| std_read_line(&twin)));
        g.bench_function(format!("std lines {label} (utf-8 text)"), |b| b.iter(|| std_lines(&twin)));
        g.bench_function(format!("afile text lines {label}"), |b| {
            b.to_async(&rt).iter(|| afile_lines(path, encoding))
        });
        g.bench_function(format!("afile text readline_into {label}"), |b| {
            b.to_async(&rt).iter(|| afile_readline_into(path, encoding))
        });
    }
    g.finish();
}

criterion_group!(benches, text_lines);
criterion_main!(benches);
