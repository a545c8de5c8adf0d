//! The example programs of `crates/afile/examples` written with `tokio::fs`
//! and the `tempfile` crate instead of afile, as a user would write them
//! from those crates' docs: the same data, the same work, the same part
//! timed. `benches/programs.rs` runs each beside its afile original.

use std::collections::BTreeMap;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, BufWriter};
use tokio::task::JoinSet;

pub type Res<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// grep ERROR over a ~50 MB log, line by line (bytes, as afile's example).
pub async fn grep(dir: &Path) -> Res<Duration> {
    let path = dir.join("app.log");
    let mut log = Vec::with_capacity(51 << 20);
    let mut n = 0u64;
    while log.len() < 50 << 20 {
        let level = if n % 97 == 13 { "ERROR" } else { "INFO" };
        let line = format!(
            "2026-12-01T{:02}:{:02}:{:02}Z {level} request id={n} path=/api/v1/items/{} took {}ms\n",
            (n / 3600) % 24,
            (n / 60) % 60,
            n % 60,
            n % 1000,
            n % 250
        );
        log.extend_from_slice(line.as_bytes());
        n += 1;
    }
    std::fs::write(&path, &log)?;
    let started = Instant::now();
    let mut reader = BufReader::new(tokio::fs::File::open(&path).await?);
    let (mut line, mut lines, mut matches) = (Vec::new(), 0u64, 0u64);
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line).await? == 0 {
            break;
        }
        lines += 1;
        if line.windows(5).any(|w| w == b"ERROR") {
            matches += 1;
        }
    }
    let took = started.elapsed();
    assert_eq!(lines, n);
    assert_eq!(matches, (0..n).filter(|i| i % 97 == 13).count() as u64);
    Ok(took)
}

/// cp1252 CSV (200,000 rows) to UTF-8, line by line, decoding with encoding_rs.
pub async fn csv(dir: &Path) -> Res<Duration> {
    let (src, dst) = (dir.join("in.csv"), dir.join("out.csv"));
    let people = [
        ("Zoë Müller", "Köln", "12,50 €"),
        ("François “Frank” Œdipe", "Besançon", "7 €"),
        ("Søren Ærø", "Århus", "1 000 €"),
        ("Plain Name", "Springfield", "3.00"),
    ];
    let mut text = String::from("id;name;city;amount\r\n");
    for i in 0..200_000usize {
        let (name, city, amount) = people[i % people.len()];
        text.push_str(&format!("{i};\"{name}\";{city};{amount}\r\n"));
    }
    let (bytes, _, bad) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!bad);
    std::fs::write(&src, &bytes)?;
    let started = Instant::now();
    let mut input = BufReader::new(tokio::fs::File::open(&src).await?);
    let mut output = BufWriter::new(tokio::fs::File::create(&dst).await?);
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line).await? == 0 {
            break;
        }
        let (decoded, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&line);
        output.write_all(decoded.as_bytes()).await?;
    }
    output.flush().await?;
    let took = started.elapsed();
    assert!(std::fs::read(&dst)? == text.as_bytes());
    Ok(took)
}

fn version(n: u32) -> String {
    let body = "x".repeat(4096 + (n as usize * 37) % 8192);
    format!("{{\"version\": {n}, \"len\": {}, \"body\": \"{body}\"}}\n", body.len())
}

/// 200 atomic saves with a concurrent reader: `NamedTempFile` in the
/// target's directory, write through `tokio::fs::File`, `sync_all`,
/// permissions, `persist`, directory `sync_all`.
pub async fn atomic_save(dir: &Path) -> Res<Duration> {
    let path = dir.join("state.json");
    std::fs::write(&path, version(0))?;
    let done = Arc::new(AtomicBool::new(false));
    let reader = tokio::spawn({
        let (path, done) = (path.clone(), done.clone());
        async move {
            let mut reads = 0u64;
            while !done.load(Ordering::Relaxed) {
                let text = tokio::fs::read_to_string(&path).await.expect("read");
                assert!(text.ends_with("}\n"), "torn");
                reads += 1;
            }
            reads
        }
    });
    let saves = 200;
    let started = Instant::now();
    for n in 1..=saves {
        let data = version(n);
        let target = path.clone();
        let tmp = tokio::task::spawn_blocking(move || {
            tempfile::NamedTempFile::new_in(target.parent().expect("has a parent"))
        })
        .await??;
        let mut f = tokio::fs::File::from_std(tmp.as_file().try_clone()?);
        f.write_all(data.as_bytes()).await?;
        f.sync_all().await?;
        let perms = tokio::fs::metadata(&path).await?.permissions();
        tokio::fs::set_permissions(tmp.path(), perms).await?;
        let target = path.clone();
        tokio::task::spawn_blocking(move || tmp.persist(target)).await??;
        tokio::fs::File::open(dir).await?.sync_all().await?;
    }
    let took = started.elapsed();
    done.store(true, Ordering::Relaxed);
    reader.await?;
    assert_eq!(std::fs::read_to_string(&path)?, version(saves));
    Ok(took)
}

/// du over 20 directories of 500 files (+ subdirectories, symlinks), 8
/// listings at once with `tokio::fs::read_dir` + `DirEntry::metadata` (an
/// lstat per entry); then the per-file report into a
/// `tempfile::SpooledTempFile` (max_size 64 KiB) and read back.
pub async fn du_spooled(dir: &Path) -> Res<(Duration, Duration)> {
    let root = dir.join("tree");
    std::fs::create_dir(&root)?;
    let big = root.join("big.bin");
    std::fs::write(&big, vec![7u8; 1 << 20])?;
    for d in 0..20 {
        let dir = root.join(format!("dir{d:03}"));
        std::fs::create_dir_all(dir.join("sub"))?;
        for f in 0..500 {
            std::fs::write(dir.join(format!("file{f:04}.dat")), vec![b'a'; (d * 31 + f * 7) % 5000])?;
        }
        for f in 0..5 {
            std::fs::write(dir.join("sub").join(format!("s{f}")), vec![b'b'; 100 * f])?;
        }
        std::os::unix::fs::symlink(&big, dir.join("link-to-big"))?;
    }
    let started = Instant::now();
    let (mut files, mut own, mut parents) = (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    let mut pending = vec![root.clone()];
    let mut running = JoinSet::new();
    while !pending.is_empty() || !running.is_empty() {
        while running.len() < 8 {
            let Some(dir) = pending.pop() else { break };
            running.spawn(list(dir));
        }
        let Some(done) = running.join_next().await else { break };
        let (dir, listed, subdirs) = done??;
        own.insert(dir.clone(), listed.iter().map(|(_, len)| len).sum::<u64>());
        files.extend(listed);
        for sub in subdirs {
            parents.insert(sub.clone(), dir.clone());
            pending.push(sub);
        }
    }
    let mut total = own.clone();
    let mut by_depth: Vec<PathBuf> = own.keys().cloned().collect();
    by_depth.sort_by_key(|p| std::cmp::Reverse(p.components().count()));
    for d in by_depth {
        if let Some(parent) = parents.get(&d) {
            let size = total[&d];
            *total.entry(parent.clone()).or_default() += size;
        }
    }
    let du = started.elapsed();
    assert_eq!(files.len(), 20 * 506 + 1);

    let report: String =
        files.iter().chain(&total).map(|(path, size)| format!("{size}\t{}\n", path.display())).collect();
    let started = Instant::now();
    let mut upload = tempfile::SpooledTempFile::new(64 << 10);
    upload.write_all(report.as_bytes())?;
    assert!(upload.is_rolled());
    upload.seek(SeekFrom::Start(0))?;
    let mut sent = Vec::new();
    upload.read_to_end(&mut sent)?;
    let spool = started.elapsed();
    assert!(sent == report.as_bytes());
    Ok((du, spool))
}

type Listed = (PathBuf, Vec<(PathBuf, u64)>, Vec<PathBuf>);

async fn list(dir: PathBuf) -> std::io::Result<Listed> {
    let (mut files, mut subdirs) = (Vec::new(), Vec::new());
    let mut entries = tokio::fs::read_dir(&dir).await?;
    while let Some(entry) = entries.next_entry().await? {
        let meta = entry.metadata().await?; // lstat: tokio's DirEntry does not follow links
        if meta.is_dir() {
            subdirs.push(entry.path());
        } else {
            files.push((entry.path(), meta.len()));
        }
    }
    Ok((dir, files, subdirs))
}
