//! The temporary-file and atomic-write surface through the facade, as a
//! program written from the docs uses it: `?` on `persist`, `atomic_write`,
//! the builder, and tokio's traits.

#![allow(clippy::unwrap_used)] // tests may unwrap

use std::path::Path;

/// Compiles only if `persist(..).await?` works in a function returning
/// `afile::Result`.
async fn save_afile(dir: &Path, target: &Path) -> afile::Result<()> {
    let mut f = afile::tempfile::NamedTemporaryFile::builder().dir(dir).await?;
    f.write(b"afile").await?;
    f.flush().await?;
    f.persist(target).await?;
    Ok(())
}

/// Compiles only if `persist_noclobber(..).await?` works in a function
/// returning `io::Result`.
async fn save_io(dir: &Path, target: &Path) -> std::io::Result<()> {
    let mut f = afile::tempfile::NamedTemporaryFile::builder().dir(dir).await?;
    f.write(b"io").await?;
    f.flush().await?;
    f.persist_noclobber(target).await?;
    Ok(())
}

#[tokio::test]
async fn persist_with_question_mark_in_both_result_types() {
    let d = tempfile::tempdir().unwrap();
    save_afile(d.path(), &d.path().join("a")).await.unwrap();
    save_io(d.path(), &d.path().join("b")).await.unwrap();
    assert_eq!(std::fs::read(d.path().join("a")).unwrap(), b"afile");
    assert_eq!(std::fs::read(d.path().join("b")).unwrap(), b"io");
    assert_eq!(
        save_io(d.path(), &d.path().join("a")).await.unwrap_err().kind(),
        std::io::ErrorKind::AlreadyExists
    );
}

#[tokio::test]
async fn atomic_save_in_one_call_and_streamed() -> afile::Result<()> {
    let d = tempfile::tempdir()?;
    let path = d.path().join("save.txt");
    afile::atomic_write(&path, "one call").await?;
    assert_eq!(std::fs::read_to_string(&path)?, "one call");
    let mut out = afile::AtomicWrite::new(&path).keep_permissions(true).overwrite(true).open().await?;
    let mut body: &[u8] = b"streamed";
    tokio::io::copy(&mut body, &mut out).await?;
    out.commit().await?;
    assert_eq!(std::fs::read_to_string(&path)?, "streamed");
    Ok(())
}

#[tokio::test]
async fn a_spooled_upload_buffer_through_tokio_copy() -> afile::Result<()> {
    let mut spooled = afile::tempfile::SpooledTemporaryFile::builder().max_size(1 << 20).await?;
    let data = vec![7u8; 3_000_000];
    let mut body = &data[..];
    tokio::io::copy(&mut body, &mut spooled).await?;
    assert!(spooled.rolled());
    spooled.seek(std::io::SeekFrom::Start(0)).await?;
    assert_eq!(spooled.read(None).await?.len(), 3_000_000);
    Ok(())
}
