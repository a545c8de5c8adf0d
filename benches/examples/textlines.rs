//! Instruction counts of reading every line of a text file, for
//! `valgrind --tool=callgrind` (steadier than wall time on a loaded
//! machine): `textlines <entry> <text> <mib>` reads every line of a file of
//! about `mib` MiB of 80-character lines with one entry. Run it with two
//! sizes and divide the difference in instructions by the difference in
//! bytes (or lines): that leaves out start-up (runtime, codec tables).
//!
//! Texts: `ascii`, `utf8` (Japanese, mostly 3-byte characters), `cp1252`
//! (Latin text, one character in four not ASCII), `sjis` (the Japanese text
//! in shift_jis). Entries: `std` (std's `BufReader::read_line` into one
//! reused `String`; for `cp1252` and `sjis` it reads the same text stored as
//! UTF-8, since std has no such decoders), `std-lines` (std's
//! `BufRead::lines()`, one `String` per line, terminator dropped), `afile` (`TextFile::lines()`, one
//! `String` per line), `afile-into` (`TextFile::readline_into` into one
//! reused `String`), `std-128k` and `std-1m` (std with a larger
//! `BufReader`), `gen` (only writes the files, natively, before the valgrind
//! runs).
//!
//! The files live in `$TMPDIR/afile-textlines` and are kept between runs.

use std::io::BufRead;
use std::path::{Path, PathBuf};

use afile_benches::{JAPANESE, LATIN, text_file};

/// The text file to read for `text`, its encoding, and the file holding the
/// same text as UTF-8 (what std reads).
fn files(text: &str, mib: usize) -> (PathBuf, &'static str, PathBuf) {
    let dir = std::env::temp_dir().join("afile-textlines");
    std::fs::create_dir_all(&dir).expect("create the data directory");
    let lines = mib * (1 << 20) / 80;
    // Written (and read once into the page cache) only when missing, so
    // that a measured run reads nothing but its lines.
    let file = |kind: &str, alphabet, encoding| {
        let name = format!("{kind}-{mib}.txt");
        match dir.join(&name) {
            p if p.exists() => p,
            _ => text_file(&dir, &name, alphabet, encoding, lines),
        }
    };
    match text {
        "ascii" => {
            let p = file("ascii", "abcdefghijklmnopqrstuvwxyz 0123456789,.", "utf-8");
            (p.clone(), "utf-8", p)
        }
        "utf8" => {
            let p = file("utf8", JAPANESE, "utf-8");
            (p.clone(), "utf-8", p)
        }
        "cp1252" => (file("cp1252", LATIN, "cp1252"), "cp1252", file("latin-utf8", LATIN, "utf-8")),
        "sjis" => (file("sjis", JAPANESE, "shift_jis"), "shift_jis", file("utf8", JAPANESE, "utf-8")),
        other => panic!("unknown text {other}: ascii, utf8, cp1252 or sjis"),
    }
}

fn std_read_line(path: &Path, capacity: usize) -> (usize, usize) {
    let mut f = std::io::BufReader::with_capacity(capacity, std::fs::File::open(path).expect("open"));
    let (mut line, mut n, mut count) = (String::new(), 0usize, 0usize);
    while f.read_line(&mut line).expect("read_line") > 0 {
        n += line.len();
        count += 1;
        line.clear();
    }
    (count, n)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let entry = args.next().unwrap_or_default();
    let text = args.next().unwrap_or_else(|| "ascii".into());
    let mib: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(4);
    let (path, encoding, utf8_twin) = files(&text, mib);
    let rt = tokio::runtime::Builder::new_current_thread().build().expect("runtime");
    let (count, bytes) = match entry.as_str() {
        "gen" => (0, 0),
        "std" => std_read_line(&utf8_twin, 8 * 1024),
        "std-lines" => {
            let f = std::io::BufReader::new(std::fs::File::open(&utf8_twin).expect("open"));
            f.lines().fold((0, 0), |(count, n), line| (count + 1, n + line.expect("line").len() + 1))
        }
        "std-128k" => std_read_line(&utf8_twin, 128 * 1024),
        "std-1m" => std_read_line(&utf8_twin, 1024 * 1024),
        "afile" => rt.block_on(async {
            let mut f = afile::open_text(&path, "r").encoding(encoding).await.expect("open");
            let mut lines = f.lines();
            let (mut n, mut count) = (0usize, 0usize);
            while let Some(line) = lines.next().await {
                n += line.expect("line").len();
                count += 1;
            }
            (count, n)
        }),
        "afile-into" => rt.block_on(async {
            let mut f = afile::open_text(&path, "r").encoding(encoding).await.expect("open");
            let (mut line, mut n, mut count) = (String::new(), 0usize, 0usize);
            while f.readline_into(&mut line).await.expect("line") > 0 {
                n += line.len();
                count += 1;
                line.clear();
            }
            (count, n)
        }),
        other => panic!("unknown entry {other}"),
    };
    println!("{entry} {text} {mib} MiB: {count} lines, {bytes} bytes of text");
}
