//! Mounting and unmounting: `mount(2)` as root on `/dev/fuse`, and a drop
//! that unmounts even when files are still open.

use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fuser::{BackgroundSession, Config, MountOption};

use crate::Unavailable;
use crate::controls::Controls;
use crate::server::Server;

/// Server threads: a stalled request holds one, so several keep the other
/// requests of the mount moving.
const SERVER_THREADS: usize = 8;

/// A live mount and the thread serving it.
pub(crate) struct Mounted {
    path: PathBuf,
    session: Option<BackgroundSession>,
    controls: Arc<Controls>,
}

impl Mounted {
    pub(crate) fn new(server: Server, path: &Path, controls: Arc<Controls>) -> Result<Self, Unavailable> {
        // SAFETY: geteuid has no preconditions and cannot fail.
        if unsafe { libc::geteuid() } != 0 {
            return Err(Unavailable("not running as root".into()));
        }
        if !Path::new("/dev/fuse").exists() {
            return Err(Unavailable("/dev/fuse is missing".into()));
        }
        std::fs::create_dir_all(path)
            .map_err(|e| Unavailable(format!("cannot create mount point {}: {e}", path.display())))?;
        let mut config = Config::default();
        config.mount_options = vec![MountOption::FSName("afile-testfs".into()), MountOption::NoAtime];
        config.n_threads = Some(SERVER_THREADS);
        let session = fuser::spawn_mount(server, path, &config)
            .map_err(|e| Unavailable(format!("mount at {} failed: {e}", path.display())))?;
        Ok(Mounted { path: path.to_owned(), session: Some(session), controls })
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }
}

/// Unmounts `path`: plainly, or lazily (`MNT_DETACH`) if it is busy.
fn unmount(path: &Path) {
    let Ok(c) = CString::new(path.as_os_str().as_bytes()) else { return };
    // SAFETY: `c` is a valid NUL-terminated path that outlives both calls.
    unsafe {
        if libc::umount2(c.as_ptr(), 0) != 0 {
            libc::umount2(c.as_ptr(), libc::MNT_DETACH);
        }
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        // End stalls first so no server thread keeps the session alive.
        self.controls.shut_down();
        unmount(&self.path);
        let Some(session) = self.session.take() else { return };
        // The server thread ends once the kernel lets the connection go (at
        // once, or when the last file still open on a lazy unmount closes).
        let deadline = Instant::now() + Duration::from_secs(2);
        while !session.guard.is_finished() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        if session.guard.is_finished() {
            let _ = session.join();
        }
        // Otherwise leave the thread detached: the mount is already gone
        // from the tree, and the thread ends with the last open file.
    }
}
