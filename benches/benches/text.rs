//! Text `lines()` against std's `BufRead::read_line`, in the same run, on
//! ASCII, non-ASCII UTF-8, cp1252 and shift_jis files of 80-character
//! lines (200 MiB of ASCII; `AFILE_TEXT_BENCH_MB` changes the size). The
//! data files are written when the bench runs, never at build time. std has
//! no cp1252 or shift_jis decoder, so its rows for those read the same
//! text stored as UTF-8.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::time::Duration;

use afile_benches::{lines_file, runtime, scratch};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// How many 80-character lines the files hold.
fn line_count() -> usize {
    let mb: usize = std::env::var("AFILE_TEXT_BENCH_MB").ok().and_then(|v| v.parse().ok()).unwrap_or(200);
    mb * (1 << 20) / 80
}

/// A file of `lines` lines of 79 characters from `alphabet` and `\n`, in
/// `encoding`, written once through afile itself.
fn text_file(rt: &tokio::runtime::Runtime, name: &str, alphabet: &[char], encoding: &str) -> PathBuf {
    let path = scratch().join(name);
    if !path.exists() {
        rt.block_on(async {
            let mut f = afile::open_text(&path, "w").encoding(encoding).await.expect("create bench data");
            let mut chunk = String::new();
            for i in 0..line_count() {
                chunk.extend((0..79).map(|k| alphabet[(i + k * 7) % alphabet.len()]));
                chunk.push('\n');
                if chunk.len() > 1 << 20 {
                    f.write(&chunk).await.expect("write bench data");
                    chunk.clear();
                }
            }
            f.write(&chunk).await.expect("write bench data");
            f.close().await.expect("close bench data");
        });
    }
    let _ = std::fs::read(&path);
    path
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

async fn afile_lines(path: &Path, encoding: &str) -> usize {
    let mut f = afile::open_text(path, "r").encoding(encoding).await.expect("open");
    let mut lines = f.lines();
    let mut n = 0usize;
    while let Some(line) = lines.next().await {
        n += line.expect("line").len();
    }
    n
}

fn text_lines(c: &mut Criterion) {
    let rt = runtime();
    let ascii = lines_file("text-ascii.txt", line_count() * 80);
    let latin: Vec<char> = "abcdefghij klmnopé ÀÇÑ€ßü".chars().collect();
    let japanese: Vec<char> = "あいうえお日本語テキストabc ".chars().collect();
    let files = [
        ("ascii", ascii.clone(), "utf-8", ascii),
        ("utf-8 non-ascii", text_file(&rt, "text-utf8.txt", &japanese, "utf-8"), "utf-8", PathBuf::new()),
        (
            "cp1252",
            text_file(&rt, "text-cp1252.txt", &latin, "cp1252"),
            "cp1252",
            text_file(&rt, "text-latin-utf8.txt", &latin, "utf-8"),
        ),
        ("shift_jis", text_file(&rt, "text-sjis.txt", &japanese, "shift_jis"), "shift_jis", PathBuf::new()),
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
        g.bench_function(format!("afile text lines {label}"), |b| {
            b.to_async(&rt).iter(|| afile_lines(path, encoding))
        });
    }
    g.finish();
}

criterion_group!(benches, text_lines);
criterion_main!(benches);
