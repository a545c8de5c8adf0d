//! The FUSE server: answers the kernel from the tree, through the controls.

use std::ffi::OsStr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use fuser::{
    Errno, FileAttr, FileHandle, FileType, Filesystem, FopenFlags, Generation, INodeNo, LockOwner, OpenFlags,
    ReplyAttr, ReplyCreate, ReplyData, ReplyDirectory, ReplyEmpty, ReplyEntry, ReplyOpen, ReplyWrite,
    Request, WriteFlags,
};

use crate::MountOptions;
use crate::controls::{Controls, Op, lock};
use crate::tree::{ROOT, Tree};

pub(crate) struct Server {
    pub(crate) tree: Arc<Mutex<Tree>>,
    pub(crate) controls: Arc<Controls>,
    pub(crate) options: MountOptions,
}

impl Server {
    fn open_flags(&self) -> FopenFlags {
        if self.options.direct_io { FopenFlags::FOPEN_DIRECT_IO } else { FopenFlags::empty() }
    }

    fn ttl(&self) -> Duration {
        self.options.cache_ttl
    }

    fn attr(&self, ino: u64) -> Option<FileAttr> {
        let now = SystemTime::now();
        let (kind, perm, size) = if ino == ROOT {
            (FileType::Directory, 0o755, 0)
        } else {
            (FileType::RegularFile, 0o644, lock(&self.tree).data(ino)?.len() as u64)
        };
        Some(FileAttr {
            ino: INodeNo(ino),
            size,
            blocks: size.div_ceil(512),
            atime: now,
            mtime: now,
            ctime: now,
            crtime: now,
            kind,
            perm,
            nlink: if ino == ROOT { 2 } else { 1 },
            uid: 0,
            gid: 0,
            rdev: 0,
            blksize: 4096,
            flags: 0,
        })
    }
}

impl Controls {
    /// [`Controls::enter`] for a request, with the thread that made it (the
    /// kernel sends the caller's thread id as the request's pid).
    fn enter_for(&self, req: &Request, op: Op) -> Option<i32> {
        self.enter(op, req.pid())
    }
}

fn errno(e: i32) -> Errno {
    Errno::from_i32(e)
}

impl Filesystem for Server {
    fn lookup(&self, req: &Request, parent: INodeNo, name: &OsStr, reply: ReplyEntry) {
        if let Some(e) = self.controls.enter_for(req, Op::Lookup) {
            return reply.error(errno(e));
        }
        let ino = if parent.0 == ROOT { lock(&self.tree).lookup(name) } else { None };
        match ino.and_then(|ino| self.attr(ino)) {
            Some(attr) => reply.entry(&self.ttl(), &attr, Generation(0)),
            None => reply.error(Errno::ENOENT),
        }
    }

    fn getattr(&self, req: &Request, ino: INodeNo, _fh: Option<FileHandle>, reply: ReplyAttr) {
        if let Some(e) = self.controls.enter_for(req, Op::Getattr) {
            return reply.error(errno(e));
        }
        match self.attr(ino.0) {
            Some(attr) => reply.attr(&self.ttl(), &attr),
            None => reply.error(Errno::ENOENT),
        }
    }

    fn setattr(
        &self,
        req: &Request,
        ino: INodeNo,
        _mode: Option<u32>,
        _uid: Option<u32>,
        _gid: Option<u32>,
        size: Option<u64>,
        _atime: Option<fuser::TimeOrNow>,
        _mtime: Option<fuser::TimeOrNow>,
        _ctime: Option<SystemTime>,
        _fh: Option<FileHandle>,
        _crtime: Option<SystemTime>,
        _chgtime: Option<SystemTime>,
        _bkuptime: Option<SystemTime>,
        _flags: Option<fuser::BsdFileFlags>,
        reply: ReplyAttr,
    ) {
        if let Some(e) = self.controls.enter_for(req, Op::Setattr) {
            return reply.error(errno(e));
        }
        if let Some(size) = size {
            match lock(&self.tree).data_mut(ino.0) {
                Some(data) => data.resize(usize::try_from(size).unwrap_or(usize::MAX), 0),
                None => return reply.error(Errno::ENOENT),
            }
        }
        match self.attr(ino.0) {
            Some(attr) => reply.attr(&self.ttl(), &attr),
            None => reply.error(Errno::ENOENT),
        }
    }

    fn unlink(&self, _req: &Request, parent: INodeNo, name: &OsStr, reply: ReplyEmpty) {
        if parent.0 == ROOT && lock(&self.tree).unlink(name) {
            reply.ok()
        } else {
            reply.error(Errno::ENOENT)
        }
    }

    fn open(&self, req: &Request, ino: INodeNo, _flags: OpenFlags, reply: ReplyOpen) {
        if let Some(e) = self.controls.enter_for(req, Op::Open) {
            return reply.error(errno(e));
        }
        if lock(&self.tree).data(ino.0).is_none() {
            return reply.error(Errno::ENOENT);
        }
        reply.opened(FileHandle(ino.0), self.open_flags());
    }

    fn create(
        &self,
        req: &Request,
        parent: INodeNo,
        name: &OsStr,
        _mode: u32,
        _umask: u32,
        _flags: i32,
        reply: ReplyCreate,
    ) {
        if let Some(e) = self.controls.enter_for(req, Op::Create) {
            return reply.error(errno(e));
        }
        if parent.0 != ROOT {
            return reply.error(Errno::ENOENT);
        }
        let ino = lock(&self.tree).create(name);
        match self.attr(ino) {
            Some(attr) => {
                reply.created(&self.ttl(), &attr, Generation(0), FileHandle(ino), self.open_flags())
            }
            None => reply.error(Errno::EIO),
        }
    }

    fn read(
        &self,
        req: &Request,
        ino: INodeNo,
        _fh: FileHandle,
        offset: u64,
        size: u32,
        _flags: OpenFlags,
        _lock_owner: Option<LockOwner>,
        reply: ReplyData,
    ) {
        if let Some(e) = self.controls.enter_for(req, Op::Read) {
            return reply.error(errno(e));
        }
        let tree = lock(&self.tree);
        let Some(data) = tree.data(ino.0) else { return reply.error(Errno::ENOENT) };
        let start = usize::try_from(offset).unwrap_or(usize::MAX).min(data.len());
        let end = start.saturating_add(size as usize).min(data.len());
        reply.data(&data[start..end]);
    }

    fn write(
        &self,
        req: &Request,
        ino: INodeNo,
        _fh: FileHandle,
        offset: u64,
        data: &[u8],
        _write_flags: WriteFlags,
        _flags: OpenFlags,
        _lock_owner: Option<LockOwner>,
        reply: ReplyWrite,
    ) {
        if let Some(e) = self.controls.enter_for(req, Op::Write) {
            return reply.error(errno(e));
        }
        let mut tree = lock(&self.tree);
        let Some(file) = tree.data_mut(ino.0) else { return reply.error(Errno::ENOENT) };
        let start = usize::try_from(offset).unwrap_or(usize::MAX);
        let end = start.saturating_add(data.len());
        if file.len() < end {
            file.resize(end, 0);
        }
        file[start..end].copy_from_slice(data);
        reply.written(u32::try_from(data.len()).unwrap_or(u32::MAX));
    }

    fn flush(
        &self,
        req: &Request,
        _ino: INodeNo,
        _fh: FileHandle,
        _lock_owner: LockOwner,
        reply: ReplyEmpty,
    ) {
        match self.controls.enter_for(req, Op::Flush) {
            Some(e) => reply.error(errno(e)),
            None => reply.ok(),
        }
    }

    fn release(
        &self,
        req: &Request,
        _ino: INodeNo,
        _fh: FileHandle,
        _flags: OpenFlags,
        _lock_owner: Option<LockOwner>,
        _flush: bool,
        reply: ReplyEmpty,
    ) {
        match self.controls.enter_for(req, Op::Release) {
            Some(e) => reply.error(errno(e)),
            None => reply.ok(),
        }
    }

    fn fsync(&self, req: &Request, _ino: INodeNo, _fh: FileHandle, _datasync: bool, reply: ReplyEmpty) {
        match self.controls.enter_for(req, Op::Fsync) {
            Some(e) => reply.error(errno(e)),
            None => reply.ok(),
        }
    }

    fn readdir(&self, _req: &Request, ino: INodeNo, _fh: FileHandle, offset: u64, mut reply: ReplyDirectory) {
        if ino.0 != ROOT {
            return reply.error(Errno::ENOTDIR);
        }
        let mut entries =
            vec![(".".into(), ROOT, FileType::Directory), ("..".into(), ROOT, FileType::Directory)];
        entries.extend(lock(&self.tree).entries().into_iter().map(|(n, i)| (n, i, FileType::RegularFile)));
        for (i, (name, ino, kind)) in
            entries.into_iter().enumerate().skip(usize::try_from(offset).unwrap_or(0))
        {
            if reply.add(INodeNo(ino), (i + 1) as u64, kind, &name) {
                break;
            }
        }
        reply.ok();
    }
}
