//! A new file of an atomic save gets `0666` less the umask, as
//! `open(path, "w")` gives it, from the kernel (no `/proc` read). The only
//! test in its binary: it changes the process's umask.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;

use afile_tempfile::{AtomicWrite, atomic_write};

#[tokio::test]
async fn new_files_get_0666_less_the_umask() {
    let d = tempfile::tempdir().unwrap();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o7777;
    for (umask, expected) in [(0o077, 0o600), (0o027, 0o640), (0o022, 0o644), (0o002, 0o664)] {
        let old = rustix::process::umask(rustix::fs::Mode::from_raw_mode(umask));
        let one = d.path().join(format!("one-{umask:o}"));
        atomic_write(&one, b"x").await.unwrap();
        let streamed = d.path().join(format!("streamed-{umask:o}"));
        let mut f = AtomicWrite::new(&streamed).overwrite(false).open().await.unwrap();
        f.write(b"x").await.unwrap();
        f.commit().await.unwrap();
        // keep_permissions(false) over an existing 0600 file.
        let replaced = d.path().join(format!("replaced-{umask:o}"));
        std::fs::write(&replaced, b"old").unwrap();
        std::fs::set_permissions(&replaced, std::fs::Permissions::from_mode(0o600)).unwrap();
        AtomicWrite::new(&replaced).keep_permissions(false).save(b"x").await.unwrap();
        rustix::process::umask(old);
        assert_eq!(mode(&one), expected, "umask {umask:o}");
        assert_eq!(mode(&streamed), expected, "umask {umask:o}");
        assert_eq!(mode(&replaced), expected, "umask {umask:o}");
    }
}
