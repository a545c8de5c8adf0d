//! Tests of the descriptor-based tree removal: links swapped in at the
//! moment a directory has been listed, trees moved away, deep trees, and,
//! as an unprivileged user made by the test, unreadable directories and a
//! race against another user swapping links during cleanup.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap

use std::fs;
use std::future::IntoFuture;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use super::*;

/// A scratch directory, in memory (`/dev/shm`) where there is one: the
/// deep tree and the race make many thousands of directories.
fn scratch() -> tempfile::TempDir {
    match Path::new("/dev/shm").is_dir() {
        true => tempfile::tempdir_in("/dev/shm").unwrap(),
        false => tempfile::tempdir().unwrap(),
    }
}

fn mode(p: &Path) -> u32 {
    fs::symlink_metadata(p).unwrap().permissions().mode() & 0o7777
}

fn chmod(p: &Path, mode: u32) {
    fs::set_permissions(p, fs::Permissions::from_mode(mode)).unwrap();
}

/// A directory outside the tree, with a file and a subdirectory: what a
/// swapped-in link points at. Nothing in it may change.
fn outside(root: &Path) -> std::path::PathBuf {
    let o = root.join("outside");
    fs::create_dir_all(o.join("sub")).unwrap();
    fs::write(o.join("file"), b"keep").unwrap();
    chmod(&o.join("file"), 0o644);
    chmod(&o.join("sub"), 0o755);
    chmod(&o, 0o755);
    o
}

fn assert_untouched(o: &Path) {
    assert_eq!(fs::read(o.join("file")).unwrap(), b"keep", "the outside file is intact");
    assert_eq!(
        (mode(o), mode(&o.join("sub")), mode(&o.join("file"))),
        (0o755, 0o755, 0o644),
        "outside modes"
    );
}

#[test]
fn a_directory_swapped_for_a_symlink_after_listing_is_unlinked_not_followed() {
    let root = scratch();
    let o = outside(root.path());
    let t = root.path().join("t");
    fs::create_dir_all(t.join("sub/deeper")).unwrap();
    fs::write(t.join("sub/f"), b"x").unwrap();
    remove_tree(&t, false, &mut |depth, _| {
        if depth == 0 {
            // Listed as a directory; a link by the time it is opened.
            fs::remove_dir_all(t.join("sub")).unwrap();
            symlink(&o, t.join("sub")).unwrap();
        }
    })
    .unwrap();
    assert!(!t.exists() && fs::symlink_metadata(&t).is_err(), "the tree and the link are gone");
    assert_untouched(&o);
}

#[test]
fn a_file_swapped_for_a_directory_after_listing_is_emptied_and_removed() {
    let root = scratch();
    let t = root.path().join("t");
    fs::create_dir(&t).unwrap();
    fs::write(t.join("f"), b"x").unwrap();
    remove_tree(&t, false, &mut |depth, _| {
        if depth == 0 {
            fs::remove_file(t.join("f")).unwrap();
            fs::create_dir_all(t.join("f/inner")).unwrap();
            fs::write(t.join("f/inner/g"), b"y").unwrap();
        }
    })
    .unwrap();
    assert!(!t.exists());
}

#[test]
fn a_tree_moved_away_mid_removal_is_left_alone_where_it_went() {
    // Deeper than KEEP_OPEN (4 in tests): the walk reopens ancestors
    // through `..`, and must notice the tree moved meanwhile.
    let root = scratch();
    let o = outside(root.path());
    let t = root.path().join("t");
    let chain = "a/b/c/d/e/f/g/h";
    fs::create_dir_all(t.join(chain)).unwrap();
    for strict in [true, false] {
        fs::create_dir_all(t.join(chain)).unwrap();
        let result = remove_tree(&t, !strict, &mut |depth, _| {
            if depth == 8 {
                // The level-1 directory leaves the tree for the outside one.
                fs::rename(t.join("a"), o.join("a")).unwrap();
            }
        });
        if strict {
            let err = result.unwrap_err().to_string();
            assert!(err.starts_with("directory moved while its tree was being removed"), "{err}");
        } else {
            result.unwrap();
        }
        assert_untouched(&o);
        assert!(o.join("a").is_dir(), "the moved directory's parent in its new place is not removed");
        fs::remove_dir_all(o.join("a")).unwrap();
    }
}

#[test]
fn a_tree_ten_thousand_levels_deep_is_removed_without_recursion() {
    let root = scratch();
    let t = root.path().join("t");
    fs::create_dir(&t).unwrap();
    // Built through descriptors: the path would pass PATH_MAX.
    let mut fd = rustix::fs::open(&t, DIR_FLAGS, Mode::empty()).unwrap();
    for _ in 0..10_000 {
        rustix::fs::mkdirat(&fd, "d", Mode::from_raw_mode(0o700)).unwrap();
        fd = rustix::fs::openat(&fd, "d", DIR_FLAGS, Mode::empty()).unwrap();
    }
    rustix::fs::openat(
        &fd,
        "leaf",
        OFlags::CREATE | OFlags::WRONLY | OFlags::CLOEXEC,
        Mode::from_raw_mode(0o600),
    )
    .unwrap();
    drop(fd);
    rmtree(&t, false).unwrap();
    assert!(!t.exists());
}

#[test]
fn a_symlink_at_the_name_is_left_with_cpythons_error() {
    let root = scratch();
    let o = outside(root.path());
    let t = root.path().join("t");
    symlink(&o, &t).unwrap();
    assert_eq!(rmtree(&t, false).unwrap_err().to_string(), SYMLINK);
    rmtree(&t, true).unwrap();
    assert!(fs::symlink_metadata(&t).unwrap().file_type().is_symlink(), "the link stays");
    assert_untouched(&o);
    let dangling = root.path().join("dangling");
    symlink("nowhere", &dangling).unwrap();
    rmtree(&dangling, false).unwrap();
    assert!(fs::symlink_metadata(&dangling).is_ok(), "a dangling link stays, silently");
}

/// The role this process plays when a test runs itself again as another
/// user (`child`, `attacker`); unset in the test run itself.
const ROLE: &str = "AFILE_RMTREE_TEST_ROLE";

/// An unprivileged user, created with `useradd` (once); `None`, with the
/// reason printed, when this process is not root or no user can be made.
fn test_user() -> Option<(u32, u32)> {
    if !rustix::process::geteuid().is_root() {
        println!("skipped: not root, so no other user can be created or run as");
        return None;
    }
    const NAME: &str = "afile-test";
    let id = |flag: &str| -> Option<u32> {
        let out = Command::new("id").args([flag, NAME]).output().ok().filter(|o| o.status.success())?;
        String::from_utf8(out.stdout).ok()?.trim().parse().ok()
    };
    if id("-u").is_none() {
        // A parallel test may be creating it too: look again either way.
        let _ = Command::new("useradd")
            .args(["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", NAME])
            .output();
    }
    match (id("-u"), id("-g")) {
        (Some(uid), Some(gid)) => Some((uid, gid)),
        _ => {
            println!("skipped: could not create the unprivileged user {NAME} with useradd");
            None
        }
    }
}

/// This test binary, running only `test` as `user`, in `role`.
fn rerun_as(user: (u32, u32), test: &str, role: &str, env: &[(&str, &Path)]) -> Command {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args(["--exact", test, "--nocapture", "--test-threads=1"]).env(ROLE, role).uid(user.0).gid(user.1);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd
}

const AS_USER: &str =
    "sys::unix::rmtree::tests::as_a_user_unreadable_directories_are_reset_through_descriptors";

#[test]
fn as_a_user_unreadable_directories_are_reset_through_descriptors() {
    if std::env::var(ROLE).as_deref() == Ok("child") {
        return user_side_of_unreadable_directories();
    }
    let Some(user) = test_user() else { return };
    let out = rerun_as(user, AS_USER, "child", &[]).output().unwrap();
    let log = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "as the unprivileged user:\n{log}");
    assert!(log.contains("user side done"), "the child ran the test:\n{log}");
}

/// As the unprivileged user: a tree with a directory that cannot be read
/// (0000), one that cannot be written (0500), and one that is swapped for
/// a link to the user's own read-only directory outside once listed.
fn user_side_of_unreadable_directories() {
    assert!(!rustix::process::geteuid().is_root(), "the child runs as the unprivileged user");
    let root = scratch();
    let o = outside(root.path());
    chmod(&o, 0o500);
    let t = root.path().join("t");
    for d in ["locked", "readonly", "swapped"] {
        fs::create_dir_all(t.join(d).join("inner")).unwrap();
        fs::write(t.join(d).join("f"), b"x").unwrap();
    }
    chmod(&t.join("locked"), 0o000);
    chmod(&t.join("readonly"), 0o500);
    chmod(&t.join("swapped"), 0o500);
    remove_tree(&t, false, &mut |depth, _| {
        if depth == 0 {
            chmod(&t.join("swapped"), 0o700);
            fs::remove_dir_all(t.join("swapped")).unwrap();
            symlink(&o, t.join("swapped")).unwrap();
        }
    })
    .unwrap();
    assert!(fs::symlink_metadata(&t).is_err(), "everything removed");
    assert_eq!(mode(&o), 0o500, "the outside directory keeps its mode");
    chmod(&o, 0o755);
    assert_untouched(&o);
    println!("user side done");
}

/// Rounds of the race: each spawns an attacker, which costs a process.
const ROUNDS: usize = 100;

/// Names the attacker keeps exchanging with links.
const PAIRS: usize = 32;

const RACE: &str = "sys::unix::rmtree::tests::racing_symlink_swaps_change_nothing_outside_the_tree";

/// As root, with another user swapping symlinks into a shared directory of
/// the tree while `TemporaryDirectory` removes it: nothing outside changes
/// mode or disappears (issue 19: the cleanup used to walk again by path and
/// `chmod` through the swapped links).
#[test]
fn racing_symlink_swaps_change_nothing_outside_the_tree() {
    if std::env::var(ROLE).as_deref() == Ok("attacker") {
        return attack();
    }
    let Some(user) = test_user() else { return };
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let root = scratch();
    chmod(root.path(), 0o755);
    let o = outside(root.path());
    for _ in 0..ROUNDS {
        let dir = rt.block_on(crate::TemporaryDirectory::builder().dir(root.path()).into_future()).unwrap();
        chmod(dir.path(), 0o755);
        let shared = dir.path().join("shared");
        // The user's own directory inside root's tree (so a chmod of it
        // by the cleanup does not lock the user out).
        fs::create_dir(&shared).unwrap();
        std::os::unix::fs::chown(&shared, Some(user.0), Some(user.1)).unwrap();
        let mut attacker =
            rerun_as(user, RACE, "attacker", &[("AFILE_SHARED", &shared), ("AFILE_OUTSIDE", &o)])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap();
        // Once the attacker is swapping, remove the tree.
        let started = Instant::now();
        while !shared.join("ready").exists() && started.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(1));
        }
        drop(dir); // removal as root, racing the attacker
        attacker.kill().ok();
        attacker.wait().unwrap();
        assert_untouched(&o);
        // What the attacker left: cleaned by root, outside untouched.
        for e in fs::read_dir(root.path()).unwrap() {
            let p = e.unwrap().path();
            if p != o {
                rmtree(&p, true).unwrap();
            }
        }
    }
}

/// The attacker: keeps pairs of names in the shared directory — a real
/// file and a link to the outside file, a real directory and a link to the
/// outside directory — and exchanges each pair atomically, over and over
/// (remaking them when the cleanup removed them), adding a file each round
/// so that removals fail; until the directory is gone or three seconds
/// pass.
fn attack() {
    use rustix::fs::{RenameFlags, renameat_with};
    let shared = std::path::PathBuf::from(std::env::var_os("AFILE_SHARED").unwrap());
    let o = std::path::PathBuf::from(std::env::var_os("AFILE_OUTSIDE").unwrap());
    let deadline = Instant::now() + Duration::from_secs(3);
    // From inside, by relative names: a chmod of the directories above
    // does not shut the attacker out.
    std::env::set_current_dir(&shared).unwrap();
    let shared = std::path::PathBuf::from(".");
    let pairs: Vec<_> = (0..PAIRS)
        .map(|i| {
            let (real, link, target) = match i % 2 {
                0 => (format!("f{i}"), format!("fl{i}"), o.join("file")),
                _ => (format!("d{i}"), format!("dl{i}"), o.join("sub")),
            };
            (shared.join(real), shared.join(link), target, i % 2 == 1)
        })
        .collect();
    let make =
        |(real, link, target, dir): &(std::path::PathBuf, std::path::PathBuf, std::path::PathBuf, bool)| {
            let _ = if *dir { fs::create_dir(real) } else { fs::write(real, b"bait") };
            let _ = symlink(target, link);
        };
    pairs.iter().for_each(make);
    let _ = fs::write(shared.join("ready"), b"");
    // A few threads, each flipping its own pairs as fast as it can.
    std::thread::scope(|s| {
        for (t, chunk) in pairs.chunks(PAIRS / 4).enumerate() {
            let shared = &shared;
            s.spawn(move || {
                let mut n = 0u64;
                while Instant::now() < deadline {
                    for pair in chunk {
                        let flip = renameat_with(CWD, &pair.0, CWD, &pair.1, RenameFlags::EXCHANGE);
                        if let Err(Errno::NOENT) = flip {
                            if fs::symlink_metadata(shared).is_err() {
                                return;
                            }
                            make(pair);
                        }
                    }
                    n += 1;
                    if n.is_multiple_of(8) {
                        let _ = fs::write(shared.join(format!("new{t}-{n}")), b"z");
                    }
                }
            });
        }
    });
}
