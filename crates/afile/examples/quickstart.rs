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
