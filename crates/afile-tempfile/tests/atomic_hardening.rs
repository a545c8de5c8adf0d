//! Issue 19's findings for atomic saves: no privilege through a planted
//! symlink, set-ID bits never copied to another owner, and the longest
//! legal names.
#![cfg(unix)]

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;

use afile_tempfile::{AtomicWrite, atomic_write};

/// An unprivileged user and group for the attacker, with no entry in
/// `/etc/passwd` (root can run a process as any id).
const ATTACKER: u32 = 54_321;

fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}

/// Runs `ln -s to at` as the attacker.
fn plant_symlink(to: &Path, at: &Path) {
    use std::os::unix::process::CommandExt;
    let status = std::process::Command::new("ln")
        .arg("-s")
        .arg(to)
        .arg(at)
        .uid(ATTACKER)
        .gid(ATTACKER)
        .status()
        .expect("run ln as the attacker");
    assert!(status.success(), "the attacker plants a link in a directory it owns");
}

#[tokio::test]
async fn a_planted_link_to_a_setuid_root_file_never_gives_a_setuid_file() {
    if !is_root() {
        println!("skipped: needs root to make a root-owned setuid file and act as another user");
        return;
    }
    let d = tempfile::tempdir().unwrap();
    // A directory the attacker can write in; the root-owned setuid program
    // lives outside it.
    let shared = d.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    std::os::unix::fs::chown(&shared, Some(ATTACKER), Some(ATTACKER)).unwrap();
    let program = d.path().join("program");
    std::fs::write(&program, b"#!/bin/sh\necho original\n").unwrap();
    std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o4755)).unwrap();
    let target = shared.join("report.sh");
    plant_symlink(&program, &target);

    // Root saves attacker-chosen bytes to the name in the shared directory.
    atomic_write(&target, b"#!/bin/sh\nid\n").await.unwrap();

    let meta = std::fs::symlink_metadata(&target).unwrap();
    assert!(meta.file_type().is_file(), "the link is replaced by a regular file, not followed");
    assert_eq!(meta.mode() & 0o6000, 0, "no set-ID bit from the link's target: {:o}", meta.mode());
    assert_eq!(meta.uid(), 0, "the writer's file");
    let fresh = shared.join("fresh");
    std::fs::write(&fresh, b"").unwrap();
    assert_eq!(meta.mode() & 0o777, std::fs::metadata(&fresh).unwrap().mode() & 0o777, "a new file's mode");
    let program_meta = std::fs::metadata(&program).unwrap();
    assert_eq!(program_meta.mode() & 0o7777, 0o4755, "the link's target is untouched");
    assert_eq!(std::fs::read(&program).unwrap(), b"#!/bin/sh\necho original\n");
}

#[tokio::test]
async fn set_id_bits_stay_only_with_their_owner() {
    if !is_root() {
        println!("skipped: needs root to give files to another user");
        return;
    }
    let d = tempfile::tempdir().unwrap();
    // The attacker's own setuid file, saved by root: its owner is kept, so
    // its bit may stay (it grants nothing the attacker does not have).
    let theirs = d.path().join("theirs");
    std::fs::write(&theirs, b"old").unwrap();
    std::os::unix::fs::chown(&theirs, Some(ATTACKER), Some(ATTACKER)).unwrap();
    std::fs::set_permissions(&theirs, std::fs::Permissions::from_mode(0o6755)).unwrap();
    atomic_write(&theirs, b"new").await.unwrap();
    let meta = std::fs::metadata(&theirs).unwrap();
    assert_eq!((meta.uid(), meta.gid(), meta.mode() & 0o7777), (ATTACKER, ATTACKER, 0o6755));

    // Without `keep_permissions` nothing of the old file is taken.
    AtomicWrite::new(&theirs).keep_permissions(false).save(b"newer").await.unwrap();
    let meta = std::fs::metadata(&theirs).unwrap();
    assert_eq!((meta.uid(), meta.mode() & 0o6000), (0, 0));
}

#[tokio::test]
async fn names_of_242_to_255_bytes_are_saved_over() {
    let d = tempfile::tempdir().unwrap();
    for len in [241usize, 242, 250, 254, 255] {
        let target = d.path().join("n".repeat(len));
        std::fs::write(&target, b"old").unwrap();
        atomic_write(&target, b"new").await.unwrap_or_else(|e| panic!("{len} bytes: {e}"));
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        let mut f = AtomicWrite::new(&target).open().await.unwrap();
        f.write(b"streamed").await.unwrap();
        f.commit().await.unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"streamed");
    }
    // Multibyte characters cut in the middle still make a legal name.
    let target = d.path().join("é".repeat(127));
    std::fs::write(&target, b"old").unwrap();
    atomic_write(&target, b"new").await.unwrap();
    assert_eq!(std::fs::read(&target).unwrap(), b"new");
    assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 6, "no hidden file left");
}
