//! The in-memory tree: one directory (the root) holding regular files.

use std::collections::{BTreeMap, HashMap};
use std::ffi::{OsStr, OsString};

/// The inode number of the root directory.
pub(crate) const ROOT: u64 = 1;

/// Files by name and by inode number.
#[derive(Default)]
pub(crate) struct Tree {
    names: BTreeMap<OsString, u64>,
    files: HashMap<u64, Vec<u8>>,
    next_ino: u64,
}

impl Tree {
    /// The inode of `name`, if it exists.
    pub(crate) fn lookup(&self, name: &OsStr) -> Option<u64> {
        self.names.get(name).copied()
    }

    /// Creates `name` (empty) or returns the existing one.
    pub(crate) fn create(&mut self, name: &OsStr) -> u64 {
        if let Some(ino) = self.lookup(name) {
            return ino;
        }
        self.next_ino = self.next_ino.max(ROOT) + 1;
        let ino = self.next_ino;
        self.names.insert(name.to_owned(), ino);
        self.files.insert(ino, Vec::new());
        ino
    }

    /// Replaces the contents of `name`, creating it if needed.
    pub(crate) fn insert(&mut self, name: &OsStr, data: Vec<u8>) -> u64 {
        let ino = self.create(name);
        self.files.insert(ino, data);
        ino
    }

    /// Removes `name`; the inode stays readable for files still open.
    pub(crate) fn unlink(&mut self, name: &OsStr) -> bool {
        self.names.remove(name).is_some()
    }

    /// The contents of an inode.
    pub(crate) fn data(&self, ino: u64) -> Option<&Vec<u8>> {
        self.files.get(&ino)
    }

    /// The contents of an inode, to change.
    pub(crate) fn data_mut(&mut self, ino: u64) -> Option<&mut Vec<u8>> {
        self.files.get_mut(&ino)
    }

    /// The contents of `name`.
    pub(crate) fn contents(&self, name: &OsStr) -> Option<Vec<u8>> {
        self.lookup(name).and_then(|ino| self.data(ino)).cloned()
    }

    /// Every name with its inode, in name order.
    pub(crate) fn entries(&self) -> Vec<(OsString, u64)> {
        self.names.iter().map(|(n, i)| (n.clone(), *i)).collect()
    }
}
