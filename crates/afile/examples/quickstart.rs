//! A tour of afile on real files in a temporary directory. Each step prints
//! what it did.
//!
//! ```text
//! cargo run --example quickstart
//! ```

use std::io::SeekFrom;

use afile::Result;

#[tokio::main]
async fn main() -> Result<()> {
    let dir = tempfile::tempdir()?;
    println!("working in {}", dir.path().display());
    binary_files(dir.path()).await?;
    text_files(dir.path()).await?;
    os_helpers(dir.path()).await?;
    temp_files(dir.path()).await?;
    whole_files(dir.path()).await?;
    println!("done: every step above ran on real files");
    Ok(())
}

async fn binary_files(dir: &std::path::Path) -> Result<()> {
    let path = dir.join("notes.bin");

    let mut f = afile::open(&path, "w+b").await?;
    let n = f.write(b"first line\nsecond line\nthird").await?;
    println!("open(\"notes.bin\", \"w+b\"), write: {n} bytes accepted (buffered, written behind)");

    f.seek(SeekFrom::Start(0)).await?;
    let line = f.readline(None).await?;
    println!("seek(0), readline: {:?}", String::from_utf8_lossy(&line));

    let head = f.read(6).await?;
    println!("read(6): {:?}, tell: {}", String::from_utf8_lossy(&head), f.tell().await?);

    let rest = f.readlines(None).await?;
    println!("readlines: {rest:?}");

    // Python's `async for line in f:`
    f.seek(SeekFrom::Start(0)).await?;
    let mut lines = f.lines();
    while let Some(line) = lines.next().await {
        println!("async for line in f: {:?}", String::from_utf8_lossy(&line?));
    }

    let size = f.truncate(10).await?;
    println!("truncate(10): file is now {size} bytes; position stays at {}", f.tell().await?);
    f.close().await?;
    println!("close: closed = {}; the file holds {:?}", f.closed(), std::fs::read_to_string(&path)?);

    let mut log = afile::open(dir.join("log.bin"), "ab").await?;
    log.writelines(["one\n", "two\n"]).await?;
    drop(log);
    println!(
        "append, then drop without close: {:?} (drop wrote the buffer)",
        std::fs::read_to_string(dir.join("log.bin"))?
    );

    let mut src = afile::open(&path, "rb").await?;
    let mut dst = afile::open(dir.join("copy.bin"), "wb").await?;
    let copied = tokio::io::copy(&mut src, &mut dst).await?;
    dst.close().await?;
    println!("tokio::io::copy between two afile files: {copied} bytes");

    match afile::open(dir.join("missing"), "rb").await {
        Err(e) => println!("open a missing file: {e}"),
        Ok(_) => println!("open a missing file: unexpectedly worked"),
    }
    match afile::open(&path, "rw").await {
        Err(e) => println!("open with mode \"rw\": {e}"),
        Ok(_) => println!("open with mode \"rw\": unexpectedly worked"),
    }
    Ok(())
}

async fn text_files(dir: &std::path::Path) -> Result<()> {
    let path = dir.join("notes.txt");
    let mut t = afile::open_text(&path, "w+").encoding("utf-16").await?;
    let n = t.write("naïve café\r\nsecond line\n").await?;
    println!(
        "open_text(\"notes.txt\", \"w+\", encoding=utf-16), write: {n} characters, {} bytes on disk after flush",
        {
            t.flush().await?;
            std::fs::metadata(&path)?.len()
        }
    );
    t.seek(SeekFrom::Start(0)).await?;
    let first = t.readline(None).await?;
    println!("readline: {first:?} (universal newlines); newlines seen: {:?}", t.newlines());
    let word = t.read(6).await?;
    let here = t.tell().await?;
    let rest = t.read(None).await?;
    t.seek_cookie(here).await?;
    println!("read(6): {word:?}; tell; read(): {rest:?}; seek_cookie back, read(4): {:?}", t.read(4).await?);
    t.seek(SeekFrom::Start(0)).await?;
    let mut lines = t.lines();
    while let Some(line) = lines.next().await {
        println!("async for line in text file: {:?}", line?);
    }
    t.close().await?;

    match afile::open_text(&path, "w").encoding("klingon").await {
        Err(e) => println!("open_text with a bad encoding: {e} (the file was left alone)"),
        Ok(_) => println!("open_text with a bad encoding: unexpectedly worked"),
    }

    // Every codec of CPython's `encodings` package, stateful ones included.
    let jis = dir.join("jis.txt");
    let mut t = afile::open_text(&jis, "w").encoding("iso2022_jp").await?;
    t.write("かな").await?;
    t.write(" kana\n").await?;
    t.close().await?;
    println!(
        "open_text(encoding='iso2022_jp'), two writes: b\"{}\" on disk",
        afile::read(&jis).await?.escape_ascii()
    );
    let mut t = afile::open_text(&jis, "w").encoding("ascii").errors("namereplace").await?;
    t.write("café ☕\n").await?;
    t.close().await?;
    println!("errors='namereplace': {:?}", afile::read_text(&jis).await?);
    Ok(())
}

async fn os_helpers(dir: &std::path::Path) -> Result<()> {
    use afile::os;
    os::makedirs(dir.join("tree/a/b"), None, false).await?;
    std::fs::write(dir.join("tree/a/file.txt"), "x")?;
    os::rename(dir.join("tree/a/file.txt"), dir.join("tree/a/moved.txt")).await?;
    println!("os.makedirs, os.rename; os.listdir(tree/a): {:?}", os::listdir(dir.join("tree/a")).await?);
    let st = os::stat(dir.join("tree/a/moved.txt")).await?;
    println!(
        "os.stat(moved.txt): {} bytes; os.path.isdir(tree/a/b): {}",
        st.len(),
        os::path::isdir(dir.join("tree/a/b")).await
    );
    let mut entries = os::scandir(dir.join("tree/a")).prefetch_stat();
    while let Some(entry) = entries.next().await {
        let entry = entry?;
        println!(
            "for entry in os.scandir(tree/a): {:?}, {} bytes",
            entry.name(),
            entry.stat(false).await?.len()
        );
    }
    let mut walk = os::walk(dir.join("tree"), true);
    while let Some(w) = walk.next().await {
        let w = w?;
        println!(
            "for dirpath, dirnames, filenames in os.walk(tree): {} {:?} {:?}",
            w.dirpath.display(),
            w.dirnames,
            w.filenames
        );
    }
    match os::rmdir(dir.join("tree/a")).await {
        Err(e) => println!("os.rmdir on a non-empty directory: {e}"),
        Ok(()) => println!("os.rmdir on a non-empty directory: unexpectedly worked"),
    }
    Ok(())
}

async fn temp_files(dir: &std::path::Path) -> Result<()> {
    use afile::tempfile::{NamedTemporaryFile, SpooledTemporaryFile, TemporaryDirectory, TemporaryFile};
    let mut named = NamedTemporaryFile::builder().dir(dir).suffix(".tmp").await?;
    named.write(b"scratch").await?;
    let path = named.path().to_path_buf();
    println!("NamedTemporaryFile: {} (exists: {})", path.display(), path.exists());
    named.close().await?;
    println!("  close(): removed = {}", !path.exists());

    let mut unnamed = TemporaryFile::builder().dir(dir).await?;
    unnamed.write(b"invisible").await?;
    println!("TemporaryFile: no name (O_TMPFILE), {} bytes written", unnamed.tell().await?);

    let mut spooled = SpooledTemporaryFile::builder().dir(dir).max_size(8).text().await?;
    spooled.write("short").await?;
    let before = spooled.rolled();
    spooled.write(" and then longer").await?;
    println!(
        "SpooledTemporaryFile(max_size=8): rolled after 5 bytes: {before}, after 21: {}",
        spooled.rolled()
    );

    let tmp = TemporaryDirectory::builder().dir(dir).await?;
    std::fs::write(tmp.path().join("inside"), "x")?;
    let kept = tmp.path().to_path_buf();
    drop(tmp);
    println!("TemporaryDirectory dropped: removed with its contents = {}", !kept.exists());
    println!("gettempdir(): {}", afile::tempfile::gettempdir().await?.display());
    Ok(())
}

async fn whole_files(dir: &std::path::Path) -> Result<()> {
    let path = dir.join("settings.txt");
    afile::write(&path, "colour = blue\r\n").await?;
    println!("Path.write_text: afile::write, {} bytes", afile::read(&path).await?.len());
    let text = afile::read_text(&path).encoding("latin-1").await?;
    println!("Path.read_text(encoding='latin-1'): {text:?} (universal newlines)");

    afile::atomic_write(&path, "colour = green\n").await?;
    println!("atomic save (temp file, fsync, rename, fsync dir): {:?}", afile::read_to_string(&path).await?);

    let ex = afile::Executor::inline();
    let bytes = afile::read(&path).executor(ex).await?;
    println!("Executor::inline(): read {} bytes on this thread, no pool", bytes.len());
    Ok(())
}
